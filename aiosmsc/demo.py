"""``python -m aiosmsc demo``: a tour of the client against the built-in emulator.

Starts the emulator on a free loopback port, sends 10,000 personalised messages with
``send_bulk`` (with a progress line), tracks every accepted message to its final status
with ``track``, and prints a report: sent, delivered, failed by reason, cost, time, and
the balance before and after. Offline, no credentials, a few seconds.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal

import attrs

from .bulk import BulkReport
from .client import AsyncSMSC
from .models import DeliveryErrorCode, MessageStatus, describe_code
from .tracking import TrackedMessage

__all__ = ["DemoResult", "recipients", "run_demo"]

_LOGIN, _PASSWORD = "demo", "demo-password"
_NAMES = ("Anna", "Boris", "Vera", "Gleb", "Dina", "Egor", "Zoya", "Ilya")


def recipients(count: int) -> Iterator[tuple[str, str]]:
    """``count`` personalised messages. The emulator fails numbers ending in 13 (no such
    subscriber) and 66 (expired while offline), so the report shows failures too."""
    for index in range(count):
        name = _NAMES[index % len(_NAMES)]
        yield f"7999{index:07d}", f"Hello, {name}! Your code is {1000 + index % 9000}"


@attrs.frozen
class DemoResult:
    """What the demo did, for callers and tests."""

    bulk: BulkReport
    tracked: list[TrackedMessage]
    balance_before: Decimal
    balance_after: Decimal

    @property
    def ok(self) -> bool:
        """Whether every message was sent and reached a final status."""
        return self.bulk.sent == len(self.tracked) and all(m.final for m in self.tracked)


async def run_demo(
    *,
    count: int = 10_000,
    out: Callable[[str], None] = print,
    poll_interval: float = 0.5,
    deadline: float = 25.0,
) -> DemoResult:
    """Run the demo, writing lines through ``out``."""
    from .testing import SMSCEmulator, serving

    emulator = SMSCEmulator(
        login=_LOGIN,
        password=_PASSWORD,
        balance=Decimal("100000.00"),
        queue_delay=0.5,
        delivery_delay=2.0,
        enforce_limits=False,
        keep_requests=False,
    )
    started = time.perf_counter()
    async with (
        serving(emulator) as server,
        # The emulator runs with its per-minute limits off, so the client's are off too:
        # against the real service keep script_limits on (the default).
        AsyncSMSC(login=_LOGIN, password=_PASSWORD, host=server.url, script_limits=False) as smsc,
    ):
        out(f"SMSC emulator on {server.url}")
        before = await smsc.balance(cur=True)
        out(f"Balance before: {before.balance} {before.currency or ''}".rstrip())

        progress = _Progress(count, out)
        accepted = []
        async with smsc.send_bulk(recipients(count), sender="SMSC.RU", progress=progress) as job:
            async for outcome in job:
                if outcome.ok:
                    accepted.append(outcome)
        out(f"Sent: {job.report.summary()}")

        tracked = []
        remaining = max(1.0, deadline - (time.perf_counter() - started))
        async for message in smsc.track(
            accepted, poll_interval=poll_interval, timeout=remaining, chunk=5000
        ):
            tracked.append(message)
        after = await smsc.balance(cur=True)

    out(f"Balance after:  {after.balance} {after.currency or ''}".rstrip())
    out("")
    out(_report(job.report, tracked))
    out("")
    out(f"Done in {time.perf_counter() - started:.1f} s")
    return DemoResult(job.report, tracked, before.balance, after.balance)


class _Progress:
    """A progress line every tenth of the job (no terminal tricks, so logs stay clean)."""

    def __init__(self, total: int, out: Callable[[str], None]) -> None:
        self.total, self.out, self.shown = total, out, 0

    def __call__(self, report: BulkReport) -> None:
        done = report.sent + report.failed_total + report.unknown
        step = done * 10 // self.total
        if step > self.shown:
            self.shown = step
            bar = "#" * step + "." * (10 - step)
            self.out(f"  [{bar}] {done:>6} / {self.total} ({report.requests} requests)")


def _report(bulk: BulkReport, tracked: list[TrackedMessage]) -> str:
    outcomes = Counter(message.state for message in tracked)
    reasons: Counter[str] = Counter()
    for message in tracked:
        if message.state in ("failed", "expired") and message.report is not None:
            status = describe_code(int(message.report.status), MessageStatus)
            err = describe_code(message.err or 0, DeliveryErrorCode)
            reasons[f"{status} ({err})"] += 1
    rows = [
        ("sent", str(bulk.sent)),
        ("not sent", str(bulk.failed_total + len(bulk.not_attempted))),
        ("delivered", str(outcomes["delivered"])),
        ("expired", str(outcomes["expired"])),
        ("failed", str(outcomes["failed"])),
        ("still unknown", str(outcomes["unknown"])),
        ("cost", str(bulk.cost)),
        ("requests", str(bulk.requests)),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"{label.ljust(width)}  {value}" for label, value in rows]
    if reasons:
        lines.append("")
        lines.append("failed by reason:")
        lines.extend(f"  {count:>6}  {reason}" for reason, count in reasons.most_common())
    return "\n".join(lines)
