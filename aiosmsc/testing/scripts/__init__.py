"""Handlers of the account-management and data scripts, one module per area."""

from __future__ import annotations

from ..handlers import Handler
from . import accounts, data, jobs, phones, senders, templates

__all__ = ["HANDLERS"]


def _collect() -> dict[str, Handler]:
    handlers: dict[str, Handler] = {}
    for module in (senders, templates, jobs, phones, accounts, data):
        for script, handler in module.HANDLERS.items():
            if script in handlers:
                raise RuntimeError(f"two handlers for {script}.php")
            handlers[script] = handler
    return handlers


#: Script name -> handler, for every script beyond send, status and balance.
HANDLERS: dict[str, Handler] = _collect()
