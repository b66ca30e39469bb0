"""The SMSC emulator: account state, authentication, dispatch, and the ASGI entry point."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, TypeVar, cast

from .asgi import ASGIApp, Receive, Scope, Send, read_body, run_lifespan
from .balance import handle_balance
from .callbacks import CallbackOutbox, PostedCallback
from .clock import Clock, SystemClock
from .faults import ChaosPlan, EmulatedDisconnect, Fault, FaultPlan
from .forms import CODECS, FormError, parse_params
from .handlers import Handler
from .ledger import EmulatedMessage, Ledger
from .limits import SlidingWindow
from .load import LoadMeter
from .render import render_error
from .rules import APIFailure, normalize_phone
from .scripts import HANDLERS as SCRIPT_HANDLERS
from .scripts.limits import ScriptLimits
from .send import CREDENTIALS, handle_send
from .status import handle_status

if TYPE_CHECKING:
    import httpx

__all__ = ["Response", "SMSCEmulator"]

_State = TypeVar("_State")

_HANDLERS: dict[str, Handler] = {
    "send": handle_send,
    "status": handle_status,
    "balance": handle_balance,
    **SCRIPT_HANDLERS,
}
_PATHS = {f"/sys/{script}.php": script for script in _HANDLERS}
_MEDIA_TYPES = ("text/plain", "text/plain", "application/xml", "application/json")
_HTML_PAGE = b"<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>"
_DEFAULT_OUTCOMES = {"13": (20, 1), "66": (3, 6)}


class Response(NamedTuple):
    """An HTTP reply of the emulator."""

    status: int
    content_type: str
    body: bytes


def _plain(status: int, text: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", text.encode())


def _reply(fmt: int, charset: str, text: str) -> Response:
    return Response(
        200, f"{_MEDIA_TYPES[fmt]}; charset={charset}", text.encode(CODECS[charset], "replace")
    )


def _fmt(params: Mapping[str, str]) -> int:
    raw = params.get("fmt", "").strip()
    return int(raw) if raw in ("0", "1", "2", "3") else 0


def _decimal(value: Decimal | int | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


class SMSCEmulator:
    """A stateful, offline fake of the SMSC HTTP API (send.php, status.php, balance.php).

    Use ``emulator.app`` (or the emulator itself) as an ASGI app, e.g. with
    ``httpx.ASGITransport``, or put it on a loopback port with ``serve()``. Statuses move
    on ``clock``; pass a ``ManualClock`` to control them. ``enforce_limits`` switches the
    per-minute limits (error 9) of status, balance and cost queries, phones.php,
    senders.php and info.php; ``reject_duplicates`` the identical-send guard. Requests
    without ``charset`` are read and answered in ``default_charset`` (windows-1251, like
    the real service). ``keep_requests=False`` stops logging into ``requests`` (long
    benchmarks). ``callback_url`` and
    ``callback_secret`` make :meth:`deliver_callbacks` post status changes and incoming
    messages to your app, signed with the secret (see :mod:`aiosmsc.testing.callbacks`).
    """

    def __init__(
        self,
        *,
        login: str | None = "demo",
        password: str | None = "demo-password",  # noqa: S107 - public demo account
        apikey: str | None = "demo-apikey",
        balance: Decimal | int | str = Decimal("100.00"),
        currency: str = "RUR",
        credit: Decimal | int | str = Decimal("0"),
        price_per_part: Decimal | int | str = Decimal("1.50"),
        clock: Clock | None = None,
        queue_delay: float = 1.0,
        delivery_delay: float = 5.0,
        senders: Iterable[str] | None = None,
        banned_words: Iterable[str] = ("forbidden",),
        failing_numbers: Mapping[str, tuple[int, int]] | None = None,
        enforce_limits: bool = True,
        reject_duplicates: bool = True,
        default_sender: str = "SMSC.RU",
        default_charset: str = "windows-1251",
        keep_requests: bool = True,
        max_concurrent_requests: int | None = 15,
        auth_failures_before_block: int | None = 5,
        auth_block_seconds: float = 60.0,
        callback_url: str | None = None,
        callback_secret: str | None = None,
    ) -> None:
        if default_charset not in CODECS:
            raise ValueError(f"unsupported charset {default_charset!r}")
        self.login = login
        self.password = password
        self.apikey = apikey
        self.balance = _decimal(balance)
        self.currency = currency
        self.credit = _decimal(credit)
        self.price_per_part = _decimal(price_per_part)
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.queue_delay = float(queue_delay)
        self.delivery_delay = float(delivery_delay)
        self.senders = frozenset(senders) if senders is not None else None
        self.banned_words = tuple(banned_words)
        self.failing_numbers: dict[str, tuple[int, int]] = {
            normalize_phone(phone) or phone: outcome
            for phone, outcome in (failing_numbers or {}).items()
        }
        self.enforce_limits = enforce_limits
        self.reject_duplicates = reject_duplicates
        self.default_sender = default_sender
        self.default_charset = default_charset
        self.keep_requests = keep_requests
        self.ledger = Ledger()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.faults = FaultPlan()
        self.chaos: ChaosPlan | None = None
        self.load = LoadMeter()
        self.max_concurrent_requests = max_concurrent_requests
        self.auth_failures_before_block = auth_failures_before_block
        self.auth_block_seconds = auth_block_seconds
        self.auth_failures = SlidingWindow()
        self._blocked_until = float("-inf")
        self.duplicates = SlidingWindow()
        self.cost_queries = SlidingWindow()
        self.status_queries = SlidingWindow()
        self.balance_queries = SlidingWindow()
        self._last_id = 0
        self._states: dict[type, object] = {}
        self.callback_url = callback_url
        self.callback_secret = callback_secret
        self.callback_method = "POST"
        self.callbacks = CallbackOutbox()
        self._password_md5 = (
            hashlib.md5(password.encode()).hexdigest() if password is not None else None
        )

    # -- state helpers --------------------------------------------------------------

    @property
    def messages(self) -> list[EmulatedMessage]:
        """Every accepted message, one per recipient, in order."""
        return self.ledger.messages

    @property
    def app(self) -> ASGIApp:
        """The ASGI 3 application (the emulator itself)."""
        return self

    def state(self, cls: type[_State]) -> _State:
        """This emulator's instance of an area's state class, created on first use."""
        found = self._states.get(cls)
        if found is None:
            found = self._states[cls] = cls()
        return cast(_State, found)

    def find(self, phone: str, id: str) -> EmulatedMessage | None:
        """The live message for ``phone`` and ``id``, as status.php would see it."""
        return self.ledger.find(normalize_phone(phone) or phone, str(id))

    def next_message_id(self) -> str:
        """A new server-assigned numeric message id."""
        self._last_id += 1
        return str(self._last_id)

    def note_message_id(self, id: str) -> None:
        """Keep later server ids above a numeric client id, so the two never clash."""
        if id.isdigit():
            self._last_id = max(self._last_id, int(id))

    def outcome_for(self, phone: str) -> tuple[int, int]:
        """Final (status, err) for a phone: ``failing_numbers``, else suffix rules."""
        outcome = self.failing_numbers.get(phone)
        if outcome is not None:
            return outcome
        return _DEFAULT_OUTCOMES.get(phone[-2:], (1, 0))

    def inject(self, fault: Fault) -> None:
        """Make the next matching request(s) fail (see ``Fault``)."""
        self.faults.add(fault)

    async def deliver_callbacks(
        self, http_client: httpx.AsyncClient | None = None
    ) -> list[PostedCallback]:
        """Post every status change and incoming message due by the clock's ``now`` to
        ``callback_url`` (through ``http_client``, e.g. one on ``httpx.ASGITransport(app)``;
        a temporary client when ``None``). Returns the attempts; a callback not answered
        with HTTP 200 is posted again next time."""
        return await self.callbacks.deliver(self, http_client)

    async def settled(self) -> None:
        """Wait until no request is being processed, slow ones (a ``delay`` fault)
        included: a test then sees everything the service would accept."""
        await self.load.idle()

    def reset_limits(self) -> None:
        """Forget every error-9 window (duplicates, cost, status, balance, and those of
        phones.php, senders.php and info.php)."""
        for window in (
            self.duplicates,
            self.cost_queries,
            self.status_queries,
            self.balance_queries,
            self.state(ScriptLimits).window,
        ):
            window.clear()

    def authorised(self, params: Mapping[str, str]) -> bool:
        """login+psw (plain or lower-case md5 hex), or apikey."""
        apikey = params.get("apikey")
        if apikey is not None and apikey != "":
            return self.apikey is not None and hmac.compare_digest(apikey, self.apikey)
        login, psw = params.get("login"), params.get("psw")
        if login is None or psw is None or self.login is None or self.password is None:
            return False
        if not hmac.compare_digest(login, self.login):
            return False
        return hmac.compare_digest(psw, self.password) or (
            self._password_md5 is not None and hmac.compare_digest(psw, self._password_md5)
        )

    # -- request handling -----------------------------------------------------------

    def handle(self, script: str, params: Mapping[str, str]) -> tuple[int, str]:
        """Run one script (``"send"``, ``"status"``, ``"balance"``): (fmt, reply text)."""
        fmt = _fmt(params)
        if self.keep_requests:
            self.requests.append(
                (script, {k: v for k, v in params.items() if k not in CREDENTIALS})
            )
        handler = _HANDLERS[script]
        try:
            now = self.clock.now()
            if now < self._blocked_until:
                raise APIFailure(4, "IP address is temporarily blocked")
            if not self.authorised(params):
                self._note_auth_failure(now)
                raise APIFailure(2, "authorise error")
            return fmt, handler(self, params, fmt)
        except APIFailure as failure:
            return fmt, render_error(failure.code, failure.text, fmt, failure.id)

    def _note_auth_failure(self, now: float) -> None:
        """Error 4 after repeated failed logins within a minute (REFERENCE §13.2)."""
        limit = self.auth_failures_before_block
        if limit is None:
            return
        if not self.auth_failures.hit("auth", now, limit):
            self._blocked_until = now + self.auth_block_seconds
            self.auth_failures.clear()

    async def respond(
        self, method: str, path: str, query: bytes, content_type: str | None, body: bytes
    ) -> Response:
        """The HTTP reply to one request; internal errors become a plain 500."""
        try:
            script = _PATHS.get(path)
            if script is None:
                return _plain(404, "Not Found")
            if method not in ("GET", "POST"):
                return _plain(405, "Method Not Allowed")
            try:
                params, charset = parse_params(query, content_type, body, self.default_charset)
            except (FormError, UnicodeError):
                return _plain(400, "Bad Request")
            fault = self.faults.take(script) if len(self.faults) else None
            if fault is None and self.chaos is not None:
                fault = self.chaos.draw(script)
            with self.load.request() as in_flight:
                if self.max_concurrent_requests is not None and (
                    in_flight > self.max_concurrent_requests
                ):
                    fmt = _fmt(params)
                    return _reply(
                        fmt, charset, render_error(9, "too many concurrent requests", fmt)
                    )
                return await self._respond_with(script, params, charset, fault)
        except EmulatedDisconnect:
            raise
        except Exception:
            return _plain(500, "Internal Server Error")

    async def _respond_with(
        self, script: str, params: Mapping[str, str], charset: str, fault: Fault | None
    ) -> Response:
        if fault is not None and not fault.processes:
            if fault.kind == "drop_before":
                raise EmulatedDisconnect(processed=False)
            if fault.kind == "html":
                return Response(200, "text/html; charset=utf-8", _HTML_PAGE)
            return Response(fault.status_code, "text/html; charset=utf-8", fault.body.encode())
        if fault is not None and fault.kind == "delay":
            await asyncio.sleep(fault.delay)
        fmt, text = self.handle(script, params)
        if fault is not None and fault.kind == "drop_after":
            raise EmulatedDisconnect(processed=True)
        if fault is not None and fault.kind == "malformed":
            text = fault.body
        if fault is not None and fault.kind == "truncated":
            text = text[: max(1, len(text) // 2)]
        return _reply(fmt, charset, text)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI 3 entry point (http and lifespan scopes)."""
        if scope["type"] == "lifespan":
            await run_lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await read_body(receive)
        if body is None:
            return
        content_type = None
        for name, value in scope.get("headers", ()):
            if name.lower() == b"content-type":
                content_type = value.decode("latin-1")
        response = await self.respond(
            scope.get("method", "GET"),
            scope.get("path", "/"),
            scope.get("query_string", b""),
            content_type,
            body,
        )
        headers = [
            (b"content-type", response.content_type.encode("latin-1")),
            (b"content-length", str(len(response.body)).encode()),
        ]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    def __repr__(self) -> str:
        return (
            f"SMSCEmulator(login={self.login!r}, balance={self.balance}, "
            f"messages={len(self.ledger)}, clock={self.clock!r})"
        )
