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
  in constant time. A secret ``token`` in the callback URL is supported too.
- :class:`CallbackHandler` does all of it for any web framework and answers what the
  service expects: ``200`` with body ``OK``. ``aiosmsc.contrib.fastapi`` mounts it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import inspect
import json
import logging
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import ClassVar, NamedTuple, Protocol, TypeVar, Union

import attrs

from .decoder.converter import structure
from .errors import CallbackError, CallbackSignatureError
from .models.base import Model
from .models.codes import (
    DeliveryErrorCode,
    MessageStatus,
    is_delivered_status,
    is_final_status,
)

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
#: Fields each hash covers, in order, before the secret (REFERENCE §12, [3P]).
STATUS_HASH_FIELDS = ("id", "phone", "status")
MESSAGE_HASH_FIELDS = ("phone", "mes", "to")
_HASHES = ("sha1", "md5")
_TEXT_FIELDS = ("mes", "message", "text")


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
        "message": "mes",
        "text": "mes",
        "to_phone": "to",
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


def _kind(fields: Mapping[str, str]) -> str:
    if "status" in fields:
        return "status"
    if any(name in fields for name in _TEXT_FIELDS):
        return "message"
    return "unknown"


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
        try:
            record = json.loads(body.decode(charset or "utf-8"))
        except (UnicodeDecodeError, LookupError, ValueError) as exc:
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
    :class:`UnknownCallback`; raises :class:`CallbackError` for undecodable values."""
    kind = _kind(fields)
    try:
        if kind == "status":
            return structure(dict(fields), DeliveryReport)
        if kind == "message":
            return structure(dict(fields), IncomingMessage)
    except (ValueError, TypeError, KeyError) as exc:
        raise CallbackError(f"cannot read {kind} callback: {exc}") from None
    return UnknownCallback(extra=dict(fields))


def _expected(kind: str, fields: Mapping[str, str], secret: str, algorithm: str) -> str:
    names = STATUS_HASH_FIELDS if kind == "status" else MESSAGE_HASH_FIELDS
    values: list[str] = []
    for name in names:
        if name == "mes":
            text = next((fields[n] for n in _TEXT_FIELDS if n in fields), "")
            values.append(text)
        else:
            values.append(fields.get(name, ""))
    payload = ":".join([*values, secret]).encode()
    return hashlib.new(algorithm, payload).hexdigest()


def verify_callback(fields: Mapping[str, str], secret: str, *, require: bool = True) -> None:
    """Check the callback's ``sha1``/``md5`` fields against ``secret`` (every hash field
    present must match); raise :class:`CallbackSignatureError` if one does not, or if
    none is present and ``require`` is true. The error never contains the secret."""
    kind = _kind(fields)
    present = [name for name in _HASHES if fields.get(name)]
    if not present:
        if require:
            raise CallbackSignatureError(f"unsigned {kind} callback (no sha1 or md5 field)")
        return
    if kind == "unknown":
        raise CallbackSignatureError("signed callback of unknown kind: cannot verify it")
    for name in present:
        given = fields[name].strip().lower().encode()
        if not hmac.compare_digest(_expected(kind, fields, secret, name).encode(), given):
            raise CallbackSignatureError(f"bad {name} signature on {kind} callback")


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
    """

    __slots__ = (
        "_secret",
        "_token",
        "on_message",
        "on_other",
        "on_status",
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
        await self.dispatch(event)
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


def _safe(fields: Mapping[str, str]) -> dict[str, str]:
    """Fields for a log line: hashes shortened (they are not secret, but long)."""
    return {k: (v[:8] + "..." if k in _HASHES else v) for k, v in fields.items()}


def sign_callback(
    fields: Mapping[str, str], secret: str, *, algorithms: Sequence[str] = ("sha1",)
) -> dict[str, str]:
    """``fields`` plus their ``sha1`` (and/or ``md5``) signature: for tests of your own
    endpoint, and for forwarding callbacks between services."""
    kind = _kind(fields)
    if kind == "unknown":
        raise ValueError("fields are neither a status (status=) nor a message (mes=)")
    signed = dict(fields)
    for name in algorithms:
        if name not in _HASHES:
            raise ValueError(f"algorithm must be sha1 or md5, not {name!r}")
        signed[name] = _expected(kind, fields, secret, name)
    return signed
