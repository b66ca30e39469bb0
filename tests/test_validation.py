"""Bad call arguments raise ValidationError naming the parameter, before anything is sent."""

from __future__ import annotations

import datetime as dt

import pytest

from aiosmsc import AsyncSMSC, ConfigurationError, CostMode, ValidationError

pytestmark = pytest.mark.usefixtures("clean_env")

PHONE = "79991234567"
PHONE2 = "79991234568"
AWARE = dt.datetime(2030, 1, 2, 3, 4, tzinfo=dt.timezone.utc)


@pytest.fixture
def route(recorder):
    """A ``Recorder`` (tests/conftest.py) catching every request of ``smsc``, its
    transport: ``route.requests`` empty shows that none was made."""
    return recorder('{"id": 1, "cnt": 1}')


@pytest.fixture
async def smsc(route):
    async with AsyncSMSC(login="user", password="pw", transport=route.transport) as client:
        yield client


async def test_the_route_catches_a_valid_call(smsc, route):
    """Control: a valid call does reach the transport, so ``not route.requests`` means
    something."""
    result = await smsc.send(PHONE, "x" * 1000)
    assert len(route.requests) == 1
    assert result.cnt == 1


def test_validation_error_is_a_value_and_configuration_error():
    assert issubclass(ValidationError, ValueError)
    assert issubclass(ValidationError, ConfigurationError)


