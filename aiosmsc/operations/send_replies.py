"""Reading ``send.php`` replies: the main record, per-number lists (``op=1``/``err=1``)
and the code of a voice-code call.

The shapes of the per-number lists are not confirmed (REFERENCE §4.2), so every
plausible one is accepted: a ``phones`` list (or ``{phone: {...}}`` mapping, or a plain
list of numbers) in JSON; ``<phones><phone>..</phone></phones>`` or repeated ``<phone>``
elements, with child elements or attributes, in XML; and in fmt 0/1 one line per number
after the first line, labelled (``phone = .., cost = ..``), ``phone - values`` or
positional. Positional values follow the reference's order (mccmnc, cost, status, error)
but are matched by their look, so a missing column does not shift the others. Lines that
are not about a number are kept in ``extra["lines"]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..decoder.document import Document
from ..decoder.records import Layout, one_record, parse_line
from .params import read_flag

__all__ = [
    "COST_LAYOUTS",
    "is_voice_code",
    "phone_line",
    "phone_records",
    "send_layouts",
    "send_record",
]

Record = dict[str, Any]

_MONEY = frozenset({"cnt", "cost", "balance"})
SEND_LAYOUTS = (
    Layout(("id", "cnt", "cost", "balance"), numeric=_MONEY, short_ok=True, surplus="more"),
)
COST_LAYOUTS = (
    Layout(("cost", "cnt"), numeric=frozenset({"cost", "cnt"}), short_ok=True, surplus="more"),
)
# A voice-code reply in fmt=1: the code after the usual fields (position unconfirmed).
_CODE_COLUMNS = {
    0: ("id", "cnt", "code"),
    2: ("id", "cnt", "cost", "code"),
    3: ("id", "cnt", "cost", "balance", "code"),
}
_CALL_PREFIX = "__CALL__"


def is_voice_code(params: Mapping[str, Any]) -> bool:
    """Whether the request was a voice-code call (``call=1`` with ``mes=code``)."""
    mes = str(params.get("mes") or "").strip()
    call = read_flag(params, "call") == 1 or mes.startswith(_CALL_PREFIX)
    return call and mes.removeprefix(_CALL_PREFIX).strip().lower() == "code"


def send_layouts(params: Mapping[str, Any]) -> tuple[Layout, ...]:
    """fmt=1 layouts of a send reply; a voice-code call's first."""
    if not is_voice_code(params):
        return SEND_LAYOUTS
    mode = read_flag(params, "cost")
    order = [mode, *(other for other in _CODE_COLUMNS if other != mode)]
    code_layouts = tuple(
        Layout(_CODE_COLUMNS[key], numeric=_MONEY | {"code"})
        for key in order
        if key in _CODE_COLUMNS
    )
    return code_layouts + SEND_LAYOUTS


def wants_phones(params: Mapping[str, Any]) -> bool:
    """Whether the request asked for per-number details (``op=1``) or failures (``err=1``)."""
    return bool(read_flag(params, "op") or read_flag(params, "err"))


def send_record(document: Document, params: Mapping[str, Any], layouts: Sequence[Layout]) -> Record:
    """The record of a send (or price) reply, with ``phones`` rows and ``code`` read."""
    record = one_record(document, layouts)
    wanted = wants_phones(params)
    rows: list[Record] = []
    leftover: list[str] = []
    for line in record.pop("lines", None) or ():
        row = phone_line(line) if wanted else None
        if row is None:
            leftover.append(line)
        else:
            rows.append(row)
    if leftover:
        record["lines"] = leftover
    raw = record.pop("phones", None)
    if raw is None and isinstance(record.get("phone"), (dict, list)):
        raw = record.pop("phone")  # XML: repeated <phone> elements in the root
    if raw is not None:
        rows = phone_records(raw) + rows
    if rows or wanted or raw is not None:
        record["phones"] = rows
    sent_id = params.get("id")
    if not record.get("id") and sent_id is not None:
        record["id"] = str(sent_id)
    code = record.get("code")
    if isinstance(code, int) and not isinstance(code, bool) and code >= 0:
        record["code"] = f"{code:04d}"  # a JSON number loses the code's leading zeros
    return record


_LABELLED = re.compile(r"\s*(?:phone|number)\s*=", re.IGNORECASE)
# A mapping key that is a recipient (a number, even a short or invalid one, an address).
_RECIPIENT = re.compile(r"\+?\d[\d ()-]*|[^@\s,]+@[^@\s,]+|#\d+|@\w+")
# The first field of a per-number line: a number as written (even an invalid one).
_LINE_HEAD = re.compile(r"[^\s=,]+|\+?\d[\d ()-]*\d")
_SHAPES = (
    ("mccmnc", re.compile(r"\d{5,6}")),
    ("cost", re.compile(r"-?\d+\.\d+")),
    ("status", re.compile(r"-?\d{1,4}")),
)


def phone_line(line: str) -> Record | None:
    """One per-number line of a fmt 0/1 reply, or None if it is not about a number."""
    if _LABELLED.match(line):
        return parse_line(line.strip(), ())
    head, sep, rest = line.partition(" - ")
    fields = [head, *rest.split(",")] if sep else line.split(",")
    phone = fields[0].strip()
    if not _LINE_HEAD.fullmatch(phone):
        return None
    record: Record = {"phone": phone}
    column = 0
    for index, raw in enumerate(fields[1:], start=1):
        value = raw.strip()
        while column < len(_SHAPES) and value and not _SHAPES[column][1].fullmatch(value):
            column += 1
        if column >= len(_SHAPES):
            record["error"] = ",".join(fields[index:]).strip()
            break
        if value:
            record[_SHAPES[column][0]] = value
        column += 1
    return record


def _looks_like_recipient(key: object) -> bool:
    return isinstance(key, str) and _RECIPIENT.fullmatch(key) is not None


def phone_records(value: Any) -> list[Record]:
    """Per-number rows from any plausible JSON/XML shape of a ``phones`` value."""
    if value is None:
        return []
    if isinstance(value, str):
        return [{"phone": item.strip()} for item in re.split(r"[,;\n]", value) if item.strip()]
    if isinstance(value, (int, float)):
        return [{"phone": str(value)}]
    if isinstance(value, list):
        return [row for item in value for row in phone_records(item)]
    if not isinstance(value, Mapping):
        return []
    if len(value) == 1:
        ((key, inner),) = value.items()
        if isinstance(inner, (list, Mapping)) and not _looks_like_recipient(key):
            return phone_records(inner)  # a wrapper: <phones><phone>..</phone></phones>
    if value and all(
        isinstance(inner, Mapping) and _looks_like_recipient(key) for key, inner in value.items()
    ):
        return [{"phone": key, **inner} for key, inner in value.items()]  # keyed by number
    row = dict(value)
    if "phone" not in row and "number" not in row:
        row["phone"] = ""
    return [row]
