"""Emulated data scripts: ``get.php`` (history, inbox, statistics, tariffs) here; info.php,
tinyurls.php, receive_phones.php, wait_call.php and ping.php in :mod:`.data_misc`.

History is read from the ledger (read-only): a message's ``int_id`` is its position in
the ledger, counted from 1; pages run newest first and ``prev_id`` moves back. The inbox
is :class:`InboxState`: recipients whose number ends in ``7`` answer ``Yes`` a minute
after their SMS is delivered, and tests may add messages with :meth:`InboxState.receive`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..directory import lookup
from ..handlers import Handler
from ..ledger import MESSAGE_TYPES
from ..rules import normalize_phone, switched_on
from .data_misc import MISC_HANDLERS
from .data_render import (
    Fields,
    bad_request,
    date_text,
    int_value,
    money,
    moscow_day,
    parse_day,
    render_rows,
)

if TYPE_CHECKING:
    from ..handlers import EmulatorState

__all__ = ["HANDLERS", "InboxState", "IncomingMessage", "handle_get"]

_HISTORY_DAYS = 183  # "at most six months back"
_HISTORY_FMT1 = (
    "status",
    "last_timestamp",
    "err",
    "send_timestamp",
    "phone",
    "cost",
    "sender_id",
    "status_name",
    "message",
    "int_id",
)
_STATUS_LABELS = {"status": "Status", "last_date": "check_time"}
_NO_TIMESTAMPS = frozenset({"last_timestamp", "send_timestamp"})
_DELIVERED = frozenset({1, 2, 4})


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """One message received on one of the account's numbers."""

    id: int
    phone: str
    message: str
    to_phone: str
    sent_at: float
    received_at: float


class InboxState:
    """Incoming messages of one emulator, oldest first, with ids counting from 1.

    ``auto_reply_suffix``/``auto_reply_text``/``auto_reply_delay``: which recipients
    answer a delivered SMS, with what, and how long after delivery. ``inbound_number``
    is the account number replies arrive on.
    """

    def __init__(self) -> None:
        self.messages: list[IncomingMessage] = []
        self.auto_reply_suffix = "7"
        self.auto_reply_text = "Yes"
        self.auto_reply_delay = 60.0
        self.inbound_number = "79000000000"
        self._scanned = 0
        self._pending: list[int] = []

    def receive(
        self, phone: str, message: str, *, at: float, to_phone: str | None = None
    ) -> IncomingMessage:
        """Record an incoming message from ``phone`` received at unix time ``at``."""
        incoming = IncomingMessage(
            id=len(self.messages) + 1,
            phone=phone,
            message=message,
            to_phone=to_phone or self.inbound_number,
            sent_at=at,
            received_at=at,
        )
        self.messages.append(incoming)
        return incoming

    def sync(self, emu: EmulatorState) -> None:
        """Turn the automatic replies that are due by now into incoming messages."""
        ledger = emu.ledger.messages
        for index in range(self._scanned, len(ledger)):
            sent = ledger[index]
            if (
                sent.phone.endswith(self.auto_reply_suffix)
                and sent.type == 0
                and sent.final_status in _DELIVERED
            ):
                self._pending.append(index)
        self._scanned = len(ledger)
        now = emu.clock.now()
        due: list[tuple[float, int]] = []
        waiting: list[int] = []
        for index in self._pending:
            sent = ledger[index]
            answer_at = sent.finished_at + self.auto_reply_delay
            if sent.deleted:
                continue
            if answer_at <= now:
                due.append((answer_at, index))
            else:
                waiting.append(index)
        self._pending = waiting
        for answer_at, index in sorted(due):
            self.receive(ledger[index].phone, self.auto_reply_text, at=answer_at)


