"""The request pipeline every operation goes through, once.

gate (bounded concurrency, before httpx's pool) -> transport -> decode. Credentials,
``fmt`` and ``charset=utf-8`` are added here; nothing in this module logs parameters.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TypeVar

from .config import Credentials
from .errors import APIError, ConfigurationError, HTTPStatusError
from .operations.base import Operation
from .transport import HTTPTransport

__all__ = ["FMTS", "Session", "check_fmt"]

logger = logging.getLogger("aiosmsc")

T = TypeVar("T")

#: The reply formats: 0 text, 1 numbers, 2 XML, 3 JSON.
FMTS = (0, 1, 2, 3)


def check_fmt(fmt: int) -> int:
    """``fmt`` if it is one of :data:`FMTS`, else a :class:`ValueError`-derived error."""
    if type(fmt) is not int or fmt not in FMTS:
        raise ConfigurationError(f"fmt must be 0, 1, 2 or 3, got {fmt!r}")
    return fmt


class Session:
    """Sends operations to one base URL with one set of credentials."""

    __slots__ = ("_base_url", "_credentials", "_gate", "_transport")

    def __init__(
        self,
        *,
        transport: HTTPTransport,
        credentials: Credentials,
        base_url: str,
        max_concurrency: int,
    ) -> None:
        self._transport = transport
        self._credentials = credentials
        self._base_url = base_url
        self._gate = asyncio.Semaphore(max_concurrency)

    @property
    def base_url(self) -> str:
        """Where requests go (``https://smsc.ru``)."""
        return self._base_url

    async def call(self, operation: Operation[T], fmt: int) -> T:
        """Send ``operation`` and decode its reply into the operation's result type."""
        params = operation.params()
        form = {**self._credentials.params(), **params, "fmt": str(fmt), "charset": "utf-8"}
        url = f"{self._base_url}/sys/{operation.script}.php"
        started = time.perf_counter()
        outcome = "ok"
        try:
            async with self._gate:
                response = await self._transport.post(url, form, operation.files())
            if response.status_code != 200:
                raise HTTPStatusError(
                    response.status_code, host=response.host, raw=response.content[:1024]
                )
            return operation.reply_for(params).decode(response.content, fmt)
        except APIError as exc:
            outcome = f"error {exc.code}"
            raise
        except BaseException as exc:
            outcome = type(exc).__name__
            raise
        finally:
            logger.debug(
                "%s via %s.php fmt=%d: %s in %.3f s",
                operation.name,
                operation.script,
                fmt,
                outcome,
                time.perf_counter() - started,
            )
