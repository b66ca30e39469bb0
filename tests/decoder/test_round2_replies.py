"""Replies of the second fidelity pass (REFERENCE "round 2"): a reply recorded from the
live service or quoted by the docs, in every fmt where it applies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aiosmsc import (
    APIError,
    CodeAlreadySentError,
    CodeUndeliverableError,
    InvalidCodeError,
    InvalidPhoneError,
    NotFoundError,
    OperatorNotFoundError,
    RecordsNotFoundError,
    SaveFailedError,
    SenderNotFoundError,
    UndeliverableError,
    decode,
)
from aiosmsc.models.contacts import Contact
from aiosmsc.models.data import OperatorInfo

STAMP = 1476794052
SINGLE = {"phone": "79999999999", "id": "1", "all": 1}


def _error(code: int, text: str) -> list[tuple[int, str]]:
    """The common error envelope of ``code`` in the four fmts."""
    return [
        (0, f"ERROR = {code} ({text})"),
        (1, f"0,-{code}"),
        (2, f"<result><error>{text}</error><error_code>{code}</error_code></result>"),
        (3, f'{{"error": "{text}", "error_code": {code}}}'),
    ]


# -- status.php fmt=1 all=1: ten fields, a trailing one after the message -----------------


@pytest.mark.parametrize("message", ["test", "Hello, world", "a,b,,c"])
def test_status_all1_fmt1_trailing_field_is_not_part_of_the_message(message: str) -> None:
    # The live reply printed by the official Python library:
    # status,check_time,err,send_time,phone,cost,sender,status_name,message,0
    body = f"1,{STAMP},0,{STAMP - 60},79999999999,1.50,SMSC.RU,Delivered,{message},0"
    report = decode("status", body, fmt=1, params=SINGLE)
    assert report.message == message
    assert report.type == 0
    assert (report.phone, report.cost, report.sender_id) == (
        "79999999999",
        Decimal("1.50"),
        "SMSC.RU",
    )


def test_status_all1_fmt1_without_the_trailing_field_still_reads() -> None:
    # Nine fields, as the official library's comment lists them: a last field that is not
    # a number belongs to the message.
    body = f"1,{STAMP},0,{STAMP - 60},79999999999,1.50,SMSC.RU,Delivered,Hi, there"
    assert decode("status", body, fmt=1, params=SINGLE).message == "Hi, there"


def test_status_all1_fmt1_trailing_field_in_a_multi_reply() -> None:
    params = {"phone": "79999999999,79999999998", "id": "1,2", "all": 1}
    body = (
        f"1,1,{STAMP},0,{STAMP},79999999999,1.50,SMSC.RU,Delivered,test,0\n"
        f"2,1,{STAMP},0,{STAMP},79999999998,1.50,SMSC.RU,Delivered,x, y,0"
    )
    first, second = decode("status", body, fmt=1, params=params)
    assert (first.message, second.message) == ("test", "x, y")


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (
            0,
            "Status = 1, check_time = 18.10.2016 15:34:12, err = 0, send_date = 18.10.2016"
            " 15:33:12, phone = 79999999999, cost = 1.50, sender_id = SMSC.RU, status_name ="
            " Delivered, message = test, type = 0",
        ),
        (1, f"1,{STAMP},0,{STAMP - 60},79999999999,1.50,SMSC.RU,Delivered,test,0"),
        (
            2,
            f"<sms><status>1</status><last_timestamp>{STAMP}</last_timestamp><err>0</err>"
            f"<send_timestamp>{STAMP - 60}</send_timestamp><phone>79999999999</phone>"
            "<cost>1.50</cost><sender_id>SMSC.RU</sender_id><status_name>Delivered"
            "</status_name><message>test</message><type>0</type></sms>",
        ),
        (
            3,
            f'{{"status": 1, "last_timestamp": {STAMP}, "err": 0, "send_timestamp":'
            f' {STAMP - 60}, "phone": "79999999999", "cost": "1.50", "sender_id": "SMSC.RU",'
            ' "status_name": "Delivered", "message": "test", "type": 0}',
        ),
    ],
)
def test_the_recorded_status_reads_the_same_in_every_fmt(fmt: int, body: str) -> None:
    report = decode("status", body, fmt=fmt, params=SINGLE)
    assert (report.message, report.type, report.cost) == ("test", 0, Decimal("1.50"))
    assert int(report.last_timestamp.timestamp()) == STAMP


# -- phones.php: error 3 is an empty list; the other codes --------------------------------


@pytest.mark.parametrize("operation", ["contacts.list", "groups.list"])
@pytest.mark.parametrize(("fmt", "body"), _error(3, "no records found"))
def test_no_records_found_is_an_empty_list(operation: str, fmt: int, body: str) -> None:
    assert decode(operation, body, fmt=fmt) == []


@pytest.mark.parametrize(("fmt", "body"), _error(3, "no records found"))
def test_no_records_found_elsewhere_is_an_error(fmt: int, body: str) -> None:
    with pytest.raises(RecordsNotFoundError) as info:
        decode("contacts.delete", body, fmt=fmt)
    assert isinstance(info.value, NotFoundError) and info.value.code == 3


@pytest.mark.parametrize(("fmt", "body"), _error(5, "error saving"))
def test_phones_error_5_is_a_failed_save(fmt: int, body: str) -> None:
    with pytest.raises(SaveFailedError):
        decode("contacts.change", body, fmt=fmt)


@pytest.mark.parametrize("operation", ["contacts.add", "groups.add", "blacklist.add"])
@pytest.mark.parametrize(
    ("fmt", "body"),
    [(0, "OK, ID - 42"), (1, "42"), (2, "<result><id>42</id></result>"), (3, '{"id": 42}')],
)
def test_creation_reply_is_the_new_id(operation: str, fmt: int, body: str) -> None:
    # The docs: <id> of a new contact, group or blacklist entry (fmt=1 the bare id).
    assert decode(operation, body, fmt=fmt).id == "42"


# -- phones.php: the contact list's keys, both readings -----------------------------------

WIRE_KEYS = {
    "name": "Anna P.",
    "first_name": "Anna",
    "last_name": "Petrova",
    "middle_name": "S.",
    "birthday": "01.02.1990",
    "phone_other": "79990000009",
}
REQUEST_KEYS = {
    "name": "Anna P.",
    "fnm": "Anna",
    "lnm": "Petrova",
    "mnm": "S.",
    "bd": "01.02.1990",
    "pho": "79990000009",
}


def _bodies(keys: dict[str, str]) -> list[tuple[int, str]]:
    pairs = ", ".join(f"{key} = {value}" for key, value in keys.items())
    xml = "".join(f"<{key}>{value}</{key}>" for key, value in keys.items())
    json = ", ".join(f'"{key}": "{value}"' for key, value in keys.items())
    return [
        (0, f"id = 7, {pairs}"),
        (2, f"<result><contact><id>7</id>{xml}</contact></result>"),
        (3, f'[{{"id": 7, {json}}}]'),
    ]


@pytest.mark.parametrize(("fmt", "body"), _bodies(WIRE_KEYS) + _bodies(REQUEST_KEYS))
def test_contact_keys_read_either_way(fmt: int, body: str) -> None:
    (contact,) = decode("contacts.list", body, fmt=fmt)
    assert contact == Contact(
        id="7",
        name="Anna P.",
        first_name="Anna",
        last_name="Petrova",
        middle_name="S.",
        birthday=dt.date(1990, 2, 1),
        phone_other="79990000009",
    )
    # The request's names are read-only aliases of the wire keys.
    assert (contact.fnm, contact.lnm, contact.mnm) == ("Anna", "Petrova", "S.")
    assert (contact.bd, contact.pho) == (dt.date(1990, 2, 1), "79990000009")


# -- senders.php and info.php error codes -------------------------------------------------

SENDERS_CODES = [
    (3, "senders.delete", SenderNotFoundError),
    (5, "senders.change", SaveFailedError),
    (7, "senders.send_code", InvalidPhoneError),
    (8, "senders.send_code", CodeUndeliverableError),
    (10, "senders.send_code", CodeAlreadySentError),
    (11, "senders.check_code", InvalidCodeError),
]


@pytest.mark.parametrize(("code", "operation", "cls"), SENDERS_CODES)
@pytest.mark.parametrize("fmt", [0, 1, 2, 3])
def test_senders_error_classes(code: int, operation: str, cls: type[APIError], fmt: int) -> None:
    body = dict(_error(code, "refused"))[fmt]
    with pytest.raises(cls) as info:
        decode(operation, body, fmt=fmt)
    assert info.value.code == code
    assert info.value.text == ("refused" if fmt != 1 else cls.default_text)
    if code == 8:  # parallels send.php's 8: one except catches both
        assert isinstance(info.value, UndeliverableError)


@pytest.mark.parametrize(("fmt", "body"), _error(3, "operator not found"))
def test_info_error_3_is_operator_not_found(fmt: int, body: str) -> None:
    with pytest.raises(OperatorNotFoundError):
        decode("operator_info", body, fmt=fmt, params={"phone": "79990000001"})


def test_the_same_code_on_send_php_keeps_its_meaning() -> None:
    with pytest.raises(APIError) as info:
        decode("send", '{"error": "no money", "error_code": 3}', fmt=3)
    assert not isinstance(info.value, NotFoundError)


# -- info.php: a list of numbers, one record each -----------------------------------------

MTS = OperatorInfo(
    country="Russia",
    operator="MTS",
    region="Moscow",
    mcc="250",
    mnc="01",
    tz=3,
    phone="79990000001",
)
KCELL = OperatorInfo(
    country="Kazakhstan",
    operator="Kcell",
    region="Almaty",
    mcc="401",
    mnc="02",
    tz=5,
    phone="77010000002",
)
LIST_PARAMS = {"phone": "77010000002,79990000001"}


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (
            0,
            "phone = 79990000001, country = Russia, operator = MTS, region = Moscow, mcc = 250,"
            " mnc = 01, tz = 3\nphone = 77010000002, country = Kazakhstan, operator = Kcell,"
            " region = Almaty, mcc = 401, mnc = 02, tz = 5",
        ),
        (1, "79990000001,Russia,MTS,Moscow,250,01,3\n77010000002,Kazakhstan,Kcell,Almaty,401,02,5"),
        (
            2,
            "<result><operator><phone>79990000001</phone><country>Russia</country>"
            "<operator>MTS</operator><region>Moscow</region><mcc>250</mcc><mnc>01</mnc>"
            "<tz>3</tz></operator><operator><phone>77010000002</phone><country>Kazakhstan"
            "</country><operator>Kcell</operator><region>Almaty</region><mcc>401</mcc>"
            "<mnc>02</mnc><tz>5</tz></operator></result>",
        ),
        (
            3,
            '[{"phone": "79990000001", "country": "Russia", "operator": "MTS", "region":'
            ' "Moscow", "mcc": "250", "mnc": "01", "tz": 3}, {"phone": "77010000002",'
            ' "country": "Kazakhstan", "operator": "Kcell", "region": "Almaty", "mcc": "401",'
            ' "mnc": "02", "tz": 5}]',
        ),
        (
            3,
            '{"79990000001": {"country": "Russia", "operator": "MTS", "region": "Moscow",'
            ' "mcc": "250", "mnc": "01", "tz": 3}, "77010000002": {"country": "Kazakhstan",'
            ' "operator": "Kcell", "region": "Almaty", "mcc": "401", "mnc": "02", "tz": 5}}',
        ),
    ],
)
def test_operator_info_for_a_list_in_request_order(fmt: int, body: str) -> None:
    infos = decode("operator_info", body, fmt=fmt, params=LIST_PARAMS)
    if fmt == 1:
        assert [info.extra.pop("fields")[0] for info in infos] == ["77010000002", "79990000001"]
    assert infos == [KCELL, MTS]


def test_operator_info_fmt1_other_column_order_is_kept() -> None:
    info = decode("operator_info", "MTS,Moscow,Russia,250,01,3", fmt=1, params={"phone": "7"})
    # Read country-first; the columns stay for the operator-first reading.
    assert (info.country, info.operator, info.region) == ("MTS", "Moscow", "Russia")
    assert info.extra["fields"] == ["MTS", "Moscow", "Russia", "250", "01", "3"]


# -- get.php history: sms_cnt is the parts count ------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "status = 1, int_id = 9, phone = 79990000001, sms_cnt = 2, message = Hi"),
        (
            2,
            "<result><sms><status>1</status><int_id>9</int_id><phone>79990000001</phone>"
            "<sms_cnt>2</sms_cnt><message>Hi</message></sms></result>",
        ),
        (
            3,
            '[{"status": 1, "int_id": 9, "phone": "79990000001", "sms_cnt": "2", "message": "Hi"}]',
        ),
    ],
)
def test_history_sms_cnt_is_the_parts_count(fmt: int, body: str) -> None:
    (row,) = decode("history", body, fmt=fmt)
    assert (row.int_id, row.cnt, row.message) == (9, 2, "Hi")
    assert "sms_cnt" not in row.extra


# -- "error_code": 0 beside a success is no error -----------------------------------------


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (3, '{"id": 33, "cnt": 1, "error_code": 0}'),
        (3, '{"id": 33, "cnt": 1, "error": "", "error_code": "0"}'),
        (2, "<result><id>33</id><cnt>1</cnt><error_code>0</error_code></result>"),
    ],
)
def test_error_code_zero_is_a_success(fmt: int, body: str) -> None:
    sent = decode("send", body, fmt=fmt, params={"id": "33"})
    assert (sent.id, sent.cnt) == ("33", 1)


def test_error_code_zero_with_an_error_text_is_still_an_error() -> None:
    with pytest.raises(APIError):
        decode("balance", '{"error": "something failed", "error_code": 0}', fmt=3)
