"""Where a bulk job's batches come from and where their outcomes go.

:class:`Work` is what the job needs: batches to send, a place for outcomes, a way to split
a refused batch. :class:`MemoryWork` keeps everything in memory (a job without a
journal); :class:`~aiosmsc.bulk.journaled.JournalWork` plans and claims batches in a
:class:`~aiosmsc.journal.JobStore` so the job survives any stop. Both read the input with
one :class:`InputReader`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Sequence
from typing import Protocol

from ..errors import ValidationError
from .intake import Intake, recipient_or_pair
from .outcomes import BulkOutcome, OutcomeState, Recipient
from .packer import Batch, Packer

__all__ = ["InputReader", "MemoryWork", "Work", "rejection"]

#: One input item read: (row number, the recipient, whether it may go on a ``list``
#: line, the error that rejects it or None).
Read = tuple[int, Recipient, bool, ValidationError | None]


class Work(Protocol):
    """The source of a job's batches and the sink of their outcomes."""

    #: Seconds a claimed batch stays held without renewal (None: no leases).
    lease: float | None
    #: Outcomes decided before sending (rejected input rows), for the job to yield.
    rejected: deque[BulkOutcome]

    @property
    def consumed(self) -> int:
        """Input items read (in this run)."""
        ...

    @property
    def exhausted(self) -> bool:
        """Whether no batch will ever come from :meth:`take` again."""
        ...

    async def open(self) -> None:
        """Prepare (a journal: create or re-open the job)."""
        ...

    async def take(self, limit: int) -> list[Batch]:
        """Up to ``limit`` batches to send now (reading input as needed); ``[]`` when
        none is available at the moment."""
        ...

    async def idle(self) -> None:
        """Wait a while before :meth:`take` is asked again (nothing was available)."""
        ...

    async def done(self, batch: Batch, outcomes: Sequence[BulkOutcome]) -> None:
        """Record the outcome of every recipient of ``batch``."""
        ...

    async def split(self, batch: Batch, parts: Sequence[tuple[int, ...]]) -> None:
        """Replace a refused ``batch`` by new batches of its recipients (``parts``: their
        positions), which later :meth:`take` calls return."""
        ...

    async def renew(self, batches: Sequence[Batch]) -> set[int]:
        """Extend the leases of ``batches``; returns the ``batch_no`` of those lost."""
        ...

    async def stop(self, in_doubt: Sequence[Batch]) -> list[Recipient]:
        """The job stops: hand ``in_doubt`` batches (requests cut short) over for
        reconciliation; returns the recipients read but never sent."""
        ...


class InputReader:
    """Reads a job's input one item at a time and checks each with the intake."""

    def __init__(
        self,
        recipients: Iterable[Recipient | tuple[str, str]]
        | AsyncIterable[Recipient | tuple[str, str]],
        intake: Intake,
    ) -> None:
        # A sync input is read with next(): no coroutine per item.
        self._sync: Iterator[object] | None = None
        self._async: AsyncIterator[object] | None = None
        if isinstance(recipients, AsyncIterable):
            self._async = aiter(recipients)
        else:
            self._sync = iter(recipients)
        self.intake = intake
        self.position = 0
        self.exhausted = False

    async def _next(self) -> tuple[object] | None:
        if self.exhausted:
            return None
        try:
            if self._sync is not None:
                item = next(self._sync)
            else:
                assert self._async is not None
                item = await anext(self._async)
        except (StopIteration, StopAsyncIteration):
            self.exhausted = True
            return None
        self.position += 1
        return (item,)

    async def skip(self) -> bool:
        """Pass over the next item unchecked (a resumed job's rows already planned);
        False at the end of the input."""
        return await self._next() is not None

    async def read(self) -> Read | None:
        """The next item, checked; None at the end of the input."""
        found = await self._next()
        if found is None:
            return None
        (item,) = found
        row_no = self.position - 1
        plain = self.intake.plain(item)
        if plain is not None:
            return row_no, plain[0], plain[1], None
        pair = recipient_or_pair(item)  # not a pair at all: a bug in the input
        try:
            recipient, listable = self.intake.checked(pair)
        except ValidationError as error:  # this recipient fails; the job goes on
            bad = pair if isinstance(pair, Recipient) else Recipient(str(pair[0]), str(pair[1]))
            return row_no, bad, False, error
        return row_no, recipient, listable, None


def rejection(recipient: Recipient, error: ValidationError) -> BulkOutcome:
    """The outcome of an input row refused before sending."""
    return BulkOutcome(recipient, OutcomeState.FAILED, None, None, error)


class MemoryWork:
    """A job's batches in memory: packed from the input as requests are wanted."""

    lease: float | None = None

    def __init__(self, reader: InputReader, packer: Packer) -> None:
        self._reader = reader
        self._packer = packer
        self._parts: deque[Batch] = deque()
        self.rejected: deque[BulkOutcome] = deque()

    @property
    def consumed(self) -> int:
        return self._reader.position

    @property
    def exhausted(self) -> bool:
        return self._reader.exhausted and not self._packer.count and not self._parts

    async def open(self) -> None:
        return None

    async def take(self, limit: int) -> list[Batch]:
        batches: list[Batch] = []
        while self._parts and len(batches) < limit:
            batches.append(self._parts.popleft())
        while len(batches) < limit:
            batch = await self._next_batch()
            if batch is None:
                break
            batches.append(batch)
        return batches

    async def _next_batch(self) -> Batch | None:
        packer, reader = self._packer, self._reader
        while True:
            if packer.full or reader.exhausted:
                batch = packer.take(flush=reader.exhausted)
                if batch is not None or reader.exhausted:
                    return batch
            read = await reader.read()
            if read is None:
                continue
            _, recipient, listable, error = read
            if error is not None:
                self.rejected.append(rejection(recipient, error))
            else:
                packer.add(recipient, listable=listable)

    async def idle(self) -> None:
        return None  # never asked: memory work is exhausted when take() has nothing

    async def done(self, batch: Batch, outcomes: Sequence[BulkOutcome]) -> None:
        return None

    async def split(self, batch: Batch, parts: Sequence[tuple[int, ...]]) -> None:
        # Nothing of a refused request was accepted, and the parts' phones differ: they may
        # share its client id (a recipient's own id is kept).
        self._parts.extend(batch.part(part, batch.id) for part in parts)

    async def renew(self, batches: Sequence[Batch]) -> set[int]:
        return set()

    async def stop(self, in_doubt: Sequence[Batch]) -> list[Recipient]:
        left = [r for batch in self._parts for r in batch.recipients]
        self._parts.clear()
        return left + self._packer.drain()
