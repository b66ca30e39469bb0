"""What only the SQLite store has: its thread, its file, its clock, and a process killed
right after a claim."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

import aiosmsc
from aiosmsc.journal import (
    BatchKind,
    BatchState,
    JournalError,
    NewBatch,
    Row,
    SQLiteJobStore,
)

from .conftest import FakeClock

PACKAGE = Path(aiosmsc.__file__).parent
ONE_BATCH = [NewBatch(BatchKind.PHONES, [Row(0, "79990000000", "hi"), Row(1, "79990000001", "hi")])]

# A run that dies (SIGKILL: no cleanup, no atexit) the instant its claim returned, i.e.
# after the write-ahead record and before the request would have left.
# The stub parent package skips aiosmsc/__init__.py, which loads the whole client (most of
# this test's time on a busy machine); the journal itself needs only its own modules.
_DOOMED_RUN = """
import asyncio, os, signal, sys, types
stub = types.ModuleType("aiosmsc")
stub.__path__ = [sys.argv[2]]
sys.modules["aiosmsc"] = stub
from aiosmsc.journal import BatchKind, NewBatch, Row, SQLiteJobStore

async def main():
    store = SQLiteJobStore(sys.argv[1])
    await store.open()
    await store.begin_job("job", {"sender": "Shop"})
    batch = NewBatch(BatchKind.PHONES, [Row(0, "79990000000", "hi"), Row(1, "79990000001", "hi")])
    await store.plan("job", [batch], rows_read=2, input_done=True)
    await store.claim("job", "doomed", lease_seconds=600)
    os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main())
"""


async def test_a_claim_survives_the_process_killed_right_after_it(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    run = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _DOOMED_RUN, str(path), str(PACKAGE)
    )
    assert await run.wait() == -signal.SIGKILL

    now = FakeClock()
    async with SQLiteJobStore(path, clock=now) as store:
        assert (await store.begin_job("job", {"sender": "Shop"})).input_done
        summary = await store.summary("job")
        assert summary.batches[BatchState.IN_FLIGHT] == 1
        (record, _) = await store.outcomes("job")
        assert record.client_id == "job-1"  # what the resume asks status.php about
        now.now = 4_000_000_000.0  # far past the dead run's lease
        (batch,) = await store.claim("job", "resumer", lease_seconds=60)
        assert (batch.batch_no, batch.recovered, batch.attempts) == (1, True, 2)


async def test_leases_run_on_the_injected_clock(tmp_path: Path, clock: FakeClock) -> None:
    async with SQLiteJobStore(tmp_path / "j.db", clock=clock) as store:
        await store.begin_job("job", {})
        await store.plan("job", ONE_BATCH, rows_read=2)
        await store.claim("job", "A", lease_seconds=60)
        clock.now += 59.9
        assert await store.claim("job", "B", lease_seconds=60) == ()
        clock.now += 0.1
        (batch,) = await store.claim("job", "B", lease_seconds=60)
        assert batch.recovered


async def test_the_file_is_in_wal_mode_and_every_commit_is_synced(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    async with SQLiteJobStore(path) as store:
        synchronous = await store._call(
            lambda: store._connection.execute("PRAGMA synchronous").fetchone()  # type: ignore[union-attr]
        )
        assert synchronous == (2,)  # FULL
    with sqlite3.connect(path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert other.execute("SELECT version FROM schema_version").fetchall() == [(1,)]


async def test_sqlite_runs_on_the_stores_own_thread(tmp_path: Path) -> None:
    threads: set[str] = set()

    def clock() -> float:  # called by SQL, so on the thread that runs the statements
        threads.add(threading.current_thread().name)
        return 1.0

    async with SQLiteJobStore(tmp_path / "j.db", clock=clock) as store:
        await store.begin_job("job", {})
        await store.plan("job", ONE_BATCH, rows_read=2)
        await store.claim("job", "w", lease_seconds=1)
        await store.claim("job", "w", lease_seconds=1)
    assert len(threads) == 1
    assert threads.pop().startswith("aiosmsc-journal")


async def test_a_cancelled_operation_leaves_the_store_usable(tmp_path: Path) -> None:
    async with SQLiteJobStore(tmp_path / "j.db") as store:
        await store.begin_job("job", {})
        for _ in range(3):
            task = asyncio.create_task(store.plan("job", ONE_BATCH, rows_read=2))
            await asyncio.sleep(0)  # let it begin its transaction, then cancel it
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        # The plan was rolled back or committed, never left half-open.
        summary = await store.summary("job")
        assert summary.rows_read in (0, 2)
        assert summary.batches[BatchState.PENDING] == (summary.rows_read // 2)


async def test_an_unopenable_file_says_which(tmp_path: Path) -> None:
    store = SQLiteJobStore(tmp_path / "missing-dir" / "j.db")
    with pytest.raises(JournalError, match="missing-dir"):
        await store.open()
    with pytest.raises(JournalError, match="not open"):
        await store.jobs()


async def test_close_waits_for_the_running_transaction(tmp_path: Path) -> None:
    store = SQLiteJobStore(tmp_path / "j.db")
    await store.open()
    await store.begin_job("job", {})
    planning = asyncio.create_task(store.plan("job", ONE_BATCH, rows_read=2))
    await asyncio.sleep(0)  # the plan holds the connection now
    await store.close()
    assert await planning == (1,)
    async with SQLiteJobStore(tmp_path / "j.db") as reopened:
        assert (await reopened.summary("job")).rows_read == 2
