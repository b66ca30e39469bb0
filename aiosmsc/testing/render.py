"""Wire text of SMSC replies for ``fmt`` 0/1/2/3: pure functions, no emulator state.

Written from the API reference (§2, §4.2, §5.2, §6). Where the reference marks a shape
as unverified, this module makes the following choices:

* Money (``cost``, ``balance``, ``credit``) is written with at least two decimals
  (``1.50``); JSON carries it as a string. A numeric message id (``[1-9][0-9]*``) is a
  JSON number, any other id a JSON string.
* send, fmt=0 with cost=2/3: ``OK - 1 SMS, ID - 33, COST - 1.50, BALANCE - 98.50``;
  fmt=1 ``33,1,1.50`` (cost=2) / ``33,1,1.50,98.50`` (cost=3); fmt=2 ``<result>`` with
  ``<id>``, ``<cnt>``, ``<cost>``, ``<balance>`` children.
* price only (cost=1): fmt=0 ``OK - 1 SMS, COST - 1.50``; fmt=1 ``1.50,1``; fmt=2
  ``<result><cost>1.50</cost><cnt>1</cnt></result>``; fmt=3 ``{"cost": "1.50", "cnt": 1}``.
* status: one logical field list drives every fmt. Order: status, last_date,
  last_timestamp, flag, err, [HLR: imsi, msc, mcc, mnc, cn, net, rcn, rnet],
  [all=2: country, operator, region], [all>=1: send_date, send_timestamp, phone, cost,
  sender_id, status_name, message, comment, type]. fmt=0 writes ``key = value`` pairs
  (``Status`` and ``check_time`` for the first two, no timestamps, no flag); fmt=1 writes
  the positional values (status, last_timestamp, err, ..., send_timestamp, phone, cost,
  sender, status_name, message, type) raw, commas inside ``message`` included — ten
  fields for all=1, as in a reply recorded from the live service (no comment in fmt=1);
  fmt=2 is ``<sms>`` with one child per JSON key; fmt=3 a JSON object. Dates are
  ``dd.mm.yyyy hh:mm:ss`` in Moscow time (UTC+3).
* multi-id status: fmt=0 one line per message with ``, id = <id>, phone = <phone>``
  appended (all=0) or ``, id = <id>`` appended (all>=1, the phone is already there);
  fmt=1 one line per message, ``<id>,<phone>,<status>,<last_timestamp>,<err>`` for all=0
  and ``<id>,`` followed by the single-message line for all>=1; fmt=2
  ``<result><sms>...</sms>...</result>`` and fmt=3 a JSON array, each element with
  ``id`` (and, for all=0, ``phone``) placed first. Lines are joined by ``\\n``.
* balance: fmt=0 and fmt=1 are identical (the reference says the script treats them
  alike): ``250.80``, or with cur=1 ``250.80,<credit>,<currency>`` (credit ``0.00`` when
  none); fmt=2 ``<result><balance>..</balance>[<credit>..</credit>][<currency>..</currency>]
  </result>``; fmt=3 ``{"balance": "250.80"}`` plus ``"credit"`` (only when non-zero) and
  ``"currency"``.
* delete (status.php del=1): fmt=0 ``OK``, fmt=1 ``1``, fmt=2
  ``<result><result>OK</result></result>``, fmt=3 ``{"result": "OK"}``.
* voice-code call (``code``): appended last: fmt=0 ``, CODE - 0427``; fmt=1 ``,0427``;
  fmt=2 ``<code>0427</code>``; fmt=3 ``"code": "0427"`` (a string: leading zeros count).
* per-number rows (op=1, err=1), after the send or price fields: fmt=0 one line per number
  ``phone = 79990000001, mccmnc = 25001, cost = 1.50, status = 0`` (a failed number:
  ``phone = 123, status = 7, error = invalid number``); fmt=1 one line per number
  ``phone,mccmnc,cost,status[,error]`` (missing values empty); fmt=2
  ``<phones><phone><phone>..</phone><mccmnc>..</mccmnc>..</phone>..</phones>``; fmt=3
  ``"phones": [{"phone": .., "mccmnc": .., "cost": "1.50", "status": 0}, ..]``.

Text is rendered raw (XML only escapes ``&``, ``<`` and ``>``): characters that XML 1.0
cannot carry stay as they are, exactly as a careless server would send them.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

__all__ = [
    "PhoneRow",
    "StatusRow",
    "format_money",
    "moscow_date",
    "render_balance",
    "render_cost",
    "render_delete",
    "render_error",
    "render_send",
    "render_status",
    "render_status_many",
]

_MOSCOW_OFFSET = 3 * 3600
_NUMERIC_ID = re.compile(r"[1-9][0-9]{0,17}")
_TWO_PLACES = Decimal("0.01")

Scalar = str | int


@dataclass(frozen=True, slots=True)
class StatusRow:
    """One message as status.php reports it; HLR fields are None for non-HLR rows."""

    id: str
    phone: str
    status: int
    err: int
    last_timestamp: int
    send_timestamp: int
    cost: Decimal
    sender: str
    status_name: str
    message: str
    comment: str
    type: int
    country: str
    operator: str
    region: str
    imsi: str | None = None
    msc: str | None = None
    mcc: str | None = None
    mnc: str | None = None
    cn: str | None = None
    net: str | None = None
    rcn: str | None = None
    rnet: str | None = None

    @property
    def is_hlr(self) -> bool:
        return self.imsi is not None


@dataclass(frozen=True, slots=True)
class PhoneRow:
    """One number of an op=1/err=1 list: a priced recipient, or a failed one with
    ``status`` (the send.php error code that applies to it) and ``error``."""

    phone: str
    mccmnc: str | None = None
    cost: Decimal | None = None
    status: int = 0
    error: str | None = None

    def pairs(self) -> list[tuple[str, Scalar]]:
        """The row's present fields, in wire order, with JSON-ready values."""
        pairs: list[tuple[str, Scalar]] = [("phone", self.phone)]
        if self.mccmnc is not None:
            pairs.append(("mccmnc", self.mccmnc))
        if self.cost is not None:
            pairs.append(("cost", format_money(self.cost)))
        pairs.append(("status", self.status))
        if self.error is not None:
            pairs.append(("error", self.error))
        return pairs

    def line(self) -> str:
        """The row as a fmt=1 line (missing values empty)."""
        cost = format_money(self.cost) if self.cost is not None else ""
        values = [self.phone, self.mccmnc or "", cost, str(self.status)]
        if self.error is not None:
            values.append(self.error)
        return ",".join(values)


