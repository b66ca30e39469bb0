"""``smsc.contacts``, ``smsc.groups``, ``smsc.blacklist`` (phones.php)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable, Mapping

from ..models.contacts import Contact, Group, GroupType
from ..models.jobs import Ack
from ..operations.contacts import (
    AddBlacklist,
    AddContact,
    ChangeContact,
    ContactFields,
    ContactPager,
    DeleteBlacklist,
    DeleteContact,
    ListContacts,
)
from ..operations.contacts_groups import (
    AddGroup,
    ChangeGroup,
    DeleteGroup,
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
        self,
        phone: str | None = None,
        *,
        mail: str | None = None,
        fnm: str | None = None,
        lnm: str | None = None,
        mnm: str | None = None,
        fio: str | None = None,
        bd: dt.date | None = None,
        myid: str | int | None = None,
        cmt: str | None = None,
        tags: str | Iterable[str] | None = None,
        grp: str | int | Iterable[str | int] | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> Ack:
        """Add a contact with ``phone`` (or ``mail``), names (first ``fnm``, last
        ``lnm``, middle ``mnm``, full ``fio``), birthday ``bd``, your own id ``myid``,
        comment ``cmt``, ``tags`` and groups ``grp``; the result's ``id`` is the new
        contact's when the service gives it."""
        fields = ContactFields.build(
            fnm=fnm,
            lnm=lnm,
            mnm=mnm,
            fio=fio,
            bd=bd,
            myid=myid,
            cmt=cmt,
            tags=tags,
            grp=grp,
            params=params,
        )
        return await self._call(AddContact.build(phone, mail=mail, fields=fields), fmt)

    async def change(
        self,
        phone: str | None = None,
        *,
        mail: str | None = None,
        new_phone: str | None = None,
        new_mail: str | None = None,
        fnm: str | None = None,
        lnm: str | None = None,
        mnm: str | None = None,
        fio: str | None = None,
        bd: dt.date | None = None,
        myid: str | int | None = None,
        cmt: str | None = None,
        tags: str | Iterable[str] | None = None,
        grp: str | int | Iterable[str | int] | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> Ack:
        """Change the contact with ``phone`` (or ``mail``): ``new_phone``, ``new_mail``
        and the fields of :meth:`add` that are given."""
        fields = ContactFields.build(
            fnm=fnm,
            lnm=lnm,
            mnm=mnm,
            fio=fio,
            bd=bd,
            myid=myid,
            cmt=cmt,
            tags=tags,
            grp=grp,
            params=params,
        )
        operation = ChangeContact.build(
            phone, mail=mail, new_phone=new_phone, new_mail=new_mail, fields=fields
        )
        return await self._call(operation, fmt)

    async def delete(
        self, phone: str | None = None, *, mail: str | None = None, fmt: int | None = None
    ) -> Ack:
        """Delete the contact with ``phone`` (or ``mail``)."""
        return await self._call(DeleteContact.build(phone, mail=mail), fmt)

    async def list(
        self,
        *,
        search: str | None = None,
        grp: str | int | None = None,
        after_id: str | int | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> list[Contact]:
        """One page of contacts matching ``search`` (in group ``grp``), those after the
        contact ``after_id``. :meth:`iterate` walks every page."""
        operation = ListContacts.build(search=search, grp=grp, after_id=after_id, params=params)
        return await self._call(operation, fmt)

    async def iterate(
        self,
        *,
        search: str | None = None,
        grp: str | int | None = None,
        after_id: str | int | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> AsyncIterator[Contact]:
        """Every contact matching the filters of :meth:`list`, page after page.

        Each page is asked for with ``after_id`` = the last id of the page before; it
        stops at an empty page, or when a page brings no contact after the cursor (a
        service that ignored ``after_id``), so it never loops or repeats itself.
        """
        pager = ContactPager(None if after_id is None else str(after_id))
        more = True
        while more:
            page = await self.list(
                search=search, grp=grp, after_id=pager.cursor, params=params, fmt=fmt
            )
            fresh, more = pager.turn(page)
            for item in fresh:
                yield item


class Groups(Namespace):
    """Contact groups: add, change, delete, list, move."""

    __slots__ = ()

    async def add(
        self,
        name: str,
        *,
        num: int | str | None = None,
        type: GroupType | int | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> Ack:
        """Create a group; send to it later with ``phones="G<num>"``. The result's
        ``id`` is the new group's when the service gives it."""
        return await self._call(AddGroup.build(name, num=num, type=type, params=params), fmt)

    async def change(
        self,
        grp: str | int,
        *,
        name: str | None = None,
        num: int | str | None = None,
        type: GroupType | int | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> Ack:
        """Change the name, number or type of the group with id ``grp``."""
        operation = ChangeGroup.build(grp, name=name, num=num, type=type, params=params)
        return await self._call(operation, fmt)

    async def delete(self, grp: str | int, *, fmt: int | None = None) -> Ack:
        """Delete the group with id ``grp``."""
        return await self._call(DeleteGroup(grp), fmt)

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
        return await self._call(AddBlacklist(phones), fmt)

    async def delete(self, phones: str | Iterable[str], *, fmt: int | None = None) -> Ack:
        """Take ``phones`` off the blacklist."""
        return await self._call(DeleteBlacklist(phones), fmt)
