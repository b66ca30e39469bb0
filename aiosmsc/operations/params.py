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
from decimal import Decimal, InvalidOperation
from typing import Any

from typing_extensions import TypedDict

from ..errors import ValidationError
from ..models.base import MOSCOW

__all__ = [
    "RESERVED_PARAMS",
    "Period",
    "amount_param",
    "date_param",
    "date_range",
    "flag",
    "int_param",
    "is_plain_phone",
    "new_client_id",
    "one_phone",
    "phone_key",
    "phone_list",
    "phone_param",
    "read_flag",
    "read_list",
    "text_id",
    "text_param",
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
_DATE_TEXT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


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


def date_param(value: dt.date | str, *, name: str, text: bool = False) -> str:
    """A day as the service writes it, ``dd.mm.yyyy`` (``start``/``end``, a birthday).

    A ``date``, or an aware ``datetime`` (its day in Moscow time, the service's zone); with
    ``text`` (where the argument's type offers it) also a ``dd.mm.yyyy`` string naming a
    real day. A naive ``datetime`` is refused: which day it falls on depends on a zone it
    does not name.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(
                f"{name} must be a date or a timezone-aware datetime, got {value!r}"
            )
        return value.astimezone(MOSCOW).strftime("%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if text and isinstance(value, str):
        match = _DATE_TEXT.fullmatch(value.strip())
        if match:
            day, month, year = (int(group) for group in match.groups())
            try:
                return dt.date(year, month, day).strftime("%d.%m.%Y")
            except ValueError:
                pass
        raise ValidationError(f"{name} must be a real day written 'dd.mm.yyyy', got {value!r}")
    allowed = (
        "a date, a timezone-aware datetime or 'dd.mm.yyyy'"
        if text
        else ("a date or a timezone-aware datetime")
    )
    raise ValidationError(f"{name} must be {allowed}, got {value!r}")


class Period(TypedDict, total=False):
    """The days a report covers (both ends included); each end is open when missing.

    A day is a ``date``, an aware ``datetime`` (its day in Moscow time) or ``"dd.mm.yyyy"``.
    """

    #: The first day.
    start: dt.date | str | None
    #: The last day; not before ``start``.
    end: dt.date | str | None


def date_range(start: dt.date | str | None, end: dt.date | str | None) -> dict[str, str]:
    """``start``/``end`` in wire form; refuses an ``end`` before ``start``."""
    wire: dict[str, str] = {}
    if start is not None:
        wire["start"] = date_param(start, name="start", text=True)
    if end is not None:
        wire["end"] = date_param(end, name="end", text=True)
    if "start" in wire and "end" in wire and _day(wire["end"]) < _day(wire["start"]):
        raise ValidationError(f"end ({wire['end']}) is before start ({wire['start']})")
    return wire


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d.%m.%Y").date()


def int_param(value: int, *, name: str, low: int, high: int | None = None) -> str:
    """A whole number in ``low..high`` (no bools, no floats)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{name} must be an integer, got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"{low}..{high}" if high is not None else f"at least {low}"
        raise ValidationError(f"{name} must be {bound}, got {value}")
    return str(value)


def one_phone(value: str, *, name: str) -> str:
    """Exactly one phone number."""
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string, got {value!r}")
    phones = phone_list(value, name=name)
    if len(phones) != 1:
        raise ValidationError(f"{name} must be one phone number, got {value!r}")
    return phones[0]


def phone_param(value: str) -> str:
    """Exactly one phone number, as the parameter ``phone``."""
    return one_phone(value, name="phone")


def text_id(value: str | int, *, name: str = "id") -> str:
    """An id the service gave (a short link's, an event notification's): a string or an
    integer, one line of at most 200 characters."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string or an integer, got {value!r}")
    return text_param(value, name=name, max_length=200)


def text_param(value: str, *, name: str, max_length: int = 1000) -> str:
    """A non-empty one-line string."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a non-empty string, got {value!r}")
    if any(ch in value for ch in "\r\n\x00"):
        raise ValidationError(f"{name} must be a single line")
    if len(value) > max_length:
        raise ValidationError(f"{name} is longer than {max_length} characters")
    return value


def amount_param(value: Decimal | int | str, *, name: str) -> str:
    """A positive amount of money, at most two decimal places."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise ValidationError(f"{name} must be a Decimal, an int or a string, got {value!r}")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(f"{name} must be an amount, got {value!r}") from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError(f"{name} must be a positive amount, got {value!r}")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(f"{name} has more than two decimal places: {value!r}")
    return format(amount.normalize(), "f") if amount == amount.to_integral() else str(amount)
