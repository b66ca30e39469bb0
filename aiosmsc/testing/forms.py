"""Request parameters from the query string and a urlencoded or multipart body.

Values are decoded with the request's own ``charset`` parameter (``utf-8``, ``koi8-r``,
``windows-1251``), falling back to the service default, windows-1251 (§1.3). Body
parameters win over query parameters of the same name; uploaded files are ignored.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

__all__ = ["CODECS", "FormError", "parse_params", "reply_charset"]

CODECS: dict[str, str] = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "koi8-r": "koi8_r",
    "windows-1251": "cp1251",
    "cp1251": "cp1251",
}
"""Wire charset name -> Python codec."""

_NAME = re.compile(r'(?:^|;)\s*name="?([^";]*)"?', re.IGNORECASE)
_FILENAME = re.compile(r"(?:^|;)\s*filename\*?=\s*\"?([^\";]*)", re.IGNORECASE)


class FormError(ValueError):
    """The request body could not be read as a form."""


def reply_charset(params: dict[str, str], default: str) -> str:
    """The wire charset name the reply must use."""
    name = params.get("charset", "").strip().lower()
    return name if name in CODECS else default


def _header_params(value: str) -> tuple[str, dict[str, str]]:
    main, *rest = value.split(";")
    params: dict[str, str] = {}
    for item in rest:
        key, sep, val = item.strip().partition("=")
        if sep:
            params[key.strip().lower()] = val.strip().strip('"')
    return main.strip().lower(), params


def _multipart(body: bytes, boundary: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for chunk in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n").removeprefix(b"\n")
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            head, sep, content = chunk.partition(b"\n\n")
        if not sep:
            raise FormError("malformed multipart part")
        content = content.removesuffix(b"\n").removesuffix(b"\r")
        disposition = ""
        for line in head.decode("latin-1").splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "content-disposition":
                disposition = value
        name = _NAME.search(disposition)
        if name is None:
            continue
        filename = _FILENAME.search(disposition)
        # An uploaded file is kept as ``name -> file name`` (its bytes are not needed).
        value = filename.group(1) if filename else content.decode("latin-1")
        pairs.append((name.group(1), value))
    return pairs


def _body_pairs(content_type: str | None, body: bytes) -> list[tuple[str, str]]:
    if not body or content_type is None:
        return []
    kind, options = _header_params(content_type)
    if kind == "application/x-www-form-urlencoded":
        return parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    if kind == "multipart/form-data":
        boundary = options.get("boundary")
        if not boundary:
            raise FormError("multipart body without a boundary")
        return _multipart(body, boundary)
    return []


def parse_params(
    query: bytes, content_type: str | None, body: bytes, default_charset: str
) -> tuple[dict[str, str], str]:
    """(parameters, wire charset of the reply) for one request."""
    raw: dict[str, str] = dict(
        parse_qsl(query.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    )
    raw.update(_body_pairs(content_type, body))
    charset = reply_charset(raw, default_charset)
    codec = CODECS.get(charset, "utf-8")

    def decode(text: str) -> str:
        return text.encode("latin-1").decode(codec, errors="replace")

    return {decode(key): decode(value) for key, value in raw.items()}, charset
