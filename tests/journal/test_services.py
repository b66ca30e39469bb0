"""tests/services.py: a missing server skips the test, or fails it when CI requires it."""

from __future__ import annotations

import socket

import pytest
import services


def closed_port() -> int:
    """A loopback port nothing listens on (bound for a moment, then freed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_missing_server_skips_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(services.REQUIRE_SERVICES, raising=False)
    port = closed_port()
    with pytest.raises(pytest.skip.Exception, match=f"Redis is not reachable on 127.0.0.1:{port}"):
        services.require_service("Redis", "127.0.0.1", port)


def test_a_missing_server_fails_when_services_are_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(services.REQUIRE_SERVICES, "1")
    monkeypatch.setenv(
        "AIOSMSC_POSTGRES_DSN", f"postgresql://postgres@127.0.0.1:{closed_port()}/test"
    )
    with pytest.raises(pytest.fail.Exception, match=r"PostgreSQL is not reachable.*requires it"):
        services.postgres_dsn()


def test_a_listening_server_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(services.REQUIRE_SERVICES, "1")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        url = f"redis://127.0.0.1:{server.getsockname()[1]}/0"
        monkeypatch.setenv("AIOSMSC_REDIS_URL", url)
        assert services.redis_url() == url
