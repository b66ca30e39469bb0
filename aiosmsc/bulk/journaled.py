"""A bulk job's batches in a :class:`~aiosmsc.journal.JobStore`: planned before they are
claimed, claimed (in flight, under a lease) before their request leaves, completed after.

Planning goes by chunks of the input: a worker that finds nothing to claim reads the next
``chunk`` rows after the job's input cursor, packs them, and plans them with the cursor
moved past them, in one transaction. Several workers may be given the same input: the
first to plan a chunk wins, the others get a
:class:`~aiosmsc.journal.PlanConflictError`, skip their input to the new cursor and claim
what the winner planned. Every row is planned exactly once, so it is sent at most once
whoever plans it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import APIError, ConfigurationError, SMSCError, ValidationError
from ..journal import (
    BatchKind,
    ClaimedBatch,
    JobStore,
    LeaseLostError,
    NewBatch,
    Outcome,
    PlanConflictError,
    Row,
    RowState,
    iter_outcomes,
    new_worker_id,
)
from ..journal.rules import dump_json
from .outcomes import BulkOutcome, OutcomeState, Recipient
from .packer import Batch, Packer, packing_key
from .refusals import can_succeed_again
from .work import InputReader, Read, rejection

__all__ = ["DEFAULT_LEASE", "JournalWork", "journal_outcome"]

logger = logging.getLogger("aiosmsc")

#: Seconds a claimed batch stays held without renewal (renewed every third of it).
DEFAULT_LEASE = 30.0


def journal_outcome(outcome: BulkOutcome) -> Outcome:
    """A recipient's outcome as the journal records it."""
    if outcome.state is OutcomeState.SENT:
        return Outcome.sent(sms_id=outcome.message_id)
    error = outcome.error
    name = type(error).__name__ if error is not None else "DeliveryUnknownError"
    code = error.code if isinstance(error, APIError) else None
    make = Outcome.failed if outcome.state is OutcomeState.FAILED else Outcome.unknown
    return make(name, code=code, message=str(error) if error is not None else "")


def _row(row_no: int, recipient: Recipient) -> Row:
    if recipient.id is not None:
        raise ValidationError("a journaled job sets the client ids: Recipient.id must be None")
    if recipient.options:
        try:
            dump_json(recipient.options, what="the options of a journaled recipient")
        except ConfigurationError as exc:
            raise ValidationError(str(exc)) from None
    return Row(row_no, recipient.phone, recipient.text, dict(recipient.options))


