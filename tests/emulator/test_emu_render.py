"""Wire shapes produced by aiosmsc.testing.render, per fmt."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from text_strategies import matching

from aiosmsc.testing.render import (
    StatusRow,
    format_money,
    moscow_date,
    render_balance,
    render_cost,
    render_delete,
    render_error,
    render_send,
    render_status,
    render_status_many,
)

ROW = StatusRow(
    id="33",
    phone="79990000001",
    status=1,
    err=0,
    last_timestamp=1476794052,
    send_timestamp=1476794000,
    cost=Decimal("1.5"),
    sender="SMSC.RU",
    status_name="Delivered",
    message="Hi, there",
    comment="note",
    type=0,
    country="Russia",
    operator="MTS",
    region="Moscow",
)
HLR_ROW = dataclasses.replace(
    ROW,
    sender="HLR",
    type=4,
    imsi="250011234567890",
    msc="79160000001",
    mcc="250",
    mnc="01",
    cn="Russia",
    net="MTS",
    rcn="",
    rnet="",
)


def test_moscow_date_matches_documented_example() -> None:
    assert moscow_date(1476794052) == "18.10.2016 15:34:12"


@pytest.mark.parametrize(
    ("value", "text"),
    [("1.5", "1.50"), ("100", "100.00"), ("0.355", "0.355"), ("-2", "-2.00"), ("1E+2", "100.00")],
)
def test_format_money(value: str, text: str) -> None:
    assert format_money(Decimal(value)) == text


@pytest.mark.parametrize(
    ("fmt", "plain", "with_id"),
    [
        (0, "ERROR = 2 (authorise error)", "ERROR = 7 (invalid number), ID - 34"),
        (1, "0,-2", "34,-7"),
        (
            2,
            "<result><error>authorise error</error><error_code>2</error_code></result>",
            "<result><error>invalid number</error><error_code>7</error_code><id>34</id></result>",
        ),
        (
            3,
            '{"error": "authorise error", "error_code": 2}',
            '{"error": "invalid number", "error_code": 7, "id": 34}',
        ),
    ],
)
def test_render_error(fmt: int, plain: str, with_id: str) -> None:
    assert render_error(2, "authorise error", fmt) == plain
    assert render_error(7, "invalid number", fmt, "34") == with_id


def test_render_error_string_id_is_json_string() -> None:
    assert json.loads(render_error(3, "no money", 3, "order-1"))["id"] == "order-1"


@pytest.mark.parametrize(
    ("fmt", "plain", "costly"),
    [
        (0, "OK - 1 SMS, ID - 33", "OK - 2 SMS, ID - 33, COST - 3.00, BALANCE - 97.00"),
        (1, "33,1", "33,2,3.00,97.00"),
        (
            2,
            "<result><id>33</id><cnt>1</cnt></result>",
            "<result><id>33</id><cnt>2</cnt><cost>3.00</cost><balance>97.00</balance></result>",
        ),
        (3, '{"id": 33, "cnt": 1}', '{"id": 33, "cnt": 2, "cost": "3.00", "balance": "97.00"}'),
    ],
)
def test_render_send(fmt: int, plain: str, costly: str) -> None:
    assert render_send(id="33", cnt=1, fmt=fmt) == plain
    assert render_send(id="33", cnt=2, fmt=fmt, cost=Decimal(3), balance=Decimal(97)) == costly


def test_render_send_cost_only_and_string_id() -> None:
    assert render_send(id="a-1", cnt=1, fmt=1, cost=Decimal("1.5")) == "a-1,1,1.50"
    assert render_send(id="a-1", cnt=1, fmt=0, cost=Decimal("1.5")) == (
        "OK - 1 SMS, ID - a-1, COST - 1.50"
    )
    assert json.loads(render_send(id="a-1", cnt=1, fmt=3)) == {"id": "a-1", "cnt": 1}


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (0, "OK - 2 SMS, COST - 3.00"),
        (1, "3.00,2"),
        (2, "<result><cost>3.00</cost><cnt>2</cnt></result>"),
        (3, '{"cost": "3.00", "cnt": 2}'),
    ],
)
def test_render_cost(fmt: int, expected: str) -> None:
    assert render_cost(cost=Decimal(3), cnt=2, fmt=fmt) == expected


def test_render_status_fmt0() -> None:
    assert render_status(ROW, fmt=0, all=0) == (
        "Status = 1, check_time = 18.10.2016 15:34:12, err = 0"
    )
    assert render_status(ROW, fmt=0, all=1) == (
        "Status = 1, check_time = 18.10.2016 15:34:12, err = 0, send_date = 18.10.2016 15:33:20, "
        "phone = 79990000001, cost = 1.50, sender_id = SMSC.RU, status_name = Delivered, "
        "message = Hi, there, comment = note, type = 0"
    )
    assert render_status(ROW, fmt=0, all=2) == (
        "Status = 1, check_time = 18.10.2016 15:34:12, err = 0, country = Russia, "
        "operator = MTS, region = Moscow, send_date = 18.10.2016 15:33:20, "
        "phone = 79990000001, cost = 1.50, sender_id = SMSC.RU, status_name = Delivered, "
        "message = Hi, there, comment = note, type = 0"
    )


def test_render_status_fmt1() -> None:
    assert render_status(ROW, fmt=1, all=0) == "1,1476794052,0"
    # Ten fields for all=1, as in the reply recorded from the live service.
    assert render_status(ROW, fmt=1, all=1) == (
        "1,1476794052,0,1476794000,79990000001,1.50,SMSC.RU,Delivered,Hi, there,0"
    )
    assert render_status(ROW, fmt=1, all=2) == (
        "1,1476794052,0,Russia,MTS,Moscow,1476794000,79990000001,1.50,SMSC.RU,Delivered,Hi, there,0"
    )


def test_render_status_hlr_fields_follow_err() -> None:
    assert render_status(HLR_ROW, fmt=1, all=0) == (
        "1,1476794052,0,250011234567890,79160000001,250,01,Russia,MTS,,"
    )
    assert render_status(HLR_ROW, fmt=0, all=0) == (
        "Status = 1, check_time = 18.10.2016 15:34:12, err = 0, imsi = 250011234567890, "
        "msc = 79160000001, mcc = 250, mnc = 01, cn = Russia, net = MTS, rcn = , rnet = "
    )
    parsed = json.loads(render_status(HLR_ROW, fmt=3, all=1))
    assert parsed["mnc"] == "01"
    assert parsed["sender_id"] == "HLR"


def test_render_status_fmt2_and_fmt3() -> None:
    xml = render_status(ROW, fmt=2, all=0)
    assert xml == (
        "<sms><status>1</status><last_date>18.10.2016 15:34:12</last_date>"
        "<last_timestamp>1476794052</last_timestamp><flag>0</flag><err>0</err></sms>"
    )
    assert json.loads(render_status(ROW, fmt=3, all=0)) == {
        "status": 1,
        "last_date": "18.10.2016 15:34:12",
        "last_timestamp": 1476794052,
        "flag": 0,
        "err": 0,
    }
    full = json.loads(render_status(ROW, fmt=3, all=2))
    assert full["cost"] == "1.50"
    assert full["message"] == "Hi, there"
    assert [full[k] for k in ("country", "operator", "region")] == ["Russia", "MTS", "Moscow"]
    assert {child.tag for child in ET.fromstring(render_status(ROW, fmt=2, all=2))} == set(full)


def test_render_status_many() -> None:
    other = dataclasses.replace(ROW, id="x-2", phone="79990000002", status=-3)
    rows = [ROW, other]
    assert render_status_many(rows, fmt=1, all=0) == (
        "33,79990000001,1,1476794052,0\nx-2,79990000002,-3,1476794052,0"
    )
    assert render_status_many(rows, fmt=1, all=1).splitlines()[0] == (
        "33,1,1476794052,0,1476794000,79990000001,1.50,SMSC.RU,Delivered,Hi, there,0"
    )
    assert render_status_many(rows, fmt=0, all=0).splitlines() == [
        "Status = 1, check_time = 18.10.2016 15:34:12, err = 0, id = 33, phone = 79990000001",
        "Status = -3, check_time = 18.10.2016 15:34:12, err = 0, id = x-2, phone = 79990000002",
    ]
    assert render_status_many(rows, fmt=0, all=1).splitlines()[1].endswith("type = 0, id = x-2")
    parsed = json.loads(render_status_many(rows, fmt=3, all=0))
    assert [(item["id"], item["phone"], item["status"]) for item in parsed] == [
        (33, "79990000001", 1),
        ("x-2", "79990000002", -3),
    ]
    root = ET.fromstring(render_status_many(rows, fmt=2, all=1))
    assert root.tag == "result"
    assert [sms.findtext("id") for sms in root] == ["33", "x-2"]
    assert [sms.findtext("phone") for sms in root] == ["79990000001", "79990000002"]


@pytest.mark.parametrize(
    ("fmt", "plain", "with_currency"),
    [
        (0, "250.80", "250.80,0.00,RUR"),
        (1, "250.80", "250.80,0.00,RUR"),
        (
            2,
            "<result><balance>250.80</balance></result>",
            "<result><balance>250.80</balance><currency>RUR</currency></result>",
        ),
        (3, '{"balance": "250.80"}', '{"balance": "250.80", "currency": "RUR"}'),
    ],
)
def test_render_balance(fmt: int, plain: str, with_currency: str) -> None:
    balance = Decimal("250.8")
    assert render_balance(balance=balance, fmt=fmt) == plain
    assert render_balance(balance=balance, fmt=fmt, currency="RUR", credit=Decimal(0)) == (
        with_currency
    )


def test_render_balance_with_credit() -> None:
    def render(fmt: int) -> str:
        return render_balance(balance=Decimal("-5"), fmt=fmt, currency="RUR", credit=Decimal("50"))

    assert render(1) == "-5.00,50.00,RUR"
    assert json.loads(render(3)) == {"balance": "-5.00", "credit": "50.00", "currency": "RUR"}
    assert "<credit>50.00</credit>" in render(2)


def test_render_delete() -> None:
    assert [render_delete(fmt=fmt) for fmt in range(4)] == [
        "OK",
        "1",
        "<result><result>OK</result></result>",
        '{"result": "OK"}',
    ]


def test_bad_fmt_and_all_are_rejected() -> None:
    with pytest.raises(ValueError, match="fmt"):
        render_error(1, "x", 4)
    with pytest.raises(ValueError, match="all"):
        render_status(ROW, fmt=0, all=3)


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=40,
)
rows = st.builds(
    StatusRow,
    id=st.one_of(
        st.integers(1, 2_147_483_647).map(str),
        matching(r"[a-z][a-z0-9._-]{0,9}"),
    ),
    phone=matching(r"[1-9][0-9]{9,14}"),
    status=st.sampled_from([-3, -1, 0, 1, 3, 20]),
    err=st.integers(0, 255),
    last_timestamp=st.integers(0, 2**31),
    send_timestamp=st.integers(0, 2**31),
    cost=st.decimals(min_value=0, max_value=10_000, places=2),
    sender=xml_text,
    status_name=xml_text,
    message=xml_text,
    comment=xml_text,
    type=st.integers(0, 12),
    country=xml_text,
    operator=xml_text,
    region=xml_text,
)


@given(row=rows, all=st.sampled_from([0, 1, 2]))
def test_json_and_xml_carry_the_same_fields(row: StatusRow, all: int) -> None:
    obj = json.loads(render_status(row, fmt=3, all=all))
    element = ET.fromstring(render_status(row, fmt=2, all=all))
    assert [child.tag for child in element] == list(obj)
    assert {child.tag: child.text or "" for child in element} == {k: str(v) for k, v in obj.items()}
    assert obj["status"] == row.status
    if all >= 1:
        assert obj["message"] == row.message
        assert Decimal(obj["cost"]) == row.cost


# Fewer examples than the default 100: each draws up to five rows, and the fields of one
# row are the property above's job; this one is about several rows in one reply.
@settings(max_examples=40, deadline=None)
@given(rows=st.lists(rows, min_size=1, max_size=5), all=st.sampled_from([0, 1, 2]))
def test_multi_reply_has_one_entry_per_row(rows: list[StatusRow], all: int) -> None:
    parsed = json.loads(render_status_many(rows, fmt=3, all=all))
    assert [str(item["id"]) for item in parsed] == [row.id for row in rows]
    assert [item["phone"] for item in parsed] == [row.phone for row in rows]
    assert len(ET.fromstring(render_status_many(rows, fmt=2, all=all))) == len(rows)
    if all == 0:
        lines = render_status_many(rows, fmt=1, all=0).split("\n")
        assert [line.split(",")[:3] for line in lines] == [
            [row.id, row.phone, str(row.status)] for row in rows
        ]
