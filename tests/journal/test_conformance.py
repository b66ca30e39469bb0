"""What every JobStore must do, run against each store (see conftest.py)."""

from __future__ import annotations

import asyncio

import pytest

from aiosmsc.errors import ConfigurationError
from aiosmsc.journal import (
    BatchKind,
    BatchState,
    JobMismatchError,
    JobStore,
    LeaseLostError,
    NewBatch,
    Outcome,
    PlanConflictError,
    Row,
    RowState,
    SchemaVersionError,
    UnknownJobError,
    iter_outcomes,
)

from .conftest import OpenStore

#: The module's event loop: the PostgreSQL pool of conftest.py is shared by its tests.
pytestmark = pytest.mark.asyncio(loop_scope="module")

JOB = "job-1"
SETTINGS = {"sender": "Shop", "translit": 1, "tags": ["a", "b"]}


def phones(first: int, count: int, text: str = "hello", **options: object) -> NewBatch:
    """A phones batch of rows ``first .. first + count - 1``."""
    rows = [Row(n, f"7999000{n:04d}", text, options) for n in range(first, first + count)]
    return NewBatch(BatchKind.PHONES, rows)


def personal(first: int, count: int) -> NewBatch:
    """A list batch with one text per row."""
    rows = [Row(n, f"7999000{n:04d}", f"hello {n}") for n in range(first, first + count)]
    return NewBatch(BatchKind.LIST, rows)


def sent(row_nos: object) -> dict[int, Outcome]:
    return {n: Outcome.sent(sms_id=f"id{n}", cnt="1", cost="2.5") for n in row_nos}  # type: ignore[attr-defined]


async def started(store: JobStore, *batches: NewBatch, done: bool = True) -> tuple[int, ...]:
    """Begin ``JOB`` and plan ``batches`` (cursor just after their last row)."""
    await store.begin_job(JOB, SETTINGS)
    rows_read = 1 + max((row.row_no for batch in batches for row in batch.rows), default=-1)
    return await store.plan(JOB, batches, rows_read=rows_read, input_done=done)


# -- jobs ------------------------------------------------------------------------------


async def test_begin_job_creates_then_reopens_with_the_same_settings(store: JobStore) -> None:
    assert isinstance(store, JobStore)
    job = await store.begin_job(JOB, SETTINGS)
    assert (job.job_id, job.settings, job.rows_read, job.input_done) == (JOB, SETTINGS, 0, False)
    await store.plan(JOB, [phones(0, 2)], rows_read=5)
    # Key order does not matter: settings are compared as canonical JSON.
    again = await store.begin_job(JOB, dict(reversed(SETTINGS.items())))
    assert (again.settings, again.rows_read, again.input_done) == (SETTINGS, 5, False)
    await store.begin_job("job-0", {})
    assert await store.jobs() == ("job-0", JOB)


async def test_reopening_with_other_settings_is_refused(store: JobStore) -> None:
    await store.begin_job(JOB, SETTINGS)
    with pytest.raises(JobMismatchError, match=r"differing: \['sender'\]") as caught:
        await store.begin_job(JOB, {**SETTINGS, "sender": "Other"})
    assert isinstance(caught.value, ConfigurationError)
    assert (await store.begin_job(JOB, SETTINGS)).settings == SETTINGS


async def test_job_ids_must_make_valid_client_ids_and_settings_be_json(store: JobStore) -> None:
    for job_id in ["", "a" * 31, "job 1", "job/1", "ж"]:
        with pytest.raises(ConfigurationError, match="job id"):
            await store.begin_job(job_id, {})
    with pytest.raises(ConfigurationError, match="JSON"):
        await store.begin_job(JOB, {"when": object()})
    assert await store.jobs() == ()


async def test_longest_job_id_gives_a_40_character_client_id(store: JobStore) -> None:
    job_id = "J" * 30
    await store.begin_job(job_id, {})
    await store.plan(job_id, [phones(0, 1)], rows_read=1)
    (batch,) = await store.claim(job_id, "w", lease_seconds=60)
    assert batch.client_id == f"{job_id}-1"
    assert len(batch.client_id) <= 40


