"""``params=``: further request parameters passed as written, for what has no argument yet.

One rule for every operation that takes them (send aside, for now): a name must be a
non-empty string and may not be one the client sets itself (credentials, ``fmt``,
``charset``, in any letter case) nor one the operation has an argument for; a value is
written in wire form (:func:`wire_value`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from ..errors import ValidationError
from .params import RESERVED_PARAMS, date_param

__all__ = ["extra_params", "wire_value"]


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
        return date_param(value, name=name)
    if isinstance(value, (list, tuple)):
        items = [wire_value(item, name=name) for item in value]
        return ",".join(item for item in items if item is not None)
    raise ValidationError(f"{name}: cannot send a {type(value).__name__}")


def extra_params(
    params: Mapping[str, object] | None, *, typed: Iterable[str] = (), any_value: bool = False
) -> dict[str, str]:
    """``params`` in wire form, checked.

    ``typed`` names the parameters the operation has an argument for (or sets itself):
    they are refused here, so a value cannot arrive twice. Each value must be a string or
    an integer, as ``Mapping[str, str | int]`` declares, unless ``any_value`` (the
    ``Mapping[str, object]`` of ``request()`` and users.php settings): then whatever
    :func:`wire_value` writes, ``None`` leaving the parameter out.
    """
    taken = frozenset(typed)
    wire: dict[str, str] = {}
    for key, value in (params or {}).items():
        if not isinstance(key, str) or not key.strip():
            raise ValidationError(f"parameter names must be non-empty strings, got {key!r}")
        if key.lower() in RESERVED_PARAMS:
            raise ValidationError(f"params may not set {key!r}: the client sets it")
        if key in taken:
            raise ValidationError(f"params may not set {key!r}: it has its own argument")
        if not any_value and (isinstance(value, bool) or not isinstance(value, (str, int))):
            raise ValidationError(f"params[{key!r}] must be a string or an integer, got {value!r}")
        text = wire_value(value, name=key)
        if text is not None:
            wire[key] = text
    return wire
