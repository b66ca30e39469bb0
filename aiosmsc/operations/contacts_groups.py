"""``phones.php``: contact groups — add, change, delete, list, move contacts (REFERENCE §8).

A group is named by ``grp`` (its id); ``num`` is the number used to send to it
(``phones="G<num>"``). ``move_group`` takes a mode (1, 2, 3: move, copy, remove — the
meanings are the SDK's, unconfirmed), the contacts' ``phone`` list and the group ``grp``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..decoder.document import Document
from ..errors import ValidationError
from ..models.contacts import Group, GroupType
from ..models.jobs import Ack
from .base import Operation, Reply, WireOperation
from .jobs_params import extra_params, one_line
from .jobs_replies import ack_reply, rows, tolerant
from .params import flag, phone_list, validate_id

__all__ = [
    "GROUP_OPERATIONS",
    "AddGroup",
    "ChangeGroup",
    "DeleteGroup",
    "ListGroups",
    "MoveContacts",
    "MoveMode",
    "group_ids",
]

_TYPED = frozenset(
    {"add_group", "chg_group", "del_group", "get_group", "move_group", "grp", "name", "num"}
    | {"type", "phone"}
)


class MoveMode(enum.IntEnum):
    """``move_group``: what happens to the contacts (SDK naming, unconfirmed)."""

    MOVE = 1  # into the group, out of their other groups
    COPY = 2  # into the group, keeping their other groups
    REMOVE = 3  # out of the group


def group_ids(groups: str | int | Iterable[str | int]) -> str:
    """Group ids, comma-joined (``"1,2"``, ``3`` or ``[1, "2"]``)."""
    items: list[str | int]
    if isinstance(groups, str):
        items = [part.strip() for part in groups.split(",")]
    elif isinstance(groups, int):
        items = [groups]
    else:
        items = list(groups)
    if not items:
        raise ValidationError("grp must name at least one group")
    return ",".join(validate_id(item, name="grp") for item in items)


def _group_id(value: str | int) -> str:
    return validate_id(value, name="grp")


def _group_fields(
    name: str | None, num: int | str | None, type: GroupType | int | None
) -> dict[str, str]:
    wire: dict[str, str] = {}
    if name is not None:
        wire["name"] = one_line(name, name="name")
    if num is not None:
        if isinstance(num, bool) or not str(num).isdigit() or int(num) < 1:
            raise ValidationError(f"num must be a positive integer, got {num!r}")
        wire["num"] = str(int(num))
    if type is not None:
        wire["type"] = flag(type, name="type", allowed=range(len(GroupType)))
    return wire


@attrs.frozen(slots=True)
class AddGroup(WireOperation[Ack]):
    """Create a contact group (``add_group=1``); the reply's ``id`` is the new group's."""

    name = "groups.add"
    selector = "add_group"
    script = "phones"
    idempotent = False

    @classmethod
    def build(
        cls,
        name: str,
        *,
        num: int | str | None = None,
        type: GroupType | int | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> AddGroup:
        """A group needs a name; ``num`` and ``type`` are optional."""
        wire = _group_fields(one_line(name, name="name"), num, type)
        wire.update(extra_params(params, _TYPED))
        return cls(wire)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script, returns_id=True)


@attrs.frozen(slots=True)
class ChangeGroup(WireOperation[Ack]):
    """Rename a group or change its number or type (``chg_group=1``)."""

    name = "groups.change"
    selector = "chg_group"
    script = "phones"
    idempotent = False

    @classmethod
    def build(
        cls,
        grp: str | int,
        *,
        name: str | None = None,
        num: int | str | None = None,
        type: GroupType | int | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> ChangeGroup:
        """Name the group by id and say what changes."""
        fields = _group_fields(name, num, type)
        fields.update(extra_params(params, _TYPED))
        if not fields:
            raise ValidationError("nothing to change: give name, num or type")
        return cls({"grp": _group_id(grp), **fields})

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script)


@attrs.frozen(slots=True)
class DeleteGroup(Operation[Ack]):
    """Delete a group (``del_group=1``)."""

    name = "groups.delete"
    script = "phones"
    idempotent = False

    grp: str = attrs.field(converter=_group_id)

    def params(self) -> dict[str, str]:
        return {"del_group": "1", "grp": self.grp}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script)


@attrs.frozen(slots=True)
class ListGroups(Operation[list[Group]]):
    """Every contact group (``get_group=1``)."""

    name = "groups.list"
    script = "phones"

    def params(self) -> dict[str, str]:
        return {"get_group": "1"}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[Group]]:
        def build(document: Document) -> list[Group]:
            return [tolerant(row, Group) for row in rows(document)]

        return Reply(cls.name, cls.script, build, empty=list)


@attrs.frozen(slots=True)
class MoveContacts(Operation[Ack]):
    """Move, copy or remove contacts (by phone) to, into or from a group (``move_group``).

    Repeating it leaves the same memberships, so it is safe to retry.
    """

    name = "groups.move"
    script = "phones"

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
