"""The service's callbacks to your web app: delivery statuses and incoming messages.

SMSC can push every status change of a sent message, and every message your numbers
receive, to a URL set in the account (REFERENCE §12). The field lists and the signature
are not documented publicly, so everything here is tolerant:

- :func:`read_callback_form` reads a form-encoded POST body and/or the query string
  (UTF-8, falling back to windows-1251); :func:`parse_callback` turns the fields into a
  :class:`DeliveryReport`, an :class:`IncomingMessage` or, for anything else, an
  :class:`UnknownCallback`. Values are decoded like replies (numbers, money, dates);
  fields we do not know are kept in ``extra``.
- :func:`verify_callback` checks the ``sha1``/``md5`` field against the hash third-party
  receivers use: ``sha1("<id>:<phone>:<status>:<secret>")`` for a status and
  ``sha1("<phone>:<mes>:<to>:<secret>")`` for an incoming message (md5 alike), compared
  in constant time (:mod:`aiosmsc.callback_signature`: only those fields are signed). A
  secret ``token`` in the callback URL is supported too.
- :class:`CallbackHandler` does all of it for any web framework and answers what the
  service expects: ``200`` with body ``OK``; with a :class:`ReplayGuard` a repeated
  status is answered but not handed on. ``aiosmsc.contrib.fastapi`` mounts it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import inspect
import logging
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import ClassVar, NamedTuple, Protocol, TypeVar, Union

import attrs
import orjson

from .callback_signature import (
    HASHES,
    aliases_of,
    callback_kind,
    canonical_fields,
    sign_callback,
    verify_callback,
)
from .decoder.converter import structure
from .errors import CallbackError, CallbackSignatureError
from .models.base import Model
from .models.codes import (
    DeliveryErrorCode,
    MessageStatus,
    is_delivered_status,
    is_final_status,
)
from .replay import ReplayGuard

__all__ = [
    "CALLBACK_REPLY",
    "MAX_CALLBACK_BODY",
    "Callback",
    "CallbackError",
    "CallbackHandler",
    "CallbackReply",
    "CallbackSignatureError",
    "DeliveryReport",
    "IncomingMessage",
    "ReplayGuard",
    "StatusFeed",
    "SupportsFeed",
    "UnknownCallback",
    "parse_callback",
    "read_callback_form",
    "sign_callback",
    "verify_callback",
]

logger = logging.getLogger("aiosmsc.webhooks")

#: The body of a successful reply; the service only needs HTTP 200.
CALLBACK_REPLY = "OK"
#: Bigger callback bodies are refused (a status or an SMS is a few hundred bytes).
MAX_CALLBACK_BODY = 64 * 1024


@attrs.frozen(slots=True)
class DeliveryReport(Model):
    """A delivery-status callback: the status of message ``id`` sent to ``phone``.

    ``time`` is when the status was reached (``time`` or ``ts`` on the wire); HLR
    requests add ``imsi``, ``msc``, ``mcc``, ``mnc``, ``cn``, ``net``, ``rcn``, ``rnet``.
    Other fields (``md5``, ``sha1``, anything new) are in ``extra``.
    """

    aliases: ClassVar[Mapping[str, str]] = {
        "ts": "time",
        "timestamp": "time",
        "last_date": "time",
        "sender": "sender_id",
    }

    status: MessageStatus | int
    id: str | None = None
    phone: str | None = None
    err: DeliveryErrorCode | int | None = None
    time: dt.datetime | None = None
    cnt: int | None = None
    type: int | None = None
    cost: Decimal | None = None
    sender_id: str | None = None
    syserr: int | None = None
    imsi: str | None = None
    msc: str | None = None
    mcc: str | None = None
    mnc: str | None = None
    cn: str | None = None
    net: str | None = None
    rcn: str | None = None
    rnet: str | None = None

    @property
    def is_final(self) -> bool:
        """Whether the status can no longer change (unknown codes count as final)."""
        return is_final_status(self.status)

    @property
    def is_delivered(self) -> bool:
        """Whether the message reached the recipient."""
        return is_delivered_status(self.status)


@attrs.frozen(slots=True)
class IncomingMessage(Model):
    """An incoming-message callback: ``mes`` from ``phone`` to your number ``to``."""

    aliases: ClassVar[Mapping[str, str]] = {
        **aliases_of("message"),
        "time": "sent",
        "ts": "sent",
        "sent_date": "sent",
        "sent_timestamp": "sent",
    }

    mes: str = ""
    id: str | None = None
    phone: str | None = None
    to: str | None = None
    sent: dt.datetime | None = None


@attrs.frozen(slots=True)
class UnknownCallback(Model):
    """A callback that is neither a status nor a message; every field is in ``extra``."""


Callback = Union[DeliveryReport, IncomingMessage, UnknownCallback]  # noqa: UP007


def _decode_form(raw: str, charset: str | None) -> list[tuple[str, str]]:
    for encoding in (charset, "utf-8", "windows-1251"):
        if encoding is None:
            continue
        try:
            return urllib.parse.parse_qsl(
                raw, keep_blank_values=True, encoding=encoding, errors="strict"
            )
        except (UnicodeDecodeError, LookupError):
            continue
    raise CallbackError("callback is neither UTF-8 nor windows-1251")


def read_callback_form(
    query: bytes | str = b"", body: bytes = b"", content_type: str | None = None
) -> dict[str, str]:
    """The fields of a callback: the query string, then the body (form-encoded or a
    JSON object) on top. A repeated field keeps its last value."""
    if len(body) > MAX_CALLBACK_BODY:
        raise CallbackError(f"callback body over {MAX_CALLBACK_BODY} bytes")
    media, _, rest = (content_type or "").partition(";")
    charset = None
    for option in rest.split(";"):
        name, _, value = option.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip('"').lower()
    raw_query = query.decode("latin-1") if isinstance(query, bytes) else query
    fields = dict(_decode_form(raw_query, charset))
    media = media.strip().lower()
    if not body.strip():
        return fields
    if media == "application/json":
        # orjson refuses nesting deeper than 1024 with an error, not a RecursionError.
        try:
            record = orjson.loads(body.decode(charset or "utf-8"))
        except (UnicodeError, LookupError, orjson.JSONDecodeError) as exc:
            raise CallbackError(f"callback body is not JSON: {exc}") from None
        if not isinstance(record, dict):
            raise CallbackError("callback JSON body is not an object")
        fields.update({str(k): "" if v is None else str(v) for k, v in record.items()})
        return fields
    if media not in ("", "application/x-www-form-urlencoded", "text/plain"):
        raise CallbackError(f"unsupported callback content type {media!r}")
    fields.update(_decode_form(body.decode("latin-1"), charset))
    return fields


def parse_callback(fields: Mapping[str, str]) -> Callback:
    """A :class:`DeliveryReport` (the fields have ``status``), an
    :class:`IncomingMessage` (they have ``mes``/``message``) or an
    :class:`UnknownCallback`; raises :class:`CallbackError` for undecodable values.

    Signed fields are read under the spelling the signature covers
    (:func:`~aiosmsc.callback_signature.canonical_fields`)."""
    kind = callback_kind(fields)
    if kind == "unknown":
        return UnknownCallback(extra=dict(fields))
    signed = canonical_fields(fields)
    try:
        if kind == "status":
            return structure(signed, DeliveryReport)
        return structure(signed, IncomingMessage)
    except Exception as exc:  # any value we cannot read, whatever broke on it
        reason = str(exc) or type(exc).__name__
    raise CallbackError(f"cannot read {kind} callback: {reason}")


class SupportsFeed(Protocol):
    """Anything that takes delivery reports, such as the tracker of ``smsc.track()``."""

    def feed(self, report: DeliveryReport) -> object: ...


_Feed = TypeVar("_Feed", bound=SupportsFeed)


class StatusFeed:
    """Fans delivery reports out to the trackers attached at the time; pass its
    :meth:`feed` as ``on_status`` and attach trackers as they are created::

        with feed.attached(smsc.track(sent)) as tracker:
            async for done in tracker: ...
    """

    __slots__ = ("_targets",)

    def __init__(self) -> None:
        self._targets: list[SupportsFeed] = []

    def attach(self, target: SupportsFeed) -> None:
        """Give every later report to ``target`` too."""
        self._targets.append(target)

    def detach(self, target: SupportsFeed) -> None:
        """Stop feeding ``target`` (no error if it was not attached)."""
        with contextlib.suppress(ValueError):
            self._targets.remove(target)

    @contextlib.contextmanager
    def attached(self, target: _Feed) -> Iterator[_Feed]:
        """``with feed.attached(tracker):`` - fed for the duration of the block."""
        self.attach(target)
        try:
            yield target
        finally:
            self.detach(target)

    def feed(self, report: DeliveryReport) -> None:
        """Hand ``report`` to every attached target."""
        for target in list(self._targets):
            target.feed(report)

    def __len__(self) -> int:
        return len(self._targets)


class CallbackReply(NamedTuple):
    """What to answer the service: HTTP ``status`` and a plain-text ``body``."""

    status: int
    body: str


_OK = CallbackReply(200, CALLBACK_REPLY)
_Hook = Callable[[DeliveryReport], object]
_MessageHook = Callable[[IncomingMessage], object]
_OtherHook = Callable[[UnknownCallback], object]


class CallbackHandler:
    """Framework-neutral callback endpoint: read, check, parse, dispatch, reply.

    ``on_status``/``on_message``/``on_other`` get the parsed callback (plain or ``async``
    functions). ``secret`` turns on signature checks (:func:`verify_callback`;
    ``require_signature=False`` lets unsigned callbacks through); ``token`` requires
    ``?<token_param>=<token>`` in the URL. Rejected callbacks are answered ``403`` and
    logged without the secret; unreadable ones ``400``.

    ``replay_guard`` (opt-in) remembers each status's signed ``(id, phone, status)``: a
    repeat within its window (resent, or replayed by someone who captured it) is
    answered ``200`` but not handed to ``on_status``. A status whose hook raised is
    forgotten again, so a retry of it gets through.
    """

    __slots__ = (
        "_secret",
        "_token",
        "on_message",
        "on_other",
        "on_status",
        "replay_guard",
        "require_signature",
        "token_param",
    )

    def __init__(
        self,
        *,
        on_status: _Hook | None = None,
        on_message: _MessageHook | None = None,
        on_other: _OtherHook | None = None,
        secret: str | None = None,
        require_signature: bool = True,
        token: str | None = None,
        token_param: str = "token",  # noqa: S107 - a parameter name, not a secret
        replay_guard: ReplayGuard | None = None,
    ) -> None:
        for name, value in (("secret", secret), ("token", token)):
            if value is not None and (not isinstance(value, str) or not value):
                raise ValueError(f"{name} must be a non-empty string or None")
        self.on_status = on_status
        self.on_message = on_message
        self.on_other = on_other
        self._secret = secret
        self._token = token
        self.require_signature = require_signature
        self.token_param = token_param
        self.replay_guard = replay_guard

    def __repr__(self) -> str:
        checks = [name for name, on in (("secret", self._secret), ("token", self._token)) if on]
        return f"<CallbackHandler checks={checks or 'none'}>"

    def check(self, fields: dict[str, str]) -> None:
        """Verify the token and signature; removes the token from ``fields``."""
        given = fields.pop(self.token_param, None) if self._token is not None else None
        if self._token is not None and not hmac.compare_digest(
            (given or "").encode(), self._token.encode()
        ):
            raise CallbackSignatureError("missing or wrong callback token")
        if self._secret is not None:
            verify_callback(fields, self._secret, require=self.require_signature)

    async def handle(
        self, *, query: bytes | str = b"", body: bytes = b"", content_type: str | None = None
    ) -> CallbackReply:
        """Process one HTTP request; return what to answer."""
        try:
            fields = read_callback_form(query, body, content_type)
            self.check(fields)
            event = parse_callback(fields)
        except CallbackSignatureError as exc:
            logger.warning("rejected SMSC callback: %s", exc)
            return CallbackReply(403, "Forbidden")
        except CallbackError as exc:
            logger.warning("unreadable SMSC callback: %s", exc)
            return CallbackReply(400, "Bad Request")
        logger.debug("SMSC callback %s: %s", type(event).__name__, _safe(fields))
        guard, key = self.replay_guard, _replay_key(event)
        if guard is None or key is None:
            await self.dispatch(event)
            return _OK
        if not guard.claim(key):
            logger.info("repeated SMSC status callback ignored: id %s, status %s", key[0], key[2])
            return _OK
        try:
            await self.dispatch(event)
        except BaseException:
            guard.release(key)
            raise
        return _OK

    async def dispatch(self, event: Callback) -> None:
        """Call the hook for ``event``'s kind."""
        result: object = None
        if isinstance(event, DeliveryReport):
            result = self.on_status(event) if self.on_status is not None else None
        elif isinstance(event, IncomingMessage):
            result = self.on_message(event) if self.on_message is not None else None
        elif self.on_other is not None:
            result = self.on_other(event)
        else:
            logger.info("SMSC callback of unknown kind: fields %s", sorted(event.extra))
        if inspect.isawaitable(result):
            await result


def _replay_key(event: Callback) -> tuple[str, str, int] | None:
    """What a replay guard remembers of a status: only the fields its signature covers."""
    if not isinstance(event, DeliveryReport):
        return None
    return (event.id or "", event.phone or "", int(event.status))


def _safe(fields: Mapping[str, str]) -> dict[str, str]:
    """Fields for a log line: hashes shortened (they are not secret, but long)."""
    return {k: (v[:8] + "..." if k in HASHES else v) for k, v in fields.items()}
