"""``phones.php``: contacts and the blacklist (REFERENCE §8); groups are in
:mod:`.contacts_groups`.

Parameter names are the third-party SDK's, ``name`` the docs'. The docs give the creation
replies (the new contact's, group's or blacklist entry's id) and error 3, "no records
found", for an empty list; the list rows are not documented and are read tolerantly (see
:mod:`.jobs_replies`). A contact is named by its ``phone`` (or ``mail``); ``chg`` changes
them with ``new_phone``/``new_mail``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from typing_extensions import Self, TypedDict, Unpack

from ..decoder.document import Document
from ..decoder.records import Record
from ..errors import ValidationError
from ..models.contacts import Contact
from .base import Operation, Reply, WireOperation
from .contacts_groups import GROUP_OPERATIONS, NO_RECORDS, PhonesChange, PhonesScript, group_ids
from .fields import FieldTable
from .jobs_params import one_line
from .jobs_replies import listed, rows, tolerant
from .options import accept, option_names
from .params import date_param, phone_list

__all__ = [
    "OPERATIONS",
    "AddBlacklist",
    "AddContact",
    "ChangeContact",
    "ContactChanges",
    "ContactFilters",
    "ContactOptions",
    "ContactPager",
    "DeleteBlacklist",
    "DeleteContact",
    "ListContacts",
    "NewContact",
    "contact",
    "phones_param",
]


class ContactOptions(TypedDict, total=False):
    """The optional fields of a contact (for add and change); each is left unset when
    missing."""

    #: The contact's name (``name``, a documented parameter of add and change).
    name: str | None
    #: First name.
    fnm: str | None
    #: Last name.
    lnm: str | None
    #: Middle name.
    mnm: str | None
    #: Full name.
    fio: str | None
    #: Birthday (sent as ``dd.mm.yyyy``).
    bd: dt.date | None
    #: Your own id for the contact.
    myid: str | int | None
    #: A comment (may span lines).
    cmt: str | None
    #: Tags: one string, or several (each one line).
    tags: str | Iterable[str] | None
    #: Group ids the contact belongs to: ``"1,2"``, ``3`` or ``[1, "2"]``.
    grp: str | int | Iterable[str | int] | None
    #: Further phones.php parameters, passed as written.
    params: Mapping[str, str | int] | None


class NewContact(ContactOptions, total=False):
    """What ``smsc.contacts.add`` takes besides the phone: the contact's fields."""

    #: The contact's e-mail address (with or instead of its phone).
    mail: str | None


class ContactChanges(NewContact, total=False):
    """What ``smsc.contacts.change`` takes: the contact (by ``phone`` or ``mail``), its new
    phone or address, and the fields that change."""

    #: The contact's new phone.
    new_phone: str | None
    #: The contact's new e-mail address.
    new_mail: str | None


class ContactFilters(TypedDict, total=False):
    """Which contacts ``smsc.contacts.list``/``iterate`` return (all, when none is given)."""

    #: Text the contacts match.
    search: str | None
    #: The contact's phone number.
    phone: str | None
    #: The contact's full name (``fio``).
    fio: str | None
    #: The group the contacts are in.
    grp: str | int | None
    #: Only contacts after this contact id (the paging cursor).
    after_id: str | int | None
    #: Further phones.php parameters, passed as written.
    params: Mapping[str, str | int] | None


def phones_param(phones: str | Iterable[str], *, name: str = "phone") -> str:
    """One phone or several, comma-joined."""
    return ",".join(phone_list(phones, name=name))


def _single_phone(phone: str, *, name: str) -> str:
    (single,) = phone_list([phone], name=name)
    return single


def _tags(tags: str | Iterable[str], *, name: str) -> str:
    items = [tags] if isinstance(tags, str) else list(tags)
    for item in items:
        if not isinstance(item, str) or "\n" in item:
            raise ValidationError(f"{name} must be single-line strings, got {item!r}")
    return ",".join(item.strip() for item in items if item.strip())