async def test_every_operation_on_an_unknown_job_says_so(store: JobStore) -> None:
    calls = [
        store.plan("nope", [], rows_read=0),
        store.claim("nope", "w", lease_seconds=1),
        store.summary("nope"),
        store.outcomes("nope"),
        store.requeue("nope", [1]),
    ]
    for call in calls:
        with pytest.raises(UnknownJobError, match="nope"):
            await call


# -- planning ----------------------------------------------------------------------------


async def test_plan_adds_pending_batches_and_advances_the_cursor(store: JobStore) -> None:
    await store.begin_job(JOB, SETTINGS)
    assert await store.plan(JOB, [phones(0, 3), personal(3, 2)], rows_read=6) == (1, 2)
    # Row 5 was read and skipped by the job layer: the cursor may pass rows it did not plan.
    assert await store.plan(JOB, [phones(6, 1)], rows_read=7, input_done=True) == (3,)
    summary = await store.summary(JOB)
    assert (summary.rows_read, summary.input_done) == (7, True)
    assert summary.rows == {
        RowState.PENDING: 6,
        RowState.SENT: 0,
        RowState.FAILED: 0,
        RowState.UNKNOWN: 0,
    }
    assert summary.batches[BatchState.PENDING] == 3
    assert not summary.finished


async def test_rejected_rows_are_recorded_with_their_outcome_in_no_batch(store: JobStore) -> None:
    await store.begin_job(JOB, {})
    bad = Outcome.failed("ValidationError", message="bad phone")
    await store.plan(JOB, [phones(0, 1)], rows_read=2, rejected=[(Row(1, "x", "hello"), bad)])
    records = await store.outcomes(JOB)
    assert [(r.row.row_no, r.batch_no, r.client_id, r.state) for r in records] == [
        (0, 1, f"{JOB}-1", RowState.PENDING),
        (1, None, None, RowState.FAILED),
    ]
    assert records[1].outcome == bad


async def test_plan_conflicts_write_nothing(store: JobStore) -> None:
    await started(store, phones(0, 2), done=False)
    with pytest.raises(PlanConflictError, match="another planner"):
        await store.plan(JOB, [phones(1, 2)], rows_read=3)  # row 1 is already planned
    with pytest.raises(PlanConflictError, match="already past"):
        await store.plan(JOB, [], rows_read=1)
    await store.plan(JOB, [], rows_read=2, input_done=True)
    with pytest.raises(PlanConflictError, match="already done"):
        await store.plan(JOB, [phones(2, 1)], rows_read=3)
    summary = await store.summary(JOB)
    assert (summary.rows_read, summary.rows[RowState.PENDING]) == (2, 2)
    assert summary.batches[BatchState.PENDING] == 1


async def test_malformed_plans_are_refused(store: JobStore) -> None:
    await store.begin_job(JOB, {})
    malformed = [
        (NewBatch(BatchKind.PHONES, []), "at least one row"),
        (NewBatch(BatchKind.PHONES, [Row(0, "1", "a"), Row(1, "2", "b")]), "share one text"),
        (NewBatch(BatchKind.LIST, [Row(0, "1", "a"), Row(1, "2", "b", {"x": 1})]), "options"),
        (NewBatch(BatchKind.LIST, [Row(0, "1", "a"), Row(0, "2", "b")]), "planned twice"),
        (NewBatch(BatchKind.LIST, [Row(0, "1", "a"), Row(2, "2", "b")]), "not below rows_read"),
    ]
    for batch, message in malformed:
        with pytest.raises(ConfigurationError, match=message):
            await store.plan(JOB, [batch], rows_read=2)
    summary = await store.summary(JOB)
    assert (summary.rows_read, summary.rows[RowState.PENDING], summary.batches) == (
        0,
        0,
        dict.fromkeys(BatchState, 0),
    )


# -- claiming and completing -------------------------------------------------------------


