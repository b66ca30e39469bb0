"""The CLI runs its own event loop (``asyncio.run``), so the emulator it talks to is
served on a loopback port by a loop in a background thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from aiosmsc.cli import cli
from aiosmsc.testing import EmulatorServer, ManualClock, SMSCEmulator, serve

PASSWORD = "cli-s3cret-PW"


@pytest.fixture
def emulator() -> SMSCEmulator:
    return SMSCEmulator(login="cli", password=PASSWORD, clock=ManualClock())


@pytest.fixture
def served(emulator: SMSCEmulator) -> Iterator[EmulatorServer]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(serve(emulator), loop).result(10)
    try:
        yield server
    finally:
        asyncio.run_coroutine_threadsafe(server.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


class Runner:
    """``run("send", ...)``: the CLI with credentials in the environment."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(cli, list(args), env={**self.env, **(env or {})})


@pytest.fixture
def run(served: EmulatorServer, clean_env: None) -> Runner:
    return Runner({"SMSC_LOGIN": "cli", "SMSC_PASSWORD": PASSWORD, "SMSC_HOST": served.url})
