"""Operations of the data area: ``get.php`` (history, inbox, statistics, tariffs) here;
info.php, tinyurls.php, receive_phones.php, wait_call.php and ping.php in
:mod:`.data_misc`; the ``request()`` escape hatch in :mod:`.data_request`.

See aiosmsc/api/data.py for the facade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..decoder.records import Layout
from ..errors import ValidationError
from ..models.data import HistoryMessage, InboxMessage, StatsRow, Tariff
from .base import Operation, Reply, WireOperation
from .data_common import date_range, int_param, list_reply, one_phone
from .data_misc import (
    BuyReceivePhone,
    ChangeReceivePhone,
    GetOperatorInfo,
    GetShortLink,
    ListReceivePhones,
    NotifyEvent,
    WaitCallRequest,
)
from .data_request import RawRequest
from .params import phone_list

__all__ = [
    "MAX_HISTORY_PAGE",
    "MAX_INBOX_HOURS",
    "MAX_INBOX_PAGE",
    "OPERATIONS",
    "GetStats",
    "GetTariffs",
    "History",
    "Inbox",
]

#: ``cnt`` of get_messages is at most 1000 [DOC].
MAX_HISTORY_PAGE = 1000
#: ``cnt`` of get_answers is at most 10 000 [DOC].
MAX_INBOX_PAGE = 10_000
#: ``hour`` of get_answers is at most 168 (seven days) [DOC].
MAX_INBOX_HOURS = 168
#: ``format`` indexes of the official libraries: 0 SMS ... 8 e-mail ... 11 soc [LIB].
_FORMATS = range(12)
_EMAIL_FORMAT = 8

_HISTORY_NUMERIC = frozenset(
    {"status", "last_timestamp", "err", "send_timestamp", "cost", "int_id"}
)
_HISTORY_FULL = (
    "status",
    "last_timestamp",
    "err",
    "send_timestamp",
    "phone",
    "cost",
    "sender_id",
    "status_name",
    "message",
)
# fmt=1 history is not documented: the documented fields in the documented order with
# status.php's all=1 fields between them, int_id last (or first); the text may hold commas.
_HISTORY_LAYOUTS = (
    Layout((*_HISTORY_FULL, "int_id"), greedy="message", numeric=_HISTORY_NUMERIC),
    Layout(("int_id", *_HISTORY_FULL), greedy="message", numeric=_HISTORY_NUMERIC),
    Layout(
        ("status", "last_timestamp", "err", "send_timestamp", "int_id"),
        numeric=_HISTORY_NUMERIC,
        surplus="more",
    ),
)
_INBOX_LAYOUTS = (
    Layout(
        ("id", "sent", "phone", "to_phone", "message"),
        greedy="message",
        numeric=frozenset({"id", "sent"}),
    ),
    Layout(("id", "phone", "message"), greedy="message", numeric=frozenset({"id"})),
)
_STATS_LAYOUTS = (
    Layout(
        ("date", "messages", "cnt", "cost"),
        numeric=frozenset({"messages", "cnt", "cost"}),
        short_ok=True,
        surplus="more",
    ),
)
_TARIFF_LAYOUTS = (
    Layout(
        ("country", "operator", "mcc", "mnc", "cost"),
        numeric=frozenset({"cost"}),
        short_ok=True,
        surplus="more",
    ),
)


@attrs.frozen(slots=True)
class History(Operation[list[HistoryMessage]]):
    """One page of sent-message history (``get.php?get_messages=1``), newest first.

    ``prev_id`` asks for the messages sent before that ``int_id``: the page before.
    """

    name = "history"
    script = "get"

    filters: Mapping[str, str] = attrs.field(factory=dict)
    cnt: int | None = None
    prev_id: int | None = None

    @classmethod
    def build(
        cls,
        *,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        phone: str | Iterable[str] | None = None,
        email: str | Iterable[str] | None = None,
        format: int | None = None,
        cnt: int | None = None,
        prev_id: int | None = None,
    ) -> History:
        """Validate the filters; an ``email`` filter implies ``format=8`` (e-mail)."""
        filters = date_range(start, end)
        if phone is not None and email is not None:
            raise ValidationError("give phone or email, not both")
        if phone is not None:
            filters["phone"] = ",".join(phone_list(phone, name="phone"))
        if email is not None:
            filters["email"] = ",".join(phone_list(email, name="email"))
            if format is None:
                format = _EMAIL_FORMAT
        if format is not None:
            if isinstance(format, bool) or not isinstance(format, int) or format not in _FORMATS:
                raise ValidationError(f"format must be 0..11 (0 SMS, 8 e-mail), got {format!r}")
            filters["format"] = str(format)
        if cnt is not None:
            int_param(cnt, name="cnt", low=1, high=MAX_HISTORY_PAGE)
        if prev_id is not None:
            int_param(prev_id, name="prev_id", low=1)
        return cls(filters, cnt, prev_id)

    def before(self, prev_id: int) -> History:
        """The same request for the page before ``prev_id``."""
        return attrs.evolve(self, prev_id=prev_id)

    def params(self) -> dict[str, str]:
        wire = {"get_messages": "1", **self.filters}
        if self.cnt is not None:
            wire["cnt"] = str(self.cnt)
        if self.prev_id is not None:
            wire["prev_id"] = str(self.prev_id)
        return wire

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[HistoryMessage]]:
        return list_reply(cls.name, cls.script, HistoryMessage, _HISTORY_LAYOUTS)


@attrs.frozen(slots=True)
class Inbox(Operation[list[InboxMessage]]):
    """Incoming messages (``get.php?get_answers=1``) after ``after_id``, oldest first."""

    name = "inbox"
    script = "get"

    cnt: int | None = None
    hour: int | None = None
    after_id: int | None = None
    to_phone: str | None = None

    @classmethod
    def build(
        cls,
        *,
        cnt: int | None = None,
        hour: int | None = None,
        after_id: int | None = None,
        to_phone: str | None = None,
    ) -> Inbox:
        """Validate ``cnt`` (1..10000), ``hour`` (1..168), ``after_id`` and ``to_phone``."""
        if cnt is not None:
            int_param(cnt, name="cnt", low=1, high=MAX_INBOX_PAGE)
        if hour is not None:
            int_param(hour, name="hour", low=1, high=MAX_INBOX_HOURS)
        if after_id is not None:
            int_param(after_id, name="after_id", low=0)
        phone = one_phone(to_phone, name="to_phone") if to_phone is not None else None
        return cls(cnt, hour, after_id, phone)

    def after(self, after_id: int) -> Inbox:
        """The same request for the messages after ``after_id``."""
        return attrs.evolve(self, after_id=after_id)

    def params(self) -> dict[str, str]:
        wire = {"get_answers": "1"}
        for key in ("cnt", "hour", "after_id", "to_phone"):
            value = getattr(self, key)
            if value is not None:
                wire[key] = str(value)
        return wire

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[InboxMessage]]:
        return list_reply(cls.name, cls.script, InboxMessage, _INBOX_LAYOUTS)


@attrs.frozen(slots=True)
class GetStats(WireOperation[list[StatsRow]]):
    """Sending statistics for a period (``get.php?get_stat=1``)."""

    name = "stats"
    selector = "get_stat"
    script = "get"

    @classmethod
    def build(
        cls,
        *,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        mycur: bool = False,
        balance2: bool = False,
    ) -> GetStats:
        """``mycur``: amounts in the account's currency; ``balance2``: the second balance
        (both third-party names, meanings not documented)."""
        wire = date_range(start, end)
        for key, on in (("mycur", mycur), ("balance2", balance2)):
            if on:
                wire[key] = "1"
        return cls(wire)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[StatsRow]]:
        return list_reply(cls.name, cls.script, StatsRow, _STATS_LAYOUTS)


@attrs.frozen(slots=True)
class GetTariffs(Operation[list[Tariff]]):
    """The account's prices (``get.php?get_price=1``)."""

    name = "tariffs"
    script = "get"

    def params(self) -> dict[str, str]:
        return {"get_price": "1"}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[Tariff]]:
        return list_reply(cls.name, cls.script, Tariff, _TARIFF_LAYOUTS)


#: Every operation class of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (
    History,
    Inbox,
    GetStats,
    GetTariffs,
    GetOperatorInfo,
    GetShortLink,
    ListReceivePhones,
    BuyReceivePhone,
    ChangeReceivePhone,
    WaitCallRequest,
    NotifyEvent,
    RawRequest,
)
