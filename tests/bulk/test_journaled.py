"""send_bulk with a journal: planned before claimed, claimed before sent, resumed exactly
(recovered batches reconciled first), several workers on one job, --retry-failed."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
import services

from aiosmsc import AsyncSMSC, BulkJob, BulkOutcome, OutcomeState, RetryPolicy
from aiosmsc.bulk.reconciler import SINGLES_UP_TO
from aiosmsc.journal import (
    BatchState,
    JobMismatchError,
    JobStore,
    RowState,
    SQLiteJobStore,
    iter_outcomes,
)
from aiosmsc.testing import SMSCEmulator, serving

from .loopback import (  # noqa: F401 - the loopback fixtures replace conftest's
    SETTLE,
    HeldRequests,
    accepted_once,
    demo_client,
    loopback_client_fixture,
    loopback_emulator_fixture,
    loopback_held_fixture,
)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[JobStore]:
    async with SQLiteJobStore(tmp_path / "job.journal") as opened:
        yield opened


def rows(count: int) -> list[tuple[str, str]]:
    return [(f"7999{i:07d}", f"Hello {i}" if i % 3 else "shared") for i in range(count)]


async def run(smsc: AsyncSMSC, source: object, **kwargs: object) -> list[BulkOutcome]:
    async with smsc.send_bulk(source, **kwargs) as job:  # type: ignore[arg-type]
        return [outcome async for outcome in job]


def assert_exactly_once(emulator: SMSCEmulator, expected: list[tuple[str, str]]) -> None:
    accepted_once(emulator)
    assert sorted((m.phone, m.text) for m in emulator.messages) == sorted(expected)


async def recorded(store: JobStore, job_id: str) -> Counter[RowState]:
    return Counter([record.state async for record in iter_outcomes(store, job_id)])


async def test_a_journaled_job_records_every_row(
    smsc: AsyncSMSC, emulator: SMSCEmulator, store: JobStore
) -> None:
    source = [*rows(120), ("123", "bad number"), ("79990000999", "")]
    outcomes = await run(smsc, source, journal=store, job_id="j1", batch_size=25)
    assert Counter(o.state for o in outcomes) == {OutcomeState.SENT: 120, OutcomeState.FAILED: 2}
    assert {o.client_id for o in outcomes if o.ok} <= {f"j1-{n}" for n in range(1, 40)}
    summary = await store.summary("j1")
    assert summary.finished and summary.rows[RowState.SENT] == 120
    assert summary.rows[RowState.FAILED] == 2
    assert_exactly_once(emulator, rows(120))
    # Run again: the journal says everything is done, nothing is sent.
    assert await run(smsc, source, journal=store, job_id="j1", batch_size=25) == []
    assert len(emulator.messages) == 120


async def test_other_settings_are_refused(smsc: AsyncSMSC, store: JobStore) -> None:
    await run(smsc, rows(3), journal=store, job_id="j2", sender="Shop")
    with pytest.raises(JobMismatchError):
        await run(smsc, rows(3), journal=store, job_id="j2", sender="Other")


async def test_bad_journal_arguments_fail_before_anything_is_sent(
    smsc: AsyncSMSC, store: JobStore
) -> None:
    from aiosmsc import ConfigurationError, ValidationError

    with pytest.raises(ValidationError, match="job_id"):
        smsc.send_bulk(rows(1), journal=store)
    with pytest.raises(ValidationError, match="journal"):
        smsc.send_bulk(rows(1), job_id="x")
    with pytest.raises(ConfigurationError, match="job id"):
        smsc.send_bulk(rows(1), journal=store, job_id="no spaces")


async def stop_mid_flight(job: BulkJob, held: HeldRequests, *, after: int, in_flight: int) -> None:
    """Take ``after`` outcomes, then stop once the server holds ``in_flight`` requests
    (no outcome comes meanwhile)."""
    for _ in range(after):
        await anext(job)
    next_outcome = asyncio.ensure_future(anext(job))
    await held.holding(in_flight)
    assert not next_outcome.done()
    next_outcome.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await next_outcome
    await job.aclose(grace=0)


async def test_a_stop_mid_flight_resumes_exactly(
    smsc: AsyncSMSC, emulator: SMSCEmulator, held: HeldRequests, store: JobStore
) -> None:
    """Requests cut short by a stop are handed over; the resume asks the service about
    them before sending anything: those it has stay sent, the rest go with the same id."""
    source = [(f"7999{i:07d}", f"Hello {i}") for i in range(200)]
    async with smsc.send_bulk(
        source, journal=store, job_id="j3", batch_size=20, concurrency=2
    ) as job:
        await anext(job)
        held.hold(2)  # the next two requests stay on the server until let go
        await stop_mid_flight(job, held, after=39, in_flight=2)
    assert job.report.sent == 40 and job.report.unknown == 40
    held.release()
    await held.settled()  # the two cut-short requests were accepted after all
    summary = await store.summary("j3")
    assert summary.batches[BatchState.IN_FLIGHT] == 2
    resumed = await run(smsc, source, journal=store, job_id="j3", batch_size=20)
    assert Counter(o.state for o in resumed) == {OutcomeState.SENT: 160}
    assert (await recorded(store, "j3")) == {RowState.SENT: 200}
    assert_exactly_once(emulator, source)


async def test_a_recovered_batch_waits_for_a_slow_original(
    emulator: SMSCEmulator, store: JobStore
) -> None:
    """Issue 12.1 on resume: the stopped run's request is still being processed when the
    next run starts (the server holds it until a status lookup about it has been
    answered). Its "not found" is no proof until the request has settled. Few enough
    rows that the resume asks about each at once, and again after the settle."""
    slow = HeldRequests(emulator)
    slow.hold(until_asked=True)
    source = [(f"7999{i:07d}", "shared") for i in range(SINGLES_UP_TO)]
    async with (
        serving(slow) as server,
        # The settle must outlast the stop and the resume's first lookups (a few
        # journal writes and reads): after it, "not found" would count as proof.
        demo_client(server.url, retry=RetryPolicy(settle=0.3)) as smsc,
    ):
        async with smsc.send_bulk(source, journal=store, job_id="j4") as job:
            await stop_mid_flight(job, slow, after=0, in_flight=1)
        resumed = await run(smsc, source, journal=store, job_id="j4")
        await slow.settled()
    assert slow.held == 1
    assert {o.state for o in resumed} == {OutcomeState.SENT}
    assert_exactly_once(emulator, source)
    sends = [params for script, params in emulator.requests if script == "send"]
    assert len(sends) == 1  # found by the status lookup, not sent again
    statuses = [params for script, params in emulator.requests if script == "status"]
    assert len(statuses) > len(source)  # "not found" at first, asked again after settle


async def test_retry_failed_requeues_only_what_can_succeed(
    emulator: SMSCEmulator, smsc: AsyncSMSC, store: JobStore
) -> None:
    source = [("79990000001", "forbidden text"), ("79990000002", "fine"), ("123", "bad")]
    emulator.balance = Decimal(0)
    first = await run(smsc, source, journal=store, job_id="j5")
    assert sorted((o.phone, o.reason) for o in first) == [
        ("123", "InsufficientFundsError 3"),
        ("79990000001", "MessageDeniedError 6"),  # split out: denied whatever the money
        ("79990000002", "InsufficientFundsError 3"),
    ]
    emulator.balance = Decimal(100)
    again = await run(smsc, source, journal=store, job_id="j5", retry_failed=True)
    assert sorted((o.phone, o.state.value, o.reason) for o in again) == [
        ("123", "failed", "InvalidPhoneError 7"),
        ("79990000002", "sent", ""),
    ]
    # A denied text or an invalid number cannot succeed: nothing is queued again.
    assert await run(smsc, source, journal=store, job_id="j5", retry_failed=True) == []
    assert [m.phone for m in emulator.messages] == ["79990000002"]


async def test_culprits_are_split_out_through_the_journal(
    smsc: AsyncSMSC, emulator: SMSCEmulator, store: JobStore
) -> None:
    source = [(f"7999{i:07d}", f"Hello {i}") for i in range(40)]
    source[13] = (source[13][0], "forbidden")
    outcomes = await run(smsc, source, journal=store, job_id="j6", batch_size=40)
    assert [o.phone for o in outcomes if not o.ok] == [source[13][0]]
    summary = await store.summary("j6")
    assert summary.batches[BatchState.SPLIT] >= 1 and summary.finished
    assert summary.rows[RowState.SENT] == 39
    assert_exactly_once(emulator, source[:13] + source[14:])


async def test_two_workers_share_one_postgres_job(emulator: SMSCEmulator) -> None:
    """Two workers given the same input on one PostgreSQL job: each row is planned once
    (a worker that loses a plan race claims the winner's batches) and sent once."""
    asyncpg = pytest.importorskip("asyncpg")
    from aiosmsc.journal import PostgresJobStore

    pool = await asyncpg.create_pool(services.postgres_dsn(), min_size=1, max_size=4)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    source = rows(300)
    try:
        async with (
            serving(emulator) as server,
            demo_client(
                server.url,
                retry=RetryPolicy(settle=SETTLE),
            ) as smsc,
            PostgresJobStore(pool, schema=schema) as one,
            PostgresJobStore(pool, schema=schema) as two,
        ):
            # A worker with nothing left to claim while the other's requests are in
            # flight polls the journal every quarter lease (at most every second). A
            # 1-second lease keeps that wait short and is still renewed (every third of
            # it) long before it could run out: the requests take milliseconds.
            options = {"batch_size": 10, "concurrency": 2, "lease": 1.0}
            results = await asyncio.gather(
                run(smsc, source, journal=one, job_id="pg1", **options),
                run(smsc, source, journal=two, job_id="pg1", **options),
            )
            assert all(results)  # both workers sent some of it
            assert sum(len(r) for r in results) == 300
            assert (await one.summary("pg1")).finished
        assert_exactly_once(emulator, source)
    finally:
        await pool.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await pool.close()
