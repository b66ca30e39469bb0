"""Results of the account scripts: sub-clients (users.php) and documents (documents.php).

Neither script's reply is documented (REFERENCE §10, third-party names only): every field
is optional and unknown keys stay in ``extra``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

import attrs

from .base import Model
from .codes import _DescribedIntEnum

__all__ = ["Currency", "DocumentFile", "Invoice", "SubclientStats", "SubclientType"]


class SubclientType(_DescribedIntEnum):
    """``type`` of a sub-client: whose tariff and balance it uses (third-party naming)."""

    OWN = 0, "Own tariff and own balance"
    MAIN_TARIFF = 1, "The main account's tariff, own balance"
    MAIN = 2, "The main account's tariff and balance"
    MAIN_BALANCE = 3, "The main account's balance, own tariff"
    ADDITIONAL_LOGIN = 4, "An additional login of the main account"


class Currency(_DescribedIntEnum):
    """``curr``: the currency of a sub-client account (third-party naming)."""

    RUB = 1, "Russian rouble"
    USD = 2, "US dollar"
    EUR = 3, "Euro"
    UAH = 4, "Ukrainian hryvnia"
    KZT = 5, "Kazakhstani tenge"


@attrs.frozen(slots=True)
class SubclientStats(Model):
    """Statistics of one sub-client (``users.php?get_stat=1`` / ``get_stat_all=1``).

    ``user`` is the login, ``id`` the sub-client id; ``balance``, ``cnt`` (SMS parts),
    ``messages`` and ``cost`` when the service reports them.
    """

    aliases: ClassVar[Mapping[str, str]] = {
        "login": "user",
        "user_id": "id",
        "sum": "cost",
        "sms": "cnt",
    }

    user: str | None = None
    id: str | None = None
    type: SubclientType | int | None = None
    balance: Decimal | None = None
    messages: int | None = None
    cnt: int | None = None
    cost: Decimal | None = None
    paid: Decimal | None = None


@attrs.frozen(slots=True)
class Invoice(Model):
    """A created invoice (``documents.php?add_account=1``): its ``id`` and number."""

    aliases: ClassVar[Mapping[str, str]] = {"url": "link", "account": "id", "amount": "sum"}

    id: str | None = None
    num: str | None = None
    sum: Decimal | None = None
    date: dt.datetime | None = None
    service: str | None = None
    link: str | None = None


def _size(content: bytes | None) -> str:
    return "None" if content is None else f"<{len(content)} bytes>"


@attrs.frozen(slots=True)
class DocumentFile(Model):
    """A downloaded invoice or act (``documents.php?get_account=1`` / ``get_act=1``).

    When the service sends the file itself, ``content`` holds its bytes, ``content_type``
    is recognised from them (``application/pdf``) and ``filename`` is made from the
    request. When it answers with a reply instead (a link, a record), ``content`` is
    ``None`` and the reply's fields are in ``link`` and ``extra``.
    """

    content: bytes | None = attrs.field(default=None, repr=_size)
    filename: str | None = None
    content_type: str | None = None
    link: str | None = None
