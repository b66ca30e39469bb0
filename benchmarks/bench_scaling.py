"""Issue 13: one SMSC login, 1..8 processes. What the server sees (peak in flight, most
requests in one second, throughput) against the configured limits, with limits shared
through Redis and with each process keeping its own; and what one acquisition costs.

Needs a Redis server (``--redis``, default redis://127.0.0.1:6379/0) and the ``redis``
extra. The emulator (fixed latency) and the workers are the processes of the
multi-process test, ``tests/redis_limits/processes.py``.

    python benchmarks/bench_scaling.py [--max-processes 8] [--sends 60] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from _common import header, table, versions

PROCESSES = Path(__file__).resolve().parent.parent / "tests" / "redis_limits" / "processes.py"


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(PROCESSES), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def run(count: int, redis: str, args: argparse.Namespace) -> dict[str, float]:
    """``count`` workers sharing ``args.sends`` sends; what the server saw."""
    emulator = start("emulator", "--latency", str(args.latency))
    assert emulator.stdout is not None and emulator.stdin is not None
    url = emulator.stdout.readline().strip()
    namespace = f"bench:{uuid.uuid4().hex}"
    limits = ["--max-concurrency", str(args.concurrency), "--rate", str(args.rate)]
    limits += ["--headroom", str(args.headroom)]  # for RedisLimits; local ones keep 5 %
    share, extra = divmod(args.sends, count)
    workers = []
    for index in range(count):
        sends = ["--sends", str(share + (index < extra)), "--name", f"w{index}"]
        workers.append(start("worker", url, redis, namespace, *limits, *sends))
    for worker in workers:  # all imported and connected: start them together
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    reports = [json.loads(worker.stdout.readline()) for worker in workers if worker.stdout]
    emulator.stdin.write("stats\n")
    emulator.stdin.flush()
    seen = json.loads(emulator.stdout.readline())
    emulator.stdin.close()
    for process in (*workers, emulator):
        process.wait(timeout=30)
    arrivals = sorted(seen["arrivals"])
    span = arrivals[-1] - arrivals[0] + args.latency if arrivals else 0.0
    errors = sum(sum(report["errors"].values()) for report in reports)
    return {
        "peak": seen["peak_in_flight"],
        "per_second": seen["max_per_second"],
        "throughput": seen["total"] / span if span else 0.0,
        "errors": errors,
    }


async def acquisition_cost(redis_url: str, rounds: int) -> tuple[float, float, float]:
    """µs per ``async with limiter.slot()`` (no rate limit, no contention): local, Redis;
    and µs per Redis ``PING`` from the same client, the floor of any round trip."""
    from redis.asyncio import Redis

    from aiosmsc.ratelimit import LocalLimiter
    from aiosmsc.redis import RedisLimits

    async def per_slot(limiter: object, count: int) -> float:
        slot = limiter.slot  # type: ignore[attr-defined]
        started = time.perf_counter()
        for _ in range(count):
            async with slot():
                pass
        return (time.perf_counter() - started) / count * 1e6

    local = await per_slot(LocalLimiter(max_concurrency=4), rounds * 10)
    client = Redis.from_url(redis_url)
    limits = RedisLimits(client, namespace=f"bench:{uuid.uuid4().hex}")
    shared = limits.limiter(max_concurrency=4, rate=None, burst=1)
    await per_slot(shared, 50)  # scripts loaded, connection open
    remote = await per_slot(shared, rounds)
    started = time.perf_counter()
    for _ in range(rounds):
        await client.ping()
    ping = (time.perf_counter() - started) / rounds * 1e6
    await limits.clear()
    await client.aclose()
    return local, remote, ping


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--redis", default=os.environ.get("AIOSMSC_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--max-processes", type=int, default=8)
    parser.add_argument("--sends", type=int, default=60, help="per run, over all processes")
    parser.add_argument("--latency", type=float, default=0.1, help="the emulator's, seconds")
    parser.add_argument("--concurrency", type=int, default=4, help="max_concurrency")
    parser.add_argument("--rate", type=float, default=20.0, help="rate_limit, per second")
    parser.add_argument("--headroom", type=float, default=0.05, help="RedisLimits(headroom=)")
    parser.add_argument("--rounds", type=int, default=2000, help="acquisitions timed")
    args = parser.parse_args()

    header("Scaling across processes (issue 13)")
    print(f"versions: {versions('redis', 'httpx')}; Redis server at {args.redis}")
    print(
        f"limits: max_concurrency={args.concurrency}, rate_limit={args.rate}/s (headroom"
        f" {args.headroom:.0%} shared, 5 % local); emulator latency"
        f" {args.latency * 1000:.0f} ms; {args.sends} sends per run split over the processes\n"
    )
    rows = []
    for count in range(1, args.max_processes + 1):
        shared = run(count, args.redis, args)
        alone = run(count, "local", args)
        print(f"{count} processes done", file=sys.stderr)
        rows.append(
            [
                count,
                shared["peak"],
                shared["per_second"],
                round(shared["throughput"], 1),
                shared["errors"],
                alone["peak"],
                alone["per_second"],
                round(alone["throughput"], 1),
            ]
        )
    print(
        table(
            [
                "processes",
                "Redis: peak in flight",
                "Redis: max req in 1 s",
                "Redis: req/s",
                "Redis: errors",
                "local: peak in flight",
                "local: max req in 1 s",
                "local: req/s",
            ],
            rows,
        )
    )
    local, remote, ping = asyncio.run(acquisition_cost(args.redis, args.rounds))
    print(
        f"\ncost of one acquisition + release (`async with limiter.slot()`, no rate limit, no"
        f" contention, {args.rounds} rounds): LocalLimiter {local:.1f} µs,"
        f" RedisLimiter {remote:.1f} µs (two scripts: acquire and release; one Redis PING"
        f" from the same client: {ping:.1f} µs)"
    )


if __name__ == "__main__":
    main()
