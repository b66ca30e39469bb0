"""The job journal written once over SQL; the SQLite and PostgreSQL stores supply a
transaction and a :class:`~aiosmsc.journal.schema.Dialect`.

Every public method is one transaction. Rows that a transaction reads and then changes are
locked for it: SQLite takes the database's write lock at ``BEGIN IMMEDIATE``; PostgreSQL
locks the rows read (``FOR UPDATE``), and ``claim`` skips rows another worker is claiming
(``FOR UPDATE SKIP LOCKED``), so no batch is ever handed to two workers.
"""

from __future__ import annotations

import abc
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from typing_extensions import Self

from .._closing import AsyncClosing
from ..errors import ConfigurationError
from . import rules
from .errors import JobMismatchError, LeaseLostError, UnknownJobError
from .model import (
    BatchKind,
    BatchState,
    ClaimedBatch,
    Job,
    JobSummary,
    NewBatch,
    Outcome,
    Row,
    RowRecord,
    RowState,
)
from .protocol import DEFAULT_REQUEUE_BATCH, JobStore
from .schema import Dialect, Tx, migrate

__all__ = ["SQLJobStore"]

#: At most this many values in one ``IN (...)`` list (SQLite before 3.32 allows 999).
_CHUNK = 500

_ROW_COLUMNS = "row_no, phone, text, options, batch_no"
_OUTCOME_COLUMNS = "state, sms_id, cnt, cost, error_type, error_code, error_message"


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _row(record: Sequence[Any]) -> Row:
    """A :class:`Row` from the first columns of a query selecting ``_ROW_COLUMNS``."""
    return Row(int(record[0]), record[1], record[2], rules.load_options(record[3]))


def _outcome(record: Sequence[Any]) -> Outcome | None:
    """An :class:`Outcome` from seven columns in the order of ``_OUTCOME_COLUMNS``."""
    state = RowState(record[0])
    if state is RowState.PENDING:
        return None
    sms_id, cnt, cost, error_type, error_code, error_message = record[1:7]
    return Outcome(
        state,
        sms_id=sms_id,
        cnt=cnt,
        cost=cost,
        error_type=error_type,
        error_code=error_code,
        error_message=error_message,
    )


def _outcome_values(outcome: Outcome | None) -> tuple[Any, ...]:
    """The values of ``_OUTCOME_COLUMNS`` for ``outcome`` (None: pending)."""
    if outcome is None:
        return (RowState.PENDING.value, None, None, None, None, None, None)
    return (
        outcome.state.value,
        outcome.sms_id,
        outcome.cnt,
        outcome.cost,
        outcome.error_type,
        outcome.error_code,
        outcome.error_message,
    )


def _row_values(
    job_id: str, row: Row, batch_no: int | None, outcome: Outcome | None
) -> tuple[Any, ...]:
    """The values of a new row: ``job_id``, ``_ROW_COLUMNS``, ``_OUTCOME_COLUMNS``."""
    options = "{}" if not row.options else rules.dump_json(row.options, what="row options")
    return (job_id, row.row_no, row.phone, row.text, options, batch_no, *_outcome_values(outcome))


