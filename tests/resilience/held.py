"""A server that is slow on purpose without a clock: requests of one script are held, as
if still being processed, until an event the test names, and only then processed.

With a ``delay`` fault, "the server accepts the request after the client stopped waiting
(and before its lookup after ``settle``)" depends on how two timers compare on a busy
machine; held here, it depends only on the order of events: a held send is accepted once
a status lookup asking about its id has been answered (``until_asked``), or once the test
lets it go (:meth:`HeldRequests.release`, e.g. from the client's ``on_attempt`` hook when
the send's attempt failed).
"""

from __future__ import annotations

import asyncio
import random
import urllib.parse

from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.asgi import Message, Receive, Scope, Send, read_body

__all__ = ["HeldRequests"]

#: Seconds after which a held request goes on anyway and :meth:`HeldRequests.settled`
#: fails (a test that never lets it go fails instead of hanging), and the longest
#: :meth:`HeldRequests.holding` waits.
LONGEST_HOLD = 30.0


def _ids(body: bytes) -> set[str]:
    """The client ids a send or status request names (``id=a,b,`` for several)."""
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
    return {value for joined in form.get("id", ()) for value in joined.split(",") if value}


def _replay(body: bytes) -> Receive:
    """An ASGI ``receive`` that gives ``body`` once, then a disconnect."""
    messages: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        return messages.pop() if messages else {"type": "http.disconnect"}

    return receive


class HeldRequests:
    """An ASGI app in front of ``emulator`` (serve it instead of the emulator). It holds
    nothing until :meth:`hold` arms it; disarmed, requests pass straight through."""

    def __init__(self, emulator: SMSCEmulator, script: str = "send") -> None:
        self.emulator = emulator
        self._path = f"/sys/{script}.php"
        self._left: int | None = 0
        self._random: random.Random | None = None
        self._rate = 1.0
        self._until_asked = False
        self._gates: dict[asyncio.Event, set[str]] = {}  # held requests: gate -> ids
        self._arrived = asyncio.Event()
        self._idle = asyncio.Event()
        self._busy = 0  # held requests not yet processed
        #: How many requests were held so far.
        self.held = 0
        #: How many went on only after LONGEST_HOLD (nothing let them go).
        self.expired = 0

    def hold(
        self,
        times: int | None = 1,
        *,
        rate: float = 1.0,
        seed: int = 0,
        until_asked: bool = False,
    ) -> None:
        """Hold the next ``times`` requests (``None``: every one) of the script, each with
        probability ``rate`` (drawn reproducibly from ``seed``). ``until_asked``: a held
        send goes on once a status request naming its id has been answered (so that
        lookup said "not found", the next one finds it)."""
        self._left = times
        self._rate = rate
        self._random = random.Random(seed) if rate < 1 else None
        self._until_asked = until_asked

    def release(self) -> None:
        """Let every request held so far go on (they are processed at once, in order)."""
        for gate in list(self._gates):
            gate.set()

    async def holding(self, count: int) -> None:
        """Wait until ``count`` requests have been held in all."""

        async def arrivals() -> None:
            while self.held < count:
                self._arrived.clear()
                await self._arrived.wait()

        await asyncio.wait_for(arrivals(), LONGEST_HOLD)

    async def settled(self) -> None:
        """Wait until every held request has been processed, then for the emulator to
        be idle (:meth:`SMSCEmulator.settled`)."""
        while self._busy:
            self._idle.clear()
            await self._idle.wait()
        await self.emulator.settled()
        assert not self.expired, f"{self.expired} held request(s) were never let go"

    def _draw(self) -> bool:
        if self._left == 0:
            return False
        if self._random is not None and self._random.random() >= self._rate:
            return False
        if self._left is not None:
            self._left -= 1
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path") if scope["type"] == "http" else None
        if path == self._path and self._left != 0:
            body = await read_body(receive)
            if body is None:
                return
            if not self._draw():
                await self.emulator(scope, _replay(body), send)
                return
            self._busy += 1
            try:
                await self._hold(_ids(body))
                await self.emulator(scope, _replay(body), send)
            finally:
                self._busy -= 1
                if not self._busy:
                    self._idle.set()
        elif path == "/sys/status.php" and self._until_asked and self._gates:
            body = await read_body(receive)
            if body is None:
                return
            await self.emulator(scope, _replay(body), send)
            asked = _ids(body)  # answered: now the sends it names go on
            for gate, ids in list(self._gates.items()):
                if ids & asked:
                    gate.set()
        else:
            await self.emulator(scope, receive, send)

    async def _hold(self, ids: set[str]) -> None:
        gate = asyncio.Event()
        self._gates[gate] = ids
        self.held += 1
        self._arrived.set()

        def expire() -> None:
            self.expired += 1
            gate.set()

        fallback = asyncio.get_running_loop().call_later(LONGEST_HOLD, expire)
        try:
            # Awaited directly (no wait_for task in between): the request is processed
            # in the loop iteration right after its gate opens.
            await gate.wait()
        finally:
            fallback.cancel()
            del self._gates[gate]

    def __repr__(self) -> str:
        return f"HeldRequests({self.emulator!r}, held={self.held})"
