"""Replies of the channel operations: the voice code, per-number lists (op=1/err=1) in
every plausible shape, and the channel operation names of ``aiosmsc.decode``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from text_strategies import matching

from aiosmsc import (
    CostResult,
    DecodeError,
    InvalidPhoneError,
    PhoneResult,
    SendResult,
    decode,
)
from aiosmsc.models.send import VoiceCodeResult
from aiosmsc.testing.render import PhoneRow, render_cost, render_send

FMTS = (0, 1, 2, 3)
OP = {"op": "1"}
ERR = {"err": 1}

# -- the voice code -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "body", "params"),
    [
        (0, "OK - 1 SMS, ID - 9, CODE - 0482", {}),
        (0, "OK - 1 SMS, ID - 9, COST - 2.00, BALANCE - 10.00, CODE - 0482", {"cost": 3}),
        (0, "OK - 1 SMS, CODE - 0482, ID - 9", {}),
        (1, "9,1,0482", {}),
        (1, "9,1,2.00,0482", {"cost": "2"}),
        (1, "9,1,2.00,10.00,0482", {"cost": 3}),
        (2, "<result><id>9</id><cnt>1</cnt><code>0482</code></result>", {}),
        (2, '<result id="9" cnt="1" code="0482"/>', {}),
        (3, '{"id": 9, "cnt": 1, "code": "0482"}', {}),
        (3, '{"id": "9", "cnt": "1", "code": 482}', {}),
    ],
)
def test_voice_code_in_every_fmt(fmt: int, body: str, params: dict[str, Any]) -> None:
    result = decode("voice_code", body, fmt=fmt, params=params)
    assert isinstance(result, VoiceCodeResult)
    assert (result.id, result.cnt, result.code) == ("9", 1, "0482")
    via_send = decode("send", body, fmt=fmt, params={**params, "call": "1", "mes": "code"})
    assert via_send.code == "0482"


def test_voice_code_cost_fields_are_not_taken_for_the_code() -> None:
    result = decode("voice_code", "9,1,2.00,10.00,0482", fmt=1, params={"cost": 3})
    assert (result.cost, result.balance) == (Decimal("2.00"), Decimal("10.00"))


def test_voice_code_via_prefix_is_recognised() -> None:
    result = decode("send", "9,1,7310", fmt=1, params={"mes": "__CALL__code"})
    assert result.code == "7310"
    assert result.cost is None


def test_a_plain_send_reply_has_no_code() -> None:
    # Without call=1 & mes=code, a third field is the cost, not a code.
    assert decode("send", "9,1,7310", fmt=1).code is None


@pytest.mark.parametrize(
    ("fmt", "body"), [(3, '{"id": 9, "cnt": 1}'), (1, "9,1"), (0, "OK - 1 SMS, ID - 9")]
)
def test_voice_code_reply_without_a_code_is_a_decode_error(fmt: int, body: str) -> None:
    with pytest.raises(DecodeError, match="no code"):
        decode("voice_code", body, fmt=fmt)


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "ERROR = 7 (invalid number), ID - 9"),
        (1, "9,-7"),
        (2, "<result><error>invalid number</error><error_code>7</error_code><id>9</id></result>"),
        (3, '{"error": "invalid number", "error_code": 7, "id": 9}'),
    ],
)
@pytest.mark.parametrize("operation", ["voice_code", "hlr", "send_mms", "call", "send_viber"])
def test_error_envelopes_of_channel_operations(operation: str, fmt: int, body: str) -> None:
    with pytest.raises(InvalidPhoneError) as caught:
        decode(operation, body, fmt=fmt, params={"mes": "code", "call": "1"})
    assert (caught.value.code, caught.value.id, caught.value.operation) == (7, "9", operation)


@pytest.mark.parametrize(
    "operation", ["hlr", "ping", "send_mms", "send_mail", "call", "send_viber", "send_telegram"]
)
def test_channel_operations_decode_like_send(operation: str) -> None:
    body = '{"id": 5, "cnt": "2", "cost": "3.00"}'
    result = decode(operation, body, fmt=3, params={"cost": 2})
    assert result == SendResult(id="5", cnt=2, cost=Decimal("3.00"))


# -- per-number lists: JSON ------------------------------------------------------------

ROWS = (
    PhoneResult(phone="79990000001", mccmnc="25001", cost=Decimal("1.50"), status=0),
    PhoneResult(phone="123", status=7, error="invalid number"),
)


def test_json_list_of_objects_with_numbers_as_strings() -> None:
    body = (
        '{"id": "5", "cnt": "1", "phones": ['
        '{"phone": "79990000001", "mccmnc": "25001", "cost": "1.50", "status": "0"},'
        '{"phone": 123, "status": 7, "error": "invalid number"}]}'
    )
    assert decode("send", body, fmt=3, params=OP).phones == ROWS


def test_json_mapping_keyed_by_number() -> None:
    body = '{"id": 5, "cnt": 1, "phones": {"79990000001": {"cost": "1.5"}, "123": {"err": 7}}}'
    phones = decode("send", body, fmt=3, params=OP).phones
    assert phones == (
        PhoneResult(phone="79990000001", cost=Decimal("1.5")),
        PhoneResult(phone="123", err=7),
    )
    assert phones[1].failed and not phones[0].failed


@pytest.mark.parametrize(
    "value", ['["123", "456"]', '"123,456"', '[{"number": "123"}, {"number": "456"}]']
)
def test_json_failed_numbers_as_plain_values(value: str) -> None:
    body = f'{{"id": 5, "cnt": 1, "phones": {value}}}'
    phones = decode("send", body, fmt=3, params=ERR).phones
    assert phones == (PhoneResult(phone="123"), PhoneResult(phone="456"))


def test_unknown_keys_of_a_number_are_kept() -> None:
    body = '{"id": 5, "cnt": 1, "phones": [{"phone": "7999", "region": "Moscow", "x": [1]}]}'
    (row,) = decode("send", body, fmt=3, params=OP).phones
    assert row.extra == {"region": "Moscow", "x": [1]}


def test_empty_list_when_asked_missing_list_when_not() -> None:
    assert decode("send", '{"id": 5, "cnt": 1}', fmt=3, params=ERR).phones == ()
    assert decode("send", '{"id": 5, "cnt": 1, "phones": []}', fmt=3).phones == ()
    assert decode("send", '{"id": 5, "cnt": 1}', fmt=3).phones is None


# -- per-number lists: XML ---------------------------------------------------------------


@pytest.mark.parametrize(
    "inner",
    [
        # child elements, wrapped
        "<phones><phone><phone>79990000001</phone><mccmnc>25001</mccmnc><cost>1.50</cost>"
        "<status>0</status></phone><phone><phone>123</phone><status>7</status>"
        "<error>invalid number</error></phone></phones>",
        # attributes, wrapped
        '<phones><phone phone="79990000001" mccmnc="25001" cost="1.50" status="0"/>'
        '<phone number="123" status="7" error="invalid number"/></phones>',
        # repeated <phone> elements in the root, children named like JSON keys
        "<phone><number>79990000001</number><mccmnc>25001</mccmnc><cost>1.50</cost>"
        "<status>0</status></phone><phone><number>123</number><status>7</status>"
        "<error>invalid number</error></phone>",
    ],
)
def test_xml_shapes(inner: str) -> None:
    body = f"<result><id>5</id><cnt>1</cnt>{inner}</result>"
    result = decode("send", body, fmt=2, params=OP)
    assert result.phones == ROWS
    assert result.extra == {}


def test_xml_plain_numbers_and_a_single_number() -> None:
    many = (
        "<result><id>5</id><cnt>1</cnt><phones><phone>1</phone><phone>2</phone></phones></result>"
    )
    assert [p.phone for p in decode("send", many, fmt=2, params=ERR).phones] == ["1", "2"]
    one = "<result><id>5</id><cnt>1</cnt><phones><phone>123</phone></phones></result>"
    assert decode("send", one, fmt=2, params=ERR).phones == (PhoneResult(phone="123"),)
    empty = "<result><id>5</id><cnt>1</cnt><phones></phones></result>"
    assert decode("send", empty, fmt=2, params=ERR).phones == ()


# -- per-number lists: fmt 0 and 1 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (
            0,
            "OK - 1 SMS, ID - 5\n"
            "phone = 79990000001, mccmnc = 25001, cost = 1.50, status = 0\n"
            "phone = 123, status = 7, error = invalid number",
        ),
        (0, "OK - 1 SMS, ID - 5\n79990000001 - 25001, 1.50, 0\n123 - 7, invalid number"),
        (1, "5,1\n79990000001,25001,1.50,0\n123,,,7,invalid number"),
        (1, "5,1\r\n79990000001,25001,1.50,0\r\n123,7,invalid number\r\n"),
    ],
)
def test_text_lines_after_the_first(fmt: int, body: str) -> None:
    result = decode("send", body, fmt=fmt, params=OP)
    assert (result.id, result.cnt, result.phones) == ("5", 1, ROWS)
    assert result.extra == {}


def test_fmt1_line_values_found_by_their_look() -> None:
    body = "5,1\n79990000001,1.50\n79990000002,25001\n123,-7\n456,8,cannot deliver, try later"
    phones = decode("send", body, fmt=1, params=OP).phones
    assert [(p.phone, p.mccmnc, p.cost, p.status, p.error) for p in phones] == [
        ("79990000001", None, Decimal("1.50"), None, None),
        ("79990000002", "25001", None, None, None),
        ("123", None, None, -7, None),
        ("456", None, None, 8, "cannot deliver, try later"),
    ]


def test_fmt0_phone_and_cost_line() -> None:
    result = decode("send", "OK - 1 SMS, ID - 5\n79991112233 - 1.5", fmt=0, params=OP)
    assert result.phones == (PhoneResult(phone="79991112233", cost=Decimal("1.5")),)


def test_lines_that_are_not_numbers_are_kept() -> None:
    body = "OK - 1 SMS, ID - 5\n79990000001 - 1.50\nsee you later"
    result = decode("send", body, fmt=0, params=OP)
    assert result.phones == (PhoneResult(phone="79990000001", cost=Decimal("1.50")),)
    assert result.extra == {"lines": ["see you later"]}


def test_lines_are_kept_raw_when_no_list_was_asked_for() -> None:
    result = decode("send", "5,1\n79990000001,25001,1.50,0", fmt=1)
    assert result.phones is None
    assert result.extra == {"lines": ["79990000001,25001,1.50,0"]}


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK - 2 SMS, COST - 3.00\nphone = 79990000001, cost = 1.50, status = 0"),
        (1, "3.00,2\n79990000001,,1.50,0"),
        (
            2,
            "<result><cost>3.00</cost><cnt>2</cnt><phones><phone><phone>79990000001</phone>"
            "<cost>1.50</cost><status>0</status></phone></phones></result>",
        ),
        (
            3,
            '{"cost": "3.00", "cnt": 2, "phones": [{"phone": "79990000001", "cost": "1.50",'
            ' "status": 0}]}',
        ),
    ],
)
def test_cost_with_per_number_details(fmt: int, body: str) -> None:
    assert decode("cost", body, fmt=fmt, params=OP) == CostResult(
        cost=Decimal("3.00"),
        cnt=2,
        phones=(PhoneResult(phone="79990000001", cost=Decimal("1.50"), status=0),),
    )


# -- the four fmts of one logical reply, as the emulator renders them -------------------

phones = matching(r"7\d{10}")
rows = st.one_of(
    st.builds(
        PhoneRow,
        phone=phones,
        mccmnc=matching(r"\d{5}"),
        cost=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False),
        status=st.just(0),
    ),
    st.builds(
        PhoneRow,
        phone=matching(r"[0-9a-z+]{1,12}"),
        status=st.sampled_from([7, 8]),
        error=st.sampled_from(["invalid number", "cannot deliver, try later", "blocked"]),
    ),
)
codes = st.one_of(st.none(), matching(r"\d{4}"))


@settings(max_examples=80, deadline=None)
@given(
    id=st.integers(min_value=1, max_value=2**31 - 1).map(str),
    cnt=st.integers(min_value=0, max_value=50),
    cost_mode=st.sampled_from([0, 2, 3]),
    code=codes,
    listed=st.lists(rows, max_size=4),
)
def test_send_reply_decodes_equally_in_every_fmt(
    id: str, cnt: int, cost_mode: int, code: str | None, listed: list[PhoneRow]
) -> None:
    money = Decimal("1.50")
    params: dict[str, Any] = {"op": 1, "cost": cost_mode}
    if code is not None:
        params.update(call=1, mes="code")
    results = [
        decode(
            "send",
            render_send(
                id=id,
                cnt=cnt,
                fmt=fmt,
                cost=money if cost_mode >= 2 else None,
                balance=money if cost_mode == 3 else None,
                code=code,
                phones=listed,
            ),
            fmt=fmt,
            params=params,
        )
        for fmt in FMTS
    ]
    assert all(result == results[0] for result in results), results
    first = results[0]
    assert (first.id, first.cnt, first.code) == (id, cnt, code)
    assert first.phones is not None
    assert [row.phone for row in first.phones] == [row.phone for row in listed]
    assert [row.failed for row in first.phones] == [row.error is not None for row in listed]


@settings(max_examples=40, deadline=None)
@given(cnt=st.integers(min_value=0, max_value=50), listed=st.lists(rows, max_size=3))
def test_cost_reply_decodes_equally_in_every_fmt(cnt: int, listed: list[PhoneRow]) -> None:
    results = [
        decode(
            "cost",
            render_cost(cost=Decimal("4.50"), cnt=cnt, fmt=fmt, phones=listed),
            fmt=fmt,
            params=OP,
        )
        for fmt in FMTS
    ]
    assert all(result == results[0] for result in results), results
    assert results[0].phones is not None and len(results[0].phones) == len(listed)