class JournalWork:
    """The batches of job ``job_id`` in ``store`` (see the module docstring)."""

    def __init__(
        self,
        store: JobStore,
        job_id: str,
        reader: InputReader,
        packer: Packer,
        *,
        settings: Mapping[str, Any],
        lease: float = DEFAULT_LEASE,
        retry_failed: bool = False,
    ) -> None:
        self.store = store
        self.job_id = job_id
        self.worker = new_worker_id()
        self.lease: float | None = lease
        self.rejected: deque[BulkOutcome] = deque()
        self._reader = reader
        self._packer = packer
        self._settings = settings
        self._retry_failed = retry_failed
        self._cursor = 0
        self._input_done = False
        self._finished = False
        self._unplanned: list[Read] = []  # read, not yet planned (after a plan conflict)

    @property
    def consumed(self) -> int:
        return self._reader.position

    @property
    def exhausted(self) -> bool:
        return self._finished

    async def open(self) -> None:
        job = await self.store.begin_job(self.job_id, self._settings)
        self._cursor, self._input_done = job.rows_read, job.input_done
        if self._retry_failed:
            rows = [
                record.row.row_no
                async for record in iter_outcomes(self.store, self.job_id)
                if record.state is RowState.FAILED
                and record.outcome is not None
                and can_succeed_again(record.outcome.error_type)
            ]
            await self.store.requeue(self.job_id, rows, batch_size=self._packer.batch_size)

    async def take(self, limit: int) -> list[Batch]:
        while True:
            claimed = await self.store.claim(
                self.job_id, self.worker, lease_seconds=self._lease(), limit=limit
            )
            if claimed:
                return [self._batch(found) for found in claimed]
            if self._input_done:
                return []
            await self._plan_chunk()

    async def idle(self) -> None:
        summary = await self.store.summary(self.job_id)
        if summary.finished:
            self._finished = True
            return
        # Other workers' requests are in flight: wait for them, or for their leases to
        # run out (then this worker recovers their batches).
        await asyncio.sleep(min(self._lease() / 4, 1.0))

    def _lease(self) -> float:
        assert self.lease is not None
        return self.lease

    def _batch(self, claimed: ClaimedBatch) -> Batch:
        rows = claimed.rows
        recipients = tuple(Recipient(row.phone, row.text, None, row.options) for row in rows)
        return Batch(
            recipients,
            rows[0].text if claimed.kind is BatchKind.PHONES else None,
            packing_key(recipients[0])[1],
            claimed.client_id,
            tuple(row.row_no for row in rows),
            claimed.batch_no,
            claimed.expired_for if claimed.recovered else None,
        )

    async def _plan_chunk(self) -> None:
        """Plan the next chunk of input rows (see the module docstring)."""
        reader = self._reader
        self._unplanned = [read for read in self._unplanned if read[0] >= self._cursor]
        while reader.position < self._cursor and not self._unplanned:
            if not await reader.skip():
                raise ConfigurationError(
                    f"job {self.job_id!r} has planned {self._cursor} input rows, but the"
                    f" input has only {reader.position}: resume it with the same input"
                )
        while len(self._unplanned) < self._packer.lookahead:
            read = await reader.read()
            if read is None:
                break
            self._unplanned.append(read)
        batches, rejected = self._pack(self._unplanned)
        try:
            await self.store.plan(
                self.job_id,
                [NewBatch(kind, rows) for kind, rows in batches],
                rows_read=reader.position,
                input_done=reader.exhausted,
                rejected=[(row, journal_outcome(outcome)) for row, outcome in rejected],
            )
        except PlanConflictError:
            # Another worker planned these rows first: claim what it planned.
            summary = await self.store.summary(self.job_id)
            self._cursor, self._input_done = summary.rows_read, summary.input_done
            return
        self._unplanned = []
        self._cursor, self._input_done = reader.position, reader.exhausted
        self.rejected.extend(outcome for _, outcome in rejected)

    def _pack(
        self, reads: Sequence[Read]
    ) -> tuple[list[tuple[BatchKind, list[Row]]], list[tuple[Row, BulkOutcome]]]:
        packer = self._packer
        rejected: list[tuple[Row, BulkOutcome]] = []
        row_of: dict[int, Row] = {}  # id() of a recipient in the packer -> its row
        for row_no, recipient, listable, error in reads:
            if error is None:
                try:
                    row = _row(row_no, recipient)
                except ValidationError as exc:
                    error = exc
            if error is not None:
                rejected.append(
                    (Row(row_no, recipient.phone, recipient.text), rejection(recipient, error))
                )
                continue
            fresh = Recipient(recipient.phone, recipient.text, None, recipient.options)
            row_of[id(fresh)] = row
            packer.add(fresh, listable=listable)
        batches = []
        while (batch := packer.take(flush=True)) is not None:
            kind = BatchKind.PHONES if batch.text is not None else BatchKind.LIST
            batches.append((kind, [row_of[id(r)] for r in batch.recipients]))
        return batches, rejected

    async def done(self, batch: Batch, outcomes: Sequence[BulkOutcome]) -> None:
        assert batch.batch_no is not None
        recorded = {
            row_no: journal_outcome(outcome)
            for row_no, outcome in zip(batch.rows, outcomes, strict=True)
        }
        try:
            await self.store.complete(self.job_id, self.worker, batch.batch_no, recorded)
        except LeaseLostError:
            # Another worker recovered the batch (this one was too slow): it reconciles
            # the batch and records what the service has.
            logger.warning(
                "bulk job %s: batch %s was recovered by another worker", self.job_id, batch.batch_no
            )

    async def split(self, batch: Batch, parts: Sequence[tuple[int, ...]]) -> None:
        assert batch.batch_no is not None
        rows = [[batch.rows[i] for i in part] for part in parts]
        await self.store.split(self.job_id, self.worker, batch.batch_no, rows)

    async def renew(self, batches: Sequence[Batch]) -> set[int]:
        wanted = {batch.batch_no for batch in batches if batch.batch_no is not None}
        held = await self.store.renew(self.job_id, self.worker, wanted, lease_seconds=self._lease())
        return wanted - held

    async def stop(self, in_doubt: Sequence[Batch]) -> list[Recipient]:
        nos = [batch.batch_no for batch in in_doubt if batch.batch_no is not None]
        if nos:
            try:
                # Handed over at once: the next run reconciles them without waiting out
                # the lease (their requests were cut short before this).
                await self.store.renew(self.job_id, self.worker, nos, lease_seconds=0)
            except SMSCError:
                logger.warning("bulk job %s: could not hand over batches %s", self.job_id, nos)
        return []  # rows not sent stay planned (pending) in the journal
