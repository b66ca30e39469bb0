"""Replies of the data scripts (get.php, info.php, tinyurls.php, receive_phones.php,
wait_call.php, ping.php) and of ``request()``, in every plausible shape."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aiosmsc import APIError, AuthenticationError, DecodeError, RateLimitedError, decode
from aiosmsc.models import DeliveryErrorCode, MessageStatus
from aiosmsc.models.data import (
    ActionResult,
    HistoryMessage,
    InboxMessage,
    OperatorInfo,
    ReceivePhone,
    ShortLink,
    Tariff,
    WaitCall,
)

MSK = dt.timezone(dt.timedelta(hours=3))
SENT = dt.datetime(2020, 10, 10, 10, 10, 10, tzinfo=MSK)
DONE = dt.datetime(2020, 10, 10, 10, 10, 20, tzinfo=MSK)


# -- history ------------------------------------------------------------------------------

HISTORY = {
    "json": (
        3,
        '[{"int_id": 12, "status": 1, "last_date": "10.10.2020 10:10:20",'
        ' "last_timestamp": 1602313820, "err": 0, "send_date": "10.10.2020 10:10:10",'
        ' "send_timestamp": 1602313810, "phone": "79990000001", "cost": "1.50",'
        ' "sender_id": "SMSC", "status_name": "Delivered", "message": "Hello, world"},'
        ' {"int_id": 11, "status": 3, "last_timestamp": 1602313820, "err": 6,'
        ' "send_timestamp": 1602313810, "phone": "79990000002", "cost": "1.50",'
        ' "sender_id": "SMSC", "status_name": "Expired", "message": "Bye"}]',
    ),
    "json as strings": (
        3,
        '[{"int_id": "12", "status": "1", "last_timestamp": "1602313820", "err": "0",'
        ' "send_timestamp": "1602313810", "phone": "79990000001", "cost": "1.50",'
        ' "sender": "SMSC", "status_name": "Delivered", "mes": "Hello, world"},'
        ' {"int_id": "11", "status": "3", "last_timestamp": "1602313820", "err": "6",'
        ' "send_timestamp": "1602313810", "phone": "79990000002", "cost": 1.5,'
        ' "sender": "SMSC", "status_name": "Expired", "mes": "Bye"}]',
    ),
    "json wrapped": (
        3,
        '{"messages": [{"int_id": 12, "status": 1, "last_timestamp": 1602313820, "err": 0,'
        ' "send_timestamp": 1602313810, "phone": "79990000001", "cost": "1.50",'
        ' "sender_id": "SMSC", "status_name": "Delivered", "message": "Hello, world"},'
        ' {"int_id": 11, "status": 3, "last_timestamp": 1602313820, "err": 6,'
        ' "send_timestamp": 1602313810, "phone": "79990000002", "cost": "1.50",'
        ' "sender_id": "SMSC", "status_name": "Expired", "message": "Bye"}]}',
    ),
    "xml elements": (
        2,
        "<result><sms><int_id>12</int_id><status>1</status>"
        "<last_date>10.10.2020 10:10:20</last_date><err>0</err>"
        "<send_date>10.10.2020 10:10:10</send_date><phone>79990000001</phone>"
        "<cost>1.50</cost><sender_id>SMSC</sender_id><status_name>Delivered</status_name>"
        "<message>Hello, world</message></sms>"
        "<sms><int_id>11</int_id><status>3</status>"
        "<last_date>10.10.2020 10:10:20</last_date><err>6</err>"
        "<send_date>10.10.2020 10:10:10</send_date><phone>79990000002</phone>"
        "<cost>1.50</cost><sender_id>SMSC</sender_id><status_name>Expired</status_name>"
        "<message>Bye</message></sms></result>",
    ),
    "xml attributes": (
        2,
        '<?xml version="1.0" encoding="utf-8"?><result>'
        '<sms int_id="12" status="1" last_timestamp="1602313820" err="0"'
        ' send_timestamp="1602313810" phone="79990000001" cost="1.50" sender_id="SMSC"'
        ' status_name="Delivered" message="Hello, world"/>'
        '<sms int_id="11" status="3" last_timestamp="1602313820" err="6"'
        ' send_timestamp="1602313810" phone="79990000002" cost="1.50" sender_id="SMSC"'
        ' status_name="Expired" message="Bye"/></result>',
    ),
    "fmt0 lines": (
        0,
        "int_id = 12, Status = 1, check_time = 10.10.2020 10:10:20, err = 0,"
        " send_date = 10.10.2020 10:10:10, phone = 79990000001, cost = 1.50,"
        " sender_id = SMSC, status_name = Delivered, message = Hello, world\n"
        "int_id = 11, Status = 3, check_time = 10.10.2020 10:10:20, err = 6,"
        " send_date = 10.10.2020 10:10:10, phone = 79990000002, cost = 1.50,"
        " sender_id = SMSC, status_name = Expired, message = Bye\n",
    ),
    "fmt1 lines": (
        1,
        "1,1602313820,0,1602313810,79990000001,1.50,SMSC,Delivered,Hello, world,12\r\n"
        "3,1602313820,6,1602313810,79990000002,1.50,SMSC,Expired,Bye,11\r\n",
    ),
    "fmt1 int_id first": (
        1,
        "12,1,1602313820,0,1602313810,79990000001,1.50,SMSC,Delivered,Hello, world\n"
        "11,3,1602313820,6,1602313810,79990000002,1.50,SMSC,Expired,Bye\n",
    ),
}


@pytest.mark.parametrize("case", list(HISTORY))
def test_history_every_shape_gives_the_same_messages(case: str) -> None:
    fmt, body = HISTORY[case]
    first, second = decode("history", body, fmt=fmt)
    assert isinstance(first, HistoryMessage)
    assert (first.int_id, second.int_id) == (12, 11)
    assert first.status is MessageStatus.DELIVERED and first.is_delivered
    assert second.status is MessageStatus.EXPIRED and not second.is_delivered
    assert second.err is DeliveryErrorCode.OFFLINE
    assert first.message == "Hello, world"
    assert first.phone == "79990000001"
    assert first.cost == Decimal("1.50") and isinstance(first.cost, Decimal)
    assert first.sender_id == "SMSC"
    assert first.last_date == DONE and first.last_timestamp == DONE
    assert first.send_date == SENT and first.send_timestamp == SENT
    assert first.extra == {}


def test_history_keeps_unknown_keys_and_codes() -> None:
    body = '[{"int_id": 5, "status": 77, "err": 300, "operator": "MTS", "zone": {"a": 1}}]'
    (message,) = decode("history", body, fmt=3)
    assert message.status == 77 and type(message.status) is int
    assert message.err == 300 and type(message.err) is int
    assert message.extra == {"operator": "MTS", "zone": {"a": 1}}


def test_history_single_object_is_a_list_of_one() -> None:
    (message,) = decode("history", '{"int_id": 5, "status": 1}', fmt=3)
    assert message.int_id == 5


@pytest.mark.parametrize(
    ("fmt", "body", "error"),
    [
        (0, "ERROR = 2 (authorise error)", AuthenticationError),
        (1, "0,-9", RateLimitedError),
        (
            2,
            "<result><error>duplicate</error><error_code>9</error_code></result>",
            RateLimitedError,
        ),
        (3, '{"error": "authorise error", "error_code": 2}', AuthenticationError),
        (3, "ERROR = 2 (authorise error)", AuthenticationError),  # text answer to fmt=3
    ],
)
@pytest.mark.parametrize("operation", ["history", "inbox", "stats", "tariffs"])
def test_get_errors_every_fmt(operation: str, fmt: int, body: str, error: type) -> None:
    with pytest.raises(error) as info:
        decode(operation, body, fmt=fmt)
    assert info.value.operation == operation


def test_unreadable_history_is_a_decode_error() -> None:
    with pytest.raises(DecodeError) as info:
        decode("history", '[{"int_id": "not a number"}]', fmt=3)
    assert info.value.raw == '[{"int_id": "not a number"}]'


# -- inbox --------------------------------------------------------------------------------

INBOX = {
    "json": (
        3,
        '[{"id": 7, "received": "10.10.2020 10:10:20", "sent": 1602313810,'
        ' "phone": "79990000007", "to_phone": "79000000000", "message": "Yes, please"}]',
    ),
    "json as strings, other names": (
        3,
        '[{"id": "7", "time": "10.10.2020 10:10:20", "sent": "1602313810",'
        ' "phone": "79990000007", "to": "79000000000", "mes": "Yes, please"}]',
    ),
    "xml attributes": (
        2,
        '<result><sms id="7" received="10.10.2020 10:10:20" sent="1602313810"'
        ' phone="79990000007" to_phone="79000000000" message="Yes, please"/></result>',
    ),
    "xml elements": (
        2,
        "<result><sms><id>7</id><received>10.10.2020 10:10:20</received>"
        "<sent>10.10.2020 10:10:10</sent><phone>79990000007</phone>"
        "<to_phone>79000000000</to_phone><message>Yes, please</message></sms></result>",
    ),
    "fmt0": (
        0,
        "id = 7, received = 10.10.2020 10:10:20, sent = 1602313810, phone = 79990000007,"
        " to_phone = 79000000000, message = Yes, please",
    ),
    "fmt1": (1, "7,1602313810,79990000007,79000000000,Yes, please"),
}


@pytest.mark.parametrize("case", list(INBOX))
def test_inbox_every_shape(case: str) -> None:
    fmt, body = INBOX[case]
    (message,) = decode("inbox", body, fmt=fmt)
    assert isinstance(message, InboxMessage)
    assert message.id == 7
    assert message.phone == "79990000007"
    assert message.to_phone == "79000000000"
    assert message.message == "Yes, please"
    assert message.sent == SENT
    if fmt != 1:  # the positional form carries no receive date
        assert message.received == DONE


def test_inbox_short_positional_forms() -> None:
    (three,) = decode("inbox", "8,79990000007,Hi, there", fmt=1)
    assert (three.id, three.phone, three.message) == (8, "79990000007", "Hi, there")


def test_inbox_empty_and_unknown_keys() -> None:
    assert decode("inbox", "", fmt=1) == []
    (message,) = decode("inbox", '[{"id": 1, "operator": "MTS"}]', fmt=3)
    assert message.extra == {"operator": "MTS"}


# -- stats and tariffs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (3, '[{"date": "10.10.2020", "messages": 2, "cnt": "3", "cost": "4.50"}]'),
        (3, '{"date": "10.10.2020", "messages": "2", "sms": 3, "sum": 4.5}'),
        (
            2,
            "<result><stat><date>10.10.2020</date><messages>2</messages><cnt>3</cnt>"
            "<cost>4.50</cost></stat></result>",
        ),
        (0, "date = 10.10.2020, messages = 2, cnt = 3, cost = 4.50"),
        (1, "10.10.2020,2,3,4.50"),
    ],
)
def test_stats_shapes(fmt: int, body: str) -> None:
    (row,) = decode("stats", body, fmt=fmt)
    assert row.date == dt.datetime(2020, 10, 10, tzinfo=MSK)
    assert (row.messages, row.cnt, row.cost) == (2, 3, Decimal("4.50"))


def test_stats_keeps_what_it_does_not_know() -> None:
    (row,) = decode("stats", '[{"operator": "MTS", "delivered": 5, "cost": "1"}]', fmt=3)
    assert row.operator == "MTS" and row.extra == {"delivered": 5}


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (3, '[{"country": "Russia", "operator": "MTS", "mcc": 250, "mnc": "01", "cost": "1.50"}]'),
        (3, '[{"country": "Russia", "op": "MTS", "mcc": "250", "mnc": "01", "price": 1.5}]'),
        (
            2,
            '<result><tariff country="Russia" operator="MTS" mcc="250" mnc="01"'
            ' cost="1.50"/></result>',
        ),
        (0, "country = Russia, operator = MTS, mcc = 250, mnc = 01, cost = 1.50"),
        (1, "Russia,MTS,250,01,1.50"),
    ],
)
def test_tariff_shapes(fmt: int, body: str) -> None:
    assert decode("tariffs", body, fmt=fmt) == [
        Tariff(country="Russia", operator="MTS", mcc="250", mnc="01", cost=Decimal("1.50"))
    ]


# -- info.php, tinyurls.php ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (
            3,
            '{"operator": "MTS", "region": "Moscow", "country": "Russia", "mcc": "250",'
            ' "mnc": "01", "tz": "3"}',
        ),
        (3, '{"net": "MTS", "region": "Moscow", "cn": "Russia", "mcc": 250, "mnc": "01", "tz": 3}'),
        (
            2,
            "<result><operator>MTS</operator><region>Moscow</region><country>Russia</country>"
            "<mcc>250</mcc><mnc>01</mnc><tz>3</tz></result>",
        ),
        (0, "operator = MTS, region = Moscow, country = Russia, mcc = 250, mnc = 01, tz = 3"),
        (0, "operator = MTS\nregion = Moscow\ncountry = Russia\nmcc = 250\nmnc = 01\ntz = 3"),
        (1, "Russia,MTS,Moscow,250,01,3"),
    ],
)
def test_operator_info_shapes(fmt: int, body: str) -> None:
    info = decode("operator_info", body, fmt=fmt, params={"phone": "79990000001"})
    if fmt == 1:  # the columns are kept for the other reading of the order
        assert info.extra.pop("fields") == body.split(",")
    assert info == OperatorInfo(
        operator="MTS",
        region="Moscow",
        country="Russia",
        mcc="250",
        mnc="01",
        tz=3,
        phone="79990000001",
    )


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (3, '{"id": "abc", "cnt": 10, "cnt_mon": 4, "cnt_day": 1, "cnt_yes": 2}'),
        (3, '{"id": "abc", "cnt": "10", "cnt_mon": "4", "cnt_day": "1", "cnt_yes": "2"}'),
        (2, '<result id="abc" cnt="10" cnt_mon="4" cnt_day="1" cnt_yes="2"/>'),
        (0, "id = abc, cnt = 10, cnt_mon = 4, cnt_day = 1, cnt_yes = 2"),
        (1, "abc,10,4,1,2"),
    ],
)
def test_short_link_shapes(fmt: int, body: str) -> None:
    link = decode("short_link", body, fmt=fmt, params={"link": "https://example.com/a"})
    assert link == ShortLink(
        id="abc", cnt=10, cnt_mon=4, cnt_day=1, cnt_yes=2, link="https://example.com/a"
    )


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "ERROR = 3 (link not found)"),
        (1, "0,-3"),
        (2, "<result><error>link not found</error><error_code>3</error_code></result>"),
        (3, '{"error": "link not found", "error_code": 3}'),
    ],
)
def test_short_link_not_found(fmt: int, body: str) -> None:
    with pytest.raises(APIError) as info:
        decode("short_link", body, fmt=fmt)
    assert info.value.code == 3
    assert info.value.operation == "short_link"


# -- receive_phones.php, wait_call.php, ping.php ------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (
            3,
            '[{"phone": "79010000001", "cost": "90.00"}, {"phone": "79010000002",'
            ' "cost": "90.00", "active": 1, "noprolong": 1}]',
        ),
        (
            3,
            '{"phones": [{"number": "79010000001", "price": 90}, {"phone": 79010000002,'
            ' "price": "90", "active": "1", "noprolong": "1"}]}',
        ),
        (
            2,
            '<result><phone phone="79010000001" cost="90.00"/>'
            '<phone phone="79010000002" cost="90.00" active="1" noprolong="1"/></result>',
        ),
        (
            0,
            "phone = 79010000001, cost = 90.00\n"
            "phone = 79010000002, cost = 90.00, active = 1, noprolong = 1",
        ),
        (1, "79010000001,90.00\n79010000002,90.00,1,1"),
    ],
)
def test_receive_phone_list_shapes(fmt: int, body: str) -> None:
    free, mine = decode("receive_phones.list", body, fmt=fmt)
    assert free == ReceivePhone(phone="79010000001", cost=Decimal("90"))
    assert mine == ReceivePhone(phone="79010000002", cost=Decimal("90"), active=1, noprolong=1)


@pytest.mark.parametrize(
    ("fmt", "body", "expected"),
    [
        (0, "OK", ActionResult(result="OK")),
        (
            0,
            "OK, COST - 45.00, BALANCE - 55.00",
            ActionResult(cost=Decimal("45"), balance=Decimal("55")),
        ),
        (1, "1", ActionResult(result="1")),
        (1, "1,45.00,55.00", ActionResult(result="1", cost=Decimal("45"), balance=Decimal("55"))),
        (2, "<result><result>OK</result></result>", ActionResult(result="OK")),
        (
            3,
            '{"result": "OK", "cost": "45.00", "balance": "55.00"}',
            ActionResult(result="OK", cost=Decimal("45"), balance=Decimal("55")),
        ),
        (3, "{}", ActionResult()),
        (3, "1", ActionResult(result="1")),
        (3, "", ActionResult()),
    ],
)
@pytest.mark.parametrize(
    "operation", ["receive_phones.buy", "receive_phones.change", "notify_event"]
)
def test_short_success_replies(operation: str, fmt: int, body: str, expected: ActionResult) -> None:
    assert decode(operation, body, fmt=fmt) == expected


def test_short_success_keeps_unknown_keys() -> None:
    result = decode("receive_phones.buy", '{"phone": "79010000001", "till": "01.12.2020"}', fmt=3)
    assert result.extra == {"phone": "79010000001", "till": "01.12.2020"}


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (3, '{"phone": "74950000001"}'),
        (3, '{"phone": 74950000001, "ts": 1602313810}'),
        (2, "<result><phone>74950000001</phone></result>"),
        (0, "phone = 74950000001"),
        (1, "74950000001"),
    ],
)
def test_wait_call_shapes(fmt: int, body: str) -> None:
    assert decode("wait_call", body, fmt=fmt).phone == "74950000001"
    assert isinstance(decode("wait_call", body, fmt=fmt), WaitCall)


# -- request() ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "body", "expected"),
    [
        (3, '{"id": 5, "cnt": "2"}', {"id": 5, "cnt": "2"}),
        (3, '[{"id": 5}, {"id": 6}]', [{"id": 5}, {"id": 6}]),
        (3, "[1, 2]", [{"value": 1}, {"value": 2}]),
        (3, "[]", []),
        (2, "<result><id>5</id><cnt>2</cnt></result>", {"id": "5", "cnt": "2"}),
        (2, '<result><sms id="5"/><sms id="6"/></result>', [{"id": "5"}, {"id": "6"}]),
        (2, "<list><phone>1</phone><phone>2</phone></list>", [{"phone": "1"}, {"phone": "2"}]),
        (0, "OK - 2 SMS, ID - 5", {"cnt": "2", "id": "5"}),
        (0, "balance = 1.00, currency = RUR", {"balance": "1.00", "currency": "RUR"}),
        (0, "balance = 1.00\ncurrency = RUR", {"balance": "1.00", "currency": "RUR"}),
        (
            0,
            "id = 1, name = a\nid = 2, name = b",
            [{"id": "1", "name": "a"}, {"id": "2", "name": "b"}],
        ),
        (1, "250.80", {"fields": ["250.80"]}),
        (1, "5,2\n6,3", [{"fields": ["5", "2"]}, {"fields": ["6", "3"]}]),
        (1, "", []),
    ],
)
def test_request_plain_records(fmt: int, body: str, expected: object) -> None:
    assert decode("request", body, fmt=fmt) == expected


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "ERROR = 9 (too many requests)"),
        (1, "0,-9"),
        (3, '{"error": "too many requests", "error_code": "9"}'),
    ],
)
def test_request_errors(fmt: int, body: str) -> None:
    with pytest.raises(RateLimitedError) as info:
        decode("request", body, fmt=fmt)
    assert info.value.code == 9 and info.value.operation == "request"


def test_request_unknown_error_code_is_a_plain_api_error() -> None:
    with pytest.raises(APIError) as info:
        decode("request", '{"error": "new", "error_code": 77}', fmt=3)
    assert type(info.value) is APIError and info.value.code == 77
