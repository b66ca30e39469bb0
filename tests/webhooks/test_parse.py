"""Reading and parsing callbacks: every transport shape, tolerant of what we do not know."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from decimal import Decimal

import pytest

from aiosmsc import DeliveryErrorCode, MessageStatus
from aiosmsc.models.base import MOSCOW
from aiosmsc.webhooks import (
    MAX_CALLBACK_BODY,
    CallbackError,
    DeliveryReport,
    IncomingMessage,
    UnknownCallback,
    parse_callback,
    read_callback_form,
)

FORM = "application/x-www-form-urlencoded"


def test_status_callback_from_a_form_body() -> None:
    body = b"id=42&phone=79991234567&status=1&err=0&time=01.02.2026+10%3A11%3A12&cost=1.50&cnt=2"
    report = parse_callback(read_callback_form(b"", body, FORM))
    assert isinstance(report, DeliveryReport)
    assert report.id == "42" and report.phone == "79991234567"
    assert report.status is MessageStatus.DELIVERED and report.is_delivered and report.is_final
    assert report.err is DeliveryErrorCode.NONE
    assert report.time == dt.datetime(2026, 2, 1, 10, 11, 12, tzinfo=MOSCOW)
    assert report.cost == Decimal("1.50") and report.cnt == 2


def test_status_callback_from_a_query_string_with_a_timestamp() -> None:
    report = parse_callback(read_callback_form("id=7&phone=7999&status=20&err=1&ts=1700000000"))
    assert isinstance(report, DeliveryReport)
    assert report.status is MessageStatus.UNDELIVERABLE and report.is_final
    assert not report.is_delivered
    assert report.err is DeliveryErrorCode.ABSENT_SUBSCRIBER
    assert report.time == dt.datetime.fromtimestamp(1_700_000_000, dt.timezone.utc)


def test_body_fields_win_over_query_fields() -> None:
    fields = read_callback_form(b"status=0&token=abc", b"status=1", FORM)
    assert fields == {"status": "1", "token": "abc"}


def test_unknown_fields_and_codes_are_kept() -> None:
    report = parse_callback({"status": "77", "err": "999", "id": "1", "brand_new": "x"})
    assert isinstance(report, DeliveryReport)
    assert report.status == 77 and not isinstance(report.status, MessageStatus)
    assert report.is_final  # an unknown code is not waited on forever
    assert report.err == 999
    assert report.extra == {"brand_new": "x"}


def test_intermediate_status_is_not_final() -> None:
    report = parse_callback({"id": "1", "phone": "7999", "status": "0"})
    assert isinstance(report, DeliveryReport) and not report.is_final


def test_hlr_fields() -> None:
    fields = {"id": "5", "phone": "79990000001", "status": "1", "imsi": "250011234567890"}
    fields |= {"mcc": "250", "mnc": "01", "cn": "Russia", "net": "MTS", "msc": "79160000001"}
    report = parse_callback(fields)
    assert isinstance(report, DeliveryReport)
    assert (report.imsi, report.mcc, report.mnc, report.cn, report.net) == (
        "250011234567890",
        "250",
        "01",
        "Russia",
        "MTS",
    )


@pytest.mark.parametrize(
    "fields",
    [
        {
            "id": "3",
            "phone": "79990000007",
            "mes": "Yes",
            "to": "79000000000",
            "sent": "1700000000",
        },
        {
            "id": "3",
            "phone": "79990000007",
            "message": "Yes",
            "to_phone": "79000000000",
            "ts": "1700000000",
        },
    ],
)
def test_incoming_message_under_either_spelling(fields: dict[str, str]) -> None:
    message = parse_callback(fields)
    assert isinstance(message, IncomingMessage)
    assert (message.id, message.phone, message.mes, message.to) == (
        "3",
        "79990000007",
        "Yes",
        "79000000000",
    )
    assert message.sent == dt.datetime.fromtimestamp(1_700_000_000, dt.timezone.utc)


def test_other_callbacks_are_kept_whole() -> None:
    event = parse_callback({"phone": "79990000001", "ts": "1700000000", "md5": "ab"})
    assert isinstance(event, UnknownCallback)
    assert event.extra == {"phone": "79990000001", "ts": "1700000000", "md5": "ab"}


def test_windows_1251_body_is_read() -> None:
    body = urllib.parse.urlencode({"phone": "7999", "mes": "Привет"}, encoding="cp1251").encode()
    message = parse_callback(read_callback_form(b"", body, FORM))
    assert isinstance(message, IncomingMessage) and message.mes == "Привет"


def test_utf8_body_is_read() -> None:
    body = urllib.parse.urlencode({"phone": "7999", "mes": "Привет"}).encode()
    message = parse_callback(read_callback_form(b"", body, f"{FORM}; charset=utf-8"))
    assert isinstance(message, IncomingMessage) and message.mes == "Привет"


def test_json_body_is_read() -> None:
    fields = read_callback_form(b"", b'{"id": 5, "phone": "7999", "status": 1}', "application/json")
    assert fields == {"id": "5", "phone": "7999", "status": "1"}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"[1, 2]", "application/json"),
        (b"{oops", "application/json"),
        (b"<xml/>", "application/xml"),
        (b"x" * (MAX_CALLBACK_BODY + 1), FORM),
    ],
)
def test_unreadable_bodies_are_refused(body: bytes, content_type: str) -> None:
    with pytest.raises(CallbackError):
        read_callback_form(b"", body, content_type)


@pytest.mark.parametrize(
    "fields",
    [{"status": "delivered"}, {"status": "1", "cost": "free"}, {"mes": "x", "sent": "yesterday"}],
)
def test_undecodable_values_are_a_callback_error(fields: dict[str, str]) -> None:
    with pytest.raises(CallbackError):
        parse_callback(fields)


def test_callback_error_is_a_value_error() -> None:
    assert issubclass(CallbackError, ValueError)
