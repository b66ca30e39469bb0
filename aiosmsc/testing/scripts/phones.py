"""Emulated ``phones.php``: contacts, groups and the blacklist (REFERENCE §8).

Contacts have numeric ids in creation order and are named in requests by ``phone`` (or
``mail``); ``get=1`` filters by ``search`` (a case-insensitive substring of any field),
``phone`` (the number), ``fio`` (a case-insensitive substring of the full name or the
name) and ``grp``, and pages: contacts with an id above ``after_id``, at most
``PhonesState.page_size`` per reply. Groups have ids and a ``num`` (what ``G<num>``
sends to; the smallest free number when not given). ``move_group`` is 1 move (the group
becomes the contacts' only one), 2 copy (added), 3 remove. The blacklist maps numbers to
entry ids; ``PhonesState.is_blacklisted`` lets other scripts refuse them.

As the docs say: a creation (``add``, ``add_group``, ``add_black``) answers the new id
(fmt=1 the bare id); a list or search that finds nothing is error 3 ("no records
found"), as is an unknown contact or group; more than three identical requests a minute
are error 9. Contact rows use the keys a third-party client reads from the live service
(``name``, ``first_name``, ``last_name``, ``middle_name``, ``birthday``, ``phone_other``)
for the request's ``name``, ``fnm``, ``lnm``, ``mnm``, ``bd``, ``pho``.

Emulator choices where the reference is silent: ``add_black`` with several numbers
answers the first number's entry id (an entry already there keeps its id); a phone
already in the book, a taken ``num`` or any other bad parameter is error 1; a bad phone
error 7. Reply shapes: see :mod:`.jobs_render`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..handlers import Handler
from ..rules import APIFailure, normalize_phone, only_selector, parse_phones
from .jobs_render import Row, render_ack, render_created, render_rows
from .limits import count_identical

if TYPE_CHECKING:
    from ..handlers import EmulatorState

__all__ = ["HANDLERS", "EmulatedContact", "EmulatedGroup", "PhonesState"]

# The contact fields a request sets, and the key each has in a reply row.
_FIELDS = {
    "name": "name",
    "fnm": "first_name",
    "lnm": "last_name",
    "mnm": "middle_name",
    "fio": "fio",
    "bd": "birthday",
    "pho": "phone_other",
    "myid": "myid",
    "cmt": "cmt",
}
_DATE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{4}")
_SELECTORS = (
    "add",
    "chg",
    "del",
    "get",
    "add_group",
    "chg_group",
    "del_group",
    "get_group",
    "move_group",
    "add_black",
    "del_black",
)


def _bad(text: str = "parameters error") -> APIFailure:
    return APIFailure(1, text)


@dataclass(eq=False)
class EmulatedContact:
    """One contact of the phone book."""

    id: int
    phone: str = ""
    mail: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    groups: set[int] = field(default_factory=set)

    def row(self) -> Row:
        return [
            ("id", self.id),
            ("phone", self.phone or None),
            ("mail", self.mail or None),
            *((key, self.fields.get(name) or None) for name, key in _FIELDS.items()),
            ("tags", list(self.tags) or None),
            ("grp", sorted(self.groups) or None),
        ]

    def matches(self, needle: str) -> bool:
        haystack = [self.phone, self.mail, *self.fields.values(), *self.tags]
        return any(needle in value.lower() for value in haystack)

    def named(self, needle: str) -> bool:
        names = (self.fields.get("fio", ""), self.fields.get("name", ""))
        return any(needle in value.lower() for value in names)


@dataclass(eq=False)
class EmulatedGroup:
    """One contact group."""

    id: int
    name: str
    num: int
    type: int = 0


class PhonesState:
    """The emulator's phone book: contacts, groups and the blacklist."""

    def __init__(self) -> None:
        self.page_size = 100
        self.contacts: dict[int, EmulatedContact] = {}
        self.groups: dict[int, EmulatedGroup] = {}
        self.blacklist: dict[str, int] = {}
        self._last_contact = 0
        self._last_group = 0
        self._last_entry = 0

    def is_blacklisted(self, phone: str) -> bool:
        """Whether ``phone`` (any spelling) is on the blacklist."""
        return (normalize_phone(phone) or phone) in self.blacklist

    def group_phones(self, num: int) -> list[str]:
        """The phones of the contacts in the group numbered ``num`` (``G<num>``)."""
        ids = {group.id for group in self.groups.values() if group.num == num}
        return [c.phone for c in self.contacts.values() if c.phone and c.groups & ids]

    def by_phone(self, phone: str) -> EmulatedContact | None:
        wanted = normalize_phone(phone)
        return next((c for c in self.contacts.values() if c.phone == wanted), None)

    def new_contact_id(self) -> int:
        self._last_contact += 1
        return self._last_contact

    def new_group_id(self) -> int:
        self._last_group += 1
        return self._last_group

    def blacklist_entry(self, phone: str) -> int:
        """The blacklist entry id of ``phone``, added when it is not there yet."""
        if phone not in self.blacklist:
            self._last_entry += 1
            self.blacklist[phone] = self._last_entry
        return self.blacklist[phone]


