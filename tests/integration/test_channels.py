"""Every channel of send.php against the emulator, in every fmt (the ``loopback`` test
also over a real loopback port): HLR, ping, flash/push/binary/soc, MMS and e-mail with attachments,
calls and the voice code, Viber, Telegram, prefixes, per-number lists, schedules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aiosmsc import AsyncSMSC, DeliveryErrorCode, MessageStatus
from aiosmsc.operations.send_options import CHANNEL_PARAMS, CallParams, Channel, Voice
from aiosmsc.testing import ManualClock, SMSCEmulator

FMTS = [0, 1, 2, 3]
PHONE = "79990000001"
ROAMING = "79990000077"  # the emulator's directory puts numbers ending in 77 abroad
MISSING = "79990000013"  # ... and says numbers ending in 13 do not exist


def last_request(emulator: SMSCEmulator) -> dict[str, str]:
    script, params = emulator.requests[-1]
    assert script == "send"
    return params


@pytest.mark.parametrize("fmt", FMTS)
async def test_hlr_lookup_results_come_through_status(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    sent = await smsc.hlr([ROAMING, MISSING], fmt=fmt)
    assert sent.cnt == 2
    assert last_request(emulator)["hlr"] == "1"
    assert [(m.type, m.sender, m.text) for m in emulator.messages] == [(4, "HLR", "")] * 2

    pending = await smsc.status(ROAMING, sent.id, fmt=fmt)
    assert pending.status is MessageStatus.WAITING
    assert (pending.imsi, pending.mcc, pending.cn) == (None, None, None)

    clock.advance(10)
    found = await smsc.status(ROAMING, sent.id, all=1, fmt=fmt)
    assert found.is_delivered
    assert found.sender_id == "HLR"
    assert (found.mcc, found.mnc, found.cn, found.net) == ("250", "20", "Russia", "Tele2")
    assert (found.rcn, found.rnet) == ("Kazakhstan", "Kcell")
    assert found.imsi is not None and found.imsi.startswith("25020")
    assert found.msc is not None

    absent = await smsc.status(MISSING, sent.id, fmt=fmt)
    assert absent.status is MessageStatus.UNDELIVERABLE
    assert absent.err is DeliveryErrorCode.ABSENT_SUBSCRIBER
    assert absent.imsi is None and absent.net is None


@pytest.mark.parametrize("fmt", FMTS)
async def test_ping_sends_no_text(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    sent = await smsc.ping(PHONE, id="ping-1", fmt=fmt)
    assert (sent.id, sent.cnt) == ("ping-1", 1)
    assert last_request(emulator)["ping"] == "1"
    (message,) = emulator.messages
    assert (message.type, message.text, message.id) == (5, "", "ping-1")


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize(
    ("channel", "flags", "kind"),
    [
        (Channel.FLASH, {"flash": "1"}, 1),
        (Channel.PUSH, {"push": "1"}, 3),
        (Channel.BIN, {"bin": "1"}, 2),
        (Channel.BIN_HEX, {"bin": "2"}, 2),
        (Channel.SOC, {"soc": "1"}, 12),
        (Channel.VIBER, {"viber": "1"}, 10),
        (Channel.SMS, {}, 0),
    ],
)
async def test_send_on_a_channel(
    smsc: AsyncSMSC,
    emulator: SMSCEmulator,
    fmt: int,
    channel: Channel,
    flags: dict[str, str],
    kind: int,
) -> None:
    text = "0A0B" if channel is Channel.BIN_HEX else "Hello"
    sent = await smsc.send(PHONE, text, channel=channel, fmt=fmt)
    assert sent.cnt == 1
    request = last_request(emulator)
    assert {k: v for k, v in request.items() if k in CHANNEL_PARAMS} == flags
    assert [(m.type, m.text) for m in emulator.messages] == [(kind, text)]


async def test_flash_argument_still_means_the_flash_channel(
    smsc: AsyncSMSC, emulator: SMSCEmulator
) -> None:
    await smsc.send(PHONE, "Now!", flash=True)
    assert last_request(emulator)["flash"] == "1"
    assert emulator.messages[0].type == 1


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.loopback("send")
async def test_mms_with_subject_and_attachments(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    sent = await smsc.send_mms(
        PHONE,
        "Look",
        files={"cat.jpg": b"\xff\xd8\xff jpeg bytes"},
        subj="Our cat",
        fileurl="https://example.com/dog.png",
        fmt=fmt,
    )
    assert sent.cnt == 1
    request = last_request(emulator)
    assert (request["mms"], request["subj"], request["fileurl"]) == (
        "1",
        "Our cat",
        "https://example.com/dog.png",
    )
    (message,) = emulator.messages
    assert (message.type, message.subject, message.text) == (6, "Our cat", "Look")
    assert message.attachments >= 1


async def test_uploaded_files_are_counted_by_the_emulator(
    smsc: AsyncSMSC, emulator: SMSCEmulator
) -> None:
    await smsc.send_mms(PHONE, files={"a.jpg": b"1", "b.jpg": b"2"})
    assert emulator.messages[0].attachments == 2


@pytest.mark.parametrize("fmt", FMTS)
async def test_mms_without_text_needs_a_file(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    await smsc.send_mms(PHONE, fileurl="https://example.com/a.gif", fmt=fmt)
    assert last_request(emulator)["mes"] == ""
    assert emulator.messages[0].attachments == 1


@pytest.mark.parametrize("fmt", FMTS)
async def test_mail_goes_to_addresses_and_is_tracked_by_address(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    sent = await smsc.send_mail(
        "Anna@Example.com", "<b>Hi</b>", subj="News", sender="shop@example.com", fmt=fmt
    )
    request = last_request(emulator)
    assert (request["mail"], request["phones"], request["subj"]) == (
        "1",
        "Anna@Example.com",
        "News",
    )
    (message,) = emulator.messages
    assert (message.phone, message.type, message.subject) == ("anna@example.com", 8, "News")
    assert message.sender == "shop@example.com"
    clock.advance(10)
    report = await smsc.status("anna@example.com", sent.id, all=1, fmt=fmt)
    assert report.is_delivered
    assert report.message == "<b>Hi</b>"


@pytest.mark.parametrize("fmt", FMTS)
async def test_call_with_voice_and_call_parameters(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    await smsc.call(
        PHONE, "Your order is ready", voice=Voice.FEMALE_2, param=CallParams(30, 60, 3), fmt=fmt
    )
    request = last_request(emulator)
    assert (request["call"], request["voice"], request["param"]) == ("1", "w2", "30,60,3")
    (message,) = emulator.messages
    assert (message.type, message.text, message.code) == (7, "Your order is ready", "")


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize("cost", [0, 2, 3])
async def test_voice_code_returns_the_generated_code(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int, cost: int
) -> None:
    result = await smsc.voice_code(PHONE, voice="m", cost=cost, fmt=fmt)
    (message,) = emulator.messages
    assert result.code == message.code
    assert len(result.code) == 4 and result.code.isdigit()
    assert last_request(emulator)["mes"] == "code"
    assert (result.id, result.cnt) == (message.id, 1)
    assert (result.cost is not None) == (cost >= 2)
    assert (result.balance is not None) == (cost == 3)


@pytest.mark.parametrize("fmt", FMTS)
async def test_voice_code_through_send_keeps_the_code(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    result = await smsc.send(PHONE, "code", channel=Channel.CALL, fmt=fmt)
    assert result.code == emulator.messages[0].code


@pytest.mark.parametrize("fmt", FMTS)
async def test_viber_scheduled_with_an_aware_datetime(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    at = dt.datetime.fromtimestamp(clock.now() + 3600, dt.timezone(dt.timedelta(hours=5)))
    at = at.replace(second=0, microsecond=0)
    sent = await smsc.send_viber(PHONE, "Sale!", time=at, valid=2, fmt=fmt)
    request = last_request(emulator)
    assert (request["viber"], request["tz"], request["valid"]) == ("1", "0", "2")
    assert request["time"] == at.astimezone(dt.timezone(dt.timedelta(hours=3))).strftime(
        "%d%m%y%H%M"
    )
    (message,) = emulator.messages
    assert message.start_at == at.timestamp()
    clock.advance(at.timestamp() - clock.now() - 1)
    assert (await smsc.status(PHONE, sent.id, fmt=fmt)).status is MessageStatus.WAITING
    clock.advance(60)
    assert (await smsc.status(PHONE, sent.id, fmt=fmt)).status is MessageStatus.DELIVERED


@pytest.mark.parametrize("fmt", FMTS)
async def test_telegram_to_nicknames_ids_and_the_bot(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    sent = await smsc.send_telegram(["@Anna_K", "#123456", PHONE], "Hi", bot=True, fmt=fmt)
    assert sent.cnt == 3
    request = last_request(emulator)
    assert (request["tg"], request["bot"]) == ("1", "1")
    assert [(m.phone, m.type) for m in emulator.messages] == [
        ("@anna_k", 13),
        ("#123456", 13),
        (PHONE, 13),
    ]


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize(
    ("channel", "kind"), [(Channel.VIBER, 10), (Channel.CALL, 7), (Channel.SOC, 12)]
)
async def test_prefix_selects_the_channel_without_a_flag(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int, channel: Channel, kind: int
) -> None:
    await smsc.send(PHONE, "Hello", channel=channel, prefix=True, fmt=fmt)
    request = last_request(emulator)
    assert request["mes"] == f"{channel.prefix}Hello"
    assert channel.value not in request
    assert [(m.type, m.text) for m in emulator.messages] == [(kind, "Hello")]


async def test_prefixes_mix_channels_in_one_list(smsc: AsyncSMSC, emulator: SMSCEmulator) -> None:
    await smsc.send(list=[(PHONE, "__VIBER__Promo"), ("79990000002", "Plain")])
    assert [(m.phone, m.type, m.text) for m in emulator.messages] == [
        (PHONE, 10, "Promo"),
        ("79990000002", 0, "Plain"),
    ]


@pytest.mark.parametrize("fmt", FMTS)
async def test_op_lists_every_number_and_err_the_failed_ones(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    phones = [PHONE, "79990000002", "123"]
    detailed = await smsc.send(phones, "Hi", op=True, fmt=fmt)
    assert detailed.phones is not None
    assert [(p.phone, p.mccmnc, p.cost, p.failed) for p in detailed.phones] == [
        (PHONE, "25002", Decimal("1.50"), False),
        ("79990000002", "25099", Decimal("1.50"), False),
        ("123", None, None, True),
    ]
    assert detailed.phones[2].error == "invalid number"

    failed = await smsc.send(phones, "Hi again", err=True, fmt=fmt)
    assert failed.phones is not None
    assert [(p.phone, p.status) for p in failed.phones] == [("123", 7)]

    clean = await smsc.send(PHONE, "All good", err=True, fmt=fmt)
    assert clean.phones == ()
    assert detailed.extra == failed.extra == clean.extra == {}


@pytest.mark.parametrize("fmt", FMTS)
async def test_cost_of_a_channel_with_per_number_details(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    price = await smsc.cost(
        [PHONE, "79990000002"], "x" * 200, channel=Channel.VIBER, op=True, fmt=fmt
    )
    assert (price.cost, price.cnt) == (Decimal("3.00"), 2)  # Viber: billed per message
    assert price.phones is not None
    assert [p.phone for p in price.phones] == [PHONE, "79990000002"]
    assert last_request(emulator)["viber"] == "1"
    assert emulator.messages == []


@pytest.mark.parametrize("fmt", FMTS)
async def test_period_and_freq_spread_the_recipients(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    phones = [f"7999000000{n}" for n in range(1, 5)]
    await smsc.send(phones, "Wave", period=dt.timedelta(hours=1), freq=30, fmt=fmt)
    request = last_request(emulator)
    assert (request["period"], request["freq"]) == ("1", "30")
    starts = [m.start_at - clock.now() for m in emulator.messages]
    assert starts == [0, 0, 1800, 1800]


@pytest.mark.parametrize("fmt", FMTS)
async def test_comment_tinyurl_maxsms_reach_the_service(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    sent = await smsc.send(
        PHONE, "See https://example.com", comment="order 5", tinyurl=True, maxsms=2, fmt=fmt
    )
    request = last_request(emulator)
    assert request["mes"] == "See https://example.com\n~~~\norder 5"
    assert (request["tinyurl"], request["maxsms"]) == ("1", "2")
    clock.advance(10)
    report = await smsc.status(PHONE, sent.id, all=1, fmt=fmt)
    assert report.message == "See https://example.com"
    # fmt=1 all=1 has no comment: the recorded line ends with the message and one field.
    assert report.comment == (None if fmt == 1 else "order 5")


# -- the emulator on its own: what a client that skipped validation would meet ---------


def _send(emulator: SMSCEmulator, **params: str) -> str:
    base = {"login": "demo", "psw": "demo-password", "fmt": "1", "phones": PHONE}
    return emulator.handle("send", {**base, **params})[1]


@pytest.mark.parametrize(
    "params",
    [
        {"mes": "a", "viber": "1", "flash": "1"},
        {"mes": "__VIBER__a", "call": "1"},
        {"mes": "zz", "bin": "2"},
        {"mes": "a", "bin": "3"},
        {"mes": "a", "call": "1", "voice": "robot"},
        {"mes": "a", "call": "1", "param": "25,5,3"},
        {"mes": "a", "call": "1", "param": "25,10"},
        {"mes": "a", "period": "soon"},
        {"mes": "", "mms": "1"},
    ],
)
def test_emulator_refuses_bad_channel_requests(
    emulator: SMSCEmulator, params: dict[str, str]
) -> None:
    assert _send(emulator, **params) == "0,-1"
    assert emulator.messages == []


def test_emulator_counts_file_parts_and_fileurl(emulator: SMSCEmulator) -> None:
    reply = _send(emulator, mes="", mms="1", file0="a.jpg", file1="b.jpg", fileurl="https://x/c")
    assert reply == "1,1"
    assert emulator.messages[0].attachments == 3


def test_emulator_mail_refuses_phone_numbers(emulator: SMSCEmulator) -> None:
    assert _send(emulator, mes="a", mail="1", id="5") == "5,-7"
