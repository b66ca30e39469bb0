"""Tolerant readers for the undocumented replies of ``jobs.php`` and ``phones.php``.

Neither script's reply shape is documented (REFERENCE §7, §8), so every plausible shape
is read: JSON objects, arrays and wrappers (``{"jobs": [...]}``, rows keyed by id), XML
with child elements or attributes, fmt=0 ``key = value`` lines, ``OK``-style lines and
bare ids (one per line), fmt=1 positional lines (only the first field, the id, is named;
the others are kept in order under ``fields``), and an empty body for an empty list.
A value the model cannot read does not fail the reply: it is kept as ``<name>_raw``.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from ..decoder.converter import converter, structure
from ..decoder.document import Document
from ..decoder.records import Layout, Record, one_record, parse_line
from ..models.base import Model
from ..models.jobs import Ack
from .base import Reply

__all__ = [
    "ROW_LAYOUTS",
    "ack_record",
    "ack_reply",
    "listed",
    "one_row",
    "rows",
    "tolerant",
]

M = TypeVar("M", bound=Model)
T = TypeVar("T")

#: fmt=1 (and unlabelled fmt=0) lines: the id first, every other field kept in order.
ROW_LAYOUTS = (Layout(("id",), surplus="fields"),)
#: Row fields that hold lists of values, never mistaken for a list of bare ids.
_LIST_FIELDS = frozenset({"grp", "tags", "groups", "phones", "fields"})
_ID_LIKE = re.compile(r"-?[0-9]+")
_ID_PAIR = re.compile(r"ID\s*[-=:]\s*(\S+)", re.IGNORECASE)


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _id_like(key: Any) -> bool:
    return isinstance(key, int) or (isinstance(key, str) and bool(_ID_LIKE.fullmatch(key)))


def _container_rows(value: Any) -> list[Record]:
    """Rows of a JSON value or XML content, whatever wraps them."""
    if isinstance(value, list):
        found: list[Record] = []
        for item in value:
            if isinstance(item, Mapping):
                found.append(dict(item))
            elif _scalar(item) and str(item).strip():
                found.append({"id": item})  # a list of bare ids
        return found
    if not isinstance(value, Mapping):
        return [{"id": value}] if _scalar(value) and str(value).strip() else []
    if not value:
        return []
    items = list(value.items())
    if all(isinstance(inner, Mapping) for _, inner in items) and all(_id_like(k) for k, _ in items):
        return [{"id": key, **inner} for key, inner in items]  # rows keyed by id
    lists = [inner for _, inner in items if isinstance(inner, list)]
    if (
        "id" not in value
        and len(lists) == 1
        and lists[0]
        and all(isinstance(item, Mapping) for item in lists[0])
        and all(not isinstance(inner, Mapping) for _, inner in items)
    ):
        return [dict(item) for item in lists[0]]  # {"total": 2, "jobs": [{...}, {...}]}
    if len(items) == 1:
        key, inner = items[0]
        if inner in ("", None, [], {}):
            return []  # an empty wrapper: {"jobs": []}, <result><jobs/></result>
        if isinstance(inner, Mapping) or (isinstance(inner, list) and key not in _LIST_FIELDS):
            return _container_rows(inner)  # a wrapper: {"jobs": ...}, <result><job>..</job>
    return [dict(value)]


def rows(document: Document) -> list[Record]:
    """The rows of a list reply, in reply order."""
    if document.kind == "text":
        return [parse_line(line, ROW_LAYOUTS) for line in document.value]
    value = document.value
    if document.kind == "xml":
        (value,) = value.values()
    return _container_rows(value)


def one_row(document: Document, id: str | None = None) -> Record:
    """The single row of a reply about one thing (the row with ``id`` if it lists more)."""
    if document.kind == "text":
        return one_record(document, ROW_LAYOUTS)
    found = rows(document)
    if not found:
        raise ValueError("the reply describes nothing")
    if id is not None:
        for row in found:
            if str(row.get("id", "")).strip() == id:
                return row
    return found[0]


def ack_record(document: Document, *, returns_id: bool, layouts: tuple[Layout, ...] = ()) -> Record:
    """The record of a short success reply (``OK``, ``{"id": 5}``, ``<result>OK</result>``).

    ``returns_id``: a bare value is the id of what was created, not a result word.
    ``layouts`` name the fields of a positional (fmt=1) reply.
    """
    value = document.value
    record: Record
    if document.kind == "text":
        column = "id" if returns_id else "result"
        record = one_record(document, (*layouts, Layout((column,), surplus="fields")))
    else:
        if document.kind == "xml":
            (value,) = value.values()
        if isinstance(value, list):
            mappings = [item for item in value if isinstance(item, Mapping)]
            value = mappings[0] if mappings else (value[0] if value else "")
        if isinstance(value, Mapping):
            record = dict(value)
            while len(record) == 1 and isinstance(next(iter(record.values())), Mapping):
                record = dict(next(iter(record.values())))
        elif not _scalar(value) or not str(value).strip():
            record = {}
        else:
            record = {"id" if returns_id and _id_like(str(value)) else "result": value}
    for key in ("id", "result"):
        text = record.get(key)
        match = _ID_PAIR.fullmatch(text.strip()) if isinstance(text, str) else None
        if match:  # "ID - 5" without a leading OK
            record[key] = "OK" if key == "result" else match[1]
            record.setdefault("id", match[1])
    result = record.get("result")
    if returns_id and "id" not in record and isinstance(result, str) and _id_like(result):
        record["id"], record["result"] = result, "OK"  # "OK - 5"
    return record


def ack_reply(name: str, script: str, *, returns_id: bool = False) -> Reply[Ack]:
    """The reply of a change, as an :class:`Ack` (``returns_id``: a bare value is an id)."""

    def build(document: Document) -> Ack:
        return tolerant(ack_record(document, returns_id=returns_id), Ack)

    return Reply(name, script, build)


_FIELD_TYPES: dict[type[Model], dict[str, Any]] = {}


def _field_types(cls: type[Model]) -> dict[str, Any]:
    found = _FIELD_TYPES.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        fields = attrs.fields(cls)
        found = {field.name: hints[field.name] for field in fields if field.name != "extra"}
        _FIELD_TYPES[cls] = found
    return found


def tolerant(record: Mapping[str, Any], cls: type[M]) -> M:
    """``record`` as ``cls``; a field whose value cannot be read moves to ``<name>_raw``."""
    found = dict(record)
    for alias, target in cls.aliases.items():
        if alias in found and target not in found:
            found[target] = found.pop(alias)
    for name, tp in _field_types(cls).items():
        if name not in found:
            continue
        try:
            converter.structure(found[name], tp)
        except Exception:  # an unreadable value is kept, not fatal
            found[f"{name}_raw"] = found.pop(name)
    return structure(found, cls)


def listed(value: Any) -> list[str]:
    """A list-valued field (group ids, tags) from ``"1,2"``, ``[1, 2]`` or XML children."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [item for inner in value.values() for item in listed(inner)]
    if isinstance(value, list):
        return [item for inner in value for item in listed(inner)]
    if _scalar(value):
        return [part.strip() for part in str(value).split(",") if part.strip()]
    return []
