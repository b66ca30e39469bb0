"""send_bulk without a journal: lost replies reconciled in shared lookups, slow servers,
garbled last replies, culprits found, per-number errors typed like single sends."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from aiosmsc import (
    AsyncSMSC,
    BulkOutcome,
    DeliveryUnknownError,
    InvalidPhoneError,
    MessageDeniedError,
    OutcomeState,
    RetryPolicy,
    Timeouts,
)
from aiosmsc.bulk import BulkReport
from aiosmsc.session import Attempt
from aiosmsc.testing import Fault, SMSCEmulator, serving

from .loopback import (  # noqa: F401 - the loopback fixtures replace conftest's
    SETTLE,
    HeldRequests,
    accepted_once,
    demo_client,
    loopback_client_fixture,
    loopback_emulator_fixture,
    loopback_held_fixture,
)


async def run(
    smsc: AsyncSMSC, rows: object, **kwargs: object
) -> tuple[list[BulkOutcome], BulkReport, int]:
    async with smsc.send_bulk(rows, **kwargs) as job:  # type: ignore[arg-type]
        outcomes = [outcome async for outcome in job]
    return outcomes, job.report, job.reconciler.requests


def statuses(emulator: SMSCEmulator) -> list[dict[str, str]]:
    return [params for script, params in emulator.requests if script == "status"]


async def test_per_number_errors_are_typed_like_a_single_send(smsc: AsyncSMSC) -> None:
    """Issue 11.5: code 7 for one number of a shared request is an InvalidPhoneError."""
    rows = [("79990000001", "hi"), ("123", "hi"), ("79990000002", "hi")]
    outcomes, report, _ = await run(smsc, rows)
    bad = next(o for o in outcomes if o.phone == "123")
    assert isinstance(bad.error, InvalidPhoneError) and bad.error.code == 7
    assert report.failed == Counter({"InvalidPhoneError 7": 1})
    with pytest.raises(InvalidPhoneError) as single:
        await smsc.send("123", "hi")
    assert type(single.value) is type(bad.error)


async def test_one_denied_text_fails_alone(smsc: AsyncSMSC, emulator: SMSCEmulator) -> None:
    """Issue 11.4: 600 personalised rows, one text the service denies: 599 sent."""
    rows = [(f"7999{i:07d}", f"Hello {i}") for i in range(600)]
    rows[417] = (rows[417][0], "a forbidden word")
    outcomes, report, _ = await run(smsc, rows, batch_size=100)
    failed = [o for o in outcomes if o.state is OutcomeState.FAILED]
    assert [o.phone for o in failed] == [rows[417][0]]
    assert isinstance(failed[0].error, MessageDeniedError)
    assert report.sent == 599
    assert len(accepted_once(emulator)) == 599
    # Binary search: a refused request of n rows costs about 2·log2(n) more requests.
    assert report.requests <= 6 + 2 * 7


async def test_a_denied_shared_text_fails_everyone_without_splitting(
    smsc: AsyncSMSC, emulator: SMSCEmulator
) -> None:
    rows = [(f"7999{i:07d}", "forbidden for all") for i in range(50)]
    outcomes, report, _ = await run(smsc, rows)
    assert {o.state for o in outcomes} == {OutcomeState.FAILED}
    assert report.requests == 1  # the text is everyone's: no one is innocent
    assert not emulator.messages


async def test_a_garbled_last_reply_is_reconciled_not_failed(emulator: SMSCEmulator) -> None:
    """Issue 12.3: a reply we cannot read after the request may have been accepted is
    unknown until the service is asked, never failed (--retry-failed would resend it)."""
    emulator.inject(Fault("malformed", script="send", body="<<garbage"))
    async with (
        serving(emulator) as server,
        demo_client(
            server.url,
            max_retries=0,
            retry=RetryPolicy(settle=SETTLE),
        ) as smsc,
    ):
        outcomes, report, _ = await run(smsc, [("79990000001", "a"), ("79990000002", "b")])
    assert {o.state for o in outcomes} == {OutcomeState.SENT}
    assert report.failed_total == 0
    assert len(accepted_once(emulator)) == 2


async def test_lost_replies_share_one_status_request(
    smsc: AsyncSMSC, emulator: SMSCEmulator
) -> None:
    """Issue 12.4: six multi-recipient batches lose their replies at once; one
    multi-message status request settles them all (one is allowed a minute)."""
    emulator.inject(Fault("drop_after", script="send", times=6))
    rows = [(f"7999{i:07d}", f"text {i % 6}") for i in range(60)]
    outcomes, _, lookups = await run(smsc, rows, batch_size=10, concurrency=6)
    assert {o.state for o in outcomes} == {OutcomeState.SENT}
    assert lookups == 1 and len(statuses(emulator)) == 1
    assert len(accepted_once(emulator)) == 60


async def test_a_slow_server_does_not_get_a_batch_twice(emulator: SMSCEmulator) -> None:
    """Issue 12.1 in bulk: the request is accepted after the client's read timeout and
    before its lookup. The server holds it until 50 ms after the client's attempt failed:
    later than a lookup made at once would be answered, earlier than the settle (both are
    timers of the one event loop, so that order holds however busy the machine is)."""
    slow = HeldRequests(emulator)
    slow.hold(1)

    def let_go_soon(attempt: Attempt) -> None:
        if attempt.script == "send" and attempt.outcome != "ok":
            asyncio.get_running_loop().call_later(0.05, slow.release)

    async with (
        serving(slow) as server,
        demo_client(
            server.url,
            # The held send times out; the status lookup is answered well within it.
            timeout=Timeouts(connect=2, write=2, read=0.15, pool=2),
            retry=RetryPolicy(settle=0.1),
            on_attempt=let_go_soon,
        ) as smsc,
    ):
        rows = [(f"7999{i:07d}", "shared") for i in range(100)]
        outcomes, _, lookups = await run(smsc, rows)
        await slow.settled()
    assert slow.held == 1 and lookups >= 1
    assert {o.state for o in outcomes} == {OutcomeState.SENT}
    assert len(accepted_once(emulator)) == 100


async def test_requests_that_never_arrived_are_sent_again_with_the_same_id(
    emulator: SMSCEmulator,
) -> None:
    emulator.inject(Fault("drop_before", script="send", times=2))
    async with (
        serving(emulator) as server,
        demo_client(server.url, retry=RetryPolicy(settle=SETTLE, base_delay=0.01)) as smsc,
    ):
        rows = [(f"7999{i:07d}", "shared") for i in range(3)]
        outcomes, _, _ = await run(smsc, rows)
    assert {o.state for o in outcomes} == {OutcomeState.SENT}
    sends = [params for script, params in emulator.requests if script == "send"]
    assert len(sends) == 1 and len({o.client_id for o in outcomes}) == 1
    assert len(accepted_once(emulator)) == 3


async def test_an_always_failing_server_is_given_up_within_the_bound(
    emulator: SMSCEmulator,
) -> None:
    """Issue 12.4: against a server that answers 502 to everything, the job gives up
    within settle + the reconciler's window; the rows are unknown, never failed."""
    emulator.inject(Fault("http_error", times=10_000))
    settle, window = 0.05, 0.1
    async with (
        serving(emulator) as server,
        demo_client(
            server.url,
            retry=RetryPolicy(settle=settle, base_delay=0.01, max_delay=0.05),
        ) as smsc,
    ):
        loop = asyncio.get_running_loop()
        started = loop.time()
        async with smsc.send_bulk([("79990000001", "a"), ("79990000002", "b")]) as job:
            job.reconciler.window = window
            outcomes = [outcome async for outcome in job]
        elapsed = loop.time() - started
    assert {o.state for o in outcomes} == {OutcomeState.UNKNOWN}
    assert all(isinstance(o.error, DeliveryUnknownError) for o in outcomes)
    assert elapsed < settle + window + 1.0
