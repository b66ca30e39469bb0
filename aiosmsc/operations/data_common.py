"""Helpers shared by the data and accounts operations: parameter checks, list replies
(an empty body is an empty list) and short success replies."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from ..decoder.converter import structure
from ..decoder.document import Document
from ..decoder.records import Layout, Record, one_record, record_rows
from ..errors import ValidationError
from ..models.base import MOSCOW
from ..models.data import ActionResult
from .base import Reply
from .params import RESERVED_PARAMS, phone_list

__all__ = [
    "ACTION_LAYOUTS",
    "action_reply",
    "amount_param",
    "date_param",
    "date_range",
    "extra_params",
    "int_param",
    "list_reply",
    "one_phone",
    "text_param",
    "wire_value",
]

T = TypeVar("T")
M = TypeVar("M")

_DATE_TEXT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")

#: fmt=1 forms of a short success reply: ``1``, ``OK``, ``1,<cost>,<balance>``.
ACTION_LAYOUTS = (Layout(("result", "cost", "balance"), short_ok=True, surplus="more"),)


def list_reply(
    operation: str, script: str, model: type[M], layouts: tuple[Layout, ...] = ()
) -> Reply[list[M]]:
    """The reply of a list request: every row structured as ``model``, in reply order."""

    def build(document: Document) -> list[M]:
        if document.kind == "json" and document.value in ({}, None):
            return []
        return [structure(row, model) for row in record_rows(document, layouts) if row]

    return Reply(operation, script, build, empty=list)


def action_reply(
    operation: str, script: str, layouts: tuple[Layout, ...] = ACTION_LAYOUTS
) -> Reply[ActionResult]:
    """A short success reply of any shape: ``OK``, ``1``, ``{"result": "OK"}``, ``{}``;
    ``layouts`` name the fields of an fmt=1 reply."""

    def build(document: Document) -> ActionResult:
        if document.kind == "json" and not isinstance(document.value, dict):
            items = document.value if isinstance(document.value, list) else [document.value]
            if not items:
                return ActionResult()
            if len(items) != 1 or not isinstance(items[0], dict):
                return structure({"result": _text(document.value)}, ActionResult)
        record: Record = one_record(document, layouts)
        return structure(record, ActionResult)

    return Reply(operation, script, build, empty=lambda: ActionResult(result=None))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


def date_param(value: dt.date | str, *, name: str) -> str:
    """A day as the service writes it, ``dd.mm.yyyy``.

    A ``date``, a ``datetime`` (an aware one is first moved to Moscow time, the service's
    zone; a naive one is taken as written) or a ``dd.mm.yyyy`` string.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(MOSCOW)
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str):
        match = _DATE_TEXT.fullmatch(value.strip())
        if match:
            day, month, year = (int(group) for group in match.groups())
            try:
                return dt.date(year, month, day).strftime("%d.%m.%Y")
            except ValueError:
                pass
    raise ValidationError(f"{name} must be a date, a datetime or 'dd.mm.yyyy', got {value!r}")


def date_range(start: dt.date | str | None, end: dt.date | str | None) -> dict[str, str]:
    """``start``/``end`` in wire form; refuses an ``end`` before ``start``."""
    wire: dict[str, str] = {}
    if start is not None:
        wire["start"] = date_param(start, name="start")
    if end is not None:
        wire["end"] = date_param(end, name="end")
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


def wire_value(value: object, *, name: str) -> str | None:
    """A parameter value in wire form; ``None`` leaves the parameter out.

    ``bool`` is ``1``/``0``, numbers their text, a ``date`` ``dd.mm.yyyy``, a list or
    tuple a comma list. A ``datetime`` is refused: each script wants its own format.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, Decimal)):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError(f"{name} must be a finite number")
        return repr(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        raise ValidationError(f"{name}: write the datetime in the format the script expects")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, (list, tuple)):
        items = [wire_value(item, name=name) for item in value]
        return ",".join(item for item in items if item is not None)
    raise ValidationError(f"{name}: cannot send a {type(value).__name__}")


def extra_params(
    params: Mapping[str, object] | None, *, typed: Iterable[str] = ()
) -> dict[str, str]:
    """Further parameters passed as written; names the client or an argument sets are
    refused."""
    taken = frozenset(typed)
    wire: dict[str, str] = {}
    for key, value in (params or {}).items():
        if not isinstance(key, str) or not key.strip():
            raise ValidationError(f"parameter names must be non-empty strings, got {key!r}")
        if key.lower() in RESERVED_PARAMS:
            raise ValidationError(f"params may not set {key!r}: the client sets it")
        if key in taken:
            raise ValidationError(f"params may not set {key!r}: it has its own argument")
        text = wire_value(value, name=key)
        if text is not None:
            wire[key] = text
    return wire