async def test_claim_marks_batches_in_flight_before_anything_is_sent(store: JobStore) -> None:
    await started(store, phones(0, 2, "hi", sender="A"), personal(2, 3), phones(5, 1))
    first = await store.claim(JOB, "w1", lease_seconds=60, limit=2)
    assert [(b.batch_no, b.client_id, b.kind, b.attempts, b.recovered) for b in first] == [
        (1, f"{JOB}-1", BatchKind.PHONES, 1, False),
        (2, f"{JOB}-2", BatchKind.LIST, 1, False),
    ]
    assert first[0].rows == (
        Row(0, "79990000000", "hi", {"sender": "A"}),
        Row(1, "79990000001", "hi", {"sender": "A"}),
    )
    assert [row.text for row in first[1].rows] == ["hello 2", "hello 3", "hello 4"]
    summary = await store.summary(JOB)
    assert (summary.batches[BatchState.IN_FLIGHT], summary.batches[BatchState.PENDING]) == (2, 1)
    assert [b.batch_no for b in await store.claim(JOB, "w2", lease_seconds=60, limit=5)] == [3]
    assert await store.claim(JOB, "w2", lease_seconds=60) == ()


async def test_complete_records_every_outcome(store: JobStore) -> None:
    await started(store, personal(0, 3))
    (batch,) = await store.claim(JOB, "w", lease_seconds=60)
    outcomes = {
        0: Outcome.sent(sms_id="17", cnt="1", cost="1.5"),
        1: Outcome.failed("InvalidPhoneError", code=7, message="invalid phone number"),
        2: Outcome.unknown("ReadTimeout", message="no reply"),
    }
    await store.complete(JOB, "w", batch.batch_no, outcomes)
    records = await store.outcomes(JOB)
    assert {r.row.row_no: r.outcome for r in records} == outcomes
    summary = await store.summary(JOB)
    assert summary.rows == {
        RowState.PENDING: 0,
        RowState.SENT: 1,
        RowState.FAILED: 1,
        RowState.UNKNOWN: 1,
    }
    assert summary.batches[BatchState.DONE] == 1
    assert summary.finished
    with pytest.raises(LeaseLostError):  # a batch completes once
        await store.complete(JOB, "w", batch.batch_no, outcomes)


async def test_complete_needs_exactly_the_batch_rows(store: JobStore) -> None:
    await started(store, phones(0, 2))
    (batch,) = await store.claim(JOB, "w", lease_seconds=60)
    for rows in ([0], [0, 1, 2], [0, 5]):
        with pytest.raises(ConfigurationError, match="exactly the batch's rows"):
            await store.complete(JOB, "w", batch.batch_no, sent(rows))
    summary = await store.summary(JOB)
    assert (summary.rows[RowState.PENDING], summary.batches[BatchState.IN_FLIGHT]) == (2, 1)
    await store.complete(JOB, "w", batch.batch_no, sent([0, 1]))


# -- leases ------------------------------------------------------------------------------


async def test_an_expired_lease_is_recovered_and_the_old_holder_writes_nothing(
    store: JobStore,
) -> None:
    await started(store, phones(0, 2), phones(2, 1))
    (held,) = await store.claim(JOB, "A", lease_seconds=0)  # A "dies" at once
    (recovered,) = await store.claim(JOB, "B", lease_seconds=60)
    assert (recovered.batch_no, recovered.attempts, recovered.recovered) == (1, 2, True)
    assert recovered.rows == held.rows
    with pytest.raises(LeaseLostError, match="'A'"):
        await store.complete(JOB, "A", 1, sent([0, 1]))
    assert await store.renew(JOB, "A", [1], lease_seconds=60) == frozenset()
    assert await store.release(JOB, "A", [1]) == frozenset()
    with pytest.raises(LeaseLostError):
        await store.split(JOB, "A", 1, [[0], [1]])
    assert {r.state for r in await store.outcomes(JOB)} == {RowState.PENDING}
    await store.complete(JOB, "B", 1, sent([0, 1]))
    assert [r.outcome.sms_id for r in await store.outcomes(JOB) if r.outcome] == ["id0", "id1"]


async def test_expired_batches_are_recovered_first_and_live_ones_never(store: JobStore) -> None:
    await started(store, phones(0, 1), phones(1, 1), phones(2, 1))
    await store.claim(JOB, "A", lease_seconds=3600)
    (second,) = await store.claim(JOB, "A", lease_seconds=0)
    claimed = await store.claim(JOB, "B", lease_seconds=60, limit=3)
    # Batch 1 stays with A: its lease still runs.
    assert [(b.batch_no, b.recovered) for b in claimed] == [(second.batch_no, True), (3, False)]


