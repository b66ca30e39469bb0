"""One class per SMSC operation; :data:`OPERATIONS` finds them by facade path."""

from __future__ import annotations

from typing import Any

from . import (
    accounts,
    channels,
    contacts,
    history,
    jobs,
    notify_event,
    operator_info,
    raw_request,
    receive_phones,
    senders,
    short_links,
    stats,
    templates,
    wait_call,
)
from .balance import Balance
from .base import Operation, Reply
from .send import Cost, CostMode, Message, Send, Translit
from .status import Delete, Status

__all__ = [
    "OPERATIONS",
    "Balance",
    "Cost",
    "CostMode",
    "Delete",
    "Message",
    "Operation",
    "Reply",
    "Send",
    "Status",
    "Translit",
]


def _registry() -> dict[str, type[Operation[Any]]]:
    registry: dict[str, type[Operation[Any]]] = {}
    classes: list[type[Operation[Any]]] = [Send, Cost, Status, Delete, Balance]
    modules = (
        channels,
        senders,
        templates,
        jobs,
        contacts,
        accounts,
        history,
        stats,
        operator_info,
        short_links,
        receive_phones,
        wait_call,
        notify_event,
        raw_request,
    )
    for module in modules:
        classes.extend(module.OPERATIONS)
    for cls in classes:
        if cls.name in registry:
            raise RuntimeError(f"two operations are named {cls.name!r}")
        registry[cls.name] = cls
    return registry


#: Facade path (``"send"``, ``"senders.list"``) -> operation class, for ``aiosmsc.decode``.
OPERATIONS: dict[str, type[Operation[Any]]] = _registry()