def _history(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    now = emu.clock.now()
    start, end = parse_day(params.get("start")), parse_day(params.get("end"))
    wanted = {
        normalize_phone(item) or item.strip().lower()
        for key in ("phone", "email")
        for item in params.get(key, "").split(",")
        if item.strip()
    }
    kind = int_value(params, "format", 0, 0, 11)
    cnt = int_value(params, "cnt", 100, 1, 1000) or 100
    prev_id = int_value(params, "prev_id", None, 0)
    earliest = now - _HISTORY_DAYS * 86400
    rows: list[Fields] = []
    messages = emu.ledger.messages
    newest = len(messages) if prev_id is None else min(prev_id - 1, len(messages))
    for int_id in range(newest, 0, -1):
        message = messages[int_id - 1]
        day = moscow_day(message.sent_at)
        if (
            message.deleted
            or message.sent_at < earliest
            or (start is not None and day < start)
            or (end is not None and day > end)
            or (message.type == MESSAGE_TYPES["mail"]) != (kind == MESSAGE_TYPES["mail"])
            or (wanted and message.phone.lower() not in wanted)
        ):
            continue
        row = message.row(now)
        rows.append(
            [
                ("int_id", int_id),
                ("id", int(row.id) if row.id.isdigit() else row.id),
                ("phone", row.phone),
                ("status", row.status),
                ("last_date", date_text(row.last_timestamp)),
                ("last_timestamp", row.last_timestamp),
                ("err", row.err),
                ("send_date", date_text(row.send_timestamp)),
                ("send_timestamp", row.send_timestamp),
                ("cost", money(row.cost)),
                ("sms_cnt", message.parts),  # the key recorded replies use
                ("sender_id", row.sender),
                ("status_name", row.status_name),
                ("type", row.type),
                ("comment", row.comment),
                ("message", row.message),
            ]
        )
        if len(rows) >= cnt:
            break
    return render_rows(
        rows,
        fmt,
        item_tag="sms",
        fmt1_keys=_HISTORY_FMT1,
        fmt0_labels=_STATUS_LABELS,
        fmt0_skip=_NO_TIMESTAMPS,
    )


def _inbox(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    state = emu.state(InboxState)
    state.sync(emu)
    now = emu.clock.now()
    hour = int_value(params, "hour", 24, 1, 168) or 24
    cnt = int_value(params, "cnt", 100, 1, 10_000) or 100
    after_id = int_value(params, "after_id", 0, 0) or 0
    raw_to = params.get("to_phone", "").strip()
    to_phone = (normalize_phone(raw_to) or raw_to) if raw_to else None
    rows: list[Fields] = []
    for incoming in state.messages:
        if (
            incoming.id <= after_id
            or incoming.received_at > now
            or incoming.received_at < now - hour * 3600
            or (to_phone is not None and incoming.to_phone != to_phone)
        ):
            continue
        rows.append(
            [
                ("id", incoming.id),
                ("received", date_text(incoming.received_at)),
                ("sent", int(incoming.sent_at)),
                ("phone", incoming.phone),
                ("to_phone", incoming.to_phone),
                ("message", incoming.message),
            ]
        )
        if len(rows) >= cnt:
            break
    return render_rows(
        rows, fmt, item_tag="sms", fmt1_keys=("id", "sent", "phone", "to_phone", "message")
    )


def _stats(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    start, end = parse_day(params.get("start")), parse_day(params.get("end"))
    days: dict[str, tuple[int, int, Decimal]] = {}
    for message in emu.ledger.messages:
        day = moscow_day(message.sent_at)
        if (start is not None and day < start) or (end is not None and day > end):
            continue
        key = day.strftime("%d.%m.%Y")
        count, parts, cost = days.get(key, (0, 0, Decimal(0)))
        days[key] = (count + 1, parts + message.parts, cost + message.cost)
    rows: list[Fields] = [
        [("date", day), ("messages", count), ("cnt", parts), ("cost", money(cost))]
        for day, (count, parts, cost) in days.items()
    ]
    return render_rows(rows, fmt, item_tag="stat", fmt1_keys=("date", "messages", "cnt", "cost"))


# One number per operator of each country the directory knows, to list their prices.
_TARIFF_SAMPLES = ("7999000000", "770000000", "37500000000", "38000000000")


def _tariffs(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    rows: list[Fields] = []
    seen: set[tuple[str, str]] = set()
    for prefix in _TARIFF_SAMPLES:
        for digit in range(10):
            who = lookup(f"{prefix}{digit}")
            if (who.country, who.operator) in seen:
                continue
            seen.add((who.country, who.operator))
            price = emu.price_per_part * (1 if who.country == "Russia" else 2)
            rows.append(
                [
                    ("country", who.country),
                    ("operator", who.operator),
                    ("mcc", who.mcc),
                    ("mnc", who.mnc),
                    ("cost", money(price)),
                ]
            )
    return render_rows(
        rows, fmt, item_tag="tariff", fmt1_keys=("country", "operator", "mcc", "mnc", "cost")
    )


_GET_SELECTORS = {
    "get_messages": _history,
    "get_answers": _inbox,
    "get_stat": _stats,
    "get_price": _tariffs,
}


def handle_get(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised get.php request (the first selector set to 1 wins)."""
    chosen = switched_on(params, _GET_SELECTORS)
    if not chosen:
        raise bad_request()
    return _GET_SELECTORS[chosen[0]](emu, params, fmt)


#: Script name (without ``.php``) -> handler.
HANDLERS: dict[str, Handler] = {"get": handle_get, **MISC_HANDLERS}
