"""``python -m aiosmsc demo``: a tour of the client against the built-in emulator.

Starts the emulator on a free loopback port, sends 10,000 personalised messages to
made-up numbers with ``send_bulk`` (with a progress line), tracks every accepted message
to its final status with ``track`` (with a line while it waits), and prints a report
whose numbers add up: sent = delivered + expired + failed + still unknown, and the
"not delivered" reasons add up to expired + failed. Offline, no credentials, a few
seconds. Each step says what it does as it starts.
"""

from __future__ import annotations

import asyncio
import contextlib
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
#: The emulator's timing: accepted messages wait this long, then reach a final status.
_QUEUE_DELAY, _DELIVERY_DELAY = 0.5, 2.0


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

    @property
    def states(self) -> Counter[str]:
        """How many tracked messages ended in each state (``delivered``, ``expired``,
        ``failed``, ``unknown``)."""
        return Counter(message.state for message in self.tracked)


async def run_demo(
    *,
    count: int = 10_000,
    out: Callable[[str], None] = print,
    show_every: float = 0.5,
    deadline: float = 25.0,
) -> DemoResult:
    """Run the demo, writing lines through ``out``."""
    from .testing import SMSCEmulator, serving

    started = time.perf_counter()
    out(f"aiosmsc demo: {count:,} personalised SMS to made-up numbers, through the built-in")
    out("SMSC emulator. Offline: nothing leaves this computer and no account is needed.")
    emulator = SMSCEmulator(
        login=_LOGIN,
        password=_PASSWORD,
        balance=Decimal("100000.00"),
        queue_delay=_QUEUE_DELAY,
        delivery_delay=_DELIVERY_DELAY,
        enforce_limits=False,
        keep_requests=False,
    )
    async with (
        serving(emulator) as server,
        # The emulator runs with its per-minute limits off, so the client's are off too:
        # against the real service keep script_limits on (the default).
        AsyncSMSC(login=_LOGIN, password=_PASSWORD, host=server.url, script_limits=False) as smsc,
    ):
        before = await smsc.balance(cur=True)
        currency = f" {before.currency}" if before.currency else ""
        out(
            f"[1/3] The emulator runs on {server.url}, account {_LOGIN!r},"
            f" balance {before.balance}{currency}."
        )

        out(
            f"[2/3] Sending {count:,} messages with smsc.send_bulk: recipients are packed"
            " into few requests."
        )
        progress = _Progress(count, out)
        accepted = []
        async with smsc.send_bulk(recipients(count), sender="SMSC.RU", progress=progress) as job:
            async for outcome in job:
                if outcome.ok:
                    accepted.append(outcome)
        report = job.report
        out(
            f"      accepted {report.sent:,}, refused {report.failed_total:,},"
            f" outcome unknown {report.unknown:,}, not attempted {len(report.not_attempted):,};"
            f" {report.requests} request(s) in {report.elapsed:.1f} s"
        )

        out(
            f"[3/3] Tracking the {len(accepted):,} accepted messages with smsc.track until"
            " each has a final status."
        )
        settle = _QUEUE_DELAY + _DELIVERY_DELAY
        out(
            f"      The emulator settles each message {settle:g} s after it is sent: the demo"
            " asks then"
        )
        out("      (smsc.track keeps to the service's limits: a mass status request once a minute,")
        out("      each message at most five times a minute).")
        tracked: list[TrackedMessage] = []
        tracking_started = time.perf_counter()
        waiting = asyncio.create_task(
            _show_waiting(tracked, len(accepted), out, show_every, tracking_started)
        )
        try:
            await asyncio.sleep(settle)  # every message was sent before this point
            remaining = max(1.0, deadline - (time.perf_counter() - started))
            async for message in smsc.track(accepted, timeout=remaining, chunk=len(accepted)):
                tracked.append(message)
        finally:
            waiting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await waiting
        final = sum(1 for message in tracked if message.final)
        out(
            f"      {final:,} of {len(accepted):,} final after"
            f" {time.perf_counter() - tracking_started:.1f} s"
        )
        after = await smsc.balance(cur=True)

    result = DemoResult(report, tracked, before.balance, after.balance)
    out(f"Balance: {before.balance} -> {after.balance}{currency}")
    out("")
    out(_report(result))
    out("")
    out(f"Done in {time.perf_counter() - started:.1f} s")
    return result


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
            requests = f"{report.requests} request{'' if report.requests == 1 else 's'}"
            self.out(f"      [{bar}] {done:>6} / {self.total} ({requests})")


async def _show_waiting(
    tracked: list[TrackedMessage],
    total: int,
    out: Callable[[str], None],
    interval: float,
    since: float,
) -> None:
    """While tracking waits for statuses, say so every ``interval`` seconds."""
    while True:
        await asyncio.sleep(interval)
        elapsed = time.perf_counter() - since
        out(f"      {elapsed:4.1f} s: {len(tracked):,} of {total:,} final, waiting ...")


def _report(result: DemoResult) -> str:
    """The summary table. Its numbers add up: the indented rows under ``sent`` sum to it,
    and the reasons sum to ``expired`` + ``failed`` (expired messages were accepted and
    paid for, then not delivered in time: they are not failures to send)."""
    bulk, states = result.bulk, result.states
    reasons: Counter[tuple[str, str]] = Counter()
    for message in result.tracked:
        if message.state in ("failed", "expired") and message.report is not None:
            status = describe_code(int(message.report.status), MessageStatus)
            err = describe_code(message.err or 0, DeliveryErrorCode)
            reasons[message.state, f"{status} ({err})"] += 1
    rows = [
        ("sent (accepted by SMSC)", bulk.sent),
        ("  delivered", states["delivered"]),
        ("  expired (not delivered in time)", states["expired"]),
        ("  failed (not deliverable)", states["failed"]),
        ("  still unknown", states["unknown"]),
        ("not sent", _not_sent(bulk)),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"{label.ljust(width)}  {value:>8,}" for label, value in rows]
    lines.append(f"{'cost'.ljust(width)}  {bulk.cost:>8}")
    lines.append(f"{'requests'.ljust(width)}  {bulk.requests:>8,}")
    if reasons:
        undelivered = states["expired"] + states["failed"]
        lines.append("")
        lines.append(f"not delivered ({undelivered:,} = expired + failed), by reason:")
        lines.extend(
            f"  {count:>6,}  {state:<7}  {reason}"
            for (state, reason), count in sorted(reasons.items(), key=lambda kv: -kv[1])
        )
    return "\n".join(lines)


def _not_sent(bulk: BulkReport) -> int:
    """Refused at sending, outcome unknown, or never attempted."""
    return bulk.failed_total + bulk.unknown + len(bulk.not_attempted)