SEND_CASES = {
    # id: (kwargs, the parameter the message must name)
    "no phones": ({"phones": None, "mes": "hi"}, "phones"),
    "no mes": ({"phones": PHONE, "mes": None}, "mes"),
    "nothing": ({}, "phones"),
    "mes not a string": ({"phones": PHONE, "mes": 123}, "mes"),
    "list and phones": ({"phones": PHONE, "list": {PHONE: "a"}}, "list"),
    "list and mes": ({"mes": "hi", "list": {PHONE: "a"}}, "list"),
    "list and comment": ({"list": {PHONE: "a"}, "comment": "c"}, "comment"),
    "list phone with newline": ({"list": {"7999\n1234567": "a"}}, "list"),
    "list phone with colon": ({"list": {"7999:1234567": "a"}}, "list"),
    "list phone with comma": ({"list": [(f"{PHONE},{PHONE2}", "a")]}, "list"),
    "list text with newline": ({"list": {PHONE: "line 1\nline 2"}}, "list"),
    "list text with cr": ({"list": {PHONE: "line 1\rline 2"}}, "list"),
    "list text empty": ({"list": {PHONE: ""}}, "list"),
    "list text too long": ({"list": {PHONE: "x" * 1001}}, "list"),
    "list empty": ({"list": {}}, "list"),
    "list empty sequence": ({"list": []}, "list"),
    "list entry not a pair": ({"list": [(PHONE, "a", "extra")]}, "list"),
    "list entry a bare string": ({"list": [f"{PHONE}:a"]}, "list"),
    "empty phone sequence": ({"phones": [], "mes": "hi"}, "phones"),
    "empty phone string": ({"phones": "", "mes": "hi"}, "phones"),
    "only separators": ({"phones": " , ;", "mes": "hi"}, "phones"),
    "phone element with comma": ({"phones": [f"{PHONE},{PHONE2}"], "mes": "hi"}, "phones"),
    "phone element with semicolon": ({"phones": [f"{PHONE};{PHONE2}"], "mes": "hi"}, "phones"),
    "blank phone element": ({"phones": [PHONE, "  "], "mes": "hi"}, "phones"),
    "phone element not a string": ({"phones": [PHONE, 79991234568], "mes": "hi"}, "phones"),
    "phone with newline": ({"phones": "7999\n1234567", "mes": "hi"}, "phones"),
    "mes too long": ({"phones": PHONE, "mes": "x" * 1001}, "mes"),
    "mes empty": ({"phones": PHONE, "mes": ""}, "mes"),
    "mes blank": ({"phones": PHONE, "mes": " \n "}, "mes"),
    "phone without digits": ({"phones": "not-a-phone", "mes": "hi"}, "phones"),
    "phone of two digits": ({"phones": "12", "mes": "hi"}, "phones"),
    "phone with letters": ({"phones": "7999abc4567", "mes": "hi"}, "phones"),
    "one bad phone of a list": ({"phones": f"{PHONE},call-me", "mes": "hi"}, "phones"),
    "mes plus comment too long": ({"phones": PHONE, "mes": "x" * 990, "comment": "c" * 6}, "mes"),
    "empty comment": ({"phones": PHONE, "mes": "hi", "comment": ""}, "comment"),
    "sender with newline": ({"phones": PHONE, "mes": "hi", "sender": "a\nb"}, "sender"),
    "id 0": ({"phones": PHONE, "mes": "hi", "id": 0}, "id"),
    "id negative": ({"phones": PHONE, "mes": "hi", "id": -5}, "id"),
    "id 2**31": ({"phones": PHONE, "mes": "hi", "id": 2**31}, "id"),
    "id 41 chars": ({"phones": PHONE, "mes": "hi", "id": "a" * 41}, "id"),
    "id empty": ({"phones": PHONE, "mes": "hi", "id": ""}, "id"),
    "id with space": ({"phones": PHONE, "mes": "hi", "id": "order 17"}, "id"),
    "id with slash": ({"phones": PHONE, "mes": "hi", "id": "a/b"}, "id"),
    "id with comma": ({"phones": PHONE, "mes": "hi", "id": "1,2"}, "id"),
    "id cyrillic": ({"phones": PHONE, "mes": "hi", "id": "заказ"}, "id"),
    "id True": ({"phones": PHONE, "mes": "hi", "id": True}, "id"),
    "id False": ({"phones": PHONE, "mes": "hi", "id": False}, "id"),
    "id float": ({"phones": PHONE, "mes": "hi", "id": 1.5}, "id"),
    "naive time": ({"phones": PHONE, "mes": "hi", "time": dt.datetime(2030, 1, 2, 3, 4)}, "time"),
    "past timedelta": ({"phones": PHONE, "mes": "hi", "time": dt.timedelta(0)}, "time"),
    "negative timedelta": ({"phones": PHONE, "mes": "hi", "time": dt.timedelta(hours=-1)}, "time"),
    "blank time": ({"phones": PHONE, "mes": "hi", "time": "  "}, "time"),
    "time with newline": ({"phones": PHONE, "mes": "hi", "time": "10\n12"}, "time"),
    "time a number": ({"phones": PHONE, "mes": "hi", "time": 1000}, "time"),
    "tz 13": ({"phones": PHONE, "mes": "hi", "tz": 13}, "tz"),
    "tz -13": ({"phones": PHONE, "mes": "hi", "tz": -13}, "tz"),
    "tz True": ({"phones": PHONE, "mes": "hi", "tz": True}, "tz"),
    "tz string": ({"phones": PHONE, "mes": "hi", "tz": "3"}, "tz"),
    "tz with aware time": ({"phones": PHONE, "mes": "hi", "time": AWARE, "tz": 2}, "tz"),
    "tz 0 with aware time": ({"phones": PHONE, "mes": "hi", "time": AWARE, "tz": 0}, "tz"),
    "valid 0": ({"phones": PHONE, "mes": "hi", "valid": 0}, "valid"),
    "valid 25": ({"phones": PHONE, "mes": "hi", "valid": 25}, "valid"),
    "valid True": ({"phones": PHONE, "mes": "hi", "valid": True}, "valid"),
    "valid string": ({"phones": PHONE, "mes": "hi", "valid": "5"}, "valid"),
    "valid 0 timedelta": ({"phones": PHONE, "mes": "hi", "valid": dt.timedelta(0)}, "valid"),
    "valid 25h": ({"phones": PHONE, "mes": "hi", "valid": dt.timedelta(hours=25)}, "valid"),
    "maxsms 0": ({"phones": PHONE, "mes": "hi", "maxsms": 0}, "maxsms"),
    "maxsms -1": ({"phones": PHONE, "mes": "hi", "maxsms": -1}, "maxsms"),
    "maxsms True": ({"phones": PHONE, "mes": "hi", "maxsms": True}, "maxsms"),
    "maxsms float": ({"phones": PHONE, "mes": "hi", "maxsms": 2.0}, "maxsms"),
    "cost 1": ({"phones": PHONE, "mes": "hi", "cost": 1}, "cost"),
    "cost PRICE_ONLY": ({"phones": PHONE, "mes": "hi", "cost": CostMode.PRICE_ONLY}, "cost"),
    "cost 4": ({"phones": PHONE, "mes": "hi", "cost": 4}, "cost"),
    "cost -1": ({"phones": PHONE, "mes": "hi", "cost": -1}, "cost"),
    "translit 5": ({"phones": PHONE, "mes": "hi", "translit": 5}, "translit"),
    "translit 3": ({"phones": PHONE, "mes": "hi", "translit": 3}, "translit"),
    "translit -1": ({"phones": PHONE, "mes": "hi", "translit": -1}, "translit"),
    "params login": ({"phones": PHONE, "mes": "hi", "params": {"login": "x"}}, "login"),
    "params psw": ({"phones": PHONE, "mes": "hi", "params": {"psw": "x"}}, "psw"),
    "params apikey": ({"phones": PHONE, "mes": "hi", "params": {"apikey": "x"}}, "apikey"),
    "params fmt": ({"phones": PHONE, "mes": "hi", "params": {"fmt": 1}}, "fmt"),
    "params charset": ({"phones": PHONE, "mes": "hi", "params": {"charset": "koi8-r"}}, "charset"),
    "params phones": ({"phones": PHONE, "mes": "hi", "params": {"phones": PHONE2}}, "phones"),
    "params mes": ({"phones": PHONE, "mes": "hi", "params": {"mes": "other"}}, "mes"),
    "params cost 1": ({"phones": PHONE, "mes": "hi", "params": {"cost": 1}}, "cost"),
}