def _phone(raw: str) -> str:
    phone = normalize_phone(raw)
    if phone is None:
        raise APIFailure(7, "invalid number")
    return phone


def _group_ids(state: PhonesState, raw: str) -> set[int]:
    ids: set[int] = set()
    for item in raw.split(","):
        if not item.strip().isdigit():
            raise _bad()
        if int(item) not in state.groups:
            raise APIFailure(3, "group not found")
        ids.add(int(item))
    return ids


def _apply(state: PhonesState, contact: EmulatedContact, params: Mapping[str, str]) -> None:
    """Set the fields a request gives (an empty value clears one)."""
    for name in _FIELDS:
        if name in params:
            value = params[name].strip()
            if name == "bd" and value and not _DATE.fullmatch(value):
                raise _bad()
            contact.fields[name] = value
    if "tags" in params:
        contact.tags = [tag.strip() for tag in params["tags"].split(",") if tag.strip()]
    if params.get("grp", "").strip():
        contact.groups = _group_ids(state, params["grp"])


def _contact(state: PhonesState, params: Mapping[str, str]) -> EmulatedContact:
    phone, mail = params.get("phone", "").strip(), params.get("mail", "").strip()
    found = None
    if phone:
        found = state.by_phone(_phone(phone))
    elif mail:
        found = next((c for c in state.contacts.values() if c.mail == mail), None)
    else:
        raise _bad()
    if found is None:
        raise APIFailure(3, "contact not found")
    return found


def _add(state: PhonesState, params: Mapping[str, str], fmt: int) -> str:
    phone_raw, mail = params.get("phone", "").strip(), params.get("mail", "").strip()
    if not phone_raw and not mail:
        raise _bad()
    phone = _phone(phone_raw) if phone_raw else ""
    if phone and state.by_phone(phone) is not None:
        raise _bad("contact already exists")
    contact = EmulatedContact(0, phone, mail)
    _apply(state, contact, params)
    contact.id = state.new_contact_id()
    state.contacts[contact.id] = contact
    return render_created(str(contact.id), fmt)


def _change(state: PhonesState, params: Mapping[str, str], fmt: int) -> str:
    contact = _contact(state, params)
    new_phone = params.get("new_phone", "").strip()
    if new_phone:
        phone = _phone(new_phone)
        other = state.by_phone(phone)
        if other is not None and other is not contact:
            raise _bad("contact already exists")
        contact.phone = phone
    if params.get("new_mail", "").strip():
        contact.mail = params["new_mail"].strip()
    _apply(state, contact, params)
    return render_ack(fmt)


def _list(state: PhonesState, params: Mapping[str, str], fmt: int) -> str:
    after = params.get("after_id", "").strip()
    if after and not after.isdigit():
        raise _bad()
    needle = params.get("search", "").strip().lower()
    phone = _phone(params["phone"]) if params.get("phone", "").strip() else None
    name = params.get("fio", "").strip().lower()
    groups = _group_ids(state, params["grp"]) if params.get("grp", "").strip() else None
    page = [
        contact
        for contact in sorted(state.contacts.values(), key=lambda c: c.id)
        if (not after or contact.id > int(after))
        and (not needle or contact.matches(needle))
        and (phone is None or contact.phone == phone)
        and (not name or contact.named(name))
        and (groups is None or contact.groups & groups)
    ][: state.page_size]
    return _found([contact.row() for contact in page], item="contact", fmt=fmt)


