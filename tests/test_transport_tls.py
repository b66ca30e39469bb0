"""Clients built by the package share one verifying TLS context per process."""

from __future__ import annotations

import ssl
from typing import Any

import certifi
import httpx
import pytest

from aiosmsc import AsyncSMSC
from aiosmsc.transport import default_ssl_context

pytestmark = pytest.mark.usefixtures("clean_env")


@pytest.fixture
def ssl_contexts(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The ``verify`` argument of every httpx transport built during the test."""
    seen: list[Any] = []
    original = httpx.AsyncHTTPTransport.__init__

    def spy(self: httpx.AsyncHTTPTransport, *args: Any, **kwargs: Any) -> None:
        seen.append(kwargs.get("verify", True))
        original(self, *args, **kwargs)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "__init__", spy)
    return seen


async def test_two_clients_share_one_verifying_context(ssl_contexts: list[Any]) -> None:
    async with (
        AsyncSMSC(login="a", password="pw") as first,
        AsyncSMSC(login="b", password="pw", host="https://smsc.kz") as second,
    ):
        assert first is not second
    assert len(ssl_contexts) == 2
    shared = ssl_contexts[0]
    assert isinstance(shared, ssl.SSLContext)
    assert ssl_contexts[1] is shared
    assert shared is default_ssl_context()
    assert shared.verify_mode == ssl.CERT_REQUIRED
    assert shared.check_hostname is True


def test_the_context_verifies_against_the_ca_bundle() -> None:
    context = default_ssl_context()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.cert_store_stats()["x509_ca"] > 0  # certifi's roots were loaded


def test_ssl_cert_file_still_chooses_the_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours ``SSL_CERT_FILE``/``SSL_CERT_DIR``; the cache must not hide them."""
    before = default_ssl_context()
    with monkeypatch.context() as env:
        env.delenv("SSL_CERT_FILE", raising=False)
        env.delenv("SSL_CERT_DIR", raising=False)
        certifi_default = default_ssl_context()
        env.setenv("SSL_CERT_FILE", certifi.where())
        from_variable = default_ssl_context()
        assert from_variable is not certifi_default
        assert from_variable is default_ssl_context()
        for context in (certifi_default, from_variable):
            assert context.verify_mode == ssl.CERT_REQUIRED
            assert context.check_hostname is True
    assert default_ssl_context() is before


async def test_an_injected_http_client_keeps_its_own_tls_settings(
    ssl_contexts: list[Any],
) -> None:
    async with (
        httpx.AsyncClient(verify=False) as own,
        AsyncSMSC(login="a", password="pw", http_client=own),
    ):
        pass
    assert ssl_contexts == [False]  # only the caller's client built a transport
