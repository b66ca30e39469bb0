"""pytest plugin: test your own code against the SMSC emulator, offline.

Installed with aiosmsc (entry point ``pytest11``), so the fixtures are simply there:

- ``smsc_clock``: the :class:`ManualClock` the emulator runs on;
- ``smsc_emulator``: an :class:`SMSCEmulator` (in-process; its settings from
  ``@pytest.mark.smsc_emulator(balance=..., queue_delay=..., ...)``);
- ``smsc_server``: the same emulator on a loopback port (``smsc_server.url``);
- ``smsc``: an :class:`~aiosmsc.AsyncSMSC` wired to the emulator in-process;
  ``smsc_loopback``: one that goes through ``smsc_server``;
- ``smsc_env``: ``SMSC_LOGIN``/``SMSC_PASSWORD``/``SMSC_HOST`` pointing at
  ``smsc_server``, for code that builds its own ``AsyncSMSC()``;
- ``smsc_kit``: helpers: what was sent, move the clock, inject faults, incoming
  messages, callbacks.

Async fixtures need pytest-asyncio (or another plugin that runs async fixtures).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx
import pytest

from .callbacks import PostedCallback
from .clock import ManualClock
from .emulator import SMSCEmulator
from .faults import EmulatedDisconnect, Fault, FaultKind
from .ledger import EmulatedMessage
from .scripts.data import InboxState
from .scripts.data import IncomingMessage as EmulatedIncoming
from .server import EmulatorServer, serving

if TYPE_CHECKING:
    from ..client import AsyncSMSC

try:  # async fixtures in pytest-asyncio's strict mode need its decorator
    import pytest_asyncio

    _fixture: Any = pytest_asyncio.fixture
except ImportError:  # pragma: no cover - without pytest-asyncio
    _fixture = pytest.fixture

_F = TypeVar("_F", bound=Callable[..., Any])


def _async_fixture(function: _F) -> _F:
    return cast(_F, _fixture(function))


__all__ = ["LOGIN", "PASSWORD", "DisconnectingASGITransport", "EmulatorKit"]

LOGIN, PASSWORD = "demo", "demo-password"
#: The host name in-process clients use (nothing resolves it: the transport is the app).
IN_PROCESS_URL = "http://smsc.test"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "smsc_emulator(**options): SMSCEmulator settings for the smsc fixtures"
    )


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


@pytest.fixture
def smsc_clock() -> ManualClock:
    """The clock of ``smsc_emulator``; it moves only when told to."""
    return ManualClock()


@pytest.fixture
def smsc_emulator(request: pytest.FixtureRequest, smsc_clock: ManualClock) -> SMSCEmulator:
    """An emulator with account ``demo``/``demo-password`` and a balance of 100.00;
    ``@pytest.mark.smsc_emulator(...)`` passes other :class:`SMSCEmulator` options."""
    options: dict[str, Any] = {"login": LOGIN, "password": PASSWORD}
    for marker in reversed(list(request.node.iter_markers("smsc_emulator"))):
        options.update(marker.kwargs)
    options.setdefault("clock", smsc_clock)
    return SMSCEmulator(**options)


@_async_fixture
async def smsc_server(smsc_emulator: SMSCEmulator) -> AsyncIterator[EmulatorServer]:
    """``smsc_emulator`` served on a free loopback port (``smsc_server.url``)."""
    async with serving(smsc_emulator) as server:
        yield server


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


def _client(emulator: SMSCEmulator, **options: Any) -> AsyncSMSC:
    from ..client import AsyncSMSC

    if emulator.login is not None and emulator.password is not None:
        options.update(login=emulator.login, password=emulator.password)
    elif emulator.apikey is not None:
        options.update(apikey=emulator.apikey)
    else:
        raise ValueError("the emulator has neither login and password nor an apikey")
    # The emulator enforces the per-minute limits itself, on its own clock.
    return AsyncSMSC(script_limits=False, **options)


@_async_fixture
async def smsc(smsc_emulator: SMSCEmulator) -> AsyncIterator[AsyncSMSC]:
    """A client talking to ``smsc_emulator`` in-process (no sockets)."""
    transport = DisconnectingASGITransport(app=smsc_emulator)
    async with _client(smsc_emulator, host=IN_PROCESS_URL, transport=transport) as client:
        yield client


@_async_fixture
async def smsc_loopback(
    smsc_emulator: SMSCEmulator, smsc_server: EmulatorServer
) -> AsyncIterator[AsyncSMSC]:
    """A client talking to ``smsc_server`` over a real loopback connection."""
    async with _client(smsc_emulator, host=smsc_server.url) as client:
        yield client


@pytest.fixture
def smsc_env(
    monkeypatch: pytest.MonkeyPatch, smsc_emulator: SMSCEmulator, smsc_server: EmulatorServer
) -> dict[str, str]:
    """Point ``AsyncSMSC()`` built from the environment at ``smsc_server`` (for async
    tests: the server runs on the test's event loop)."""
    env = {
        "SMSC_LOGIN": smsc_emulator.login or LOGIN,
        "SMSC_PASSWORD": smsc_emulator.password or PASSWORD,
        "SMSC_HOST": smsc_server.url,
    }
    monkeypatch.delenv("SMSC_APIKEY", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def smsc_kit(smsc_emulator: SMSCEmulator) -> EmulatorKit:
    """Helpers over ``smsc_emulator``: ``sent``, ``advance()``, ``settle()``,
    ``fail_next()``, ``receive()``, ``deliver_callbacks()``."""
    clock = smsc_emulator.clock
    if not isinstance(clock, ManualClock):
        raise TypeError("smsc_kit needs an emulator on a ManualClock")
    return EmulatorKit(smsc_emulator, clock)
