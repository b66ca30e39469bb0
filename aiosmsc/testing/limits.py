"""Per-key sliding one-minute windows behind the service's error-9 limits (§13.1)."""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable

__all__ = ["SlidingWindow"]


class SlidingWindow:
    """Counts events per key over the last ``window`` seconds of the emulator clock."""

    __slots__ = ("_events", "_last_sweep", "window")

    def __init__(self, window: float = 60.0) -> None:
        self.window = window
        self._events: dict[Hashable, deque[float]] = {}
        self._last_sweep = float("-inf")

    def count(self, key: Hashable, now: float) -> int:
        """Events for ``key`` within the window ending at ``now``."""
        events = self._events.get(key)
        if events is None:
            return 0
        horizon = now - self.window
        while events and events[0] <= horizon:
            events.popleft()
        if not events:
            del self._events[key]
            return 0
        return len(events)

    def allows(self, key: Hashable, now: float, limit: int) -> bool:
        """True when fewer than ``limit`` events for ``key`` fall within the window."""
        return self.count(key, now) < limit

    def record(self, key: Hashable, now: float) -> None:
        """Note one event for ``key`` at ``now`` (and now and then forget stale keys)."""
        if now - self._last_sweep > self.window:
            self._sweep(now)
        self._events.setdefault(key, deque()).append(now)

    def hit(self, key: Hashable, now: float, limit: int) -> bool:
        """Record an event if allowed; False (nothing recorded) when over ``limit``."""
        if not self.allows(key, now, limit):
            return False
        self.record(key, now)
        return True

    def clear(self) -> None:
        self._events.clear()

    def _sweep(self, now: float) -> None:
        self._last_sweep = now
        horizon = now - self.window
        stale = [key for key, events in self._events.items() if events[-1] <= horizon]
        for key in stale:
            del self._events[key]
