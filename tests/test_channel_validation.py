"""Channels of send.php: invalid combinations raise ValidationError naming the parameter
before anything is sent; valid ones are written to the wire as the reference names them
(channel flags, prefixes, call parameters, multipart file parts ``file0``, ``file1``...)."""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import urllib.parse
from decimal import Decimal
from typing import Any

import httpx
import pytest

from aiosmsc import AsyncSMSC, ValidationError
from aiosmsc.operations.channels import Hlr
from aiosmsc.operations.jobs import AddJob
from aiosmsc.operations.send import Message, Send
from aiosmsc.operations.send_options import (
    CHANNEL_PARAMS,
    CallParams,
    Channel,
    CostMode,
    Translit,
    Voice,
)

pytestmark = pytest.mark.usefixtures("clean_env")

PHONE = "79991234567"
PHONE2 = "79991234568"
MAIL = "anna@example.com"
JPEG = b"\xff\xd8\xff\xe0 not really a jpeg"


@pytest.fixture
def route(recorder):
    """A ``Recorder`` (tests/conftest.py) catching every request of ``smsc``, its
    transport: ``route.requests`` empty shows that none was made."""
    return recorder('{"id": 1, "cnt": 1, "code": "1234"}')


@pytest.fixture
async def smsc(route):
    async with AsyncSMSC(login="user", password="pw", transport=route.transport) as client:
        yield client


def form(route: Any) -> dict[str, str]:
    """The parameters of the last request, url-encoded or multipart."""
    request: httpx.Request = route.requests[-1]
    content_type = request.headers["content-type"]
    if content_type.startswith("application/x-www-form-urlencoded"):
        return dict(urllib.parse.parse_qsl(request.content.decode(), keep_blank_values=True))
    return {name: value for name, (_, value, _) in parts(request).items()}


