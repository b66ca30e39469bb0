"""``get.php`` history: sent messages (``get_messages``) and incoming ones
(``get_answers``), one page per request. See aiosmsc/api/data.py for the facade, which
pages through them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from typing_extensions import TypedDict, Unpack

from ..decoder.records import Layout
from ..errors import ValidationError
from ..models.data import HistoryMessage, InboxMessage
from .base import Operation, PagedOperation
from .options import accept
from .params import Period, date_range, int_param, one_phone, phone_list
from .replies import ListReplies

__all__ = [
    "MAX_HISTORY_PAGE",
    "MAX_INBOX_HOURS",
    "MAX_INBOX_PAGE",
    "OPERATIONS",
    "History",
    "HistoryFilters",
    "Inbox",
    "InboxFilters",
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


class HistoryFilters(Period, total=False):
    """Which sent messages ``smsc.history``/``history_page`` return (all of the last six
    months, when none is given)."""

    #: Only messages to these recipients (not with ``email``).
    phone: str | Iterable[str] | None
    #: Only e-mails to these addresses (implies ``format=8``).
    email: str | Iterable[str] | None
    #: Only messages of this channel: 0..11 (0 SMS, 8 e-mail).
    format: int | None
    #: Only messages sent before this ``int_id`` (the page before).
    prev_id: int | None


class InboxFilters(TypedDict, total=False):
    """Which incoming messages ``smsc.inbox``/``inbox_page`` return."""

    #: Only messages after this id (exclusive).
    after_id: int | None
    #: How many hours back the service looks, 1..168.
    hour: int | None
    #: Only messages to this one of your inbound numbers.
    to_phone: str | None


@attrs.frozen(slots=True)
class History(ListReplies, PagedOperation[HistoryMessage]):
    """One page of sent-message history (``get.php?get_messages=1``), newest first.

    ``prev_id`` asks for the messages sent before that ``int_id``: the page before.
    """

    name = "history"
    script = "get"
    model = HistoryMessage
    layouts = _HISTORY_LAYOUTS

    filters: Mapping[str, str] = attrs.field(factory=dict)
    cnt: int | None = None
    prev_id: int | None = None

    @classmethod
    def build(cls, *, cnt: int | None = None, **filters: Unpack[HistoryFilters]) -> History:
        """Validate the filters and the page size ``cnt`` (1..1000); an ``email``
        filter implies ``format=8`` (e-mail)."""
        accept(filters, HistoryFilters, where=f"{cls.name}()")
        phone, email = filters.get("phone"), filters.get("email")
        format, prev_id = filters.get("format"), filters.get("prev_id")
        wire = date_range(filters.get("start"), filters.get("end"))
        if phone is not None and email is not None:
            raise ValidationError("give phone or email, not both")
        if phone is not None:
            wire["phone"] = ",".join(phone_list(phone, name="phone"))
        if email is not None:
            wire["email"] = ",".join(phone_list(email, name="email"))
            if format is None:
                format = _EMAIL_FORMAT
        if format is not None:
            if isinstance(format, bool) or not isinstance(format, int) or format not in _FORMATS:
                raise ValidationError(f"format must be 0..11 (0 SMS, 8 e-mail), got {format!r}")
            wire["format"] = str(format)
        if cnt is not None:
            int_param(cnt, name="cnt", low=1, high=MAX_HISTORY_PAGE)
        if prev_id is not None:
            int_param(prev_id, name="prev_id", low=1)
        return cls(wire, cnt, prev_id)

    def before(self, prev_id: int) -> History:
        """The same request for the page before ``prev_id``."""
        return attrs.evolve(self, prev_id=prev_id)

    def turn(self, page: list[HistoryMessage]) -> tuple[list[HistoryMessage], History | None]:
        """The page as it came (newest first); the next page is the one before its smallest
        ``int_id``, unless this page was short."""
        ids = [message.int_id for message in page if message.int_id is not None]
        if not ids or len(page) < (self.cnt or MAX_HISTORY_PAGE):
            return page, None
        before = min(ids)
        if self.prev_id is not None and before >= self.prev_id:
            return page, None  # the service did not move back: stop rather than loop
        return page, self.before(before)

    def params(self) -> dict[str, str]:
        wire = {"get_messages": "1", **self.filters}
        if self.cnt is not None:
            wire["cnt"] = str(self.cnt)
        if self.prev_id is not None:
            wire["prev_id"] = str(self.prev_id)
        return wire


@attrs.frozen(slots=True)
class Inbox(ListReplies, PagedOperation[InboxMessage]):
    """Incoming messages (``get.php?get_answers=1``) after ``after_id``, oldest first."""

    name = "inbox"
    script = "get"
    model = InboxMessage
    layouts = _INBOX_LAYOUTS

    cnt: int | None = None
    hour: int | None = None
    after_id: int | None = None
    to_phone: str | None = None

    @classmethod
    def build(cls, *, cnt: int | None = None, **filters: Unpack[InboxFilters]) -> Inbox:
        """Validate ``cnt`` (1..10000), ``hour`` (1..168), ``after_id`` and ``to_phone``."""
        accept(filters, InboxFilters, where=f"{cls.name}()")
        hour, after_id = filters.get("hour"), filters.get("after_id")
        to_phone = filters.get("to_phone")
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

    def turn(self, page: list[InboxMessage]) -> tuple[list[InboxMessage], Inbox | None]:
        """The messages after ``after_id``, oldest first; the next page starts after the
        largest of them, unless this page was short."""
        fresh = sorted(
            (m for m in page if self.after_id is None or m.id > self.after_id),
            key=lambda m: m.id,
        )
        if not fresh or len(page) < (self.cnt or MAX_INBOX_PAGE):
            return fresh, None
        return fresh, self.after(fresh[-1].id)

    def params(self) -> dict[str, str]:
        wire = {"get_answers": "1"}
        for key in ("cnt", "hour", "after_id", "to_phone"):
            value = getattr(self, key)
            if value is not None:
                wire[key] = str(value)
        return wire


#: The operation classes of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (History, Inbox)
