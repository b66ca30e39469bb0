"""Results of ``phones.php``: contacts and contact groups.

The reply shapes are not documented (REFERENCE §8): every field is optional, values the
decoder cannot read are kept in ``extra`` under ``<name>_raw``, unknown keys as they came.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

import attrs

from .base import Model
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
    addresses, ``name`` the contact's name, ``first_name``/``last_name``/``middle_name``
    and ``fio`` (full name) its names, ``birthday`` a date, ``phone_other`` a further
    number, ``myid`` your own id, ``cmt`` a comment, ``tags`` and ``grp`` (group ids)
    lists. In fmt=1 only the first field is named (``id``); the rest of the line is kept
    in ``extra["fields"]``.

    The list reply's keys are not documented (REFERENCE §8): the attributes are the keys a
    third-party client reads from the live service; a reply that uses the request's
    parameter names instead (``fnm``, ``lnm``, ``mnm``, ``bd``, ``pho``) fills the same
    attributes, and those names are offered as read-only properties.
    """

    aliases: ClassVar[Mapping[str, str]] = {
        "contact_id": "id",
        "email": "mail",
        "group": "grp",
        "groups": "grp",
        "comment": "cmt",
        "fnm": "first_name",
        "lnm": "last_name",
        "mnm": "middle_name",
        "bd": "birthday",
        "pho": "phone_other",
    }

    id: str | None = None
    phone: str | None = None
    mail: str | None = None
    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    fio: str | None = None
    birthday: dt.date | None = None
    phone_other: str | None = None
    myid: str | None = None
    cmt: str | None = None
    tags: tuple[str, ...] = ()
    grp: tuple[str, ...] = ()

    @property
    def fnm(self) -> str | None:
        """The first name, by its request parameter's name (``fnm``)."""
        return self.first_name

    @property
    def lnm(self) -> str | None:
        """The last name, by its request parameter's name (``lnm``)."""
        return self.last_name

    @property
    def mnm(self) -> str | None:
        """The middle name, by its request parameter's name (``mnm``)."""
        return self.middle_name

    @property
    def bd(self) -> dt.date | None:
        """The birthday, by its request parameter's name (``bd``)."""
        return self.birthday

    @property
    def pho(self) -> str | None:
        """The further number, by its request parameter's name (``pho``)."""
        return self.phone_other


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
