"""Reading list and action replies whose shapes the reference leaves open (senders.php,
templates.php, op_templates.php).

A list may arrive as a JSON array, a JSON object wrapping an array (or keyed by id), an
XML element per row (fields as child elements or as attributes, the row's value as its
text), fmt=0 ``key = value`` lines (one line per row, or one pair per line) or fmt=1
positional lines that may be shorter or longer than the documented layout. An empty
body is an empty list. Nothing a row carries is dropped: what the model does not know
ends up in its ``extra``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

import attrs

from ..decoder.converter import structure
from ..decoder.document import Document
from ..decoder.records import Layout, Record, one_record, parse_line
from ..models.senders import SenderReplacement
from .base import Reply

__all__ = [
    "ResultReplies",
    "action_record",
    "find_rows",
    "list_reply",
    "pop_replacements",
    "result_reply",
    "tolerant_ints",
]

R = TypeVar("R")

_SCALARS = (str, int, float)
_LABEL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]*=")
_ID_IN_TEXT = re.compile(r"\bID\s*[-=:]\s*([A-Za-z0-9._-]+)", re.IGNORECASE)
_INTEGER = re.compile(r"-?\d+(?:\.0+)?")


def list_reply(
    operation: str,
    script: str,
    layouts: Sequence[Layout],
    row_keys: Collection[str],
    bare_key: str,
    make: Callable[[Record], R],
) -> Reply[list[R]]:
    """A list reply (an empty body is ``[]``) that finds the rows and makes each a result."""

    def build(document: Document) -> list[R]:
        return [make(row) for row in find_rows(document, layouts, row_keys, bare_key)]

    return Reply(operation, script, build, empty=list)


def find_rows(
    document: Document, layouts: Sequence[Layout], row_keys: Collection[str], bare_key: str
) -> list[Record]:
    """The rows of a list reply. ``row_keys`` are field names that make a mapping a row
    (when one of them holds a plain value); a bare value (``<sender>ABC</sender>``, a
    JSON string) becomes ``{bare_key: value}``."""
    if document.kind == "text":
        return _text_rows(document.value, layouts)
    value = document.value
    if document.kind == "xml":
        (value,) = value.values()
    return _collect(value, frozenset(row_keys), bare_key)


def _is_row(value: Mapping[str, Any], row_keys: frozenset[str]) -> bool:
    return any(isinstance(value.get(key), _SCALARS) for key in row_keys)


def _collect(value: Any, row_keys: frozenset[str], bare_key: str) -> list[Record]:
    if isinstance(value, list):
        rows: list[Record] = []
        for item in value:
            if isinstance(item, Mapping):
                rows.append(dict(item))
            elif isinstance(item, _SCALARS) and str(item).strip():
                rows.append({bare_key: item})
        return rows
    if isinstance(value, Mapping):
        if not value:
            return []
        if _is_row(value, row_keys):
            return [dict(value)]
        if len(value) == 1:
            return _collect(next(iter(value.values())), row_keys, bare_key)
        mappings = [item for item in value.values() if isinstance(item, Mapping)]
        lists = [item for item in value.values() if isinstance(item, list)]
        if len(mappings) == len(value):
            # Rows keyed by id: ``{"11": {...}, "12": {...}}``.
            return [
                {"id": key, **item} if "id" not in item else dict(item)
                for key, item in value.items()
                if isinstance(item, Mapping)
            ]
        if len(lists) == 1:  # an array wrapped with counters or other objects beside it
            return _collect(lists[0], row_keys, bare_key)
        if len(mappings) == 1 and not lists:
            return _collect(mappings[0], row_keys, bare_key)
        return [dict(value)]
    if isinstance(value, _SCALARS) and str(value).strip():
        return [{bare_key: value}]
    return []


def _text_rows(lines: Sequence[str], layouts: Sequence[Layout]) -> list[Record]:
    """fmt=0/1 rows: one line per row, or fmt=0 ``key = value`` one pair per line. In a
    labelled (fmt=0) reply a line without labels continues the row before it."""
    rows: list[Record] = []
    paired = False  # whether the last row is being built from one-pair lines
    labelled = False
    for line in lines:
        if _LABEL.match(line) is not None:
            record = parse_line(line, layouts)
            single = len(record) == 1
            if single and paired and rows and not (record.keys() & rows[-1].keys()):
                rows[-1].update(record)
                continue
            rows.append(record)
            paired, labelled = single, True
            continue
        paired = False
        if labelled:
            rows[-1].setdefault("lines", []).append(line)  # kept, not understood
            continue
        try:
            rows.append(parse_line(line, layouts))
        except ValueError:
            if not rows:
                raise
            rows[-1].setdefault("lines", []).append(line)
    return rows


def tolerant_ints(record: Record, names: Collection[str]) -> Record:
    """Leave integer fields that hold something else (``"-"``, an object) as ``None``,
    with the raw value kept in ``extra`` under ``raw_<name>``: a surprise never crashes."""
    for name in names:
        value = record.get(name)
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            continue
        if isinstance(value, str) and (not value.strip() or _INTEGER.fullmatch(value.strip())):
            continue
        record[f"raw_{name}"] = record.pop(name)
    return record


def action_record(document: Document, layouts: Sequence[Layout]) -> Record:
    """The single record of a short action reply (``OK``, ``{"id": 5}``, ``5``)."""
    record = one_record(document, layouts)
    if not record.get("id"):
        for value in list(record.values()):
            match = _ID_IN_TEXT.search(value) if isinstance(value, str) else None
            if match is not None:
                record["id"] = match[1]
                break
    return record


def result_reply(
    operation: str,
    script: str,
    model: type[R],
    layouts: Sequence[Layout],
    asked: Mapping[str, str],
) -> Reply[R]:
    """A short action reply (:func:`action_record`) as ``model``; ``asked`` (what the
    request named: its ``id``, its ``sender``) fills the fields the reply leaves out."""

    def build(document: Document) -> R:
        record = action_record(document, layouts)
        for key, value in asked.items():
            if not record.get(key):
                record[key] = value
        return structure(record, model)

    return Reply(operation, script, build)


class ResultReplies:
    """Mixin of an operation whose reply is a short action reply (:func:`result_reply`)."""

    __slots__ = ()

    name: ClassVar[str]
    script: ClassVar[str]
    #: What the reply becomes.
    model: ClassVar[type[Any]]
    #: The fields of an fmt=1 reply.
    layouts: ClassVar[Sequence[Layout]] = (Layout(("result",), short_ok=True, surplus="more"),)
    #: The request parameters that fill the fields of the same name the reply leaves out.
    echo: ClassVar[tuple[str, ...]] = ("id",)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Any]:
        asked = {key: str(params[key]) for key in cls.echo if params.get(key) not in (None, "")}
        return result_reply(cls.name, cls.script, cls.model, cls.layouts, asked)


# Keys under which a replacement analog may arrive: "replacement", "analog",
# "mts_analog", "analog_sender", "substitute", "zamena", "common_name", ...
_REPLACEMENT_KEY = re.compile(r"replac|analog|substitut|zamen|common_?name", re.IGNORECASE)
# Keys that make an object one replacement (rather than replacements keyed by operator).
_REPLACEMENT_FIELDS = frozenset(SenderReplacement.aliases) | {"sender", "operator", "status"}


def pop_replacements(record: Record) -> tuple[SenderReplacement, ...]:
    """Take the replacement analogs out of a sender-name record, typed."""
    found: list[SenderReplacement] = []
    for key in [key for key in record if _REPLACEMENT_KEY.search(key)]:
        value = record[key]
        if _no_replacement(value):
            continue  # "no replacement": stays in extra as it came
        try:
            items = _replacements(key, _operator_hint(key), value)
        except Exception:  # an unreadable shape stays in extra untouched
            items = []
        if items:
            del record[key]
            found.extend(items)
    return tuple(found)


def _no_replacement(value: Any) -> bool:
    """``None``, ``""``, ``0``, ``"0"``, booleans: a flag or an absence, not a name."""
    if value is None or isinstance(value, bool):
        return True
    return str(value).strip() in ("", "0")


def _operator_hint(key: str) -> str | None:
    """``mts_analog`` -> ``mts``; ``analog_mega`` -> ``mega``; ``analog`` -> None."""
    words = [word for word in key.lower().split("_") if word]
    rest = [word for word in words if not _REPLACEMENT_KEY.search(word) and word != "sender"]
    return rest[0] if rest else None


def _replacements(key: str, operator: str | None, value: Any) -> list[SenderReplacement]:
    if isinstance(value, list):
        return [item for part in value for item in _replacements(key, operator, part)]
    if _no_replacement(value):
        return []
    if isinstance(value, _SCALARS):
        return [SenderReplacement(sender=str(value).strip(), operator=operator, source=key)]
    if not isinstance(value, Mapping):
        raise ValueError(f"unexpected replacement {value!r}")
    if any(name in value for name in _REPLACEMENT_FIELDS):
        raw = dict(value)
        wire_source = raw.pop("source", None)
        tolerant_ints(raw, ("status",))
        item = structure(raw, SenderReplacement)
        extra = dict(item.extra)
        if wire_source is not None:
            extra["source"] = wire_source
        return [attrs.evolve(item, operator=item.operator or operator, source=key, extra=extra)]
    # Keyed by operator: {"mts": "SMSC.RU", "mega": {"sender": "SMSC.RU"}}.
    return [item for op, part in value.items() for item in _replacements(key, str(op), part)]
