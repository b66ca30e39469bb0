"""What a failed request of a bulk job means for its recipients: in doubt (ask the
service), refused because of one of its lines (find the culprits), or refused for all.

The per-number codes of an ``err=1``/``op=1`` reply map to the exception classes a single
send raises for the same code (:func:`aiosmsc.errors.api_error_class`, one mapping)."""

from __future__ import annotations

from ..errors import (
    APIError,
    AuthenticationError,
    DecodeError,
    DeliveryUnknownError,
    InsufficientFundsError,
    InvalidPhoneError,
    IPBlockedError,
    MessageDeniedError,
    ParameterError,
    SMSCError,
    TransportError,
    UndeliverableError,
    ValidationError,
    api_error_class,
)
from ..models.send import PhoneResult

__all__ = [
    "FATAL",
    "PERMANENT",
    "can_succeed_again",
    "in_doubt",
    "line_refusal",
    "phone_error",
]

#: Errors after which no further request can succeed: the job stops sending.
FATAL = (AuthenticationError, InsufficientFundsError, IPBlockedError)

#: Refusals that sending the same row again cannot change: the text, the number or the
#: row itself is what the service (or the client's checks) refused.
PERMANENT: tuple[type[SMSCError], ...] = (
    MessageDeniedError,
    InvalidPhoneError,
    UndeliverableError,
    ParameterError,
    ValidationError,
)
_PERMANENT_NAMES = frozenset(cls.__name__ for cls in PERMANENT)

#: Codes by which the service refuses a whole request for the sake of one of its lines:
#: a denied text or sender (6), an invalid number (7), an undeliverable number (8), a
#: line it cannot parse (1).
_LINE_CODES = frozenset({1, 6, 7, 8})
#: In a ``phones`` request every recipient shares the text and options: only a number
#: can be the culprit there.
_NUMBER_CODES = frozenset({7, 8})


def in_doubt(error: SMSCError) -> bool:
    """Whether the request may have been accepted although it failed: its reply was
    lost, cut or unreadable. Such a request is reconciled, never marked failed."""
    if isinstance(error, (DeliveryUnknownError, DecodeError)):
        return True
    return isinstance(error, TransportError) and error.possibly_delivered


def line_refusal(error: SMSCError, *, personalised: bool) -> bool:
    """Whether ``error`` refused a request of several recipients possibly for one line's
    sake, so that the others may go without it. Nothing of a refused request was sent."""
    if not isinstance(error, APIError) or isinstance(error, FATAL):
        return False
    return error.code in (_LINE_CODES if personalised else _NUMBER_CODES)


def phone_error(row: PhoneResult, *, message_id: str | None) -> APIError:
    """The typed error of one number that an accepted request reports as failed: its code
    (``err``, else an error ``status``) mapped as a single send's reply would be."""
    code = row.err or (row.status if row.status and row.status > 0 else 0) or 0
    cls = api_error_class(code, "send")
    return cls(code, row.error or "", id=message_id, operation="send")


def can_succeed_again(error_type: str | None) -> bool:
    """Whether a row that failed with an error of this class name may succeed if sent
    again (a refused text or number may not)."""
    return error_type is not None and error_type not in _PERMANENT_NAMES
