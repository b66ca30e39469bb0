"""``smsc.contacts``, ``smsc.groups``, ``smsc.blacklist`` (phones.php)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable

from typing_extensions import Unpack

from ..models.contacts import Contact, Group
from ..models.jobs import Ack
from ..operations.contacts import (
    AddBlacklist,
    AddContact,
    ChangeContact,
    ContactChanges,
    ContactFilters,
    ContactPager,
    DeleteBlacklist,
    DeleteContact,
    ListContacts,
    NewContact,
)
from ..operations.contacts_groups import (
    AddGroup,
    ChangeGroup,
    DeleteGroup,
    GroupChanges,
    GroupOptions,
    ListGroups,
    MoveContacts,
    MoveMode,
)
from .base import Namespace

__all__ = ["Blacklist", "Contacts", "Groups"]


class Contacts(Namespace):
    """Contacts: add, change, delete, list (one page), iterate (every page)."""

    __slots__ = ()

    async def add(
        self, phone: str | None = None, *, fmt: int | None = None, **fields: Unpack[NewContact]
    ) -> Ack:
        """Add a contact with ``phone`` (or ``mail``), ``name``, names (first ``fnm``,
        last ``lnm``, middle ``mnm``, full ``fio``), birthday ``bd``, your own id ``myid``,
        comment ``cmt``, ``tags`` and groups ``grp``; the result's ``id`` is the new
        contact's when the service gives it."""
        return await self._call(AddContact.build(phone, **fields), fmt)

    async def change(
        self,
        phone: str | None = None,
        *,
        fmt: int | None = None,
        **changes: Unpack[ContactChanges],
    ) -> Ack:
        """Change the contact with ``phone`` (or ``mail``): ``new_phone``, ``new_mail``
        and the fields of :meth:`add` that are given."""
        return await self._call(ChangeContact.build(phone, **changes), fmt)

    async def delete(
        self, phone: str | None = None, *, mail: str | None = None, fmt: int | None = None
    ) -> Ack:
        """Delete the contact with ``phone`` (or ``mail``)."""
        return await self._call(DeleteContact.build(phone, mail=mail), fmt)

    async def list(
        self, *, fmt: int | None = None, **filters: Unpack[ContactFilters]
    ) -> list[Contact]:
        """One page of contacts matching ``search``, ``phone`` or ``fio`` (in group
        ``grp``), those after the contact ``after_id``; none (the service's "no records
        found") is an empty list. :meth:`iterate` walks every page."""
        return await self._call(ListContacts.build(**filters), fmt)

    def iterate(
        self, *, fmt: int | None = None, **filters: Unpack[ContactFilters]
    ) -> AsyncIterator[Contact]:
        """Every contact matching the filters of :meth:`list`, page after page.

        Each page is asked for with ``after_id`` = the last id of the page before; it
        stops at an empty page, or when a page brings no contact after the cursor (a
        service that ignored ``after_id``), so it never loops or repeats itself. The
        filters are checked now, before anything is sent.
        """
        first = ListContacts.build(**filters)
        after_id = filters.get("after_id")
        return self._pages(first, ContactPager(None if after_id is None else str(after_id)), fmt)

    async def _pages(
        self, operation: ListContacts, pager: ContactPager, fmt: int | None
    ) -> AsyncIterator[Contact]:
        more = True
        while more:
            page = await self._call(operation.after(pager.cursor), fmt)
            fresh, more = pager.turn(page)
            for item in fresh:
                yield item


class Groups(Namespace):
    """Contact groups: add, change, delete, list, move."""

    __slots__ = ()

    async def add(
        self, name: str, *, fmt: int | None = None, **options: Unpack[GroupOptions]
    ) -> Ack:
        """Create a group; send to it later with ``phones="G<num>"``. The result's
        ``id`` is the new group's when the service gives it."""
        return await self._call(AddGroup.build(name, **options), fmt)

    async def change(
        self, grp: str | int, *, fmt: int | None = None, **changes: Unpack[GroupChanges]
    ) -> Ack:
        """Change the name, number or type of the group with id ``grp``."""
        return await self._call(ChangeGroup.build(grp, **changes), fmt)

    async def delete(self, grp: str | int, *, fmt: int | None = None) -> Ack:
        """Delete the group with id ``grp``."""
        return await self._call(DeleteGroup.build(grp), fmt)

    async def list(self, *, fmt: int | None = None) -> list[Group]:
        """Every contact group."""
        return await self._call(ListGroups(), fmt)

    async def move(
        self,
        phones: str | Iterable[str],
        grp: str | int,
        *,
        mode: MoveMode | int = MoveMode.MOVE,
        fmt: int | None = None,
    ) -> Ack:
        """Move the contacts with ``phones`` into group ``grp`` (out of their other
        groups); ``mode=MoveMode.COPY`` keeps their other groups, ``MoveMode.REMOVE``
        takes them out of ``grp``."""
        return await self._call(MoveContacts.build(phones, grp, mode=mode), fmt)


class Blacklist(Namespace):
    """The blacklist: add, delete."""

    __slots__ = ()

    async def add(self, phones: str | Iterable[str], *, fmt: int | None = None) -> Ack:
        """Blacklist ``phones``: the service sends nothing to them."""
        return await self._call(AddBlacklist.build(phones), fmt)

    async def delete(self, phones: str | Iterable[str], *, fmt: int | None = None) -> Ack:
        """Take ``phones`` off the blacklist."""
        return await self._call(DeleteBlacklist.build(phones), fmt)
