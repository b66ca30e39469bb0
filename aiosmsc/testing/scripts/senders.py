"""Emulated scripts of the senders area."""

from __future__ import annotations

from ..handlers import Handler

__all__ = ["HANDLERS"]

#: Script name (without ``.php``) -> handler.
HANDLERS: dict[str, Handler] = {}
