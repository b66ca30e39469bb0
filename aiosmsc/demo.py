"""``python -m aiosmsc demo``: a tour of the client against the built-in emulator.

Starts the emulator on a free loopback port, sends personalised messages, polls their
statuses until every one is final, and prints the balance before and after and a
delivery table. Offline, no credentials, a few seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from decimal import Decimal

from .client import AsyncSMSC
from .models import MessageStatus, StatusReport, describe_code
from .models.codes import DeliveryError

__all__ = ["RECIPIENTS", "run_demo"]

#: Who the demo writes to. The emulator fails numbers ending in 13 (no such subscriber)
#: and 66 (expired while offline), so the table shows failures too.
RECIPIENTS: Sequence[tuple[str, str]] = (
    ("79990000001", "Anna"),
    ("79990000002", "Boris"),
    ("79990000013", "Vera"),
    ("79990000004", "Gleb"),
    ("79990000066", "Dina"),
    ("79990000006", "Egor"),
)

_LOGIN, _PASSWORD = "demo", "demo-password"


async def run_demo(
    *, out: Callable[[str], None] = print, poll_interval: float = 0.5, deadline: float = 25.0
) -> list[StatusReport]:
    """Run the demo, writing lines through ``out``; return the final statuses."""
    from .testing import SMSCEmulator, serving

    emulator = SMSCEmulator(
        login=_LOGIN,
        password=_PASSWORD,
        balance=Decimal("100.00"),
        queue_delay=0.5,
        delivery_delay=2.0,
        enforce_limits=False,
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

        texts = {
            phone: f"Hello, {name}! Your code is {1000 + i}"
            for i, (phone, name) in enumerate(RECIPIENTS)
        }
        quote = await smsc.cost(list=texts)
        out(f"Price quote: {quote.cost} for {quote.cnt} SMS")
        sent = await smsc.send(list=texts, sender="SMSC.RU", cost=3)
        out(
            f"Sent {len(texts)} personalised messages as id {sent.id}: {sent.cnt} SMS,"
            f" cost {sent.cost}"
        )

        pairs = [(phone, sent.id) for phone in texts]
        reports = await smsc.status(pairs)
        while not all(report.is_final for report in reports):
            if time.perf_counter() - started > deadline:
                out("Gave up waiting: some statuses are still not final")
                break
            await asyncio.sleep(poll_interval)
            reports = await smsc.status(pairs, all=1)

        after = await smsc.balance(cur=True)
        out(f"Balance after:  {after.balance} {after.currency or ''}".rstrip())
        out("")
        out(_table(RECIPIENTS, reports))
        delivered = sum(report.is_delivered for report in reports)
        out("")
        out(f"{delivered} of {len(reports)} delivered in {time.perf_counter() - started:.1f} s")
        return reports


def _table(recipients: Sequence[tuple[str, str]], reports: Sequence[StatusReport]) -> str:
    rows = [("phone", "name", "status", "error")]
    for (phone, name), report in zip(recipients, reports, strict=True):
        status = describe_code(int(report.status), MessageStatus)
        error = "" if not report.err else describe_code(int(report.err), DeliveryError)
        rows.append((phone, name, status, error))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