def parts(request: httpx.Request) -> dict[str, tuple[str | None, Any, str]]:
    """Multipart parts: name -> (filename, text or bytes, content type)."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    found = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        filename = part.get_filename()
        value = payload if filename else payload.decode()
        found[name] = (filename, value, part.get_content_type())
    return found


CASES = {
    # id: (kwargs for send, the parameter the message must name)
    "files on sms": ({"files": {"a.jpg": JPEG}}, "files"),
    "fileurl on viber": ({"channel": "viber", "fileurl": "https://x/a.jpg"}, "fileurl"),
    "files on hlr": ({"channel": Channel.HLR, "files": {"a.jpg": JPEG}}, "files"),
    "subj on sms": ({"subj": "Hello"}, "subj"),
    "subj on call": ({"channel": Channel.CALL, "subj": "Hello"}, "subj"),
    "voice on sms": ({"voice": Voice.MALE}, "voice"),
    "voice on mms": ({"channel": Channel.MMS, "voice": "m"}, "voice"),
    "param on viber": ({"channel": Channel.VIBER, "param": CallParams()}, "param"),
    "bot on sms": ({"bot": True}, "bot"),
    "bot on viber": ({"channel": Channel.VIBER, "bot": True}, "bot"),
    "flash with viber": ({"channel": Channel.VIBER, "flash": True}, "flash"),
    "flash with mail": ({"channel": Channel.MAIL, "flash": True, "phones": MAIL}, "flash"),
    "unknown channel": ({"channel": "fax"}, "channel"),
    "channel as an index": ({"channel": 10}, "channel"),
    "prefix on sms": ({"prefix": True}, "prefix"),
    "prefix on mms": ({"channel": Channel.MMS, "prefix": True}, "prefix"),
    "other channel prefix in mes": ({"channel": Channel.CALL, "mes": "__VIBER__hi"}, "mes"),
    "other channel prefix in list": (
        {"channel": Channel.CALL, "phones": None, "mes": None, "list": {PHONE: "__SOC__hi"}},
        "list",
    ),
    "bin_hex not hex": ({"channel": Channel.BIN_HEX, "mes": "hello"}, "mes"),
    "bin_hex odd digits": ({"channel": Channel.BIN_HEX, "mes": "0A0"}, "mes"),
    "bin_hex list not hex": (
        {"channel": Channel.BIN_HEX, "phones": None, "mes": None, "list": {PHONE: "xy"}},
        "list",
    ),
    "comment on binary": ({"channel": Channel.BIN, "comment": "note"}, "comment"),
    "translit on binary": ({"channel": Channel.BIN_HEX, "mes": "0A", "translit": 1}, "translit"),
    "mail to a phone": ({"channel": Channel.MAIL}, "phones"),
    "mail to a bare word": ({"channel": Channel.MAIL, "phones": "anna"}, "phones"),
    "sms to an address": ({"phones": [PHONE, MAIL]}, "phones"),
    "viber to an address": ({"channel": Channel.VIBER, "phones": MAIL}, "phones"),
    "list sms to an address": ({"phones": None, "mes": None, "list": {MAIL: "hi"}}, "list"),
    "freq without period": ({"freq": 30}, "freq"),
    "period 0": ({"period": 0}, "period"),
    "period negative": ({"period": dt.timedelta(hours=-1)}, "period"),
    "period tiny": ({"period": dt.timedelta(seconds=10)}, "period"),
    "period bool": ({"period": True}, "period"),
    "period string": ({"period": "2"}, "period"),
    "freq 0": ({"period": 1, "freq": 0}, "freq"),
    "freq float": ({"period": 1, "freq": 2.5}, "freq"),
    "freq negative timedelta": ({"period": 1, "freq": dt.timedelta(minutes=-5)}, "freq"),
    "files not a mapping": ({"channel": "mms", "files": [("a.jpg", JPEG)]}, "files"),
    "files empty": ({"channel": "mms", "files": {}}, "files"),
    "file content a string": ({"channel": "mms", "files": {"a.txt": "text"}}, "files"),
    "file content empty": ({"channel": "mms", "files": {"a.jpg": b""}}, "files"),
    "file name with newline": ({"channel": "mms", "files": {"a\n.jpg": JPEG}}, "files"),
    "file name empty": ({"channel": "mms", "files": {"x": ("", JPEG, "image/jpeg")}}, "files"),
    "file bad content type": ({"channel": "mms", "files": {"x": ("a", JPEG, "jpeg")}}, "files"),
    "file tuple of two": ({"channel": "mms", "files": {"x": ("a.jpg", JPEG)}}, "files"),
    "fileurl ftp": ({"channel": "mms", "fileurl": "ftp://x/a.jpg"}, "fileurl"),
    "fileurl with space": ({"channel": "mms", "fileurl": "https://x/a b.jpg"}, "fileurl"),
    "subj empty": ({"channel": "mms", "subj": " "}, "subj"),
    "subj with newline": ({"channel": "mail", "phones": MAIL, "subj": "a\nb"}, "subj"),
    "voice unknown": ({"channel": "call", "voice": "robot"}, "voice"),
    "param wait 100": ({"channel": "call", "param": (100, 10, 8)}, "wait"),
    "param wait negative": ({"channel": "call", "param": (-1, 10, 8)}, "wait"),
    "param interval 9": ({"channel": "call", "param": (25, 9, 8)}, "interval"),
    "param interval 3601": ({"channel": "call", "param": (25, 3601, 8)}, "interval"),
    "param tries 10": ({"channel": "call", "param": (25, 10, 10)}, "tries"),
    "param tries bool": ({"channel": "call", "param": (25, 10, True)}, "tries"),
    "param of two": ({"channel": "call", "param": (25, 10)}, "param"),
    "param a string of two": ({"channel": "call", "param": "25,10"}, "param"),
    "param a string of words": ({"channel": "call", "param": "a,b,c"}, "param"),
    "param a string out of range": ({"channel": "call", "param": "25,5,8"}, "interval"),
    "no text on viber": ({"channel": "viber", "mes": None}, "mes"),
    "no text on mms without files": ({"channel": "mms", "mes": None}, "mes"),
    "no text on call without files": ({"channel": "call", "mes": None}, "mes"),
    "params viber": ({"params": {"viber": 1}}, "viber"),
    "params tg": ({"params": {"tg": 1}}, "tg"),
    "params bin": ({"params": {"bin": 2}}, "bin"),
    "params bot": ({"params": {"bot": 1}}, "bot"),
    "params subj": ({"params": {"subj": "x"}}, "subj"),
    "params fileurl": ({"params": {"fileurl": "https://x"}}, "fileurl"),
    "params voice": ({"params": {"voice": "m"}}, "voice"),
    "params param": ({"params": {"param": "1,10,1"}}, "param"),
    "params period": ({"params": {"period": "1"}}, "period"),
    "params freq": ({"params": {"freq": "5"}}, "freq"),
}


@pytest.mark.parametrize(("kwargs", "name"), CASES.values(), ids=CASES.keys())
async def test_send_refuses(smsc, route, kwargs, name):
    kwargs = {"phones": PHONE, "mes": "hi", **kwargs}
    phones, mes = kwargs.pop("phones"), kwargs.pop("mes")
    with pytest.raises(ValidationError, match=name):
        await smsc.send(phones, mes, **kwargs)
    assert not route.requests


COST_CASES = {
    "files on sms": ({"files": {"a.jpg": JPEG}}, "files"),
    "flash with viber": ({"channel": Channel.VIBER, "flash": True}, "flash"),
    "voice on sms": ({"voice": "w"}, "voice"),
    "prefix on sms": ({"prefix": True}, "prefix"),
    "mail to a phone": ({"channel": Channel.MAIL}, "phones"),
}


@pytest.mark.parametrize(("kwargs", "name"), COST_CASES.values(), ids=COST_CASES.keys())
async def test_cost_refuses(smsc, route, kwargs, name):
    with pytest.raises(ValidationError, match=name):
        await smsc.cost(PHONE, "hi", **kwargs)
    assert not route.requests


FACADE_CASES = {
    "hlr without phones": ("hlr", ([],), {}, "phones"),
    "hlr to an address": ("hlr", (MAIL,), {}, "phones"),
    "ping bad id": ("ping", (PHONE,), {"id": 0}, "id"),
    "mms without text or file": ("send_mms", (PHONE,), {}, "mes"),
    "mms bad fileurl": ("send_mms", (PHONE, "x"), {"fileurl": "file:///etc/passwd"}, "fileurl"),
    "mms cost 1": ("send_mms", (PHONE, "x"), {"cost": 1}, "cost"),
    "mail to a phone": ("send_mail", (PHONE, "x"), {}, "phones"),
    "mail without text or file": ("send_mail", (MAIL,), {"subj": "s"}, "mes"),
    "call bad voice": ("call", (PHONE, "x"), {"voice": "x"}, "voice"),
    "call bad param": ("call", (PHONE, "x"), {"param": (25, 10, 99)}, "tries"),
    "call without text or file": ("call", (PHONE,), {}, "mes"),
    "voice code to two phones": ("voice_code", (f"{PHONE},{PHONE2}",), {}, "phone"),
    "voice code to a list": ("voice_code", ([PHONE],), {}, "phone"),
    "voice code bad voice": ("voice_code", (PHONE,), {"voice": "x"}, "voice"),
    "viber with an id too long": ("send_viber", (PHONE, "x"), {"id": "x" * 41}, "id"),
    "viber prefix of another channel": ("send_viber", (PHONE, "__CALL__x"), {}, "mes"),
    "telegram empty comment": (
        "send_telegram",
        ("@anna", "x"),
        {"comment": ""},
        "comment",
    ),
}


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "name"), FACADE_CASES.values(), ids=FACADE_CASES.keys()
)
async def test_channel_methods_refuse(smsc, route, method, args, kwargs, name):
    with pytest.raises(ValidationError, match=name):
        await getattr(smsc, method)(*args, **kwargs)
    assert not route.requests


def test_an_operation_refuses_a_message_of_another_channel() -> None:
    message = Message.build(PHONE, "hi", channel=Channel.VIBER)
    with pytest.raises(ValidationError, match="hlr"):
        Hlr.of(message, id=1, cost=0)


# -- what valid calls put on the wire -------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "flags"),
    [
        (Channel.SMS, {}),
        (Channel.FLASH, {"flash": "1"}),
        (Channel.PUSH, {"push": "1"}),
        (Channel.HLR, {"hlr": "1"}),
        (Channel.BIN, {"bin": "1"}),
        (Channel.BIN_HEX, {"bin": "2"}),
        (Channel.PING, {"ping": "1"}),
        (Channel.MMS, {"mms": "1"}),
        (Channel.CALL, {"call": "1"}),
        (Channel.VIBER, {"viber": "1"}),
        (Channel.SOC, {"soc": "1"}),
        (Channel.TELEGRAM, {"tg": "1"}),
        ("viber", {"viber": "1"}),
        (" Bin_Hex ", {"bin": "2"}),
    ],
)
async def test_channel_flags_on_the_wire(smsc, route, channel, flags):
    await smsc.send(PHONE, "0A1B", channel=channel)
    sent = form(route)
    assert {k: v for k, v in sent.items() if k in CHANNEL_PARAMS} == flags
    assert sent["mes"] == "0A1B"


async def test_mail_channel_on_the_wire(smsc, route):
    await smsc.send([MAIL, "G12"], "Hi", channel=Channel.MAIL, subj="News")
    sent = form(route)
    assert (sent["mail"], sent["phones"], sent["subj"]) == ("1", f"{MAIL},G12", "News")


def test_channel_facts() -> None:
    assert [c.format_index for c in Channel][:12] == list(range(12))
    assert Channel.TELEGRAM.format_index is None
    assert {c.value for c in Channel if c.prefix} == {"call", "viber", "soc", "ping", "hlr"}
    assert Channel.HLR.prefix == "__HLR__"
    assert not Channel.HLR.has_text and Channel.MMS.takes_files and not Channel.VIBER.takes_files


@pytest.mark.parametrize(
    ("channel", "mes", "wire"),
    [
        (Channel.VIBER, "Hi", "__VIBER__Hi"),
        (Channel.CALL, "Hi", "__CALL__Hi"),
        (Channel.SOC, "Hi", "__SOC__Hi"),
        (Channel.PING, None, "__PING__"),
        (Channel.HLR, None, "__HLR__"),
        (Channel.VIBER, "__VIBER__Hi", "__VIBER__Hi"),  # not written twice
    ],
)
async def test_prefix_replaces_the_flag(smsc, route, channel, mes, wire):
    await smsc.send(PHONE, mes, channel=channel, prefix=True)
    sent = form(route)
    assert sent["mes"] == wire
    assert channel.value not in sent


async def test_prefix_on_every_list_line(smsc, route):
    await smsc.send(list={PHONE: "a", PHONE2: "b"}, channel=Channel.VIBER, prefix=True)
    assert form(route)["list"] == f"{PHONE}:__VIBER__a\n{PHONE2}:__VIBER__b"


async def test_call_options_on_the_wire(smsc, route):
    await smsc.call(PHONE, "Hello", voice="w2", param=CallParams(wait=30, interval=60, tries=3))
    sent = form(route)
    assert (sent["call"], sent["voice"], sent["param"]) == ("1", "w2", "30,60,3")
    await smsc.call(PHONE, "Hello again", param=(0, 3600, 0))
    assert form(route)["param"] == "0,3600,0"
    await smsc.call(PHONE, "Defaults", param=CallParams())
    assert form(route)["param"] == "25,10,8"
    # the wire form, as jobs.add takes it too: one type of param for every method
    await smsc.call(PHONE, "As written", param=" 30, 60,3")
    assert form(route)["param"] == "30,60,3"


async def test_options_a_channel_method_does_not_offer_are_unknown_keywords(smsc, route):
    with pytest.raises(
        TypeError, match=r"send_mms\(\) got an unexpected keyword argument 'translit'"
    ):
        await smsc.send_mms(PHONE, "hi", translit=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'channel'"):
        await smsc.send_viber(PHONE, "hi", channel="sms")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"cost\(\) got an unexpected keyword argument 'time'"):
        await smsc.cost(PHONE, "hi", time="0")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'colour'"):
        await smsc.send(PHONE, "hi", colour="red")  # type: ignore[call-arg]
    assert not route.requests


async def test_voice_code_on_the_wire(smsc, route):
    result = await smsc.voice_code("+7 999 123-45-67", voice=Voice.MALE_2, id="otp-1")
    sent = form(route)
    assert (sent["mes"], sent["call"], sent["voice"], sent["id"]) == ("code", "1", "m2", "otp-1")
    assert sent["phones"] == "+7 999 123-45-67"
    assert result.code == "1234"


async def test_hlr_and_ping_send_an_empty_text(smsc, route):
    await smsc.hlr([PHONE, PHONE2])
    sent = form(route)
    assert (sent["hlr"], sent["mes"], sent["phones"]) == ("1", "", f"{PHONE},{PHONE2}")
    assert len(sent["id"]) == 32  # a client id, as for every send
    await smsc.ping(PHONE, sender="Shop")
    sent = form(route)
    assert (sent["ping"], sent["mes"], sent["sender"]) == ("1", "", "Shop")


async def test_telegram_bot_on_the_wire(smsc, route):
    await smsc.send_telegram(["@anna", "#123"], "Hi", bot=True)
    sent = form(route)
    assert (sent["tg"], sent["bot"], sent["phones"]) == ("1", "1", "@anna,#123")


@pytest.mark.parametrize(
    ("period", "freq", "wire"),
    [
        (1, None, ("1", None)),
        (1.5, 30, ("1.5", "30")),
        (dt.timedelta(minutes=90), dt.timedelta(minutes=15), ("1.5", "15")),
        (dt.timedelta(minutes=20), dt.timedelta(seconds=61), ("0.33", "2")),
        (720, 1440, ("720", "1440")),
    ],
)
async def test_period_and_freq_on_the_wire(smsc, route, period, freq, wire):
    await smsc.send([PHONE, PHONE2], "Wave", period=period, freq=freq)
    sent = form(route)
    assert (sent["period"], sent.get("freq")) == wire


async def test_scheduled_channel_send_from_an_aware_datetime(smsc, route):
    at = dt.datetime(2030, 1, 2, 3, 4, tzinfo=dt.timezone.utc)
    await smsc.send_viber(PHONE, "Later", time=at)
    sent = form(route)
    assert (sent["time"], sent["tz"], sent["viber"]) == ("0201300604", "0", "1")


async def test_mms_files_are_multipart_parts_file0_file1(smsc, route):
    await smsc.send_mms(
        PHONE,
        "Look",
        subj="Pets",
        files={"cat.jpg": JPEG, "second": ("dog.png", b"PNG", "image/png"), "notes": b"x"},
    )
    request: httpx.Request = route.requests[-1]
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    found = parts(request)
    assert found["file0"] == ("cat.jpg", JPEG, "image/jpeg")
    assert found["file1"] == ("dog.png", b"PNG", "image/png")
    assert found["file2"] == ("notes", b"x", "application/octet-stream")
    fields = form(route)
    assert (fields["mms"], fields["subj"], fields["mes"], fields["phones"]) == (
        "1",
        "Pets",
        "Look",
        PHONE,
    )
    assert fields["login"] == "user" and fields["fmt"] == "3"


async def test_mail_attachment_without_text(smsc, route):
    await smsc.send_mail(MAIL, files={"invoice.pdf": b"%PDF-1.4"}, subj="Invoice")
    request: httpx.Request = route.requests[-1]
    found = parts(request)
    assert found["file0"] == ("invoice.pdf", b"%PDF-1.4", "application/pdf")
    assert (found["mes"][1], found["mail"][1]) == ("", "1")


async def test_cost_uploads_files_too(smsc, route):
    route.replies = ['{"cost": "9.00", "cnt": 1}']
    price = await smsc.cost(PHONE, "x", channel=Channel.MMS, files={"a.gif": b"GIF89a"})
    assert str(price.cost) == "9.00"
    found = parts(route.requests[-1])
    assert found["file0"][0] == "a.gif"
    assert found["cost"][1] == "1"


async def test_plain_send_stays_urlencoded(smsc, route):
    await smsc.send(PHONE, "Hi", channel=Channel.VIBER)
    request: httpx.Request = route.requests[-1]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"


def test_attachments_do_not_show_their_bytes_in_repr() -> None:
    message = Message.build(PHONE, "x", channel=Channel.MMS, files={"a.jpg": b"secret" * 100})
    assert "secret" not in repr(message)
    assert "<600 bytes>" in repr(message)


# -- one type per option: send, the channel methods and jobs.add take the same forms --------


@pytest.mark.parametrize(
    ("options", "wire"),
    [
        ({"voice": Voice.FEMALE_2}, {"voice": "w2"}),
        ({"voice": "m"}, {"voice": "m"}),
        ({"param": CallParams(wait=30, interval=60, tries=3)}, {"param": "30,60,3"}),
        ({"param": "30,60,3"}, {"param": "30,60,3"}),
        ({"param": (30, 60, 3)}, {"param": "30,60,3"}),
        ({"translit": Translit.LOOKALIKE}, {"translit": "2"}),
        ({"translit": True}, {"translit": "1"}),
        ({"cost": CostMode.WITH_BALANCE}, {"cost": "3"}),
        ({"period": dt.timedelta(hours=2)}, {"period": "2"}),
    ],
    ids=repr,
)
def test_send_and_jobs_add_take_the_same_forms(
    options: dict[str, Any], wire: dict[str, str]
) -> None:
    channel = {"channel": Channel.CALL} if {"voice", "param"} & set(options) else {}
    sent = Send.build(PHONE, "hi", **channel, **options).params()
    job = AddJob.build("job", PHONE, "hi", **channel, **options).wire
    assert {name: sent[name] for name in wire} == wire
    assert {name: job[name] for name in wire} == wire


def test_fractional_hours_stay_a_send_only_form() -> None:
    assert Send.build(PHONE, "hi", period=Decimal("1.5")).params()["period"] == "1.5"
    with pytest.raises(ValidationError, match="period"):
        AddJob.build("job", PHONE, "hi", period=1.5)


def test_params_may_not_set_what_has_an_option_of_its_own() -> None:
    for name in ("sender", "translit", "period", "voice", "param", "cost", "id", "tg"):
        with pytest.raises(ValidationError, match=repr(name)):
            Send.build(PHONE, "hi", params={name: "1"})
        with pytest.raises(ValidationError, match=repr(name)):
            AddJob.build("job", PHONE, "hi", params={name: "1"})
    # options that are no parameter of their own name leave that name free, as before
    assert Send.build(PHONE, "hi", params={"comment": "x"}).params()["comment"] == "x"