@pytest.mark.parametrize(("kwargs", "name"), SEND_CASES.values(), ids=SEND_CASES.keys())
async def test_send_refuses(smsc, route, kwargs, name):
    kwargs = dict(kwargs)
    phones = kwargs.pop("phones", None)
    mes = kwargs.pop("mes", None)
    with pytest.raises(ValidationError, match=name):
        await smsc.send(phones, mes, **kwargs)
    assert not route.requests


COST_CASES = {
    "no phones": ({"phones": None, "mes": "hi"}, "phones"),
    "no mes": ({"phones": PHONE, "mes": None}, "mes"),
    "list and phones": ({"phones": PHONE, "list": {PHONE: "a"}}, "list"),
    "empty phone sequence": ({"phones": [], "mes": "hi"}, "phones"),
    "phone element with comma": ({"phones": [f"{PHONE},{PHONE2}"], "mes": "hi"}, "phones"),
    "mes too long": ({"phones": PHONE, "mes": "x" * 1001}, "mes"),
    "translit 5": ({"phones": PHONE, "mes": "hi", "translit": 5}, "translit"),
    "maxsms 0": ({"phones": PHONE, "mes": "hi", "maxsms": 0}, "maxsms"),
    "params login": ({"phones": PHONE, "mes": "hi", "params": {"login": "x"}}, "login"),
    "params psw": ({"phones": PHONE, "mes": "hi", "params": {"psw": "x"}}, "psw"),
    "params apikey": ({"phones": PHONE, "mes": "hi", "params": {"apikey": "x"}}, "apikey"),
    "params fmt": ({"phones": PHONE, "mes": "hi", "params": {"fmt": "3"}}, "fmt"),
    "params charset": ({"phones": PHONE, "mes": "hi", "params": {"charset": "utf-8"}}, "charset"),
}


