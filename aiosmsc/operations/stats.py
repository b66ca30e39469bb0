"""``get.php`` account figures: sending statistics per day (``get_stat``) and the
account's prices (``get_price``)."""

from __future__ import annotations

from typing import Any

import attrs
from typing_extensions import Unpack

from ..decoder.records import Layout
from ..models.data import StatsRow, Tariff
from .base import Operation, WireOperation
from .fields import FieldTable, switch
from .options import accept
from .params import Period
from .replies import ListReplies

__all__ = ["OPERATIONS", "GetStats", "GetTariffs", "StatsOptions"]


class StatsOptions(Period, total=False):
    """The period ``smsc.stats`` covers and how amounts are given (third-party names,
    meanings not documented; both ``False`` when missing)."""

    #: Amounts in the account's currency.
    mycur: bool
    #: The second balance.
    balance2: bool


_STATS_LAYOUTS = (
    Layout(
        ("date", "messages", "cnt", "cost"),
        numeric=frozenset({"messages", "cnt", "cost"}),
        short_ok=True,
        surplus="more",
    ),
)
_TARIFF_LAYOUTS = (
    Layout(
        ("country", "operator", "mcc", "mnc", "cost"),
        numeric=frozenset({"cost"}),
        short_ok=True,
        surplus="more",
    ),
)
_FIELDS = FieldTable(StatsOptions, {"mycur": switch, "balance2": switch})


@attrs.frozen(slots=True)
class GetStats(ListReplies, WireOperation[list[StatsRow]]):
    """Sending statistics for a period (``get.php?get_stat=1``)."""

    name = "stats"
    selector = "get_stat"
    script = "get"
    model = StatsRow
    layouts = _STATS_LAYOUTS

    @classmethod
    def build(cls, **options: Unpack[StatsOptions]) -> GetStats:
        """Validate the period and the switches."""
        accept(options, StatsOptions, where=f"{cls.name}()")
        return cls(_FIELDS.write(options))


@attrs.frozen(slots=True)
class GetTariffs(ListReplies, WireOperation[list[Tariff]]):
    """The account's prices (``get.php?get_price=1``)."""

    name = "tariffs"
    selector = "get_price"
    script = "get"
    model = Tariff
    layouts = _TARIFF_LAYOUTS


#: The operation classes of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (GetStats, GetTariffs)
