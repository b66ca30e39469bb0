"""``receive_phones.php``: dedicated inbound numbers — those on offer, buying one, and
its monthly renewal."""

from __future__ import annotations

from typing import Any

import attrs

from ..decoder.records import Layout
from ..errors import ValidationError
from ..models.data import ActionResult, ReceivePhone
from .base import Operation, WireOperation
from .params import phone_param
from .replies import ActionReplies, ListReplies

__all__ = ["OPERATIONS", "BuyReceivePhone", "ChangeReceivePhone", "ListReceivePhones"]

_RECEIVE_PHONE_LAYOUTS = (
    Layout(
        ("phone", "cost", "active", "noprolong"),
        numeric=frozenset({"cost", "active", "noprolong"}),
        short_ok=True,
        surplus="more",
    ),
)


@attrs.frozen(slots=True)
class ListReceivePhones(ListReplies, WireOperation[list[ReceivePhone]]):
    """Dedicated inbound numbers on offer (``receive_phones.php?gets=1``)."""

    name = "receive_phones.list"
    selector = "gets"
    script = "receive_phones"
    model = ReceivePhone
    layouts = _RECEIVE_PHONE_LAYOUTS


@attrs.frozen(slots=True)
class BuyReceivePhone(ActionReplies, Operation[ActionResult]):
    """Connect a dedicated number (``receive_phones.php?buy=1``); it costs money, and
    buying accepts the service's terms. Not idempotent."""

    name = "receive_phones.buy"
    script = "receive_phones"
    idempotent = False

    phone: str = attrs.field(converter=phone_param)

    def params(self) -> dict[str, str]:
        return {"buy": "1", "phone": self.phone}


@attrs.frozen(slots=True)
class ChangeReceivePhone(ActionReplies, Operation[ActionResult]):
    """Switch the monthly auto-renewal of a connected number
    (``receive_phones.php?chg=1``, ``noprolong=1`` turns renewal off)."""

    name = "receive_phones.change"
    script = "receive_phones"

    phone: str
    noprolong: bool

    @classmethod
    def build(cls, phone: str, *, noprolong: bool) -> ChangeReceivePhone:
        """Validate the phone and the flag."""
        if not isinstance(noprolong, bool):
            raise ValidationError(f"noprolong must be True or False, got {noprolong!r}")
        return cls(phone_param(phone), noprolong)

    def params(self) -> dict[str, str]:
        return {"chg": "1", "phone": self.phone, "noprolong": "1" if self.noprolong else "0"}


#: The operation classes of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (
    ListReceivePhones,
    BuyReceivePhone,
    ChangeReceivePhone,
)
