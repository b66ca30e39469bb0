"""Remembering what was seen recently: the replay guard of the callback endpoint.

A status callback's signature covers only ``id``, ``phone`` and ``status`` and carries no
time, so a captured callback stays valid for ever. :class:`ReplayGuard` remembers the
keys it has seen for ``window`` seconds and turns a repeat into a no-op. Every key lives
exactly ``window`` seconds, so insertion order is expiry order: expired keys are dropped
from the front of one ordered dict (amortised O(1) per call) and the oldest key goes
first when ``max_keys`` is reached (memory stays bounded; such a key is forgotten early).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from .errors import ConfigurationError

__all__ = ["ReplayGuard"]


class ReplayGuard:
    """Says whether a key was already claimed within the last ``window`` seconds.

    ``claim(key)`` is true the first time (and again once the window has passed);
    ``release(key)`` forgets a claim whose work failed, so a retry is not taken for a
    replay. ``clock`` (monotonic seconds) is injectable for tests. One guard serves one
    process: a replay sent to another worker is not seen.
    """

    __slots__ = ("_clock", "_expiry", "max_keys", "window")

    def __init__(
        self,
        *,
        window: float = 24 * 3600.0,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if isinstance(window, bool) or not isinstance(window, (int, float)):
            raise ConfigurationError(f"window must be seconds, got {window!r}")
        if not 0 < window < math.inf:
            raise ConfigurationError(f"window must be positive and finite, got {window!r}")
        if isinstance(max_keys, bool) or not isinstance(max_keys, int) or max_keys < 1:
            raise ConfigurationError(f"max_keys must be a positive integer, got {max_keys!r}")
        self.window = float(window)
        self.max_keys = max_keys
        self._clock = clock
        self._expiry: OrderedDict[Hashable, float] = OrderedDict()

    def claim(self, key: Hashable) -> bool:
        """``True`` if ``key`` was not claimed within the window (it is now)."""
        now = self._clock()
        expiry = self._expiry
        while expiry and next(iter(expiry.values())) <= now:
            expiry.popitem(last=False)
        if key in expiry:
            return False
        expiry[key] = now + self.window
        if len(expiry) > self.max_keys:
            expiry.popitem(last=False)
        return True

    def release(self, key: Hashable) -> None:
        """Forget ``key`` (its callback was not handled; the service will send it again)."""
        self._expiry.pop(key, None)

    def __len__(self) -> int:
        return len(self._expiry)

    def __repr__(self) -> str:
        return f"<ReplayGuard window={self.window:g}s keys={len(self)}/{self.max_keys}>"
