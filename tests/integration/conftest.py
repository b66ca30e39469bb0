"""The integration tests run on the shipped pytest plugin's fixtures: ``smsc`` (a client
wired to the emulator in-process), ``smsc_emulator`` and ``smsc_clock`` (named ``emulator``
and ``clock`` here, the names these tests were written with), ``smsc_kit``.

Every test that takes ``smsc`` runs in-process. The loopback smoke subset, the tests
marked ``@pytest.mark.loopback("script", ...)``, runs a second time over a real loopback
server (``smsc_loopback``), and a third there on the aiohttp transport
(``transport="aiohttp"``). Each marker names the emulator scripts its test calls, and a
loopback run fails unless the emulator received every one of them; test_loopback_subset.py
checks that the markers together name every script of the emulator and every fault kind.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from aiosmsc import AsyncSMSC
from aiosmsc.testing import ManualClock, SMSCEmulator
from aiosmsc.testing.in_process import client_for
from aiosmsc.testing.server import EmulatorServer

ROUTES = ("in-process", "loopback", "loopback-aiohttp")


@pytest.fixture
def emulator(smsc_emulator: SMSCEmulator) -> SMSCEmulator:
    """The plugin's emulator (``demo``/``demo-password``, 100.00, on ``clock``)."""
    return smsc_emulator


@pytest.fixture
def clock(smsc_clock: ManualClock) -> ManualClock:
    """The plugin's manual clock, which ``emulator`` runs on."""
    return smsc_clock


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "smsc" not in metafunc.fixturenames:
        return
    smoke = metafunc.definition.get_closest_marker("loopback") is not None
    metafunc.parametrize("smsc", ROUTES if smoke else ROUTES[:1], indirect=True)


@pytest.fixture
def smsc(
    request: pytest.FixtureRequest, smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> Iterator[AsyncSMSC]:
    """The plugin's in-process client, or for the loopback run the plugin's
    ``smsc_loopback``, after which the emulator must have seen the scripts the test's
    ``loopback`` marker names."""
    if request.param == "in-process":
        yield smsc
        return
    route = "smsc_loopback" if request.param == "loopback" else "aiohttp_loopback"
    yield request.getfixturevalue(route)
    marker = request.node.get_closest_marker("loopback")
    assert marker is not None
    reached = {script for script, _ in smsc_emulator.requests}
    missing = set(marker.args) - reached
    assert not missing, f"the loopback run never called {sorted(missing)}"


@pytest_asyncio.fixture
async def aiohttp_loopback(
    smsc_emulator: SMSCEmulator, smsc_server: EmulatorServer
) -> AsyncIterator[AsyncSMSC]:
    """A client on the aiohttp transport, over a real loopback connection."""
    async with client_for(smsc_emulator, host=smsc_server.url, transport="aiohttp") as client:
        yield client
