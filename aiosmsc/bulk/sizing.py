"""Choosing a bulk job's batch size from the measured round trip.

A job with ``concurrency`` requests in flight of ``batch`` recipients each cannot send
faster than ``concurrency × batch ÷ round trip``: at 500 recipients, 66,667 messages/s at
a 30 ms round trip but 20,000 at 100 ms. When the caller does not fix ``batch_size``,
:class:`BatchSizer` grows the batch with the round trip so that each request slot keeps
carrying :data:`PER_SLOT_RATE` recipients a second (about 1,300 at 30 ms, 3,500 at
100 ms), never below the default nor above :data:`MAX_BATCH`; ``max_body`` still bounds
every request. Near a loopback server nothing changes: batches stay at the default.

The round trip is the shortest send request of the last :data:`WINDOW` (a minimum
filter, as TCP estimates it): a request that waited for the CPU, a retry or a
reconciliation takes longer and does not count.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque

from ..operations.base import Caller, Operation, T
from ..operations.send import Send
from .packer import Packer

__all__ = ["MAX_BATCH", "PER_SLOT_RATE", "BatchSizer"]

#: Recipients a second per request slot: twice what 500 recipients carry at a 30 ms round
#: trip, so that the work of a request (packing, the service's processing, the reply)
#: stays small beside its round trip and the job keeps above 500-per-round-trip's rate.
PER_SLOT_RATE = 1000 / 0.030
#: The largest batch chosen: what one ambiguous failure can put in doubt at most.
MAX_BATCH = 5000
#: Send requests the round-trip estimate looks back on.
WINDOW = 16
#: How far the batch moves per request, at most (a factor): a change is followed in a
#: few requests, a single odd one moves little.
STEP = 1.5


class BatchSizer:
    """Adjusts ``packer.batch_size`` (and its read-ahead) to the round trip of the send
    requests made through :meth:`timed`."""

    __slots__ = ("_floor", "_packer", "_samples")

    def __init__(self, packer: Packer) -> None:
        self._packer = packer
        self._floor = packer.batch_size
        self._samples: deque[float] = deque(maxlen=WINDOW)

    def timed(self, call: Caller) -> Caller:
        """``call``, timing each send request it makes."""

        async def timed_call(operation: Operation[T], fmt: int | None) -> T:
            sends = isinstance(operation, Send)  # (a flag: no narrowing of T)
            if not sends:
                return await call(operation, fmt)
            clock = asyncio.get_running_loop().time
            started = clock()
            result = await call(operation, fmt)
            self.observe(clock() - started)
            return result

        return timed_call

    def observe(self, seconds: float) -> None:
        """One send request took ``seconds``: choose the batch for the next ones."""
        self._samples.append(seconds)
        wanted = math.ceil(PER_SLOT_RATE * min(self._samples))
        current = self._packer.batch_size
        size = min(max(wanted, math.floor(current / STEP)), math.ceil(current * STEP))
        size = min(max(size, self._floor), MAX_BATCH)
        if size != current:
            self._packer.resize(size)

    @property
    def batch_size(self) -> int:
        """The batch size now chosen."""
        return self._packer.batch_size
