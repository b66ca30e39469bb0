"""The exceptions aiosmsc raises.

Every exception derives from :class:`SMSCError`::

    SMSCError
    ├── APIError                    the service answered with an error body (HTTP 200)
    │   ├── ParameterError          1  bad or missing parameters
    │   ├── AuthenticationError     2  wrong login/password/apikey, or IP not allowed
    │   ├── InsufficientFundsError  3  not enough money (send.php)
    │   ├── NotFoundError           3  what the request names does not exist
    │   │   ├── LinkNotFoundError       no such short link (tinyurls.php)
    │   │   ├── RecordsNotFoundError    no records found (phones.php)
    │   │   ├── SenderNotFoundError     no such sender name (senders.php)
    │   │   └── OperatorNotFoundError   operator not found (info.php)
    │   ├── IPBlockedError          4  IP temporarily blocked after frequent errors
    │   ├── InvalidTimeError        5  wrong date/time format (send.php)
    │   ├── DeleteFailedError       5  the message could not be deleted (status.php del=1)
    │   ├── SaveFailedError         5  saving or deleting failed (phones.php, senders.php)
    │   ├── MessageDeniedError      6  message prohibited (text or sender name)
    │   ├── InvalidPhoneError       7  wrong phone number format (send.php, senders.php)
    │   ├── UndeliverableError      8  the message cannot be delivered to this number
    │   │   └── CodeUndeliverableError  the confirmation code cannot be (senders.php)
    │   ├── RateLimitedError        9  duplicate request, too many requests or connections
    │   ├── CodeAlreadySentError   10  a code was sent to this number: retry after 8 hours
    │   └── InvalidCodeError       11  wrong confirmation code (senders.php)
    ├── TransportError              the request did not complete
    │   ├── ConnectError            could not connect: nothing was sent
    │   ├── TimeoutError            a timeout; ``ConnectTimeout``/``PoolTimeout`` (nothing
    │   │                           sent) or ``ReadTimeout``/``WriteTimeout`` (maybe sent)
    │   ├── NetworkError            the connection broke mid-request: maybe sent
    │   └── HTTPStatusError         a non-200 HTTP status: maybe processed
    ├── DeliveryUnknownError        a send's reply was lost and its fate cannot be learned
    ├── DecodeError                 a reply that cannot be read; the raw body is kept
    ├── CallbackError               a callback to your web app that cannot be read
    │   └── CallbackSignatureError  its signature or token does not match (or is missing)
    ├── ClientClosedError           the client was used after ``aclose()``
    ├── LimitsUnavailableError      shared limits (Redis) cannot be reached; nothing sent
    └── ConfigurationError          bad client configuration or call arguments
        └── ValidationError         bad arguments to one call; nothing was sent
            └── DuplicateSendError  an identical send within a minute; nothing was sent

An error code's meaning depends on the script that returned it (5 means "wrong date" on
``send.php`` but "delete failed" on ``status.php``); :func:`api_error_class` picks the
subclass by script. Codes the service may add later become a plain :class:`APIError`.

No exception ever carries credentials: the request parameters are not stored on them,
their messages are built from the reply alone, and a reply that echoes the request (a
proxy, a debugging server) has the values of ``psw``/``password``/``apikey`` masked in
every text kept (:func:`redact`). The client also masks its own credentials wherever they
appear in an error's texts, and never chains an exception that may hold the request.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from typing import Any, ClassVar, overload

__all__ = [
    "APIError",
    "AuthenticationError",
    "CallbackError",
    "CallbackSignatureError",
    "ClientClosedError",
    "CodeAlreadySentError",
    "CodeUndeliverableError",
    "ConfigurationError",
    "ConnectError",
    "ConnectTimeout",
    "DecodeError",
    "DeleteFailedError",
    "DeliveryUnknownError",
    "DuplicateSendError",
    "HTTPStatusError",
    "IPBlockedError",
    "InsufficientFundsError",
    "InvalidCodeError",
    "InvalidPhoneError",
    "InvalidTimeError",
    "LimitsUnavailableError",
    "LinkNotFoundError",
    "MessageDeniedError",
    "NetworkError",
    "NotFoundError",
    "OperatorNotFoundError",
    "ParameterError",
    "PoolTimeout",
    "RateLimitedError",
    "ReadTimeout",
    "RecordsNotFoundError",
    "SMSCError",
    "SaveFailedError",
    "SenderNotFoundError",
    "TimeoutError",
    "TransportError",
    "UndeliverableError",
    "ValidationError",
    "WriteTimeout",
    "api_error_class",
]

_RAW_PREVIEW = 200

#: What a credential is replaced with.
MASK = "***"
# Shorter values are masked only as an echoed parameter: masking every "p" of a message
# would make it unreadable and hide nothing worth hiding.
_MIN_SECRET_CHARS = 4
# A credential parameter echoed as ``psw=v``, ``"psw": "v"``, ``<psw>v``, ``psw = v``.
_ECHOED = r"""(?i)(\b(?:psw|password|apikey)\b["']?\s*[=:>]\s*["']?)([^&\s"'<>,;)]+)"""
_ECHOED_TEXT = re.compile(_ECHOED)
_ECHOED_BYTES = re.compile(_ECHOED.encode())


def _spellings(secret: str) -> set[str]:
    """``secret`` as given and as it appears in a form or URL."""
    return {secret, urllib.parse.quote_plus(secret, safe=""), urllib.parse.quote(secret, safe="")}


@overload
def redact(text: str, secrets: Iterable[str] = ()) -> str: ...
@overload
def redact(text: bytes, secrets: Iterable[str] = ()) -> bytes: ...
@overload
def redact(text: str | bytes, secrets: Iterable[str] = ()) -> str | bytes: ...


def redact(text: str | bytes, secrets: Iterable[str] = ()) -> str | bytes:
    """``text`` with echoed credential parameters and every spelling of ``secrets``
    replaced by :data:`MASK`."""
    values = {
        spelling
        for secret in secrets
        if len(secret) >= _MIN_SECRET_CHARS
        for spelling in _spellings(secret)
    }
    # Longest first, so a secret that contains another is masked whole.
    ordered = sorted(values, key=len, reverse=True)
    if isinstance(text, bytes):
        for value in ordered:
            text = text.replace(value.encode(), MASK.encode())
        return _ECHOED_BYTES.sub(rb"\1" + MASK.encode(), text)
    for value in ordered:
        text = text.replace(value, MASK)
    return _ECHOED_TEXT.sub(r"\1" + MASK, text)


class SMSCError(Exception):
    """Base class of every exception raised by aiosmsc."""

    #: Attributes holding text from the reply, masked by :meth:`redact`.
    _texts: ClassVar[tuple[str, ...]] = ()

    def redact(self, secrets: Iterable[str]) -> None:
        """Mask ``secrets`` (the client's credentials) in this error's message and the
        reply texts it keeps; called by the client before anyone sees the error."""
        secrets = tuple(secrets)
        for name in self._texts:
            setattr(self, name, redact(getattr(self, name), secrets))
        self.args = tuple(
            redact(arg, secrets) if isinstance(arg, (str, bytes)) else arg for arg in self.args
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (for another process, or a saved bulk report) as its message and its
        # attributes: the constructors take other arguments than ``args`` holds.
        return (_restore, (type(self), self.args), self.__dict__)


def _restore(cls: type[SMSCError], args: tuple[Any, ...]) -> SMSCError:
    error = cls.__new__(cls)
    error.args = args
    return error


class ConfigurationError(SMSCError, ValueError):
    """The client is configured wrongly (missing credentials, unknown host, ...)."""


class ValidationError(ConfigurationError):
    """Arguments of one call are invalid; the request was not sent."""


class DuplicateSendError(ValidationError):
    """An identical send was made less than a minute ago; this one was not sent."""


class CallbackError(SMSCError, ValueError):
    """A callback from the service that cannot be read (malformed body, undecodable
    values); see :mod:`aiosmsc.webhooks`."""


class CallbackSignatureError(CallbackError):
    """A callback whose signature or token does not match (or is missing)."""


class ClientClosedError(SMSCError, RuntimeError):
    """The client was used after it was closed."""


class LimitsUnavailableError(SMSCError):
    """The shared limits (e.g. Redis behind :class:`aiosmsc.redis.RedisLimits`) cannot be
    reached, so the request was not sent: sending unchecked could break the login's limits
    for every process. ``possibly_delivered`` is always ``False``."""

    possibly_delivered = False


class DecodeError(SMSCError):
    """A reply could not be decoded. ``raw`` keeps the body as received, credentials
    masked (:func:`redact`)."""

    _texts = ("reason", "raw")

    def __init__(self, reason: str, *, fmt: int | None, raw: bytes | str) -> None:
        self.reason = reason = redact(reason)
        self.fmt = fmt
        self.raw = raw = redact(raw)
        preview = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
        if len(preview) > _RAW_PREVIEW:
            preview = preview[:_RAW_PREVIEW] + "..."
        super().__init__(f"cannot decode fmt={fmt} reply: {reason}; body: {preview!r}")


class TransportError(SMSCError):
    """The HTTP exchange did not complete.

    ``possibly_delivered`` is ``False`` only when the request provably never reached the
    service (it is then safe to send it again); ``True`` when it may have been processed.
    """

    possibly_delivered: bool = True

    def __init__(self, message: str, *, host: str | None = None) -> None:
        self.host = host
        super().__init__(message)


class ConnectError(TransportError):
    """No connection could be made; the request was not sent."""

    possibly_delivered = False


class TimeoutError(TransportError):
    """A timeout. Subclasses tell whether the request may have reached the service."""


class ConnectTimeout(TimeoutError):
    """Connecting took too long; the request was not sent."""

    possibly_delivered = False


class PoolTimeout(TimeoutError):
    """No pooled connection became free in time; the request was not sent."""

    possibly_delivered = False


class WriteTimeout(TimeoutError):
    """Sending the request took too long; it may have reached the service."""


class ReadTimeout(TimeoutError):
    """The reply did not arrive in time; the request may have been processed."""


class NetworkError(TransportError):
    """The connection failed during the exchange; the request may have been processed."""


class HTTPStatusError(TransportError):
    """The service answered with an HTTP status other than 200; ``raw`` is the start of
    its body, credentials masked."""

    _texts = ("raw",)

    def __init__(self, status_code: int, *, host: str | None = None, raw: bytes = b"") -> None:
        self.status_code = status_code
        self.raw = redact(raw)
        super().__init__(f"HTTP {status_code} from {host or 'the service'}", host=host)


class DeliveryUnknownError(SMSCError):
    """A send may or may not have been accepted, and asking the service did not tell.

    Raised after an ambiguous failure (the reply was lost) when the status lookup for the
    send's ``(phone, id)`` pairs failed too. ``id`` is the client id the send carried:
    ask ``status(phone, id)`` later instead of sending again. ``__cause__`` is the last
    error seen.
    """

    def __init__(self, message: str, *, id: str, phones: tuple[str, ...] = ()) -> None:
        self.id = id
        self.phones = phones
        super().__init__(message)


class APIError(SMSCError):
    """The service refused the request: ``code`` and ``text`` are what it said.

    ``id`` is the message id when the service gave one (send.php codes 3, 6, 7, 8),
    ``operation`` the facade operation (``"send"``, ``"status"``, ...), ``raw`` the body
    (credentials masked). ``retryable`` tells whether the same request may succeed after
    waiting (codes 4, 9).
    """

    _texts = ("text", "raw")

    retryable: bool = False
    #: Said when the reply carries no text (fmt=1 errors are just ``0,-N``).
    default_text: str = "error"

    def __init__(
        self,
        code: int,
        text: str,
        *,
        id: str | None = None,
        operation: str | None = None,
        raw: bytes | str = b"",
    ) -> None:
        self.code = code
        self.text = redact(text or self.default_text)
        self.id = id
        self.operation = operation
        self.raw = redact(raw)
        where = f" on {operation}" if operation else ""
        suffix = f" (message id {id})" if id is not None else ""
        super().__init__(f"SMSC error {code}{where}: {self.text}{suffix}")


class ParameterError(APIError):
    """Error 1: the parameters were wrong."""

    default_text = "parameters error"


class AuthenticationError(APIError):
    """Error 2: wrong credentials, or the request came from an IP not in the allow-list."""

    default_text = "authorisation error (or IP not allowed)"


class InsufficientFundsError(APIError):
    """Error 3 (send.php): not enough money on the account."""

    default_text = "insufficient funds"


class NotFoundError(APIError):
    """Error 3 on the scripts that look something up: what the request names does not
    exist. The subclasses say what was looked for."""

    default_text = "not found"


class LinkNotFoundError(NotFoundError):
    """Error 3 (tinyurls.php): the short link does not exist."""

    default_text = "link not found"


class RecordsNotFoundError(NotFoundError):
    """Error 3 (phones.php): no records found — no such contact or group. A list or a
    search that finds nothing is an empty list, not this error."""

    default_text = "no records found"


class SenderNotFoundError(NotFoundError):
    """Error 3 (senders.php): the sender name does not exist."""

    default_text = "sender name not found"


class OperatorNotFoundError(NotFoundError):
    """Error 3 (info.php): the operator of the number is not known."""

    default_text = "operator not found"


class IPBlockedError(APIError):
    """Error 4: the IP is blocked for a while after frequent erroneous requests."""

    default_text = "IP temporarily blocked"

    retryable = True


class InvalidTimeError(APIError):
    """Error 5 (send.php): the ``time`` parameter has a wrong format."""

    default_text = "wrong date format"


class DeleteFailedError(APIError):
    """Error 5 (status.php ``del=1``): the message could not be deleted."""

    default_text = "delete failed"


class SaveFailedError(APIError):
    """Error 5 (phones.php, senders.php): the change could not be saved (or the item
    could not be deleted)."""

    default_text = "error saving or deleting"


class MessageDeniedError(APIError):
    """Error 6 (send.php): the message is prohibited by its text or sender name."""

    default_text = "message prohibited"


class InvalidPhoneError(APIError):
    """Error 7 (send.php, senders.php ``send_code``): wrong phone number format."""

    default_text = "invalid phone number"


class UndeliverableError(APIError):
    """Error 8 (send.php): the message cannot be delivered to the number."""

    default_text = "cannot deliver to this number"


class CodeUndeliverableError(UndeliverableError):
    """Error 8 (senders.php ``send_code``): the confirmation code cannot be delivered to
    the number; ``except UndeliverableError`` catches it too."""

    default_text = "the confirmation code cannot be delivered to this number"


class CodeAlreadySentError(APIError):
    """Error 10 (senders.php ``send_code``): a code was already sent to this number; the
    service takes another request for it after ``retry_after`` seconds (8 hours)."""

    default_text = "a code was already sent to this number: retry after 8 hours"
    #: How long the service wants the client to wait, in seconds.
    retry_after: float = 8 * 3600.0


class InvalidCodeError(APIError):
    """Error 11 (senders.php ``check_code``): the confirmation code is wrong."""

    default_text = "invalid confirmation code"


class RateLimitedError(APIError):
    """Error 9: a duplicate request within a minute, or too many (simultaneous) requests."""

    default_text = "too many or duplicate requests"

    retryable = True


_COMMON: dict[int, type[APIError]] = {
    1: ParameterError,
    2: AuthenticationError,
    4: IPBlockedError,
    9: RateLimitedError,
}

_BY_SCRIPT: dict[str, dict[int, type[APIError]]] = {
    "send": {
        3: InsufficientFundsError,
        5: InvalidTimeError,
        6: MessageDeniedError,
        7: InvalidPhoneError,
        8: UndeliverableError,
    },
    "status": {5: DeleteFailedError},
    "tinyurls": {3: LinkNotFoundError},
    "phones": {3: RecordsNotFoundError, 5: SaveFailedError},
    "senders": {
        3: SenderNotFoundError,
        5: SaveFailedError,
        7: InvalidPhoneError,
        8: CodeUndeliverableError,
        10: CodeAlreadySentError,
        11: InvalidCodeError,
    },
    "info": {3: OperatorNotFoundError},
}


def api_error_class(code: int, script: str) -> type[APIError]:
    """The :class:`APIError` subclass for ``code`` as returned by ``<script>.php``."""
    specific = _BY_SCRIPT.get(script, {})
    return specific.get(code) or _COMMON.get(code) or APIError
