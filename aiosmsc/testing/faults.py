"""Fault injection: make the next matching request(s) fail like a bad network or server."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["FAULT_KINDS", "ChaosPlan", "EmulatedDisconnect", "Fault", "FaultKind", "FaultPlan"]

FaultKind = Literal[
    "http_error", "html", "malformed", "truncated", "delay", "drop_before", "drop_after"
]

#: Every fault kind, for random fault mixes (:class:`ChaosPlan`).
FAULT_KINDS: tuple[FaultKind, ...] = (
    "http_error",
    "html",
    "malformed",
    "truncated",
    "delay",
    "drop_before",
    "drop_after",
)


class EmulatedDisconnect(Exception):
    """Raised by the app so the loopback server drops the connection without a reply.

    In-process (``httpx.ASGITransport``) the exception reaches the caller as is.
    """

    def __init__(self, processed: bool) -> None:
        super().__init__("emulated dropped connection")
        self.processed = processed


@dataclass(slots=True)
class Fault:
    """One injected failure.

    kinds:
      * ``http_error`` - reply ``status_code`` with ``body``; the request is NOT processed.
      * ``html`` - reply 200 with an HTML error page (a proxy); NOT processed.
      * ``malformed`` - process the request, then reply 200 with ``body`` (garbage).
      * ``truncated`` - process the request, then reply with only half of the real body.
      * ``delay`` - wait ``delay`` real seconds, then process normally.
      * ``drop_before`` - drop the connection; the request is NOT processed.
      * ``drop_after`` - process the request, then drop the connection (reply lost).

    ``script`` limits the fault to ``"send"``, ``"status"`` or ``"balance"`` (None: any);
    ``times`` is how many matching requests it hits.
    """

    kind: FaultKind
    script: str | None = None
    times: int = 1
    status_code: int = 502
    body: str = "<html><body>502 Bad Gateway</body></html>"
    delay: float = 0.0

    @property
    def processes(self) -> bool:
        """Whether the request takes effect despite the fault."""
        return self.kind in ("malformed", "truncated", "delay", "drop_after")


class FaultPlan:
    """Pending faults, consumed first come first served."""

    __slots__ = ("_faults",)

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        if fault.times < 1:
            raise ValueError("a fault must hit at least once")
        self._faults.append(fault)

    def take(self, script: str) -> Fault | None:
        """The first pending fault for ``script``, using up one of its hits."""
        for fault in self._faults:
            if fault.script is None or fault.script == script:
                fault.times -= 1
                if fault.times == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        self._faults.clear()

    def __len__(self) -> int:
        return len(self._faults)


class ChaosPlan:
    """Random faults: each request is hit with probability ``rate`` by a fault of one of
    ``kinds`` (uniformly), reproducibly for a given ``seed``."""

    __slots__ = ("_random", "delay", "kinds", "rate", "scripts")

    def __init__(
        self,
        rate: float,
        *,
        kinds: Sequence[FaultKind] = FAULT_KINDS,
        seed: int = 0,
        delay: float = 0.05,
        scripts: Sequence[str] | None = None,
    ) -> None:
        if not 0 <= rate <= 1:
            raise ValueError("rate must be between 0 and 1")
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown or not kinds:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")
        self.rate = rate
        self.kinds = tuple(kinds)
        self.delay = delay
        self.scripts = None if scripts is None else frozenset(scripts)
        self._random = random.Random(seed)

    def draw(self, script: str) -> Fault | None:
        """A fault for this request, or ``None``."""
        if self.scripts is not None and script not in self.scripts:
            return None
        if self._random.random() >= self.rate:
            return None
        kind = self._random.choice(self.kinds)
        return Fault(kind, delay=self.delay if kind == "delay" else 0.0)