class SQLJobStore(AsyncClosing, JobStore, abc.ABC):
    """The operations of :class:`~aiosmsc.journal.JobStore` over a SQL database.

    Subclassing the protocol lets the type checker hold every method to its signature.
    """

    _dialect: Dialect

    @abc.abstractmethod
    async def open(self) -> None:
        """Connect, and create or upgrade the schema on first use."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Disconnect; the store may be opened again."""

    @abc.abstractmethod
    def _transaction(self, *, write: bool) -> AbstractAsyncContextManager[Tx]:
        """One transaction: committed when the block ends, rolled back when it raises."""

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def aclose(self) -> None:
        """:meth:`close` (the name ``contextlib.aclosing`` uses)."""
        await self.close()

    async def _migrate(self) -> None:
        async with self._transaction(write=True) as tx:
            await migrate(tx, self._dialect)

    # -- helpers used inside a transaction ---------------------------------------------

    async def _job(self, tx: Tx, job_id: str, *, lock: bool = False) -> tuple[int, bool]:
        """(rows_read, input_done) of the job; locked against other writers if ``lock``."""
        sql = "SELECT rows_read, input_done FROM {jobs} WHERE job_id = ?"
        found = await tx.fetch(self._sql(sql + ("{for_update}" if lock else "")), job_id)
        if not found:
            raise UnknownJobError(f"no job {job_id!r} in the journal")
        return int(found[0][0]), bool(found[0][1])

    async def _allocate(self, tx: Tx, job_id: str, count: int) -> range:
        """``count`` new batch numbers of the job, never used before."""
        await tx.execute(
            self._sql("UPDATE {jobs} SET next_batch_no = next_batch_no + ? WHERE job_id = ?"),
            count,
            job_id,
        )
        found = await tx.fetch(
            self._sql("SELECT next_batch_no FROM {jobs} WHERE job_id = ?"), job_id
        )
        end = int(found[0][0])
        if end - 1 > rules.last_batch_no(job_id):
            raise ConfigurationError(
                f"job {job_id!r} has used all its batch numbers (client ids are 40 characters)"
            )
        return range(end - count, end)

    async def _add_batches(
        self, tx: Tx, job_id: str, kinds: Sequence[BatchKind]
    ) -> tuple[int, ...]:
        numbers = tuple(await self._allocate(tx, job_id, len(kinds)))
        await tx.executemany(
            self._sql(
                "INSERT INTO {batches} (job_id, batch_no, kind, state, attempts)"
                " VALUES (?, ?, ?, 'pending', 0)"
            ),
            [(job_id, number, kind.value) for number, kind in zip(numbers, kinds, strict=True)],
        )
        return numbers

    async def _move_rows(self, tx: Tx, job_id: str, moves: Iterable[tuple[int, int]]) -> None:
        """Put rows (row_no, batch_no) into new batches as pending, outcome cleared."""
        await tx.executemany(
            self._sql(
                "UPDATE {rows} SET batch_no = ?, state = 'pending', sms_id = NULL, cnt = NULL,"
                " cost = NULL, error_type = NULL, error_code = NULL, error_message = NULL"
                " WHERE job_id = ? AND row_no = ?"
            ),
            [(batch_no, job_id, row_no) for row_no, batch_no in moves],
        )

    async def _held(self, tx: Tx, job_id: str, worker: str, batch_nos: Sequence[int]) -> list[Any]:
        """(batch_no, kind) of the batches among ``batch_nos`` that ``worker`` holds,
        locked for this transaction."""
        held: list[Any] = []
        for chunk in _chunks(sorted(set(batch_nos))):
            held += await tx.fetch(
                self._sql(
                    "SELECT batch_no, kind FROM {batches} WHERE job_id = ? AND state = 'in_flight'"
                    " AND lease_owner = ? AND batch_no IN ({marks}){for_update}",
                    marks=len(chunk),
                ),
                job_id,
                worker,
                *chunk,
            )
        return held

    async def _hold_one(self, tx: Tx, job_id: str, worker: str, batch_no: int) -> BatchKind:
        held = await self._held(tx, job_id, worker, [batch_no])
        if not held:
            raise LeaseLostError(
                f"worker {worker!r} no longer holds batch {batch_no} of job {job_id!r}"
            )
        return BatchKind(held[0][1])

    async def _batch_rows(self, tx: Tx, job_id: str, batch_no: int) -> list[int]:
        found = await tx.fetch(
            self._sql("SELECT row_no FROM {rows} WHERE job_id = ? AND batch_no = ?"),
            job_id,
            batch_no,
        )
        return [int(record[0]) for record in found]

    def _sql(self, template: str, *, marks: int = 0) -> str:
        """``template`` in the store's dialect; ``{marks}`` becomes ``marks`` placeholders."""
        return self._dialect.sql(
            template,
            marks=", ".join("?" * marks),
            row_columns=_ROW_COLUMNS,
            outcome_columns=_OUTCOME_COLUMNS,
        )

    # -- the JobStore operations --------------------------------------------------------

    async def begin_job(self, job_id: str, settings: Mapping[str, Any]) -> Job:
        """See :meth:`aiosmsc.journal.JobStore.begin_job`."""
        rules.check_job_id(job_id)
        text = rules.dump_json(settings, what="job settings")
        async with self._transaction(write=True) as tx:
            await tx.execute(
                self._sql(
                    "INSERT INTO {jobs} (job_id, settings, rows_read, input_done, next_batch_no)"
                    " VALUES (?, ?, 0, ?, 1) ON CONFLICT (job_id) DO NOTHING"
                ),
                job_id,
                text,
                False,
            )
            found = await tx.fetch(
                self._sql("SELECT settings, rows_read, input_done FROM {jobs} WHERE job_id = ?"),
                job_id,
            )
        stored, rows_read, input_done = found[0]
        if stored != text:
            old, new = json.loads(stored), json.loads(text)
            differ = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
            raise JobMismatchError(
                f"job {job_id!r} was created with other settings (differing: {differ});"
                " resume it with the settings it was created with, or use another job id"
            )
        return Job(job_id, json.loads(stored), int(rows_read), bool(input_done))

    async def plan(
        self,
        job_id: str,
        batches: Sequence[NewBatch],
        *,
        rows_read: int,
        input_done: bool = False,
        rejected: Sequence[tuple[Row, Outcome]] = (),
    ) -> tuple[int, ...]:
        """See :meth:`aiosmsc.journal.JobStore.plan`."""
        async with self._transaction(write=True) as tx:
            cursor, done = await self._job(tx, job_id, lock=True)
            rules.check_plan(batches, rejected, cursor=cursor, rows_read=rows_read, input_done=done)
            numbers = await self._add_batches(tx, job_id, [batch.kind for batch in batches])
            values = [
                _row_values(job_id, row, number, None)
                for number, batch in zip(numbers, batches, strict=True)
                for row in batch.rows
            ]
            values += [_row_values(job_id, row, None, outcome) for row, outcome in rejected]
            await tx.executemany(
                self._sql(
                    "INSERT INTO {rows} (job_id, {row_columns}, {outcome_columns})"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                values,
            )
            await tx.execute(
                self._sql("UPDATE {jobs} SET rows_read = ?, input_done = ? WHERE job_id = ?"),
                rows_read,
                bool(input_done),
                job_id,
            )
        return numbers

    async def claim(
        self, job_id: str, worker: str, *, lease_seconds: float, limit: int = 1
    ) -> tuple[ClaimedBatch, ...]:
        """See :meth:`aiosmsc.journal.JobStore.claim`."""
        seconds = rules.check_lease(lease_seconds)
        # "Up to limit": at most one IN (...) list's worth, whatever was asked.
        limit = min(rules.check_positive("limit", limit), _CHUNK)
        async with self._transaction(write=True) as tx:
            await self._job(tx, job_id)
            picked = await tx.fetch(
                self._sql(
                    "SELECT batch_no, kind, state, attempts,"
                    " CASE WHEN state = 'in_flight' THEN {expired_for} END"
                    " FROM {batches} WHERE job_id = ?"
                    " AND (state = 'pending' OR (state = 'in_flight' AND lease_expires <= {now}))"
                    " ORDER BY CASE WHEN state = 'in_flight' THEN 0 ELSE 1 END, batch_no"
                    " LIMIT ?{skip_locked}"
                ),
                job_id,
                limit,
            )
            if not picked:
                return ()
            numbers = [int(record[0]) for record in picked]
            await tx.execute(
                self._sql(
                    "UPDATE {batches} SET state = 'in_flight', lease_owner = ?,"
                    " lease_expires = {expires}, attempts = attempts + 1"
                    " WHERE job_id = ? AND batch_no IN ({marks})",
                    marks=len(numbers),
                ),
                worker,
                seconds,
                job_id,
                *numbers,
            )
            found = await tx.fetch(
                self._sql(
                    "SELECT {row_columns} FROM {rows} WHERE job_id = ?"
                    " AND batch_no IN ({marks}) ORDER BY batch_no, row_no",
                    marks=len(numbers),
                ),
                job_id,
                *numbers,
            )
        rows: dict[int, list[Row]] = {number: [] for number in numbers}
        for record in found:
            rows[int(record[4])].append(_row(record))
        return tuple(
            ClaimedBatch(
                job_id=job_id,
                batch_no=int(number),
                kind=BatchKind(kind),
                rows=tuple(rows[int(number)]),
                attempts=int(attempts) + 1,
                recovered=state == BatchState.IN_FLIGHT.value,
                expired_for=None if expired_for is None else float(expired_for),
            )
            for number, kind, state, attempts, expired_for in picked
        )

    async def renew(
        self, job_id: str, worker: str, batch_nos: Iterable[int], *, lease_seconds: float
    ) -> frozenset[int]:
        """See :meth:`aiosmsc.journal.JobStore.renew`."""
        seconds = rules.check_lease(lease_seconds)
        async with self._transaction(write=True) as tx:
            held = [int(record[0]) for record in await self._held(tx, job_id, worker, [*batch_nos])]
            for chunk in _chunks(held):
                await tx.execute(
                    self._sql(
                        "UPDATE {batches} SET lease_expires = {expires}"
                        " WHERE job_id = ? AND batch_no IN ({marks})",
                        marks=len(chunk),
                    ),
                    seconds,
                    job_id,
                    *chunk,
                )
        return frozenset(held)

    async def release(self, job_id: str, worker: str, batch_nos: Iterable[int]) -> frozenset[int]:
        """See :meth:`aiosmsc.journal.JobStore.release`."""
        async with self._transaction(write=True) as tx:
            held = [int(record[0]) for record in await self._held(tx, job_id, worker, [*batch_nos])]
            for chunk in _chunks(held):
                await tx.execute(
                    self._sql(
                        "UPDATE {batches} SET state = 'pending', lease_owner = NULL,"
                        " lease_expires = NULL"
                        " WHERE job_id = ? AND batch_no IN ({marks})",
                        marks=len(chunk),
                    ),
                    job_id,
                    *chunk,
                )
        return frozenset(held)

    async def complete(
        self, job_id: str, worker: str, batch_no: int, outcomes: Mapping[int, Outcome]
    ) -> None:
        """See :meth:`aiosmsc.journal.JobStore.complete`."""
        async with self._transaction(write=True) as tx:
            await self._hold_one(tx, job_id, worker, batch_no)
            rules.check_outcomes(await self._batch_rows(tx, job_id, batch_no), outcomes)
            await tx.executemany(
                self._sql(
                    "UPDATE {rows} SET state = ?, sms_id = ?, cnt = ?, cost = ?, error_type = ?,"
                    " error_code = ?, error_message = ? WHERE job_id = ? AND row_no = ?"
                ),
                [
                    (*_outcome_values(outcome), job_id, row_no)
                    for row_no, outcome in outcomes.items()
                ],
            )
            await tx.execute(
                self._sql(
                    "UPDATE {batches} SET state = 'done', lease_expires = NULL"
                    " WHERE job_id = ? AND batch_no = ?"
                ),
                job_id,
                batch_no,
            )

    async def split(
        self, job_id: str, worker: str, batch_no: int, parts: Sequence[Sequence[int]]
    ) -> tuple[int, ...]:
        """See :meth:`aiosmsc.journal.JobStore.split`."""
        async with self._transaction(write=True) as tx:
            kind = await self._hold_one(tx, job_id, worker, batch_no)
            rules.check_parts(await self._batch_rows(tx, job_id, batch_no), parts)
            numbers = await self._add_batches(tx, job_id, [kind] * len(parts))
            await self._move_rows(
                tx,
                job_id,
                (
                    (row_no, number)
                    for number, part in zip(numbers, parts, strict=True)
                    for row_no in part
                ),
            )
            await tx.execute(
                self._sql(
                    "UPDATE {batches} SET state = 'split', lease_expires = NULL"
                    " WHERE job_id = ? AND batch_no = ?"
                ),
                job_id,
                batch_no,
            )
        return numbers

    async def requeue(
        self, job_id: str, row_nos: Iterable[int], *, batch_size: int = DEFAULT_REQUEUE_BATCH
    ) -> tuple[int, ...]:
        """See :meth:`aiosmsc.journal.JobStore.requeue`."""
        wanted = sorted(set(row_nos))
        if not wanted:
            return ()
        rules.check_positive("batch_size", batch_size)
        async with self._transaction(write=True) as tx:
            await self._job(tx, job_id, lock=True)  # one requeue of a job at a time
            found: list[Any] = []
            for chunk in _chunks(wanted):
                found += await tx.fetch(
                    self._sql(
                        "SELECT r.row_no, r.phone, r.text, r.options, r.batch_no, r.state, b.kind"
                        " FROM {rows} r LEFT JOIN {batches} b"
                        " ON b.job_id = r.job_id AND b.batch_no = r.batch_no"
                        " WHERE r.job_id = ? AND r.row_no IN ({marks})",
                        marks=len(chunk),
                    ),
                    job_id,
                    *chunk,
                )
            if len(found) != len(wanted):
                missing = sorted(set(wanted).difference(int(record[0]) for record in found))
                raise ConfigurationError(f"job {job_id!r} has no rows {missing[:10]}")
            retryable = (RowState.FAILED.value, RowState.UNKNOWN.value)
            refused = sorted(int(record[0]) for record in found if record[5] not in retryable)
            if refused:
                raise ConfigurationError(
                    f"only failed or unknown rows can be queued again; rows {refused[:10]}"
                    " are pending or sent"
                )
            groups = rules.group_requeue(
                (
                    (_row(record), None if record[6] is None else BatchKind(record[6]))
                    for record in found
                ),
                batch_size,
            )
            numbers = await self._add_batches(tx, job_id, [kind for kind, _ in groups])
            await self._move_rows(
                tx,
                job_id,
                (
                    (row_no, number)
                    for number, (_, part) in zip(numbers, groups, strict=True)
                    for row_no in part
                ),
            )
        return numbers

    async def summary(self, job_id: str) -> JobSummary:
        """See :meth:`aiosmsc.journal.JobStore.summary`."""
        async with self._transaction(write=False) as tx:
            rows_read, input_done = await self._job(tx, job_id)
            row_counts = await tx.fetch(
                self._sql("SELECT state, count(*) FROM {rows} WHERE job_id = ? GROUP BY state"),
                job_id,
            )
            batch_counts = await tx.fetch(
                self._sql("SELECT state, count(*) FROM {batches} WHERE job_id = ? GROUP BY state"),
                job_id,
            )
        rows = dict.fromkeys(RowState, 0)
        rows.update({RowState(state): int(count) for state, count in row_counts})
        batches = dict.fromkeys(BatchState, 0)
        batches.update({BatchState(state): int(count) for state, count in batch_counts})
        return JobSummary(job_id, rows_read, input_done, rows, batches)

    async def outcomes(
        self, job_id: str, *, after_row: int = -1, limit: int = 1000
    ) -> tuple[RowRecord, ...]:
        """See :meth:`aiosmsc.journal.JobStore.outcomes`."""
        rules.check_positive("limit", limit)
        async with self._transaction(write=False) as tx:
            await self._job(tx, job_id)
            found = await tx.fetch(
                self._sql(
                    "SELECT {row_columns}, {outcome_columns} FROM {rows}"
                    " WHERE job_id = ? AND row_no > ? ORDER BY row_no LIMIT ?"
                ),
                job_id,
                after_row,
                limit,
            )
        return tuple(
            RowRecord(
                job_id,
                _row(record),
                None if record[4] is None else int(record[4]),
                _outcome(record[5:]),
            )
            for record in found
        )

    async def jobs(self) -> tuple[str, ...]:
        """See :meth:`aiosmsc.journal.JobStore.jobs`."""
        async with self._transaction(write=False) as tx:
            found = await tx.fetch(self._sql("SELECT job_id FROM {jobs} ORDER BY job_id"))
        return tuple(record[0] for record in found)
