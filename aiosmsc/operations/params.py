"""Validation and wire spelling of parameters shared by several operations.

Every check raises :class:`~aiosmsc.errors.ValidationError` naming the parameter, before
anything is sent. Values are written the way REFERENCE.md names them.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import ValidationError
from ..models.base import MOSCOW

__all__ = [
    "RESERVED_PARAMS",
    "flag",
    "is_plain_phone",
    "new_client_id",
    "phone_key",
    "phone_list",
    "read_flag",
    "read_list",
    "time_param",
    "two_items",
    "valid_param",
    "validate_id",
]

#: Parameters the client sets itself; passing them as extra parameters is refused.
RESERVED_PARAMS = frozenset({"login", "psw", "apikey", "fmt", "charset"})

_STRING_ID = re.compile(r"[A-Za-z0-9._-]{1,40}")
_PHONE_SEPARATORS = re.compile(r"[,;]")
_PLAIN_PHONE = re.compile(r"\+?[0-9]{1,20}")
#: Whether a string is a plain number (digits, maybe a leading ``+``): valid as it is,
#: for every channel but e-mail. The fast path of recipient checks.
is_plain_phone = _PLAIN_PHONE.fullmatch
_MAX_INT_ID = 2_147_483_647


def new_client_id() -> str:
    """A fresh client message id: 32 hex digits, inside the service's 40-character rule."""
    return uuid.uuid4().hex


@functools.lru_cache(maxsize=4096)
def phone_key(phone: str) -> str:
    """How recipients are matched: the digits of a phone (``+7 999 000-00-01`` and
    ``79990000001`` are one), or the lower-cased text when it has none (an address)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits or phone.strip().lower()


def validate_id(value: str | int, *, name: str = "id") -> str:
    """A message id as the service accepts it: 1..2147483647 or 1-40 of ``[A-Za-z0-9._-]``."""
    if isinstance(value, bool):
        raise ValidationError(f"{name} must be a string or an integer, not a bool")
    if isinstance(value, int):
        if not 1 <= value <= _MAX_INT_ID:
            raise ValidationError(f"{name} must be between 1 and {_MAX_INT_ID}, got {value}")
        return str(value)
    if not isinstance(value, str) or not _STRING_ID.fullmatch(value):
        raise ValidationError(
            f"{name} must be 1-40 characters of Latin letters, digits, '.', '-' or '_',"
            f" got {value!r}"
        )
    return value


def phone_list(phones: str | Iterable[str], *, name: str = "phones") -> tuple[str, ...]:
    """Phones (or e-mail addresses, ``G<n>`` groups) from a string or a sequence.

    A string may hold several numbers separated by ``,`` or ``;`` as the service allows;
    an element of a sequence must hold exactly one.
    """
    if isinstance(phones, str):
        items = [item.strip() for item in _PHONE_SEPARATORS.split(phones)]
        items = [item for item in items if item]
    else:
        items = []
        for item in phones:
            if isinstance(item, str) and _PLAIN_PHONE.fullmatch(item):
                items.append(item)  # the common case: digits, maybe a leading +
                continue
            if not isinstance(item, str):
                raise ValidationError(f"{name}: each phone must be a string, got {item!r}")
            stripped = item.strip()
            if not stripped or _PHONE_SEPARATORS.search(stripped):
                raise ValidationError(
                    f"{name}: {item!r} is not one phone (empty, or contains ',' or ';')"
                )
            items.append(stripped)
    if not items:
        raise ValidationError(f"{name} must name at least one recipient")
    for item in items:
        if any(ch in item for ch in "\r\n\t"):
            raise ValidationError(f"{name}: {item!r} contains a control character")
    return tuple(items)


def two_items(item: object, *, name: str) -> tuple[Any, Any]:
    """``item`` as a ``(phone, value)`` pair, or a ValidationError naming ``name``."""
    if isinstance(item, (str, bytes)) or not isinstance(item, (tuple, list)) or len(item) != 2:
        raise ValidationError(f"{name}: expected (phone, value) pairs, got {item!r}")
    return item[0], item[1]


def flag(value: bool | int | enum.IntEnum, *, name: str, allowed: Iterable[int]) -> str:
    """An integer switch (``0``/``1``/...) checked against ``allowed``."""
    number = int(value)
    options = tuple(allowed)
    if number not in options:
        raise ValidationError(f"{name} must be one of {options}, got {value!r}")
    return str(number)


def time_param(value: dt.datetime | dt.timedelta | str) -> dict[str, str]:
    """``time`` (and ``tz``) for a scheduled send.

    An aware datetime is written as ``DDMMYYhhmm`` in Moscow time with ``tz=0``; a
    timedelta as ``+m`` (minutes from now, rounded up); a string is passed as written
    (``h1-h2`` windows, ``0<unix ts>``, ...). A naive datetime is refused: its zone is
    ambiguous.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError("time must be a timezone-aware datetime")
        local = value.astimezone(MOSCOW)
        return {"time": local.strftime("%d%m%y%H%M"), "tz": "0"}
    if isinstance(value, dt.timedelta):
        minutes = math.ceil(value.total_seconds() / 60)
        if minutes < 1:
            raise ValidationError("time as a timedelta must be at least one minute ahead")
        return {"time": f"+{minutes}"}
    if isinstance(value, str) and value.strip() and "\n" not in value:
        return {"time": value.strip()}
    raise ValidationError(f"time must be a datetime, a timedelta or a string, got {value!r}")


def valid_param(value: dt.timedelta | int) -> str:
    """``valid`` (message lifetime): whole hours 1..24, or a timedelta written ``hh:mm``."""
    if isinstance(value, dt.timedelta):
        minutes = math.ceil(value.total_seconds() / 60)
        if not 1 <= minutes <= 24 * 60:
            raise ValidationError("valid must be between 1 minute and 24 hours")
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 24:
        raise ValidationError(f"valid must be 1..24 hours or a timedelta, got {value!r}")
    return str(value)


def read_flag(params: Mapping[str, Any], name: str) -> int:
    """An integer switch from request parameters as a caller of ``decode`` may spell them."""
    value = params.get(name)
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationError(f"params[{name!r}] must be an integer, got {value!r}") from None


def read_list(params: Mapping[str, Any], name: str) -> list[str]:
    """A comma list from request parameters (a string ``"a,b"`` or a sequence)."""
    value = params.get(name)
    if value is None:
        return []
    if isinstance(value, (str, int)):
        return [item.strip() for item in str(value).split(",")]
    return [str(item).strip() for item in value]
