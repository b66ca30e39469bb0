"""The second fidelity pass against the emulator, in every fmt: contact names and list
filters, "no records found" as an empty list, status of chat-bot messages, operator info
for several numbers, and the per-minute limits of phones.php, senders.php, info.php and
price requests — answered with error 9 by the emulator, waited out by the client."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator

import pytest

import aiosmsc.quotas
from aiosmsc import AsyncSMSC, OperatorNotFoundError, RateLimitedError, RetryPolicy
from aiosmsc.testing import ManualClock, SMSCEmulator
from aiosmsc.testing.in_process import IN_PROCESS_URL, DisconnectingASGITransport, client_for
from aiosmsc.testing.scripts.phones import PhonesState

FMTS = [0, 1, 2, 3]


@pytest.mark.parametrize("fmt", FMTS)
async def test_contact_name_and_the_phone_and_fio_filters(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    await smsc.contacts.add("79990000001", name="Anna", fio="Petrova Anna", fmt=fmt)
    await smsc.contacts.add("79990000002", name="Boris", fio="Ivanov Boris", fmt=fmt)
    assert emulator.requests[-1][1]["name"] == "Boris"
    await smsc.contacts.change("79990000002", name="Bob", fmt=fmt)
    assert emulator.state(PhonesState).contacts[2].fields["name"] == "Bob"

    (found,) = await smsc.contacts.list(phone="+7 999 000-00-02", fmt=fmt)
    assert found.id == "2"
    if fmt != 1:  # fmt=1 names only the id
        assert (found.name, found.fio) == ("Bob", "Ivanov Boris")
    (found,) = await smsc.contacts.list(fio="petrova", fmt=fmt)
    assert found.id == "1"
    assert emulator.requests[-1][1]["fio"] == "petrova"
    # Nothing matches: the service says error 3, "no records found"; that is no contact.
    assert await smsc.contacts.list(phone="79990000009", fmt=fmt) == []


@pytest.mark.parametrize("fmt", FMTS)
async def test_iterate_ends_at_no_records_found(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    emulator.state(PhonesState).page_size = 2
    for n in range(1, 5):  # two full pages: the third request finds nothing
        await smsc.contacts.add(f"7999000000{n}", fmt=fmt)
    emulator.requests.clear()
    ids = [contact.id async for contact in smsc.contacts.iterate(fmt=fmt)]
    assert ids == ["1", "2", "3", "4"]
    assert [sent.get("after_id") for _, sent in emulator.requests] == [None, "2", "4"]
    assert await smsc.groups.list(fmt=fmt) == []  # no groups: error 3, an empty list


@pytest.mark.parametrize("fmt", FMTS)
async def test_status_of_a_chat_bot_message(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    sent = await smsc.send_telegram("@anna", "Hi", bot=True, fmt=fmt)
    clock.advance(10)
    report = await smsc.status("@anna", sent.id, bot=True, fmt=fmt)
    assert report.is_delivered
    assert emulator.requests[-1][1]["bot"] == "1"
    await smsc.status("@anna", sent.id, fmt=fmt)
    assert "bot" not in emulator.requests[-1][1]


@pytest.mark.parametrize("fmt", FMTS)
async def test_operator_info_for_several_numbers(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    infos = await smsc.operator_info(["77010000000", "+7 (999) 000-00-01"], fmt=fmt)
    assert [(i.phone, i.country, i.operator) for i in infos] == [
        ("77010000000", "Kazakhstan", "Beeline"),
        ("79990000001", "Russia", "MegaFon"),
    ]
    assert emulator.requests[-1][1]["phone"] == "77010000000,+7 (999) 000-00-01"
    (one,) = await smsc.operator_info(["79990000001"], fmt=fmt)  # a list gives a list
    assert one.region == "Saint Petersburg"
    with pytest.raises(OperatorNotFoundError):  # error 3: a number of no known country
        await smsc.operator_info("3001234567", fmt=fmt)


@pytest.fixture
async def unguarded(emulator: SMSCEmulator) -> AsyncIterator[AsyncSMSC]:
    """A client without script limits that shows error 9 at once: no retry, and no
    penalty pause after it."""
    transport = DisconnectingASGITransport(app=emulator)
    async with client_for(
        emulator,
        host=IN_PROCESS_URL,
        transport=transport,
        max_retries=0,
        retry=RetryPolicy(penalty=0.0),
    ) as client:
        yield client


async def test_the_emulator_answers_9_past_each_limit(
    unguarded: AsyncSMSC, clock: ManualClock
) -> None:
    smsc = unguarded
    await smsc.contacts.add("79990000001")
    for _ in range(3):  # phones.php: three identical requests a minute
        await smsc.contacts.list(search="anna")
    with pytest.raises(RateLimitedError):
        await smsc.contacts.list(search="anna")
    await smsc.contacts.list(search="boris")  # another request has its own three
    for _ in range(3):  # senders.php: three identical list requests
        await smsc.senders.list()
    with pytest.raises(RateLimitedError):
        await smsc.senders.list()
    for n in range(5):  # senders.php: five creations, whatever they hold
        await smsc.senders.add(f"SHOP{n}")
    with pytest.raises(RateLimitedError):
        await smsc.senders.add("SHOP9")
    for _ in range(3):  # info.php: three identical requests
        await smsc.operator_info("79990000001")
    with pytest.raises(RateLimitedError):
        await smsc.operator_info("79990000001")
    clock.advance(60)
    await smsc.contacts.list(search="anna")
    await smsc.senders.list()
    await smsc.senders.add("SHOP9")
    for n in range(100):  # info.php: a hundred requests of any kind a minute
        await smsc.operator_info(f"799900{n:05d}")
    with pytest.raises(RateLimitedError):
        await smsc.operator_info("79990000077")


@pytest.fixture
async def limited(
    emulator: SMSCEmulator, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[AsyncSMSC, list[float]]]:
    """A client that keeps the script limits itself, its waits moving the emulator's
    clock instead of sleeping (and recorded). A wait is counted from the client's loop
    clock, which moved on a little since the first request while the emulator's stood
    still: the emulator's clock moves by the wait rounded up to a whole second."""
    waits: list[float] = []
    sleep = asyncio.sleep

    async def wait(delay: float) -> None:
        if delay > 0:
            waits.append(delay)
            clock.advance(math.ceil(delay))
        await sleep(0)

    monkeypatch.setattr(aiosmsc.quotas.asyncio, "sleep", wait)
    transport = DisconnectingASGITransport(app=emulator)
    async with AsyncSMSC(
        login="demo", password="demo-password", host=IN_PROCESS_URL, transport=transport
    ) as client:
        yield client, waits


async def test_the_client_waits_instead_of_earning_error_9(
    limited: tuple[AsyncSMSC, list[float]],
) -> None:
    smsc, waits = limited
    await smsc.contacts.add("79990000001")
    for _ in range(4):
        await smsc.contacts.list(search="anna")
    assert waits == [pytest.approx(60.0, abs=1)]
    for _ in range(4):
        await smsc.senders.list(all=True)
    for n in range(6):
        await smsc.senders.add(f"SHOP{n}")
    for _ in range(4):
        await smsc.operator_info("79990000001")
    for _ in range(6):
        await smsc.cost("79990000001", "same text")
    assert len(waits) == 5 and all(wait > 0 for wait in waits)
