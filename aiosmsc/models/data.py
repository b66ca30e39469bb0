"""Results of the data scripts: history and inbox (get.php), statistics, tariffs,
operator info (info.php), short links (tinyurls.php), dedicated inbound numbers
(receive_phones.php), call confirmation (wait_call.php) and short success replies.

Most of these replies are not documented field by field (REFERENCE §11): every field but
the documented ones is optional, and keys a model does not know stay in ``extra``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

import attrs

from .base import MESSAGE_DATES, Model, fill_dates
from .codes import DeliveryErrorCode, MessageStatus, is_delivered_status

__all__ = [
    "ActionResult",
    "HistoryMessage",
    "InboxMessage",
    "OperatorInfo",
    "ReceivePhone",
    "ShortLink",
    "StatsRow",
    "Tariff",
    "WaitCall",
]


@attrs.frozen(slots=True)
class HistoryMessage(Model):
    """One sent message from the history (``get.php?get_messages=1``).

    ``int_id`` is the service's global message id: pass the smallest one of a page as
    ``prev_id`` to get the page before it. The documented fields are ``status``,
    ``last_date``/``last_timestamp``, ``err``, ``send_date``/``send_timestamp`` and
    ``int_id``; the others are the names status.php uses for the same facts. ``cnt`` is
    the number of SMS parts: recorded replies call it ``sms_cnt``.
    """

    aliases: ClassVar[Mapping[str, str]] = {
        "check_time": "last_date",
        "sender": "sender_id",
        "mes": "message",
        "text": "message",
        "sms_cnt": "cnt",
    }

    status: MessageStatus | int | None = None
    int_id: int | None = None
    id: str | None = None
    phone: str | None = None
    last_date: dt.datetime | None = None
    last_timestamp: dt.datetime | None = None
    err: DeliveryErrorCode | int | None = None
    send_date: dt.datetime | None = None
    send_timestamp: dt.datetime | None = None
    cost: Decimal | None = None
    cnt: int | None = None
    sender_id: str | None = None
    status_name: str | None = None
    message: str | None = None
    comment: str | None = None
    type: int | None = None
    format: int | None = None

    def __attrs_post_init__(self) -> None:
        fill_dates(self, MESSAGE_DATES)

    @property
    def is_delivered(self) -> bool:
        """Whether the message reached the recipient."""
        return self.status is not None and is_delivered_status(self.status)


@attrs.frozen(slots=True)
class InboxMessage(Model):
    """One incoming message (``get.php?get_answers=1``).

    ``id`` is the incoming-message id (pass the largest seen as ``after_id`` to poll for
    newer ones), ``phone`` the sender, ``to_phone`` the number that received it,
    ``sent``/``received`` when it was sent and received (a date or a timestamp).
    """

    aliases: ClassVar[Mapping[str, str]] = {
        "mes": "message",
        "text": "message",
        "to": "to_phone",
        "time": "received",
        "sent_date": "sent",
        "sent_timestamp": "sent",
        "received_date": "received",
    }

    id: int
    phone: str | None = None
    message: str | None = None
    to_phone: str | None = None
    sent: dt.datetime | None = None
    received: dt.datetime | None = None


@attrs.frozen(slots=True)
class StatsRow(Model):
    """One row of sending statistics (``get.php?get_stat=1``; shape not documented).

    Every field is optional: ``date`` (or ``period``), ``messages`` (messages sent),
    ``cnt`` (SMS parts), ``cost``; anything else the service reports is in ``extra``.
    """

    aliases: ClassVar[Mapping[str, str]] = {"sum": "cost", "sms": "cnt", "day": "date"}

    date: dt.datetime | None = None
    period: str | None = None
    messages: int | None = None
    cnt: int | None = None
    cost: Decimal | None = None
    operator: str | None = None
    country: str | None = None


@attrs.frozen(slots=True)
class Tariff(Model):
    """One price of the tariff table (``get.php?get_price=1``; shape not documented)."""

    aliases: ClassVar[Mapping[str, str]] = {"price": "cost", "op": "operator"}

    country: str | None = None
    operator: str | None = None
    mcc: str | None = None
    mnc: str | None = None
    cost: Decimal | None = None
    currency: str | None = None


@attrs.frozen(slots=True)
class OperatorInfo(Model):
    """Who serves a number (``info.php?get_operator=1``): the fields a third-party client
    reads are ``operator``, ``region``, ``country``, ``mcc``, ``mnc`` and ``tz``;
    ``phone`` is the number asked about. fmt=1's column order is unsure: the columns are
    read country first and also kept, in order, in ``extra["fields"]``."""

    aliases: ClassVar[Mapping[str, str]] = {"cn": "country", "net": "operator"}

    operator: str | None = None
    region: str | None = None
    country: str | None = None
    mcc: str | None = None
    mnc: str | None = None
    tz: int | None = None
    phone: str | None = None


@attrs.frozen(slots=True)
class ShortLink(Model):
    """Clicks on a short link (``tinyurls.php?get=1``): ``cnt`` in all, ``cnt_mon`` this
    month, ``cnt_day`` today, ``cnt_yes`` yesterday."""

    aliases: ClassVar[Mapping[str, str]] = {"url": "link"}

    id: str | None = None
    cnt: int | None = None
    cnt_mon: int | None = None
    cnt_day: int | None = None
    cnt_yes: int | None = None
    link: str | None = None


@attrs.frozen(slots=True)
class ReceivePhone(Model):
    """A dedicated inbound number (``receive_phones.php?gets=1``; shape not documented).

    ``cost`` is the monthly price; ``active`` and ``noprolong`` (auto-renewal off) are
    set for numbers the account has connected, when the service says so.
    """

    aliases: ClassVar[Mapping[str, str]] = {"price": "cost", "number": "phone"}

    phone: str
    cost: Decimal | None = None
    active: int | None = None
    noprolong: int | None = None


@attrs.frozen(slots=True)
class WaitCall(Model):
    """The number the user must call to confirm their phone (``wait_call.php``)."""

    aliases: ClassVar[Mapping[str, str]] = {"number": "phone"}

    phone: str


@attrs.frozen(slots=True)
class ActionResult(Model):
    """A short success reply (``OK``, ``{"result": "OK"}``, a new ``id``): an action was
    done. The service's reply fields beyond these are kept in ``extra``."""

    result: str | None = None
    id: str | None = None
    cost: Decimal | None = None
    balance: Decimal | None = None
