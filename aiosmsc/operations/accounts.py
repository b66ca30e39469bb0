"""Operations of the accounts area: sub-clients (users.php) here, invoices and acts
(documents.php) in :mod:`.accounts_documents`. See aiosmsc/api/accounts.py for the facade.

Parameter names come from a third-party SDK (REFERENCE §10): the sub-client password is
sent as ``pswc`` (``psw`` is the account's own password).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from ..decoder.records import Layout
from ..errors import ValidationError
from ..models.accounts import Currency, SubclientStats, SubclientType
from ..models.data import ActionResult
from .accounts_documents import CreateInvoice, GetAct, GetInvoice
from .base import Operation, Reply, WireOperation
from .data_common import (
    action_reply,
    amount_param,
    date_range,
    extra_params,
    int_param,
    list_reply,
    one_phone,
    text_param,
)
from .params import flag

__all__ = [
    "OPERATIONS",
    "AddSubclient",
    "ChangeSubclient",
    "GetAllSubclientStats",
    "GetSubclientStats",
    "PaySubclient",
    "SubclientSettings",
    "login_param",
]

#: Parameters with their own argument on add/change: never through ``params=``.
_TYPED = frozenset(
    {"add", "chg", "user", "pswc", "password", "new_login", "type", "email", "phone", "fio"}
    | {"tariff", "curr", "tz", "sender", "notes"}
)
# fmt=1: a new sub-client's id alone; a payment's result and the balance left.
_ADD_LAYOUTS = (Layout(("id",), surplus="more"),)
_PAY_LAYOUTS = (Layout(("result", "balance"), short_ok=True, surplus="more"),)
_STATS_LAYOUTS = (
    Layout(
        ("user", "id", "type", "balance", "paid", "cnt", "cost"),
        numeric=frozenset({"type", "balance", "paid", "cnt", "cost"}),
        short_ok=True,
        surplus="more",
    ),
)


def login_param(value: str, *, name: str = "user") -> str:
    """A login: a non-empty one-line string without spaces or commas."""
    login = text_param(value, name=name, max_length=100)
    if any(ch.isspace() or ch == "," for ch in login):
        raise ValidationError(f"{name} must not contain spaces or commas, got {value!r}")
    return login


@attrs.frozen(slots=True)
class SubclientSettings:
    """Validated settings of a sub-client, in wire form (the password is not shown)."""

    wire: Mapping[str, str] = attrs.field(repr=False)

    @classmethod
    def build(
        cls,
        *,
        password: str | None = None,
        type: SubclientType | int | None = None,
        email: str | None = None,
        phone: str | None = None,
        fio: str | None = None,
        tariff: int | None = None,
        curr: Currency | int | None = None,
        tz: int | None = None,
        sender: str | None = None,
        notes: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> SubclientSettings:
        """Check each setting; ``params`` passes further users.php settings as written."""
        wire: dict[str, str] = {}
        if password is not None:
            wire["pswc"] = text_param(password, name="password", max_length=100)
        if type is not None:
            wire["type"] = flag(_whole(type, "type"), name="type", allowed=range(5))
        if email is not None:
            wire["email"] = text_param(email, name="email", max_length=200)
        if phone is not None:
            wire["phone"] = one_phone(phone, name="phone")
        if fio is not None:
            wire["fio"] = text_param(fio, name="fio", max_length=200)
        if tariff is not None:
            wire["tariff"] = int_param(tariff, name="tariff", low=0, high=8)
        if curr is not None:
            wire["curr"] = flag(_whole(curr, "curr"), name="curr", allowed=range(1, 6))
        if tz is not None:
            wire["tz"] = int_param(tz, name="tz", low=0, high=24)
        if sender is not None:
            wire["sender"] = text_param(sender, name="sender", max_length=100)
        if notes is not None:
            if not isinstance(notes, str):
                raise ValidationError(f"notes must be a string, got {notes!r}")
            wire["notes"] = notes
        wire.update(extra_params(params, typed=_TYPED))
        return cls(wire)


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{name} must be an integer, got {value!r}")
    return value


@attrs.frozen(slots=True)
class AddSubclient(Operation[ActionResult]):
    """Create a sub-client (``users.php?add=1``); the reply carries its id when the
    service gives one. Not idempotent."""

    name = "subclients.add"
    script = "users"
    idempotent = False

    user: str
    settings: SubclientSettings

    @classmethod
    def build(cls, user: str, settings: SubclientSettings) -> AddSubclient:
        """Validate the login; a new sub-client needs a password."""
        if "pswc" not in settings.wire:
            raise ValidationError("password is required for a new sub-client")
        return cls(login_param(user), settings)

    def params(self) -> dict[str, str]:
        return {"add": "1", "user": self.user, **self.settings.wire}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[ActionResult]:
        return action_reply(cls.name, cls.script, _ADD_LAYOUTS)


@attrs.frozen(slots=True)
class ChangeSubclient(Operation[ActionResult]):
    """Change a sub-client's settings or login (``users.php?chg=1``)."""

    name = "subclients.change"
    script = "users"

    user: str
    new_login: str | None
    settings: SubclientSettings

    @classmethod
    def build(
        cls, user: str, settings: SubclientSettings, *, new_login: str | None = None
    ) -> ChangeSubclient:
        """Validate the logins; something must change."""
        renamed = login_param(new_login, name="new_login") if new_login is not None else None
        if renamed is None and not settings.wire:
            raise ValidationError("nothing to change: give new_login or a setting")
        return cls(login_param(user), renamed, settings)

    def params(self) -> dict[str, str]:
        wire = {"chg": "1", "user": self.user}
        if self.new_login is not None:
            wire["new_login"] = self.new_login
        return {**wire, **self.settings.wire}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[ActionResult]:
        return action_reply(cls.name, cls.script)


