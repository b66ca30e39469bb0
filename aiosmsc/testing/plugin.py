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

pytest loads this module on every run wherever aiosmsc is installed, so it imports only
pytest: the emulator, the client and httpx are imported inside the fixtures, and
``EmulatorKit`` and ``DisconnectingASGITransport`` (from :mod:`aiosmsc.testing.kit` and
:mod:`aiosmsc.testing.in_process`) on first use.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pytest

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ..client import AsyncSMSC
    from .clock import ManualClock
    from .emulator import SMSCEmulator
    from .in_process import DisconnectingASGITransport
    from .kit import EmulatorKit
    from .server import EmulatorServer

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

_LAZY = {
    ".kit": ("EmulatorKit",),
    ".in_process": ("DisconnectingASGITransport", "IN_PROCESS_URL"),
}

if not TYPE_CHECKING:  # for type checkers an unknown name must stay an error
    # No lazy ``__dir__`` here: pytest and pluggy look up every name ``dir()`` lists on a
    # plugin (fixtures, hooks), which would import the emulator, the client and httpx at
    # the start of every pytest run.
    __getattr__ = lazy_names(__name__, __package__, _LAZY)[0]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "smsc_emulator(**options): SMSCEmulator settings for the smsc fixtures"
    )


@pytest.fixture
def smsc_clock() -> ManualClock:
    """The clock of ``smsc_emulator``; it moves only when told to."""
    from .clock import ManualClock

    return ManualClock()


@pytest.fixture
def smsc_emulator(request: pytest.FixtureRequest, smsc_clock: ManualClock) -> SMSCEmulator:
    """An emulator with account ``demo``/``demo-password`` and a balance of 100.00;
    ``@pytest.mark.smsc_emulator(...)`` passes other :class:`SMSCEmulator` options."""
    from .emulator import SMSCEmulator

    options: dict[str, Any] = {"login": LOGIN, "password": PASSWORD}
    for marker in reversed(list(request.node.iter_markers("smsc_emulator"))):
        options.update(marker.kwargs)
    options.setdefault("clock", smsc_clock)
    return SMSCEmulator(**options)


@_async_fixture
async def smsc_server(smsc_emulator: SMSCEmulator) -> AsyncIterator[EmulatorServer]:
    """``smsc_emulator`` served on a free loopback port (``smsc_server.url``)."""
    from .server import serving

    async with serving(smsc_emulator) as server:
        yield server


@_async_fixture
async def smsc(smsc_emulator: SMSCEmulator) -> AsyncIterator[AsyncSMSC]:
    """A client talking to ``smsc_emulator`` in-process (no sockets)."""
    from .in_process import IN_PROCESS_URL, DisconnectingASGITransport, client_for

    transport = DisconnectingASGITransport(app=smsc_emulator)
    async with client_for(smsc_emulator, host=IN_PROCESS_URL, transport=transport) as client:
        yield client


@_async_fixture
async def smsc_loopback(
    smsc_emulator: SMSCEmulator, smsc_server: EmulatorServer
) -> AsyncIterator[AsyncSMSC]:
    """A client talking to ``smsc_server`` over a real loopback connection."""
    from .in_process import client_for

    async with client_for(smsc_emulator, host=smsc_server.url) as client:
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
    from .clock import ManualClock
    from .kit import EmulatorKit

    clock = smsc_emulator.clock
    if not isinstance(clock, ManualClock):
        raise TypeError("smsc_kit needs an emulator on a ManualClock")
    return EmulatorKit(smsc_emulator, clock)
