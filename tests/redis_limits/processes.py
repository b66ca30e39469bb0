"""Processes for the multi-process test (and benchmarks/bench_scaling.py, which runs this
file by path): the emulator with a fixed latency, a sending worker, and a "hog" that takes
slots and hangs until it is killed.

    python processes.py emulator --latency 0.1 --max-concurrent 4
        prints its URL; then answers "stats" on stdin with one JSON line (what the
        server saw: peak in flight, most arrivals in one second, arrival times on the
        system-wide monotonic clock); exits at EOF.
    python processes.py worker URL REDIS_URL NAMESPACE --sends 12 --max-concurrency 4
        prints "ready", sends after a line on stdin, prints one JSON line (sent,
        errors by type, seconds).
    python processes.py hog URL REDIS_URL NAMESPACE --max-concurrency 4
        holds every slot of the namespace, prints "holding", and waits to be killed.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import sys
import time
from typing import Any

LOGIN, PASSWORD = "demo", "demo-password"


async def emulator(args: argparse.Namespace) -> None:
    from aiosmsc.testing import SMSCEmulator
    from aiosmsc.testing.faults import ChaosPlan
    from aiosmsc.testing.server import serve

    emu = SMSCEmulator(
        login=LOGIN,
        password=PASSWORD,
        balance="1000000",
        reject_duplicates=False,
        keep_requests=False,
        max_concurrent_requests=args.max_concurrent or None,
    )
    emu.chaos = ChaosPlan(1.0, kinds=("delay",), delay=args.latency)  # every request
    server = await serve(emu, host="127.0.0.1", port=0)
    print(server.url, flush=True)
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        if line.strip() == "stats":
            load = emu.load
            stats = {
                "peak_in_flight": load.peak_in_flight,
                "max_per_second": load.max_per_window(1.0),
                "total": load.total,
                "arrivals": load.arrivals,
            }
            print(json.dumps(stats), flush=True)
        elif line.strip() == "reset":
            emu.load.reset()
            print("{}", flush=True)
    await server.close()


def client(args: argparse.Namespace) -> Any:
    from redis.asyncio import Redis

    from aiosmsc import AsyncSMSC
    from aiosmsc.redis import RedisLimits

    limits = None
    if args.redis != "local":
        limits = RedisLimits(
            Redis.from_url(args.redis),
            namespace=args.namespace,
            lease=args.lease,
            headroom=args.headroom,
        )
    return AsyncSMSC(
        LOGIN,
        PASSWORD,
        host=args.url,
        max_concurrency=args.max_concurrency,
        rate_limit=args.rate,
        limits=limits,
        max_retries=0,
    )


async def worker(args: argparse.Namespace) -> None:
    from aiosmsc import decode

    errors: collections.Counter[str] = collections.Counter()
    sent = 0
    async with client(args) as smsc:
        # Load the reply decoder now: imported on first use, it would delay this
        # process's first request by ~0.1 s on a busy machine, so the server would see
        # it arrive bunched with the next ones.
        decode("send", b'{"id": "1", "cnt": 1}', fmt=3, params={"id": "1"})
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # "go"
        started = time.perf_counter()

        async def one(number: int) -> None:
            nonlocal sent
            try:
                await smsc.send("79990000001", f"{args.namespace} {args.name} {number}")
                sent += 1
            except Exception as error:
                errors[type(error).__name__] += 1

        await asyncio.gather(*(one(number) for number in range(args.sends)))
        elapsed = time.perf_counter() - started
    print(json.dumps({"sent": sent, "errors": dict(errors), "seconds": elapsed}), flush=True)


async def hog(args: argparse.Namespace) -> None:
    async with client(args) as smsc:
        held = 0
        all_held = asyncio.Event()

        async def hold() -> None:
            nonlocal held
            async with smsc.limiter.slot():
                held += 1
                if held == args.max_concurrency:
                    all_held.set()
                await asyncio.Event().wait()

        tasks = [asyncio.ensure_future(hold()) for _ in range(args.max_concurrency)]
        await all_held.wait()
        print("holding", flush=True)
        await asyncio.gather(*tasks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["emulator", "worker", "hog"])
    parser.add_argument("url", nargs="?")
    parser.add_argument("redis", nargs="?", help="a Redis URL, or 'local' for local limits")
    parser.add_argument("namespace", nargs="?")
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--max-concurrent", type=int, default=0, help="emulator: error 9 above")
    parser.add_argument("--name", default="w")
    parser.add_argument("--sends", type=int, default=10)
    parser.add_argument("--max-concurrency", type=int, default=4)
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--lease", type=float, default=10.0)
    parser.add_argument("--headroom", type=float, default=0.05)
    args = parser.parse_args()
    asyncio.run({"emulator": emulator, "worker": worker, "hog": hog}[args.role](args))


if __name__ == "__main__":
    main()
