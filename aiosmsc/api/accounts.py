"""``smsc.subclients`` and ``smsc.documents`` (users.php, documents.php)."""

from __future__ import annotations

from decimal import Decimal

from typing_extensions import Unpack

from ..models.accounts import DocumentFile, Invoice, SubclientStats
from ..models.data import ActionResult
from ..operations.accounts import (
    AddSubclient,
    AllSubclientStatsFilters,
    ChangeSubclient,
    GetAllSubclientStats,
    GetSubclientStats,
    PaySubclient,
    SubclientChanges,
    SubclientOptions,
    SubclientStatsFilters,
)
from ..operations.accounts_documents import (
    CreateInvoice,
    DocumentLookup,
    GetAct,
    GetInvoice,
    InvoiceOptions,
)
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
        fmt: int | None = None,
        **settings: Unpack[SubclientOptions],
    ) -> ActionResult:
        """Create the sub-client ``user`` with ``password``. ``type`` says whose tariff
        and balance it uses (:class:`~aiosmsc.models.accounts.SubclientType`), ``curr``
        its currency, ``tz`` its zone (0..24 = GMT-12..GMT+12); ``params`` passes other
        users.php settings as written. The result's ``id`` is the new sub-client's id
        when the service returns one."""
        return await self._call(AddSubclient.build(user, password, **settings), fmt)

    async def change(
        self, user: str, *, fmt: int | None = None, **changes: Unpack[SubclientChanges]
    ) -> ActionResult:
        """Change the settings of ``user`` (only those given), or rename it."""
        return await self._call(ChangeSubclient.build(user, **changes), fmt)

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
        fmt: int | None = None,
        **filters: Unpack[SubclientStatsFilters],
    ) -> list[SubclientStats]:
        """Statistics of one sub-client (by login or ``user_id``) for a period."""
        return await self._call(GetSubclientStats.build(user, **filters), fmt)

    async def stats_all(
        self, *, fmt: int | None = None, **filters: Unpack[AllSubclientStatsFilters]
    ) -> list[SubclientStats]:
        """Statistics of every sub-client for a period; ``reseller`` 0 keeps those on
        your balance, 1 the independent ones."""
        return await self._call(GetAllSubclientStats.build(**filters), fmt)


class Documents(Namespace):
    """Invoices and acts: create_invoice, get_invoice, get_act."""

    __slots__ = ()

    async def create_invoice(
        self, sum: Decimal | int | str, *, fmt: int | None = None, **options: Unpack[InvoiceOptions]
    ) -> Invoice:
        """Create an invoice for ``sum`` (for a sub-client with ``user``/``user_id``).
        Not retried blindly."""
        return await self._call(CreateInvoice.build(sum, **options), fmt)

    async def get_invoice(
        self,
        id: str | int | None = None,
        *,
        fmt: int | None = None,
        **lookup: Unpack[DocumentLookup],
    ) -> DocumentFile:
        """Download an invoice by ``id`` or ``num``: the file's bytes in ``content``
        (or, if the service answers with a link, ``link``)."""
        return await self._call(GetInvoice.build(id, **lookup), fmt)

    async def get_act(
        self,
        id: str | int | None = None,
        *,
        fmt: int | None = None,
        **lookup: Unpack[DocumentLookup],
    ) -> DocumentFile:
        """Download an act by ``id`` or ``num``, like :meth:`get_invoice`."""
        return await self._call(GetAct.build(id, **lookup), fmt)
