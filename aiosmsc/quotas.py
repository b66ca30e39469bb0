"""Per-script limits of the service (REFERENCE §13.1), kept on the client side.

The service answers error 9 when, within a minute, it gets more than ten balance
requests, more than five status requests for one message, more than one multi-message
status request, more than five identical price requests, or an identical send twice.
Operations declare the :class:`Quota` s they use; a :class:`QuotaKeeper` (in-process:
:class:`QuotaBook`) makes a request wait until every one of its quotas has room, so those
errors do not happen in the first place. Identical sends are refused instead of delayed
(:class:`DuplicateGuard`): a second identical message a few seconds later is almost always
a bug. Both protocols have a shared implementation in ``aiosmsc.redis``.
"""

from __future__ import annotations

import asyncio
import bisect
import math
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Protocol

import attrs

from .errors import ConfigurationError, DuplicateSendError

__all__ = [
    "DuplicateGuard",
    "LocalRecentKeys",
    "Quota",
    "QuotaBook",
    "QuotaKeeper",
    "RecentKeys",
    "quota_key",
]

MINUTE = 60.0


@attrs.frozen(slots=True)
class Quota:
    """At most ``limit`` requests with this ``key`` in any ``period`` seconds."""

    key: Hashable
    limit: int
    period: float = MINUTE


def quota_key(quota: Quota) -> str:
    """A quota's key as text (``"status:79990000001:42"``), e.g. for a Redis key."""
    key = quota.key
    return ":".join(map(str, key)) if isinstance(key, tuple) else str(key)


class QuotaKeeper(Protocol):
    """What the pipeline needs of per-script quotas."""

    async def wait(self, quotas: Sequence[Quota]) -> None:
        """Wait until a request counting against ``quotas`` may start, and book it."""
        ...


class QuotaBook:
    """The in-process :class:`QuotaKeeper`: sliding windows per key; :meth:`wait` delays a
    request until its quotas allow it."""

    __slots__ = ("_clock", "_last_sweep", "_starts")

    def __init__(self, *, clock: Callable[[], float] | None = None) -> None:
        self._clock = clock
        self._starts: dict[Hashable, list[float]] = {}
        self._last_sweep = -math.inf

    def _now(self) -> float:
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    def reserve(self, quotas: Sequence[Quota]) -> float:
        """Book the earliest start every quota allows; return the seconds until then."""
        now = self._now()
        self._sweep(now, quotas)
        start = now
        for quota in quotas:
            starts = self._starts.get(quota.key, [])
            if len(starts) >= quota.limit:
                start = max(start, starts[-quota.limit] + quota.period)
        for quota in quotas:
            bisect.insort(self._starts.setdefault(quota.key, []), start)
        return start - now

    def cancel(self, quotas: Sequence[Quota], start_in: float) -> None:
        """Give back a booking whose request never started (it was cancelled)."""
        start = self._now() + start_in
        for quota in quotas:
            starts = self._starts.get(quota.key)
            if starts:
                index = bisect.bisect_left(starts, start - 1e-6)
                if index < len(starts):
                    del starts[index]

    async def wait(self, quotas: Sequence[Quota]) -> None:
        """Wait until a request with ``quotas`` may start (at once when they have room)."""
        if not quotas:
            return
        delay = self.reserve(quotas)
        if delay <= 0:
            return
        try:
            await asyncio.sleep(delay)
        except asyncio.CancelledError:
            self.cancel(quotas, delay)
            raise

    def _sweep(self, now: float, quotas: Sequence[Quota]) -> None:
        for quota in quotas:
            starts = self._starts.get(quota.key)
            if starts:
                cut = bisect.bisect_right(starts, now - quota.period)
                del starts[:cut]
        if now - self._last_sweep < MINUTE:
            return
        self._last_sweep = now
        # Forget keys idle for longer than any period we use (a status per message).
        stale = [
            key
            for key, starts in self._starts.items()
            if not starts or starts[-1] < now - 2 * MINUTE
        ]
        for key in stale:
            del self._starts[key]


class RecentKeys(Protocol):
    """Keys remembered for a fixed window: the memory behind :class:`DuplicateGuard`
    (in-process: :class:`LocalRecentKeys`; shared: ``aiosmsc.redis``)."""

    @property
    def window(self) -> float:
        """How long a claimed key is remembered, in seconds."""
        ...

    async def claim(self, key: bytes) -> float | None:
        """Remember ``key``; if it was claimed less than :attr:`window` ago, leave it as
        it is and return how many seconds ago, else ``None``."""
        ...

    async def release(self, key: bytes) -> None:
        """Forget ``key`` (no error if it is not remembered)."""
        ...


class LocalRecentKeys:
    """In-process :class:`RecentKeys`: claims are kept in claim order, so the expired
    ones are always at the front and each claim costs O(1) amortised."""

    __slots__ = ("_claimed", "_clock", "window")

    def __init__(self, window: float = MINUTE, *, clock: Callable[[], float] | None = None) -> None:
        if not (isinstance(window, (int, float)) and 0 < window < math.inf):
            raise ConfigurationError(f"window must be a positive number of seconds, got {window!r}")
        self.window = float(window)
        self._clock = clock
        self._claimed: OrderedDict[bytes, float] = OrderedDict()

    def _now(self) -> float:
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    def claim_now(self, key: bytes) -> float | None:
        """:meth:`claim` without the coroutine."""
        now = self._now()
        claimed = self._claimed
        horizon = now - self.window
        while claimed:
            oldest, at = next(iter(claimed.items()))
            if at > horizon:
                break
            del claimed[oldest]
        seen_at = claimed.get(key)
        if seen_at is not None:
            return now - seen_at
        claimed[key] = now
        return None

    async def claim(self, key: bytes) -> float | None:
        return self.claim_now(key)

    async def release(self, key: bytes) -> None:
        self._claimed.pop(key, None)


class DuplicateGuard:
    """Refuses a send identical to one made within the window of its :class:`RecentKeys`
    (a minute: the service would answer error 9). Fingerprints are digests of the
    parameters, client id excluded unless the caller chose it."""

    __slots__ = ("recent",)

    def __init__(self, recent: RecentKeys) -> None:
        self.recent = recent

    async def claim(self, fingerprint: bytes) -> None:
        """Record a send about to be made; raise :class:`DuplicateSendError` if an identical
        one was made within the window."""
        age = await self.recent.claim(fingerprint)
        if age is not None:
            raise DuplicateSendError(
                f"an identical send was made {age:.0f} s ago; the service refuses"
                f" identical sends within {self.recent.window:.0f} s (error 9). Change the"
                " text or recipients, or use smsc.with_options(detect_duplicates=False)"
            )

    async def release(self, fingerprint: bytes) -> None:
        """Forget a send that provably did not reach the service."""
        await self.recent.release(fingerprint)
