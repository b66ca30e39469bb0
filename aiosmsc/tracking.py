"""Delivery tracking: the final status of each message, as soon as it is known.

``smsc.track(messages)`` is an async iterator of :class:`TrackedMessage`: each message is
yielded once, when its status becomes final (delivered, read, expired, failed with an
``err``), or, when ``timeout`` runs out first, as not final with the last status seen.

``messages`` is any iterable or async iterable of ``(phone, id)`` pairs or bulk outcomes,
a running :class:`~aiosmsc.bulk.BulkJob` included; it is read as the tracker has room
(at most ``window`` messages pending), so memory does not grow with the number of
recipients. Statuses come from polling and from callbacks (:meth:`Tracker.feed`).

Polling within the service's limits (REFERENCE §13.1): one mass (multi-message) request
a minute, of up to ``chunk`` messages, spaced from when the previous mass reply arrived
(by then the service has counted that request) plus a margin; meanwhile single-message
requests take the messages the mass request did not (the service allows five a minute
per message; we ask about each at most once per ``poll_interval``, and never twice
within 12.5 s). Each reply's final statuses are yielded as soon as it is decoded.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Coroutine, Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Union

import attrs
from typing_extensions import TypedDict, Unpack

from .errors import SMSCError, ValidationError
from .models.codes import MessageStatus, is_final_status
from .models.status import StatusReport
from .operations.base import Caller
from .operations.options import accept
from .operations.params import phone_list, validate_id
from .operations.status import Status
from .polling import MIN_RECHECK, Key, PollPlan, StatusLike

if TYPE_CHECKING:
    from .bulk.outcomes import BulkOutcome

__all__ = [
    "DEFAULT_CHUNK",
    "MIN_RECHECK",
    "DeliveryState",
    "StatusLike",
    "TrackOptions",
    "TrackedMessage",
    "Tracker",
]

DEFAULT_TIMEOUT = 3600.0
DEFAULT_POLL_INTERVAL = 60.0
#: Messages per mass status request. The service documents no maximum (REFERENCE §5,
#: §13.4); 10,000 pairs are a ~0.5 MB form and a ~1.3 MB fmt=3 reply, which the emulator
#: answers in well under a second.
DEFAULT_CHUNK = 10_000
#: Messages held pending at most (the rest of the input is read as they become final).
DEFAULT_WINDOW = 100_000
#: Single-message requests in flight when the client does not say.
DEFAULT_CONCURRENCY = 4
#: Seconds between a mass reply and the next mass request: the service allows one a
#: minute, and the margin keeps a counter that rounds to whole seconds satisfied too.
MASS_SPACING = 60.0 + 2.0
#: Seconds a mass request waits for more messages from an input still producing them
#: (not to spend the minute's one mass request on the first few).
GATHER = 1.0

TrackInput = Union[tuple[str, str], "BulkOutcome"]


class TrackOptions(TypedDict, total=False):
    """How ``smsc.track`` waits. When missing: ``timeout`` one hour, ``poll_interval``
    60 s, ``chunk`` 10,000, ``singles`` on, ``concurrency`` the client's
    ``max_concurrency``, ``window`` 100,000, ``poll`` on."""

    #: Seconds after a message is read from the input after which it is yielded as not
    #: final (None: wait for ever).
    timeout: float | None
    #: Seconds between two polls of one message.
    poll_interval: float
    #: The most messages one mass status request asks about.
    chunk: int
    #: Also ask single-message status requests for messages the mass request cannot take
    #: now (the service allows one mass request a minute).
    singles: bool
    #: Single-message status requests in flight at most.
    concurrency: int
    #: The most messages pending at once: the input is read no further until some are
    #: final (a running bulk job waits meanwhile).
    window: int
    #: Poll with status requests (off: only statuses given to :meth:`Tracker.feed`).
    poll: bool


DeliveryState = str  # "delivered", "expired", "failed" or "unknown"


@attrs.frozen(slots=True)
class TrackedMessage:
    """A tracked message and its last known status (``None`` if none was seen)."""

    phone: str
    id: str
    report: StatusLike | None = attrs.field(eq=False)
    final: bool

    @property
    def state(self) -> DeliveryState:
        """``"delivered"``, ``"expired"``, ``"failed"`` or ``"unknown"`` (not final)."""
        if not self.final or self.report is None:
            return "unknown"
        code = int(self.report.status)
        if code in (1, 2, 4):
            return "delivered"
        if code == 3:
            return "expired"
        return "failed"

    @property
    def err(self) -> int | None:
        """The ``err`` code of the last status, when it has one."""
        value = getattr(self.report, "err", None)
        return None if value is None else int(value)


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"{name} must be a positive integer, got {value!r}")
    return value


def _now() -> float:
    """The running loop's clock (a patched one in tests), else the monotonic clock that
    default loops use."""
    loop = asyncio._get_running_loop()
    return loop.time() if loop is not None else time.monotonic()


class Tracker:
    """The iterator behind ``smsc.track``; also usable on its own to add messages and feed
    callback statuses while iterating. Use ``async with`` when you may stop early: leaving
    the block stops the requests in flight."""

    def __init__(
        self,
        call: Caller,
        messages: Iterable[TrackInput] | AsyncIterable[TrackInput] = (),
        *,
        default_concurrency: int = DEFAULT_CONCURRENCY,
        **options: Unpack[TrackOptions],
    ) -> None:
        accept(options, TrackOptions, where="track()")
        timeout = options.get("timeout", DEFAULT_TIMEOUT)
        poll_interval = options.get("poll_interval", DEFAULT_POLL_INTERVAL)
        if timeout is not None and not timeout > 0:
            raise ValidationError(f"timeout must be positive seconds or None, got {timeout!r}")
        if not poll_interval >= 0:
            raise ValidationError(f"poll_interval must be >= 0, got {poll_interval!r}")
        self._call = call
        self._chunk = _positive_int("chunk", options.get("chunk", DEFAULT_CHUNK))
        self._window = _positive_int("window", options.get("window", DEFAULT_WINDOW))
        self._width = _positive_int("concurrency", options.get("concurrency", default_concurrency))
        self._singles = bool(options.get("singles", True))
        self._poll = bool(options.get("poll", True))
        self._sync_source: Iterator[TrackInput] | None = None
        self._async_source: AsyncIterator[TrackInput] | None = None
        if isinstance(messages, AsyncIterable):
            self._async_source = aiter(messages)
        else:
            self._sync_source = iter(messages)
        self._plan = PollPlan(
            poll_interval=float(poll_interval),
            timeout=math.inf if timeout is None else float(timeout),
            poll=self._poll,
        )
        self._ready: deque[TrackedMessage] = deque()
        self._mass: asyncio.Task[None] | None = None
        self._mass_ready_at = -math.inf
        self._asking: set[asyncio.Task[None]] = set()
        self._pull: asyncio.Task[None] | None = None
        self._failure: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._closed = False
        self._read_sync()  # as before the input was streamed: ``pending`` counts them

    # -- the input -------------------------------------------------------------------

    def add(self, message: tuple[str, str] | BulkOutcome) -> None:
        """Track one more message: ``(phone, id)`` or an accepted bulk outcome."""
        if not self._take_in(message):
            raise ValidationError(f"{message.phone}: the message was not accepted")  # type: ignore[union-attr]

    def _take_in(self, message: TrackInput) -> bool:
        """Start tracking ``message``; False for a bulk outcome that was not accepted."""
        if isinstance(message, tuple):
            phone, message_id = message
        else:
            if message.message_id is None:
                return False
            phone, message_id = message.phone, message.message_id
        # Checked once here, so that polls build their requests without checking again.
        (phone,) = phone_list([phone], name="track")
        message_id = validate_id(message_id, name="track: id")
        if self._plan.add(phone, message_id, _now()):
            self._wake()
        return True

    def _read_sync(self) -> None:
        source = self._sync_source
        if source is None:
            return
        while len(self._plan) < self._window:
            try:
                item = next(source)
            except StopIteration:
                self._sync_source = None
                return
            self._take_in(item)

    async def _read_async(self) -> None:
        source = self._async_source
        assert source is not None
        try:
            while len(self._plan) < self._window:
                try:
                    item = await anext(source)
                except StopAsyncIteration:
                    self._async_source = None
                    return
                self._take_in(item)
        except Exception as exc:  # the input failed (or held a bad pair): the caller hears
            self._async_source = None
            self._failure = exc
        finally:
            self._pull = None
            self._wake()

    @property
    def _exhausted(self) -> bool:
        return self._sync_source is None and self._async_source is None

    # -- statuses ----------------------------------------------------------------------

    def feed(self, report: StatusLike) -> bool:
        """A status from elsewhere (a callback): resolves its message if it is final.
        Returns whether the report matched a tracked message."""
        if report.phone is None or report.id is None:
            return False
        found = self._plan.find(report.phone, str(report.id))
        if found is None:
            return False
        key, entry = found
        entry.last = report
        if is_final_status(report.status):
            self._plan.resolve(key)
            self._ready.append(TrackedMessage(entry.phone, entry.id, report, True))
            self._wake()
        return True

    @property
    def pending(self) -> int:
        """Messages read from the input whose final status is not known yet."""
        return len(self._plan)

    # -- iteration ---------------------------------------------------------------------

    def __aiter__(self) -> Tracker:
        return self

    async def __aenter__(self) -> Tracker:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop: cancel the requests in flight and stop reading the input."""
        self._closed = True
        tasks = [*self._asking, *([self._pull] if self._pull is not None else [])]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)

    async def __anext__(self) -> TrackedMessage:
        loop = asyncio.get_running_loop()
        while not self._ready:
            if self._failure is not None:
                failure, self._failure = self._failure, None
                raise failure
            if self._closed:
                raise StopAsyncIteration
            now = loop.time()
            self._read_sync()
            if (
                self._async_source is not None
                and self._pull is None
                and len(self._plan) < self._window
            ):
                self._pull = loop.create_task(self._read_async())
            for entry in self._plan.advance(now):  # out of time: yielded as not final
                self._ready.append(TrackedMessage(entry.phone, entry.id, entry.last, False))
            if self._poll:
                self._launch(now)
            if self._ready:
                break
            if not self._plan and self._exhausted and self._pull is None:
                raise StopAsyncIteration
            await self._sleep(loop, self._next_wake(now))
        return self._ready.popleft()

    async def _sleep(self, loop: asyncio.AbstractEventLoop, until: float) -> None:
        """Until ``until`` (loop time) or until something happens (:meth:`_wake`)."""
        waiter = self._waiter = loop.create_future()
        timer = loop.call_at(until, self._wake) if until < math.inf else None
        try:
            await waiter
        finally:
            self._waiter = None
            if timer is not None:
                timer.cancel()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def _next_wake(self, now: float) -> float:
        wake = self._plan.next_change()
        if self._poll and self._mass is None and self._plan.due:
            since = self._plan.due_since()
            gathered = now if since is None else since + GATHER
            wake = min(wake, max(self._mass_ready_at, gathered))
        return max(wake, now)

    # -- requests ----------------------------------------------------------------------

    def _launch(self, now: float) -> None:
        loop = asyncio.get_running_loop()
        plan = self._plan
        if (
            self._mass is None
            and plan.due
            and now >= self._mass_ready_at
            and (not self._singles or plan.due >= self._chunk or self._gathered(now))
        ):
            keys = plan.take(self._chunk, oldest=True)
            if keys:
                self._mass = self._start(loop, self._ask(keys, mass=True))
        if not self._singles:
            return
        width = max(1, self._width - (self._mass is not None))
        while plan.due and len(self._asking) - (self._mass is not None) < width:
            keys = plan.take(1, oldest=False)
            if keys:
                self._start(loop, self._ask(keys, mass=False))

    def _gathered(self, now: float) -> bool:
        if self._exhausted and self._pull is None:
            return True
        since = self._plan.due_since()
        return since is None or now - since >= GATHER

    def _start(
        self, loop: asyncio.AbstractEventLoop, request: Coroutine[object, object, None]
    ) -> asyncio.Task[None]:
        task = loop.create_task(request)
        self._asking.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._asking.discard(task)
        if task is self._mass:
            self._mass = None
        if not task.cancelled() and task.exception() is not None:
            self._failure = task.exception()
        self._wake()

    def _ask(self, keys: list[Key], *, mass: bool) -> Coroutine[object, object, None]:
        """A status request about ``keys``: one mass request, or one single-message."""
        pending = self._plan.pending
        pairs = tuple((pending[key].phone, pending[key].id) for key in keys)
        return self._request(keys, Status(pairs, multi=mass))

    async def _request(self, keys: list[Key], operation: Status) -> None:
        reports: StatusReport | list[StatusReport] | None
        try:
            reports = await self._call(operation, None)
        except SMSCError:
            reports = None  # asked again soon (MIN_RECHECK); the timeout bounds how long
        finally:
            if operation.multi:  # the service may have counted it: spaced from now
                self._mass_ready_at = _now() + MASS_SPACING
        self._settle(keys, [reports] if isinstance(reports, StatusReport) else reports)

    def _settle(self, keys: list[Key], reports: list[StatusReport] | None) -> None:
        """Yield what is final; ask again later about the rest."""
        now = _now()
        pending = self._plan.pending
        for index, key in enumerate(keys):
            entry = pending.get(key)
            if entry is None:
                continue  # resolved by feed() meanwhile
            report = reports[index] if reports is not None else None
            if report is not None and report.status != MessageStatus.NOT_FOUND:
                # (not found: not registered yet, or lost; polled on until the timeout)
                entry.last = report
                if is_final_status(report.status):
                    self._plan.resolve(key)
                    self._ready.append(TrackedMessage(entry.phone, entry.id, report, True))
                    continue
            self._plan.again(key, entry, now, failed=report is None)