def _with_phones(text: str, fmt: int, phones: Sequence[PhoneRow] | None) -> str:
    """A fmt 0/1 reply with the per-number lines after it."""
    if phones is None:
        return text
    if fmt == 0:
        lines = [", ".join(f"{key} = {value}" for key, value in row.pairs()) for row in phones]
    else:
        lines = [row.line() for row in phones]
    return "\n".join([text, *lines])


def _xml_phones(phones: Sequence[PhoneRow]) -> str:
    return "<phones>" + "".join(_xml("phone", row.pairs()) for row in phones) + "</phones>"


def moscow_date(timestamp: int) -> str:
    """``dd.mm.yyyy hh:mm:ss`` in Moscow time (UTC+3, no DST) for a unix timestamp."""
    return time.strftime("%d.%m.%Y %H:%M:%S", time.gmtime(timestamp + _MOSCOW_OFFSET))


def format_money(value: Decimal) -> str:
    """Plain decimal text with at least two places: ``1.5`` -> ``1.50``."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(_TWO_PLACES)
    return format(value, "f")


def _json_id(id: str) -> Scalar:
    return int(id) if _NUMERIC_ID.fullmatch(id) else id


def _check_fmt(fmt: int) -> None:
    if fmt not in (0, 1, 2, 3):
        raise ValueError(f"fmt must be 0, 1, 2 or 3, not {fmt!r}")


def _xml(tag: str, pairs: Iterable[tuple[str, Scalar]]) -> str:
    inner = "".join(f"<{key}>{escape(str(value))}</{key}>" for key, value in pairs)
    return f"<{tag}>{inner}</{tag}>"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_error(code: int, text: str, fmt: int, id: str | None = None) -> str:
    """The common error envelope (§2); ``id`` for send errors that carry one."""
    _check_fmt(fmt)
    if fmt == 0:
        tail = f", ID - {id}" if id is not None else ""
        return f"ERROR = {code} ({text}){tail}"
    if fmt == 1:
        return f"{id if id is not None else 0},-{code}"
    pairs: list[tuple[str, Scalar]] = [("error", text), ("error_code", code)]
    if fmt == 2:
        if id is not None:
            pairs.append(("id", id))
        return _xml("result", pairs)
    obj: dict[str, Scalar] = dict(pairs)
    if id is not None:
        obj["id"] = _json_id(id)
    return _json(obj)


def render_send(
    *,
    id: str,
    cnt: int,
    fmt: int,
    cost: Decimal | None = None,
    balance: Decimal | None = None,
    code: str | None = None,
    phones: Sequence[PhoneRow] | None = None,
) -> str:
    """Success reply of send.php (cost=0, or cost=2/3 with ``cost``/``balance``); ``code``
    for a voice-code call, ``phones`` for op=1/err=1."""
    _check_fmt(fmt)
    extra: list[tuple[str, str]] = []
    if cost is not None:
        extra.append(("cost", format_money(cost)))
    if balance is not None:
        extra.append(("balance", format_money(balance)))
    if code is not None:
        extra.append(("code", code))
    if fmt == 0:
        tail = "".join(f", {key.upper()} - {value}" for key, value in extra)
        return _with_phones(f"OK - {cnt} SMS, ID - {id}{tail}", fmt, phones)
    if fmt == 1:
        return _with_phones(",".join([id, str(cnt), *(value for _, value in extra)]), fmt, phones)
    if fmt == 2:
        body = _xml("result", [("id", id), ("cnt", cnt), *extra])
        if phones is not None:
            body = body.removesuffix("</result>") + _xml_phones(phones) + "</result>"
        return body
    obj: dict[str, object] = {"id": _json_id(id), "cnt": cnt}
    obj.update(extra)
    if phones is not None:
        obj["phones"] = [dict(row.pairs()) for row in phones]
    return _json(obj)


def render_cost(
    *, cost: Decimal, cnt: int, fmt: int, phones: Sequence[PhoneRow] | None = None
) -> str:
    """Reply of send.php with cost=1 (price only, nothing sent); ``phones`` for op=1."""
    _check_fmt(fmt)
    money = format_money(cost)
    if fmt == 0:
        return _with_phones(f"OK - {cnt} SMS, COST - {money}", fmt, phones)
    if fmt == 1:
        return _with_phones(f"{money},{cnt}", fmt, phones)
    if fmt == 2:
        body = _xml("result", [("cost", money), ("cnt", cnt)])
        if phones is not None:
            body = body.removesuffix("</result>") + _xml_phones(phones) + "</result>"
        return body
    obj: dict[str, object] = {"cost": money, "cnt": cnt}
    if phones is not None:
        obj["phones"] = [dict(row.pairs()) for row in phones]
    return _json(obj)


def _status_fields(row: StatusRow, all: int) -> list[tuple[str, Scalar]]:
    """Every logical field of a status reply, in wire order, with JSON-ready values."""
    fields: list[tuple[str, Scalar]] = [
        ("status", row.status),
        ("last_date", moscow_date(row.last_timestamp)),
        ("last_timestamp", row.last_timestamp),
        ("flag", 0),
        ("err", row.err),
    ]
    if row.is_hlr:
        for key in ("imsi", "msc", "mcc", "mnc", "cn", "net", "rcn", "rnet"):
            value = getattr(row, key)
            fields.append((key, "" if value is None else str(value)))
    if all >= 2:
        fields += [("country", row.country), ("operator", row.operator), ("region", row.region)]
    if all >= 1:
        fields += [
            ("send_date", moscow_date(row.send_timestamp)),
            ("send_timestamp", row.send_timestamp),
            ("phone", row.phone),
            ("cost", format_money(row.cost)),
            ("sender_id", row.sender),
            ("status_name", row.status_name),
            ("message", row.message),
            ("comment", row.comment),
            ("type", row.type),
        ]
    return fields


_FMT0_LABELS = {"status": "Status", "last_date": "check_time"}
_FMT0_SKIP = frozenset({"last_timestamp", "flag", "send_timestamp"})
# fmt=1 all>=1 ends ``...,message,<type>`` (ten fields), as a reply recorded from the
# live service does: no comment.
_FMT1_SKIP = frozenset({"last_date", "flag", "send_date", "comment"})


def _status_line(fields: Sequence[tuple[str, Scalar]], fmt: int) -> str:
    if fmt == 0:
        return ", ".join(
            f"{_FMT0_LABELS.get(key, key)} = {value}"
            for key, value in fields
            if key not in _FMT0_SKIP
        )
    return ",".join(str(value) for key, value in fields if key not in _FMT1_SKIP)


def _check_all(all: int) -> None:
    if all not in (0, 1, 2):
        raise ValueError(f"all must be 0, 1 or 2, not {all!r}")


def render_status(row: StatusRow, *, fmt: int, all: int) -> str:
    """Reply of status.php for a single message."""
    _check_fmt(fmt)
    _check_all(all)
    fields = _status_fields(row, all)
    if fmt in (0, 1):
        return _status_line(fields, fmt)
    if fmt == 2:
        return _xml("sms", fields)
    return _json(dict(fields))


def _multi_head(row: StatusRow, all: int, *, typed: bool) -> list[tuple[str, Scalar]]:
    head: list[tuple[str, Scalar]] = [("id", _json_id(row.id) if typed else row.id)]
    if all == 0:
        head.append(("phone", row.phone))
    return head


def render_status_many(rows: Sequence[StatusRow], *, fmt: int, all: int) -> str:
    """Reply of status.php for a multi-id request: one entry per row, in order."""
    _check_fmt(fmt)
    _check_all(all)
    if fmt == 0:
        lines = []
        for row in rows:
            head = _multi_head(row, all, typed=False)
            tail = "".join(f", {key} = {value}" for key, value in head)
            lines.append(_status_line(_status_fields(row, all), 0) + tail)
        return "\n".join(lines)
    if fmt == 1:
        return "\n".join(
            ",".join(str(value) for _, value in _multi_head(row, all, typed=False))
            + ","
            + _status_line(_status_fields(row, all), 1)
            for row in rows
        )
    if fmt == 2:
        inner = "".join(
            _xml("sms", _multi_head(row, all, typed=False) + _status_fields(row, all))
            for row in rows
        )
        return f"<result>{inner}</result>"
    return _json(
        [dict(_multi_head(row, all, typed=True) + _status_fields(row, all)) for row in rows]
    )


def render_balance(
    *,
    balance: Decimal,
    fmt: int,
    currency: str | None = None,
    credit: Decimal | None = None,
) -> str:
    """Reply of balance.php; pass ``currency`` (and ``credit``) for cur=1."""
    _check_fmt(fmt)
    amount = format_money(balance)
    has_credit = credit is not None and credit != 0
    if fmt in (0, 1):
        values = [amount]
        if currency is not None:
            values += [format_money(credit if credit is not None else Decimal(0)), currency]
        elif credit is not None and has_credit:
            values.append(format_money(credit))
        return ",".join(values)
    pairs: list[tuple[str, Scalar]] = [("balance", amount)]
    if credit is not None and has_credit:
        pairs.append(("credit", format_money(credit)))
    if currency is not None:
        pairs.append(("currency", currency))
    if fmt == 2:
        return _xml("result", pairs)
    return _json(dict(pairs))


def render_delete(*, fmt: int) -> str:
    """Success reply of status.php with del=1."""
    _check_fmt(fmt)
    return ("OK", "1", "<result><result>OK</result></result>", '{"result": "OK"}')[fmt]
