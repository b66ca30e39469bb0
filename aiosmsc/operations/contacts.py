"""``phones.php``: contacts and the blacklist (REFERENCE §8); groups are in
:mod:`.contacts_groups`.

Parameter names are the third-party SDK's; the reply shapes are not documented and are
read tolerantly (see :mod:`.jobs_replies`). A contact is named by its ``phone`` (or
``mail``); ``chg`` changes them with ``new_phone``/``new_mail``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..decoder.document import Document
from ..decoder.records import Record
from ..errors import ValidationError
from ..models.contacts import Contact
from ..models.jobs import Ack
from .base import Operation, Reply, WireOperation
from .contacts_groups import GROUP_OPERATIONS, group_ids
from .jobs_params import date_param, extra_params, one_line
from .jobs_replies import ack_reply, listed, rows, tolerant
from .params import phone_list

__all__ = [
    "OPERATIONS",
    "AddBlacklist",
    "AddContact",
    "ChangeContact",
    "ContactFields",
    "ContactPager",
    "DeleteBlacklist",
    "DeleteContact",
    "ListContacts",
    "contact",
    "phones_param",
]

_SELECTORS = frozenset(
    {"add", "chg", "del", "get", "add_group", "chg_group", "del_group", "get_group"}
    | {"move_group", "add_black", "del_black"}
)
_CONTACT_PARAMS = frozenset(
    {"phone", "mail", "new_phone", "new_mail", "fnm", "lnm", "mnm", "fio", "bd", "myid"}
    | {"cmt", "tags", "grp", "search", "after_id"}
)
_TYPED = _SELECTORS | _CONTACT_PARAMS


def phones_param(phones: str | Iterable[str], *, name: str = "phone") -> str:
    """One phone or several, comma-joined."""
    return ",".join(phone_list(phones, name=name))


def _single_phone(phone: str, *, name: str) -> str:
    (single,) = phone_list([phone], name=name)
    return single


def _tags(tags: str | Iterable[str]) -> str:
    items = [tags] if isinstance(tags, str) else list(tags)
    for item in items:
        if not isinstance(item, str) or "\n" in item:
            raise ValidationError(f"tags must be single-line strings, got {item!r}")
    return ",".join(item.strip() for item in items if item.strip())


@attrs.frozen(slots=True)
class ContactFields:
    """The optional fields of a contact, validated, in wire form (for add and change)."""

    wire: Mapping[str, str]

    @classmethod
    def build(
        cls,
        *,
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
    ) -> ContactFields:
        """Validate names, birthday (``dd.mm.yyyy``), own id, comment, tags and groups."""
        wire: dict[str, str] = {}
        for key, value in (("fnm", fnm), ("lnm", lnm), ("mnm", mnm), ("fio", fio)):
            if value is not None:
                wire[key] = one_line(value, name=key)
        if bd is not None:
            wire["bd"] = date_param(bd, name="bd")
        if myid is not None:
            if isinstance(myid, bool) or not isinstance(myid, (str, int)):
                raise ValidationError(f"myid must be a string or an integer, got {myid!r}")
            wire["myid"] = one_line(str(myid), name="myid")
        if cmt is not None:
            if not isinstance(cmt, str):
                raise ValidationError(f"cmt must be a string, got {cmt!r}")
            wire["cmt"] = cmt
        if tags is not None:
            wire["tags"] = _tags(tags)
        if grp is not None:
            wire["grp"] = group_ids(grp)
        wire.update(extra_params(params, _TYPED))
        return cls(wire)


def _who(phone: str | None, mail: str | None) -> dict[str, str]:
    """The contact a request is about: its phone and/or e-mail address."""
    if phone is None and mail is None:
        raise ValidationError("give the contact's phone (or mail)")
    wire = {}
    if phone is not None:
        wire["phone"] = _single_phone(phone, name="phone")
    if mail is not None:
        wire["mail"] = one_line(mail, name="mail")
    return wire


@attrs.frozen(slots=True)
class AddContact(WireOperation[Ack]):
    """Add a contact (``add=1``); the reply's ``id`` is the new contact's, when given."""

    name = "contacts.add"
    selector = "add"
    script = "phones"
    idempotent = False

    @classmethod
    def build(cls, phone: str | None, *, mail: str | None, fields: ContactFields) -> AddContact:
        """A contact needs a phone or an e-mail address."""
        return cls({**_who(phone, mail), **fields.wire})

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script, returns_id=True)


@attrs.frozen(slots=True)
class ChangeContact(WireOperation[Ack]):
    """Change the contact with ``phone`` (or ``mail``) (``chg=1``)."""

    name = "contacts.change"
    selector = "chg"
    script = "phones"
    idempotent = False

    @classmethod
    def build(
        cls,
        phone: str | None,
        *,
        mail: str | None,
        new_phone: str | None,
        new_mail: str | None,
        fields: ContactFields,
    ) -> ChangeContact:
        """Name the contact; ``new_phone``/``new_mail`` and ``fields`` say what changes."""
        wire = _who(phone, mail)
        if new_phone is not None:
            wire["new_phone"] = _single_phone(new_phone, name="new_phone")
        if new_mail is not None:
            wire["new_mail"] = one_line(new_mail, name="new_mail")
        if new_phone is None and new_mail is None and not fields.wire:
            raise ValidationError("nothing to change: give new_phone, new_mail or a field")
        return cls({**wire, **fields.wire})

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script)


@attrs.frozen(slots=True)
class DeleteContact(WireOperation[Ack]):
    """Delete the contact with ``phone`` (or ``mail``) (``del=1``)."""

    name = "contacts.delete"
    selector = "del"
    script = "phones"
    idempotent = False

    @classmethod
    def build(cls, phone: str | None, *, mail: str | None = None) -> DeleteContact:
        """Name the contact to delete."""
        return cls(_who(phone, mail))

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script)


def contact(record: Record) -> Contact:
    """A contact row as :class:`Contact` (group ids and tags as lists)."""
    for key in ("grp", "group", "groups", "tags"):
        if key in record:
            record[key] = listed(record[key])
    return tolerant(record, Contact)


@attrs.frozen(slots=True)
class ListContacts(WireOperation[list[Contact]]):
    """One page of contacts (``get=1``): those after ``after_id``, matching ``search``,
    in group ``grp``. See ``smsc.contacts.iterate`` for every page."""

    name = "contacts.list"
    selector = "get"
    script = "phones"

    @classmethod
    def build(
        cls,
        *,
        search: str | None = None,
        grp: str | int | None = None,
        after_id: str | int | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> ListContacts:
        """Validate the filters and the paging cursor."""
        wire: dict[str, str] = {}
        if search is not None:
            wire["search"] = one_line(search, name="search")
        if grp is not None:
            wire["grp"] = group_ids([grp])
        if after_id is not None:
            if isinstance(after_id, bool) or not isinstance(after_id, (str, int)):
                raise ValidationError(f"after_id must be a contact id, got {after_id!r}")
            wire["after_id"] = one_line(str(after_id), name="after_id")
        wire.update(extra_params(params, _TYPED))
        return cls(wire)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[Contact]]:
        def build(document: Document) -> list[Contact]:
            return [contact(row) for row in rows(document)]

        return Reply(cls.name, cls.script, build, empty=list)


def _is_after(id: str | None, cursor: str | None) -> bool:
    if id is None or cursor is None:
        return True
    if id.isdigit() and cursor.isdigit():
        return int(id) > int(cursor)  # after_id pages through ids in ascending order
    return id != cursor


class ContactPager:
    """Walks ``after_id`` pages: which contacts a page adds, and where the next starts.

    With numeric ids, a contact at or before the cursor (a service that ignored
    ``after_id``) is dropped, so none comes twice. Paging ends when a page adds nothing
    or its last id was a cursor already, so it never loops, whatever the ids.
    """

    __slots__ = ("_seen", "cursor")

    def __init__(self, after_id: str | None = None) -> None:
        self.cursor = after_id
        self._seen = {after_id}

    def turn(self, page: list[Contact]) -> tuple[list[Contact], bool]:
        """The contacts of ``page`` after the cursor, and whether to ask for another page."""
        fresh = [item for item in page if _is_after(item.id, self.cursor)]
        last = fresh[-1].id if fresh else None
        if last is None or last in self._seen:
            return fresh, False
        self._seen.add(last)
        self.cursor = last
        return fresh, True


@attrs.frozen(slots=True)
class AddBlacklist(Operation[Ack]):
    """Put phones on the blacklist (``add_black=1``); nothing is sent to them."""

    name = "blacklist.add"
    script = "phones"

    phone: str = attrs.field(converter=phones_param)

    def params(self) -> dict[str, str]:
        return {"add_black": "1", "phone": self.phone}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script)


@attrs.frozen(slots=True)
class DeleteBlacklist(Operation[Ack]):
    """Take phones off the blacklist (``del_black=1``)."""

    name = "blacklist.delete"
    script = "phones"

    phone: str = attrs.field(converter=phones_param)

    def params(self) -> dict[str, str]:
        return {"del_black": "1", "phone": self.phone}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script)


#: Every operation class of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (
    AddContact,
    ChangeContact,
    DeleteContact,
    ListContacts,
    *GROUP_OPERATIONS,
    AddBlacklist,
    DeleteBlacklist,
)
