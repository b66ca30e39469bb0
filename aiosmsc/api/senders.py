"""``smsc.senders``: sender names (senders.php)."""

from __future__ import annotations

from .base import Namespace

__all__ = ["Senders"]


class Senders(Namespace):
    """Sender names: list, add, change, delete, send_code, check_code."""

    __slots__ = ()
