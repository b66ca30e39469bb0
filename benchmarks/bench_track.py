"""Issue 16 (2-4): how soon ``smsc.track`` reports messages that the service marks final
at once, at real round trips, within the service's limits.

The emulator runs in its own process with the service's per-minute limits on (error 9),
every message final as soon as it is sent, and every request held ``--latency`` seconds.
``send_bulk`` sends ``--messages`` recipients; then ``smsc.track`` follows them, either
from the list of accepted outcomes (``list``) or straight from the running job
(``job``: ``smsc.track(job)``, timed from the job's start). Reported: when the first,
the median and the last message were yielded, the status requests made (mass and
single), the error-9 replies (must be 0), and the time to the last against the limits'
minimum: the earliest time at which one mass request a minute of ``chunk`` messages (the
first at once) plus ``concurrency`` single-message requests per round trip can have
asked about every message once, plus one mass request's work on both sides at 0 ms (the
``list`` run's time to its first report; run 0 and ``list`` first), which no schedule
saves. For ``job`` the time includes sending.

    python benchmarks/bench_track.py [--latency 0,0.03,0.1] [--messages 10000]
        [--chunk 10000] [--source list,job] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import time

from _common import LOGIN, PASSWORD, emulator_process, header, load_average, table, versions

from aiosmsc import AsyncSMSC
from aiosmsc.session import Attempt
from aiosmsc.tracking import DEFAULT_CHUNK


def limits_minimum(count: int, chunk: int, concurrency: int, rtt: float) -> float:
    """Seconds until every message can have been asked about once: mass requests of
    ``chunk`` at 0, 60, 120 s ..., and ``concurrency`` single requests per round trip."""
    step = 1
    while True:
        at = step * rtt
        asked = chunk * (math.floor((at - rtt) / 60) + 1) + concurrency * (step - 1)
        if asked >= count:
            return at
        step += 1


async def track_once(
    url: str, count: int, source: str, chunk: int, concurrency: int
) -> dict[str, float]:
    attempts: list[Attempt] = []
    rows = ((f"7999{n:07d}", f"tracked {n}") for n in range(count))
    async with AsyncSMSC(
        LOGIN, PASSWORD, host=url, max_concurrency=concurrency, on_attempt=attempts.append
    ) as smsc:
        times: list[float] = []
        if source == "list":
            async with smsc.send_bulk(rows) as job:
                accepted = [outcome async for outcome in job if outcome.ok]
            before = len(attempts)
            started = time.perf_counter()
            async for _ in smsc.track(accepted, chunk=chunk):
                times.append(time.perf_counter() - started)
        else:
            started = time.perf_counter()
            async with smsc.send_bulk(rows) as job:
                before = 0
                async for _ in smsc.track(job, chunk=chunk):
                    times.append(time.perf_counter() - started)
        status = [a for a in attempts[before:] if a.script == "status"]
    if len(times) != count:
        raise RuntimeError(f"tracked {len(times)} of {count}")
    return {
        "first": times[0],
        "median": statistics.median(times),
        "last": times[-1],
        "requests": len(status),
        "refused": sum(1 for a in status if a.outcome == "error 9"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", default="0,0.03,0.1", help="seconds, comma-separated")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK)
    parser.add_argument("--source", default="list,job", help="list and/or job")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    header("Tracking messages that are final at once (issue 16, points 2-4)")
    print(f"packages: {versions('httpx', 'httpcore')}")
    print(
        f"messages {args.messages:,}, chunk {args.chunk:,}, concurrency {args.concurrency};"
        " emulator: own process, per-minute limits on, messages final at once\n"
    )
    rows = []
    floor = 0.0  # one mass request's work: the 0 ms list run's time to its first report
    for latency in (float(value) for value in args.latency.split(",")):
        for source in args.source.split(","):
            # A fresh emulator each time: the last run's mass request is not a minute old.
            with emulator_process(latency=latency, limits=True, settle=0.0) as emulator:
                load = load_average()
                found = asyncio.run(
                    track_once(emulator.url, args.messages, source, args.chunk, args.concurrency)
                )
                print(f"  {latency * 1000:.0f} ms {source}: {found}", file=sys.stderr)
                if not latency and source == "list":
                    floor = found["first"]
                minimum = limits_minimum(args.messages, args.chunk, args.concurrency, latency)
                minimum += floor
                rows.append(
                    [
                        f"{latency * 1000:.0f}",
                        source,
                        f"{found['first']:.2f}",
                        f"{found['median']:.2f}",
                        f"{found['last']:.2f}",
                        f"{minimum:.2f}" if latency else "-",
                        f"{found['last'] / minimum:.1f}x" if latency else "-",
                        int(found["requests"]),
                        int(found["refused"]),
                        load,
                    ]
                )
    print(
        table(
            [
                "RTT ms",
                "source",
                "first s",
                "median s",
                "last s",
                "limits' minimum s",
                "last / minimum",
                "status requests",
                "error 9",
                "load",
            ],
            rows,
        )
    )
    print(
        "\nseconds from the start of tracking (list) or of the bulk job (job); load: 1-minute"
        " load average before the run."
    )


if __name__ == "__main__":
    main()
