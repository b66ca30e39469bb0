"""Small data scripts: operator info (info.php), short links (tinyurls.php), dedicated
inbound numbers (receive_phones.php), call confirmation (wait_call.php) and event
notifications (ping.php)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..decoder.converter import structure
from ..decoder.document import Document
from ..decoder.records import Layout, one_record
from ..errors import ValidationError
from ..models.data import ActionResult, OperatorInfo, ReceivePhone, ShortLink, WaitCall
from .base import Operation, Reply
from .data_common import action_reply, list_reply, one_phone, text_param
from .params import flag

__all__ = [
    "BuyReceivePhone",
    "ChangeReceivePhone",
    "GetOperatorInfo",
    "GetShortLink",
    "ListReceivePhones",
    "NotifyEvent",
    "WaitCallRequest",
]

_OPERATOR_LAYOUTS = (
    Layout(
        ("operator", "region", "country", "mcc", "mnc", "tz"),
        numeric=frozenset({"tz"}),
        short_ok=True,
        surplus="more",
    ),
)
_COUNTS = frozenset({"cnt", "cnt_mon", "cnt_day", "cnt_yes"})
_SHORT_LINK_LAYOUTS = (
    Layout(
        ("id", "cnt", "cnt_mon", "cnt_day", "cnt_yes"),
        numeric=_COUNTS,
        short_ok=True,
        surplus="more",
    ),
)
_RECEIVE_PHONE_LAYOUTS = (
    Layout(
        ("phone", "cost", "active", "noprolong"),
        numeric=frozenset({"cost", "active", "noprolong"}),
        short_ok=True,
        surplus="more",
    ),
)
_WAIT_CALL_LAYOUTS = (Layout(("phone",), surplus="more"),)


def _phone(value: str) -> str:
    return one_phone(value, name="phone")


def _single(
    operation: str, script: str, model: type[Any], layouts: tuple[Layout, ...]
) -> Reply[Any]:
    def build(document: Document) -> Any:
        return structure(one_record(document, layouts), model)

    return Reply(operation, script, build)


@attrs.frozen(slots=True)
class GetOperatorInfo(Operation[OperatorInfo]):
    """The operator, country and region of a number (``info.php?get_operator=1``)."""

    name = "operator_info"
    script = "info"

    phone: str = attrs.field(converter=_phone)

    def params(self) -> dict[str, str]:
        return {"get_operator": "1", "phone": self.phone}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[OperatorInfo]:
        phone = params.get("phone")

        def build(document: Document) -> OperatorInfo:
            record = one_record(document, _OPERATOR_LAYOUTS)
            if phone and not record.get("phone"):
                record["phone"] = str(phone)
            return structure(record, OperatorInfo)

        return Reply(cls.name, cls.script, build)


@attrs.frozen(slots=True)
class GetShortLink(Operation[ShortLink]):
    """Click counts of a short link by its full ``link`` or its ``id``
    (``tinyurls.php?get=1``). An unknown link is error 3."""

    name = "short_link"
    script = "tinyurls"

    link: str | None = None
    id: str | None = None

    @classmethod
    def build(cls, *, link: str | None = None, id: str | int | None = None) -> GetShortLink:
        """Exactly one of ``link`` (the full URL) and ``id`` (the short-link id)."""
        if (link is None) == (id is None):
            raise ValidationError("give exactly one of link= and id=")
        if link is not None:
            return cls(link=text_param(link, name="link", max_length=4000))
        if isinstance(id, int) and not isinstance(id, bool):
            id = str(id)
        if not isinstance(id, str):
            raise ValidationError(f"id must be a string or an integer, got {id!r}")
        return cls(id=text_param(id, name="id", max_length=200))

    def params(self) -> dict[str, str]:
        if self.link is not None:
            return {"get": "1", "link": self.link}
        return {"get": "1", "id": str(self.id)}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[ShortLink]:
        link = params.get("link")

        def build(document: Document) -> ShortLink:
            record = one_record(document, _SHORT_LINK_LAYOUTS)
            if link and not record.get("link") and not record.get("url"):
                record["link"] = str(link)
            return structure(record, ShortLink)

        return Reply(cls.name, cls.script, build)


@attrs.frozen(slots=True)
class ListReceivePhones(Operation[list[ReceivePhone]]):
    """Dedicated inbound numbers on offer (``receive_phones.php?gets=1``)."""

    name = "receive_phones.list"
    script = "receive_phones"

    def params(self) -> dict[str, str]:
        return {"gets": "1"}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[ReceivePhone]]:
        return list_reply(cls.name, cls.script, ReceivePhone, _RECEIVE_PHONE_LAYOUTS)


@attrs.frozen(slots=True)
class BuyReceivePhone(Operation[ActionResult]):
    """Connect a dedicated number (``receive_phones.php?buy=1``); it costs money, and
    buying accepts the service's terms. Not idempotent."""

    name = "receive_phones.buy"
    script = "receive_phones"
    idempotent = False

    phone: str = attrs.field(converter=_phone)

    def params(self) -> dict[str, str]:
        return {"buy": "1", "phone": self.phone}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[ActionResult]:
        return action_reply(cls.name, cls.script)


@attrs.frozen(slots=True)
class ChangeReceivePhone(Operation[ActionResult]):
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
        return cls(one_phone(phone, name="phone"), noprolong)

    def params(self) -> dict[str, str]:
        return {"chg": "1", "phone": self.phone, "noprolong": "1" if self.noprolong else "0"}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[ActionResult]:
        return action_reply(cls.name, cls.script)


@attrs.frozen(slots=True)
class WaitCallRequest(Operation[WaitCall]):
    """Start a phone confirmation by incoming call (``wait_call.php``): the reply names
    the number the user must call. Not retried blindly: each request may start a new
    confirmation."""

    name = "wait_call"
    script = "wait_call"
    idempotent = False

    phone: str = attrs.field(converter=_phone)

    def params(self) -> dict[str, str]:
        return {"phone": self.phone}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[WaitCall]:
        return _single(cls.name, cls.script, WaitCall, _WAIT_CALL_LAYOUTS)


@attrs.frozen(slots=True)
class NotifyEvent(Operation[ActionResult]):
    """An event notification (``ping.php``), the service's site-monitoring helper.

    ``id`` names the notification; ``ok`` is 0 (notify on failure) or 1 (notify after a
    failure, on recovery); ``name``, ``host`` and ``info`` fill the notification's macros.
    """

    name = "notify_event"
    script = "ping"
    idempotent = False

    wire: Mapping[str, str]

    @classmethod
    def build(
        cls,
        id: str | int,
        *,
        ok: bool | int | None = None,
        name: str | None = None,
        host: str | None = None,
        info: str | None = None,
    ) -> NotifyEvent:
        """Validate the notification id, the ``ok`` switch and the macro values."""
        if isinstance(id, int) and not isinstance(id, bool):
            id = str(id)
        if not isinstance(id, str):
            raise ValidationError(f"id must be a string or an integer, got {id!r}")
        wire = {"id": text_param(id, name="id", max_length=200)}
        if ok is not None:
            if not isinstance(ok, int):
                raise ValidationError(f"ok must be 0 or 1, got {ok!r}")
            wire["ok"] = flag(ok, name="ok", allowed=(0, 1))
        for key, value in (("name", name), ("host", host), ("info", info)):
            if value is not None:
                wire[key] = text_param(value, name=key)
        return cls(wire)

    def params(self) -> dict[str, str]:
        return dict(self.wire)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[ActionResult]:
        return action_reply(cls.name, cls.script)
