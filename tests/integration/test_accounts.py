"""Sub-clients and documents against the emulator in every fmt."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aiosmsc import APIError, AsyncSMSC, ParameterError
from aiosmsc.models.accounts import Currency, SubclientType
from aiosmsc.testing import ManualClock, SMSCEmulator
from aiosmsc.testing.scripts.accounts import DocumentsState, SubclientsState

from .refusal import refused_before_sending

FMTS = [0, 1, 2, 3]
MSK = dt.timezone(dt.timedelta(hours=3))


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.loopback("users")
async def test_subclient_lifecycle(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    added = await smsc.subclients.add(
        "shop-1",
        "s3cret",
        type=SubclientType.MAIN_TARIFF,
        email="shop@example.org",
        curr=Currency.RUB,
        tz=15,
        fmt=fmt,
    )
    state = emulator.state(SubclientsState)
    created = state.users["shop-1"]
    assert added.id == str(created.id)
    assert (created.password, created.type) == ("s3cret", 1)
    assert created.settings == {"email": "shop@example.org", "curr": "1", "tz": "15"}

    await smsc.subclients.change("shop-1", new_login="shop-2", fio="Shop Two", fmt=fmt)
    assert "shop-1" not in state.users and state.users["shop-2"].settings["fio"] == "Shop Two"

    paid = await smsc.subclients.pay("shop-2", Decimal("12.50"), fmt=fmt)
    assert emulator.balance == Decimal("87.50")
    assert paid.balance == Decimal("87.50")
    assert state.users["shop-2"].balance == Decimal("12.50")

    (stats,) = await smsc.subclients.stats("shop-2", fmt=fmt)
    assert (stats.user, stats.id, stats.type) == ("shop-2", added.id, SubclientType.MAIN_TARIFF)
    assert (stats.balance, stats.paid) == (Decimal("12.50"), Decimal("12.50"))
    (by_id,) = await smsc.subclients.stats(user_id=int(added.id), fmt=fmt)
    assert by_id == stats

    tomorrow = dt.datetime.fromtimestamp(clock.now(), MSK).date() + dt.timedelta(days=1)
    (later,) = await smsc.subclients.stats("shop-2", start=tomorrow, fmt=fmt)
    assert later.paid == 0 and later.balance == Decimal("12.50")


@pytest.mark.parametrize("fmt", FMTS)
async def test_stats_all_and_reseller_filter(smsc: AsyncSMSC, fmt: int) -> None:
    await smsc.subclients.add("own", "pw", type=SubclientType.OWN, fmt=fmt)
    await smsc.subclients.add("shared", "pw", type=SubclientType.MAIN, fmt=fmt)
    everyone = await smsc.subclients.stats_all(fmt=fmt)
    assert [row.user for row in everyone] == ["own", "shared"]
    on_main_balance = await smsc.subclients.stats_all(reseller=0, fmt=fmt)
    assert [row.user for row in on_main_balance] == ["shared"]
    independent = await smsc.subclients.stats_all(reseller=1, hide_deleted=True, fmt=fmt)
    assert [row.user for row in independent] == ["own"]


@pytest.mark.parametrize("fmt", FMTS)
async def test_subclient_errors(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    await smsc.subclients.add("bob", "pw", fmt=fmt)
    with pytest.raises(ParameterError):
        await smsc.subclients.add("bob", "pw2", fmt=fmt)  # the login is taken
    with pytest.raises(ParameterError):
        await smsc.subclients.pay("nobody", 1, fmt=fmt)
    with pytest.raises(APIError) as info:
        await smsc.subclients.pay("bob", 1000, fmt=fmt)
    assert info.value.code == 3
    assert emulator.balance == Decimal("100.00")  # nothing moved
    assert emulator.state(SubclientsState).users["bob"].balance == 0


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.loopback("documents")
async def test_invoice_and_act_downloads(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    invoice = await smsc.documents.create_invoice("1500.00", service="SMS", fmt=fmt)
    assert invoice.num == "INV-00001" and invoice.sum == Decimal("1500.00")
    assert invoice.date == dt.datetime.fromtimestamp(clock.now(), MSK).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    assert emulator.state(DocumentsState).invoices[1].service == "SMS"

    assert invoice.id is not None
    pdf = await smsc.documents.get_invoice(invoice.id, fmt=fmt)
    assert pdf.content is not None and pdf.content.startswith(b"%PDF-")
    assert pdf.content.rstrip().endswith(b"%%EOF")
    assert b"Invoice INV-00001" in pdf.content and b"1500.00" in pdf.content
    assert (pdf.content_type, pdf.filename) == ("application/pdf", f"invoice-{invoice.id}.pdf")

    act = await smsc.documents.get_act(num=invoice.num, fmt=fmt)
    assert act.content is not None and b"Act INV-00001" in act.content
    assert act.filename == "act-INV-00001.pdf"

    with pytest.raises(ParameterError):
        await smsc.documents.get_invoice(99, fmt=fmt)


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda s: s.subclients.add("", "pw"), "user"),
        (lambda s: s.subclients.add("a b", "pw"), "user"),
        (lambda s: s.subclients.add("bob", ""), "password"),
        (lambda s: s.subclients.add("bob", "pw", type=5), "type"),
        (lambda s: s.subclients.add("bob", "pw", type=True), "type"),
        (lambda s: s.subclients.add("bob", "pw", curr=0), "curr"),
        (lambda s: s.subclients.add("bob", "pw", tz=25), "tz"),
        (lambda s: s.subclients.add("bob", "pw", tariff=9), "tariff"),
        (lambda s: s.subclients.add("bob", "pw", phone="1,2"), "phone"),
        (lambda s: s.subclients.add("bob", "pw", params={"pswc": "x"}), "pswc"),
        (lambda s: s.subclients.add("bob", "pw", params={"psw": "x"}), "psw"),
        (lambda s: s.subclients.change("bob"), "nothing to change"),
        (lambda s: s.subclients.change("bob", new_login="a,b"), "new_login"),
        (lambda s: s.subclients.pay("bob", 0), "sum"),
        (lambda s: s.subclients.pay("bob", "-5"), "sum"),
        (lambda s: s.subclients.pay("bob", "1.005"), "sum"),
        (lambda s: s.subclients.pay("bob", "NaN"), "sum"),
        (lambda s: s.subclients.pay("bob", 1.5), "sum"),
        (lambda s: s.subclients.stats(), "user"),
        (lambda s: s.subclients.stats("bob", user_id=1), "user"),
        (lambda s: s.subclients.stats(user_id="x1"), "user_id"),
        (lambda s: s.subclients.stats_all(reseller=2), "reseller"),
        (lambda s: s.subclients.stats_all(start="1.13.2024"), "start"),
        (lambda s: s.documents.create_invoice(-1), "sum"),
        (lambda s: s.documents.create_invoice(10, user="a", user_id=1), "user"),
        (lambda s: s.documents.get_invoice(), "id"),
        (lambda s: s.documents.get_act(1, num="A"), "id"),
        (lambda s: s.documents.get_act(True), "id"),
    ],
)
async def test_validation_sends_nothing(
    smsc: AsyncSMSC, emulator: SMSCEmulator, call, needle: str
) -> None:
    with refused_before_sending(emulator, needle):
        await call(smsc)


async def test_password_never_shows_in_an_operation_repr() -> None:
    from aiosmsc.operations.accounts import AddSubclient, ChangeSubclient

    operation = AddSubclient.build("bob", "hunter2")
    changed = ChangeSubclient.build("bob", password="hunter2")
    assert "hunter2" not in repr(changed)
    assert changed.params()["pswc"] == "hunter2"
    assert "hunter2" not in repr(operation)
    assert operation.params()["pswc"] == "hunter2"
