"""``smsc.contacts``, ``smsc.groups``, ``smsc.blacklist`` (phones.php)."""

from __future__ import annotations

from .base import Namespace

__all__ = ["Blacklist", "Contacts", "Groups"]


class Contacts(Namespace):
    """Contacts: add, change, delete, list."""

    __slots__ = ()


class Groups(Namespace):
    """Contact groups: add, change, delete, list, move."""

    __slots__ = ()


class Blacklist(Namespace):
    """The blacklist: add, delete."""

    __slots__ = ()
