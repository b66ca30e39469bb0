"""``info.php``: the operator, country and region of a phone number."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..decoder.records import Layout
from ..models.data import OperatorInfo
from .base import Operation, Reply
from .params import phone_param
from .replies import one_record_reply

__all__ = ["OPERATIONS", "GetOperatorInfo"]

_OPERATOR_LAYOUTS = (
    Layout(
        ("operator", "region", "country", "mcc", "mnc", "tz"),
        numeric=frozenset({"tz"}),
        short_ok=True,
        surplus="more",
    ),
)


@attrs.frozen(slots=True)
class GetOperatorInfo(Operation[OperatorInfo]):
    """The operator, country and region of a number (``info.php?get_operator=1``)."""

    name = "operator_info"
    script = "info"

    phone: str = attrs.field(converter=phone_param)

    def params(self) -> dict[str, str]:
        return {"get_operator": "1", "phone": self.phone}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[OperatorInfo]:
        asked = {"phone": params.get("phone")}
        return one_record_reply(cls.name, cls.script, OperatorInfo, _OPERATOR_LAYOUTS, asked=asked)


#: The operation classes of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (GetOperatorInfo,)
