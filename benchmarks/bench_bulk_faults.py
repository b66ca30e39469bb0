"""A bulk job under faults, at real latency and with the service's real status limits
(issue 12.4): how long 5,000 recipients take when 20 % of the sends fail (lost replies,
garbled replies, 502s, dropped connections), and that every one is accepted once.

    python benchmarks/bench_bulk_faults.py [--recipients 5000] [--batch 500 100] [--rate 0.2]
        [--latency 0.05] [--seeds 1 2 3]

The emulator runs in this process on a loopback port; every request is answered after
``--latency`` seconds; the client keeps the service's per-minute status limits (one
multi-message request a minute, five per message) and the default settle (15 s).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from decimal import Decimal

from aiosmsc import AsyncSMSC
from aiosmsc.testing import SMSCEmulator, serving
from aiosmsc.testing.faults import ChaosPlan, Fault, FaultKind

FAULTS: tuple[FaultKind, ...] = (
    "drop_after",
    "drop_before",
    "http_error",
    "malformed",
    "truncated",
)


class LatencyChaos(ChaosPlan):
    """Every request late by ``delay``; any request (sends and status lookups alike) fails
    with probability ``rate``."""

    def draw(self, script: str) -> Fault | None:
        if self._random.random() < self.rate:
            return Fault(self._random.choice(self.kinds))
        return Fault("delay", delay=self.delay)


async def run(recipients: int, batch: int, rate: float, latency: float, seed: int) -> None:
    emulator = SMSCEmulator(
        balance=Decimal(10**9),
        queue_delay=0,
        delivery_delay=0,
        reject_duplicates=False,
        keep_requests=False,
        max_concurrent_requests=None,
    )
    emulator.chaos = LatencyChaos(rate, kinds=FAULTS, seed=seed, delay=latency)
    rows = [(f"7999{i:07d}", f"Hello {i}") for i in range(recipients)]
    async with (
        serving(emulator) as server,
        AsyncSMSC(login="demo", password="demo-password", host=server.url) as smsc,
    ):
        started = time.monotonic()
        async with smsc.send_bulk(rows, batch_size=batch, concurrency=4) as job:
            states = Counter([outcome.state.value async for outcome in job])
        elapsed = time.monotonic() - started
        await emulator.settled()
    per_phone = Counter(message.phone for message in emulator.messages)
    twice = sum(1 for count in per_phone.values() if count > 1)
    print(
        f"batch {batch}, seed {seed}: {elapsed:.1f} s, {dict(states)}, {job.report.requests} sends,"
        f" {job.reconciler.requests} status requests, accepted {len(per_phone)},"
        f" accepted twice {twice}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--batch", type=int, nargs="+", default=[500, 100])
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    for batch in args.batch:
        for seed in args.seeds:
            asyncio.run(run(args.recipients, batch, args.rate, args.latency, seed))


if __name__ == "__main__":
    main()
