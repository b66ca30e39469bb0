"""What happens when Redis cannot be reached: fail closed, or fall back to local limits."""

from __future__ import annotations

import logging
from typing import Literal, NoReturn

from redis.exceptions import RedisError

from aiosmsc.errors import ConfigurationError, LimitsUnavailableError

__all__ = ["FAILURES", "OnFailure", "Outage"]

logger = logging.getLogger("aiosmsc.redis")

#: What counts as "Redis is unavailable" (redis-py wraps socket errors in its own).
FAILURES: tuple[type[BaseException], ...] = (RedisError, OSError)

OnFailure = Literal["raise", "local"]


class Outage:
    """The failure policy of one :class:`~aiosmsc.redis.RedisLimits`, and whether Redis is
    down now (so the fallback warning is logged once per outage, not per request)."""

    __slots__ = ("down", "namespace", "on_failure")

    def __init__(self, namespace: str, on_failure: OnFailure) -> None:
        if on_failure not in ("raise", "local"):
            raise ConfigurationError(f"on_failure must be 'raise' or 'local', got {on_failure!r}")
        self.namespace = namespace
        self.on_failure: OnFailure = on_failure
        self.down = False

    def failed(self, error: BaseException) -> None:
        """Redis failed: raise :class:`LimitsUnavailableError`, or (``on_failure="local"``)
        return so the caller falls back to its local limits."""
        if self.on_failure == "raise":
            self._raise(error)
        if not self.down:
            self.down = True
            logger.warning(
                "Redis limits %r unavailable (%s); using local limits in this process"
                " until Redis answers again",
                self.namespace,
                type(error).__name__,
            )

    def _raise(self, error: BaseException) -> NoReturn:
        raise LimitsUnavailableError(
            f"the shared limits {self.namespace!r} cannot be reached"
            f" ({type(error).__name__}); nothing was sent"
        ) from error

    def succeeded(self) -> None:
        """Redis answered: end an outage, if there was one."""
        if self.down:
            self.down = False
            logger.warning("Redis limits %r reachable again", self.namespace)

    def noted(self, error: BaseException, what: str) -> None:
        """A failure that needs no decision (a release, a renewal, a penalty): log it."""
        logger.info("Redis limits %r: %s failed (%s)", self.namespace, what, type(error).__name__)