def _found(rows: list[Row], *, item: str, fmt: int) -> str:
    """A list reply; an empty one is error 3, "no records found", as the docs say."""
    if not rows:
        raise APIFailure(3, "no records found")
    return render_rows(rows, item=item, fmt=fmt)


def _group_fields(state: PhonesState, group: EmulatedGroup, params: Mapping[str, str]) -> None:
    if "name" in params:
        if not params["name"].strip():
            raise _bad()
        group.name = params["name"].strip()
    raw_num = params.get("num", "").strip()
    if raw_num:
        if not raw_num.isdigit() or int(raw_num) < 1:
            raise _bad()
        taken = {g.num for g in state.groups.values() if g is not group}
        if int(raw_num) in taken:
            raise _bad("group number already used")
        group.num = int(raw_num)
    raw_type = params.get("type", "").strip()
    if raw_type:
        if raw_type not in ("0", "1", "2"):
            raise _bad()
        group.type = int(raw_type)


def _find_group(state: PhonesState, params: Mapping[str, str]) -> EmulatedGroup:
    raw = params.get("grp", "").strip()
    if not raw.isdigit():
        raise _bad()
    group = state.groups.get(int(raw))
    if group is None:
        raise APIFailure(3, "group not found")
    return group


def _add_group(state: PhonesState, params: Mapping[str, str], fmt: int) -> str:
    if not params.get("name", "").strip():
        raise _bad()
    taken = {g.num for g in state.groups.values()}
    group = EmulatedGroup(0, "", next(n for n in range(1, len(taken) + 2) if n not in taken))
    _group_fields(state, group, params)
    group.id = state.new_group_id()
    state.groups[group.id] = group
    return render_created(str(group.id), fmt)


def _group_rows(state: PhonesState) -> list[Row]:
    return [
        [
            ("id", group.id),
            ("name", group.name),
            ("num", group.num),
            ("type", group.type),
            ("cnt", sum(1 for c in state.contacts.values() if group.id in c.groups)),
        ]
        for group in state.groups.values()
    ]


def _move(state: PhonesState, params: Mapping[str, str], fmt: int) -> str:
    mode = params.get("move_group", "").strip()
    if mode not in ("1", "2", "3"):
        raise _bad()
    group = _find_group(state, params)
    phones, invalid = parse_phones(params.get("phone", ""))
    if invalid or not phones:
        raise APIFailure(7, "invalid number")
    contacts = [c for c in (state.by_phone(p) for p in phones) if c is not None]
    if not contacts:
        raise APIFailure(3, "contact not found")
    for contact in contacts:
        if mode == "1":
            contact.groups = {group.id}
        elif mode == "2":
            contact.groups.add(group.id)
        else:
            contact.groups.discard(group.id)
    return render_ack(fmt)


def _blacklist(state: PhonesState, params: Mapping[str, str], fmt: int, add: bool) -> str:
    phones, invalid = parse_phones(params.get("phone", ""))
    if invalid or not phones:
        raise APIFailure(7, "invalid number")
    if not add:
        for phone in phones:
            state.blacklist.pop(phone, None)
        return render_ack(fmt)
    entries = [state.blacklist_entry(phone) for phone in phones]
    return render_created(str(entries[0]), fmt)


def handle_phones(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised phones.php request; raises ``APIFailure`` for error replies."""
    action = only_selector(params, _SELECTORS)
    count_identical(emu, "phones", params, 3)
    state = emu.state(PhonesState)
    if action == "add":
        return _add(state, params, fmt)
    if action == "chg":
        return _change(state, params, fmt)
    if action == "del":
        del state.contacts[_contact(state, params).id]
        return render_ack(fmt)
    if action == "get":
        return _list(state, params, fmt)
    if action == "add_group":
        return _add_group(state, params, fmt)
    if action == "chg_group":
        _group_fields(state, _find_group(state, params), params)
        return render_ack(fmt)
    if action == "del_group":
        group = _find_group(state, params)
        del state.groups[group.id]
        for contact in state.contacts.values():
            contact.groups.discard(group.id)
        return render_ack(fmt)
    if action == "get_group":
        return _found(_group_rows(state), item="group", fmt=fmt)
    if action == "move_group":
        return _move(state, params, fmt)
    return _blacklist(state, params, fmt, add=action == "add_black")


#: Script name (without ``.php``) -> handler.
HANDLERS: dict[str, Handler] = {"phones": handle_phones}