def _id_text(value: str | int, *, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(f"{name} must be a string or an integer, got {value!r}")
    return one_line(str(value), name=name)


def _comment(value: str, *, name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string, got {value!r}")
    return value


def _one_group(value: str | int, *, name: str) -> str:
    return group_ids([value], name=name)


# Every phones.php parameter a contact request sets itself: never through ``params=``.
_PHONES_PARAMS = (
    frozenset({"add", "chg", "del", "get", "add_group", "chg_group", "del_group", "get_group"})
    | {"move_group", "add_black", "del_black", "phone"}
    | option_names(ContactChanges)
    | option_names(ContactFilters)
)
_CONTACT_FIELDS = FieldTable(
    ContactChanges,
    {
        "new_phone": _single_phone,
        "new_mail": one_line,
        "name": one_line,
        "fnm": one_line,
        "lnm": one_line,
        "mnm": one_line,
        "fio": one_line,
        "bd": date_param,
        "myid": _id_text,
        "cmt": _comment,
        "tags": _tags,
        "grp": group_ids,
    },
    reserved=_PHONES_PARAMS,
)
_FILTERS = FieldTable(
    ContactFilters,
    {
        "search": one_line,
        "phone": _single_phone,
        "fio": one_line,
        "grp": _one_group,
        "after_id": _id_text,
    },
    reserved=_PHONES_PARAMS,
)


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
class AddContact(PhonesChange):
    """Add a contact (``add=1``); the reply's ``id`` is the new contact's, when given."""

    name = "contacts.add"
    selector = "add"
    returns_id = True

    @classmethod
    def build(cls, phone: str | None = None, **fields: Unpack[NewContact]) -> AddContact:
        """A contact needs a phone or an e-mail address."""
        accept(fields, NewContact, where=f"{cls.name}()")
        return cls({**_who(phone, fields.get("mail")), **_CONTACT_FIELDS.write(fields)})


@attrs.frozen(slots=True)
class ChangeContact(PhonesChange):
    """Change the contact with ``phone`` (or ``mail``) (``chg=1``)."""

    name = "contacts.change"
    selector = "chg"

    @classmethod
    def build(cls, phone: str | None = None, **changes: Unpack[ContactChanges]) -> ChangeContact:
        """Name the contact; ``new_phone``/``new_mail`` and the fields say what changes."""
        accept(changes, ContactChanges, where=f"{cls.name}()")
        who = _who(phone, changes.get("mail"))
        fields = _CONTACT_FIELDS.write_changes(changes, give="new_phone, new_mail or a field")
        return cls({**who, **fields})


@attrs.frozen(slots=True)
class DeleteContact(PhonesChange):
    """Delete the contact with ``phone`` (or ``mail``) (``del=1``)."""

    name = "contacts.delete"
    selector = "del"

    @classmethod
    def build(cls, phone: str | None, *, mail: str | None = None) -> DeleteContact:
        """Name the contact to delete."""
        return cls(_who(phone, mail))


def contact(record: Record) -> Contact:
    """A contact row as :class:`Contact` (group ids and tags as lists)."""
    for key in ("grp", "group", "groups", "tags"):
        if key in record:
            record[key] = listed(record[key])
    return tolerant(record, Contact)


@attrs.frozen(slots=True)
class ListContacts(PhonesScript, WireOperation[list[Contact]]):
    """One page of contacts (``get=1``): those after ``after_id``, matching ``search``,
    ``phone`` or ``fio``, in group ``grp``; none is an empty list (error 3, "no records
    found", included). See ``smsc.contacts.iterate`` for every page."""

    name = "contacts.list"
    selector = "get"

    @classmethod
    def build(cls, **filters: Unpack[ContactFilters]) -> ListContacts:
        """Validate the filters and the paging cursor."""
        accept(filters, ContactFilters, where=f"{cls.name}()")
        return cls(_FILTERS.write(filters))

    def after(self, after_id: str | None) -> ListContacts:
        """The same request for the contacts after ``after_id`` (all, for ``None``)."""
        wire = {key: value for key, value in self.wire.items() if key != "after_id"}
        if after_id is not None:
            wire["after_id"] = _id_text(after_id, name="after_id")
        return attrs.evolve(self, wire=wire)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[Contact]]:
        def build(document: Document) -> list[Contact]:
            return [contact(row) for row in rows(document)]

        return Reply(cls.name, cls.script, build, empty=list, empty_codes=NO_RECORDS)


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
class _BlacklistChange(PhonesChange):
    """Puts phones on the blacklist or takes them off; safe to repeat."""

    idempotent = True

    @classmethod
    def build(cls, phones: str | Iterable[str]) -> Self:
        """One phone or several."""
        return cls({"phone": phones_param(phones)})


@attrs.frozen(slots=True)
class AddBlacklist(_BlacklistChange):
    """Put phones on the blacklist (``add_black=1``); nothing is sent to them. The
    reply's ``id`` is the new blacklist entry's, when given."""

    name = "blacklist.add"
    selector = "add_black"
    returns_id = True


@attrs.frozen(slots=True)
class DeleteBlacklist(_BlacklistChange):
    """Take phones off the blacklist (``del_black=1``)."""

    name = "blacklist.delete"
    selector = "del_black"


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
