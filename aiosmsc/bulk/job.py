"""The bulk job: reads recipients, packs them into requests, runs a bounded number of
requests at once through the client's pipeline, and yields one outcome per recipient."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from types import TracebackType

from typing_extensions import TypedDict, Unpack

from ..errors import (
    APIError,
    AuthenticationError,
    DeliveryUnknownError,
    InsufficientFundsError,
    IPBlockedError,
    SMSCError,
    TransportError,
    ValidationError,
)
from ..models.send import SendResult
from ..operations.base import Caller
from ..operations.message_options import SharedSendOptions
from ..operations.options import option_names
from ..operations.params import phone_key
from ..operations.send import Send
from .intake import Intake, recipient_or_pair
from .outcomes import BulkOutcome, BulkReport, OutcomeState, Recipient
from .packer import Batch, Packer
from .sizing import BatchSizer

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_BODY",
    "BulkJob",
    "BulkOptions",
    "BulkSettings",
    "send_bulk",
]

DEFAULT_BATCH_SIZE = 500
#: Counted as an upper bound (every UTF-8 byte of a list line as ``%XX``): a Latin text's
#: real body is about a third of it, well under the common 1 MiB proxy limit.
DEFAULT_MAX_BODY = 512 * 1024
#: How many requests a job runs at once when neither it nor the client's limiter says.
DEFAULT_CONCURRENCY = 4
#: Errors after which no further request can succeed: the job stops sending.
_FATAL = (AuthenticationError, InsufficientFundsError, IPBlockedError)


class BulkSettings(TypedDict, total=False):
    """How a bulk job runs. When missing: ``batch_size`` from the round trip (500 to
    5,000), ``max_body`` 512 KiB,
    ``concurrency`` the client's ``max_concurrency``, no ``progress``."""

    #: The most recipients one request holds (when missing: 500, grown with the round
    #: trip up to 5,000, see :mod:`aiosmsc.bulk.sizing`).
    batch_size: int
    #: The most bytes of form data one request holds (at least 1024).
    max_body: int
    #: How many requests are in flight at once.
    concurrency: int | None
    #: Called with the report after each request.
    progress: Callable[[BulkReport], None] | None


class BulkOptions(SharedSendOptions, BulkSettings, total=False):
    """The keywords of ``smsc.send_bulk``: how the job runs, and the send options of every
    request (:class:`~aiosmsc.operations.message_options.SharedSendOptions`)."""


_SETTINGS = option_names(BulkSettings)


