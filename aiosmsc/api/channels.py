"""Top-level facade methods for the other channels of send.php (HLR, ping, MMS, ...)."""

from __future__ import annotations

from .base import FacadeMixin

__all__ = ["ChannelsMixin"]


class ChannelsMixin(FacadeMixin):
    """``smsc.hlr(...)``, ``smsc.ping(...)`` and the other channels."""

    __slots__ = ()
