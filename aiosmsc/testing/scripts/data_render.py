"""Wire text for the data and accounts scripts, whose reply shapes the reference leaves
open (REFERENCE §10, §11). The choices, one logical field list per reply:

* a record: fmt=0 ``key = value`` pairs joined by ``, `` (``fmt0_labels`` renames some);
  fmt=1 the values of ``fmt1_keys`` joined by ``,``; fmt=2 ``<result>`` with one child
  element per key; fmt=3 a JSON object (money as strings, counts as numbers).
* a list: one record per line (fmt 0/1, nothing at all when empty), ``<result>`` holding
  one ``<item_tag>`` element per record (fmt=2), a JSON array (fmt=3).
* a short success: fmt=0 ``OK`` plus ``, KEY - value`` pairs, fmt=1 ``1`` plus the values
  (or the values alone), fmt=2 ``<result><result>OK</result>...</result>``, fmt=3
  ``{"result": "OK", ...}``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from ..render import _json, _xml, format_money, moscow_date
from ..rules import APIFailure

__all__ = [
    "Fields",
    "Scalar",
    "bad_request",
    "int_value",
    "money",
    "moscow_day",
    "parse_amount",
    "parse_day",
    "render_ok",
    "render_record",
    "render_rows",
]

Scalar = str | int
Fields = Sequence[tuple[str, Scalar]]

_MOSCOW = dt.timezone(dt.timedelta(hours=3))
_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def bad_request() -> APIFailure:
    """Error 1, the service's answer to parameters it cannot use."""
    return APIFailure(1, "parameters error")


def money(value: Decimal) -> str:
    """Money as the service writes it: ``1.50``."""
    return format_money(value)


def moscow_day(timestamp: float) -> dt.date:
    """The Moscow calendar day of a unix time."""
    return dt.datetime.fromtimestamp(timestamp, _MOSCOW).date()


def parse_day(raw: str | None) -> dt.date | None:
    """A ``dd.mm.yyyy`` parameter; absent or empty is ``None``; malformed is error 1."""
    if raw is None or not raw.strip():
        return None
    match = _DAY.fullmatch(raw.strip())
    if match is None:
        raise bad_request()
    day, month, year = (int(group) for group in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise bad_request() from None


def int_value(
    params: Mapping[str, str], name: str, default: int | None, low: int, high: int | None = None
) -> int | None:
    """An integer parameter clamped to ``low..high``; not a number is error 1."""
    raw = params.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request() from None
    if value < low:
        raise bad_request()
    return min(value, high) if high is not None else value


def parse_amount(raw: str | None) -> Decimal:
    """A positive amount parameter; anything else is error 1."""
    try:
        value = Decimal((raw or "").strip().replace(",", "."))
    except InvalidOperation:
        raise bad_request() from None
    if not value.is_finite() or value <= 0:
        raise bad_request()
    return value


def _fmt0(fields: Fields, labels: Mapping[str, str]) -> str:
    return ", ".join(f"{labels.get(key, key)} = {value}" for key, value in fields)


def _fmt1(fields: Fields, keys: Sequence[str] | None) -> str:
    if keys is None:
        return ",".join(str(value) for _, value in fields)
    values = dict(fields)
    return ",".join(str(values.get(key, "")) for key in keys)


def render_record(
    fields: Fields,
    fmt: int,
    *,
    fmt1_keys: Sequence[str] | None = None,
    fmt0_labels: Mapping[str, str] | None = None,
    fmt0_skip: frozenset[str] = frozenset(),
) -> str:
    """One record in ``fmt``."""
    if fmt == 0:
        shown = [(key, value) for key, value in fields if key not in fmt0_skip]
        return _fmt0(shown, fmt0_labels or {})
    if fmt == 1:
        return _fmt1(fields, fmt1_keys)
    if fmt == 2:
        return _xml("result", fields)
    return _json(dict(fields))


def render_rows(
    rows: Sequence[Fields],
    fmt: int,
    *,
    item_tag: str,
    fmt1_keys: Sequence[str] | None = None,
    fmt0_labels: Mapping[str, str] | None = None,
    fmt0_skip: frozenset[str] = frozenset(),
) -> str:
    """A list of records in ``fmt``; an empty list is an empty body in fmt 0 and 1."""
    if fmt in (0, 1):
        return "\n".join(
            render_record(
                row, fmt, fmt1_keys=fmt1_keys, fmt0_labels=fmt0_labels, fmt0_skip=fmt0_skip
            )
            for row in rows
        )
    if fmt == 2:
        return "<result>" + "".join(_xml(item_tag, row) for row in rows) + "</result>"
    return _json([dict(row) for row in rows])


def render_ok(fmt: int, fields: Fields = (), *, fmt1_lead: bool = True) -> str:
    """A short success reply, with optional ``fields`` (an id, a cost, a balance)."""
    if fmt == 0:
        return "OK" + "".join(f", {key.upper()} - {value}" for key, value in fields)
    if fmt == 1:
        values = [str(value) for _, value in fields]
        return ",".join(["1", *values] if fmt1_lead or not values else values)
    if fmt == 2:
        return _xml("result", [("result", "OK"), *fields])
    return _json({"result": "OK", **dict(fields)})


def date_text(timestamp: float) -> str:
    """``dd.mm.yyyy hh:mm:ss`` in Moscow time."""
    return moscow_date(int(timestamp))
