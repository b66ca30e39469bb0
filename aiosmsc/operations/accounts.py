"""Operations of the accounts area: sub-clients (users.php) here, invoices and acts
(documents.php) in :mod:`.accounts_documents`. See aiosmsc/api/accounts.py for the facade.

Parameter names come from a third-party SDK (REFERENCE §10). The sub-client password's
name is unsure: one SDK sends ``pswc``, another ``password``; it is sent as ``pswc``
(``psw`` is the account's own password) and the emulator takes either (see
docs/api-coverage.md).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
from typing_extensions import TypedDict, Unpack

from ..decoder.records import Layout
from ..errors import ValidationError
from ..models.accounts import Currency, SubclientStats, SubclientType
from ..models.data import ActionResult
from .accounts_documents import CreateInvoice, GetAct, GetInvoice, user_id_param
from .base import Operation, WireOperation
from .fields import Check, FieldTable, switch
from .options import accept
from .params import Period, amount_param, date_range, flag, int_param, one_phone, text_param
from .replies import ActionReplies, ListReplies

__all__ = [
    "OPERATIONS",
    "AddSubclient",
    "AllSubclientStatsFilters",
    "ChangeSubclient",
    "GetAllSubclientStats",
    "GetSubclientStats",
    "PaySubclient",
    "SubclientChanges",
    "SubclientOptions",
    "SubclientStatsFilters",
    "login_param",
]


class SubclientOptions(TypedDict, total=False):
    """The settings of a sub-client (users.php); each is left unset when missing."""

    #: Whose tariff and balance it uses (:class:`~aiosmsc.models.accounts.SubclientType`).
    type: SubclientType | int | None
    #: Its e-mail address.
    email: str | None
    #: Its phone.
    phone: str | None
    #: Its owner's full name.
    fio: str | None
    #: Its tariff, 0..8.
    tariff: int | None
    #: Its currency (:class:`~aiosmsc.models.accounts.Currency`).
    curr: Currency | int | None
    #: Its time zone: 0..24 = GMT-12..GMT+12.
    tz: int | None
    #: Its default sender name.
    sender: str | None
    #: Notes about it (may span lines).
    notes: str | None
    #: Further users.php settings, passed as written (``bool`` as 1/0, ``None`` left out).
    params: Mapping[str, object] | None


class SubclientChanges(SubclientOptions, total=False):
    """What ``smsc.subclients.change`` may change: the login, the password, the settings."""

    #: The sub-client's new login.
    new_login: str | None
    #: The sub-client's new password.
    password: str | None


class SubclientStatsFilters(Period, total=False):
    """Whose statistics ``smsc.subclients.stats`` reads, besides the login, and for when."""

    #: The sub-client's id (instead of its login).
    user_id: int | str | None


class AllSubclientStatsFilters(Period, total=False):
    """Which sub-clients ``smsc.subclients.stats_all`` covers, and for when."""

    #: 0: the sub-clients on your balance; 1: the independent ones; missing: both.
    reseller: int | None
    #: Leave deleted sub-clients out (default ``False``).
    hide_deleted: bool


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


def _choice(allowed: Iterable[int]) -> Check:
    """A check of an integer switch (no bools) among ``allowed``."""
    options = tuple(allowed)

    def check(value: object, *, name: str) -> str:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{name} must be an integer, got {value!r}")
        return flag(value, name=name, allowed=options)

    return check


def _notes(value: object, *, name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string, got {value!r}")
    return value


_SETTINGS = FieldTable(
    SubclientChanges,
    {
        "new_login": login_param,
        "password": functools.partial(text_param, max_length=100),
        "type": _choice(range(5)),
        "email": functools.partial(text_param, max_length=200),
        "phone": one_phone,
        "fio": functools.partial(text_param, max_length=200),
        "tariff": functools.partial(int_param, low=0, high=8),
        "curr": _choice(range(1, 6)),
        "tz": functools.partial(int_param, low=0, high=24),
        "sender": functools.partial(text_param, max_length=100),
        "notes": _notes,
    },
    # the sub-client's password is ``pswc``: ``psw`` is the account's own
    wire_names={"password": "pswc"},
    reserved={"add", "chg", "user"},
    any_value=True,
)
_ALL_STATS_FILTERS = FieldTable(
    AllSubclientStatsFilters, {"reseller": _choice((0, 1)), "hide_deleted": switch}
)


@attrs.frozen(slots=True)
class AddSubclient(ActionReplies, Operation[ActionResult]):
    """Create a sub-client (``users.php?add=1``); the reply carries its id when the
    service gives one. Not idempotent."""

    name = "subclients.add"
    script = "users"
    idempotent = False
    layouts = _ADD_LAYOUTS

    user: str
    #: The settings in wire form; not shown, as they hold the password.
    settings: Mapping[str, str] = attrs.field(repr=False)

    @classmethod
    def build(cls, user: str, password: str, **settings: Unpack[SubclientOptions]) -> AddSubclient:
        """Validate the login and the settings; a new sub-client needs a password."""
        accept(settings, SubclientOptions, where=f"{cls.name}()")
        if password is None:
            raise ValidationError("password is required for a new sub-client")
        return cls(login_param(user), _SETTINGS.write({**settings, "password": password}))

    def params(self) -> dict[str, str]:
        return {"add": "1", "user": self.user, **self.settings}


@attrs.frozen(slots=True)
class ChangeSubclient(ActionReplies, Operation[ActionResult]):
    """Change a sub-client's settings or login (``users.php?chg=1``)."""

    name = "subclients.change"
    script = "users"

    user: str
    #: The new login and settings in wire form; not shown, as they may hold the password.
    settings: Mapping[str, str] = attrs.field(repr=False)

    @classmethod
    def build(cls, user: str, **changes: Unpack[SubclientChanges]) -> ChangeSubclient:
        """Validate the logins and the settings; something must change."""
        accept(changes, SubclientChanges, where=f"{cls.name}()")
        settings = _SETTINGS.write_changes(changes, give="new_login or a setting")
        return cls(login_param(user), settings)

    def params(self) -> dict[str, str]:
        return {"chg": "1", "user": self.user, **self.settings}


