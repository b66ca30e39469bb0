"""Just enough HTTP/1.1 for the loopback server: request heads, bodies, response bytes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from http import HTTPStatus

__all__ = ["MAX_BODY", "BadRequest", "RequestHead", "encode_response", "parse_head", "read_body"]

MAX_BODY = 16 * 1024 * 1024
_SKIPPED_HEADERS = frozenset({b"content-length", b"connection", b"transfer-encoding"})


class BadRequest(Exception):
    """The client sent something that is not HTTP/1.x we can serve."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(slots=True)
class RequestHead:
    """Request line and headers (names lower-cased)."""

    method: str
    target: str
    version: str
    headers: list[tuple[bytes, bytes]]

    def header(self, name: bytes) -> bytes | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None

    @property
    def keep_alive(self) -> bool:
        tokens = (self.header(b"connection") or b"").lower()
        if self.version == "HTTP/1.0":
            return b"keep-alive" in tokens
        return b"close" not in tokens


def parse_head(data: bytes) -> RequestHead:
    """Parse everything up to and including the blank line after the headers."""
    lines = data.rstrip(b"\r\n").split(b"\r\n")
    try:
        method, target, version = lines[0].decode("ascii").split(" ")
    except (UnicodeDecodeError, ValueError):
        raise BadRequest(400, "malformed request line") from None
    if version not in ("HTTP/1.1", "HTTP/1.0"):
        raise BadRequest(505, "unsupported HTTP version")
    headers = []
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if not sep or not name or name != name.strip():
            raise BadRequest(400, "malformed header")
        headers.append((name.lower(), value.strip()))
    return RequestHead(method, target, version, headers)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        line = await reader.readuntil(b"\r\n")
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise BadRequest(400, "malformed chunk size") from None
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass
            return b"".join(chunks)
        total += size
        if total > MAX_BODY:
            raise BadRequest(413, "body too large")
        chunks.append(await reader.readexactly(size))
        if await reader.readexactly(2) != b"\r\n":
            raise BadRequest(400, "malformed chunk")


async def read_body(reader: asyncio.StreamReader, head: RequestHead) -> bytes:
    """The request body, from Content-Length or chunked transfer coding."""
    coding = head.header(b"transfer-encoding")
    if coding is not None:
        if coding.lower() != b"chunked":
            raise BadRequest(501, "unsupported transfer coding")
        return await _read_chunked(reader)
    length = head.header(b"content-length")
    if length is None:
        return b""
    try:
        size = int(length)
    except ValueError:
        raise BadRequest(400, "malformed content-length") from None
    if size < 0:
        raise BadRequest(400, "malformed content-length")
    if size > MAX_BODY:
        raise BadRequest(413, "body too large")
    return await reader.readexactly(size) if size else b""


def encode_response(
    status: int, headers: list[tuple[bytes, bytes]], body: bytes, *, keep_alive: bool
) -> bytes:
    """Serialise a complete response with Content-Length framing."""
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    lines = [f"HTTP/1.1 {status} {reason}".encode("ascii")]
    lines += [name + b": " + value for name, value in headers if name not in _SKIPPED_HEADERS]
    lines.append(b"content-length: " + str(len(body)).encode("ascii"))
    lines.append(b"connection: keep-alive" if keep_alive else b"connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body
