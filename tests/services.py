"""Where the tests find real servers (PostgreSQL, Redis), and what happens without them.

A test that needs a server calls :func:`postgres_dsn` or :func:`redis_url`. When nothing
listens on the server's port the test is skipped, saying so; with
``AIOSMSC_REQUIRE_SERVICES=1`` (CI, where the servers are part of the job) it fails
instead, so a missing service cannot pass unnoticed as a row of skips.

The addresses can be moved with ``AIOSMSC_POSTGRES_DSN`` and ``AIOSMSC_REDIS_URL``.
"""

from __future__ import annotations

import os
import socket
import urllib.parse

import pytest

REQUIRE_SERVICES = "AIOSMSC_REQUIRE_SERVICES"
DEFAULT_POSTGRES_DSN = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def listening(host: str, port: int, *, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip the calling test when ``name`` is not listening on ``host:port``; fail it
    instead when ``AIOSMSC_REQUIRE_SERVICES=1``."""
    if listening(host, port):
        return
    reason = f"{name} is not reachable on {host}:{port}"
    if os.environ.get(REQUIRE_SERVICES) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_SERVICES}=1 requires it", pytrace=False)
    pytest.skip(f"{reason} (set {REQUIRE_SERVICES}=1 to fail instead)")


def _service_url(name: str, url: str, default_port: int) -> str:
    parts = urllib.parse.urlsplit(url)
    require_service(name, parts.hostname or "127.0.0.1", parts.port or default_port)
    return url


def postgres_dsn() -> str:
    """The DSN of the test PostgreSQL server (skips or fails when it is down)."""
    return _service_url(
        "PostgreSQL", os.environ.get("AIOSMSC_POSTGRES_DSN", DEFAULT_POSTGRES_DSN), 5432
    )


def redis_url() -> str:
    """The URL of the test Redis server (skips or fails when it is down)."""
    return _service_url("Redis", os.environ.get("AIOSMSC_REDIS_URL", DEFAULT_REDIS_URL), 6379)
