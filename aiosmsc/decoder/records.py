"""Step 1c of decoding: a parsed document to plain records (``dict[str, Any]``).

Records keep the service's own key names (fmt=0 labels lower-cased) and raw values;
typing is step 2 (:mod:`aiosmsc.decoder.converter`). Two shapes exist: one record
(:func:`one_record`) and a list of rows (:func:`record_rows`). fmt=1 replies, and fmt=0
replies without labels (``250.80``), are positional: the operation supplies candidate
:class:`Layout` s and the first one that fits a line names its fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..errors import DecodeError
from .document import Document

__all__ = ["Layout", "one_record", "parse_line", "record_rows"]

Record = dict[str, Any]

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# A fmt=0 label: a word followed by " = " at the start or after ", ".
_LABEL = re.compile(r"(?:^|,\s*|\n)([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]?")
# ``OK`` alone, ``OK - ...`` or ``OK, LABEL - value``; not a positional line whose first
# field is an id such as ``OK`` or ``OK7`` (``OK,79990000001,1,...``).
_OK_LINE = re.compile(
    r"OK\s*(?:$|-|,\s*(?:\d+\s+SMS|[A-Za-z_][A-Za-z_ ]*?\s*[-=]\s))", re.IGNORECASE
)
_OK_COUNT = re.compile(r"(\d+)\s+SMS", re.IGNORECASE)
_OK_PAIR = re.compile(r"([A-Za-z_][A-Za-z_ ]*?)\s+-\s+(.*)")


@attrs.frozen(slots=True)
class Layout:
    """Names for the comma-separated fields of a positional line.

    ``greedy`` names the one column allowed to contain commas (a message text): surplus
    fields are joined back into it. ``numeric`` columns must look like numbers for the
    layout to fit; ``expect`` restricts columns to known values (a requested id).
    ``short_ok`` lets a line have fewer fields than columns (optional trailing fields);
    ``surplus`` names a key that collects fields beyond the columns (kept, not dropped).
    Empty trailing fields beyond the columns are ignored.
    """

    columns: tuple[str, ...]
    greedy: str | None = None
    numeric: frozenset[str] = frozenset()
    expect: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    short_ok: bool = False
    surplus: str | None = None

    def fit(self, fields: Sequence[str]) -> Record | None:
        """The record this layout makes of ``fields``, or ``None`` if it does not fit."""
        width = len(self.columns)
        if len(fields) > width and self.greedy is None:
            fields = _drop_empty_tail(fields, width)
        count = len(fields)
        more: list[str] = []
        if count > width and self.greedy is None:
            if self.surplus is None:
                return None
            fields, more = fields[:width], [field.strip() for field in fields[width:]]
            count = width
        if count < width and not self.short_ok:
            return None
        if count > width:
            at = self.columns.index(self.greedy) if self.greedy else 0
            tail = width - at - 1
            joined = ",".join(fields[at : count - tail])
            fields = [*fields[:at], joined, *fields[count - tail :]]
        record: Record = {
            name: value.strip() for name, value in zip(self.columns, fields, strict=False)
        }
        for name in self.numeric:
            value = record.get(name)
            if value is not None and value != "" and not _NUMBER.fullmatch(value):
                return None
        for name, allowed in self.expect.items():
            if name in record and record[name] not in allowed:
                return None
        if more and self.surplus is not None:
            record[self.surplus] = more
        return record


def _drop_empty_tail(fields: Sequence[str], width: int) -> Sequence[str]:
    end = len(fields)
    while end > width and not fields[end - 1].strip():
        end -= 1
    return fields[:end]


def parse_line(line: str, layouts: Sequence[Layout]) -> Record:
    """One text line to a record: fmt=0 ``key = value`` / ``OK - ...`` or positional."""
    if _OK_LINE.match(line):
        return _ok_line(line)
    labels = list(_LABEL.finditer(line))
    if labels and labels[0].start() == 0:
        return _labelled_line(line, labels)
    fields = line.split(",")
    for layout in layouts:
        record = layout.fit(fields)
        if record is not None:
            return record
    raise ValueError(f"a line of {len(fields)} fields fits no known layout")


def _labelled_line(line: str, labels: list[re.Match[str]]) -> Record:
    record: Record = {}
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(line)
        record[match[1].lower()] = line[match.end() : end].strip()
    return record


def _ok_line(line: str) -> Record:
    """``OK - 1 SMS, ID - 1234[, COST - 1.40, BALANCE - 100.5, CODE - 1234]``."""
    record: Record = {}
    rest = line[2:].strip().lstrip("-").strip()
    for part in (piece.strip() for piece in rest.split(",")):
        if not part:
            continue
        count = _OK_COUNT.fullmatch(part)
        pair = _OK_PAIR.fullmatch(part)
        if count:
            record["cnt"] = count[1]
        elif pair:
            record[pair[1].strip().lower().replace(" ", "_")] = pair[2].strip()
        else:
            record.setdefault("result", part)
    if not record:
        record["result"] = "OK"
    return record


def one_record(document: Document, layouts: Sequence[Layout] = ()) -> Record:
    """The single record of a reply (a send result, one status, a balance)."""
    value = document.value
    if document.kind == "text":
        labels = list(_LABEL.finditer(value[0]))
        if labels and labels[0].start() == 0:
            # A labelled reply may wrap over lines: read it as one text.
            text = "\n".join(value)
            return _labelled_line(text, list(_LABEL.finditer(text)))
        record = parse_line(value[0], layouts)
        if len(value) > 1:
            record["lines"] = value[1:]  # kept, not understood: ends up in ``extra``
        return record
    if document.kind == "xml":
        tag, content = next(iter(value.items()))
        return _unwrap(content) if isinstance(content, dict) else {tag: content}
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], dict):
            return dict(value[0])
        raise DecodeError(
            "expected one JSON object, got a list", fmt=document.fmt, raw=document.raw
        )
    if not isinstance(value, dict):
        return {"value": value}
    return dict(value)


def _unwrap(node: dict[str, Any]) -> Record:
    """``<result><sms>..fields..</sms></result>`` -> the fields."""
    while len(node) == 1:
        (inner,) = node.values()
        if not isinstance(inner, dict):
            break
        node = inner
    return dict(node)


def record_rows(document: Document, layouts: Sequence[Layout] = ()) -> list[Record]:
    """The rows of a list reply (statuses of several messages), in reply order."""
    value = document.value
    if document.kind == "text":
        return [parse_line(line, layouts) for line in value]
    if document.kind == "xml":
        value = next(iter(value.values()))
        if not isinstance(value, dict):
            return []
    return _rows(value)


def _rows(value: Any) -> list[Record]:
    if isinstance(value, list):
        return [dict(item) for item in value if isinstance(item, dict)]
    if not isinstance(value, dict):
        return []
    for inner in value.values():
        if isinstance(inner, list) and inner and all(isinstance(i, dict) for i in inner):
            return [dict(item) for item in inner]
    nested = [inner for inner in value.values() if isinstance(inner, dict)]
    if len(value) == 1 and len(nested) == 1:
        return _rows(nested[0])
    if len(nested) > 1 and len(nested) == len(value):
        # Rows keyed by message id: ``{"11": {...}, "12": {...}}``.
        return [{"id": key, **inner} for key, inner in value.items()]
    return [dict(value)]
