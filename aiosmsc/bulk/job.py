"""The bulk job: takes batches from its :class:`~aiosmsc.bulk.work.Work` (in memory, or a
journal), runs a bounded number of them at once through the client's pipeline, and yields
one outcome per recipient."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from typing import Any

from typing_extensions import TypedDict, Unpack

from ..errors import SMSCError, ValidationError
from ..journal import JobStore
from ..journal.rules import check_job_id
from ..models.send import SendResult
from ..operations.base import Caller
from ..operations.message_options import SharedSendOptions
from ..operations.options import option_names
from .intake import Intake
from .journaled import DEFAULT_LEASE, JournalWork
from .outcomes import BulkOutcome, BulkReport, OutcomeState, Recipient
from .packer import Batch, Packer
from .reconciler import Reconciler
from .sender import BatchSender
from .sizing import BatchSizer
from .work import InputReader, MemoryWork, Work

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_BODY",
    "BulkJob",
    "BulkOptions",
    "BulkSettings",
    "send_bulk",
]

logger = logging.getLogger("aiosmsc")

DEFAULT_BATCH_SIZE = 500
#: Counted as an upper bound (every UTF-8 byte of a list line as ``%XX``): a Latin text's
#: real body is about a third of it, well under the common 1 MiB proxy limit.
DEFAULT_MAX_BODY = 512 * 1024
#: How many requests a job runs at once when neither it nor the client's limiter says.
DEFAULT_CONCURRENCY = 4


class BulkSettings(TypedDict, total=False):
    """How a bulk job runs. When missing: ``batch_size`` from the round trip (500 to
    5,000), ``max_body`` 512 KiB, ``concurrency`` the client's ``max_concurrency``, no
    ``progress``, no ``journal`` (the job lives in memory), ``lease`` 30 s, no
    ``retry_failed``."""

    #: The most recipients one request holds (when missing: 500, grown with the round
    #: trip up to 5,000, see :mod:`aiosmsc.bulk.sizing`).
    batch_size: int
    #: The most bytes of form data one request holds (at least 1024).
    max_body: int
    #: How many requests are in flight at once.
    concurrency: int | None
    #: Called with the report after each request.
    progress: Callable[[BulkReport], None] | None
    #: A write-ahead journal (:mod:`aiosmsc.journal`), opened: the job survives any stop
    #: and resumes by ``job_id``. See docs/bulk.md.
    journal: JobStore | None
    #: The journaled job's id: 1-30 characters of ``[A-Za-z0-9._-]``, unique per account.
    job_id: str | None
    #: Seconds a journaled batch stays claimed without renewal (a dead worker's batches
    #: are recovered by another after this).
    lease: float
    #: Queue the journaled job's failed rows that may succeed again (not a denied text,
    #: not an invalid number) before resuming it.
    retry_failed: bool
    #: More of what a journaled job must resume with (JSON-able), compared like its send
    #: options: e.g. a digest of the input file.
    job_settings: Mapping[str, Any] | None


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
        work: Work,
        *,
        intake: Intake,
        concurrency: int,
        progress: Callable[[BulkReport], None] | None,
        settle: float,
        lookup: Caller | None = None,
        fmt: int | None = None,
    ) -> None:
        self._work = work
        # Lookups retry on their own terms (a failed multi-message request is not waited
        # out for its next slot): ``lookup`` is the pipeline without retries.
        self._reconciler = Reconciler(lookup or call, settle=settle, fmt=fmt)
        self._sender = BatchSender(
            call, intake, work, self._reconciler, fmt=fmt, on_request=self._count_request
        )
        self._concurrency = concurrency
        self._progress = progress
        self._inflight: dict[asyncio.Task[list[BulkOutcome]], Batch] = {}
        self._cut: list[Batch] = []  # cancelled while in flight: in doubt
        self._ready: deque[BulkOutcome] = deque()
        self._opened = False
        self._stopped = False
        self._closed = False
        self._leases: asyncio.Task[None] | None = None
        self.report = BulkReport()

    @property
    def reconciler(self) -> Reconciler:
        """The job's reconciler (how many status requests it made: ``.requests``)."""
        return self._reconciler

    def __aiter__(self) -> BulkJob:
        return self

    async def __aenter__(self) -> BulkJob:
        await self._open()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        await self.aclose(
            cancelled=exc_type is not None and issubclass(exc_type, asyncio.CancelledError)
        )

    async def _open(self) -> None:
        if self._opened:
            return
        self._opened = True
        await self._work.open()
        if self._work.lease is not None:
            self._leases = asyncio.ensure_future(self._keep_leases(self._work.lease))

    async def __anext__(self) -> BulkOutcome:
        await self._open()
        while not self._ready:
            if self._closed:
                raise StopAsyncIteration
            await self._launch()
            if self._ready:
                break
            if not self._inflight:
                if self._stopped or self._work.exhausted:
                    await self._finish()
                    raise StopAsyncIteration
                await self._work.idle()
                continue
            done, _ = await asyncio.wait(self._inflight, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                self._collect(task)
        return self._ready.popleft()

    async def _launch(self) -> None:
        work = self._work
        while not self._stopped and len(self._inflight) < self._concurrency:
            batches = await work.take(self._concurrency - len(self._inflight))
            self._take_rejected()
            for batch in batches:
                self._inflight[asyncio.ensure_future(self._sender.run(batch))] = batch
            if not batches:
                return

    def _take_rejected(self) -> None:
        rejected = self._work.rejected
        if rejected:
            self.report._count(rejected)
            self._ready.extend(rejected)
            rejected.clear()

    def _count_request(self, result: SendResult | None) -> None:
        self.report.requests += 1
        if result is not None and result.cost is not None:
            self.report.cost += result.cost

    def _collect(self, task: asyncio.Task[list[BulkOutcome]]) -> None:
        batch = self._inflight.pop(task)
        if task.cancelled():
            self._cut.append(batch)
            outcomes = [BulkOutcome(r, OutcomeState.UNKNOWN, batch.id) for r in batch.recipients]
        else:
            outcomes = task.result()
        if self._sender.fatal is not None:
            self._stopped = True  # nothing after this can succeed
        self.report._count(outcomes)
        self.report.consumed = self._work.consumed
        self._ready.extend(outcomes)
        if self._progress is not None:
            self._progress(self.report)

    async def _keep_leases(self, lease: float) -> None:
        """Renew the leases of the batches in flight every third of a lease. A batch
        another worker took over is cancelled here; when the journal cannot be reached
        for a whole lease, every request is cancelled and the job stops (its batches are
        recovered after the lease, by this job's next run or another worker)."""
        loop = asyncio.get_running_loop()
        held_until = loop.time() + lease
        while True:
            await asyncio.sleep(lease / 3)
            batches = list(self._inflight.values())
            started = loop.time()
            try:
                lost = await self._work.renew(batches) if batches else set()
            except (SMSCError, OSError) as error:
                logger.warning("bulk job: cannot renew leases (%s)", type(error).__name__)
                if loop.time() >= held_until - lease / 6:
                    self._stopped = True
                    for task in self._inflight:
                        task.cancel()
                continue
            held_until = started + lease
            for task, batch in list(self._inflight.items()):
                if batch.batch_no in lost:
                    task.cancel()

    def stop(self, *, grace: float | None = None) -> None:
        """Stop sending (a signal handler may call it): no more input is read and no new
        request starts; iterating goes on with the outcomes of the requests in flight,
        which get ``grace`` seconds (None: as long as they need, 0: none) before they
        are cut short. Requests cut short are reported unknown; with a journal, their
        batches are handed over, so the next run reconciles them at once."""
        self._stopped = True
        if grace is not None:
            asyncio.get_running_loop().call_later(grace, self._cut_short)

    def _cut_short(self) -> None:
        for task in self._inflight:
            task.cancel()

    async def aclose(self, *, cancelled: bool = False, grace: float | None = None) -> None:
        """Stop (see :meth:`stop`; ``cancelled``: no grace at all), wait for the requests
        in flight, and complete :attr:`report`."""
        if self._closed:
            return
        self.stop(grace=0 if cancelled else grace)
        if self._inflight:
            await asyncio.wait(list(self._inflight))
            for task in list(self._inflight):
                self._collect(task)
        await self._finish()

    async def _finish(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._leases is not None:
            self._leases.cancel()
        await self._reconciler.aclose()
        self._take_rejected()
        self.report.not_attempted.extend(await self._work.stop(self._cut))
        self.report.consumed = self._work.consumed
        self.report.unreported.extend(self._ready)
        self._ready.clear()
        self.report.finished = time.monotonic()


def _settled(value: Any) -> Any:
    """A send option as a journal compares it: JSON values as they are, anything else by
    a digest of its ``repr`` (a datetime, an enum, files)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return "sha256:" + hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def _journal_settings(options: Mapping[str, Any]) -> dict[str, Any]:
    return {"send": {name: _settled(value) for name, value in sorted(options.items())}}


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"{name} must be a positive integer, got {value!r}")
    return value


def send_bulk(
    call: Caller,
    recipients: Iterable[Recipient | tuple[str, str]] | AsyncIterable[Recipient | tuple[str, str]],
    *,
    fmt: int | None = None,
    default_concurrency: int = DEFAULT_CONCURRENCY,
    settle: float = 15.0,
    lookup: Caller | None = None,
    **options: Unpack[BulkOptions],
) -> BulkJob:
    """Send to many recipients through ``call`` (a client's pipeline); see
    :mod:`aiosmsc.bulk`. ``options`` are how the job runs and the ``send`` keyword
    arguments of every request (``sender=``, ``translit=``, ...), checked here: raises
    ValidationError before anything is sent. ``settle`` is the client's
    :attr:`~aiosmsc.retry.RetryPolicy.settle`; ``lookup`` the pipeline without retries,
    for status lookups (default: ``call``)."""
    batch_size = _positive_int("batch_size", options.get("batch_size", DEFAULT_BATCH_SIZE))
    max_body = options.get("max_body", DEFAULT_MAX_BODY)
    concurrency = options.get("concurrency")
    if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 1024:
        raise ValidationError(f"max_body must be at least 1024 bytes, got {max_body!r}")
    for name in ("phones", "mes", "list", "id"):
        if name in options:
            raise ValidationError(f"send_bulk takes recipients, not {name}=")
    send_options = {name: value for name, value in options.items() if name not in _SETTINGS}
    intake = Intake(send_options)
    width = _positive_int(
        "concurrency", default_concurrency if concurrency is None else concurrency
    )
    reader = InputReader(recipients, intake)
    packer = Packer(batch_size, max_body)
    if "batch_size" not in options:  # chosen from the round trip (see .sizing)
        call = BatchSizer(packer).timed(call)
    journal, job_id = options.get("journal"), options.get("job_id")
    work: Work
    if journal is None:
        if job_id is not None or options.get("retry_failed") or options.get("job_settings"):
            raise ValidationError("job_id=, retry_failed= and job_settings= need a journal=")
        work = MemoryWork(reader, packer)
    else:
        if job_id is None:
            raise ValidationError("a journaled job needs its job_id=")
        lease = options.get("lease", DEFAULT_LEASE)
        if isinstance(lease, bool) or not isinstance(lease, (int, float)) or not lease > 0:
            raise ValidationError(f"lease must be a positive number of seconds, got {lease!r}")
        work = JournalWork(
            journal,
            check_job_id(job_id),
            reader,
            packer,
            settings={
                **_journal_settings(send_options),
                "job": dict(options.get("job_settings") or {}),
            },
            lease=float(lease),
            retry_failed=bool(options.get("retry_failed", False)),
        )
    return BulkJob(
        call,
        work,
        intake=intake,
        concurrency=width,
        progress=options.get("progress"),
        settle=settle,
        lookup=lookup,
        fmt=fmt,
    )
