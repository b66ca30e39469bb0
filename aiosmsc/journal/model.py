"""What the job journal records: jobs, batches, rows and their outcomes.

A *job* is one bulk send, identified by a caller-chosen ``job_id``. Its input is read in
order; every input item is a *row* with its position ``row_no``. Rows are planned into
*batches*, one request each, whose client id ``f"{job_id}-{batch_no}"`` is fixed when the
batch is planned, so a resumed job asks the service about (and resends under) the very id
the first attempt used.
"""

from __future__ import annotations

import enum
import os
import socket
import uuid
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ..errors import ConfigurationError

__all__ = [
    "BatchKind",
    "BatchState",
    "ClaimedBatch",
    "Job",
    "JobSummary",
    "NewBatch",
    "Outcome",
    "Row",
    "RowRecord",
    "RowState",
    "client_id",
    "new_worker_id",
]

#: The mapping a row without options carries (shared: millions of rows need no own dict).
NO_OPTIONS: Mapping[str, Any] = MappingProxyType({})


class BatchKind(str, enum.Enum):
    """How a batch goes on the wire."""

    PHONES = "phones"  # one text (and one set of options) for every phone
    LIST = "list"  # personalised ``phone:text`` lines sharing one set of options


class BatchState(str, enum.Enum):
    """Where a batch is. ``pending`` → ``in_flight`` → ``done``; ``split`` when it was
    replaced by smaller batches (it then holds no rows)."""

    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    DONE = "done"
    SPLIT = "split"


class RowState(str, enum.Enum):
    """What became of a row. ``pending`` until its batch completes."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"  # the request may have been accepted: ask status(phone, client id)


def client_id(job_id: str, batch_no: int) -> str:
    """The client id of a batch's request: the same on every attempt and after a resume."""
    return f"{job_id}-{batch_no}"


def new_worker_id() -> str:
    """A worker id unique to this process and call: host, pid and a random part. A worker
    id names who holds a lease; two live workers must never share one."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


@attrs.frozen(slots=True)
class Job:
    """A job as stored: its shared ``settings`` (JSON-able, stored once) and the input
    cursor: ``rows_read`` input rows are planned into batches (or rejected), and
    ``input_done`` tells whether the input is exhausted."""

    job_id: str
    settings: Mapping[str, Any]
    rows_read: int
    input_done: bool


@attrs.frozen(slots=True)
class Row:
    """One input row: its position in the job's input, the phone, its text, and the
    options (JSON-able send options) that apply to it alone."""

    row_no: int
    phone: str
    text: str
    options: Mapping[str, Any] = attrs.field(default=NO_OPTIONS, hash=False)


def _row_tuple(rows: Iterable[Row]) -> tuple[Row, ...]:
    # A typed converter: with ``converter=tuple`` type checkers cannot tell what the
    # constructor takes.
    return tuple(rows)


@attrs.frozen(slots=True)
class NewBatch:
    """A batch to plan: its kind and rows. A ``phones`` batch's rows share text and
    options; a ``list`` batch's rows share options."""

    kind: BatchKind
    rows: tuple[Row, ...] = attrs.field(converter=_row_tuple)


@attrs.frozen(slots=True)
class ClaimedBatch:
    """A batch the worker now holds under its lease, with its rows in row order.

    ``attempts`` counts the claims, this one included. ``recovered`` is true when the
    batch was in flight under an expired lease: its request may have reached the service,
    so the job must learn its fate through ``status`` before sending anything again.
    ``expired_for`` is then how many seconds ago that lease ran out, on the store's clock
    (the previous holder's request ended by then, see docs/journal.md).
    """

    job_id: str
    batch_no: int
    kind: BatchKind
    rows: tuple[Row, ...]
    attempts: int
    recovered: bool
    expired_for: float | None = None

    @property
    def client_id(self) -> str:
        """The client id the batch's request carries."""
        return client_id(self.job_id, self.batch_no)


@attrs.frozen(slots=True)
class Outcome:
    """The outcome of one row. ``sent`` carries what the reply gave (``sms_id``, ``cnt``,
    ``cost`` as strings); ``failed``/``unknown`` the error: its class name, its code when
    it has one, and its message, which the caller has already stripped of secrets."""

    state: RowState = attrs.field(validator=attrs.validators.instance_of(RowState))
    sms_id: str | None = None
    cnt: str | None = None
    cost: str | None = None
    error_type: str | None = None
    error_code: int | None = None
    error_message: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.state is RowState.PENDING:
            raise ConfigurationError("an outcome is sent, failed or unknown, never pending")
        if self.state is RowState.SENT and self.error_type is not None:
            raise ConfigurationError("a sent outcome carries no error")
        if self.state is not RowState.SENT and not self.error_type:
            raise ConfigurationError(f"a {self.state.value} outcome needs its error_type")

    @classmethod
    def sent(
        cls, *, sms_id: str | None = None, cnt: str | None = None, cost: str | None = None
    ) -> Outcome:
        """The service accepted the row."""
        return cls(RowState.SENT, sms_id=sms_id, cnt=cnt, cost=cost)

    @classmethod
    def failed(cls, error_type: str, *, code: int | None = None, message: str = "") -> Outcome:
        """The row was refused or could not be sent; it was not sent."""
        return cls(RowState.FAILED, error_type=error_type, error_code=code, error_message=message)

    @classmethod
    def unknown(cls, error_type: str, *, code: int | None = None, message: str = "") -> Outcome:
        """The row may or may not have been accepted."""
        return cls(RowState.UNKNOWN, error_type=error_type, error_code=code, error_message=message)


@attrs.frozen(slots=True)
class RowRecord:
    """A row as recorded: the row, the batch it is in (None for a row rejected before
    planning), and its outcome (None while pending)."""

    job_id: str
    row: Row
    batch_no: int | None
    outcome: Outcome | None

    @property
    def state(self) -> RowState:
        """The row's state."""
        return RowState.PENDING if self.outcome is None else self.outcome.state

    @property
    def client_id(self) -> str | None:
        """The client id of the row's batch (None for a rejected row)."""
        return None if self.batch_no is None else client_id(self.job_id, self.batch_no)


@attrs.frozen(slots=True)
class JobSummary:
    """Counts of a job: rows per state, batches per state (every state present), and the
    input cursor."""

    job_id: str
    rows_read: int
    input_done: bool
    rows: Mapping[RowState, int]
    batches: Mapping[BatchState, int]

    @property
    def finished(self) -> bool:
        """Whether the input is exhausted and no batch is pending or in flight."""
        return (
            self.input_done
            and self.batches[BatchState.PENDING] == 0
            and self.batches[BatchState.IN_FLIGHT] == 0
        )
