"""Sending one batch of a bulk job until its fate is known.

- Accepted: every recipient is sent, but those the reply lists as failed, each with the
  error a single send to that number would raise.
- A reply lost, cut or unreadable (the request may have been accepted): the job's
  :class:`~aiosmsc.bulk.reconciler.Reconciler` asks the service. What it has is sent;
  what it provably lacks is sent again with the same client id; what cannot be learned is
  unknown, never sent again.
- Refused for one line's sake (a denied text, an invalid number, ...): nothing of it was
  sent, so the batch is split in halves and each half sent on its own, until only the
  culprits fail, each with its own error.
- Refused for everyone (no money, wrong password): every recipient fails.

A batch found in flight after a stop is reconciled before anything is sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import attrs

from ..errors import DeliveryUnknownError, RateLimitedError, SMSCError, ValidationError
from ..models.send import SendResult
from ..operations.base import Caller, Reconciliation
from ..operations.params import phone_key
from ..operations.send import Send
from .intake import Intake
from .outcomes import BulkOutcome, OutcomeState
from .packer import Batch
from .reconciler import Finding, Reconciler
from .refusals import FATAL, in_doubt, line_refusal, phone_error
from .work import Work

__all__ = ["MAX_SENDS", "BatchSender"]

#: How many times a batch is sent when the service provably did not accept it (a lost
#: request, error 9) before its recipients fail.
MAX_SENDS = 3


@attrs.frozen(slots=True)
class _BulkSend(Send):
    """A bulk job's request. Its lost reply is not reconciled in the pipeline, one request
    at a time: the job's reconciler does it, batched with the others. Its client id,
    fixed per batch, already makes it unique: no duplicate-send fingerprint."""

    def reconciliation(self) -> Reconciliation[SendResult] | None:
        return None

    def fingerprint(self) -> None:  # type: ignore[override]
        return None


class BatchSender:
    """Sends the batches of one job through ``call`` (see the module docstring)."""

    def __init__(
        self,
        call: Caller,
        intake: Intake,
        work: Work,
        reconciler: Reconciler,
        *,
        fmt: int | None,
        on_request: Callable[[SendResult | None], None],
    ) -> None:
        self._call = call
        self._intake = intake
        self._work = work
        self._reconciler = reconciler
        self._fmt = fmt
        self._on_request = on_request
        #: Set when an error means no further request can succeed.
        self.fatal: SMSCError | None = None

    async def run(self, batch: Batch) -> list[BulkOutcome]:
        """Send ``batch`` and record its outcomes with the work; ``[]`` when it was split
        (its parts come back from the work as batches of their own)."""
        outcomes = await self._outcomes(batch)
        if outcomes is None:
            return []
        await self._work.done(batch, outcomes)
        return outcomes

    async def _outcomes(self, batch: Batch) -> list[BulkOutcome] | None:
        phones = [r.phone for r in batch.recipients]
        lookup = self._reconciler.lookup
        if batch.recovered_for is not None:
            # In flight when an earlier run stopped: ask before sending anything.
            ended = self._reconciler.now() - batch.recovered_for
            finding = await lookup(batch.id, phones, ended_at=ended)
            if finding.accepted is not False:
                return self._found(batch, finding, None)
        error: SMSCError | None = None
        try:
            operation = self._operation(batch)
        except ValidationError as invalid:  # options of its own that cannot go: nothing sent
            return self._failed(batch, invalid)
        for _ in range(MAX_SENDS):
            try:
                result = await self._call(operation, self._fmt)
            except SMSCError as failure:
                self._on_request(None)
                error = failure
            except asyncio.CancelledError:
                self._on_request(None)  # cut short in flight: it may have left, it counts
                raise
            else:
                self._on_request(result)
                return self._accepted(batch, result)
            if in_doubt(error):
                finding = await lookup(batch.id, phones, ended_at=self._reconciler.now())
                if finding.accepted is False:
                    continue  # provably never accepted: the same id again
                return self._found(batch, finding, error)
            if isinstance(error, RateLimitedError):
                continue  # refused, nothing sent; the pipeline holds requests back a while
            if len(phones) > 1 and line_refusal(error, personalised=batch.text is None):
                half = len(phones) // 2
                await self._work.split(batch, [tuple(range(half)), tuple(range(half, len(phones)))])
                return None
            if isinstance(error, FATAL):
                self.fatal = error
            break
        return self._failed(batch, error)

    def _operation(self, batch: Batch) -> Send:
        """The request of ``batch``, built from what the intake checked."""
        sending = self._intake.sending(batch.options)
        if batch.text is None:
            message = sending.shape.to_list((r.phone, r.text) for r in batch.recipients)
        else:
            message = sending.shape.to_phones([r.phone for r in batch.recipients], batch.text)
        return _BulkSend.of(message, id=batch.id, cost=sending.cost)

    @staticmethod
    def _failed(batch: Batch, error: SMSCError | None) -> list[BulkOutcome]:
        state = OutcomeState.FAILED
        return [BulkOutcome(r, state, batch.id, None, error) for r in batch.recipients]

    def _accepted(self, batch: Batch, result: SendResult) -> list[BulkOutcome]:
        failed = {phone_key(row.phone): row for row in result.phones or () if row.failed}
        sent = OutcomeState.SENT
        if not failed:  # the common case: one outcome per recipient, all alike
            return [BulkOutcome(r, sent, result.id, result.id) for r in batch.recipients]
        outcomes = []
        for recipient in batch.recipients:
            row = failed.get(phone_key(recipient.phone))
            if row is None:
                outcomes.append(BulkOutcome(recipient, sent, result.id, result.id))
            else:
                error = phone_error(row, message_id=result.id)
                outcomes.append(BulkOutcome(recipient, OutcomeState.FAILED, result.id, None, error))
        return outcomes

    def _found(self, batch: Batch, finding: Finding, error: SMSCError | None) -> list[BulkOutcome]:
        """Outcomes from what the service says of a request in doubt."""
        cause = type(error).__name__ if error is not None else "a stop"
        if finding.accepted:
            doubt = DeliveryUnknownError(
                f"send_bulk: the request was accepted, but the service has no message for"
                f" this number under id {batch.id!r}",
                id=batch.id,
            )
        else:
            doubt = DeliveryUnknownError(
                f"send_bulk: the request's fate is unknown ({cause}) and status lookups did"
                f" not settle it in time; ask status(phone, {batch.id!r}) before sending"
                " again",
                id=batch.id,
                phones=tuple(r.phone for r in batch.recipients),
            )
        outcomes = []
        for recipient in batch.recipients:
            if phone_key(recipient.phone) in finding.found:
                outcomes.append(BulkOutcome(recipient, OutcomeState.SENT, batch.id, batch.id))
            else:
                outcomes.append(BulkOutcome(recipient, OutcomeState.UNKNOWN, batch.id, None, doubt))
        return outcomes
