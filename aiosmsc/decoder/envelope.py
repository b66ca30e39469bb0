"""Step 1b of decoding: recognise the service's error envelope in any syntax.

fmt=0 ``ERROR = N (text)[, ID - id]``, fmt=1 ``0,-N`` / ``<id>,-N``, fmt=2
``<result><error>text</error><error_code>N</error_code>[<id>..</id>]</result>`` and fmt=3
``{"error": "text", "error_code": N[, "id": id]}`` are all recognised whatever fmt was
requested: the service sometimes answers an error in plain text to a JSON request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from .document import Document

__all__ = ["ErrorEnvelope", "find_error"]

_FMT0 = re.compile(r"ERROR\s*=?\s*(?P<code>-?\d+)(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_FMT0_ID = re.compile(r",\s*ID\s*[-=:]\s*(?P<id>[^\s,()]+)\)?\s*$", re.IGNORECASE)
_FMT1 = re.compile(r"(?P<id>[^,\s]*)\s*,\s*-(?P<code>\d+)")
_MAX_CODE_DIGITS = 9


@attrs.frozen(slots=True)
class ErrorEnvelope:
    """An error reply: the code, the service's text, and the message id if it gave one."""

    code: int
    text: str
    id: str | None = None


def find_error(document: Document) -> ErrorEnvelope | None:
    """The error a reply carries, or ``None`` for a success reply."""
    if document.kind == "text":
        return _text_error(document.value)
    value = document.value
    if document.kind == "xml":
        value = next(iter(value.values()))
    if isinstance(value, Mapping):
        return _mapping_error(value)
    return None


def _text_error(lines: list[str]) -> ErrorEnvelope | None:
    first = lines[0]
    match = _FMT0.match(first)
    if match:
        return _fmt0_error(_error_code(match["code"]), match["rest"])
    if len(lines) == 1:
        match = _FMT1.fullmatch(first)
        if match:
            return ErrorEnvelope(_error_code(match["code"]), "", _message_id(match["id"]))
    return None


def _error_code(digits: str) -> int:
    """An error code's digits as a number; the service's codes are small, so a long
    string of digits is not one (and is refused before converting)."""
    digits = digits.strip().lstrip("-")
    if not digits.isdigit() or len(digits) > _MAX_CODE_DIGITS:
        raise ValueError(f"not an error code: {digits[:20]!r} ({len(digits)} characters)")
    return int(digits)


def _fmt0_error(code: int, rest: str) -> ErrorEnvelope:
    message_id = None
    id_match = _FMT0_ID.search(rest)
    if id_match:
        message_id = _message_id(id_match["id"])
        rest = rest[: id_match.start()]
    rest = rest.strip()
    if rest.startswith("("):
        rest = rest[1:]
        if rest.endswith(")"):
            rest = rest[:-1]
    return ErrorEnvelope(abs(code), rest.strip(), message_id)


def _mapping_error(value: Mapping[str, Any]) -> ErrorEnvelope | None:
    if "error_code" not in value and "error" not in value:
        return None
    raw_code = value.get("error_code", 0)
    try:
        code = _error_code(str(raw_code) or "0")
    except ValueError:
        code = 0
    text = value.get("error", "")
    if code == 0 and "error_code" in value and not text:
        return None  # ``"error_code": 0`` beside a success reply: no error (seen in 3P clients)
    raw_id = value.get("id")
    message_id = None if raw_id is None else _message_id(str(raw_id))
    return ErrorEnvelope(code, text if isinstance(text, str) else str(text), message_id)


def _message_id(raw: str) -> str | None:
    raw = raw.strip()
    return None if raw in ("", "0") else raw
