"""The :class:`JobStore` protocol: what a bulk job needs from its journal.

Every method is one transaction: it happens entirely or not at all. Stores never hold
state a job depends on outside the database, so any number of store objects (in one
process or on several machines) may work on the same job.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from typing_extensions import Self

from .model import ClaimedBatch, Job, JobSummary, NewBatch, Outcome, Row, RowRecord

__all__ = ["DEFAULT_REQUEUE_BATCH", "JobStore", "iter_outcomes"]

#: At most this many rows go into one batch made by :meth:`JobStore.requeue`.
DEFAULT_REQUEUE_BATCH = 500


@runtime_checkable
class JobStore(Protocol):
    """A write-ahead journal of bulk jobs.

    The life of a batch: :meth:`plan` adds it ``pending``; :meth:`claim` marks it
    ``in_flight`` under the worker's lease *before* its request leaves (the write-ahead
    record); :meth:`complete` records every row's outcome and marks it ``done``. A batch
    whose request provably never left goes back with :meth:`release`; one refused as a
    whole is replaced by smaller ones with :meth:`split`. A lease that expires (its worker
    died) lets another worker claim the batch, flagged ``recovered``.

    A lease is *held* while the batch is in flight under the worker's id, even past its
    expiry as long as no other worker has claimed it: the worker's record is then still
    the only one.
    """

    async def open(self) -> None:
        """Connect, and create or upgrade the schema on first use."""
        ...

    async def close(self) -> None:
        """Disconnect; the store may be opened again."""
        ...

    async def __aenter__(self) -> Self:
        """:meth:`open` the store."""
        ...

    async def __aexit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        """:meth:`close` the store."""
        ...

    async def begin_job(self, job_id: str, settings: Mapping[str, Any]) -> Job:
        """Create the job, or re-open it. ``job_id`` is 1-30 characters of
        ``[A-Za-z0-9._-]``; ``settings`` (JSON-able) must equal what the job was created
        with, else :class:`~aiosmsc.journal.JobMismatchError`."""
        ...

    async def plan(
        self,
        job_id: str,
        batches: Sequence[NewBatch],
        *,
        rows_read: int,
        input_done: bool = False,
        rejected: Sequence[tuple[Row, Outcome]] = (),
    ) -> tuple[int, ...]:
        """Add ``batches`` (pending) and ``rejected`` rows (with their final outcome, in no
        batch), and advance the input cursor to ``rows_read``; returns the new batch
        numbers in order. Every row must lie between the old cursor and the new one, else
        :class:`~aiosmsc.journal.PlanConflictError` (another planner got there first)."""
        ...

    async def claim(
        self, job_id: str, worker: str, *, lease_seconds: float, limit: int = 1
    ) -> tuple[ClaimedBatch, ...]:
        """Take up to ``limit`` batches: first those in flight under an expired lease
        (``recovered``), then pending ones, each in batch order. They are in flight under
        ``worker``'s lease for ``lease_seconds`` when this returns; ``attempts`` grew."""
        ...

    async def renew(
        self, job_id: str, worker: str, batch_nos: Iterable[int], *, lease_seconds: float
    ) -> frozenset[int]:
        """Extend the leases ``worker`` still holds to ``lease_seconds`` from now; returns
        those batch numbers. ``lease_seconds=0`` hands the batches over for recovery at
        once (a clean stop with requests in doubt)."""
        ...

    async def release(self, job_id: str, worker: str, batch_nos: Iterable[int]) -> frozenset[int]:
        """Put the batches ``worker`` holds back to pending (their requests provably never
        left); returns those batch numbers."""
        ...

    async def complete(
        self, job_id: str, worker: str, batch_no: int, outcomes: Mapping[int, Outcome]
    ) -> None:
        """Record the outcome of every row of the batch (``row_no`` → outcome, exactly the
        batch's rows) and mark it done; :class:`~aiosmsc.journal.LeaseLostError` if
        ``worker`` no longer holds it."""
        ...

    async def split(
        self, job_id: str, worker: str, batch_no: int, parts: Sequence[Sequence[int]]
    ) -> tuple[int, ...]:
        """Replace a held batch by pending batches of the same kind, one per part (row
        numbers; the parts must partition the batch's rows); returns their numbers."""
        ...

    async def requeue(
        self, job_id: str, row_nos: Iterable[int], *, batch_size: int = DEFAULT_REQUEUE_BATCH
    ) -> tuple[int, ...]:
        """Put failed or unknown rows into new pending batches (their outcomes cleared);
        returns the batch numbers. Rows sharing text and options become ``phones``
        batches; rows that came from ``list`` batches and share options become ``list``
        batches; at most ``batch_size`` rows each."""
        ...

    async def summary(self, job_id: str) -> JobSummary:
        """Counts of the job's rows and batches per state, and its input cursor."""
        ...

    async def outcomes(
        self, job_id: str, *, after_row: int = -1, limit: int = 1000
    ) -> tuple[RowRecord, ...]:
        """Up to ``limit`` rows with ``row_no > after_row``, in row order."""
        ...

    async def jobs(self) -> tuple[str, ...]:
        """The ids of the stored jobs, sorted."""
        ...


async def iter_outcomes(
    store: JobStore, job_id: str, *, page: int = 1000
) -> AsyncIterator[RowRecord]:
    """Every row of the job in row order, ``page`` rows in memory at a time."""
    after = -1
    while True:
        records = await store.outcomes(job_id, after_row=after, limit=page)
        for record in records:
            yield record
        if len(records) < page:
            return
        after = records[-1].row.row_no