@attrs.frozen(slots=True)
class PaySubclient(ActionReplies, Operation[ActionResult]):
    """Move ``sum`` from the main account to a sub-client (``users.php?pay=1``).
    Not idempotent: a repeat pays twice."""

    name = "subclients.pay"
    script = "users"
    idempotent = False
    layouts = _PAY_LAYOUTS

    user: str
    sum: str

    @classmethod
    def build(cls, user: str, sum: Decimal | int | str) -> PaySubclient:
        """A positive amount with at most two decimal places."""
        return cls(login_param(user), amount_param(sum, name="sum"))

    def params(self) -> dict[str, str]:
        return {"pay": "1", "user": self.user, "sum": self.sum}


@attrs.frozen(slots=True)
class GetSubclientStats(ListReplies, WireOperation[list[SubclientStats]]):
    """Statistics of one sub-client (``users.php?get_stat=1``) for a period."""

    name = "subclients.stats"
    selector = "get_stat"
    script = "users"
    model = SubclientStats
    layouts = _STATS_LAYOUTS

    @classmethod
    def build(
        cls, user: str | None = None, **filters: Unpack[SubclientStatsFilters]
    ) -> GetSubclientStats:
        """The sub-client by login (``user``) or id (``user_id``)."""
        accept(filters, SubclientStatsFilters, where=f"{cls.name}()")
        user_id = filters.get("user_id")
        if user is not None and user_id is not None:
            raise ValidationError("give user or user_id, not both")
        if user is not None:
            target = {"user": login_param(user)}
        elif user_id is not None:
            target = {"user_id": user_id_param(user_id)}
        else:
            raise ValidationError("give user or user_id")
        return cls({**target, **date_range(filters.get("start"), filters.get("end"))})


@attrs.frozen(slots=True)
class GetAllSubclientStats(ListReplies, WireOperation[list[SubclientStats]]):
    """Statistics of every sub-client (``users.php?get_stat_all=1``) for a period.

    ``reseller``: 0 sub-clients on the main balance, 1 independent ones; ``hide_deleted``
    leaves deleted sub-clients out.
    """

    name = "subclients.stats_all"
    selector = "get_stat_all"
    script = "users"
    model = SubclientStats
    layouts = _STATS_LAYOUTS

    @classmethod
    def build(cls, **filters: Unpack[AllSubclientStatsFilters]) -> GetAllSubclientStats:
        """Validate the period and the filters."""
        accept(filters, AllSubclientStatsFilters, where=f"{cls.name}()")
        return cls(_ALL_STATS_FILTERS.write(filters))


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
