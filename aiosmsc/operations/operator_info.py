"""``info.php``: the operator, country and region of a phone number, or of several.

The docs' operator page [DOC]: ``phone`` may be a comma-separated list (one record per
number); error 3 is "operator not found"; at most three identical requests, or a hundred
in all, a minute. The reply's field names are a third-party client's [3P].

fmt=1 column order is unsure: two third-party clients that read fmt=1 put ``country``
first (``country, operator, region, mcc, mnc, tz``), an older field listing has
``operator, region, country, ...``. The first reading is used; the columns of every
fmt=1 line are also kept, in order, in ``extra["fields"]``, so the other reading can be
made from them. A list reply's fmt=1 lines may start with the number they describe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..decoder.converter import structure
from ..decoder.document import Document
from ..decoder.records import Layout, Record, one_record, record_rows
from ..models.data import OperatorInfo
from .base import Operation, Reply
from .params import one_phone, phone_key, phone_list, read_list
from .script_limits import IdenticalLimit, script_quota

__all__ = ["OPERATIONS", "GetOperatorInfo"]

_COLUMNS = ("country", "operator", "region", "mcc", "mnc", "tz")
_SINGLE_LAYOUTS = (Layout(_COLUMNS, numeric=frozenset({"tz"}), short_ok=True, surplus="more"),)
_LIST_LAYOUTS = (
    Layout(("phone", *_COLUMNS), numeric=frozenset({"phone", "tz"}), surplus="more"),
    *_SINGLE_LAYOUTS,
)


def _with_fields(document: Document, record: Record, line: str | None) -> Record:
    """Keep an unlabelled fmt=1 line's columns in order (see the module docstring)."""
    if document.kind == "text" and line is not None and "=" not in line:
        record["fields"] = [field.strip() for field in line.split(",")]
    return record


@attrs.frozen(slots=True)
class GetOperatorInfo(IdenticalLimit, Operation["OperatorInfo | list[OperatorInfo]"]):
    """Who serves a number (``info.php?get_operator=1``): one record, or for several
    numbers one record per number, in request order (the facade makes a list of one
    record when a list of one number was asked about)."""

    name = "operator_info"
    script = "info"
    identical_limit = 3
    also = (script_quota("info", "get_operator", 100),)

    phones: tuple[str, ...]

    @classmethod
    def build(cls, phone: str | Iterable[str]) -> GetOperatorInfo:
        """One number (a string), or several (any other iterable)."""
        if isinstance(phone, str):
            return cls((one_phone(phone, name="phone"),))
        return cls(phone_list(phone, name="phone"))

    def params(self) -> dict[str, str]:
        return {"get_operator": "1", "phone": ",".join(self.phones)}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[OperatorInfo | list[OperatorInfo]]:
        """One record for one number, a list for several (``multi`` in ``params`` asks
        for a list whatever the count)."""
        phones = [phone for phone in read_list(params, "phone") if phone]
        return _reply(phones, len(phones) > 1 or bool(params.get("multi")))


def _reply(phones: list[str], multi: bool) -> Reply[OperatorInfo | list[OperatorInfo]]:
    def build(document: Document) -> OperatorInfo | list[OperatorInfo]:
        if not multi:
            line = document.value[0] if document.kind == "text" else None
            record = _with_fields(document, one_record(document, _SINGLE_LAYOUTS), line)
            if phones and not record.get("phone"):
                record["phone"] = phones[0]
            return structure(record, OperatorInfo)
        rows = record_rows(document, _LIST_LAYOUTS)
        lines = document.value if document.kind == "text" else [None] * len(rows)
        rows = [_with_fields(document, row, line) for row, line in zip(rows, lines, strict=True)]
        return _in_request_order(rows, phones)

    return Reply(GetOperatorInfo.name, GetOperatorInfo.script, build)


def _in_request_order(rows: list[Record], phones: list[str]) -> list[OperatorInfo]:
    """Rows matched to the requested numbers by ``phone`` (or a row key such as
    ``{"<phone>": {...}}``), else by position; a number the reply says nothing of is left
    out."""
    for row in rows:
        if not row.get("phone") and row.get("id"):
            row["phone"] = row.pop("id")  # rows keyed by number
    by_phone = {phone_key(str(row["phone"])): row for row in rows if row.get("phone")}
    if not by_phone and len(rows) == len(phones):
        rows = [{**row, "phone": phone} for row, phone in zip(rows, phones, strict=True)]
        return [structure(row, OperatorInfo) for row in rows]
    found = [by_phone[phone_key(phone)] for phone in phones if phone_key(phone) in by_phone]
    listed = {id(row) for row in found}
    found += [row for row in rows if id(row) not in listed]  # rows for numbers not asked
    return [structure(row, OperatorInfo) for row in found]


#: The operation classes of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (GetOperatorInfo,)
