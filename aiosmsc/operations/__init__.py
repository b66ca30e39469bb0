"""One class per SMSC operation; :data:`OPERATIONS` finds them by facade path."""

from __future__ import annotations

from typing import Any

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

#: Facade path -> operation class, for :func:`aiosmsc.decode`.
OPERATIONS: dict[str, type[Operation[Any]]] = {
    cls.name: cls for cls in (Send, Cost, Status, Delete, Balance)
}
