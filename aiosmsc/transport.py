"""The HTTP layer: the only module that imports httpx.

One :class:`httpx.AsyncClient` per facade, sized to the concurrency gate so httpcore's
pool is never contended (see DESIGN.md, "httpx pitfalls"). httpx exceptions are
translated into :mod:`aiosmsc.errors` here and nowhere else, each saying whether the
request may have reached the service, and none is chained to ours: an httpx exception
holds the request, and the request holds the credentials. Replies are read as a stream
and refused once they pass :data:`MAX_REPLY_BYTES`.
"""

from __future__ import annotations

import functools
import os
import ssl  # no cost: httpx imports it
from collections.abc import Mapping
from typing import Literal

import attrs
import httpx

from ._version import __version__
from .decoder.document import MAX_REPLY_BYTES
from .errors import (
    ConfigurationError,
    ConnectError,
    ConnectTimeout,
    DecodeError,
    NetworkError,
    PoolTimeout,
    ReadTimeout,
    TransportError,
    WriteTimeout,
)
from .settings import seconds

__all__ = ["HTTPResponse", "HTTPTransport", "Timeouts", "TransportName", "encode_form"]

#: What ``transport=`` may name instead of giving a transport object: ``"httpx"`` (the
#: default, httpx's own pool) or ``"aiohttp"`` (aiohttp's pool; the extra
#: ``aiosmsc[aiohttp]``, see :mod:`aiosmsc.http_aiohttp`).
TransportName = Literal["httpx", "aiohttp"]

USER_AGENT = f"aiosmsc/{__version__}"


@attrs.frozen(slots=True)
class Timeouts:
    """Seconds allowed to connect, to send the request, to read the reply, and to wait
    for a free pooled connection."""

    connect: float = 5.0
    write: float = 30.0
    read: float = 60.0
    pool: float = 30.0

    @classmethod
    def coerce(cls, value: Timeouts | float | None) -> Timeouts:
        """A :class:`Timeouts` from a number (every phase gets it) or ``None`` (defaults)."""
        if value is None:
            return cls()
        if isinstance(value, Timeouts):
            return value
        every = seconds("timeout", value)
        return cls(connect=every, write=every, read=every, pool=every)


@attrs.frozen(slots=True)
class HTTPResponse:
    """What the session needs of a reply."""

    status_code: int
    content: bytes
    host: str


