"""Which tracked messages to ask about, and when: the schedule behind ``smsc.track``.

Every pending message is in one place: *due* (to be asked about now; a deque the mass
request takes from the old end and single-message requests from the new end), *later*
(a heap by the time it is due again, or gives up), or in a request. A message resolved
elsewhere (a callback) leaves its key behind, skipped when met, so nothing is searched.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Iterator
from typing import Protocol

from .operations.params import phone_key

__all__ = ["MIN_RECHECK", "Key", "PendingMessage", "PollPlan", "StatusLike"]

#: Seconds between two requests about one message: the service allows five a minute.
MIN_RECHECK = 60.0 / 5 + 0.5

Key = tuple[str, str]  # (phone_key(phone), id)


class StatusLike(Protocol):
    """What tracking needs of a status: a status report or a delivery callback."""

    @property
    def phone(self) -> str | None: ...
    @property
    def id(self) -> str | None: ...
    @property
    def status(self) -> int: ...


class PendingMessage:
    """A message not final yet, and the last status seen of it."""

    __slots__ = ("deadline", "due_since", "id", "last", "phone")

    def __init__(self, phone: str, message_id: str, deadline: float) -> None:
        self.phone = phone
        self.id = message_id
        self.deadline = deadline
        self.due_since = 0.0
        self.last: StatusLike | None = None


class PollPlan:
    """The pending messages and when each is asked about next.

    ``poll_interval``: seconds between two polls of one message (at least
    :data:`MIN_RECHECK`); ``timeout``: seconds from :meth:`add` until a message gives up;
    ``poll=False``: messages are never due, they only wait for their deadline.
    """

    __slots__ = ("_due", "_due_deadline", "_later", "_poll", "_timeout", "interval", "pending")

    def __init__(self, *, poll_interval: float, timeout: float, poll: bool) -> None:
        self.interval = max(poll_interval, MIN_RECHECK)
        self._timeout = timeout
        self._poll = poll
        self.pending: dict[Key, PendingMessage] = {}
        self._due: deque[Key] = deque()
        self._later: list[tuple[float, Key]] = []
        self._due_deadline = math.inf  # no due message gives up before this

    def __len__(self) -> int:
        return len(self.pending)

    def add(self, phone: str, message_id: str, now: float) -> bool:
        """Track a message (due at once); False if it is tracked already."""
        key = (phone_key(phone), message_id)
        if key in self.pending:
            return False
        entry = self.pending[key] = PendingMessage(phone, message_id, now + self._timeout)
        if self._poll:
            self._make_due(key, entry, now)
        else:
            heapq.heappush(self._later, (entry.deadline, key))
        return True

    def find(self, phone: str, message_id: str) -> tuple[Key, PendingMessage] | None:
        key = (phone_key(phone), message_id)
        entry = self.pending.get(key)
        return None if entry is None else (key, entry)

    def resolve(self, key: Key) -> PendingMessage | None:
        """Stop tracking ``key`` (its status is final); its queued places go stale."""
        return self.pending.pop(key, None)

    def again(self, key: Key, entry: PendingMessage, now: float, *, failed: bool) -> None:
        """Ask about it again after the poll interval, or as soon as allowed when the
        request failed and said nothing (or give up at its deadline)."""
        at = now + (MIN_RECHECK if failed else self.interval)
        heapq.heappush(self._later, (min(at, entry.deadline), key))

    def advance(self, now: float) -> Iterator[PendingMessage]:
        """Make due what is due by ``now``; yield (and forget) what ran out of time."""
        later = self._later
        popped: list[Key] = []
        while later and later[0][0] <= now:
            popped.append(heapq.heappop(later)[1])
        for key, entry, expired in self._still_pending(popped, now):
            if expired:
                yield entry
            else:
                self._make_due(key, entry, now)
        if now >= self._due_deadline:
            # Rare (the timeout passed while waiting for a request): one sweep, and the
            # next no sooner than a second from now, so sweeps stay cheap.
            kept: deque[Key] = deque()
            soonest = math.inf
            for key, entry, expired in self._still_pending(list(self._due), now):
                if expired:
                    yield entry
                else:
                    kept.append(key)
                    soonest = min(soonest, entry.deadline)
            self._due = kept
            self._due_deadline = max(soonest, now + 1.0)

    def _still_pending(
        self, keys: list[Key], now: float
    ) -> Iterator[tuple[Key, PendingMessage, bool]]:
        """``(key, entry, expired)`` for the ``keys`` still pending; an entry whose
        deadline is past ``now`` is forgotten, and comes with ``expired`` true."""
        for key in keys:
            entry = self.pending.get(key)
            if entry is None:
                continue
            expired = now >= entry.deadline
            if expired:
                del self.pending[key]
            yield key, entry, expired

    def take(self, count: int, *, oldest: bool) -> list[Key]:
        """Up to ``count`` due keys still pending, oldest first (mass) or newest first."""
        taken: list[Key] = []
        due, pending = self._due, self.pending
        pop = due.popleft if oldest else due.pop
        while due and len(taken) < count:
            key = pop()
            if key in pending:
                taken.append(key)
        return taken

    @property
    def due(self) -> int:
        """Keys queued as due (stale ones included)."""
        return len(self._due)

    def due_since(self) -> float | None:
        """Since when the oldest due message is due (None: nothing, or it is stale)."""
        if not self._due:
            return None
        entry = self.pending.get(self._due[0])
        return None if entry is None else entry.due_since

    def next_change(self) -> float:
        """When :meth:`advance` next has something to do (loop time)."""
        soonest = self._later[0][0] if self._later else math.inf
        return min(soonest, self._due_deadline) if self._due else soonest

    def _make_due(self, key: Key, entry: PendingMessage, now: float) -> None:
        entry.due_since = now
        self._due.append(key)
        self._due_deadline = min(self._due_deadline, entry.deadline)