@attrs.frozen(slots=True)
class PaySubclient(Operation[ActionResult]):
    """Move ``sum`` from the main account to a sub-client (``users.php?pay=1``).
    Not idempotent: a repeat pays twice."""

    name = "subclients.pay"
    script = "users"
    idempotent = False

    user: str
    sum: str

    @classmethod
    def build(cls, user: str, sum: Any) -> PaySubclient:
        """A positive amount with at most two decimal places."""
        return cls(login_param(user), amount_param(sum, name="sum"))

    def params(self) -> dict[str, str]:
        return {"pay": "1", "user": self.user, "sum": self.sum}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[ActionResult]:
        return action_reply(cls.name, cls.script, _PAY_LAYOUTS)


def _target(user: str | None, user_id: int | str | None) -> dict[str, str]:
    if user is not None and user_id is not None:
        raise ValidationError("give user or user_id, not both")
    if user is not None:
        return {"user": login_param(user)}
    if user_id is not None:
        if isinstance(user_id, bool) or not isinstance(user_id, (int, str)):
            raise ValidationError(f"user_id must be an integer or a string, got {user_id!r}")
        text = str(user_id).strip()
        if not text.isdigit():
            raise ValidationError(f"user_id must be a number, got {user_id!r}")
        return {"user_id": text}
    return {}


@attrs.frozen(slots=True)
class GetSubclientStats(WireOperation[list[SubclientStats]]):
    """Statistics of one sub-client (``users.php?get_stat=1``) for a period."""

    name = "subclients.stats"
    selector = "get_stat"
    script = "users"

    @classmethod
    def build(
        cls,
        user: str | None = None,
        *,
        user_id: int | str | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
    ) -> GetSubclientStats:
        """The sub-client by login (``user``) or id (``user_id``)."""
        target = _target(user, user_id)
        if not target:
            raise ValidationError("give user or user_id")
        return cls({**target, **date_range(start, end)})

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[SubclientStats]]:
        return list_reply(cls.name, cls.script, SubclientStats, _STATS_LAYOUTS)


@attrs.frozen(slots=True)
class GetAllSubclientStats(WireOperation[list[SubclientStats]]):
    """Statistics of every sub-client (``users.php?get_stat_all=1``) for a period.

    ``reseller``: 0 sub-clients on the main balance, 1 independent ones; ``hide_deleted``
    leaves deleted sub-clients out.
    """

    name = "subclients.stats_all"
    selector = "get_stat_all"
    script = "users"

    @classmethod
    def build(
        cls,
        *,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        reseller: int | None = None,
        hide_deleted: bool = False,
    ) -> GetAllSubclientStats:
        """Validate the period and the filters."""
        wire = date_range(start, end)
        if reseller is not None:
            wire["reseller"] = flag(_whole(reseller, "reseller"), name="reseller", allowed=(0, 1))
        if hide_deleted:
            wire["hide_deleted"] = "1"
        return cls(wire)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[SubclientStats]]:
        return list_reply(cls.name, cls.script, SubclientStats, _STATS_LAYOUTS)


#: Every operation class of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (
    AddSubclient,
    ChangeSubclient,
    PaySubclient,
    GetSubclientStats,
    GetAllSubclientStats,
    CreateInvoice,
    GetInvoice,
    GetAct,
)
