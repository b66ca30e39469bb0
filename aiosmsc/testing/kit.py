"""``EmulatorKit``: helpers over one emulator for assertions and for moving time (the
``smsc_kit`` fixture of :mod:`aiosmsc.testing.plugin`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from .callbacks import PostedCallback
from .clock import ManualClock
from .emulator import SMSCEmulator
from .faults import Fault, FaultKind
from .ledger import EmulatedMessage
from .scripts.data import InboxState
from .scripts.data import IncomingMessage as EmulatedIncoming

__all__ = ["EmulatorKit"]


class EmulatorKit:
    """Helpers over one emulator for assertions and for moving time."""

    def __init__(self, emulator: SMSCEmulator, clock: ManualClock) -> None:
        self.emulator = emulator
        self.clock = clock

    @property
    def sent(self) -> list[EmulatedMessage]:
        """Every accepted message (one per recipient), oldest first."""
        return list(self.emulator.messages)

    def sent_to(self, phone: str) -> list[EmulatedMessage]:
        """The messages sent to ``phone`` (any spelling: ``+7 999 ...`` works)."""
        digits = "".join(ch for ch in phone if ch.isdigit())
        return [m for m in self.emulator.messages if m.phone == digits]

    def texts_to(self, phone: str) -> list[str]:
        """The texts sent to ``phone``, oldest first."""
        return [m.text for m in self.sent_to(phone)]

    def requests(self, script: str | None = None) -> list[dict[str, str]]:
        """Parameters of every request (credentials removed), or of one ``script``."""
        return [p for s, p in self.emulator.requests if script is None or s == script]

    def advance(self, seconds: float) -> float:
        """Move the emulator's clock forward; statuses and limits follow it."""
        return self.clock.advance(seconds)

    def settle(self) -> float:
        """Move the clock until every message sent so far has its final status."""
        ends = [m.finished_at for m in self.emulator.messages if not m.deleted]
        target = max(ends, default=self.clock.now())
        if target > self.clock.now():
            self.clock.set(target)
        return self.clock.now()

    def fail_next(
        self, kind: FaultKind = "drop_before", *, script: str | None = "send", times: int = 1
    ) -> Fault:
        """Make the next ``times`` requests to ``script`` fail like ``kind`` (see
        :class:`Fault`: ``http_error``, ``drop_before``, ``drop_after``, ...)."""
        fault = Fault(kind, script=script, times=times)
        self.emulator.inject(fault)
        return fault

    def set_balance(self, amount: Decimal | int | str) -> None:
        """Set the account balance (``0`` makes the next send fail with error 3)."""
        self.emulator.balance = Decimal(str(amount))

    def receive(self, phone: str, text: str, *, to_phone: str | None = None) -> EmulatedIncoming:
        """An incoming message from ``phone``, received now (for inbox and callbacks)."""
        inbox = self.emulator.state(InboxState)
        return inbox.receive(phone, text, at=self.clock.now(), to_phone=to_phone)

    async def deliver_callbacks(
        self, target: httpx.AsyncClient | Any, *, url: str | None = None
    ) -> list[PostedCallback]:
        """Post the callbacks due now to your app: ``target`` is an ASGI app (FastAPI,
        Starlette, ...) or an ``httpx.AsyncClient``; ``url`` defaults to the emulator's
        ``callback_url``, else ``http://app.test/smsc/callback``."""
        emulator = self.emulator
        if url is not None or not emulator.callback_url:
            emulator.callback_url = url or "http://app.test/smsc/callback"
        if isinstance(target, httpx.AsyncClient):
            return await emulator.deliver_callbacks(target)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=target)) as client:
            return await emulator.deliver_callbacks(client)
