"""Results of ``phones.php``: contacts and contact groups.

The reply shapes are not documented (REFERENCE §8): every field is optional, values the
decoder cannot read are kept in ``extra`` under ``<name>_raw``, unknown keys as they came.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

import attrs

from .base import MOSCOW, Model
from .codes import _DescribedIntEnum

__all__ = ["Contact", "Group", "GroupType"]


class GroupType(_DescribedIntEnum):
    """``type`` of a contact group (REFERENCE §8, third-party naming, unconfirmed)."""

    PHONES = 0, "Phone numbers, for every kind of message"
    MAIL = 1, "E-mail addresses, for mass e-mail"
    SINGLE = 2, "For single messages"


@attrs.frozen(slots=True)
class Contact(Model):
    """A contact of the phone book.

    ``id`` is the service's id (what ``after_id`` pages by), ``phone``/``mail`` the
    addresses, ``fnm``/``lnm``/``mnm`` first/last/middle name, ``fio`` the full name,
    ``bd`` the birthday (midnight, Moscow time; see :attr:`birthday`), ``myid`` your own
    id, ``cmt`` a comment, ``tags`` and ``grp`` (group ids) lists. In fmt=1 only the
    first field is named (``id``); the rest of the line is kept in ``extra["fields"]``.
    """

    aliases: ClassVar[Mapping[str, str]] = {
        "contact_id": "id",
        "email": "mail",
        "group": "grp",
        "groups": "grp",
        "comment": "cmt",
        "birthday": "bd",
        "name": "fio",
    }

    id: str | None = None
    phone: str | None = None
    mail: str | None = None
    fnm: str | None = None
    lnm: str | None = None
    mnm: str | None = None
    fio: str | None = None
    bd: dt.datetime | None = None
    myid: str | None = None
    cmt: str | None = None
    tags: tuple[str, ...] = ()
    grp: tuple[str, ...] = ()

    @property
    def birthday(self) -> dt.date | None:
        """The birthday as a date."""
        return None if self.bd is None else self.bd.astimezone(MOSCOW).date()


@attrs.frozen(slots=True)
class Group(Model):
    """A contact group: ``id``, ``name``, ``num`` (send to it with ``phones="G<num>"``),
    ``type`` and ``cnt`` (number of contacts) when the reply gives them."""

    aliases: ClassVar[Mapping[str, str]] = {
        "grp": "id",
        "group_id": "id",
        "count": "cnt",
        "number": "num",
    }

    id: str | None = None
    name: str | None = None
    num: str | None = None
    type: GroupType | int | None = None
    cnt: int | None = None

    @property
    def phones_ref(self) -> str | None:
        """``G<num>``: the ``phones`` value that sends to this group (``None`` without a num)."""
        return None if self.num is None else f"G{self.num}"
