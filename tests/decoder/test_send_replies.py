"""send/cost replies in every fmt, with the variations real servers produce."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aiosmsc import CostResult, SendResult, decode


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK - 2 SMS, ID - 1234"),
        (0, "OK - 2 SMS, ID - 1234\n"),
        (1, "1234,2"),
        (1, "1234,2\r\n"),
        (2, "<result><id>1234</id><cnt>2</cnt></result>"),
        (
            2,
            '<?xml version="1.0" encoding="utf-8"?>\n<result>\n <id>1234</id>\n <cnt>2</cnt>\n</result>\n',
        ),
        (3, '{"id": 1234, "cnt": 2}'),
        (3, '{"id":"1234","cnt":"2"}'),
        (3, '{\n    "id": 1234,\n    "cnt": 2\n}\n'),
    ],
)
def test_send_success_every_fmt(fmt: int, body: str) -> None:
    assert decode("send", body, fmt=fmt) == SendResult(id="1234", cnt=2)


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK - 1 SMS, ID - 77, COST - 1.40, BALANCE - 100.50"),
        (1, "77,1,1.40,100.50"),
        (2, "<result><id>77</id><cnt>1</cnt><cost>1.40</cost><balance>100.50</balance></result>"),
        (3, '{"id": 77, "cnt": 1, "cost": "1.40", "balance": "100.50"}'),
        (3, '{"id": 77, "cnt": 1, "cost": 1.4, "balance": 100.5}'),
    ],
)
def test_send_with_cost_and_balance(fmt: int, body: str) -> None:
    result = decode("send", body, fmt=fmt, params={"cost": 3})
    assert result.cost == Decimal("1.40")
    assert result.balance == Decimal("100.50")
    assert isinstance(result.cost, Decimal)
    assert (result.id, result.cnt) == ("77", 1)


def test_send_string_client_id_survives() -> None:
    body = '{"id": "order-17.a_b", "cnt": 1}'
    assert decode("send", body, fmt=3).id == "order-17.a_b"


def test_send_reply_without_id_takes_the_request_id() -> None:
    result = decode("send", '{"cnt": 1}', fmt=3, params={"id": "abc"})
    assert result.id == "abc"


def test_voice_code_call_reply() -> None:
    result = decode("send", "OK - 1 SMS, ID - 9, CODE - 4821", fmt=0)
    assert result.code == "4821"
    assert decode("send", '{"id": 9, "cnt": 1, "code": "4821"}', fmt=3).code == "4821"


def test_unknown_keys_are_kept() -> None:
    result = decode("send", '{"id": 5, "cnt": 1, "new_field": [1, 2], "x": "y"}', fmt=3)
    assert result.extra == {"new_field": [1, 2], "x": "y"}


def test_op_per_phone_details_json() -> None:
    body = (
        '{"id": 5, "cnt": 2, "phones": [{"phone": "79991112233", "mccmnc": "25001",'
        ' "cost": "1.5", "status": 0}, {"phone": "79991112234", "error": "invalid",'
        ' "weird": 1}]}'
    )
    result = decode("send", body, fmt=3, params={"op": 1})
    assert result.phones is not None
    first, second = result.phones
    assert (first.phone, first.mccmnc, first.cost) == ("79991112233", "25001", Decimal("1.5"))
    assert second.error == "invalid"
    assert second.extra == {"weird": 1}


def test_op_per_phone_details_xml() -> None:
    body = (
        "<result><id>5</id><cnt>2</cnt><phones>"
        "<phone><phone>79991112233</phone><cost>1.5</cost></phone>"
        "<phone><phone>79991112234</phone><cost>1.5</cost></phone>"
        "</phones></result>"
    )
    result = decode("send", body, fmt=2, params={"op": 1})
    assert result.phones is not None
    assert [p.phone for p in result.phones] == ["79991112233", "79991112234"]


def test_fmt0_extra_lines_are_kept() -> None:
    result = decode("send", "OK - 1 SMS, ID - 5\n79991112233 - 1.5", fmt=0)
    assert result.extra["lines"] == ["79991112233 - 1.5"]


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK - 3 SMS, COST - 4.20"),
        (1, "4.20,3"),
        (2, "<result><cost>4.20</cost><cnt>3</cnt></result>"),
        (3, '{"cost": "4.20", "cnt": 3}'),
        (3, '{"cost": 4.2, "cnt": "3"}'),
    ],
)
def test_cost_every_fmt(fmt: int, body: str) -> None:
    assert decode("cost", body, fmt=fmt) == CostResult(cost=Decimal("4.20"), cnt=3)


def test_bom_and_windows_1251_body() -> None:
    body = "ERROR = 6 (сообщение запрещено)".encode("windows-1251")
    with pytest.raises(Exception, match="сообщение запрещено"):
        decode("send", body, fmt=0)
    assert decode("send", "\ufeff1234,1".encode(), fmt=1).id == "1234"


def test_fmt1_fields_beyond_the_layout_are_kept() -> None:
    result = decode("send", "1234,2,1.40,100.50,extra,more", fmt=1)
    assert (result.id, result.cnt, result.balance) == ("1234", 2, Decimal("100.50"))
    assert result.extra == {"more": ["extra", "more"]}
