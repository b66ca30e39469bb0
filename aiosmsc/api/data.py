"""Top-level facade methods for data retrieval (history, inbox, stats, ...), the
``smsc.receive_phones`` namespace, and the ``request()`` escape hatch."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import Any, overload

from typing_extensions import Unpack

from ..errors import ValidationError
from ..models.data import (
    ActionResult,
    HistoryMessage,
    InboxMessage,
    OperatorInfo,
    ReceivePhone,
    ShortLink,
    StatsRow,
    Tariff,
    WaitCall,
)
from ..operations.base import PagedOperation, T
from ..operations.history import (
    MAX_HISTORY_PAGE,
    MAX_INBOX_PAGE,
    History,
    HistoryFilters,
    Inbox,
    InboxFilters,
)
from ..operations.notify_event import NotifyEvent, NotifyOptions
from ..operations.operator_info import GetOperatorInfo
from ..operations.params import int_param
from ..operations.raw_request import PlainRecords, RawRequest
from ..operations.receive_phones import BuyReceivePhone, ChangeReceivePhone, ListReceivePhones
from ..operations.short_links import GetShortLink
from ..operations.stats import GetStats, GetTariffs, StatsOptions
from ..operations.wait_call import WaitCallRequest
from .base import FacadeMixin, Namespace

__all__ = ["DataMixin", "ReceivePhones"]


def _page_size(page_size: int, limit: int | None, high: int) -> int:
    int_param(page_size, name="page_size", low=1, high=high)
    if limit is None:
        return page_size
    int_param(limit, name="limit", low=1)
    return min(page_size, limit)


class DataMixin(FacadeMixin):
    """``smsc.history(...)``, ``smsc.inbox(...)``, ``smsc.stats(...)`` and friends."""

    __slots__ = ()

    def history(
        self,
        *,
        page_size: int = MAX_HISTORY_PAGE,
        limit: int | None = None,
        fmt: int | None = None,
        **filters: Unpack[HistoryFilters],
    ) -> AsyncIterator[HistoryMessage]:
        """Every sent message matching the filters, newest first, fetched page by page
        (``async for message in smsc.history(start=date(2024, 1, 1)): ...``).

        ``start``/``end`` are days (a ``date``, an aware ``datetime`` or
        ``"dd.mm.yyyy"``; the service keeps six months); ``phone`` or ``email`` filter by
        recipient (``email`` implies ``format=8``). Paging follows ``prev_id`` (the
        smallest ``int_id`` seen) until a page comes back short; ``limit`` stops after
        that many messages. The arguments are checked now, before anything is sent.
        """
        first = History.build(cnt=_page_size(page_size, limit, MAX_HISTORY_PAGE), **filters)
        return self._pages(first, limit, fmt)

    async def _pages(
        self, operation: PagedOperation[T] | None, limit: int | None, fmt: int | None
    ) -> AsyncIterator[T]:
        count = 0
        while operation is not None:
            page, operation = operation.turn(await self._call(operation, fmt))
            for item in page:
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return

    async def history_page(
        self, *, cnt: int | None = None, fmt: int | None = None, **filters: Unpack[HistoryFilters]
    ) -> list[HistoryMessage]:
        """One page of the history (at most ``cnt`` ≤ 1000 messages, sent before
        ``prev_id`` when given). For the next page pass the smallest ``int_id``."""
        return await self._call(History.build(cnt=cnt, **filters), fmt)

    def inbox(
        self,
        *,
        page_size: int = MAX_INBOX_PAGE,
        limit: int | None = None,
        fmt: int | None = None,
        **filters: Unpack[InboxFilters],
    ) -> AsyncIterator[InboxMessage]:
        """Incoming messages after ``after_id`` (exclusive), oldest first, fetched page
        by page until a page comes back short. ``hour`` (1..168) is how far back the
        service looks; ``to_phone`` picks one of your inbound numbers. To poll, remember
        the largest ``id`` you saw and pass it as ``after_id`` next time."""
        first = Inbox.build(cnt=_page_size(page_size, limit, MAX_INBOX_PAGE), **filters)
        return self._pages(first, limit, fmt)

    async def inbox_page(
        self, *, cnt: int | None = None, fmt: int | None = None, **filters: Unpack[InboxFilters]
    ) -> list[InboxMessage]:
        """One request for incoming messages (at most ``cnt`` ≤ 10 000), as the service
        orders them."""
        return await self._call(Inbox.build(cnt=cnt, **filters), fmt)

    async def stats(
        self, *, fmt: int | None = None, **options: Unpack[StatsOptions]
    ) -> list[StatsRow]:
        """Sending statistics for the period ``start``..``end``."""
        return await self._call(GetStats.build(**options), fmt)

    async def tariffs(self, *, fmt: int | None = None) -> list[Tariff]:
        """The account's prices per country and operator."""
        return await self._call(GetTariffs(), fmt)

    # A str is an Iterable[str] too: the first overload wins for it, as intended.
    @overload
    async def operator_info(  # type: ignore[overload-overlap]
        self, phone: str, *, fmt: int | None = None
    ) -> OperatorInfo: ...

    @overload
    async def operator_info(
        self, phone: Iterable[str], *, fmt: int | None = None
    ) -> list[OperatorInfo]: ...

    async def operator_info(
        self, phone: str | Iterable[str], *, fmt: int | None = None
    ) -> OperatorInfo | list[OperatorInfo]:
        """The operator, country, region (and mcc/mnc, time zone) of ``phone``; for a
        list of numbers, one record per number, in request order (in one request)."""
        found = await self._call(GetOperatorInfo.build(phone), fmt)
        if isinstance(phone, str) or isinstance(found, list):
            return found
        return [found]  # a list of one number: the reply is one record

    async def short_link(
        self, *, link: str | None = None, id: str | int | None = None, fmt: int | None = None
    ) -> ShortLink:
        """Click counts of a short link, by its full ``link`` or its ``id``; an unknown
        link raises an :class:`~aiosmsc.errors.APIError` with code 3."""
        return await self._call(GetShortLink.build(link=link, id=id), fmt)

    async def wait_call(self, phone: str, *, fmt: int | None = None) -> WaitCall:
        """Start confirming ``phone`` by a call: the result's ``phone`` is the number the
        user must call; the service then notifies your callback URL."""
        return await self._call(WaitCallRequest(phone), fmt)

    async def notify_event(
        self, id: str | int, *, fmt: int | None = None, **options: Unpack[NotifyOptions]
    ) -> ActionResult:
        """Trigger the event notification ``id`` (``ping.php``, site monitoring): ``ok``
        0 reports a failure, 1 a recovery; ``name``, ``host``, ``info`` fill its macros."""
        return await self._call(NotifyEvent.build(id, **options), fmt)

    async def request(
        self,
        script: str,
        params: Mapping[str, Any] | None = None,
        /,
        *,
        fmt: int | None = None,
        **more: Any,
    ) -> PlainRecords:
        """Call any script with any parameters (``await smsc.request("senders", get=1)``);
        for names that are not Python identifiers pass a mapping
        (``smsc.request("users", {"fl[1]": 1, "user": "bob", "chg": 1})``).

        Goes through the same pipeline (limits, errors) as every method; returns plain
        records: a dict, or a list of dicts for a list reply. Credentials, ``fmt`` and
        ``charset`` cannot be passed as parameters. Never retried blindly.
        """
        merged: dict[str, Any] = dict(params or {})
        for key, value in more.items():
            if key in merged:
                raise ValidationError(f"parameter {key!r} given twice")
            merged[key] = value
        return await self._call(RawRequest.build(script, merged), fmt)


class ReceivePhones(Namespace):
    """``smsc.receive_phones``: dedicated inbound numbers (receive_phones.php)."""

    __slots__ = ()

    async def list(self, *, fmt: int | None = None) -> builtins.list[ReceivePhone]:
        """The numbers on offer (and those the account has), with monthly prices."""
        return await self._call(ListReceivePhones(), fmt)

    async def buy(self, phone: str, *, fmt: int | None = None) -> ActionResult:
        """Connect ``phone``: charged for the rest of the month; accepts the service's
        terms. Not retried blindly."""
        return await self._call(BuyReceivePhone(phone), fmt)

    async def change(self, phone: str, *, noprolong: bool, fmt: int | None = None) -> ActionResult:
        """Turn monthly auto-renewal of a connected number off (``noprolong=True``) or
        back on."""
        return await self._call(ChangeReceivePhone.build(phone, noprolong=noprolong), fmt)
