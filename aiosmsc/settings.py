"""The client's numeric settings, checked in one place before anything is built on them.

A number that is accepted and then misbehaves is worse than a refusal: ``rate_limit=1e-320``
would make the schedule's interval infinite (no limit at all), ``10**400`` overflow a
float later, ``failover_cooldown=-1`` quietly turn failover off. Each setting has a
range that makes sense for it; anything outside, or not a number, is a
:class:`ConfigurationError` naming the argument.
"""

from __future__ import annotations

from .errors import ConfigurationError

__all__ = [
    "BURST_RANGE",
    "CONCURRENCY_RANGE",
    "COOLDOWN_RANGE",
    "RATE_RANGE",
    "TIMEOUT_RANGE",
    "check_client_settings",
    "real_number",
    "seconds",
    "whole_number",
]

DAY = 86400.0
#: Requests per second: from one a day to a million.
RATE_RANGE = (1 / DAY, 1e6)
#: Seconds a failed host is avoided.
COOLDOWN_RANGE = (0.001, DAY)
#: Seconds of any one timeout.
TIMEOUT_RANGE = (0.001, DAY)
#: Requests in flight at once, and requests let through at once after idle time.
CONCURRENCY_RANGE = (1, 1000)
BURST_RANGE = (1, 1_000_000)


def real_number(name: str, value: object, bounds: tuple[float, float], unit: str) -> float:
    """``value`` as a float within ``bounds`` (in ``unit``), else a
    :class:`ConfigurationError` naming ``name``."""
    low, high = bounds
    # Compared before float(): an int like 10**400 is out of range, not an OverflowError.
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not low <= value <= high  # NaN fails here too
    ):
        raise ConfigurationError(f"{name} must be {unit} from {low:g} to {high:g}, got {value!r}")
    return float(value)


def seconds(name: str, value: object, bounds: tuple[float, float] = TIMEOUT_RANGE) -> float:
    """``value`` as seconds within ``bounds``, else a :class:`ConfigurationError`."""
    return real_number(name, value, bounds, "seconds")


def whole_number(name: str, value: object, bounds: tuple[int, int]) -> int:
    """``value`` as an integer within ``bounds``, else a :class:`ConfigurationError`."""
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigurationError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    return value


def check_client_settings(
    *,
    max_concurrency: object,
    rate_limit: object,
    burst: object,
    failover_cooldown: object,
) -> None:
    """Refuse the numeric settings of ``AsyncSMSC`` that are out of range (``timeout``
    is checked by :meth:`~aiosmsc.transport.Timeouts.coerce`, ``max_retries`` by
    :func:`~aiosmsc.retry.check_retries`)."""
    whole_number("max_concurrency", max_concurrency, CONCURRENCY_RANGE)
    if rate_limit is not None:
        real_number("rate_limit", rate_limit, RATE_RANGE, "requests per second")
    whole_number("burst", burst, BURST_RANGE)
    if rate_limit is None and burst != 1:
        raise ConfigurationError(f"burst={burst!r} has no effect without rate_limit")
    seconds("failover_cooldown", failover_cooldown, COOLDOWN_RANGE)
