"""Clients wired to an emulator: in-process through an ASGI transport whose dropped
connections look like broken sockets, or to a served emulator's URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from ..client import AsyncSMSC
from .faults import EmulatedDisconnect

if TYPE_CHECKING:
    from .emulator import SMSCEmulator

__all__ = ["IN_PROCESS_URL", "DisconnectingASGITransport", "client_for"]

#: The host name in-process clients use (nothing resolves it: the transport is the app).
IN_PROCESS_URL = "http://smsc.test"


class DisconnectingASGITransport(httpx.ASGITransport):
    """``httpx.ASGITransport`` on which the emulator's dropped connections (``drop_before``
    and ``drop_after`` faults) look as they do over a socket: a broken connection."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except EmulatedDisconnect:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None


def client_for(emulator: SMSCEmulator, **options: Any) -> AsyncSMSC:
    """A client logged in to ``emulator`` (its login and password, else its apikey),
    built with ``options`` (``host``, ``transport``, ...)."""
    if emulator.login is not None and emulator.password is not None:
        options.update(login=emulator.login, password=emulator.password)
    elif emulator.apikey is not None:
        options.update(apikey=emulator.apikey)
    else:
        raise ValueError("the emulator has neither login and password nor an apikey")
    # The emulator enforces the per-minute limits itself, on its own clock.
    return AsyncSMSC(script_limits=False, **options)