async def test_renew_extends_held_leases_and_zero_hands_them_over(store: JobStore) -> None:
    await started(store, phones(0, 1), phones(1, 1), phones(2, 1))
    await store.claim(JOB, "A", lease_seconds=0, limit=2)
    # Renewing an expired lease nobody took keeps it: A's record is still the only one.
    assert await store.renew(JOB, "A", [1, 2, 3, 99], lease_seconds=3600) == {1, 2}
    assert [b.batch_no for b in await store.claim(JOB, "B", lease_seconds=60, limit=5)] == [3]
    assert await store.renew(JOB, "A", [2], lease_seconds=0) == {2}
    (handed,) = await store.claim(JOB, "B", lease_seconds=60, limit=5)
    assert (handed.batch_no, handed.recovered) == (2, True)


async def test_release_puts_unsent_batches_back(store: JobStore) -> None:
    await started(store, phones(0, 1), phones(1, 1))
    await store.claim(JOB, "A", lease_seconds=60, limit=2)
    assert await store.release(JOB, "B", [1, 2]) == frozenset()  # not B's to release
    assert await store.release(JOB, "A", [1]) == {1}
    (again,) = await store.claim(JOB, "B", lease_seconds=60, limit=5)
    assert (again.batch_no, again.attempts, again.recovered) == (1, 2, False)


async def test_concurrent_workers_never_claim_a_batch_twice(open_store: OpenStore) -> None:
    first = await open_store()
    await first.begin_job(JOB, {})
    await first.plan(JOB, [phones(n, 1) for n in range(12)], rows_read=12, input_done=True)
    workers = [first, *[await open_store() for _ in range(3)]]
    seen: list[int] = []

    async def work(store: JobStore, name: str) -> None:
        while batches := await store.claim(JOB, name, lease_seconds=60, limit=2):
            for batch in batches:
                seen.append(batch.batch_no)
                await store.complete(JOB, name, batch.batch_no, sent([batch.rows[0].row_no]))

    await asyncio.gather(*(work(store, f"w{i}") for i, store in enumerate(workers)))
    assert sorted(seen) == list(range(1, 13))
    summary = await first.summary(JOB)
    assert (summary.rows[RowState.SENT], summary.finished) == (12, True)


# -- split and requeue -------------------------------------------------------------------


async def test_split_replaces_a_batch_by_smaller_pending_ones(store: JobStore) -> None:
    await started(store, personal(0, 4))
    (batch,) = await store.claim(JOB, "w", lease_seconds=60)
    assert await store.split(JOB, "w", batch.batch_no, [[0, 3], [1], [2]]) == (2, 3, 4)
    summary = await store.summary(JOB)
    assert (summary.batches[BatchState.SPLIT], summary.batches[BatchState.PENDING]) == (1, 3)
    parts = await store.claim(JOB, "w", lease_seconds=60, limit=5)
    assert [(b.batch_no, b.kind, [r.row_no for r in b.rows]) for b in parts] == [
        (2, BatchKind.LIST, [0, 3]),
        (3, BatchKind.LIST, [1]),
        (4, BatchKind.LIST, [2]),
    ]
    assert [r.batch_no for r in await store.outcomes(JOB)] == [2, 3, 4, 2]


async def test_split_parts_must_partition_the_batch(store: JobStore) -> None:
    await started(store, personal(0, 3))
    (batch,) = await store.claim(JOB, "w", lease_seconds=60)
    for parts in ([[0], [1]], [[0, 1, 2], []], [[0, 1], [1, 2]], [[0, 1, 2, 9]]):
        with pytest.raises(ConfigurationError, match="part"):
            await store.split(JOB, "w", batch.batch_no, parts)
    summary = await store.summary(JOB)
    assert (summary.batches[BatchState.IN_FLIGHT], summary.batches[BatchState.PENDING]) == (1, 0)


