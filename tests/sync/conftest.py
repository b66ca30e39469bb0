"""Blocking clients wired to the emulator: in-process (the emulator runs on the client's
own loop thread) or over loopback to an emulator served on a thread of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aiosmsc import SMSC
from aiosmsc.sync.loop import LoopThread
from aiosmsc.testing import SMSCEmulator, serve
from aiosmsc.testing.in_process import IN_PROCESS_URL, DisconnectingASGITransport
from aiosmsc.testing.plugin import LOGIN, PASSWORD


def in_process(emulator: SMSCEmulator, **options: object) -> SMSC:
    """A blocking client whose requests the emulator answers on the client's loop thread."""
    transport = DisconnectingASGITransport(app=emulator)
    return SMSC(
        login=LOGIN,
        password=PASSWORD,
        host=IN_PROCESS_URL,
        transport=transport,
        script_limits=False,
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def blocking_smsc(smsc_emulator: SMSCEmulator) -> Iterator[SMSC]:
    with in_process(smsc_emulator) as smsc:
        yield smsc


@pytest.fixture
def served_url(smsc_emulator: SMSCEmulator) -> Iterator[str]:
    """``smsc_emulator`` on a loopback port, served by a loop thread of its own (a blocked
    test thread could not serve it)."""
    thread = LoopThread("emulator")
    server = thread.run(serve(smsc_emulator), "serve")
    try:
        yield server.url
    finally:
        thread.run(server.close(), "close")
        thread.stop()
