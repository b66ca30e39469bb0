"""Processes for the multi-process test (and benchmarks/bench_scaling.py, which runs this
file by path): the emulator with a fixed latency, a sending worker, a "hog" that takes
slots and hangs until it is killed, and a "fleet" that forks one hog and several workers.

    python processes.py emulator --latency 0.1 --max-concurrent 4
        prints its URL; then answers "stats" on stdin with one JSON line (what the
        server saw: peak in flight, most arrivals in one second, arrival times on the
        system-wide monotonic clock); exits at EOF.
    python processes.py worker URL REDIS_URL NAMESPACE --sends 12 --max-concurrency 4
        prints "ready", sends after a line on stdin, prints one JSON line (sent,
        errors by type, seconds).
    python processes.py hog URL REDIS_URL NAMESPACE --max-concurrency 4
        holds every slot of the namespace, prints "holding", and waits to be killed.
    python processes.py fleet URL REDIS_URL NAMESPACE --workers 3 --sends 12 ...
        imports the client once (URL "-": then reads the URL as a line on stdin, so the
        fleet may start before the emulator is up), then forks a hog and the workers:
        separate processes, each with its own event loop and Redis connections, spared
        the ~0.5 s of CPU each would spend importing aiosmsc, httpx and redis. They write
        tagged lines: "hog PID holding", "worker NAME ready", then "worker NAME {report}"
        after a "go" line on the fleet's stdin. At EOF on stdin the fleet kills what is
        left of them and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Awaitable, Callable, Coroutine
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


def say(line: str) -> None:
    """Write one line to stdout in one write: lines of the fleet's processes, which share
    the pipe, never interleave (a pipe writes up to 4 KiB at once)."""
    os.write(sys.stdout.fileno(), (line + "\n").encode())


async def read_go_from_stdin() -> None:
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)


async def worker(
    args: argparse.Namespace,
    go: Callable[[], Awaitable[None]] = read_go_from_stdin,
    tag: str = "",
) -> None:
    from aiosmsc import decode

    errors: collections.Counter[str] = collections.Counter()
    sent = 0
    async with client(args) as smsc:
        # Load the reply decoder now: imported on first use, it would delay this
        # process's first request by ~0.1 s on a busy machine, so the server would see
        # it arrive bunched with the next ones.
        decode("send", b'{"id": "1", "cnt": 1}', fmt=3, params={"id": "1"})
        say(f"{tag}ready")
        await go()
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
    say(tag + json.dumps({"sent": sent, "errors": dict(errors), "seconds": elapsed}))


async def hog(args: argparse.Namespace, tag: str = "") -> None:
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
        say(f"{tag}holding")
        await asyncio.gather(*tasks)


async def warm_up(args: argparse.Namespace) -> None:
    """Build and close a client and a Redis connection, sending nothing: what a process
    imports on first use and the CA bundle httpx loads (~0.2 s, cached per process) are
    then loaded once here, before the fork, instead of in every child."""
    from redis.asyncio import Redis

    from aiosmsc import decode

    local = argparse.Namespace(**{**vars(args), "redis": "local", "url": "http://127.0.0.1"})
    async with client(local):
        decode("send", b'{"id": "1", "cnt": 1}', fmt=3, params={"id": "1"})
    redis = Redis.from_url(args.redis)
    await redis.ping()
    await redis.aclose()


def fleet(args: argparse.Namespace) -> None:
    """Fork a hog and ``args.workers`` workers (see the module's docstring)."""
    # No event loop or thread is left once warm_up returns, so forking is safe (and
    # ``random`` reseeds itself in every child).
    asyncio.run(warm_up(args))
    if args.url == "-":  # the emulator's, known once it started alongside this process
        args.url = sys.stdin.readline().strip()
    go_read, go_write = os.pipe()

    async def go() -> None:  # one byte per worker
        await asyncio.get_running_loop().run_in_executor(None, os.read, go_read, 1)

    def fork(run: Callable[[], Coroutine[Any, Any, None]]) -> int:
        pid = os.fork()
        if pid:
            return pid
        try:
            asyncio.run(run())
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(1)
        os._exit(0)

    children = [fork(lambda: hog(args, tag=f"hog {os.getpid()} "))]
    for index in range(args.workers):
        named = argparse.Namespace(**{**vars(args), "name": f"w{index}"})
        children.append(fork(lambda named=named: worker(named, go, tag=f"worker {named.name} ")))
    try:
        for line in sys.stdin:
            if line.strip() == "go":
                os.write(go_write, b"g" * args.workers)
    finally:
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["emulator", "worker", "hog", "fleet"])
    parser.add_argument("url", nargs="?")
    parser.add_argument("redis", nargs="?", help="a Redis URL, or 'local' for local limits")
    parser.add_argument("namespace", nargs="?")
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--max-concurrent", type=int, default=0, help="emulator: error 9 above")
    parser.add_argument("--name", default="w")
    parser.add_argument("--sends", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3, help="fleet: how many to fork")
    parser.add_argument("--max-concurrency", type=int, default=4)
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--lease", type=float, default=10.0)
    parser.add_argument("--headroom", type=float, default=0.05)
    args = parser.parse_args()
    if args.role == "fleet":
        return fleet(args)
    asyncio.run({"emulator": emulator, "worker": worker, "hog": hog}[args.role](args))


if __name__ == "__main__":
    main()
