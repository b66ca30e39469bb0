"""Delivery tracking: the final status of each message, as soon as it is known.

``smsc.track(messages)`` is an async iterator of :class:`TrackedMessage`: each message is
yielded once, when its status becomes final (delivered, read, expired, failed with an
``err``), or, when ``timeout`` runs out first, as not final with the last status seen.
It polls with batched multi-message status requests, which the client's quotas keep
inside the service's limits (one multi-message request a minute, REFERENCE §13.1), and
it can be fed statuses from the service's callbacks (:meth:`Tracker.feed`), which resolve
messages without polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

import attrs
from typing_extensions import TypedDict, Unpack

from .errors import SMSCError, ValidationError
from .models.codes import MessageStatus, is_final_status
from .models.status import StatusReport
from .operations.base import Caller
from .operations.options import accept
from .operations.params import phone_key
from .operations.status import Status

if TYPE_CHECKING:
    from .bulk.outcomes import BulkOutcome

__all__ = ["DeliveryState", "StatusLike", "TrackOptions", "TrackedMessage", "Tracker"]

DEFAULT_TIMEOUT = 3600.0
DEFAULT_POLL_INTERVAL = 60.0
DEFAULT_CHUNK = 1000


class TrackOptions(TypedDict, total=False):
    """How ``smsc.track`` waits. When missing: ``timeout`` one hour, ``poll_interval``
    60 s, ``chunk`` 1000, ``poll`` on."""

    #: Seconds after which the messages still pending are yielded as not final (None:
    #: wait for ever).
    timeout: float | None
    #: Seconds between two polls.
    poll_interval: float
    #: The most messages one status request asks about.
    chunk: int
    #: Poll with status requests (off: only statuses given to :meth:`Tracker.feed`).
    poll: bool


class StatusLike(Protocol):
    """What tracking needs of a status: a status report or a delivery callback."""

    @property
    def phone(self) -> str | None: ...
    @property
    def id(self) -> str | None: ...
    @property
    def status(self) -> int: ...


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


def _key(phone: str, message_id: str) -> tuple[str, str]:
    return (phone_key(phone), str(message_id))


class Tracker:
    """The iterator behind ``smsc.track``; also usable on its own to add messages and feed
    callback statuses while iterating."""

    def __init__(
        self,
        call: Caller,
        messages: Iterable[tuple[str, str] | BulkOutcome] = (),
        **options: Unpack[TrackOptions],
    ) -> None:
        accept(options, TrackOptions, where="track()")
        timeout = options.get("timeout", DEFAULT_TIMEOUT)
        poll_interval = options.get("poll_interval", DEFAULT_POLL_INTERVAL)
        chunk = options.get("chunk", DEFAULT_CHUNK)
        if timeout is not None and not timeout > 0:
            raise ValidationError(f"timeout must be positive seconds or None, got {timeout!r}")
        if not poll_interval >= 0:
            raise ValidationError(f"poll_interval must be >= 0, got {poll_interval!r}")
        if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
            raise ValidationError(f"chunk must be a positive integer, got {chunk!r}")
        self._call = call
        self._timeout = timeout
        self._poll_interval = poll_interval
        self._chunk = chunk
        self._poll = bool(options.get("poll", True))
        self._pending: dict[tuple[str, str], tuple[str, str]] = {}
        self._last: dict[tuple[str, str], StatusLike] = {}
        self._ready: deque[TrackedMessage] = deque()
        self._wake = asyncio.Event()
        self._deadline: float | None = None
        self._next_poll = -math.inf
        for message in messages:
            self.add(message)

    def add(self, message: tuple[str, str] | BulkOutcome) -> None:
        """Track one more message: ``(phone, id)`` or an accepted bulk outcome."""
        if isinstance(message, tuple):
            phone, message_id = message
        else:
            if message.message_id is None:
                raise ValidationError(f"{message.phone}: the message was not accepted")
            phone, message_id = message.phone, message.message_id
        self._pending[_key(phone, str(message_id))] = (phone, str(message_id))

    def feed(self, report: StatusLike) -> bool:
        """A status from elsewhere (a callback): resolves its message if it is final.
        Returns whether the report matched a tracked message."""
        if report.phone is None or report.id is None:
            return False
        key = _key(report.phone, report.id)
        if key not in self._pending:
            return False
        self._last[key] = report
        if is_final_status(report.status):
            phone, message_id = self._pending.pop(key)
            self._ready.append(TrackedMessage(phone, message_id, report, True))
            self._wake.set()
        return True

    @property
    def pending(self) -> int:
        """Messages whose final status is not known yet."""
        return len(self._pending)

    def __aiter__(self) -> Tracker:
        return self

    async def __anext__(self) -> TrackedMessage:
        loop = asyncio.get_running_loop()
        if self._deadline is None and self._timeout is not None:
            self._deadline = loop.time() + self._timeout
        while not self._ready:
            if not self._pending:
                raise StopAsyncIteration
            now = loop.time()
            if self._deadline is not None and now >= self._deadline:
                self._give_up()
                break
            if self._poll and now >= self._next_poll:
                await self._poll_once()
                self._next_poll = loop.time() + self._poll_interval
                continue
            wake_at = min(self._next_poll if self._poll else math.inf, self._deadline or math.inf)
            self._wake.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), max(0.0, wake_at - loop.time()))
        return self._ready.popleft()

    async def _poll_once(self) -> None:
        pairs = list(self._pending.values())
        for start in range(0, len(pairs), self._chunk):
            chunk = pairs[start : start + self._chunk]
            try:
                reports = await self._call(Status.build(chunk), None)
            except SMSCError:
                continue  # polled again next time; the timeout bounds how long
            for report in reports if isinstance(reports, list) else [reports]:
                self._record(report)

    def _record(self, report: StatusReport) -> None:
        if report.status == MessageStatus.NOT_FOUND:
            return  # not registered yet, or lost: keep polling until the timeout
        self.feed(report)

    def _give_up(self) -> None:
        for key, (phone, message_id) in self._pending.items():
            self._ready.append(TrackedMessage(phone, message_id, self._last.get(key), False))
        self._pending.clear()
