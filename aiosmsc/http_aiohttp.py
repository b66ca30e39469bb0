"""``AsyncSMSC(transport="aiohttp")``: httpx on aiohttp's connection pool (the extra
``aiosmsc[aiohttp]``, which installs ``httpx-aiohttp``), about half the client CPU per
request of httpx's own pool.

One thing is ours on top of ``httpx_aiohttp.AiohttpTransport``: which httpx exception an
aiohttp failure becomes. The client decides from it whether a request may have reached
the service (and so whether a send may be repeated): ``httpx_aiohttp`` reports a server
that closed the connection after the request went out as a *connect* timeout, which
reads as "never sent". Here only failures before the request was written say so.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

__all__ = ["SMSCAiohttpTransport"]

#: aiohttp's failures -> httpx's, the first match wins (subclasses before their bases).
_MAPPING: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),  # incl. waiting for the pool
    (aiohttp.ClientConnectorError, httpx.ConnectError),  # refused, DNS, TLS handshake
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (asyncio.TimeoutError, httpx.ReadTimeout),
    (aiohttp.ClientPayloadError, httpx.ReadError),
    (aiohttp.ClientConnectionError, httpx.ReadError),  # disconnected, reset: maybe sent
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.ClientError, httpx.TransportError),
)


def _translated(exc: BaseException) -> httpx.TransportError | None:
    """The httpx exception for an aiohttp failure (or for httpx_aiohttp's translation
    of one, judged by its cause); None for anything else."""
    cause = exc.__cause__ if isinstance(exc, httpx.TransportError) else exc
    for source, target in _MAPPING:
        if isinstance(cause, source):
            return target(str(cause) or type(cause).__name__)
    return None


class _Stream(httpx.AsyncByteStream):
    """The reply body, with the same translation of failures while it is read."""

    def __init__(self, inner: httpx.AsyncByteStream) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except (aiohttp.ClientError, asyncio.TimeoutError, httpx.TransportError) as exc:
            translated = _translated(exc)
            if translated is None:
                raise
            raise translated from None

    async def aclose(self) -> None:
        await self._inner.aclose()


class SMSCAiohttpTransport(AiohttpTransport):
    """``httpx_aiohttp.AiohttpTransport`` whose failures say truthfully whether the
    request may have been sent."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await super().handle_async_request(request)
        except (aiohttp.ClientError, asyncio.TimeoutError, httpx.TransportError) as exc:
            translated = _translated(exc)
            if translated is None:
                raise
            raise translated from None
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _Stream(response.stream)
        return response
