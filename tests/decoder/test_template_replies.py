"""templates.php and op_templates.php replies in every fmt and every plausible shape."""

from __future__ import annotations

import pytest

from aiosmsc import decode
from aiosmsc.models.templates import OperatorTemplate, Template, TemplateResult

GREETING = Template(id="1", name="greeting", msg="Hello, {name}!", format="sms", sender="SHOP")
BARE = Template(id="2", name="bare", msg="Plain text")

TEMPLATE_LISTS = {
    "fmt0 lines": (
        0,
        "id = 1, name = greeting, format = sms, sender = SHOP, msg = Hello, {name}!\n"
        "id = 2, name = bare, format = , sender = , msg = Plain text",
    ),
    "fmt1 positional, the text with commas last": (
        1,
        "1,greeting,sms,SHOP,Hello, {name}!\n2,bare,,,Plain text",
    ),
    "fmt2 child elements": (
        2,
        "<result><template><id>1</id><name>greeting</name><format>sms</format>"
        "<sender>SHOP</sender><msg>Hello, {name}!</msg></template>"
        "<template><id>2</id><name>bare</name><msg>Plain text</msg></template></result>",
    ),
    "fmt2 attributes, text as alias": (
        2,
        '<templates><template id="1" name="greeting" format="sms" sender="SHOP" text="Hello, {name}!"/>'
        '<template id="2" name="bare" text="Plain text"/></templates>',
    ),
    "fmt3 array, numbers as strings": (
        3,
        '[{"id": "1", "name": "greeting", "format": "sms", "sender": "SHOP", "msg": "Hello, {name}!"},'
        ' {"id": 2, "name": "bare", "msg": "Plain text", "format": "", "sender": ""}]',
    ),
    "fmt3 wrapped, other spellings": (
        3,
        '{"templates": [{"tpl": 1, "title": "greeting", "format": "sms", "sender": "SHOP",'
        ' "text": "Hello, {name}!"}, {"tpl": 2, "title": "bare", "mes": "Plain text"}], "cnt": 2}',
    ),
    "fmt3 keyed by id": (
        3,
        '{"1": {"name": "greeting", "format": "sms", "sender": "SHOP", "msg": "Hello, {name}!"},'
        ' "2": {"name": "bare", "msg": "Plain text"}}',
    ),
}


@pytest.mark.parametrize("shape", list(TEMPLATE_LISTS))
def test_template_list_shapes(shape: str) -> None:
    fmt, body = TEMPLATE_LISTS[shape]
    assert decode("templates.list", body, fmt=fmt) == [GREETING, BARE]


def test_template_unknown_fields_are_kept() -> None:
    (template,) = decode(
        "templates.list",
        '[{"id": 3, "name": "x", "msg": "y", "fl": {"1": 1}, "created": "2024"}]',
        fmt=3,
    )
    assert template.extra == {"fl": {"1": 1}, "created": "2024"}


def test_template_fmt1_longer_line_joins_into_the_text() -> None:
    (template,) = decode("templates.list", "4,promo,viber,SHOP,Sale: 10%, 20%, 30%", fmt=1)
    assert template.msg == "Sale: 10%, 20%, 30%" and template.format == "viber"


@pytest.mark.parametrize(
    ("fmt", "body"), [(0, ""), (1, " "), (2, "<result/>"), (3, "[]"), (3, '{"templates": []}')]
)
@pytest.mark.parametrize("operation", ["templates.list", "operator_templates.list"])
def test_empty_lists(operation: str, fmt: int, body: str) -> None:
    assert decode(operation, body, fmt=fmt) == []


OPERATOR_LISTS = {
    "fmt0": (0, "id = 7, sender = SHOP, mts_srv = 1, bee_trn = 1, msg = Your code: %s, hurry"),
    "fmt2": (
        2,
        "<result><template><id>7</id><sender>SHOP</sender><mts_srv>1</mts_srv>"
        "<bee_trn>1</bee_trn><msg>Your code: %s, hurry</msg></template></result>",
    ),
    "fmt3": (
        3,
        '[{"id": 7, "sender": "SHOP", "mts_srv": "1", "bee_trn": 1, "msg": "Your code: %s, hurry"}]',
    ),
}


@pytest.mark.parametrize("shape", list(OPERATOR_LISTS))
def test_operator_template_list_shapes(shape: str) -> None:
    fmt, body = OPERATOR_LISTS[shape]
    (template,) = decode("operator_templates.list", body, fmt=fmt)
    assert template == OperatorTemplate(
        id="7", sender="SHOP", msg="Your code: %s, hurry", mts_srv=1, bee_trn=1
    )


def test_operator_template_fmt1_and_odd_values() -> None:
    (line,) = decode("operator_templates.list", "7,SHOP,Your code: %s, hurry", fmt=1)
    assert (line.id, line.sender, line.msg) == ("7", "SHOP", "Your code: %s, hurry")
    (odd,) = decode(
        "operator_templates.list",
        '[{"id": 8, "sender": "S", "msg": "m", "status": "approved", "tele2_srv": "yes"}]',
        fmt=3,
    )
    assert odd.status is None and odd.extra["raw_status"] == "approved"
    assert odd.tele2_srv is None and odd.extra["raw_tele2_srv"] == "yes"


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        (0, "OK - ID - 12"),
        (1, "12"),
        (2, "<result><id>12</id></result>"),
        (3, '{"id": 12}'),
        (3, '{"id": "12", "result": "OK"}'),
    ],
)
@pytest.mark.parametrize("operation", ["templates.add", "operator_templates.add"])
def test_add_replies(operation: str, fmt: int, body: str) -> None:
    result = decode(operation, body, fmt=fmt)
    assert isinstance(result, TemplateResult) and result.id == "12"


@pytest.mark.parametrize("operation", ["templates.change", "templates.delete"])
def test_change_and_delete_replies_name_the_template(operation: str) -> None:
    result = decode(operation, '{"result": "OK"}', fmt=3, params={"id": 12})
    assert (result.id, result.result) == ("12", "OK")
