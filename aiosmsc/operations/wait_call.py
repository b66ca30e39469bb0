"""``wait_call.php``: confirming a phone number by an incoming call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..decoder.records import Layout
from ..models.data import WaitCall
from .base import Operation, Reply
from .params import phone_param
from .replies import one_record_reply

__all__ = ["OPERATIONS", "WaitCallRequest"]

_WAIT_CALL_LAYOUTS = (Layout(("phone",), surplus="more"),)


@attrs.frozen(slots=True)
class WaitCallRequest(Operation[WaitCall]):
    """Start a phone confirmation by incoming call (``wait_call.php``): the reply names
    the number the user must call. Not retried blindly: each request may start a new
    confirmation."""

    name = "wait_call"
    script = "wait_call"
    idempotent = False

    phone: str = attrs.field(converter=phone_param)

    def params(self) -> dict[str, str]:
        return {"phone": self.phone}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[WaitCall]:
        return one_record_reply(cls.name, cls.script, WaitCall, _WAIT_CALL_LAYOUTS)


#: The operation classes of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (WaitCallRequest,)
