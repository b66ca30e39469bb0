"""Validators shared by the jobs and contacts operations.

Each check raises :class:`~aiosmsc.errors.ValidationError` naming the parameter, before
anything is sent (see also :mod:`.params`, shared by every area, and
:mod:`.extra_params`).
"""

from __future__ import annotations

import datetime as dt
import math

from ..errors import ValidationError
from .send import MAX_TEXT_LENGTH
from .send_options import CallParams

__all__ = ["call_param", "one_line", "text", "whole"]


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
