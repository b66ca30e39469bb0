"""A transport that holds chosen requests until they are cancelled, and tells when."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import httpx

from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.in_process import DisconnectingASGITransport


class Gate(httpx.AsyncBaseTransport):
    """Passes requests to the emulator, except those ``hold(form)`` picks: they wait
    until cancelled. ``held`` is set once ``count`` requests are waiting."""

    def __init__(
        self, emulator: SMSCEmulator, hold: Callable[[str], bool], *, count: int = 1
    ) -> None:
        self._inner = DisconnectingASGITransport(app=emulator)
        self._hold = hold
        self._count = count
        self.waiting = 0
        self.held = threading.Event()
        self.cancelled = threading.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = (await request.aread()).decode()
        if not self._hold(body):
            return await self._inner.handle_async_request(request)
        self.waiting += 1
        if self.waiting == self._count:
            self.held.set()
        try:
            await asyncio.get_running_loop().create_future()  # never set
        except asyncio.CancelledError:
            self.cancelled.set()
            raise
        raise AssertionError("unreachable")
