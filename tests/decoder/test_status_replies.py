"""status/balance/delete replies in every fmt."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aiosmsc import Balance, DeliveryErrorCode, MessageStatus, StatusReport, decode
from aiosmsc.models import MOSCOW

STAMP = 1286524541  # 08.10.2010 10:55:41 Moscow time
WHEN = dt.datetime.fromtimestamp(STAMP, dt.timezone.utc)
SINGLE = {"phone": "79991112233", "id": "5"}


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "Status = 1, check_time = 08.10.2010 10:55:41, err = 0"),
        (1, f"1,{STAMP},0"),
        (
            2,
            f"<sms><status>1</status><last_date>08.10.2010 10:55:41</last_date>"
            f"<last_timestamp>{STAMP}</last_timestamp><flag>0</flag><err>0</err></sms>",
        ),
        (
            3,
            f'{{"status": 1, "last_date": "08.10.2010 10:55:41", "last_timestamp": {STAMP},'
            ' "flag": 0, "err": 0}',
        ),
        (
            3,
            f'{{"status": "1", "last_date": "08.10.2010 10:55:41", "last_timestamp": "{STAMP}",'
            ' "flag": "0", "err": "0"}',
        ),
    ],
)
def test_single_status_every_fmt(fmt: int, body: str) -> None:
    report = decode("status", body, fmt=fmt, params=SINGLE)
    assert isinstance(report, StatusReport)
    assert report.status is MessageStatus.DELIVERED
    assert report.err is DeliveryErrorCode.NONE
    assert report.last_timestamp == WHEN
    assert report.last_date == WHEN
    assert report.last_date is not None and report.last_date.utcoffset() == dt.timedelta(hours=3)
    assert (report.id, report.phone) == ("5", "79991112233")
    assert report.is_final and report.is_delivered


def test_recorded_status_without_flag_and_err() -> None:
    body = f'{{"status": 0, "last_date": "08.10.2010 10:55:41", "last_timestamp": {STAMP}}}'
    report = decode("status", body, fmt=3)
    assert report.status is MessageStatus.TRANSFERRED
    assert report.err is None and report.flag is None
    assert not report.is_final


def test_old_two_field_fmt1_status() -> None:
    report = decode("status", f"1,{STAMP}", fmt=1)
    assert report.status is MessageStatus.DELIVERED and report.err is None


def test_unknown_status_and_err_codes_stay_ints() -> None:
    report = decode("status", '{"status": 77, "err": 199, "last_timestamp": 0}', fmt=3)
    assert report.status == 77 and type(report.status) is int
    assert report.err == 199 and type(report.err) is int
    assert report.is_final  # an unknown code is not polled forever


FULL_FIELDS = {
    "status": "1",
    "last_timestamp": str(STAMP),
    "err": "0",
    "send_timestamp": str(STAMP - 60),
    "phone": "79991112233",
    "cost": "1.50",
    "sender_id": "SMSC.RU",
    "status_name": "Доставлено",
    "message": "Hello, world, again",
    "comment": "order 17",
    "type": "0",
}


def _full(fmt: int, all_: int = 1) -> str:
    f = FULL_FIELDS
    geo = ["Россия", "МТС", "Москва"] if all_ == 2 else []
    if fmt == 0:
        geo_text = f", country = {geo[0]}, operator = {geo[1]}, region = {geo[2]}" if geo else ""
        return (
            f"Status = 1, check_time = 08.10.2010 10:55:41, err = 0{geo_text},"
            " send_date = 08.10.2010 10:54:41, phone = 79991112233, cost = 1.50,"
            " sender_id = SMSC.RU, status_name = Доставлено, message = Hello, world, again,"
            " comment = order 17, type = 0"
        )
    if fmt == 1:
        return ",".join(
            [
                f["status"],
                f["last_timestamp"],
                f["err"],
                *geo,
                f["send_timestamp"],
                f["phone"],
                f["cost"],
                f["sender_id"],
                f["status_name"],
                f["message"],
                f["type"],  # the recorded shape: one field after the message, no comment
            ]
        )
    if fmt == 2:
        geo_xml = (
            f"<country>{geo[0]}</country><operator>{geo[1]}</operator><region>{geo[2]}</region>"
            if geo
            else ""
        )
        return (
            "<sms><status>1</status><last_date>08.10.2010 10:55:41</last_date>"
            f"<last_timestamp>{STAMP}</last_timestamp><flag>0</flag><err>0</err>"
            f"<send_date>08.10.2010 10:54:41</send_date><send_timestamp>{STAMP - 60}"
            "</send_timestamp><phone>79991112233</phone><cost>1.50</cost>"
            "<sender_id>SMSC.RU</sender_id><status_name>Доставлено</status_name>"
            "<message>Hello, world, again</message><comment>order 17</comment>"
            f"<type>0</type>{geo_xml}</sms>"
        )
    geo_json = (
        f', "country": "{geo[0]}", "operator": "{geo[1]}", "region": "{geo[2]}"' if geo else ""
    )
    return (
        f'{{"status": 1, "last_date": "08.10.2010 10:55:41", "last_timestamp": {STAMP},'
        f' "flag": 0, "err": 0, "send_date": "08.10.2010 10:54:41", "send_timestamp":'
        f' {STAMP - 60}, "phone": "79991112233", "cost": "1.50", "sender_id": "SMSC.RU",'
        ' "status_name": "Доставлено", "message": "Hello, world, again", "comment":'
        f' "order 17", "type": 0{geo_json}}}'
    )


@pytest.mark.parametrize("all_", [1, 2])
@pytest.mark.parametrize("fmt", [0, 1, 2, 3])
def test_full_status_every_fmt_with_commas_in_message(fmt: int, all_: int) -> None:
    report = decode("status", _full(fmt, all_), fmt=fmt, params={**SINGLE, "all": all_})
    assert report.message == "Hello, world, again"
    assert report.cost == Decimal("1.50")
    assert report.sender_id == "SMSC.RU"
    assert report.status_name == "Доставлено"
    assert report.comment == (None if fmt == 1 else "order 17")
    assert report.type == 0
    assert report.type == 0
    assert report.send_timestamp == WHEN - dt.timedelta(seconds=60)
    assert report.send_date == report.send_timestamp
    if all_ == 2:
        assert (report.country, report.operator, report.region) == ("Россия", "МТС", "Москва")
    else:
        assert report.country is None


def test_full_status_fmt1_from_an_older_server_without_comment_and_type() -> None:
    line = f"1,{STAMP},0,{STAMP - 60},79991112233,1.50,SMSC.RU,Delivered,Hi, there"
    report = decode("status", line, fmt=1, params={**SINGLE, "all": 1})
    assert report.message == "Hi, there"
    assert report.comment is None and report.type is None


def test_hlr_status_fmt1_and_json() -> None:
    hlr = ["250011234567890", "79160000000", "250", "01", "Россия", "МТС", "", ""]
    line = ",".join(["1", str(STAMP), "0", *hlr])
    report = decode("status", line, fmt=1, params=SINGLE)
    assert (report.imsi, report.mcc, report.mnc, report.cn, report.net) == (
        "250011234567890",
        "250",
        "01",
        "Россия",
        "МТС",
    )
    assert report.rcn is None and report.rnet is None
    full = ",".join(
        ["1", str(STAMP), "0", *hlr, str(STAMP), "79991112233", "0.10", "HLR", "ok", ""]
    )
    report = decode("status", full, fmt=1, params={**SINGLE, "all": 1})
    assert report.sender_id == "HLR" and report.imsi == "250011234567890"
    body = (
        '{"status": 1, "last_timestamp": 1286524541, "err": 0, "imsi": "250011234567890",'
        ' "msc": "79160000000", "mcc": 250, "mnc": "01", "cn": "Россия", "net": "МТС"}'
    )
    assert decode("status", body, fmt=3).mcc == "250"


PAIRS = {"phone": "79990000001,79990000002,79990000003", "id": "11,12,13"}


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        # rows out of order and carrying their id and phone
        (1, f"13,79990000003,0,{STAMP},0\n11,79990000001,1,{STAMP},0\n12,79990000002,3,{STAMP},6"),
        (1, f"1,{STAMP},0,11,79990000001\n3,{STAMP},6,12,79990000002\n0,{STAMP},0,13,79990000003"),
        (
            3,
            f'[{{"id": "12", "phone": "79990000002", "status": 3, "err": 6, "last_timestamp": {STAMP}}},'
            f' {{"id": 11, "phone": "+79990000001", "status": 1, "err": 0, "last_timestamp": {STAMP}}},'
            f' {{"id": 13, "phone": "79990000003", "status": 0, "err": 0, "last_timestamp": {STAMP}}}]',
        ),
        (
            2,
            "<result>"
            f"<sms><id>11</id><phone>79990000001</phone><status>1</status><err>0</err><last_timestamp>{STAMP}</last_timestamp></sms>"
            f"<sms><id>12</id><phone>79990000002</phone><status>3</status><err>6</err><last_timestamp>{STAMP}</last_timestamp></sms>"
            f"<sms><id>13</id><phone>79990000003</phone><status>0</status><err>0</err><last_timestamp>{STAMP}</last_timestamp></sms>"
            "</result>",
        ),
        (
            0,
            "Status = 0, check_time = 08.10.2010 10:55:41, err = 0, id = 13, phone = 79990000003\n"
            "Status = 1, check_time = 08.10.2010 10:55:41, err = 0, id = 11, phone = 79990000001\n"
            "Status = 3, check_time = 08.10.2010 10:55:41, err = 6, id = 12, phone = 79990000002",
        ),
    ],
)
def test_multi_status_results_in_request_order(fmt: int, body: str) -> None:
    reports = decode("status", body, fmt=fmt, params=PAIRS)
    assert [r.id for r in reports] == ["11", "12", "13"]
    assert [r.status for r in reports] == [
        MessageStatus.DELIVERED,
        MessageStatus.EXPIRED,
        MessageStatus.TRANSFERRED,
    ]
    assert reports[1].err is DeliveryErrorCode.OFFLINE
    assert all(r.last_timestamp == WHEN for r in reports)


def test_multi_status_with_full_info_and_commas() -> None:
    params = {"phone": "79990000001,79990000002", "id": "11,12", "all": 1}
    body = (
        f"11,1,{STAMP},0,{STAMP},79990000001,1.50,SMSC,Delivered,a, b, c,0\n"
        f"12,1,{STAMP},0,{STAMP},79990000002,1.50,SMSC,Delivered,plain,8"
    )
    first, second = decode("status", body, fmt=1, params=params)
    assert (first.id, first.message, first.type) == ("11", "a, b, c", 0)
    assert (second.id, second.message, second.type) == ("12", "plain", 8)


def test_multi_status_single_pair_with_trailing_comma() -> None:
    reports = decode(
        "status",
        f'[{{"status": 1, "last_timestamp": {STAMP}}}]',
        fmt=3,
        params={"phone": "79990000001,", "id": "11,"},
    )
    assert len(reports) == 1 and reports[0].id == "11" and reports[0].phone == "79990000001"


def test_multi_status_rows_without_ids_are_matched_by_position() -> None:
    body = f"1,{STAMP},0\n3,{STAMP},6"
    reports = decode("status", body, fmt=1, params={"phone": "1111111111,2222222222", "id": "1,2"})
    assert [(r.id, r.status) for r in reports] == [("1", 1), ("2", 3)]


def test_multi_status_missing_message_is_reported_not_found() -> None:
    body = f'[{{"id": 11, "phone": "79990000001", "status": 1, "last_timestamp": {STAMP}}}]'
    reports = decode(
        "status", body, fmt=3, params={"phone": "79990000001,79990000002", "id": "11,12"}
    )
    assert reports[1].status is MessageStatus.NOT_FOUND
    assert reports[1].extra == {"missing_from_reply": True}
    assert not reports[1].is_found


@pytest.mark.parametrize(
    ("fmt", "body", "expected"),
    [
        (0, "250.80", Balance(Decimal("250.80"))),
        (1, "250.80\n", Balance(Decimal("250.80"))),
        (2, "<balance>250.80</balance>", Balance(Decimal("250.80"))),
        (2, "<result><balance>250.80</balance></result>", Balance(Decimal("250.80"))),
        (3, '{"balance": "1871.62"}', Balance(Decimal("1871.62"))),
        (3, '{"balance": 1871.62}', Balance(Decimal("1871.62"))),
        (1, "250.80,RUR", Balance(Decimal("250.80"), currency="RUR")),
        (1, "250.80", Balance(Decimal("250.80"))),
        (1, "250.80,100.00,RUR", Balance(Decimal("250.80"), Decimal("100.00"), "RUR")),
        (0, "250.80, 100.00, RUR", Balance(Decimal("250.80"), Decimal("100.00"), "RUR")),
        (
            2,
            "<result><balance>250.80</balance><credit>100</credit><currency>RUR</currency></result>",
            Balance(Decimal("250.80"), Decimal("100"), "RUR"),
        ),
        (3, '{"balance": "-5.10", "currency": "KZT"}', Balance(Decimal("-5.10"), currency="KZT")),
    ],
)
def test_balance_every_fmt(fmt: int, body: str, expected: Balance) -> None:
    assert decode("balance", body, fmt=fmt) == expected


@pytest.mark.parametrize(
    ("fmt", "body"), [(0, "OK"), (1, "1"), (2, "<result>OK</result>"), (3, '{"result": "OK"}')]
)
def test_delete_success_every_fmt(fmt: int, body: str) -> None:
    assert decode("delete", body, fmt=fmt, params={"phone": "7999", "id": "1", "del": 1}) is None


def test_moscow_dates_are_aware() -> None:
    report = decode("status", '{"status": 1, "last_date": "01.02.2024 00:30:00"}', fmt=3)
    assert report.last_date == dt.datetime(2024, 2, 1, 0, 30, tzinfo=MOSCOW)
    assert report.last_timestamp == dt.datetime(2024, 1, 31, 21, 30, tzinfo=dt.timezone.utc)


def test_balance_with_currency_and_no_credit_means_zero_credit() -> None:
    result = decode("balance", '{"balance": "10.00", "currency": "RUR"}', fmt=3, params={"cur": 1})
    assert result == Balance(Decimal("10.00"), Decimal("0"), "RUR")
    assert decode("balance", '{"balance": "10.00"}', fmt=3).credit is None


def test_trailing_empty_fields_are_ignored() -> None:
    assert decode("status", f"1,{STAMP},0,", fmt=1).status is MessageStatus.DELIVERED
    assert decode("balance", "250.80,,", fmt=1).balance == Decimal("250.80")


def test_multi_status_rows_keyed_by_id() -> None:
    body = f'{{"12": {{"status": 3, "last_timestamp": {STAMP}}}, "11": {{"status": 1, "last_timestamp": {STAMP}}}}}'
    reports = decode(
        "status", body, fmt=3, params={"phone": "79990000001,79990000002", "id": "11,12"}
    )
    assert [(r.id, int(r.status)) for r in reports] == [("11", 1), ("12", 3)]


def test_xml_attributes_are_read() -> None:
    body = f'<result><sms id="11" status="1" last_timestamp="{STAMP}"/><sms id="12" status="3" err="6"/></result>'
    first, second = decode(
        "status", body, fmt=2, params={"phone": "1111111111,2222222222", "id": "11,12"}
    )
    assert first.status is MessageStatus.DELIVERED and second.err is DeliveryErrorCode.OFFLINE


def test_a_positional_line_whose_id_starts_with_ok_is_not_an_ok_reply() -> None:
    reports = decode(
        "status",
        f"OK,79990000001,1,{STAMP},0\nOKAY-2,79990000002,3,{STAMP},6",
        fmt=1,
        params={"phone": "79990000001,79990000002", "id": "OK,OKAY-2"},
    )
    assert [(r.id, int(r.status)) for r in reports] == [("OK", 1), ("OKAY-2", 3)]
    assert decode("send", "OK7,1", fmt=1).id == "OK7"
    assert decode("send", "OK - 1 SMS, ID - 7", fmt=0).id == "7"
    assert decode("delete", "OK", fmt=0) is None
