"""Step 2 of decoding: plain records to typed models, with one cattrs converter.

Values arrive as JSON numbers or strings, XML text or fmt=0/1 fields, so every hook is
lenient about the spelling and strict about the meaning:

- ``int``: ``7``, ``"7"``, ``" 7 "``, ``7.0``, ``"7.0"``;
- ``Decimal`` (money): ``"1871.62"``, ``1871.62``, ``"1 871,62"``;
- numbers are bounded before any work is done on them (:data:`MAX_NUMBER_CHARS`,
  :data:`MAX_EXPONENT`): a hostile ``"1e999999"`` is refused, not expanded;
- ``datetime``: unix timestamps (UTC) and ``dd.mm.yyyy hh:mm[:ss]`` dates (Moscow time);
- ``str``: numbers are turned back into their text (ids, phones);
- code enums (``MessageStatus | int``): a known code becomes the member, an unknown one
  stays a plain ``int``;
- ``X | None``: an empty string or ``None`` is ``None``;
- models: keys the model does not know go to ``extra``; aliases map other spellings.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, Union

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from ..models.base import MOSCOW, Model

__all__ = ["converter", "structure"]

T = TypeVar("T")

converter = cattrs.Converter(detailed_validation=False)

_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


#: A number's text longer than this is refused before converting: ids, counts, codes,
#: timestamps and money all fit many times over, and conversion cost grows with size.
MAX_NUMBER_CHARS = 64
#: Bound on a number's decimal exponent (``1e999999`` is 28 bytes but a million-digit
#: integer, and Decimal arithmetic on it overflows): magnitudes from 1e-30 to 1e30.
MAX_EXPONENT = 30


def _number_text(value: str, what: str) -> str:
    text = value.strip()
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError(f"{what} of {len(text)} characters (at most {MAX_NUMBER_CHARS})")
    return text


def _bounded(number: Decimal, what: str) -> Decimal:
    if not number.is_finite():
        raise ValueError(f"not {what}: {number}")
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise ValueError(f"{what} out of range: {number:.3e}")
    return number


def _to_int(value: Any, _: Any = None) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return int(_bounded(Decimal(value), "an integer"))
    if isinstance(value, str):
        text = _number_text(value, "an integer")
        try:
            return int(text)
        except ValueError:
            number = _decimal(text, "an integer")
            if number == number.to_integral_value():
                return int(number)
    raise ValueError(f"not an integer: {value!r}")


def _to_decimal(value: Any, _: Any = None) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    if isinstance(value, Decimal):
        return _bounded(value, "an amount")
    if isinstance(value, (int, float)):
        return _bounded(Decimal(str(value)), "an amount")
    if isinstance(value, str):
        return _decimal(_number_text(value, "an amount"), "an amount")
    raise ValueError(f"not an amount: {value!r}")


def _decimal(text: str, what: str) -> Decimal:
    """``"1871.62"``, ``"1 871,62"``: a bounded Decimal, else a ``ValueError``."""
    text = text.replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not {what}: {text!r}") from None
    return _bounded(number, what)


def _to_str(value: Any, _: Any = None) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"not a text value: {value!r}")


def _to_datetime(value: Any, _: Any = None) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=MOSCOW)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_timestamp(value)
    if isinstance(value, str):
        text = _number_text(value, "a date")
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            return _from_timestamp(float(text))
        match = _DATE.fullmatch(text)
        if match:
            day, month, year, hour, minute, second = (int(g or 0) for g in match.groups())
            return dt.datetime(year, month, day, hour, minute, second, tzinfo=MOSCOW)
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=MOSCOW)
    raise ValueError(f"not a date or timestamp: {value!r}")


def _from_timestamp(seconds: float) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"timestamp out of range: {seconds!r}") from None


def _to_date(value: Any, _: Any = None) -> dt.date:
    """A day (a birthday): any date form :func:`_to_datetime` reads, as its Moscow date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return _to_datetime(value).astimezone(MOSCOW).date()


converter.register_structure_hook(int, _to_int)
converter.register_structure_hook(Decimal, _to_decimal)
converter.register_structure_hook(str, _to_str)
converter.register_structure_hook(dt.datetime, _to_datetime)
converter.register_structure_hook(dt.date, _to_date)


def _union_args(tp: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(tp)
    if origin is Union or origin is types.UnionType:
        return typing.get_args(tp)
    return None


def _is_optional(tp: Any) -> bool:
    args = _union_args(tp)
    return args is not None and type(None) in args


def _optional_hook(tp: Any) -> Callable[[Any, Any], Any]:
    rest = tuple(arg for arg in typing.get_args(tp) if arg is not type(None))
    inner: Any = rest[0] if len(rest) == 1 else Union[rest]  # noqa: UP007

    def structure_optional(value: Any, _: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return converter.structure(value, inner)

    return structure_optional


def _code_enum(tp: Any) -> type[enum.IntEnum] | None:
    args = _union_args(tp)
    if args is None or len(args) != 2 or int not in args:
        return None
    other = args[0] if args[1] is int else args[1]
    if isinstance(other, type) and issubclass(other, enum.IntEnum):
        return other
    return None


def _code_hook(tp: Any) -> Callable[[Any, Any], Any]:
    table = _code_enum(tp)
    assert table is not None

    def structure_code(value: Any, _: Any) -> int:
        code = _to_int(value)
        try:
            return table(code)
        except ValueError:
            return code

    return structure_code


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Model)


def _model_hook(cls: type[Model]) -> Callable[[Any, Any], Model]:
    build = make_dict_structure_fn(cls, converter)
    names = frozenset(field.name for field in attrs.fields(cls)) - {"extra"}
    aliases = cls.aliases

    def structure_model(value: Any, _: Any) -> Model:
        if not isinstance(value, Mapping):
            raise ValueError(f"expected a record for {cls.__name__}, got {value!r}")
        known: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, item in value.items():
            if key in names:
                known[key] = item
        for key, item in value.items():
            if key in names:
                continue
            target = aliases.get(key)
            if target is not None and target not in known:
                known[target] = item
            else:
                extra[key] = item
        known["extra"] = extra
        return build(known, cls)

    return structure_model


def _tuple_of_models(tp: Any) -> bool:
    if typing.get_origin(tp) is not tuple:
        return False
    args = typing.get_args(tp)
    return len(args) == 2 and args[1] is Ellipsis and _is_model(args[0])


def _tuple_hook(tp: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    item_type = typing.get_args(tp)[0]

    def structure_items(value: Any, _: Any) -> tuple[Any, ...]:
        # XML wraps lists (``<phones><phone>..</phone></phones>``); JSON may give one object.
        while isinstance(value, Mapping) and len(value) == 1:
            (inner,) = value.values()
            if not isinstance(inner, (Mapping, list)):
                break
            value = inner
        items = value if isinstance(value, list) else [value]
        return tuple(converter.structure(item, item_type) for item in items)

    return structure_items


converter.register_structure_hook_factory(_is_optional, _optional_hook)
converter.register_structure_hook_factory(lambda tp: _code_enum(tp) is not None, _code_hook)
converter.register_structure_hook_factory(_tuple_of_models, _tuple_hook)
converter.register_structure_hook_factory(_is_model, _model_hook)


def _is_mapping(tp: Any) -> bool:
    return typing.get_origin(tp) in (Mapping, dict)


converter.register_structure_hook_func(_is_mapping, lambda value, _: dict(value))


def structure(record: Any, cls: type[T]) -> T:
    """Turn a plain record into ``cls``; raises ``ValueError``/``TypeError`` on bad data."""
    return converter.structure(record, cls)
