"""The :class:`AsyncSMSC` facade: one method per operation, one pipeline for all."""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar, overload

import attrs
from typing_extensions import Unpack

from ._closing import AsyncClosing
from .api import (
    Blacklist,
    ChannelsMixin,
    Contacts,
    DataMixin,
    Documents,
    Groups,
    Jobs,
    OperatorTemplates,
    ReceivePhones,
    Senders,
    Subclients,
    Templates,
)
from .bulk import BulkJob, BulkOptions, BulkOutcome, Recipient, send_bulk
from .config import Credentials, base_url_for, default_hosts
from .errors import ClientClosedError, ConfigurationError
from .limits import DUPLICATE_WINDOW, Limits, LocalLimits
from .models import Balance, CostResult, SendResult, StatusReport
from .operations import Balance as BalanceOperation
from .operations import Cost, Delete, Operation, Send, Status
from .operations.message_options import CostOptions, SendOptions
from .quotas import DuplicateGuard
from .ratelimit import Limiter
from .retry import HostPool, RetryPolicy, check_retries
from .session import Attempt, CallOptions, Session, check_fmt
from .settings import check_client_settings
from .tracking import Tracker, TrackOptions
from .transport import HTTPTransport, Timeouts, TransportName

if TYPE_CHECKING:
    import httpx

__all__ = ["AsyncSMSC"]

T = TypeVar("T")

DEFAULT_MAX_CONCURRENCY = 4


class _Lifecycle:
    """Open/closed state shared by a client and its ``with_options`` views."""

    __slots__ = ("closed",)

    def __init__(self) -> None:
        self.closed = False


def _base_urls(host: str | None, hosts: Sequence[str] | None) -> list[str]:
    if hosts is None:
        return default_hosts(base_url_for(host))
    if isinstance(hosts, str):
        raise ConfigurationError("hosts must be a sequence of base URLs, not one string")
    if host is not None:
        raise ConfigurationError("give host or hosts, not both")
    urls = [base_url_for(url) for url in hosts]
    if not urls:
        raise ConfigurationError("hosts must name at least one base URL")
    return urls


