"""Per-script limits of the service (REFERENCE §13.1), kept on the client side.

The service answers error 9 when, within a minute, it gets more than ten balance
requests, more than five status requests for one message, more than one multi-message
status request, more than five identical price requests, or an identical send twice.
Operations declare the :class:`Quota` s they use; :class:`QuotaBook` makes a request wait
until every one of its quotas has room, so those errors do not happen in the first place.
Identical sends are refused instead of delayed (:class:`DuplicateGuard`): a second
identical message a few seconds later is almost always a bug.
"""

from __future__ import annotations

import asyncio
import bisect
import math
from collections.abc import Callable, Hashable, Sequence

import attrs

from .errors import DuplicateSendError

__all__ = ["DuplicateGuard", "Quota", "QuotaBook"]

MINUTE = 60.0


@attrs.frozen(slots=True)
class Quota:
    """At most ``limit`` requests with this ``key`` in any ``period`` seconds."""

    key: Hashable
    limit: int
    period: float = MINUTE


class QuotaBook:
    """Sliding windows per key; :meth:`wait` delays a request until its quotas allow it."""

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


class DuplicateGuard:
    """Refuses a send identical to one made within the last minute (the service would
    answer error 9). Fingerprints are digests of the parameters, client id excluded."""

    __slots__ = ("_clock", "_seen", "window")

    def __init__(self, window: float = MINUTE, *, clock: Callable[[], float] | None = None) -> None:
        self.window = window
        self._clock = clock
        self._seen: dict[bytes, float] = {}

    def _now(self) -> float:
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    def claim(self, fingerprint: bytes) -> None:
        """Record a send about to be made; raise :class:`DuplicateSendError` if an identical
        one was made within the window."""
        now = self._now()
        if len(self._seen) > 1024:
            horizon = now - self.window
            self._seen = {key: at for key, at in self._seen.items() if at > horizon}
        seen_at = self._seen.get(fingerprint)
        if seen_at is not None and now - seen_at < self.window:
            raise DuplicateSendError(
                f"an identical send was made {now - seen_at:.0f} s ago; the service refuses"
                f" identical sends within {self.window:.0f} s (error 9). Change the text or"
                " recipients, or use smsc.with_options(detect_duplicates=False)"
            )
        self._seen[fingerprint] = now

    def release(self, fingerprint: bytes) -> None:
        """Forget a send that provably did not reach the service."""
        self._seen.pop(fingerprint, None)
