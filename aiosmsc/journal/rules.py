"""The checks and decisions every store makes the same way, kept apart from SQL."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from ..errors import ConfigurationError
from .errors import PlanConflictError
from .model import NO_OPTIONS, BatchKind, NewBatch, Outcome, Row

__all__ = [
    "check_job_id",
    "check_outcomes",
    "check_parts",
    "check_plan",
    "dump_json",
    "group_requeue",
    "last_batch_no",
    "load_options",
]

_JOB_ID = re.compile(r"[A-Za-z0-9._-]{1,30}")
#: A client id is at most 40 characters: ``job_id`` (30 at most), "-", the batch number.
_MAX_CLIENT_ID = 40


def check_job_id(job_id: str) -> str:
    """``job_id`` if it is 1-30 characters of ``[A-Za-z0-9._-]``."""
    if not isinstance(job_id, str) or not _JOB_ID.fullmatch(job_id):
        raise ConfigurationError(
            f"a job id is 1-30 characters of A-Z, a-z, 0-9, '.', '_', '-'; got {job_id!r}"
        )
    return job_id


def last_batch_no(job_id: str) -> int:
    """The highest batch number whose client id still fits in 40 characters."""
    return int(10 ** (_MAX_CLIENT_ID - len(job_id) - 1)) - 1


def dump_json(value: Mapping[str, Any], *, what: str) -> str:
    """The canonical JSON text of ``value`` (sorted keys), so equal settings compare equal
    as text; ConfigurationError when it is not JSON-able."""
    try:
        return json.dumps(
            dict(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"{what} must be JSON-able: {exc}") from None


def load_options(text: str) -> Mapping[str, Any]:
    """Options stored by :func:`dump_json`; rows without options share one empty mapping."""
    if text == "{}":
        return NO_OPTIONS
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _check_batch(batch: NewBatch) -> None:
    if not batch.rows:
        raise ConfigurationError("a batch needs at least one row")
    first = batch.rows[0]
    options = dump_json(first.options, what="row options")
    for row in batch.rows[1:]:
        if batch.kind is BatchKind.PHONES and row.text != first.text:
            raise ConfigurationError(
                f"the rows of a phones batch share one text (rows {first.row_no}, {row.row_no})"
            )
        if row.options != first.options and dump_json(row.options, what="options") != options:
            raise ConfigurationError(
                f"the rows of a batch share their options (rows {first.row_no}, {row.row_no})"
            )


def check_plan(
    batches: Sequence[NewBatch],
    rejected: Sequence[tuple[Row, Outcome]],
    *,
    cursor: int,
    rows_read: int,
    input_done: bool,
) -> None:
    """Check a :meth:`~aiosmsc.journal.JobStore.plan` against the job's cursor: every row
    new (at or after ``cursor``), below the new cursor ``rows_read``, and planned once."""
    if input_done and (batches or rejected or rows_read != cursor):
        raise PlanConflictError("the job's input is already done: nothing more can be planned")
    if rows_read < cursor:
        raise PlanConflictError(
            f"the input cursor is at {cursor}, already past {rows_read}: another planner ran"
        )
    seen: set[int] = set()
    rows = [row for batch in batches for row in batch.rows] + [row for row, _ in rejected]
    for batch in batches:
        if not isinstance(batch.kind, BatchKind):
            raise ConfigurationError(f"unknown batch kind {batch.kind!r}")
        _check_batch(batch)
    for _, outcome in rejected:
        if not isinstance(outcome, Outcome):
            raise ConfigurationError(f"a rejected row needs an Outcome, got {outcome!r}")
    for row in rows:
        if row.row_no in seen:
            raise ConfigurationError(f"row {row.row_no} is planned twice")
        seen.add(row.row_no)
        if row.row_no < cursor:
            raise PlanConflictError(
                f"row {row.row_no} is before the input cursor {cursor}: another planner ran"
            )
        if row.row_no >= rows_read:
            raise ConfigurationError(f"row {row.row_no} is not below rows_read={rows_read}")


def check_outcomes(batch_rows: Collection[int], outcomes: Mapping[int, Outcome]) -> None:
    """The outcomes must cover exactly the batch's rows."""
    missing = set(batch_rows).difference(outcomes)
    extra = set(outcomes).difference(batch_rows)
    if missing or extra:
        raise ConfigurationError(
            "outcomes must cover exactly the batch's rows;"
            f" missing {sorted(missing)[:10]}, not in the batch {sorted(extra)[:10]}"
        )
    for outcome in outcomes.values():
        if not isinstance(outcome, Outcome):
            raise ConfigurationError(f"expected an Outcome, got {outcome!r}")


def check_parts(batch_rows: Collection[int], parts: Sequence[Sequence[int]]) -> None:
    """The parts of a split must be non-empty and partition the batch's rows."""
    if any(len(part) == 0 for part in parts):
        raise ConfigurationError("every part of a split needs at least one row")
    flat = [row_no for part in parts for row_no in part]
    if len(flat) != len(set(flat)) or set(flat) != set(batch_rows):
        raise ConfigurationError("the parts of a split must partition the batch's rows")


def group_requeue(
    rows: Iterable[tuple[Row, BatchKind | None]], batch_size: int
) -> list[tuple[BatchKind, tuple[int, ...]]]:
    """Group rows to send again: ``(kind, row numbers)`` per new batch, ordered by their
    first row. ``rows`` pairs each row with the kind of the batch it was in (None: it was
    rejected before planning). A row that went on a ``list`` line may go on one again;
    any other row goes into a ``phones`` batch with the rows sharing its text."""
    if batch_size < 1:
        raise ConfigurationError(f"batch_size must be at least 1, got {batch_size}")
    groups: dict[tuple[Any, ...], list[int]] = {}
    for row, kind in sorted(rows, key=lambda pair: pair[0].row_no):
        options = dump_json(row.options, what="row options")
        if kind is BatchKind.LIST:
            key: tuple[Any, ...] = (BatchKind.LIST, options)
        else:
            key = (BatchKind.PHONES, options, row.text)
        groups.setdefault(key, []).append(row.row_no)
    batches = [
        (key[0], tuple(row_nos[start : start + batch_size]))
        for key, row_nos in groups.items()
        for start in range(0, len(row_nos), batch_size)
    ]
    batches.sort(key=lambda batch: batch[1][0])
    return batches


def check_positive(name: str, value: int) -> int:
    """``value`` if it is a positive int."""
    if not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"{name} must be a positive int, got {value!r}")
    return value


def check_lease(lease_seconds: float) -> float:
    """``lease_seconds`` as a float, if it is zero or more."""
    if not lease_seconds >= 0:
        raise ConfigurationError(f"lease_seconds must be 0 or more, got {lease_seconds!r}")
    return float(lease_seconds)