class AsyncSMSC(ChannelsMixin, DataMixin, AsyncClosing):
    """Asyncio client for the SMSC HTTP API.

    Share one instance between all coroutines of a process: it holds one connection
    pool. Use it as ``async with AsyncSMSC(...) as smsc:`` or call :meth:`aclose`.

    Credentials come from the arguments or from ``SMSC_LOGIN``/``SMSC_PASSWORD`` or
    ``SMSC_APIKEY``; ``host`` (or ``SMSC_HOST``) is a regional front (``"smsc.kz"``) or a
    full base URL such as the emulator's ``"http://127.0.0.1:8765"``.

    ``max_concurrency``, ``rate_limit`` and ``burst`` are the login's limits; ``limits=``
    says where they are kept: in this process (the default) or shared by every process
    (``aiosmsc.redis.RedisLimits``, see docs/scaling.md). ``limiter=`` replaces only the
    limiter with a custom :class:`~aiosmsc.Limiter` (not together with ``limits=``).

    Account management hangs off namespaces: :attr:`senders`, :attr:`templates`,
    :attr:`operator_templates`, :attr:`jobs`, :attr:`contacts`, :attr:`groups`,
    :attr:`blacklist`, :attr:`subclients`, :attr:`documents`, :attr:`receive_phones`.
    """

    __slots__ = (
        "__weakref__",
        "_credentials",
        "_fmt",
        "_lifecycle",
        "_options",
        "_session",
        "_transport",
        "blacklist",
        "contacts",
        "documents",
        "groups",
        "jobs",
        "operator_templates",
        "receive_phones",
        "senders",
        "subclients",
        "templates",
    )

    def __init__(
        self,
        login: str | None = None,
        password: str | None = None,
        *,
        password_md5: str | None = None,
        apikey: str | None = None,
        host: str | None = None,
        hosts: Sequence[str] | None = None,
        fmt: int = 3,
        timeout: Timeouts | float | None = None,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        rate_limit: float | None = None,
        burst: int = 1,
        max_retries: int = 3,
        retry: RetryPolicy | None = None,
        limiter: Limiter | None = None,
        limits: Limits | None = None,
        script_limits: bool = True,
        detect_duplicates: bool = True,
        failover_cooldown: float = 30.0,
        on_attempt: Callable[[Attempt], None] | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | TransportName | None = None,
    ) -> None:
        self._credentials = Credentials.resolve(
            login=login, password=password, password_md5=password_md5, apikey=apikey
        )
        self._fmt = check_fmt(fmt)
        check_client_settings(
            max_concurrency=max_concurrency,
            rate_limit=rate_limit,
            burst=burst,
            failover_cooldown=failover_cooldown,
        )
        base_urls = _base_urls(host, hosts)
        if limiter is not None and limits is not None:
            raise ConfigurationError("give limits= or limiter=, not both")
        limits = limits or LocalLimits()
        if limiter is None:
            limiter = limits.limiter(max_concurrency=max_concurrency, rate=rate_limit, burst=burst)
        policy = attrs.evolve(retry or RetryPolicy(), max_retries=check_retries(max_retries))
        self._options = CallOptions(policy.max_retries, bool(detect_duplicates))
        self._transport = HTTPTransport(
            max_connections=max_concurrency,
            timeouts=Timeouts.coerce(timeout),
            http_client=http_client,
            transport=transport,
            tls=any(url.startswith("https://") for url in base_urls),
        )
        self._session = Session(
            transport=self._transport,
            credentials=self._credentials,
            hosts=HostPool(base_urls, cooldown=failover_cooldown),
            limiter=limiter,
            policy=policy,
            quotas=limits.quotas() if script_limits else None,
            duplicates=DuplicateGuard(limits.recent("sends", DUPLICATE_WINDOW)),
            on_attempt=on_attempt,
        )
        self._lifecycle = _Lifecycle()
        self._bind_namespaces()

    def _bind_namespaces(self) -> None:
        self.senders = Senders(self._call)
        self.templates = Templates(self._call)
        self.operator_templates = OperatorTemplates(self._call)
        self.jobs = Jobs(self._call)
        self.contacts = Contacts(self._call)
        self.groups = Groups(self._call)
        self.blacklist = Blacklist(self._call)
        self.subclients = Subclients(self._call)
        self.documents = Documents(self._call)
        self.receive_phones = ReceivePhones(self._call)

    def with_options(
        self, *, max_retries: int | None = None, detect_duplicates: bool | None = None
    ) -> AsyncSMSC:
        """A view of this client with other per-call settings, sharing its connection
        pool, limits and state: ``await smsc.with_options(max_retries=0).balance()``.
        Closing either closes both."""
        options = CallOptions(
            self._options.max_retries if max_retries is None else check_retries(max_retries),
            self._options.detect_duplicates
            if detect_duplicates is None
            else bool(detect_duplicates),
        )
        view = object.__new__(AsyncSMSC)
        for name in ("_credentials", "_fmt", "_lifecycle", "_session", "_transport"):
            object.__setattr__(view, name, getattr(self, name))
        view._options = options
        view._bind_namespaces()
        return view

    def __repr__(self) -> str:
        state = "closed" if self._lifecycle.closed else "open"
        return f"<AsyncSMSC {self._credentials!r} at {self._session.base_url} ({state})>"

    @property
    def base_url(self) -> str:
        """Where requests go first, e.g. ``https://smsc.ru``."""
        return self._session.base_url

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every base URL requests may go to, in order of preference."""
        return self._session.hosts

    @property
    def limiter(self) -> Limiter:
        """The limiter every request passes (shared by ``with_options`` views)."""
        return self._session.limiter

    @property
    def fmt(self) -> int:
        """The reply format asked for by default (3, JSON, unless configured)."""
        return self._fmt

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._lifecycle.closed

    async def __aenter__(self) -> AsyncSMSC:
        if self._lifecycle.closed:
            raise ClientClosedError("this AsyncSMSC is closed; create a new one")
        return self

    async def aclose(self) -> None:
        """Close the connection pool (an injected ``http_client`` is left open)."""
        if not self._lifecycle.closed:
            self._lifecycle.closed = True
            await self._transport.aclose()

    async def _call(self, operation: Operation[T], fmt: int | None) -> T:
        if self._lifecycle.closed:
            raise ClientClosedError(f"cannot {operation.name}: this AsyncSMSC is closed")
        chosen = self._fmt if fmt is None else check_fmt(fmt)
        return await self._session.call(operation, chosen, self._options)

    async def send(
        self,
        phones: str | Iterable[str] | None = None,
        mes: str | None = None,
        *,
        fmt: int | None = None,
        **options: Unpack[SendOptions],
    ) -> SendResult:
        """Send ``mes`` to ``phones`` (a string, possibly ``,``-separated, or a sequence),
        or personalised texts with ``list=`` (``{phone: text}`` or ``(phone, text)`` pairs).

        Every send carries a client ``id`` (generated when not given; the result's ``id``)
        so its status can be asked for later. ``time`` schedules it (an aware datetime, a
        timedelta from now, or the service's own string forms); ``period``/``freq`` spread
        a mass send over ``period`` hours in portions ``freq`` minutes apart; ``valid``
        limits its life; ``comment`` is stored with the message but not delivered;
        ``op``/``err`` add per-number details/failed numbers to the result's ``phones``.

        ``channel`` sends it as something else than an SMS (:class:`~aiosmsc.Channel`:
        flash, push, hlr, bin, bin_hex, ping, mms, mail, call, viber, soc, telegram);
        ``prefix=True`` selects the channel by a text prefix instead of a flag. MMS, e-mail
        and calls take ``files`` (``{"a.jpg": data}`` or ``{name: (filename, data, content
        type)}``, uploaded as ``file0``, ``file1``, ...) and ``fileurl``; MMS and e-mail a
        ``subj``; calls a ``voice`` and ``param``; Telegram ``bot=True``. Options that do
        not belong to the channel are refused. ``params`` passes any other ``send.php``
        parameter as written. Every option is described in
        :class:`~aiosmsc.operations.message_options.SendOptions`. Raises
        :class:`~aiosmsc.errors.APIError` subclasses for the service's refusals and
        ``ValidationError`` before sending.
        """
        return await self._call(Send.build(phones, mes, **options), fmt)

    async def cost(
        self,
        phones: str | Iterable[str] | None = None,
        mes: str | None = None,
        *,
        fmt: int | None = None,
        **options: Unpack[CostOptions],
    ) -> CostResult:
        """The price (and number of SMS parts) of a message, without sending it; the
        channel and its options as for :meth:`send`."""
        return await self._call(Cost.build(phones, mes, **options), fmt)

    @overload
    async def status(
        self,
        phone: str,
        id: str | int,
        *,
        all: int = 0,
        bot: bool = False,
        fmt: int | None = None,
    ) -> StatusReport: ...

    @overload
    async def status(
        self,
        phone: Iterable[tuple[str, str | int]],
        id: None = None,
        *,
        all: int = 0,
        bot: bool = False,
        fmt: int | None = None,
    ) -> list[StatusReport]: ...

    async def status(
        self,
        phone: str | Iterable[tuple[str, str | int]],
        id: str | int | None = None,
        *,
        all: int = 0,
        bot: bool = False,
        fmt: int | None = None,
    ) -> StatusReport | list[StatusReport]:
        """The status of one message (``status(phone, id)``), or of many in one request
        (``status([(phone, id), ...])``, results in request order). ``all=1`` adds the
        message details, ``all=2`` also the recipient's country, operator and region;
        ``bot=True`` asks about messages sent to the Telegram chat-bot."""
        return await self._call(Status.build(phone, id, all=all, bot=bot), fmt)

    async def balance(self, *, cur: bool = False, fmt: int | None = None) -> Balance:
        """The account balance; ``cur=True`` adds the currency and the credit."""
        return await self._call(BalanceOperation(bool(cur)), fmt)

    def send_bulk(
        self,
        recipients: Iterable[Recipient | tuple[str, str]]
        | AsyncIterable[Recipient | tuple[str, str]],
        *,
        fmt: int | None = None,
        **options: Unpack[BulkOptions],
    ) -> BulkJob:
        """Send to many recipients (``(phone, text)`` pairs or :class:`Recipient` s, from
        a sync or async iterable of any size), packed into few requests, yielding one
        :class:`BulkOutcome` per recipient::

            async with smsc.send_bulk(rows, sender="MyShop") as job:
                async for outcome in job:
                    ...
            print(job.report.summary())

        ``options`` are how the job runs (``batch_size``, ``max_body``, ``concurrency``,
        ``progress``: :class:`~aiosmsc.bulk.BulkSettings`) and ``send`` keyword arguments
        for every request. See :mod:`aiosmsc.bulk` and docs/bulk.md.
        """
        if self._lifecycle.closed:
            raise ClientClosedError("cannot send_bulk: this AsyncSMSC is closed")
        width = getattr(self._session.limiter, "max_concurrency", DEFAULT_MAX_CONCURRENCY)
        return send_bulk(
            self._call,
            recipients,
            fmt=fmt,
            default_concurrency=width,
            settle=self._session.settle,
            lookup=self.with_options(max_retries=0)._call,
            **options,
        )

    def track(
        self,
        messages: Iterable[tuple[str, str] | BulkOutcome]
        | AsyncIterable[tuple[str, str] | BulkOutcome] = (),
        **options: Unpack[TrackOptions],
    ) -> Tracker:
        """Yield each message's final status as it becomes final: ``async for tracked in
        smsc.track(messages)``, where ``messages`` are ``(phone, id)`` pairs or bulk
        outcomes from any iterable or async iterable, a running bulk job included (read
        as the tracker has room: memory stays flat). Polls with one mass status request
        a minute and single-message requests meanwhile; ``poll=False`` only takes
        statuses given to :meth:`Tracker.feed`, e.g. from callbacks. After ``timeout``
        (an hour unless given) a message is yielded as not final. See docs/bulk.md."""
        if self._lifecycle.closed:
            raise ClientClosedError("cannot track: this AsyncSMSC is closed")
        width = getattr(self._session.limiter, "max_concurrency", DEFAULT_MAX_CONCURRENCY)
        return Tracker(self._call, messages, default_concurrency=width, **options)

    async def delete(self, phone: str, id: str | int, *, fmt: int | None = None) -> None:
        """Delete a sent message; raises ``DeleteFailedError`` if the service cannot."""
        await self._call(Delete.build(phone, id), fmt)
