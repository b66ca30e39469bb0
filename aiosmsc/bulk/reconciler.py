"""Learning the fate of bulk requests whose replies were lost, many at a time, within the
service's status limits.

A request in doubt is a *question*: its client id, its recipients as the client sent them
(never re-read from the request's text), and when its request ended. The service keeps one
message per ``(phone, id)``; a pair it has proves the request was accepted. "Not found"
proves the opposite only once the request can no longer be taking effect: the answer must
come from a lookup that started ``settle`` seconds after the request ended (a slow server
may accept a request after the client stopped waiting). An earlier "not found" is asked
again after that moment.

Every open question rides the same lookups: up to :data:`SINGLES_UP_TO` open pairs are
asked one status request each, at once and again when "not found" can prove absence (the
service allows five a minute per message); more go in multi-message requests of up to
:data:`MASS_CHUNK` pairs (one a minute, which the client's quotas pace), made when one
can settle a question, carrying every open question. While that slot is taken, up to
:data:`SINGLES_WHILE_WAITING` pairs that can be settled go as single requests instead:
a few hundred quick requests beat a minute's wait. A question not decided ``window`` seconds after
its "not found" could first prove anything is given up as undecided: its recipients are
reported unknown, never sent again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Callable, Sequence

import attrs

from ..errors import SMSCError
from ..models.codes import MessageStatus
from ..models.status import StatusReport
from ..operations.base import Caller
from ..operations.params import phone_key
from ..operations.status import Status

__all__ = [
    "DEFAULT_WINDOW",
    "MASS_CHUNK",
    "MASS_INTERVAL",
    "SINGLES_UP_TO",
    "SINGLES_WHILE_WAITING",
    "Finding",
    "Reconciler",
]

logger = logging.getLogger("aiosmsc")

#: Open pairs up to which each pair gets a status request of its own.
SINGLES_UP_TO = 8
#: While the multi-message slot is taken, up to this many pairs that can be settled are
#: asked one request each rather than waiting for it.
SINGLES_WHILE_WAITING = 1000
#: The most pairs one multi-message status request asks about.
MASS_CHUNK = 1000
#: Seconds between two multi-message status requests (the service allows one a minute).
MASS_INTERVAL = 60.0
#: Seconds after a question could first be decided before it is given up: long enough for
#: a second multi-message request after a first that failed.
DEFAULT_WINDOW = 90.0
#: Pause after a failed lookup (doubling, at most this many seconds).
_MAX_PAUSE = 8.0


@attrs.frozen(slots=True)
class Finding:
    """What the service says of one request. ``accepted``: True when it has the request
    (``found`` holds the phone keys it has), False when it provably never accepted it
    (sending it again with the same id cannot duplicate anything), None when that could
    not be learned in time."""

    accepted: bool | None
    found: frozenset[str] = frozenset()


@attrs.define(eq=False)
class _Question:
    """One request in doubt: which of its pairs the service has, and which it provably
    lacks (answered "not found" by a lookup that started after ``proof_after``)."""

    id: str
    phones: tuple[str, ...]
    proof_after: float
    give_up_at: float
    future: asyncio.Future[Finding]
    found: set[str] = attrs.field(factory=set)
    absent: set[str] = attrs.field(factory=set)
    asked: bool = False

    def open_pairs(self) -> list[tuple[str, str]]:
        """The pairs not settled yet."""
        settled = self.found | self.absent
        return [(phone, self.id) for phone in self.phones if phone_key(phone) not in settled]

    def conclude(self) -> Finding | None:
        if self.open_pairs():
            return None
        if self.found:  # accepted; a pair it lacks was refused alone (e.g. its number)
            return Finding(True, frozenset(self.found))
        return Finding(False)

    def give_up(self) -> Finding:
        # A pair found proves acceptance even when the rest could not be settled.
        return Finding(True if self.found else None, frozenset(self.found))


class Reconciler:
    """Answers :meth:`lookup` questions through ``call`` (a client's pipeline) in shared
    status requests. ``settle`` and ``window`` are seconds (see the module docstring)."""

    def __init__(
        self,
        call: Caller,
        *,
        settle: float,
        window: float = DEFAULT_WINDOW,
        fmt: int | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._call = call
        self.settle = settle
        self.window = window
        self._fmt = fmt
        self._clock = clock
        self._open: list[_Question] = []
        self._wake = asyncio.Event()
        self._pump: asyncio.Task[None] | None = None
        self._mass_at = -math.inf  # when the last multi-message request was made
        #: Status requests made (for reports and tests).
        self.requests = 0

    def now(self) -> float:
        """The reconciler's clock (the event loop's, unless one was given)."""
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    async def lookup(self, client_id: str, phones: Sequence[str], *, ended_at: float) -> Finding:
        """Whether the service accepted the request sent to ``phones`` with ``client_id``
        that ended (its reply lost) at ``ended_at`` on :meth:`now`'s clock."""
        proof_after = ended_at + self.settle
        question = _Question(
            client_id,
            tuple(dict.fromkeys(phones)),
            proof_after,
            max(proof_after, self.now()) + self.window,
            asyncio.get_running_loop().create_future(),
        )
        self._open.append(question)
        self._wake.set()
        if self._pump is None or self._pump.done():
            self._pump = asyncio.ensure_future(self._run())
        try:
            return await asyncio.shield(question.future)
        finally:
            if not question.future.done():  # the caller gave up: so does the question
                question.future.cancel()
                self._open.remove(question)

    async def aclose(self) -> None:
        """Stop asking: open questions are given up."""
        for question in self._open:
            if not question.future.done():
                question.future.set_result(question.give_up())
        self._open.clear()
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump

    async def _run(self) -> None:
        failures = 0
        while self._open:
            now = self.now()
            self._settle_questions(now)
            if not self._open:
                return
            round_ = self._next_round(now)
            if round_ is None:
                await self._sleep_until(self._next_event())
                continue
            singles, asking = round_
            try:
                failed = await self._ask(
                    asking, singles=singles, until=max(q.give_up_at for q in self._open)
                )
            except asyncio.TimeoutError:
                failed = "TimeoutError"
            if failed is None:
                failures = 0
                continue
            # Some lookups failed: ask again after a pause (doubling), not at once.
            failures += 1
            pause = min(_MAX_PAUSE, 0.5 * 2.0 ** (failures - 1))
            logger.info("status lookups for lost replies failed (%s)", failed)
            await self._sleep_until(min(self.now() + pause, self._next_event()))

    def _next_round(self, now: float) -> tuple[bool, list[_Question]] | None:
        """Whether to ask now, and how: (singles?, the questions to ask about)."""
        proven = [q for q in self._open if now >= q.proof_after]
        if sum(len(q.open_pairs()) for q in self._open) <= SINGLES_UP_TO:
            # Few pairs: single-message requests at once (a found pair settles a
            # question early), and again once "not found" can prove absence.
            due = [q for q in self._open if not q.asked or q in proven]
            return (True, due) if due else None
        if not proven:
            return None  # a multi-message request is one a minute: ask when it can settle
        slot_taken = now - self._mass_at < MASS_INTERVAL
        if slot_taken and sum(len(q.open_pairs()) for q in proven) <= SINGLES_WHILE_WAITING:
            return True, proven  # ask singles rather than wait a minute for the slot
        # Those that can be settled first; every other open question rides along.
        return False, proven + [q for q in self._open if q not in proven]

    def _next_event(self) -> float:
        times = [q.give_up_at for q in self._open]
        times += [q.proof_after for q in self._open if q.proof_after > self.now()]
        return min(times, default=math.inf)

    async def _sleep_until(self, when: float) -> None:
        self._wake.clear()
        delay = when - self.now()
        if delay > 0:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay if delay < math.inf else None)

    async def _ask(self, asking: list[_Question], *, singles: bool, until: float) -> str | None:
        """One round of lookups about ``asking``: a status request per pair (each answer
        counts, whichever others fail), or one multi-message request. Returns the class
        name of an error when some lookup failed."""
        started = self.now()
        pairs = [pair for q in asking for pair in q.open_pairs()]
        timeout = max(0.0, until - started)
        answered: list[tuple[tuple[str, str], StatusReport]] = []
        failure: BaseException | None = None
        if singles:
            replies = await asyncio.wait_for(
                asyncio.gather(*(self._status([pair]) for pair in pairs), return_exceptions=True),
                timeout,
            )
            for pair, reply in zip(pairs, replies, strict=True):
                if isinstance(reply, BaseException):
                    failure = reply
                else:
                    answered += zip([pair], reply, strict=True)
        else:
            # One request: a second would wait a minute for its slot; the pairs left out
            # go in the next round (as singles, if few enough).
            self._mass_at = started
            pairs = pairs[:MASS_CHUNK]
            try:
                reports = await asyncio.wait_for(self._status(pairs), timeout)
            except SMSCError as error:
                failure = error
            else:
                answered += zip(pairs, reports, strict=True)
        by_id = {q.id: q for q in asking}
        for (phone, client_id), report in answered:
            question = by_id[client_id]
            if report.status != MessageStatus.NOT_FOUND:
                question.found.add(phone_key(phone))
            elif started >= question.proof_after:
                question.absent.add(phone_key(phone))
        for question in asking:
            question.asked = True
        self._settle_questions(self.now())
        return None if failure is None else type(failure).__name__

    async def _status(self, pairs: list[tuple[str, str]]) -> list[StatusReport]:
        self.requests += 1
        if len(pairs) == 1:
            report = await self._call(Status.build(*pairs[0]), self._fmt)
            return [report] if isinstance(report, StatusReport) else list(report)
        answer = await self._call(Status.build(pairs), self._fmt)
        return answer if isinstance(answer, list) else [answer]

    def _settle_questions(self, now: float) -> None:
        for question in list(self._open):
            finding = question.conclude()
            if finding is None and now >= question.give_up_at:
                finding = question.give_up()
            if finding is not None:
                self._open.remove(question)
                if not question.future.done():
                    question.future.set_result(finding)
