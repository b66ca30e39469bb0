"""Top-level facade methods for data retrieval (history, inbox, stats, ...)."""

from __future__ import annotations

from .base import FacadeMixin, Namespace

__all__ = ["DataMixin", "ReceivePhones"]


class DataMixin(FacadeMixin):
    """``smsc.history(...)``, ``smsc.inbox(...)``, ``smsc.stats(...)`` and friends."""

    __slots__ = ()


class ReceivePhones(Namespace):
    """``smsc.receive_phones``: dedicated inbound numbers (receive_phones.php)."""

    __slots__ = ()
