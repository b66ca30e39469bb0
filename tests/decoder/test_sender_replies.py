"""senders.php replies: the list in every fmt and every plausible shape, replacement
analogs, action replies and errors, decoded from hand-written bodies."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aiosmsc import APIError, DecodeError, decode
from aiosmsc.errors import InsufficientFundsError
from aiosmsc.models.senders import SenderName, SenderReplacement, SenderResult
from aiosmsc.models.senders_codes import OperatorRegistrationStatus as Op
from aiosmsc.models.senders_codes import SenderNameStatus

# Every documented field, in the documented order, with every documented code in use.
SHOP: list[tuple[str, Any]] = [
    ("sender", "MYSHOP"),
    ("mega_status", 2),
    ("mts_status", 3),
    ("mega_step_status", 0),
    ("mega_int_status", 1),
    ("bee_step_status", 4),
    ("motiv_step_status", 5),
    ("motiv_int_status", 8),
    ("mts_step_status", 2),
    ("mts_int_status", 2),
    ("tele2_step_status", 1),
    ("tele2_status", 0),
    ("ua_reg_status", 3),
    ("ua_int_status", 8),
    ("status", 1),
    ("id", 101),
]
# A digital name: one registration, with a code no table knows.
DIGITAL: list[tuple[str, Any]] = [
    ("sender", "79991234567"),
    ("mts_step_status", 7),
    ("status", 0),
    ("id", 102),
]

EXPECTED = [
    SenderName(
        sender="MYSHOP",
        id="101",
        status=SenderNameStatus.ALLOWED,
        mega_status=Op.ALLOWED,
        mts_status=Op.REJECTED,
        mega_step_status=Op.WAITING,
        mega_int_status=Op.SENT,
        bee_step_status=Op.DISABLED,
        motiv_step_status=Op.INSUFFICIENT_FUNDS,
        motiv_int_status=Op.DOCUMENTS_REQUIRED,
        mts_step_status=Op.ALLOWED,
        mts_int_status=Op.ALLOWED,
        tele2_step_status=Op.SENT,
        tele2_status=Op.WAITING,
        ua_reg_status=Op.REJECTED,
        ua_int_status=Op.DOCUMENTS_REQUIRED,
    ),
    SenderName(
        sender="79991234567",
        id="102",
        status=SenderNameStatus.WAITING_MODERATION,
        mts_step_status=7,
    ),
]


def _fmt0(*rows: list[tuple[str, Any]]) -> str:
    return "\n".join(", ".join(f"{key} = {value}" for key, value in row) for row in rows)


def _fmt1(row: list[tuple[str, Any]]) -> str:
    order = [key for key, _ in SHOP]
    values = dict(row)
    return ",".join(str(values.get(key, "")) for key in order)


def _children(row: list[tuple[str, Any]]) -> str:
    return "<sender>" + "".join(f"<{k}>{v}</{k}>" for k, v in row) + "</sender>"


def _attributes(row: list[tuple[str, Any]]) -> str:
    return "<sender " + " ".join(f'{k}="{v}"' for k, v in row) + "/>"


def _text_and_attributes(row: list[tuple[str, Any]]) -> str:
    attributes = " ".join(f'{k}="{v}"' for k, v in row if k != "sender")
    return f"<sender {attributes}>{dict(row)['sender']}</sender>"


def _json_rows(*, strings: bool = False, reverse: bool = False) -> list[dict[str, Any]]:
    rows = []
    for row in (SHOP, DIGITAL):
        pairs = list(reversed(row)) if reverse else row
        rows.append({k: str(v) if strings else v for k, v in pairs})
    return rows


LIST_BODIES = {
    "fmt0 key = value lines": (0, _fmt0(SHOP, DIGITAL)),
    "fmt0 upper-case labels": (0, _fmt0(SHOP, DIGITAL).replace("sender =", "SENDER =")),
    "fmt0 one pair per line": (0, "\n".join(f"{k} = {v}" for k, v in [*SHOP, *DIGITAL])),
    "fmt1 positional, documented order": (1, _fmt1(SHOP) + "\n" + _fmt1(DIGITAL)),
    "fmt2 child elements": (
        2,
        "<result>" + _children(SHOP) + _children(DIGITAL) + "</result>",
    ),
    "fmt2 attributes": (
        2,
        '<?xml version="1.0" encoding="utf-8"?>\n<senders>'
        + _attributes(SHOP)
        + _attributes(DIGITAL)
        + "</senders>",
    ),
    "fmt2 attributes, name as text": (
        2,
        "<result>" + _text_and_attributes(SHOP) + _text_and_attributes(DIGITAL) + "</result>",
    ),
    "fmt3 array": (3, json.dumps(_json_rows())),
    "fmt3 numbers as strings, any order": (3, json.dumps(_json_rows(strings=True, reverse=True))),
    "fmt3 object wrapping the array": (3, json.dumps({"cnt": 2, "senders": _json_rows()})),
    "fmt3 keyed by id": (
        3,
        json.dumps({str(row["id"]): row for row in _json_rows()}),
    ),
}


@pytest.mark.parametrize("shape", list(LIST_BODIES))
def test_list_with_every_operator_field_decodes_in_every_shape(shape: str) -> None:
    fmt, body = LIST_BODIES[shape]
    names = decode("senders.list", body, fmt=fmt)
    assert names == EXPECTED
    shop, digital = names
    assert shop.motiv_int_status is Op.DOCUMENTS_REQUIRED
    assert shop.motiv_int_status.description == "Supporting documents are required"
    assert shop.bee_step_status is Op.DISABLED and shop.motiv_step_status.needs_action
    assert shop.status is SenderNameStatus.ALLOWED and shop.is_allowed
    assert digital.mts_step_status == 7 and type(digital.mts_step_status) is int
    assert digital.mega_status is None and not digital.is_allowed


def test_by_operator_view_groups_the_statuses() -> None:
    shop = decode("senders.list", json.dumps(_json_rows()), fmt=3)[0]
    view = shop.by_operator
    assert list(view) == ["megafon", "mts", "beeline", "motiv", "tele2", "ukraine"]
    assert view["megafon"].statuses == {
        "free": Op.ALLOWED,
        "paid": Op.WAITING,
        "common_name": Op.SENT,
    }
    assert view["megafon"].fields["common_name"] == "mega_int_status"
    assert view["ukraine"].statuses == {
        "national": Op.REJECTED,
        "international": Op.DOCUMENTS_REQUIRED,
    }
    assert view["tele2"].statuses == {"paid": Op.SENT, "free": Op.WAITING}
    assert view["mts"].is_allowed and not view["mts"].is_pending
    assert view["tele2"].is_pending and not view["tele2"].is_allowed
    assert view["motiv"].needs_action and not view["beeline"].is_allowed


def test_missing_operator_fields_are_none_and_absent_from_the_view() -> None:
    (name,) = decode("senders.list", '[{"sender": "ABC", "status": 0, "id": 3}]', fmt=3)
    assert name.status is SenderNameStatus.WAITING_MODERATION
    assert all(value is None for key, value in _operator_fields(name).items())
    assert name.by_operator == {} and name.operator_statuses == {}


def _operator_fields(name: SenderName) -> dict[str, Any]:
    return {key: getattr(name, key) for key, _ in SHOP[1:-2]}


def test_unknown_codes_and_fields_survive() -> None:
    body = json.dumps(
        [
            {
                "sender": "ABC",
                "status": "9",
                "mts_step_status": "42",
                "by_reg_status": "2",
                "sber_step_status": 77,
                "cmt": "our shop",
                "registered": "01.02.2024",
            }
        ]
    )
    (name,) = decode("senders.list", body, fmt=3)
    assert name.status == 9 and type(name.status) is int
    assert name.mts_step_status == 42 and type(name.mts_step_status) is int
    assert name.extra["cmt"] == "our shop" and name.extra["registered"] == "01.02.2024"
    # Status fields the model does not name are typed too, and show in the view.
    assert name.extra["by_reg_status"] is Op.ALLOWED
    assert name.extra["sber_step_status"] == 77
    assert name.by_operator["belarus"].statuses == {"national": Op.ALLOWED}
    assert name.by_operator["sbermobile"].statuses == {"paid": 77}
    assert name.operator_statuses == {
        "mts_step_status": 42,
        "by_reg_status": 2,
        "sber_step_status": 77,
    }


def test_a_code_that_is_not_a_number_is_kept_raw() -> None:
    (name,) = decode(
        "senders.list",
        '[{"sender": "ABC", "mts_status": "-", "status": "2.0", "mega_status": 2.0}]',
        fmt=3,
    )
    assert name.mts_status is None and name.extra["raw_mts_status"] == "-"
    assert name.status is SenderNameStatus.DISABLED
    assert name.mega_status is Op.ALLOWED


def test_fmt1_lines_shorter_or_longer_than_the_layout() -> None:
    short, long = decode("senders.list", "ABC,2,1\n" + _fmt1(SHOP) + ",9,later field", fmt=1)
    assert (short.sender, short.mega_status, short.mts_status) == ("ABC", Op.ALLOWED, Op.SENT)
    assert short.status is None and short.id is None
    assert long.id == "101" and long.ua_int_status is Op.DOCUMENTS_REQUIRED
    assert long.extra["more"] == ["9", "later field"]


def test_fmt1_line_with_a_non_numeric_code() -> None:
    (name,) = decode("senders.list", "ABC,x,,,,,,,,,,,,,1,5", fmt=1)
    assert name.mega_status is None and name.extra["raw_mega_status"] == "x"
    assert name.status is SenderNameStatus.ALLOWED and name.id == "5"


def test_fmt0_unreadable_continuation_line_is_kept() -> None:
    (name,) = decode("senders.list", "sender = ABC, status = 1, id = 5\n(moderated by hand)", fmt=0)
    assert name.id == "5" and name.extra["lines"] == ["(moderated by hand)"]


def test_one_xml_element_and_one_json_object() -> None:
    xml = "<result><sender><sender>ABC</sender><status>1</status></sender></result>"
    single = '{"sender": "ABC", "status": 1}'
    assert decode("senders.list", xml, fmt=2) == decode("senders.list", single, fmt=3)
    assert decode("senders.list", single, fmt=3)[0].status is SenderNameStatus.ALLOWED


def test_bare_names() -> None:
    names = decode(
        "senders.list", "<result><sender>ABC</sender><sender>DEF</sender></result>", fmt=2
    )
    assert [name.sender for name in names] == ["ABC", "DEF"]
    assert decode("senders.list", '["ABC"]', fmt=3)[0].sender == "ABC"


REPLACEMENTS = {
    "plain string": (
        3,
        '[{"sender": "ABC", "replacement": "SMSC.RU"}]',
        [SenderReplacement(sender="SMSC.RU", source="replacement")],
    ),
    "operator prefix in the key": (
        3,
        '[{"sender": "ABC", "mts_analog": "SMSC.RU"}]',
        [SenderReplacement(sender="SMSC.RU", operator="mts", source="mts_analog")],
    ),
    "nested object": (
        3,
        '[{"sender": "ABC", "replacement": {"operator": "megafon", "sender": "SMSC.RU", "status": "2", "since": "2024"}}]',
        [
            SenderReplacement(
                sender="SMSC.RU",
                operator="megafon",
                status=Op.ALLOWED,
                source="replacement",
                extra={"since": "2024"},
            )
        ],
    ),
    "list of objects": (
        3,
        '[{"sender": "ABC", "replacements": [{"op": "mts", "name": "A1"}, {"op": "bee", "name": "B1"}]}]',
        [
            SenderReplacement(sender="A1", operator="mts", source="replacements"),
            SenderReplacement(sender="B1", operator="bee", source="replacements"),
        ],
    ),
    "object with op and value": (
        3,
        '[{"sender": "ABC", "analog": {"op": "mts", "value": "A1"}}]',
        [SenderReplacement(sender="A1", operator="mts", source="analog")],
    ),
    "keyed by operator": (
        3,
        '[{"sender": "ABC", "analog": {"mts": "A1", "mega": {"sender": "M1"}}}]',
        [
            SenderReplacement(sender="A1", operator="mts", source="analog"),
            SenderReplacement(sender="M1", operator="mega", source="analog"),
        ],
    ),
    "xml attribute and text": (
        2,
        '<result><sender><sender>ABC</sender><analog operator="mts">A1</analog></sender></result>',
        [SenderReplacement(sender="A1", operator="mts", source="analog")],
    ),
    "xml repeated elements": (
        2,
        "<result><sender><sender>ABC</sender><analog><op>mts</op><name>A1</name></analog>"
        "<analog><op>bee</op><name>B1</name></analog></sender></result>",
        [
            SenderReplacement(sender="A1", operator="mts", source="analog"),
            SenderReplacement(sender="B1", operator="bee", source="analog"),
        ],
    ),
    "fmt0 pair": (
        0,
        "sender = ABC, status = 1, mts_analog = A1",
        [SenderReplacement(sender="A1", operator="mts", source="mts_analog")],
    ),
}


@pytest.mark.parametrize("shape", list(REPLACEMENTS))
def test_replacement_analog_shapes(shape: str) -> None:
    fmt, body, expected = REPLACEMENTS[shape]
    (name,) = decode("senders.list", body, fmt=fmt, params={"operators": 1})
    assert list(name.replacements) == expected
    assert not any("analog" in key or "replace" in key for key in name.extra)
    for replacement in expected:
        if replacement.operator in ("mts", "bee"):
            group = {"mts": "mts", "bee": "beeline"}[replacement.operator]
            assert replacement in name.by_operator[group].replacements


def test_replacement_joins_its_operator_in_the_view() -> None:
    body = '[{"sender": "ABC", "mts_int_status": 2, "mts_analog": "SMSC.RU"}]'
    (name,) = decode("senders.list", body, fmt=3)
    mts = name.by_operator["mts"]
    assert mts.statuses == {"common_name": Op.ALLOWED}
    assert [r.sender for r in mts.replacements] == ["SMSC.RU"]


@pytest.mark.parametrize("value", ["", "0", 0, False, None])
def test_no_replacement_values_stay_raw(value: object) -> None:
    (name,) = decode("senders.list", json.dumps([{"sender": "ABC", "replacement": value}]), fmt=3)
    assert name.replacements == ()
    assert name.extra["replacement"] == value


def test_unreadable_replacement_is_kept_not_lost() -> None:
    body = '[{"sender": "ABC", "replacement": {"sender": {"deep": [1]}}, "replacements": true}]'
    (name,) = decode("senders.list", body, fmt=3)
    assert name.replacements == ()
    assert name.extra["replacement"] == {"sender": {"deep": [1]}}
    assert name.extra["raw_replacements"] is True


def test_a_row_without_a_name_is_a_decode_error() -> None:
    with pytest.raises(DecodeError) as info:
        decode("senders.list", '[{"id": 5, "status": 1}]', fmt=3)
    assert info.value.raw == '[{"id": 5, "status": 1}]'


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK - ID - 55"),
        (0, "OK, ID = 55"),
        (0, "id = 55"),
        (1, "55"),
        (2, "<result><id>55</id></result>"),
        (3, '{"id": 55}'),
        (3, '{"id": "55", "status": 0}'),
    ],
)
def test_add_reply_gives_the_new_id(fmt: int, body: str) -> None:
    result = decode("senders.add", body, fmt=fmt, params={"add": 1, "sender": "MYSHOP"})
    assert isinstance(result, SenderResult)
    assert (result.id, result.sender) == ("55", "MYSHOP")


@pytest.mark.parametrize(
    "operation", ["senders.change", "senders.delete", "senders.send_code", "senders.check_code"]
)
def test_short_success_replies_name_the_request(operation: str) -> None:
    result = decode(operation, "OK", fmt=0, params={"id": "7", "sender": "79991234567"})
    assert (result.result, result.id, result.sender) == ("OK", "7", "79991234567")


def test_action_reply_keeps_what_it_does_not_know() -> None:
    result = decode("senders.check_code", '{"status": 1, "sender": "79990001122"}', fmt=3)
    assert result.sender == "79990001122" and result.extra == {"status": 1}


def test_error_codes_keep_no_send_meaning_on_senders() -> None:
    with pytest.raises(APIError) as info:
        decode("senders.add", '{"error": "sender not found", "error_code": 3}', fmt=3)
    assert info.value.code == 3 and info.value.text == "sender not found"
    assert not isinstance(info.value, InsufficientFundsError)
