"""A write-ahead journal of bulk jobs, so that a job survives any stop and is resumed by
its id: what is planned, what is in flight (recorded *before* its request leaves), and
what became of every recipient.

Two stores implement :class:`JobStore`: :class:`SQLiteJobStore` (one file, the embedded
default) and :class:`PostgresJobStore` (``aiosmsc[postgres]``; workers on several machines
share jobs). See ``docs/journal.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    JobMismatchError,
    JournalError,
    LeaseLostError,
    MissingDependencyError,
    PlanConflictError,
    SchemaVersionError,
    UnknownJobError,
)
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
    client_id,
    new_worker_id,
)
from .protocol import DEFAULT_REQUEUE_BATCH, JobStore, iter_outcomes
from .schema import SCHEMA_VERSION
from .sqlite import SQLiteJobStore

if TYPE_CHECKING:
    from .postgres import PostgresJobStore

__all__ = [
    "DEFAULT_REQUEUE_BATCH",
    "SCHEMA_VERSION",
    "BatchKind",
    "BatchState",
    "ClaimedBatch",
    "Job",
    "JobMismatchError",
    "JobStore",
    "JobSummary",
    "JournalError",
    "LeaseLostError",
    "MissingDependencyError",
    "NewBatch",
    "Outcome",
    "PlanConflictError",
    "PostgresJobStore",
    "Row",
    "RowRecord",
    "RowState",
    "SQLiteJobStore",
    "SchemaVersionError",
    "UnknownJobError",
    "client_id",
    "iter_outcomes",
    "new_worker_id",
]


def __getattr__(name: str) -> Any:
    # The PostgreSQL store's module is cheap, but keep it out of plain imports anyway.
    if name == "PostgresJobStore":
        from .postgres import PostgresJobStore

        return PostgresJobStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
