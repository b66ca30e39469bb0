"""Optional fields of a request, checked and written from one table per option family.

Many builders take a family of optional keywords (``**options: Unpack[Family]``), check
each one that is given and write it in wire form, then add ``params=``. A
:class:`FieldTable` says how once — a check per field, the wire names that differ —
instead of an ``if x is not None: wire["x"] = check(x)`` ladder in every builder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, cast

import attrs

from ..errors import ValidationError
from .extra_params import extra_params
from .options import option_names
from .params import Period, date_range

__all__ = ["Check", "FieldTable", "switch"]

#: ``check(value, name=option)``: the value in wire form, or ``None`` to leave it out.
Check = Callable[..., "str | None"]


def switch(value: object, *, name: str) -> str | None:
    """An on/off option: ``1`` when on, left out when off."""
    if not isinstance(value, (bool, int)) or int(value) not in (0, 1):
        raise ValidationError(f"{name} must be True or False, got {value!r}")
    return "1" if value else None


_PERIOD = option_names(Period)


def _frozen(names: frozenset[str] | set[str]) -> frozenset[str]:
    return frozenset(names)


@attrs.frozen(slots=True)
class FieldTable:
    """How the optional fields of ``family`` (a ``TypedDict``) go on the wire.

    ``checks`` maps an option to its check; an option missing or ``None`` is left out.
    ``wire_names`` renames options on the wire (``password`` -> ``pswc``). ``reserved``
    are further parameters ``params=`` may not set (selectors, the fields other
    arguments fill); the options and their wire names are refused there too. A family
    that extends :class:`~.params.Period` has ``start``/``end`` written first (checked in
    order, :func:`~.params.date_range`); a ``params`` option is written last
    (``any_value``: see :func:`~.extra_params.extra_params`).
    """

    family: Any
    checks: Mapping[str, Check]
    wire_names: Mapping[str, str] = attrs.field(factory=dict)
    reserved: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen)
    any_value: bool = False

    def __attrs_post_init__(self) -> None:
        undeclared = (self.checks.keys() | self.wire_names.keys()) - option_names(self.family)
        if undeclared:  # a typo in a table, caught on import
            raise TypeError(f"{self.family.__name__} declares no {sorted(undeclared)}")

    @property
    def period(self) -> bool:
        """Whether the family has ``start``/``end`` (extends :class:`~.params.Period`)."""
        return option_names(self.family) >= _PERIOD

    @property
    def taken(self) -> frozenset[str]:
        """The parameter names ``params=`` may not set."""
        names = self.reserved | self.checks.keys() | frozenset(self.wire_names.values())
        return names | _PERIOD if self.period else names

    def write(self, options: Mapping[str, object]) -> dict[str, str]:
        """The period, the fields given in ``options``, checked, in wire form, then
        ``params``."""
        wire: dict[str, str] = {}
        if self.period:
            days = cast("Mapping[str, dt.date | str | None]", options)
            wire.update(date_range(days.get("start"), days.get("end")))
        for option, check in self.checks.items():
            value = options.get(option)
            if value is None:
                continue
            text = check(value, name=option)
            if text is not None:
                wire[self.wire_names.get(option, option)] = text
        extra = cast("Mapping[str, object] | None", options.get("params"))
        if extra is not None:
            wire.update(extra_params(extra, typed=self.taken, any_value=self.any_value))
        return wire

    def write_changes(self, changes: Mapping[str, object], *, give: str) -> dict[str, str]:
        """:meth:`write` for a change request, which must change something: ``give`` names
        what the caller could have given."""
        wire = self.write(changes)
        if not wire:
            raise ValidationError(f"nothing to change: give {give}")
        return wire