async def test_requeue_groups_failed_rows_into_new_batches(store: JobStore) -> None:
    await started(store, phones(0, 3, "A"), phones(3, 2, "B"), personal(5, 3))
    failed = Outcome.failed("InsufficientFundsError", code=3, message="no money")
    lost = Outcome.unknown("ReadTimeout", message="lost")
    await store.claim(JOB, "w", lease_seconds=60, limit=3)
    await store.complete(JOB, "w", 1, {0: Outcome.sent(sms_id="1", cnt="1"), 1: failed, 2: failed})
    await store.complete(JOB, "w", 2, {3: lost, 4: failed})
    await store.complete(JOB, "w", 3, {5: failed, 6: failed, 7: failed})
    with pytest.raises(ConfigurationError, match=r"rows \[0\] are pending or sent"):
        await store.requeue(JOB, [0, 1])
    with pytest.raises(ConfigurationError, match=r"no rows \[99\]"):
        await store.requeue(JOB, [1, 99])
    numbers = await store.requeue(JOB, [1, 2, 3, 4, 5, 6, 7], batch_size=2)
    assert numbers == (4, 5, 6, 7)
    claimed = await store.claim(JOB, "w", lease_seconds=60, limit=10)
    assert [(b.kind, [r.row_no for r in b.rows]) for b in claimed] == [
        (BatchKind.PHONES, [1, 2]),  # same text "A"
        (BatchKind.PHONES, [3, 4]),  # same text "B", the unknown row with the failed one
        (BatchKind.LIST, [5, 6]),  # came from a list batch: may go on list lines again
        (BatchKind.LIST, [7]),
    ]
    records = {r.row.row_no: r for r in await store.outcomes(JOB)}
    assert records[0].state is RowState.SENT
    assert all(
        records[n].outcome is None and records[n].batch_no == (n + 1) // 2 + 3 for n in (1, 3, 5, 7)
    )


# -- reading back ------------------------------------------------------------------------


async def test_outcomes_page_in_row_order(store: JobStore) -> None:
    await started(store, *[personal(n, 5) for n in range(0, 25, 5)])
    pages = [await store.outcomes(JOB, after_row=after, limit=10) for after in (-1, 9, 19)]
    assert [[r.row.row_no for r in page] for page in pages] == [
        list(range(10)),
        list(range(10, 20)),
        list(range(20, 25)),
    ]
    assert await store.outcomes(JOB, after_row=24) == ()
    assert [r.row.row_no async for r in iter_outcomes(store, JOB, page=7)] == list(range(25))
    assert [r.row.row_no async for r in iter_outcomes(store, JOB, page=5)] == list(range(25))


async def test_a_reopened_store_keeps_everything(open_store: OpenStore) -> None:
    store = await open_store()
    await started(store, phones(0, 2), personal(2, 2), phones(4, 1))
    (done,) = await store.claim(JOB, "w", lease_seconds=60)
    await store.complete(JOB, "w", done.batch_no, sent([0, 1]))
    (flying,) = await store.claim(JOB, "w", lease_seconds=3600)
    before = (await store.summary(JOB), await store.outcomes(JOB))
    await store.close()
    await store.close()  # closing twice is harmless

    resumed = await open_store()
    assert (await resumed.summary(JOB), await resumed.outcomes(JOB)) == before
    assert (await resumed.begin_job(JOB, SETTINGS)).rows_read == 5
    # The dead run's lease still runs: nobody else may take its batch meanwhile.
    assert [b.batch_no for b in await resumed.claim(JOB, "w2", lease_seconds=60)] == [3]
    await store.open()  # a closed store opens again
    await store.complete(JOB, "w", flying.batch_no, sent([2, 3]))
    assert (await resumed.summary(JOB)).rows[RowState.SENT] == 4


async def test_a_newer_schema_is_refused(open_store: OpenStore) -> None:
    store = await open_store()
    async with store._transaction(write=True) as tx:  # type: ignore[attr-defined]
        await tx.execute(store._dialect.sql("UPDATE {version} SET version = 99"))  # type: ignore[attr-defined]
    with pytest.raises(SchemaVersionError, match="version 99"):
        await open_store()
