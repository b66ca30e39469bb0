"""What is safe to try again, after how long, and where.

Every failure of an attempt is classified into one :class:`Verdict`:

- ``RETRY``: try again (after a jittered exponential backoff, on the next healthy host).
  Reads retry on transport errors, 5xx, unreadable replies and errors 4/9; any request
  retries when it provably never reached the service (connect refused, connect or pool
  timeout).
- ``RECONCILE``: a send whose reply was lost (read timeout, dropped connection after the
  body was sent, 5xx, unreadable reply). It is never sent again blindly: the status of
  its ``(phone, id)`` pairs says whether the service has it.
- ``RAISE``: the service said no (errors 1, 2, 3, 5, 6, 7, 8 are never retried; 4 and 9
  are not retried for a send), or the retry budget is spent.

Errors 4 and 9 also penalize the limiter, so no other request under this login piles on.
"""

from __future__ import annotations

import asyncio
import enum
import math
import random
from collections.abc import Callable, Sequence

import attrs

from .errors import (
    APIError,
    ConfigurationError,
    DecodeError,
    HTTPStatusError,
    SMSCError,
    TransportError,
)

__all__ = ["HostPool", "RetryPolicy", "Verdict"]


class Verdict(enum.Enum):
    """What to do after a failed attempt."""

    RETRY = "retry"
    RECONCILE = "reconcile"
    RAISE = "raise"


@attrs.frozen(slots=True)
class RetryPolicy:
    """Retry budget and backoff: attempt ``n`` (1-based) waits about
    ``min(max_delay, base_delay * 2 ** (n - 1))``, jittered down by up to half."""

    max_retries: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    #: How long errors 4 and 9 hold back every request under the login.
    penalty: float = 2.0
    #: Seconds after a send's request ended (its reply lost) before a status lookup's
    #: "not found" proves the service never accepted it: a slow server may still accept
    #: the request after the client stopped waiting. See docs/reliability.md.
    settle: float = 15.0

    def __attrs_post_init__(self) -> None:
        check_retries(self.max_retries)
        if not (isinstance(self.settle, (int, float)) and 0 <= self.settle < math.inf):
            raise ConfigurationError(f"settle must be 0 or more seconds, got {self.settle!r}")

    def verdict(self, error: SMSCError, *, idempotent: bool, attempt: int) -> Verdict:
        """Classify ``error`` from attempt number ``attempt`` of an operation."""
        if isinstance(error, APIError):
            if error.retryable and idempotent and attempt <= self.max_retries:
                return Verdict.RETRY
            return Verdict.RAISE
        if isinstance(error, HTTPStatusError) and error.status_code < 500:
            if error.status_code == 429 and idempotent and attempt <= self.max_retries:
                return Verdict.RETRY
            return Verdict.RAISE
        if not isinstance(error, (TransportError, DecodeError)):
            return Verdict.RAISE
        if attempt > self.max_retries:
            return Verdict.RAISE
        never_sent = isinstance(error, TransportError) and not error.possibly_delivered
        return Verdict.RETRY if never_sent or idempotent else Verdict.RECONCILE

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before attempt ``attempt + 1``."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        return float(ceiling * (0.5 + random.random() / 2))

    def penalty_for(self, error: SMSCError) -> float:
        """How long to hold back all requests after ``error`` (errors 4 and 9 only)."""
        if isinstance(error, APIError) and error.retryable:
            return self.penalty
        return 0.0


def check_retries(value: object) -> int:
    """``value`` as a retry count, or a ConfigurationError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(f"max_retries must be a non-negative integer, got {value!r}")
    return value


class HostPool:
    """Base URLs in order of preference; a host that fails is avoided for ``cooldown``
    seconds, so requests go to the next one until then."""

    __slots__ = ("_clock", "_down_until", "cooldown", "urls")

    def __init__(
        self,
        urls: Sequence[str],
        *,
        cooldown: float = 30.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if not urls:
            raise ConfigurationError("hosts must name at least one base URL")
        self.urls = tuple(urls)
        self.cooldown = cooldown
        self._clock = clock
        self._down_until = dict.fromkeys(self.urls, -math.inf)

    def _now(self) -> float:
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    def pick(self) -> str:
        """The first host that is not cooling down (else the one that recovers first)."""
        now = self._now()
        for url in self.urls:
            if self._down_until[url] <= now:
                return url
        return min(self.urls, key=self._down_until.__getitem__)

    def failed(self, url: str) -> None:
        """Avoid ``url`` for a while."""
        if url in self._down_until and len(self.urls) > 1:
            self._down_until[url] = self._now() + self.cooldown

    def succeeded(self, url: str) -> None:
        """``url`` answered: use it again."""
        if url in self._down_until:
            self._down_until[url] = -math.inf
