"""Plain iterators over the async client's iterators, bulk jobs and trackers.

Each ``next()`` advances the async iterator on the client's loop thread and waits for
the item, so the async code (paging, packing, polling) is the one that runs.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

from ..bulk import BulkJob, BulkOutcome, BulkReport
from ..tracking import StatusLike, TrackedMessage, Tracker

if TYPE_CHECKING:
    from typing_extensions import Self

    from ..bulk.reconciler import Reconciler
    from .bridge import Linked
    from .loop import LoopThread

__all__ = ["BlockingBulkJob", "BlockingIterator", "BlockingTracker"]

T = TypeVar("T")


class _End(enum.Enum):
    END = enum.auto()


async def _step(source: AsyncIterator[T]) -> T | Literal[_End.END]:
    # StopAsyncIteration would end the task oddly: it comes back as a marker instead.
    try:
        return await anext(source)
    except StopAsyncIteration:
        return _End.END


class _Stepper(Generic[T]):
    """Advances an async iterator on a loop thread, one item per ``next()``."""

    __slots__ = ("_name", "_owner", "_source", "_thread")

    def __init__(
        self, owner: Linked, thread: LoopThread, source: AsyncIterator[T], name: str
    ) -> None:
        self._owner = owner  # its client must outlive it: it runs the loop thread
        self._thread = thread
        self._source = source
        self._name = name

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> T:
        item = self._thread.run(_step(self._source), self._name)
        if item is _End.END:
            raise StopIteration
        return item

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        # An interrupt (KeyboardInterrupt) is not an Exception: it stands for a cancellation.
        self._stop(interrupted=exc_type is not None and not issubclass(exc_type, Exception))

    def _stop(self, *, interrupted: bool) -> None:
        self.close()

    def close(self) -> None:
        """Stop early; the async iterator's own clean-up runs."""
        aclose = getattr(self._source, "aclose", None)
        if aclose is not None and self._thread.running:
            self._thread.run(aclose(), self._name)


class BlockingIterator(_Stepper[T], Iterator[T]):
    """``for message in smsc.history(...)``: the pages are fetched as they are needed."""

    __slots__ = ()


class BlockingBulkJob(_Stepper[BulkOutcome]):
    """The blocking twin of :class:`~aiosmsc.bulk.BulkJob`::

        with smsc.send_bulk(rows, sender="MyShop") as job:
            for outcome in job:
                ...
        print(job.report.summary())

    Stopping early (``break``, an exception, Ctrl-C) inside ``with`` leaves an exact
    :attr:`report`; an interrupt (KeyboardInterrupt) cancels the requests in flight, as
    cancelling the async job does.
    """

    __slots__ = ("_job",)

    def __init__(self, owner: Linked, thread: LoopThread, job: BulkJob, name: str) -> None:
        super().__init__(owner, thread, job, name)
        self._job = job

    @property
    def report(self) -> BulkReport:
        """The job's counts so far (final once the job is closed)."""
        return self._job.report

    def __next__(self) -> BulkOutcome:
        try:
            return super().__next__()
        except Exception:
            raise
        except BaseException:  # an interrupt: end the job as a cancelled async one ends
            self._stop(interrupted=True)
            raise

    def _stop(self, *, interrupted: bool) -> None:
        self.close(cancelled=interrupted)

    @property
    def reconciler(self) -> Reconciler:
        """The job's reconciler (how many status requests it made: ``.requests``)."""
        return self._job.reconciler

    def stop(self, *, grace: float | None = None) -> None:
        """Stop sending (any thread may call it): see :meth:`BulkJob.stop`."""
        self._thread.call(functools.partial(self._job.stop, grace=grace), "send_bulk.stop")

    def close(self, *, cancelled: bool = False, grace: float | None = None) -> None:
        """Stop: read no more input, finish (or, if ``cancelled``, cancel; or cut short
        after ``grace`` seconds) the requests in flight, and complete :attr:`report`."""
        if self._thread.running:
            self._thread.run(self._job.aclose(cancelled=cancelled, grace=grace), self._name)


class BlockingTracker(_Stepper[TrackedMessage]):
    """The blocking twin of :class:`~aiosmsc.tracking.Tracker`: ``for tracked in
    smsc.track(...)``; :meth:`add` and :meth:`feed` may be called from any thread."""

    __slots__ = ("_tracker",)

    def __init__(self, owner: Linked, thread: LoopThread, tracker: Tracker, name: str) -> None:
        super().__init__(owner, thread, tracker, name)
        self._tracker = tracker

    def add(self, message: tuple[str, str] | BulkOutcome) -> None:
        """Track one more message: ``(phone, id)`` or an accepted bulk outcome."""
        self._thread.call(functools.partial(self._tracker.add, message), "track.add")

    def feed(self, report: StatusLike) -> bool:
        """A status from elsewhere (a callback): resolves its message if it is final.
        Returns whether the report matched a tracked message."""
        return self._thread.call(functools.partial(self._tracker.feed, report), "track.feed")

    @property
    def pending(self) -> int:
        """Messages whose final status is not known yet."""
        return self._tracker.pending
