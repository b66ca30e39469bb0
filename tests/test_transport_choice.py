"""``AsyncSMSC(transport=...)``: httpx's pool by default, aiohttp's with ``"aiohttp"``; on
both, a failure says truthfully whether the request may have reached the service."""

from __future__ import annotations

import asyncio

import aiohttp
import httpx
import pytest

from aiosmsc import AsyncSMSC, ConfigurationError
from aiosmsc.errors import NetworkError
from aiosmsc.http_aiohttp import SMSCAiohttpTransport, _translated
from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.faults import Fault
from aiosmsc.testing.in_process import client_for
from aiosmsc.testing.server import EmulatorServer

pytestmark = pytest.mark.smsc_emulator(enforce_limits=False)
TRANSPORTS = ["httpx", "aiohttp"]


class Refused(aiohttp.ClientConnectorError):
    """A refused connection (without aiohttp's connection key, which changes often)."""

    def __init__(self) -> None:
        OSError.__init__(self, 111, "refused")

    def __str__(self) -> str:
        return "refused"


def test_aiohttp_failures_map_to_what_they_say_about_delivery() -> None:
    refused = Refused()
    cases = [
        (aiohttp.ConnectionTimeoutError(), httpx.ConnectTimeout),  # never sent
        (refused, httpx.ConnectError),  # never sent
        (aiohttp.SocketTimeoutError(), httpx.ReadTimeout),
        (asyncio.TimeoutError(), httpx.ReadTimeout),
        (aiohttp.ServerDisconnectedError(), httpx.ReadError),  # httpx_aiohttp: ConnectTimeout
        (aiohttp.ClientPayloadError("cut"), httpx.ReadError),
        (aiohttp.ClientOSError(104, "reset"), httpx.ReadError),
        (aiohttp.ClientError("odd"), httpx.TransportError),
    ]
    for error, expected in cases:
        assert type(_translated(error)) is expected, error
        wrapped = httpx.ConnectTimeout("as httpx_aiohttp says")
        wrapped.__cause__ = error  # judged by what really happened
        assert type(_translated(wrapped)) is expected, error
    assert _translated(ValueError("not a transport failure")) is None


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_reply_lost_after_processing_is_reconciled_not_resent(
    transport: str, smsc_emulator: SMSCEmulator, smsc_server: EmulatorServer
) -> None:
    smsc_emulator.faults.add(Fault("drop_after", script="send"))
    async with client_for(smsc_emulator, host=smsc_server.url, transport=transport) as smsc:
        sent = await smsc.send("79990000001", "once")
    assert smsc_emulator.ledger.find("79990000001", sent.id) is not None
    assert [s for s, _ in smsc_emulator.requests].count("send") == 1  # looked up, not resent


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_dropped_connection_may_have_delivered(
    transport: str, smsc_emulator: SMSCEmulator, smsc_server: EmulatorServer
) -> None:
    smsc_emulator.faults.add(Fault("drop_after", script="balance"))
    async with client_for(
        smsc_emulator, host=smsc_server.url, transport=transport, max_retries=0
    ) as smsc:
        with pytest.raises(NetworkError) as caught:
            await smsc.balance()
    assert caught.value.possibly_delivered


async def test_the_aiohttp_transport_is_ours_and_closed_with_the_client() -> None:
    smsc = AsyncSMSC(login="a", password="pw", transport="aiohttp", max_concurrency=3)
    inner = smsc._transport._client._transport
    assert isinstance(inner, SMSCAiohttpTransport)
    assert inner.limits.max_connections == 3
    await smsc.aclose()


def test_bad_transport_names_and_combinations_are_refused() -> None:
    with pytest.raises(ConfigurationError, match='"httpx", "aiohttp"'):
        AsyncSMSC(login="a", password="pw", transport="curl")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="not both"):
        AsyncSMSC(login="a", password="pw", transport="aiohttp", http_client=httpx.AsyncClient())


async def test_replies_are_not_read_for_cookies_and_none_are_sent() -> None:
    """The service uses no cookies: a Set-Cookie is ignored (httpx would parse every
    reply for them), so no request ever carries one."""
    seen: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200, json={"balance": "1.00"}, headers={"set-cookie": "session=abc; Path=/"}
        )

    async with AsyncSMSC(login="a", password="pw", transport=httpx.MockTransport(reply)) as smsc:
        await smsc.balance()
        await smsc.balance()
    assert len(seen) == 2 and "cookie" not in seen[1].headers
