"""``phones.php``: contact groups — add, change, delete, list, move contacts (REFERENCE §8).

A group is named by ``grp`` (its id); ``num`` is the number used to send to it
(``phones="G<num>"``). ``move_group`` takes a mode (1, 2, 3: move, copy, remove, as the
contact actions page says), the contacts' ``phone`` list and the group ``grp``. Every
phones.php request counts against the script's limit of three identical requests a
minute (:class:`PhonesScript`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs
from typing_extensions import TypedDict, Unpack

from ..decoder.document import Document
from ..errors import ValidationError
from ..models.contacts import Group, GroupType
from ..models.jobs import Ack
from .base import Operation, Reply, WireOperation
from .fields import FieldTable
from .jobs_params import one_line
from .jobs_replies import ack_reply, rows, tolerant
from .options import accept
from .params import flag, phone_list, validate_id
from .script_limits import IdenticalLimit

__all__ = [
    "GROUP_OPERATIONS",
    "NO_RECORDS",
    "AddGroup",
    "ChangeGroup",
    "DeleteGroup",
    "GroupChanges",
    "GroupOptions",
    "ListGroups",
    "MoveContacts",
    "MoveMode",
    "PhonesChange",
    "PhonesScript",
    "group_ids",
]


class MoveMode(enum.IntEnum):
    """``move_group``: what happens to the contacts (the contact actions page)."""

    MOVE = 1  # into the group, out of their other groups
    COPY = 2  # into the group, keeping their other groups
    REMOVE = 3  # out of the group


class GroupOptions(TypedDict, total=False):
    """The optional settings of a contact group (``smsc.groups.add``); each is left
    unset when missing."""

    #: The number to send to the group with (``phones="G<num>"``), a positive integer.
    num: int | str | None
    #: The group's type (:class:`~aiosmsc.models.contacts.GroupType`).
    type: GroupType | int | None
    #: Further phones.php parameters, passed as written.
    params: Mapping[str, str | int] | None


class GroupChanges(GroupOptions, total=False):
    """What ``smsc.groups.change`` may change: the name and the settings given."""

    #: The group's new name.
    name: str | None


#: phones.php error 3, "no records found": how the service reports an empty list [DOC].
NO_RECORDS = frozenset({3})


def group_ids(groups: str | int | Iterable[str | int], *, name: str = "grp") -> str:
    """Group ids, comma-joined (``"1,2"``, ``3`` or ``[1, "2"]``)."""
    items: list[str | int]
    if isinstance(groups, str):
        items = [part.strip() for part in groups.split(",")]
    elif isinstance(groups, int):
        items = [groups]
    else:
        items = list(groups)
    if not items:
        raise ValidationError(f"{name} must name at least one group")
    return ",".join(validate_id(item, name=name) for item in items)


def _group_id(value: str | int) -> str:
    return validate_id(value, name="grp")


def _group_number(value: int | str, *, name: str) -> str:
    if isinstance(value, bool) or not str(value).isdigit() or int(value) < 1:
        raise ValidationError(f"{name} must be a positive integer, got {value!r}")
    return str(int(value))


def _group_type(value: GroupType | int, *, name: str) -> str:
    return flag(value, name=name, allowed=range(len(GroupType)))


_GROUP_FIELDS = FieldTable(
    GroupChanges,
    {"name": one_line, "num": _group_number, "type": _group_type},
    reserved={"add_group", "chg_group", "del_group", "get_group", "move_group", "grp", "phone"},
)


class PhonesScript(IdenticalLimit):
    """Mixin of every phones.php request: at most three identical ones a minute [DOC]."""

    __slots__ = ()

    script: ClassVar[str] = "phones"
    identical_limit = 3


@attrs.frozen(slots=True)
class PhonesChange(PhonesScript, WireOperation[Ack]):
    """A phones.php request that changes something: its reply is an :class:`Ack`."""

    #: A change is not repeated blindly, unless a subclass knows it is safe to.
    idempotent = False
    #: Whether a bare value in the reply is the new item's id.
    returns_id: ClassVar[bool] = False

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script, returns_id=cls.returns_id)


@attrs.frozen(slots=True)
class AddGroup(PhonesChange):
    """Create a contact group (``add_group=1``); the reply's ``id`` is the new group's."""

    name = "groups.add"
    selector = "add_group"
    returns_id = True

    @classmethod
    def build(cls, name: str, **options: Unpack[GroupOptions]) -> AddGroup:
        """A group needs a name; ``num`` and ``type`` are optional."""
        accept(options, GroupOptions, where=f"{cls.name}()")
        return cls(_GROUP_FIELDS.write({**options, "name": one_line(name, name="name")}))


@attrs.frozen(slots=True)
class ChangeGroup(PhonesChange):
    """Rename a group or change its number or type (``chg_group=1``)."""

    name = "groups.change"
    selector = "chg_group"

    @classmethod
    def build(cls, grp: str | int, **changes: Unpack[GroupChanges]) -> ChangeGroup:
        """Name the group by id and say what changes."""
        accept(changes, GroupChanges, where=f"{cls.name}()")
        fields = _GROUP_FIELDS.write_changes(changes, give="name, num or type")
        return cls({"grp": _group_id(grp), **fields})


@attrs.frozen(slots=True)
class DeleteGroup(PhonesChange):
    """Delete a group (``del_group=1``)."""

    name = "groups.delete"
    selector = "del_group"

    @classmethod
    def build(cls, grp: str | int) -> DeleteGroup:
        """Validate the group id."""
        return cls({"grp": _group_id(grp)})


@attrs.frozen(slots=True)
class ListGroups(PhonesScript, WireOperation[list[Group]]):
    """Every contact group (``get_group=1``); none is an empty list (error 3, "no
    records found", included)."""

    name = "groups.list"
    selector = "get_group"

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[Group]]:
        def build(document: Document) -> list[Group]:
            return [tolerant(row, Group) for row in rows(document)]

        return Reply(cls.name, cls.script, build, empty=list, empty_codes=NO_RECORDS)


@attrs.frozen(slots=True)
class MoveContacts(PhonesScript, Operation[Ack]):
    """Move, copy or remove contacts (by phone) to, into or from a group (``move_group``).

    Repeating it leaves the same memberships, so it is safe to retry.
    """

    name = "groups.move"

    phone: str
    grp: str
    mode: MoveMode

    @classmethod
    def build(
        cls, phones: str | Iterable[str], grp: str | int, *, mode: MoveMode | int
    ) -> MoveContacts:
        """Validate the phones, the group id and the mode."""
        kind = MoveMode(int(flag(mode, name="mode", allowed=[int(m) for m in MoveMode])))
        return cls(",".join(phone_list(phones, name="phone")), _group_id(grp), kind)

    def params(self) -> dict[str, str]:
        return {"move_group": str(int(self.mode)), "phone": self.phone, "grp": self.grp}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script)


#: The group operations, registered through ``contacts.OPERATIONS``.
GROUP_OPERATIONS: tuple[type[Operation[Any]], ...] = (
    AddGroup,
    ChangeGroup,
    DeleteGroup,
    ListGroups,
    MoveContacts,
)
