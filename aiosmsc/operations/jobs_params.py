"""Validators shared by the jobs and contacts operations.

Each check raises :class:`~aiosmsc.errors.ValidationError` naming the parameter, before
anything is sent (see also :mod:`.params`, shared by every area).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from ..errors import ValidationError
from ..models.base import MOSCOW
from .params import RESERVED_PARAMS
from .send import MAX_TEXT_LENGTH
from .send_options import CallParams

__all__ = ["call_param", "date_param", "extra_params", "one_line", "text", "whole"]


def one_line(value: object, *, name: str) -> str:
    """A non-empty single-line string, or a ValidationError naming ``name``."""
    if not isinstance(value, str) or not value.strip() or "\n" in value or "\r" in value:
        raise ValidationError(f"{name} must be a non-empty single-line string, got {value!r}")
    return value


def text(value: object, *, name: str) -> str:
    """A message text of at most 1000 characters."""
    if not isinstance(value, str) or not value:
        raise ValidationError(f"{name} must be a non-empty string")
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationError(
            f"{name} is {len(value)} characters; the service accepts at most {MAX_TEXT_LENGTH}"
        )
    return value


def whole(value: object, *, name: str, unit: int, unit_name: str) -> str:
    """A positive whole number of ``unit`` seconds, from an int or a timedelta."""
    if isinstance(value, dt.timedelta):
        count = value.total_seconds() / unit
        if count < 1 or not math.isclose(count, round(count)):
            raise ValidationError(f"{name} must be a whole number of {unit_name}, at least one")
        return str(round(count))
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"{name} must be a positive number of {unit_name}, got {value!r}")
    return str(value)


def date_param(value: dt.date, *, name: str) -> str:
    """A date as ``dd.mm.yyyy`` (the form ``get.php`` documents for ``start``/``end``).

    An aware datetime is taken in Moscow time; a naive datetime is refused.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(f"{name} must be a date or a timezone-aware datetime")
        value = value.astimezone(MOSCOW).date()
    elif not isinstance(value, dt.date):
        raise ValidationError(f"{name} must be a date, got {value!r}")
    return value.strftime("%d.%m.%Y")


def extra_params(params: Mapping[str, str | int] | None, typed: frozenset[str]) -> dict[str, str]:
    """Other parameters passed as written; refuses the typed and reserved ones."""
    wire: dict[str, str] = {}
    for name, value in (params or {}).items():
        if name in RESERVED_PARAMS or name in typed:
            raise ValidationError(
                f"params may not set {name!r}: it has its own argument or is set by the client"
            )
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValidationError(f"params[{name!r}] must be a string or an integer")
        wire[name] = str(value)
    return wire


def call_param(value: CallParams | str | tuple[int, int, int]) -> str:
    """``param`` of a voice call: ``wait,interval,tries`` (three non-negative integers)."""
    if isinstance(value, CallParams):
        return value.wire()
    parts = value.split(",") if isinstance(value, str) else list(value)
    if len(parts) != 3:
        raise ValidationError(f"param must be (wait, interval, tries), got {value!r}")
    numbers = []
    for part in parts:
        if isinstance(part, str) and part.strip().isdigit():
            numbers.append(str(int(part)))
        elif isinstance(part, int) and not isinstance(part, bool) and part >= 0:
            numbers.append(str(part))
        else:
            raise ValidationError(f"param must hold three non-negative integers, got {value!r}")
    return ",".join(numbers)
