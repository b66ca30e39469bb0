"""Code tables of the service: message statuses and delivery error codes.

The service may return codes that are not listed here; the decoder then keeps them as
plain ``int`` values, so every field typed ``MessageStatus | int`` can hold either.
:func:`is_final_status` and :func:`is_delivered_status` are the one place that classifies
a status code; every ``is_final``/``is_delivered`` property and the delivery tracker ask
them.

``DeliveryError`` is the old name of :class:`DeliveryErrorCode` (it is an enum, not an
exception); it still works and warns.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from .._deprecations import renamed_attribute

__all__ = [
    "DeliveryErrorCode",
    "MessageStatus",
    "describe_code",
    "is_delivered_status",
    "is_final_status",
]


class _DescribedIntEnum(enum.IntEnum):
    """An IntEnum whose members carry a human description."""

    description: str

    def __new__(cls, value: int, description: str = "") -> _DescribedIntEnum:
        member = int.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member


class MessageStatus(_DescribedIntEnum):
    """``status`` of a message (REFERENCE §5.4)."""

    NOT_FOUND = -3, "No message for this phone and id"
    STOPPED = -2, "Stopped: the mailing was paused before the message left"
    WAITING = -1, "Waiting to be sent (scheduled or queued)"
    TRANSFERRED = 0, "Transferred to the operator"
    DELIVERED = 1, "Delivered"
    READ = 2, "Read (opened by the recipient)"
    EXPIRED = 3, "Expired: not delivered within its lifetime"
    LINK_CLICKED = 4, "Delivered and its short link was clicked"
    UNDELIVERABLE = 20, "Impossible to deliver"
    WRONG_NUMBER = 22, "Wrong number"
    PROHIBITED = 23, "Prohibited"
    INSUFFICIENT_FUNDS = 24, "Insufficient funds"
    UNAVAILABLE_NUMBER = 25, "Unavailable number"

    @property
    def is_final(self) -> bool:
        """Whether the status can no longer change (see :func:`is_final_status`)."""
        return is_final_status(self)

    @property
    def is_delivered(self) -> bool:
        """Whether the message reached the recipient (see :func:`is_delivered_status`)."""
        return is_delivered_status(self)


# Our classification, not the service's: it documents no "final" flag. A stopped (-2) or
# not-yet-found (-3) message may still move, so tracking keeps asking about it.
_NON_FINAL = frozenset({-3, -2, -1, 0})
_DELIVERED = frozenset({1, 2, 4})


def is_final_status(code: int) -> bool:
    """Whether a message whose status is ``code`` (a :class:`MessageStatus` or a plain
    ``int``) can no longer change.

    Every code is final except -3 (not found yet), -2 (stopped), -1 (waiting) and 0
    (transferred to the operator). A code the service added after this table counts as
    final, so that tracking does not poll it forever.
    """
    return int(code) not in _NON_FINAL


def is_delivered_status(code: int) -> bool:
    """Whether a message whose status is ``code`` reached the recipient: delivered (1),
    read (2) or its link clicked (4). Unknown codes are not delivered."""
    return int(code) in _DELIVERED


class DeliveryErrorCode(_DescribedIntEnum):
    """``err`` code inside a status: why a message was (not) delivered (REFERENCE §5.5)."""

    NONE = 0, "No error"
    ABSENT_SUBSCRIBER = 1, "Subscriber does not exist"
    OFFLINE = 6, "Subscriber offline or out of coverage"
    SERVICE_UNAVAILABLE = 11, "SMS service not available to the subscriber"
    HANDSET_ERROR = 12, "Error in the subscriber's handset or SIM"
    SUBSCRIBER_BLOCKED = 13, "Subscriber blocked"
    NOT_SUPPORTED = 21, "Service not supported by the device"
    VIRTUAL_SENDING = 200, "Virtual sending (test mode)"
    SIM_REPLACED = 219, "SIM replaced: alphanumeric senders blocked for 24 hours"
    QUEUE_OVERFLOW = 220, "Operator's queue for this subscriber overflowed"
    NOT_ANSWERING = 237, "Subscriber not answering"
    # A third-party table's wording, unconfirmed by the (cut) docs page: sources disagree.
    NO_TEMPLATE = 238, "No template (unconfirmed)"
    FORBIDDEN_IP = 239, "Forbidden IP address"
    BUSY = 240, "Subscriber busy"
    CONVERSION_ERROR = 241, "Conversion error"
    ANSWERING_MACHINE = 242, "Answering machine detected"
    NO_CONTRACT = 243, "No contract concluded"
    MAILING_PROHIBITED = 244, "Mailing prohibited"
    STATUS_NOT_RECEIVED = 245, "Status not received"
    TIME_RESTRICTION = 246, "Time restriction"
    MESSAGE_LIMIT = 247, "Message limit exceeded"
    NO_ROUTE = 248, "No route"
    WRONG_NUMBER_FORMAT = 249, "Wrong number format"
    NUMBER_PROHIBITED_BY_SETTINGS = 250, "Number prohibited by settings"
    PER_NUMBER_LIMIT = 251, "Per-number limit exceeded"
    NUMBER_PROHIBITED = 252, "Number prohibited"
    SPAM_FILTER = 253, "Blocked by spam filter"
    UNREGISTERED_SENDER = 254, "Unregistered sender id"
    REJECTED_BY_OPERATOR = 255, "Rejected by operator"


if TYPE_CHECKING:
    #: Deprecated name of :class:`DeliveryErrorCode`.
    DeliveryError = DeliveryErrorCode


def __getattr__(name: str) -> object:
    return renamed_attribute(__name__, name)


def describe_code(code: int, table: type[_DescribedIntEnum]) -> str:
    """A human description of ``code`` from ``table``, or ``"unknown code N"``."""
    try:
        return table(code).description
    except ValueError:
        return f"unknown code {code}"
