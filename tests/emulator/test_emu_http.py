"""HTTP behaviour: routing, crashes, faults, the ASGI protocol, and the loopback server."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from aiosmsc.testing import (
    EmulatedDisconnect,
    EmulatorServer,
    Fault,
    ManualClock,
    SMSCEmulator,
    serve,
    serving,
)

PHONE = "79990000001"
AUTH = "login=demo&psw=demo-password&charset=utf-8"
ROOT = Path(__file__).resolve().parents[2]


async def test_unknown_path_and_method(client: httpx.AsyncClient) -> None:
    missing = await client.get("/sys/nothing.php")
    assert (missing.status_code, missing.text) == (404, "Not Found")
    assert (await client.get("/")).status_code == 404
    assert (await client.put("/sys/balance.php")).status_code == 405


async def test_content_types(client: httpx.AsyncClient) -> None:
    types = []
    for fmt in range(4):
        reply = await client.get(f"/sys/balance.php?{AUTH}&fmt={fmt}")
        assert reply.status_code == 200
        types.append(reply.headers["content-type"])
    assert types == [
        "text/plain; charset=utf-8",
        "text/plain; charset=utf-8",
        "application/xml; charset=utf-8",
        "application/json; charset=utf-8",
    ]
    odd = await client.get(f"/sys/balance.php?{AUTH}&fmt=9")
    assert (odd.headers["content-type"], odd.text) == ("text/plain; charset=utf-8", "100.00")


async def test_bad_multipart_is_400(client: httpx.AsyncClient) -> None:
    reply = await client.post(
        "/sys/balance.php", content=b"xx", headers={"content-type": "multipart/form-data"}
    )
    assert reply.status_code == 400


async def test_internal_errors_become_500(
    client: httpx.AsyncClient, smsc_emulator: SMSCEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(script: str, params: object) -> tuple[int, str]:
        raise RuntimeError("boom")

    monkeypatch.setattr(smsc_emulator, "handle", broken)
    reply = await client.get(f"/sys/balance.php?{AUTH}")
    assert (reply.status_code, reply.text) == (500, "Internal Server Error")
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"


async def test_lifespan_and_other_scopes(smsc_emulator: SMSCEmulator) -> None:
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await smsc_emulator({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    await smsc_emulator({"type": "websocket"}, receive, send)
    assert len(sent) == 2

    async def gone() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    await smsc_emulator({"type": "http", "method": "GET", "path": "/sys/balance.php"}, gone, send)
    assert len(sent) == 2


async def test_http_error_fault_is_not_processed(
    client: httpx.AsyncClient, smsc_emulator: SMSCEmulator
) -> None:
    smsc_emulator.inject(Fault("http_error", script="send", status_code=503, body="busy"))
    balance = await client.get(f"/sys/balance.php?{AUTH}")
    assert balance.status_code == 200  # other scripts unaffected
    failed = await client.get(f"/sys/send.php?{AUTH}&phones={PHONE}&mes=a")
    assert (failed.status_code, failed.text) == (503, "busy")
    assert smsc_emulator.messages == []
    ok = await client.get(f"/sys/send.php?{AUTH}&phones={PHONE}&mes=a")
    assert ok.text == "OK - 1 SMS, ID - 1"


async def test_malformed_and_delay_faults_are_processed(
    client: httpx.AsyncClient, smsc_emulator: SMSCEmulator
) -> None:
    smsc_emulator.inject(Fault("malformed", body="<html>oops"))
    smsc_emulator.inject(Fault("delay", delay=0.01))
    garbled = await client.get(f"/sys/send.php?{AUTH}&phones={PHONE}&mes=a")
    assert (garbled.status_code, garbled.text) == (200, "<html>oops")
    slow = await client.get(f"/sys/send.php?{AUTH}&phones={PHONE}&mes=b")
    assert slow.text == "OK - 1 SMS, ID - 2"
    assert len(smsc_emulator.messages) == 2
    assert len(smsc_emulator.faults) == 0


async def test_drop_faults_in_process(
    client: httpx.AsyncClient, smsc_emulator: SMSCEmulator
) -> None:
    smsc_emulator.inject(Fault("drop_before", times=1))
    smsc_emulator.inject(Fault("drop_after", times=1))
    with pytest.raises(EmulatedDisconnect) as before:
        await client.get(f"/sys/send.php?{AUTH}&phones={PHONE}&mes=a")
    assert not before.value.processed
    with pytest.raises(EmulatedDisconnect) as after:
        await client.get(f"/sys/send.php?{AUTH}&phones={PHONE}&mes=b")
    assert after.value.processed
    assert [m.text for m in smsc_emulator.messages] == ["b"]
    with pytest.raises(ValueError):
        smsc_emulator.inject(Fault("delay", times=0))


# -- the loopback server -------------------------------------------------------------


@pytest.fixture
async def server(smsc_emulator: SMSCEmulator) -> Any:
    smsc_emulator.enforce_limits = False
    async with await serve(smsc_emulator, host="127.0.0.1", port=0) as running:
        yield running


async def _read_response(reader: asyncio.StreamReader) -> tuple[bytes, dict[bytes, bytes], bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *lines = head.rstrip(b"\r\n").split(b"\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers[b"content-length"]))
    return status_line, headers, body


async def test_send_and_status_over_loopback(
    server: EmulatorServer, smsc_clock: ManualClock
) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}"
    async with httpx.AsyncClient(base_url=server.url) as client:
        data = {"login": "demo", "psw": "demo-password", "charset": "utf-8", "fmt": "3"}
        sent = await client.post("/sys/send.php", data={**data, "phones": PHONE, "mes": "hi"})
        assert sent.json() == {"id": 1, "cnt": 1}
        smsc_clock.advance(10)
        status = await client.get("/sys/status.php", params={**data, "phone": PHONE, "id": "1"})
        assert status.json()["status"] == 1
        assert status.headers["connection"] == "keep-alive"
        missing = await client.get("/nope")
        assert missing.status_code == 404


async def test_keep_alive_pipelining_and_close(server: EmulatorServer) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    request = f"GET /sys/balance.php?{AUTH} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    body = f"{AUTH}&fmt=1".encode()
    post = (
        b"POST /sys/balance.php HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    chunked = (
        b"POST /sys/balance.php HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n"
        + f"{len(body):x}\r\n".encode()
        + body
        + b"\r\n0\r\n\r\n"
    )
    writer.write(request + post + chunked)
    replies = [await _read_response(reader) for _ in range(3)]
    assert [status for status, _, _ in replies] == [b"HTTP/1.1 200 OK"] * 3
    assert [body for _, _, body in replies] == [b"100.00"] * 3
    assert [headers[b"connection"] for _, headers, _ in replies] == [
        b"keep-alive",
        b"keep-alive",
        b"close",
    ]
    assert await reader.read() == b""  # the server closed the connection
    writer.close()


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"NONSENSE\r\n\r\n", b"HTTP/1.1 400 Bad Request"),
        (b"GET / HTTP/2.0\r\n\r\n", b"HTTP/1.1 505 HTTP Version Not Supported"),
        (b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", b"HTTP/1.1 400 Bad Request"),
        (b"GET / HTTP/1.0\r\n\r\n", b"HTTP/1.1 404 Not Found"),
    ],
)
async def test_bad_requests_get_an_answer(
    server: EmulatorServer, raw: bytes, status: bytes
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(raw)
    line, headers, _ = await _read_response(reader)
    assert line == status
    assert headers[b"connection"] == b"close"
    writer.close()


async def test_many_concurrent_keep_alive_connections(server: EmulatorServer) -> None:
    limits = httpx.Limits(max_connections=40, max_keepalive_connections=40)
    timeout = httpx.Timeout(10.0, pool=None)
    async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=timeout) as client:

        async def one(i: int) -> str:
            data = {"apikey": "demo-apikey", "phones": PHONE, "mes": f"m{i}", "cost": "1"}
            reply = await client.post("/sys/send.php", data={**data, "fmt": "1"})
            return reply.text

        replies = await asyncio.gather(*(one(i) for i in range(80)))
    assert set(replies) == {"1.50,1"}


async def test_thousands_of_requests_on_raw_keep_alive_sockets(server: EmulatorServer) -> None:
    body = f"{AUTH}&fmt=1".encode()
    request = (
        b"POST /sys/balance.php HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )

    async def connection() -> list[bytes]:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        bodies = []
        for _ in range(50):
            writer.write(request)
            bodies.append((await _read_response(reader))[2])
        writer.close()
        return bodies

    results = await asyncio.gather(*(connection() for _ in range(40)))
    assert {body for bodies in results for body in bodies} == {b"100.00"}
    assert sum(map(len, results)) == 2000


async def test_dropped_connection_on_loopback(
    server: EmulatorServer, smsc_emulator: SMSCEmulator
) -> None:
    smsc_emulator.inject(Fault("drop_after", script="send"))
    async with httpx.AsyncClient(base_url=server.url) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get(f"/sys/send.php?{AUTH}&phones={PHONE}&mes=a")
        assert (await client.get(f"/sys/balance.php?{AUTH}")).text == "98.50"
    assert len(smsc_emulator.messages) == 1


async def test_serving_context_and_close_with_open_connections(smsc_emulator: SMSCEmulator) -> None:
    async with serving(smsc_emulator) as running:
        reader, writer = await asyncio.open_connection("127.0.0.1", running.port)
        writer.write(f"GET /sys/balance.php?{AUTH} HTTP/1.1\r\n\r\n".encode())
        assert (await _read_response(reader))[2] == b"100.00"
    assert await reader.read() == b""  # idle keep-alive connection dropped on close
    writer.close()
    await running.close()  # closing twice is harmless
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", running.port)


@pytest.mark.usefixtures("sigint_default")
def test_command_line_serves_until_interrupted() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmsc.testing", "--port", "0", "--balance", "42", "--no-limits"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = next(word for word in line.split() if word.startswith("http://"))
        assert url.startswith("http://127.0.0.1:")
        reply = httpx.get(f"{url}/sys/balance.php?{AUTH}")
        assert reply.text == "42.00"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            status = process.wait(timeout=10)
        finally:
            if process.poll() is None:  # never left running, whatever failed
                process.kill()
                process.wait()
    assert status == 0
