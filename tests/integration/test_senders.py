"""smsc.senders against the emulator in every fmt (the ``loopback`` test also over a socket);
argument validation (nothing sent); the document upload on the wire."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from aiosmsc import (
    AsyncSMSC,
    CodeAlreadySentError,
    CodeUndeliverableError,
    InvalidCodeError,
    InvalidPhoneError,
    ParameterError,
    SenderNotFoundError,
    UndeliverableError,
    ValidationError,
)
from aiosmsc.models.senders import SenderName, SenderReplacement
from aiosmsc.models.senders_codes import OperatorRegistrationStatus as Op
from aiosmsc.models.senders_codes import SenderNameStatus
from aiosmsc.operations.senders_params import SenderDocument, SenderRegistration
from aiosmsc.testing import ManualClock, SMSCEmulator
from aiosmsc.testing.scripts.senders import SendersState

from .refusal import refused_before_sending

FMTS = [0, 1, 2, 3]
SENT_AFTER = SendersState.SENT_AFTER
DECIDED_AFTER = SendersState.DECIDED_AFTER
MODERATION = SendersState.MODERATION_DELAY


def _only(names: list[SenderName], sender: str) -> SenderName:
    (found,) = [name for name in names if name.sender == sender]
    return found


@pytest.mark.parametrize("fmt", FMTS)
async def test_added_name_moves_through_moderation_and_registration(
    smsc: AsyncSMSC, clock: ManualClock, fmt: int
) -> None:
    added = await smsc.senders.add(
        "MYSHOP",
        cmt="our shop",
        registration=["mts_step", "mega_step", "mega_int", "tele2"],
        fmt=fmt,
    )
    assert added.id is not None and added.sender == "MYSHOP"

    assert await smsc.senders.list(fmt=fmt) == []  # not activated yet
    (name,) = await smsc.senders.list(all=True, fmt=fmt)
    assert (name.sender, name.id) == ("MYSHOP", added.id)
    assert name.status is SenderNameStatus.WAITING_MODERATION
    assert name.mts_step_status is Op.WAITING and name.tele2_status is Op.WAITING
    # Only the registrations asked for are reported.
    assert name.bee_step_status is None and name.ua_reg_status is None
    assert name.mts_status is None and name.mega_status is None

    clock.advance(SENT_AFTER)
    (name,) = await smsc.senders.list(all=True, fmt=fmt)
    assert name.mega_step_status is Op.SENT and name.mega_int_status is Op.SENT
    assert name.status is SenderNameStatus.WAITING_MODERATION

    clock.advance(MODERATION - SENT_AFTER)
    (name,) = await smsc.senders.list(fmt=fmt)  # activated: in the default list now
    assert name.status is SenderNameStatus.ALLOWED and name.is_allowed

    clock.advance(DECIDED_AFTER)
    (name,) = await smsc.senders.list(fmt=fmt)
    view = name.by_operator
    assert set(view) == {"mts", "megafon", "tele2"}
    assert view["megafon"].statuses == {"paid": Op.ALLOWED, "common_name": Op.ALLOWED}
    assert view["mts"].statuses == {"paid": Op.ALLOWED}
    assert view["tele2"].statuses == {"free": Op.ALLOWED}
    assert all(group.is_allowed and not group.is_pending for group in view.values())


@pytest.mark.parametrize("fmt", FMTS)
async def test_replacement_analogs_with_operators(smsc: AsyncSMSC, fmt: int) -> None:
    await smsc.senders.add("MYSHOP", registration=["mts_int", "bee_step"], fmt=fmt)
    (plain,) = await smsc.senders.list(all=True, fmt=fmt)
    assert plain.replacements == ()
    (name,) = await smsc.senders.list(all=True, operators=True, fmt=fmt)
    if fmt == 1:
        # The reference: the analog comes only in fmt 0, 2 and 3.
        assert name.replacements == ()
        return
    assert name.replacements == (
        SenderReplacement(sender="SMSC.RU", operator="mts", source="mts_analog"),
    )
    assert name.by_operator["mts"].replacements == name.replacements
    assert name.by_operator["beeline"].replacements == ()


@pytest.mark.parametrize("fmt", FMTS)
async def test_refused_name_and_unpaid_registration(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    await smsc.senders.add("forbiddenNAME", registration=["mts_step"], fmt=fmt)
    emulator.balance = Decimal(0)
    await smsc.senders.add("POOR", registration=["bee_step", "tele2"], fmt=fmt)
    clock.advance(DECIDED_AFTER)
    names = await smsc.senders.list(all=True, fmt=fmt)
    refused, poor = _only(names, "forbiddenNAME"), _only(names, "POOR")
    assert refused.status is SenderNameStatus.DISABLED
    assert refused.mts_step_status is Op.REJECTED
    assert poor.bee_step_status is Op.INSUFFICIENT_FUNDS and poor.tele2_status is Op.ALLOWED
    assert poor.by_operator["beeline"].needs_action
    assert [n.sender for n in await smsc.senders.list(fmt=fmt)] == ["POOR"]


@pytest.mark.parametrize("fmt", FMTS)
async def test_registration_without_a_documented_field(
    smsc: AsyncSMSC, clock: ManualClock, fmt: int
) -> None:
    await smsc.senders.add("MYSHOP", registration=["sber_step", "motiv"], fmt=fmt)
    clock.advance(SENT_AFTER)
    (name,) = await smsc.senders.list(all=True, fmt=fmt)
    if fmt == 1:
        assert name.by_operator == {}  # positional lines carry the documented fields only
        return
    assert name.extra["sber_step_status"] is Op.SENT
    assert name.by_operator["sbermobile"].statuses == {"paid": Op.SENT}
    assert name.by_operator["motiv"].statuses == {"free": Op.SENT}


@pytest.mark.loopback("senders")
async def test_list_is_the_same_in_every_fmt(smsc: AsyncSMSC, clock: ManualClock) -> None:
    await smsc.senders.add("ALPHA", registration=SenderRegistration(mts_step=True, mega=True))
    await smsc.senders.add("79990001122")
    clock.advance(SENT_AFTER)
    await smsc.senders.add("BETA", registration=["tele2_step", "motiv_int"])
    lists = [await smsc.senders.list(all=True, fmt=fmt) for fmt in FMTS]
    assert all(other == lists[0] for other in lists[1:])
    assert [name.sender for name in lists[0]] == ["ALPHA", "79990001122", "BETA"]
    assert lists[0][0].mega_status is Op.SENT and lists[0][2].motiv_int_status is Op.WAITING


@pytest.mark.parametrize("fmt", FMTS)
async def test_change_by_id_and_by_name(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    added = await smsc.senders.add("MYSHOP", fmt=fmt)
    assert added.id is not None
    clock.advance(60)
    changed = await smsc.senders.change(
        id=added.id,
        cmt="with trademark",
        registration=["mts_step"],
        document=("trademark.pdf", b"%PDF-1.4 certificate"),
        doc_info="trademark certificate",
        fmt=fmt,
    )
    assert changed.id == added.id and changed.result
    await smsc.senders.change(
        "MYSHOP",
        registration=SenderRegistration(
            ua_int=True,
            fio="Shop LLC",
            site="shop.example",
            email="info@shop.example",
            address="Kyiv",
            desc="retail",
            subj="orders",
        ),
        fmt=fmt,
    )
    state = emulator.state(SendersState).names[int(added.id)]
    assert state.cmt == "with trademark" and state.doc_info == ["trademark certificate"]
    assert state.requisites["fio"] == "Shop LLC"
    (name,) = await smsc.senders.list(all=True, fmt=fmt)
    assert name.mts_step_status is Op.WAITING and name.ua_int_status is Op.WAITING
    with pytest.raises(SenderNotFoundError):
        await smsc.senders.change(id=999, cmt="nobody", fmt=fmt)


@pytest.mark.parametrize("fmt", FMTS)
async def test_delete(smsc: AsyncSMSC, fmt: int) -> None:
    first = await smsc.senders.add("FIRST", fmt=fmt)
    await smsc.senders.add("SECOND", fmt=fmt)
    assert first.id is not None
    deleted = await smsc.senders.delete(id=first.id, fmt=fmt)
    assert deleted.id == first.id
    assert (await smsc.senders.delete("SECOND", fmt=fmt)).sender == "SECOND"
    assert await smsc.senders.list(all=True, fmt=fmt) == []
    with pytest.raises(SenderNotFoundError) as info:
        await smsc.senders.delete("SECOND", fmt=fmt)
    assert info.value.code == 3 and info.value.operation == "senders.delete"


@pytest.mark.parametrize("fmt", FMTS)
async def test_digital_sender_confirmed_by_code(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    await smsc.senders.add("79991234567", fmt=fmt)
    sent = await smsc.senders.send_code("+79991234567", fmt=fmt)
    assert sent.sender == "+79991234567"
    code = emulator.state(SendersState).codes["79991234567"]
    (sms,) = emulator.messages
    assert sms.phone == "79991234567" and code in sms.text

    with pytest.raises(InvalidCodeError):
        await smsc.senders.check_code("79991234567", "0" if code != "0" else "1", fmt=fmt)
    (name,) = await smsc.senders.list(all=True, fmt=fmt)
    assert name.status is SenderNameStatus.WAITING_MODERATION

    checked = await smsc.senders.check_code("79991234567", code, fmt=fmt)
    assert checked.sender == "79991234567"
    (name,) = await smsc.senders.list(fmt=fmt)
    assert name.status is SenderNameStatus.ALLOWED


@pytest.mark.parametrize("fmt", FMTS)
async def test_emulator_refusals(smsc: AsyncSMSC, fmt: int) -> None:
    await smsc.senders.add("MYSHOP", fmt=fmt)
    with pytest.raises(ParameterError):
        await smsc.senders.add("myshop", fmt=fmt)  # already exists
    with pytest.raises(SenderNotFoundError):
        await smsc.senders.send_code("79990000000", fmt=fmt)  # never added
    with pytest.raises(InvalidPhoneError):  # error 7; send_code() refuses it before sending
        await smsc.request("senders", send_code=1, sender="MYSHOP", fmt=fmt)


@pytest.mark.parametrize("fmt", FMTS)
async def test_code_errors_of_the_senders_page(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    await smsc.senders.add("79991234567", fmt=fmt)
    await smsc.senders.send_code("79991234567", fmt=fmt)
    with pytest.raises(CodeAlreadySentError) as info:  # error 10: one code per 8 hours
        await smsc.senders.send_code("79991234567", fmt=fmt)
    assert info.value.code == 10 and info.value.retry_after == 8 * 3600
    clock.advance(8 * 3600)
    await smsc.senders.send_code("79991234567", fmt=fmt)
    await smsc.senders.add("79990000013", fmt=fmt)  # the emulator does not deliver to it
    with pytest.raises(UndeliverableError) as undeliverable:  # error 8, as on send.php
        await smsc.senders.send_code("79990000013", fmt=fmt)
    assert isinstance(undeliverable.value, CodeUndeliverableError)


async def test_mail_sender(smsc: AsyncSMSC, emulator: SMSCEmulator) -> None:
    added = await smsc.senders.add("news@shop.example", mail=True, name="Shop news")
    assert added.sender == "news@shop.example"
    assert emulator.requests[-1][1]["mail"] == "1"
    assert emulator.requests[-1][1]["name"] == "Shop news"


async def test_document_goes_as_a_multipart_part(tmp_path: Path, recorder: Any) -> None:
    rec = recorder('{"id": 9}')
    scan = tmp_path / "Certificate.PNG"
    scan.write_bytes(b"\x89PNG\r\n\x1a\nimage")
    async with AsyncSMSC(login="u", password="p", transport=rec.transport) as smsc:
        result = await smsc.senders.add(
            "MYSHOP", registration=["mts_step"], document=scan, doc_info="TM 123"
        )
    assert result.id == "9"
    (request,) = rec.requests
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    body = request.content
    assert b'name="file0"; filename="Certificate.PNG"' in body
    assert b"Content-Type: image/png" in body and b"\x89PNG\r\n\x1a\nimage" in body
    for name, value in (("add", b"1"), ("mts_step", b"1"), ("doc_info", b"TM 123")):
        assert f'name="{name}"'.encode() in body and value in body


async def test_without_document_the_form_is_urlencoded(recorder: Any) -> None:
    rec = recorder('{"result": "OK"}')
    async with AsyncSMSC(login="u", password="p", transport=rec.transport) as smsc:
        await smsc.senders.change(id=5, cmt="c")
    form = rec.form
    assert (form["chg"], form["id"], form["cmt"]) == ("1", "5", "c")


def _big() -> bytes:
    return b"x" * (3 * 1024 * 1024 + 1)


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        ("add", {"sender": ""}),
        ("add", {"sender": "TWO\nLINES"}),
        ("add", {"sender": "NOTMAIL", "mail": True}),
        ("add", {"sender": "S", "registration": ["mts_step", "bogus"]}),
        ("add", {"sender": "S", "registration": "mts_step"}),
        ("add", {"sender": "S", "document": ("notes.txt", b"text")}),
        ("add", {"sender": "S", "document": ("scan.pdf", b"")}),
        ("add", {"sender": "S", "document": ("scan.pdf", _big())}),
        ("add", {"sender": "S", "document": "/no/such/file.pdf"}),
        ("add", {"sender": "S", "cmt": 5}),
        ("change", {}),
        ("change", {"id": 0}),
        ("change", {"id": True}),
        ("delete", {}),
        ("delete", {"sender": " "}),
        ("send_code", {"sender": "MYSHOP"}),
        ("check_code", {"sender": "79991234567", "code": ""}),
        ("check_code", {"sender": "79991234567", "code": "12 34"}),
        ("check_code", {"sender": "MYSHOP", "code": "1234"}),
    ],
)
async def test_invalid_arguments_send_nothing(
    smsc: AsyncSMSC, emulator: SMSCEmulator, call: str, kwargs: dict[str, object]
) -> None:
    with refused_before_sending(emulator):
        await getattr(smsc.senders, call)(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"ua_reg": True},
        {"ua_int": True, "fio": "F", "site": "s"},
        {"by_reg": True, "by_fio": "F"},
        {"mts_step": 2},
        {"fio": ""},
        {"params": {"add": "1"}},
        {"params": {"mts_step": "1"}},
        {"params": {"login": "x"}},
    ],
)
def test_registration_validation(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SenderRegistration(**kwargs)  # type: ignore[arg-type]


def test_registration_wire() -> None:
    registration = SenderRegistration(
        by_reg=True,
        mts_int=True,
        by_fio="Shop",
        by_inn="123",
        by_address="Minsk",
        by_ocup="retail",
        params={"by_site": "shop.by"},
    )
    assert registration.requested == ("mts_int", "by_reg")
    assert registration.wire() == {
        "mts_int": "1",
        "by_reg": "1",
        "by_fio": "Shop",
        "by_inn": "123",
        "by_address": "Minsk",
        "by_ocup": "retail",
        "by_site": "shop.by",
    }


def test_document_helpers(tmp_path: Path) -> None:
    path = tmp_path / "scan.TIFF"
    path.write_bytes(b"II*\x00")
    document = SenderDocument.coerce(str(path))
    assert document.part() == ("scan.TIFF", b"II*\x00", "image/tiff")
    assert SenderDocument.coerce(document) is document
    big = tmp_path / "big.zip"
    big.write_bytes(_big())
    with pytest.raises(ValidationError, match="3145728-byte limit"):
        SenderDocument.from_path(big)
    assert "content" not in repr(document)
