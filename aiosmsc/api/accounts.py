"""``smsc.subclients`` and ``smsc.documents`` (users.php, documents.php)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from ..models.accounts import Currency, DocumentFile, Invoice, SubclientStats, SubclientType
from ..models.data import ActionResult
from ..operations.accounts import (
    AddSubclient,
    ChangeSubclient,
    GetAllSubclientStats,
    GetSubclientStats,
    PaySubclient,
    SubclientSettings,
)
from ..operations.accounts_documents import CreateInvoice, GetAct, GetInvoice
from .base import Namespace

__all__ = ["Documents", "Subclients"]


class Subclients(Namespace):
    """Sub-clients (reseller accounts): add, change, pay, stats, stats_all."""

    __slots__ = ()

    async def add(
        self,
        user: str,
        password: str,
        *,
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
        fmt: int | None = None,
    ) -> ActionResult:
        """Create the sub-client ``user`` with ``password``. ``type`` says whose tariff
        and balance it uses (:class:`~aiosmsc.models.accounts.SubclientType`), ``curr``
        its currency, ``tz`` its zone (0..24 = GMT-12..GMT+12); ``params`` passes other
        users.php settings as written. The result's ``id`` is the new sub-client's id
        when the service returns one."""
        settings = SubclientSettings.build(
            password=password,
            type=type,
            email=email,
            phone=phone,
            fio=fio,
            tariff=tariff,
            curr=curr,
            tz=tz,
            sender=sender,
            notes=notes,
            params=params,
        )
        return await self._call(AddSubclient.build(user, settings), fmt)

    async def change(
        self,
        user: str,
        *,
        new_login: str | None = None,
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
        fmt: int | None = None,
    ) -> ActionResult:
        """Change the settings of ``user`` (only those given), or rename it."""
        settings = SubclientSettings.build(
            password=password,
            type=type,
            email=email,
            phone=phone,
            fio=fio,
            tariff=tariff,
            curr=curr,
            tz=tz,
            sender=sender,
            notes=notes,
            params=params,
        )
        return await self._call(ChangeSubclient.build(user, settings, new_login=new_login), fmt)

    async def pay(
        self, user: str, sum: Decimal | int | str, *, fmt: int | None = None
    ) -> ActionResult:
        """Move ``sum`` from your balance to the sub-client ``user``. Not retried blindly:
        a repeat would pay twice."""
        return await self._call(PaySubclient.build(user, sum), fmt)

    async def stats(
        self,
        user: str | None = None,
        *,
        user_id: int | str | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        fmt: int | None = None,
    ) -> list[SubclientStats]:
        """Statistics of one sub-client (by login or ``user_id``) for a period."""
        operation = GetSubclientStats.build(user, user_id=user_id, start=start, end=end)
        return await self._call(operation, fmt)

    async def stats_all(
        self,
        *,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        reseller: int | None = None,
        hide_deleted: bool = False,
        fmt: int | None = None,
    ) -> list[SubclientStats]:
        """Statistics of every sub-client for a period; ``reseller`` 0 keeps those on
        your balance, 1 the independent ones."""
        operation = GetAllSubclientStats.build(
            start=start, end=end, reseller=reseller, hide_deleted=hide_deleted
        )
        return await self._call(operation, fmt)


class Documents(Namespace):
    """Invoices and acts: create_invoice, get_invoice, get_act."""

    __slots__ = ()

    async def create_invoice(
        self,
        sum: Decimal | int | str,
        *,
        service: str | None = None,
        user: str | None = None,
        user_id: int | str | None = None,
        fmt: int | None = None,
    ) -> Invoice:
        """Create an invoice for ``sum`` (for a sub-client with ``user``/``user_id``).
        Not retried blindly."""
        operation = CreateInvoice.build(sum, service=service, user=user, user_id=user_id)
        return await self._call(operation, fmt)

    async def get_invoice(
        self,
        id: str | int | None = None,
        *,
        num: str | int | None = None,
        user: str | None = None,
        fmt: int | None = None,
    ) -> DocumentFile:
        """Download an invoice by ``id`` or ``num``: the file's bytes in ``content``
        (or, if the service answers with a link, ``link``)."""
        return await self._call(GetInvoice.build(id, num=num, user=user), fmt)

    async def get_act(
        self,
        id: str | int | None = None,
        *,
        num: str | int | None = None,
        user: str | None = None,
        fmt: int | None = None,
    ) -> DocumentFile:
        """Download an act by ``id`` or ``num``, like :meth:`get_invoice`."""
        return await self._call(GetAct.build(id, num=num, user=user), fmt)
