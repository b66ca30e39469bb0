"""send_bulk: packing, per-recipient outcomes, accounting, interruption, memory."""

from __future__ import annotations

import asyncio
import itertools
import urllib.parse
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal

import pytest
from resilience.held import HeldRequests

from aiosmsc import (
    AsyncSMSC,
    BulkOutcome,
    InsufficientFundsError,
    OutcomeState,
    Recipient,
    ValidationError,
)
from aiosmsc.testing import SMSCEmulator

from .conftest import FAST_BULK_EMULATOR

pytestmark = FAST_BULK_EMULATOR


def sends(emulator: SMSCEmulator) -> list[dict[str, str]]:
    return [params for script, params in emulator.requests if script == "send"]


async def run(smsc: AsyncSMSC, rows: object, **kwargs: object) -> tuple[list[BulkOutcome], object]:
    async with smsc.send_bulk(rows, **kwargs) as job:  # type: ignore[arg-type]
        outcomes = [outcome async for outcome in job]
    return outcomes, job.report


async def test_shared_texts_go_into_phones_requests(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    rows = [(f"7999000{i:04d}", "Sale today" if i % 2 else "Hello") for i in range(10)]
    outcomes, report = await run(smsc, rows, sender="Shop")
    requests = sends(smsc_emulator)
    assert len(requests) == 2
    assert all("phones" in r and "list" not in r for r in requests)
    assert {r["mes"] for r in requests} == {"Sale today", "Hello"}
    assert all(r["sender"] == "Shop" for r in requests)
    assert sorted(o.phone for o in outcomes) == sorted(p for p, _ in rows)
    assert all(o.ok and o.message_id == o.client_id for o in outcomes)
    assert report.sent == 10 and report.requests == 2
    assert report.cost == Decimal("15.00")  # 10 messages at 1.50


async def test_personalised_texts_go_into_list_requests_within_the_limits(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    rows = [(f"7999{i:07d}", f"Your code is {i}") for i in range(1250)]
    outcomes, report = await run(smsc, rows, batch_size=500)
    requests = sends(smsc_emulator)
    sizes = sorted(len(r["list"].splitlines()) for r in requests)
    assert sizes == [250, 500, 500]
    assert all("phones" not in r for r in requests)
    assert {line for r in requests for line in r["list"].splitlines()} == {
        f"{p}:{t}" for p, t in rows
    }
    assert report.sent == 1250 and len(outcomes) == 1250


async def test_body_size_limit_splits_requests(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    rows = [(f"7999{i:07d}", "ж" * 300 + str(i)) for i in range(40)]  # ~1.8 KB url-encoded
    await run(smsc, rows, max_body=8 * 1024)
    requests = sends(smsc_emulator)
    sizes = [len(urllib.parse.quote_plus(r["list"])) for r in requests]
    assert len(requests) >= 10
    assert all(size <= 8 * 1024 for size in sizes)
    assert sum(len(r["list"].splitlines()) for r in requests) == 40


async def test_per_phone_errors_map_back_to_recipients(smsc: AsyncSMSC) -> None:
    rows = [("79990000001", "hi"), ("123", "hi"), ("79990000002", "hi"), ("79990000003", "yo")]
    outcomes, report = await run(smsc, rows)
    by_phone = {o.phone: o for o in outcomes}
    assert by_phone["79990000001"].ok and by_phone["79990000002"].ok and by_phone["79990000003"].ok
    bad = by_phone["123"]
    assert bad.state is OutcomeState.FAILED and bad.error is not None
    assert report.sent == 3 and report.failed_total == 1


async def test_invalid_recipients_fail_alone(smsc: AsyncSMSC, smsc_emulator: SMSCEmulator) -> None:
    rows = [("79990000001", "ok"), ("7999:1", "colon"), ("79990000002", "")]
    outcomes, report = await run(smsc, rows)
    assert sorted(o.state.value for o in outcomes) == ["failed", "failed", "sent"]
    assert report.failed["ValidationError"] == 2
    assert len(smsc_emulator.messages) == 1


async def test_each_recipient_is_checked_as_its_message_will_be_sent(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    rows = [
        ("79990000001", "fine"),
        ("shop@example.com", "an address is no phone for SMS"),
        ("79990000002", "x" * 1001),  # over the service's 1,000 characters
        ("79990000003", "__VIBER__hello"),  # a prefix that picks another channel: fine
        (" 79990000004 ", "spaces around the number are trimmed"),
        Recipient("79990000005", "bad option", options={"maxsms": 0}),
        Recipient("79990000006", "unknown option", options={"colour": "red"}),
    ]
    outcomes, report = await run(smsc, rows)
    failed = {o.phone: o.error for o in outcomes if not o.ok}
    assert set(failed) == {"shop@example.com", "79990000002", "79990000005", "79990000006"}
    assert all(isinstance(error, ValidationError) for error in failed.values())
    assert "colour" in str(failed["79990000006"])
    assert report.sent == 3 and report.failed["ValidationError"] == 4
    assert sorted(m.phone for m in smsc_emulator.messages) == [
        "79990000001",
        "79990000003",
        "79990000004",
    ]


async def test_texts_with_line_breaks_go_in_phones_requests(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    rows = [(f"7999{i:07d}", f"Dear {i},\nyour order is ready") for i in range(3)]
    rows += [(f"7999{i:07d}", f"Your code is {i}") for i in range(3, 6)]
    outcomes, report = await run(smsc, rows)
    requests = sends(smsc_emulator)
    assert sorted(r["mes"] for r in requests if "mes" in r) == [t for _, t in rows[:3]]
    assert [len(r["list"].splitlines()) for r in requests if "list" in r] == [3]
    assert report.sent == 6 and len(outcomes) == 6


async def test_a_comment_keeps_every_text_out_of_list_requests(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    rows = [(f"7999{i:07d}", f"Your code is {i}") for i in range(4)]
    _, report = await run(smsc, rows, comment="campaign 7")
    requests = sends(smsc_emulator)
    assert len(requests) == 4 and all("list" not in r for r in requests)
    assert report.sent == 4


async def test_e_mail_and_hex_binary_jobs(smsc: AsyncSMSC, smsc_emulator: SMSCEmulator) -> None:
    mail = [(f"user{i}@example.com", f"Hello {i}") for i in range(3)]
    _, report = await run(smsc, mail, channel="mail", subj="News", sender="shop@example.com")
    assert report.sent == 3
    _, report = await run(
        smsc, [("79990000001", "0A0B"), ("79990000002", "0xZZ")], channel="bin_hex"
    )
    assert report.sent == 1 and report.failed["ValidationError"] == 1


async def test_bad_shared_options_raise_before_anything_is_sent(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    with pytest.raises(ValidationError, match="maxsms"):
        smsc.send_bulk([("79990000001", "x")], maxsms=0)
    with pytest.raises(ValidationError, match="phones"):
        smsc.send_bulk([], phones="79990000001")
    assert smsc_emulator.requests == []


async def test_recipient_options_and_ids(smsc: AsyncSMSC, smsc_emulator: SMSCEmulator) -> None:
    rows = [
        Recipient("79990000001", "a", id="order-1"),
        Recipient("79990000002", "b", options={"sender": "Other"}),
        ("79990000003", "c"),
    ]
    outcomes, _ = await run(smsc, rows)
    by_phone = {o.phone: o for o in outcomes}
    assert by_phone["79990000001"].message_id == "order-1"
    requests = sends(smsc_emulator)
    assert any(r.get("sender") == "Other" and "79990000002" in r["list"] for r in requests)
    assert len(requests) == 3  # different id / options cannot share a request


async def test_async_iterable_input(smsc: AsyncSMSC) -> None:
    async def rows() -> AsyncIterator[tuple[str, str]]:
        for i in range(30):
            await asyncio.sleep(0)
            yield (f"7999{i:07d}", f"t{i}")

    outcomes, report = await run(smsc, rows())
    assert len(outcomes) == 30 and report.consumed == 30


async def test_no_money_stops_the_job_and_accounts_for_everyone(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    smsc_emulator.balance = Decimal("3.00")  # two messages' worth
    rows = [(f"7999{i:07d}", f"t{i}") for i in range(3000)]
    outcomes, report = await run(smsc, rows, batch_size=2, concurrency=1)
    assert report.sent == 2
    assert report.failed["InsufficientFundsError 3"] == 2
    accounted = len(outcomes) + len(report.not_attempted)
    assert accounted == report.consumed
    assert report.consumed < 3000  # the rest of the input was never read
    assert any(isinstance(o.error, InsufficientFundsError) for o in outcomes)


async def test_break_leaves_an_exact_record(smsc: AsyncSMSC, smsc_emulator: SMSCEmulator) -> None:
    rows = ((f"7999{i:07d}", f"t{i}") for i in range(100_000))
    seen: list[BulkOutcome] = []
    async with smsc.send_bulk(rows, batch_size=100, concurrency=3) as job:
        async for outcome in job:
            seen.append(outcome)
            if len(seen) == 250:
                break
    report = job.report
    sent_phones = {o.phone for o in seen + report.unreported if o.ok}
    ledger = Counter(m.phone for m in smsc_emulator.messages)
    assert set(ledger) == sent_phones  # exactly what was sent is reported as sent
    assert max(ledger.values()) == 1
    assert len(seen) + len(report.unreported) + len(report.not_attempted) == report.consumed
    assert report.consumed < 100_000


async def test_cancellation_reports_requests_in_flight_as_unknown(
    smsc_emulator: SMSCEmulator,
) -> None:
    from aiosmsc.testing import serving

    smsc_emulator.chaos = None
    held = HeldRequests(smsc_emulator)
    held.hold(None)  # the server answers no send
    async with (
        serving(held) as server,
        AsyncSMSC(
            login="demo", password="demo-password", host=server.url, script_limits=False
        ) as smsc,
    ):
        job = smsc.send_bulk([(f"7999{i:07d}", f"t{i}") for i in range(20)], batch_size=5)

        async def consume() -> None:
            async with job:
                async for _ in job:
                    pass

        task = asyncio.ensure_future(consume())
        await held.holding(1)  # a request is now in flight, held by the server
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    report = job.report
    assert report.unknown + len(report.not_attempted) + report.sent == 20
    assert report.unknown > 0
    assert all(o.client_id for o in report.unreported if o.state is OutcomeState.UNKNOWN)


async def test_every_recipient_of_a_large_job_is_accounted_for_once(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    # Forty batches of each kind (shared text, personalised) are enough to show that no
    # recipient is lost or repeated across batches; how the job scales to a million
    # recipients (time, memory) is measured by benchmarks/, not here.
    total = 20_000

    def rows() -> Iterator[tuple[str, str]]:
        for i in range(total):
            yield (f"79{i:09d}", "Black Friday!" if i % 3 == 0 else f"Hi #{i}")

    smsc_emulator.keep_requests = False
    counts: Counter[str] = Counter()
    async with smsc.send_bulk(rows(), batch_size=1000) as job:
        async for outcome in job:
            counts[outcome.phone] += 1
    assert len(counts) == total and set(counts.values()) == {1}
    assert job.report.sent == total and job.report.consumed == total
    assert len(smsc_emulator.messages) == total
    assert len({m.phone for m in smsc_emulator.messages}) == total


async def test_progress_hook_sees_every_request(smsc: AsyncSMSC) -> None:
    seen: list[int] = []
    rows = list(itertools.islice(((f"7999{i:07d}", f"t{i}") for i in itertools.count()), 50))
    await run(smsc, rows, batch_size=10, progress=lambda report: seen.append(report.sent))
    assert seen == [10, 20, 30, 40, 50]


async def test_rows_as_lists_like_csv_reader_gives(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    rows = [["79990000001", "Hello 1"], ["79990000002", "Hello 2"], ["12", "Hello 3"]]
    outcomes, report = await run(smsc, iter(rows))
    assert [r["list"] for r in sends(smsc_emulator)] == [
        "79990000001:Hello 1\n79990000002:Hello 2\n12:Hello 3"
    ]
    assert report.sent == 2 and [o.phone for o in outcomes if not o.ok] == ["12"]
