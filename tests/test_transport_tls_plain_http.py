"""A client whose every host is ``http://`` (the emulator on loopback) does not load the
CA bundle: it never makes a TLS connection with its context, so it gets one that still
verifies but trusts no certificate. One ``https://`` host is enough for the shared
verifying context."""

from __future__ import annotations

import ssl
from typing import Any

import httpx
import pytest

import aiosmsc.transport
from aiosmsc import AsyncSMSC
from aiosmsc.transport import default_ssl_context, tls_context

pytestmark = pytest.mark.usefixtures("clean_env")

LOOPBACK = "http://127.0.0.1:8765"


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """What happens while clients are built: the ``verify`` given to each httpx
    transport, and each time the verifying context is asked for."""
    seen: dict[str, list[Any]] = {"verify": [], "ca_bundle": []}
    build_transport = httpx.AsyncHTTPTransport.__init__
    verifying = aiosmsc.transport._ssl_context_for

    def spy_transport(self: httpx.AsyncHTTPTransport, *args: Any, **kwargs: Any) -> None:
        seen["verify"].append(kwargs.get("verify", True))
        build_transport(self, *args, **kwargs)

    def spy_verifying(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
        seen["ca_bundle"].append((cert_file, cert_dir))
        return verifying(cert_file, cert_dir)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "__init__", spy_transport)
    monkeypatch.setattr(aiosmsc.transport, "_ssl_context_for", spy_verifying)
    return seen


def _trusts_nothing_but_verifies(context: ssl.SSLContext) -> None:
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.cert_store_stats()["x509_ca"] == 0


async def test_an_http_only_client_does_not_load_the_ca_bundle(
    built: dict[str, list[Any]],
) -> None:
    async with (
        AsyncSMSC(login="a", password="pw", host=LOOPBACK),
        AsyncSMSC(login="b", password="pw", hosts=[LOOPBACK, "http://127.0.0.2:8765"]),
    ):
        pass
    assert built["ca_bundle"] == []
    first, second = built["verify"]
    assert first is second is tls_context(False)
    _trusts_nothing_but_verifies(first)
    assert first is not default_ssl_context()


@pytest.mark.parametrize(
    "hosts", [["https://smsc.kz"], [LOOPBACK, "https://smsc.kz"], ["https://smsc.kz", LOOPBACK]]
)
async def test_one_https_host_brings_the_shared_verifying_context(
    built: dict[str, list[Any]], hosts: list[str]
) -> None:
    async with AsyncSMSC(login="a", password="pw", hosts=hosts):
        pass
    assert built["verify"] == [default_ssl_context()]
    assert built["verify"][0].cert_store_stats()["x509_ca"] > 0


async def test_the_aiohttp_transport_of_an_http_only_client_trusts_nothing_either() -> None:
    pytest.importorskip("httpx_aiohttp")
    smsc = AsyncSMSC(login="a", password="pw", host=LOOPBACK, transport="aiohttp")
    async with smsc:
        transport: Any = smsc._transport._client._transport
        _trusts_nothing_but_verifies(transport.ssl_context)
    smsc = AsyncSMSC(login="a", password="pw", transport="aiohttp")
    async with smsc:
        transport = smsc._transport._client._transport
        assert transport.ssl_context is default_ssl_context()


async def test_an_http_only_client_still_talks_to_its_host(
    built: dict[str, list[Any]],
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.scheme == "http"
        return httpx.Response(200, json={"balance": "12.50"})

    async with AsyncSMSC(
        login="a", password="pw", host=LOOPBACK, transport=httpx.MockTransport(answer)
    ) as smsc:
        balance = await smsc.balance()
    assert str(balance.balance) == "12.50"
    assert built["ca_bundle"] == []
