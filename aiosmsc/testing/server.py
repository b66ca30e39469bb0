"""A small keep-alive HTTP/1.1 server on ``asyncio.start_server`` that runs an ASGI app."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import unquote

from .._closing import AsyncClosing
from .asgi import ASGIApp, Message
from .faults import EmulatedDisconnect
from .http11 import BadRequest, RequestHead, encode_response, parse_head, read_body
from .load import LoadMeter

__all__ = ["EmulatorServer", "serve", "serving"]

_HEAD_LIMIT = 64 * 1024
_ERROR_HEADERS = [(b"content-type", b"text/plain; charset=utf-8")]


async def _call_app(
    app: ASGIApp, head: RequestHead, body: bytes, client: Any, server: Any
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Run ``app`` for one request and collect its whole response."""
    raw_path, _, query = head.target.partition("?")
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": head.version[5:],
        "method": head.method,
        "scheme": "http",
        "path": unquote(raw_path),
        "raw_path": raw_path.encode("latin-1"),
        "query_string": query.encode("latin-1"),
        "root_path": "",
        "headers": head.headers,
        "client": client,
        "server": server,
    }
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    status = 500
    headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = int(message["status"])
            headers = [(bytes(k).lower(), bytes(v)) for k, v in message.get("headers", ())]
        elif message["type"] == "http.response.body":
            chunks.append(bytes(message.get("body", b"")))

    await app(scope, receive, send)
    return status, headers, b"".join(chunks)


class EmulatorServer(AsyncClosing):
    """A running loopback server; ``await close()`` or use ``async with``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.host = ""
        self.port = 0
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[Any]] = set()
        #: Requests between reading their head and writing their reply.
        self.load = LoadMeter()

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self, host: str, port: int) -> None:
        self._server = await asyncio.start_server(
            self._accept, host, port, limit=_HEAD_LIMIT, backlog=1024
        )
        sockname = self._server.sockets[0].getsockname()
        self.host, self.port = sockname[0], sockname[1]

    async def close(self) -> None:
        """Stop listening and drop every open connection."""
        if self._server is None:
            return
        server, self._server = self._server, None
        server.close()
        tasks = list(self._connections)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()

    async def aclose(self) -> None:
        """:meth:`close` (the name ``async with`` and ``contextlib.aclosing`` use)."""
        await self.close()

    def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # Our own task (not the one start_server would make) so close() may cancel it.
        task = asyncio.get_running_loop().create_task(self._serve_connection(reader, writer))
        self._connections.add(task)
        task.add_done_callback(self._connections.discard)

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            await self._requests(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except Exception:
            writer.transport.abort()  # never let a broken connection take the server down
        finally:
            writer.close()

    async def _requests(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        client = writer.get_extra_info("peername")
        server = writer.get_extra_info("sockname")
        while True:
            try:
                raw_head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                return
            except asyncio.LimitOverrunError:
                writer.write(self._error(431, "request head too large"))
                return
            try:
                head = parse_head(raw_head)
                if (head.header(b"expect") or b"").lower() == b"100-continue":
                    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                body = await read_body(reader, head)
            except BadRequest as error:
                writer.write(self._error(error.status, str(error)))
                return
            keep_alive = head.keep_alive
            with self.load.request():
                try:
                    status, headers, payload = await _call_app(self.app, head, body, client, server)
                except EmulatedDisconnect:
                    writer.transport.abort()
                    return
                except Exception:
                    status, headers, payload = 500, _ERROR_HEADERS, b"Internal Server Error"
                writer.write(encode_response(status, headers, payload, keep_alive=keep_alive))
                await writer.drain()
            if not keep_alive:
                return

    @staticmethod
    def _error(status: int, text: str) -> bytes:
        return encode_response(status, _ERROR_HEADERS, text.encode(), keep_alive=False)


async def serve(app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> EmulatorServer:
    """Start serving ``app`` (e.g. an ``SMSCEmulator``) on ``host:port``; port 0 = any free."""
    server = EmulatorServer(app)
    await server.start(host, port)
    return server


@contextlib.asynccontextmanager
async def serving(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[EmulatorServer]:
    """``async with serving(emulator) as server:`` - serve for the block's duration."""
    server = await serve(app, host, port)
    try:
        yield server
    finally:
        await server.close()
