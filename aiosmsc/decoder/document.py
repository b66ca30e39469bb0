"""Step 1a of decoding: reply bytes to a parsed document, whatever ``fmt`` was asked for.

The service does not always answer in the format requested (an error may come back as
plain text to a JSON request), so the syntax is recognised from the body itself: JSON
starts with ``{`` or ``[``, XML with ``<``, anything else is text (fmt 0 or 1).
"""

from __future__ import annotations

from typing import Any, NoReturn
from xml.parsers import expat

import attrs
import orjson

from ..errors import DecodeError

__all__ = ["MAX_REPLY_BYTES", "Document", "is_blank", "parse_document", "reply_text"]

#: Replies larger than this are refused: no legitimate reply comes near it.
MAX_REPLY_BYTES = 32 * 1024 * 1024
_MAX_XML_DEPTH = 32


@attrs.frozen(slots=True)
class Document:
    """A parsed reply. ``kind`` is ``"json"``, ``"xml"`` or ``"text"``.

    ``value`` is the JSON value; for XML ``{root_tag: content}`` where content is a string
    for a leaf and a dict (repeated child tags become lists) otherwise; for text the list
    of non-empty lines.
    """

    kind: str
    value: Any
    fmt: int | None
    raw: bytes | str


def is_blank(body: bytes | str) -> bool:
    """Whether a reply body holds nothing but white space (and a byte-order mark)."""
    if isinstance(body, bytes):
        return not body.removeprefix(b"\xef\xbb\xbf").strip()
    return not body.lstrip("\ufeff").strip()


def reply_text(body: bytes | str, fmt: int | None) -> str:
    """Decode reply bytes as UTF-8 (we always ask for ``charset=utf-8``).

    A body that is not valid UTF-8 is read as windows-1251, the service's own default,
    in case a server ignored the ``charset`` parameter.
    """
    if isinstance(body, str):
        text = body
    else:
        if len(body) > MAX_REPLY_BYTES:
            raise DecodeError(
                f"reply of {len(body)} bytes exceeds the {MAX_REPLY_BYTES}-byte limit",
                fmt=fmt,
                raw=body[:1024],
            )
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = body.decode("windows-1251", "replace")
    text = text.lstrip("\ufeff").strip()
    if not text:
        raise DecodeError("empty reply", fmt=fmt, raw=body)
    return text


def parse_document(body: bytes | str, fmt: int | None) -> Document:
    """Parse a reply body into a :class:`Document`; syntax errors become ``DecodeError``."""
    text = reply_text(body, fmt)
    head = text[:1]
    if head in ("{", "["):
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise DecodeError(f"invalid JSON ({exc})", fmt=fmt, raw=body) from None
        return Document("json", value, fmt, body)
    if head == "<":
        lowered = text[:64].lower()
        if lowered.startswith(("<!doctype html", "<html")):
            raise DecodeError("an HTML page, not an API reply", fmt=fmt, raw=body)
        return Document("xml", _parse_xml(text, fmt, body), fmt, body)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Document("text", lines, fmt, body)


class _XMLRefused(Exception):
    pass


def _refuse(*_args: object) -> NoReturn:
    raise _XMLRefused("DOCTYPE and entity declarations are not accepted")


def _parse_xml(text: str, fmt: int | None, raw: bytes | str) -> dict[str, Any]:
    """Parse XML with expat, refusing DOCTYPE and entities (billion laughs, XXE)."""
    parser = expat.ParserCreate("utf-8")
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    # One frame per open element: tag, attributes, children (tag, value), text parts.
    stack: list[tuple[str, dict[str, str], list[tuple[str, Any]], list[str]]] = []
    result: list[tuple[str, Any]] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if len(stack) >= _MAX_XML_DEPTH:
            raise _XMLRefused("XML nested too deeply")
        stack.append((tag, attributes, [], []))

    def end(tag: str) -> None:
        name, attributes, children, text_parts = stack.pop()
        value = _element_value(attributes, children, "".join(text_parts).strip())
        (stack[-1][2] if stack else result).append((name, value))

    def chars(data: str) -> None:
        if stack:
            stack[-1][3].append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(text.encode("utf-8"), True)
    except (expat.ExpatError, _XMLRefused) as exc:
        raise DecodeError(f"invalid XML ({exc})", fmt=fmt, raw=raw) from None
    if len(result) != 1:
        raise DecodeError("XML without a root element", fmt=fmt, raw=raw)
    tag, value = result[0]
    return {tag: value}


def _element_value(attributes: dict[str, str], children: list[tuple[str, Any]], text: str) -> Any:
    """A leaf is its text; an element with children or attributes a dict (repeats: lists)."""
    if not children and not attributes:
        return text
    node: dict[str, Any] = dict(attributes)
    listed: set[str] = set()
    for tag, value in children:
        if tag not in node:
            node[tag] = value
        elif tag in listed:
            node[tag].append(value)
        else:
            node[tag] = [node[tag], value]
            listed.add(tag)
    if text and not children:
        node["text"] = text
    return node