@pytest.mark.parametrize(("kwargs", "name"), COST_CASES.values(), ids=COST_CASES.keys())
async def test_cost_refuses(smsc, route, kwargs, name):
    kwargs = dict(kwargs)
    phones = kwargs.pop("phones", None)
    mes = kwargs.pop("mes", None)
    with pytest.raises(ValidationError, match=name):
        await smsc.cost(phones, mes, **kwargs)
    assert not route.requests


STATUS_CASES = {
    "all 3": ((PHONE, 5), {"all": 3}, "all"),
    "all -1": ((PHONE, 5), {"all": -1}, "all"),
    "pairs plus id": (([(PHONE, 5)], 5), {}, "id"),
    "phone without id": ((PHONE,), {}, "id"),
    "no pairs": (([],), {}, "pair"),
    "bad id": ((PHONE, 0), {}, "id"),
    "bad id in pairs": (([(PHONE, 5), (PHONE2, "a b")],), {}, "id"),
    "bool id": ((PHONE, True), {}, "id"),
    "empty phone": (("", 5), {}, "phone"),
    "two phones": ((f"{PHONE},{PHONE2}", 5), {}, "phone"),
    "phone with comma in pairs": (([(f"{PHONE},{PHONE2}", 5)],), {}, "phone"),
    "pair of three": (([(PHONE, 5, 6)],), {}, "phone|pair"),
    "one pair not in a list": (((PHONE, 5),), {}, "phone|pair"),
}


@pytest.mark.parametrize(("args", "kwargs", "name"), STATUS_CASES.values(), ids=STATUS_CASES.keys())
async def test_status_refuses(smsc, route, args, kwargs, name):
    with pytest.raises(ValidationError, match=name):
        await smsc.status(*args, **kwargs)
    assert not route.requests


DELETE_CASES = {
    "bad id": ((PHONE, 2**31), "id"),
    "id 41 chars": ((PHONE, "x" * 41), "id"),
    "bool id": ((PHONE, False), "id"),
    "empty phone": (("", 5), "phone"),
    "two phones": ((f"{PHONE};{PHONE2}", 5), "phone"),
}


@pytest.mark.parametrize(("args", "name"), DELETE_CASES.values(), ids=DELETE_CASES.keys())
async def test_delete_refuses(smsc, route, args, name):
    with pytest.raises(ValidationError, match=name):
        await smsc.delete(*args)
    assert not route.requests


async def test_limits_are_accepted(smsc, route):
    """The limits themselves are valid: 1000 characters with the comment, ids 1, 2**31-1
    and 40 characters, tz -12/12, valid 1/24, maxsms 1."""
    await smsc.send(PHONE, "x" * 990, comment="c" * 5)  # 990 + 5 + 5 == 1000
    await smsc.send(PHONE, "hi", id=1)
    await smsc.send(PHONE, "hi", id=2**31 - 1)
    await smsc.send(PHONE, "hi", id="A-z_0." + "x" * 34)
    await smsc.send(PHONE, "hi", tz=-12, valid=1, maxsms=1)
    await smsc.send(PHONE, "hi", tz=12, valid=24)
    await smsc.send(list={PHONE: "x" * 1000})
    assert len(route.requests) == 7


@pytest.mark.parametrize(
    ("phones", "kwargs"),
    [
        ("+7 (999) 123-45-67", {}),  # the ways people write numbers
        ("8-800-555-35-35", {}),
        ("7999.123.45.67", {}),
        (f"{PHONE}, {PHONE2}; +79991234569", {}),  # the service's comma lists
        ("G15", {}),  # a contact group
        ("anna@example.com", {"channel": "mail"}),  # e-mail to addresses
        ("@nickname", {"channel": "telegram"}),  # Telegram nicknames and ids
        ("#123456", {"channel": "telegram"}),
    ],
)
async def test_the_services_own_recipient_forms_are_accepted(smsc, route, phones, kwargs):
    await smsc.send(phones, "hi", **kwargs)
    assert len(route.requests) == 1


async def test_a_message_with_an_attachment_may_have_no_text(smsc, route):
    await smsc.send_mms(PHONE, files={"a.jpg": b"jpeg"})
    assert len(route.requests) == 1