class HTTPTransport:
    """POSTs forms to the service over a shared connection pool."""

    __slots__ = ("_client", "_owns_client")

    def __init__(
        self,
        *,
        max_connections: int,
        timeouts: Timeouts,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | TransportName | None = None,
        tls: bool = True,
    ) -> None:
        """``tls=False`` says that no request will go to an ``https://`` URL (every base
        URL is ``http://``, such as the emulator's): the CA bundle is then not loaded
        (see :func:`tls_context`)."""
        if http_client is not None and transport is not None:
            raise ConfigurationError("give http_client or transport, not both")
        limits = httpx.Limits(
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=30.0,
        )
        self._owns_client = http_client is None
        if http_client is not None:
            self._client = http_client
            return
        verify = tls_context(tls)
        if isinstance(transport, str):
            transport = _named(transport, limits, verify)  # ours: closed with the client
        elif transport is not None:
            transport = _Borrowed(transport)
        self._client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(
                connect=timeouts.connect,
                read=timeouts.read,
                write=timeouts.write,
                pool=timeouts.pool,
            ),
            limits=limits,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
            trust_env=True,
            verify=verify,
        )
        # (httpx's ``cookies`` setter would copy into a plain jar: the attribute it is)
        self._client._cookies = _NoCookies()

    @property
    def owns_client(self) -> bool:
        """Whether :meth:`aclose` closes the httpx client (not when it was injected;
        an injected ``transport`` is never closed either)."""
        return self._owns_client

    async def post(
        self,
        url: str,
        form: Mapping[str, str],
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> HTTPResponse:
        """POST ``form`` (url-encoded, or multipart with ``files``) and read the reply,
        at most :data:`MAX_REPLY_BYTES` of it (a longer one is a ``DecodeError``)."""
        target = _parsed(url)
        host = target.host
        if files:
            request = self._client.build_request("POST", target, data=dict(form), files=files)
        else:
            request = self._client.build_request(
                "POST", target, content=encode_form(form), headers=_FORM
            )
        try:
            response = await self._client.send(request, stream=True)
            try:
                content = await _read_capped(response)
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            error: TransportError | DecodeError = _translate(exc, host)
        except httpx.DecodingError as exc:  # a Content-Encoding that does not decode
            error = DecodeError(f"undecodable content encoding: {exc}", fmt=None, raw=b"")
        else:
            return HTTPResponse(response.status_code, content, host)
        raise error  # outside the handler: nothing links it back to the request

    async def aclose(self) -> None:
        """Close the pool, unless the httpx client was injected by the caller."""
        if self._owns_client:
            await self._client.aclose()


async def _read_capped(response: httpx.Response) -> bytes:
    """The body, refused (without reading on) once it passes :data:`MAX_REPLY_BYTES`."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_REPLY_BYTES:
        raise _too_big(f"declares {declared} bytes", b"")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise _too_big(f"passed {size} bytes", chunks[0] if chunks else chunk)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(what: str, start: bytes) -> DecodeError:
    return DecodeError(
        f"reply {what}, over the {MAX_REPLY_BYTES}-byte limit", fmt=None, raw=start[:1024]
    )


#: httpx exceptions -> ours, most specific first (the first match wins).
_TRANSLATIONS: tuple[tuple[type[httpx.TransportError], type[TransportError], str], ...] = (
    (httpx.ConnectTimeout, ConnectTimeout, "connect timeout"),
    (httpx.PoolTimeout, PoolTimeout, "pool timeout"),
    (httpx.WriteTimeout, WriteTimeout, "write timeout"),
    (httpx.ReadTimeout, ReadTimeout, "read timeout"),
    (httpx.ConnectError, ConnectError, "cannot connect"),
    (httpx.NetworkError, NetworkError, "connection failed"),
    (httpx.RemoteProtocolError, NetworkError, "connection failed"),
    (httpx.TransportError, TransportError, "transport error"),
)


def _translate(exc: httpx.TransportError, host: str) -> TransportError:
    for source, target, what in _TRANSLATIONS:
        if isinstance(exc, source):
            return target(_describe(what, host, exc), host=host)
    raise AssertionError("httpx.TransportError is the last entry")  # pragma: no cover


def _named(
    name: str, limits: httpx.Limits, verify: ssl.SSLContext
) -> httpx.AsyncBaseTransport | None:
    """The transport ``transport="<name>"`` stands for (None: httpx's own)."""
    if name == "httpx":
        return None
    if name == "aiohttp":
        try:
            from .http_aiohttp import SMSCAiohttpTransport
        except ImportError as exc:
            raise ConfigurationError(
                'transport="aiohttp" needs the aiohttp extra: pip install "aiosmsc[aiohttp]"'
                f" ({exc})"
            ) from None
        return SMSCAiohttpTransport(verify=verify, limits=limits)
    raise ConfigurationError(
        f'transport must be "httpx", "aiohttp" or an httpx transport, got {name!r}'
    )


class _Borrowed(httpx.AsyncBaseTransport):
    """A caller's transport, used but not closed with our client: the caller owns it."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        return None


_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _form_byte(value: int) -> str:
    char = chr(value)
    if char == " ":
        return "+"
    if char.isascii() and (char.isalnum() or char in "_.-~"):
        return char  # what quote_plus leaves alone
    return f"%{value:02X}"


# Each byte value (read as a Latin-1 character) as the form encoding writes it.
_FORM_TABLE = str.maketrans({value: _form_byte(value) for value in range(256)})


def _quote(value: str) -> bytes:
    # UTF-8 bytes seen as Latin-1 characters, so that one C-level translate does it all.
    return value.encode("utf-8").decode("latin-1").translate(_FORM_TABLE).encode("ascii")


def encode_form(form: Mapping[str, str]) -> bytes:
    """``application/x-www-form-urlencoded`` UTF-8 body, as ``urllib.parse.urlencode``
    writes it, several times faster for long values (bulk ``list`` requests)."""
    return b"&".join(_quote(name) + b"=" + _quote(value) for name, value in form.items())


@functools.lru_cache(maxsize=256)
def _parsed(url: str) -> httpx.URL:
    """A request URL, parsed once (a handful of distinct URLs: hosts x scripts); httpx
    would parse the string again for every request, ~80 µs each."""
    return httpx.URL(url)


class _NoCookies(httpx.Cookies):
    """The service sets no cookies, and nothing here sends any: this jar skips reading
    every reply for them (httpx builds a ``urllib`` request per reply to do it, ~40 µs)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


def default_ssl_context() -> ssl.SSLContext:
    """The verifying TLS context httpx builds by default (certifi's CA bundle, or
    ``SSL_CERT_FILE``/``SSL_CERT_DIR`` when set), built once per process for each of
    those settings.

    Loading the CA bundle takes tens of milliseconds; an application (or a test suite)
    that builds many clients should not pay it per client. The context is shared only by
    clients this package builds, which all negotiate HTTP/1.1 alone, so httpcore's
    per-connection ALPN setting is the same for all of them.
    """
    return _ssl_context_for(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


def tls_context(tls: bool) -> ssl.SSLContext:
    """The context a client's transport verifies servers with: :func:`default_ssl_context`
    when its requests may go to ``https://`` URLs, else one that trusts no certificate.

    A client whose every base URL is ``http://`` (the emulator on loopback, a local
    gateway) makes no TLS connection with this context: it posts only to its base URLs
    and follows no redirect, and an ``https://`` proxy (``HTTP_PROXY``) is reached with
    httpcore's own context, not this one. httpx wants a context when the transport is
    built all the same; this one costs a fraction of a millisecond where loading the CA
    bundle costs tens, in every process that starts a client for the emulator. It still
    verifies (a certificate is required, the host name checked) but trusts no root: were
    it ever used, it would refuse the connection, never accept an unverified one.
    """
    return default_ssl_context() if tls else _no_roots_context()


@functools.cache
def _no_roots_context() -> ssl.SSLContext:
    # PROTOCOL_TLS_CLIENT: CERT_REQUIRED and check_hostname, as a default context has.
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


@functools.lru_cache(maxsize=4)
def _ssl_context_for(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    # httpx reads the two variables itself; they are arguments here only to key the cache.
    return httpx.create_ssl_context(verify=True, trust_env=True)


def _describe(what: str, host: str, exc: Exception) -> str:
    detail = str(exc) or type(exc).__name__
    return f"{what} talking to {host}: {detail}"