class BulkJob:
    """A running bulk send: ``async for outcome in job``; best inside ``async with`` so
    that stopping early leaves an exact :attr:`report`."""

    def __init__(
        self,
        call: Caller,
        recipients: Iterable[Recipient | tuple[str, str]]
        | AsyncIterable[Recipient | tuple[str, str]],
        *,
        intake: Intake,
        packer: Packer,
        concurrency: int,
        progress: Callable[[BulkReport], None] | None,
        fmt: int | None = None,
    ) -> None:
        self._call = call
        self._fmt = fmt
        # A sync input is read with next(): no coroutine per item.
        self._sync_source: Iterator[object] | None = None
        self._async_source: AsyncIterator[object] | None = None
        if isinstance(recipients, AsyncIterable):
            self._async_source = aiter(recipients)
        else:
            self._sync_source = iter(recipients)
        self._intake = intake
        self._packer = packer
        self._concurrency = concurrency
        self._progress = progress
        self._inflight: dict[asyncio.Task[list[BulkOutcome]], Batch] = {}
        self._ready: deque[BulkOutcome] = deque()
        self._exhausted = False
        self._stopped = False
        self._closed = False
        self.report = BulkReport()

    def __aiter__(self) -> BulkJob:
        return self

    async def __aenter__(self) -> BulkJob:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose(
            cancelled=exc_type is not None and issubclass(exc_type, asyncio.CancelledError)
        )

    async def __anext__(self) -> BulkOutcome:
        while not self._ready:
            if self._closed:
                raise StopAsyncIteration
            await self._launch()
            if not self._inflight:
                if self._exhausted or self._stopped:
                    self._finish()
                    raise StopAsyncIteration
                continue
            done, _ = await asyncio.wait(self._inflight, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                self._collect(task)
        return self._ready.popleft()

    async def _launch(self) -> None:
        while not self._stopped and len(self._inflight) < self._concurrency:
            batch = await self._next_batch()
            if batch is None:
                return
            task = asyncio.ensure_future(self._send(batch))
            self._inflight[task] = batch

    async def _next_batch(self) -> Batch | None:
        while True:
            if self._packer.full or self._exhausted:
                batch = self._packer.take(flush=self._exhausted)
                if batch is not None or self._exhausted:
                    return batch
            try:
                if self._sync_source is not None:
                    item = next(self._sync_source)
                else:
                    assert self._async_source is not None
                    item = await anext(self._async_source)
            except (StopIteration, StopAsyncIteration):
                self._exhausted = True
                continue
            plain = self._intake.plain(item)
            if plain is not None:
                recipient, listable = plain
            else:
                pair = recipient_or_pair(item)  # not a pair at all: a bug in the input
                try:
                    recipient, listable = self._intake.checked(pair)
                except ValidationError as error:  # this recipient fails; the job goes on
                    self.report.consumed += 1
                    self._reject(pair, error)
                    continue
            self.report.consumed += 1
            self._packer.add(recipient, listable=listable)

    def _reject(self, item: Recipient | tuple[str, str], error: ValidationError) -> None:
        bad = item if isinstance(item, Recipient) else Recipient(str(item[0]), str(item[1]))
        outcome = BulkOutcome(bad, OutcomeState.FAILED, None, None, error)
        self.report._count((outcome,))
        self._ready.append(outcome)

    async def _send(self, batch: Batch) -> list[BulkOutcome]:
        try:
            # Built from what the intake checked: recipients, texts and options are not
            # checked again per request.
            sending = self._intake.sending(batch.options)
            if batch.text is None:
                message = sending.shape.to_list((r.phone, r.text) for r in batch.recipients)
            else:
                phones = [r.phone for r in batch.recipients]
                message = sending.shape.to_phones(phones, batch.text)
            operation = Send.of(message, id=batch.id, cost=sending.cost)
            result = await self._call(operation, self._fmt)
        except SMSCError as error:
            return self._failed(batch, error)
        return self._accepted(batch, result)

    def _accepted(self, batch: Batch, result: SendResult) -> list[BulkOutcome]:
        if result.cost is not None:
            self.report.cost += result.cost
        failed: dict[str, str] = {}
        for row in result.phones or ():
            if row.failed:
                failed[phone_key(row.phone)] = row.error or f"err {row.err}"
        if not failed:  # the common case: one outcome per recipient, all alike
            return [
                BulkOutcome(r, OutcomeState.SENT, result.id, result.id) for r in batch.recipients
            ]
        outcomes = []
        for recipient in batch.recipients:
            reason = failed.get(phone_key(recipient.phone))
            if reason is None:
                outcomes.append(BulkOutcome(recipient, OutcomeState.SENT, result.id, result.id))
            else:
                error = APIError(0, reason, id=result.id, operation="send_bulk")
                outcomes.append(BulkOutcome(recipient, OutcomeState.FAILED, result.id, None, error))
        return outcomes

    def _failed(self, batch: Batch, error: SMSCError) -> list[BulkOutcome]:
        if isinstance(error, _FATAL):
            self._stopped = True  # nothing after this can succeed
        in_doubt = isinstance(error, DeliveryUnknownError) or (
            isinstance(error, TransportError) and error.possibly_delivered
        )
        state = OutcomeState.UNKNOWN if in_doubt else OutcomeState.FAILED
        client_id = getattr(error, "id", None) if isinstance(error, DeliveryUnknownError) else None
        return [BulkOutcome(r, state, client_id or batch.id, None, error) for r in batch.recipients]

    def _collect(self, task: asyncio.Task[list[BulkOutcome]]) -> None:
        batch = self._inflight.pop(task)
        self.report.requests += 1
        if task.cancelled():
            outcomes = [BulkOutcome(r, OutcomeState.UNKNOWN, batch.id) for r in batch.recipients]
        else:
            outcomes = task.result()
        self.report._count(outcomes)
        self._ready.extend(outcomes)
        if self._progress is not None:
            self._progress(self.report)

    async def aclose(self, *, cancelled: bool = False) -> None:
        """Stop: read no more input, finish (or, if ``cancelled``, cancel) the requests in
        flight, and complete :attr:`report`."""
        if self._closed:
            return
        self._stopped = True
        if self._inflight:
            if cancelled:
                for task in self._inflight:
                    task.cancel()
            await asyncio.wait(list(self._inflight))
            for task in list(self._inflight):
                self._collect(task)
        self._finish()

    def _finish(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.report.not_attempted.extend(self._packer.drain())
        self.report.unreported.extend(self._ready)
        self._ready.clear()
        self.report.finished = time.monotonic()


def send_bulk(
    call: Caller,
    recipients: Iterable[Recipient | tuple[str, str]] | AsyncIterable[Recipient | tuple[str, str]],
    *,
    fmt: int | None = None,
    default_concurrency: int = DEFAULT_CONCURRENCY,
    **options: Unpack[BulkOptions],
) -> BulkJob:
    """Send to many recipients through ``call`` (a client's pipeline); see
    :mod:`aiosmsc.bulk`. ``options`` are how the job runs and the ``send`` keyword
    arguments of every request (``sender=``, ``translit=``, ...), checked here: raises
    ValidationError before anything is sent."""
    batch_size = options.get("batch_size", DEFAULT_BATCH_SIZE)
    max_body = options.get("max_body", DEFAULT_MAX_BODY)
    concurrency = options.get("concurrency")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValidationError(f"batch_size must be a positive integer, got {batch_size!r}")
    if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 1024:
        raise ValidationError(f"max_body must be at least 1024 bytes, got {max_body!r}")
    for name in ("phones", "mes", "list", "id"):
        if name in options:
            raise ValidationError(f"send_bulk takes recipients, not {name}=")
    intake = Intake({name: value for name, value in options.items() if name not in _SETTINGS})
    width = default_concurrency if concurrency is None else concurrency
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ValidationError(f"concurrency must be a positive integer, got {concurrency!r}")
    packer = Packer(batch_size, max_body)
    if "batch_size" not in options:  # chosen from the round trip (see .sizing)
        call = BatchSizer(packer).timed(call)
    return BulkJob(
        call,
        recipients,
        intake=intake,
        packer=packer,
        concurrency=width,
        progress=options.get("progress"),
        fmt=fmt,
    )
