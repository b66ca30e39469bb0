"""Every blocking method, called against the emulator: the async client's results and
errors come back through the loop thread unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from aiosmsc import (
    SMSC,
    APIError,
    BulkOutcome,
    Channel,
    ClientClosedError,
    DeleteFailedError,
    DuplicateSendError,
    HistoryMessage,
    InboxMessage,
    MessageStatus,
    RateLimitedError,
    ValidationError,
)
from aiosmsc.sync import BlockingIterator
from aiosmsc.testing.kit import EmulatorKit
from aiosmsc.testing.scripts.senders import SendersState

from .surface import blocking_surface

PHONE = "79990000001"
Scenario = Callable[[SMSC, EmulatorKit], None]
SCENARIOS: dict[str, Scenario] = {}


def covers(*names: str) -> Callable[[Scenario], Scenario]:
    """Register a scenario as the test of the blocking methods ``names``."""

    def register(scenario: Scenario) -> Scenario:
        for name in names:
            SCENARIOS[name] = scenario
        return scenario

    return register


@covers("send", "cost", "status", "delete", "balance")
def _messages(smsc: SMSC, kit: EmulatorKit) -> None:
    assert smsc.cost(PHONE, "Hello").cost == Decimal("1.50")
    sent = smsc.send(PHONE, "Hello", sender="SHOP")
    assert kit.texts_to(PHONE) == ["Hello"]
    kit.settle()
    assert smsc.status(PHONE, sent.id).status is MessageStatus.DELIVERED
    (report,) = smsc.status([(PHONE, sent.id)], all=1)
    assert report.message == "Hello"
    assert smsc.balance(cur=True).balance == Decimal("98.50")
    later = smsc.send(PHONE, "Later", time=dt.timedelta(hours=1))
    assert smsc.delete(PHONE, later.id) is None
    with pytest.raises(DeleteFailedError):
        smsc.delete(PHONE, "no-such-id")


@covers("hlr", "ping", "send_mms", "send_mail", "call", "voice_code", "send_viber", "send_telegram")
def _channels(smsc: SMSC, kit: EmulatorKit) -> None:
    smsc.hlr(PHONE)
    smsc.ping(PHONE)
    smsc.send_mms(PHONE, "Look", files={"a.jpg": b"jpeg"}, subj="Cat")
    smsc.send_mail("anna@example.com", "<b>Hi</b>", subj="Hello", sender="shop@example.com")
    smsc.call(PHONE, "Your order is ready")
    code = smsc.voice_code(PHONE).code
    smsc.send_viber(PHONE, "Sale!", sender="SHOP")
    smsc.send_telegram(["@anna"], "Hi")
    assert len(kit.sent) == 8
    assert code in {message.code for message in kit.sent}


@covers("history", "history_page", "stats", "tariffs", "operator_info", "short_link")
def _history(smsc: SMSC, kit: EmulatorKit) -> None:
    for n in range(3):
        smsc.send(f"7999000000{n}", f"Pay at https://pay.example/{n}")
    history = smsc.history(page_size=2)
    assert isinstance(history, BlockingIterator)
    messages = list(history)  # two pages
    assert [m.message for m in messages] == [f"Pay at https://pay.example/{n}" for n in (2, 1, 0)]
    assert all(isinstance(m, HistoryMessage) for m in messages)
    assert len(smsc.history_page(cnt=1)) == 1
    (today,) = smsc.stats()
    assert today.cnt == 3
    assert smsc.tariffs()
    assert smsc.operator_info(PHONE).country
    assert smsc.short_link(link="https://pay.example/1").link == "https://pay.example/1"
    with pytest.raises(ValidationError):
        smsc.history(page_size=0)  # checked at the call, as the async one is


@covers("inbox", "inbox_page")
def _inbox(smsc: SMSC, kit: EmulatorKit) -> None:
    for n in range(3):
        kit.receive(f"7999000000{n}", f"answer {n}")
    with smsc.inbox(page_size=2, limit=2) as inbox:
        assert [m.message for m in inbox] == ["answer 0", "answer 1"]
    assert all(isinstance(m, InboxMessage) for m in smsc.inbox_page())


@covers("wait_call", "notify_event", "request")
def _misc(smsc: SMSC, kit: EmulatorKit) -> None:
    assert smsc.wait_call(PHONE).phone
    smsc.notify_event("42", ok=0, name="site")
    rows = smsc.request("get", get_price=1)
    assert isinstance(rows, list) and len(rows) == len(smsc.tariffs())


@covers("send_bulk", "track")
def _bulk(smsc: SMSC, kit: EmulatorKit) -> None:
    rows = [(f"7999000002{n}", f"Hi {n}") for n in range(5)]  # none ends in 13: all delivered
    with smsc.send_bulk(rows, batch_size=2, sender="SHOP") as job:
        outcomes = list(job)
    assert all(isinstance(o, BulkOutcome) and o.ok for o in outcomes)
    assert (job.report.sent, job.report.requests) == (5, 3)
    kit.settle()
    tracker = smsc.track(outcomes[:2], poll_interval=0)
    tracker.add(outcomes[2])
    assert tracker.pending == 3
    assert sorted(t.state for t in tracker) == ["delivered"] * 3


@covers("with_options", "close", "base_url", "hosts", "limiter", "fmt", "closed")
def _lifecycle(smsc: SMSC, kit: EmulatorKit) -> None:
    view = smsc.with_options(detect_duplicates=False)
    smsc.send(PHONE, "same", id=5)
    with pytest.raises(DuplicateSendError):
        smsc.send(PHONE, "same", id=5)
    with pytest.raises(RateLimitedError):  # the view sends it: the emulator refuses it
        view.send(PHONE, "same", id=5)
    assert smsc.base_url == "http://smsc.test" and smsc.hosts == ("http://smsc.test",)
    assert smsc.limiter is view.limiter and smsc.fmt == 3
    view.close()
    assert smsc.closed  # closing a view closes its client, as with AsyncSMSC
    with pytest.raises(ClientClosedError, match="this SMSC is closed"):
        smsc.balance()


@covers(
    "senders.list",
    "senders.add",
    "senders.change",
    "senders.delete",
    "senders.send_code",
    "senders.check_code",
)
def _senders(smsc: SMSC, kit: EmulatorKit) -> None:
    added = smsc.senders.add("MYSHOP", cmt="our shop")
    assert [name.sender for name in smsc.senders.list(all=True)] == ["MYSHOP"]
    smsc.senders.change(id=added.id, cmt="changed")
    smsc.senders.delete("MYSHOP")
    smsc.senders.add("79990000005")  # a digital name, confirmed by a code
    smsc.senders.send_code("79990000005")
    code = kit.emulator.state(SendersState).codes["79990000005"]
    assert smsc.senders.check_code("79990000005", code).sender == "79990000005"


@covers(
    "templates.add",
    "templates.change",
    "templates.delete",
    "templates.list",
    "operator_templates.add",
    "operator_templates.list",
)
def _templates(smsc: SMSC, kit: EmulatorKit) -> None:
    added = smsc.templates.add("t", "text")
    smsc.templates.change(added.id, msg="other")
    assert [t.msg for t in smsc.templates.list()] == ["other"]
    smsc.templates.delete(added.id)
    smsc.operator_templates.add("SHOP", "text", tele2_trn=True)
    assert [t.sender for t in smsc.operator_templates.list()] == ["SHOP"]


@covers("jobs.add", "jobs.get", "jobs.list", "jobs.cancel", "jobs.delete")
def _jobs(smsc: SMSC, kit: EmulatorKit) -> None:
    added = smsc.jobs.add("promo", PHONE, "Sale!", time="+600")
    assert smsc.jobs.get(added.id).name == "promo"
    assert [job.id for job in smsc.jobs.list()] == [added.id]
    smsc.jobs.cancel(added.id)
    smsc.jobs.delete(added.id)
    assert smsc.jobs.list() == []


@covers(
    "contacts.add",
    "contacts.change",
    "contacts.delete",
    "contacts.list",
    "contacts.iterate",
    "groups.add",
    "groups.change",
    "groups.delete",
    "groups.list",
    "groups.move",
    "blacklist.add",
    "blacklist.delete",
)
def _phone_book(smsc: SMSC, kit: EmulatorKit) -> None:
    group = smsc.groups.add("friends")
    other = smsc.groups.add("others")
    smsc.contacts.add(PHONE, fnm="Anna", grp=group.id)
    smsc.contacts.add("79990000002", fnm="Boris")
    smsc.contacts.change(PHONE, fnm="Anne")
    assert [c.fnm for c in smsc.contacts.list(search="Anne")] == ["Anne"]
    smsc.groups.move(PHONE, other.id)
    smsc.groups.change(other.id, name="bee")
    assert sorted(g.name for g in smsc.groups.list()) == ["bee", "friends"]
    smsc.groups.delete(group.id)
    assert len(list(smsc.contacts.iterate())) == 2
    smsc.contacts.delete("79990000002")
    smsc.blacklist.add([PHONE])
    smsc.blacklist.delete(PHONE)


@covers(
    "subclients.add",
    "subclients.change",
    "subclients.pay",
    "subclients.stats",
    "subclients.stats_all",
    "documents.create_invoice",
    "documents.get_invoice",
    "documents.get_act",
)
def _accounts(smsc: SMSC, kit: EmulatorKit) -> None:
    smsc.subclients.add("shop-1", "s3cret")
    smsc.subclients.change("shop-1", fio="Shop One")
    smsc.subclients.pay("shop-1", Decimal("12.50"))
    assert len(smsc.subclients.stats("shop-1")) == 1
    assert len(smsc.subclients.stats_all()) == 1
    invoice = smsc.documents.create_invoice("1500.00")
    assert smsc.documents.get_invoice(invoice.id).content
    assert smsc.documents.get_act(num=invoice.num)
    with pytest.raises(APIError):
        smsc.subclients.pay("nobody", 1)


@covers("receive_phones.list", "receive_phones.buy", "receive_phones.change")
def _receive_phones(smsc: SMSC, kit: EmulatorKit) -> None:
    phone = smsc.receive_phones.list()[0].phone
    smsc.receive_phones.buy(phone)
    smsc.receive_phones.change(phone, noprolong=True)
    assert {p.phone: p for p in smsc.receive_phones.list()}[phone].noprolong


def test_every_blocking_method_has_a_scenario() -> None:
    methods = {name for name, m in blocking_surface().items() if not isinstance(m, type)}
    assert sorted(methods - set(SCENARIOS)) == []


@pytest.mark.parametrize("scenario", sorted(set(SCENARIOS.values()), key=lambda s: s.__name__))
def test_scenario(scenario: Scenario, blocking_smsc: SMSC, smsc_kit: EmulatorKit) -> None:
    scenario(blocking_smsc, smsc_kit)


def test_errors_are_the_async_clients(blocking_smsc: SMSC, smsc_kit: EmulatorKit) -> None:
    smsc_kit.set_balance(0)
    with pytest.raises(APIError) as caught:
        blocking_smsc.send(PHONE, "no money")
    assert caught.value.code == 3
    with pytest.raises(TypeError, match="nope"):
        blocking_smsc.send(PHONE, "x", nope=1)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        blocking_smsc.send(PHONE, "x", channel=Channel.MMS, voice="m")  # type: ignore[call-arg]
