"""Result of ``status.php``: the state of one message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

import attrs

from .base import MESSAGE_DATES, Model, fill_dates
from .codes import DeliveryErrorCode, MessageStatus, is_delivered_status, is_final_status

__all__ = ["StatusReport"]


@attrs.frozen(slots=True)
class StatusReport(Model):
    """The status of one message.

    ``all=0`` gives ``status``, ``last_date``/``last_timestamp`` (when the status last
    changed), ``flag`` and ``err``; ``all=1`` adds the send time, ``phone``, ``cost``,
    ``sender_id``, ``status_name``, ``message``, ``comment`` and ``type``; ``all=2`` adds
    ``country``, ``operator`` and ``region``; HLR requests add ``imsi`` ... ``rnet``.
    ``id`` and ``phone`` are set in replies to multi-message requests.

    A date and its timestamp describe one instant: when a reply carries only one of them
    (fmt=0 has dates, fmt=1 timestamps), the other is filled from it.
    """

    aliases: ClassVar[Mapping[str, str]] = {"check_time": "last_date", "sender": "sender_id"}

    status: MessageStatus | int
    last_date: dt.datetime | None = None
    last_timestamp: dt.datetime | None = None
    err: DeliveryErrorCode | int | None = None
    flag: int | None = None
    id: str | None = None
    phone: str | None = None
    send_date: dt.datetime | None = None
    send_timestamp: dt.datetime | None = None
    cost: Decimal | None = None
    sender_id: str | None = None
    status_name: str | None = None
    message: str | None = None
    comment: str | None = None
    type: int | None = None
    country: str | None = None
    operator: str | None = None
    region: str | None = None
    imsi: str | None = None
    msc: str | None = None
    mcc: str | None = None
    mnc: str | None = None
    cn: str | None = None
    net: str | None = None
    rcn: str | None = None
    rnet: str | None = None

    def __attrs_post_init__(self) -> None:
        fill_dates(self, MESSAGE_DATES)

    @property
    def is_final(self) -> bool:
        """Whether this status can no longer change (unknown codes count as final)."""
        return is_final_status(self.status)

    @property
    def is_delivered(self) -> bool:
        """Whether the message reached the recipient."""
        return is_delivered_status(self.status)

    @property
    def is_found(self) -> bool:
        """``False`` when the service has no message for this phone and id (status -3)."""
        return self.status != MessageStatus.NOT_FOUND
