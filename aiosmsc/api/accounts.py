"""``smsc.subclients`` and ``smsc.documents`` (users.php, documents.php)."""

from __future__ import annotations

from .base import Namespace

__all__ = ["Documents", "Subclients"]


class Subclients(Namespace):
    """Sub-clients: add, change, pay, stats, stats_all."""

    __slots__ = ()


class Documents(Namespace):
    """Invoices and acts: create_invoice, get_invoice, get_act."""

    __slots__ = ()
