"""``aiosmsc emulator``: serves the emulator and posts callbacks to a URL."""

from __future__ import annotations

import asyncio
import threading
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

import aiosmsc.cli.emulator
from aiosmsc import AsyncSMSC
from aiosmsc.cli import cli
from aiosmsc.testing import EmulatorServer, SMSCEmulator, serve


class Receiver:
    """An ASGI app in another thread that records callbacks."""

    def __init__(self) -> None:
        self.fields: list[dict[str, str]] = []
        self.arrived = threading.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = (await receive()).get("body", b"")
        self.fields.append(dict(urllib.parse.parse_qsl(body.decode())))
        if self.fields[-1].get("status") == "1":
            self.arrived.set()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"OK"})


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    app = Receiver()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(serve(app), loop).result(10)
    try:
        yield app, f"{server.url}/smsc/callback"
    finally:
        asyncio.run_coroutine_threadsafe(server.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def test_emulator_serves_and_posts_signed_callbacks(
    monkeypatch: pytest.MonkeyPatch, receiver: tuple[Receiver, str]
) -> None:
    app, url = receiver
    seen: dict[str, Any] = {}

    async def session(server: EmulatorServer, emulator: SMSCEmulator) -> None:
        async with AsyncSMSC(login="demo", password="demo-password", host=server.url) as smsc:
            seen["balance"] = (await smsc.balance()).balance
            seen["sent"] = await smsc.send("79990000001", "via the CLI emulator")
        seen["arrived"] = await asyncio.to_thread(app.arrived.wait, 30)

    monkeypatch.setattr(aiosmsc.cli.emulator, "_until_stopped", session)
    result = CliRunner().invoke(
        cli,
        [
            *("emulator", "--port", "0", "--queue-delay", "0", "--delivery-delay", "0"),
            *("--callback-url", url, "--callback-interval", "0.01"),
        ],
        env={"SMSC_CALLBACK_SECRET": "cli-callback-secret"},
    )
    assert result.exit_code == 0, result.output
    assert "SMSC emulator on http://127.0.0.1:" in result.output
    assert "SMSC_PASSWORD=demo-password" in result.output
    assert seen["balance"] == 100 and seen["arrived"] is True
    final = app.fields[-1]
    assert (final["id"], final["status"]) == (seen["sent"].id, "1")
    assert "sha1" in final and "cli-callback-secret" not in result.output


def test_a_custom_password_is_not_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    async def stop_at_once(server: EmulatorServer, emulator: SMSCEmulator) -> None:
        assert emulator.password == "my-own-pw"

    monkeypatch.setattr(aiosmsc.cli.emulator, "_until_stopped", stop_at_once)
    result = CliRunner().invoke(cli, ["emulator", "--port", "0", "--password", "my-own-pw"])
    assert result.exit_code == 0, result.output
    assert "my-own-pw" not in result.output


def test_a_callback_url_must_be_http() -> None:
    result = CliRunner().invoke(cli, ["emulator", "--callback-url", "ftp://x"])
    assert result.exit_code == 2 and "http://" in result.output
