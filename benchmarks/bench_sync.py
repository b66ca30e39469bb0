"""Issue 15: the blocking facade's per-call overhead against the async client.

Both clients send the same requests (``send`` of one phone, a distinct text each) to the
same loopback emulator, run in its own process with every request held ``--latency``
seconds (30 ms: a real round trip). At concurrency C the async side runs C coroutines on
one client, the blocking side C threads sharing one ``SMSC`` (whose loop thread runs an
``AsyncSMSC`` of the same settings). Blocks of requests alternate the sides (ABBA) so a
drift in the machine's speed hits both alike.

``--no-network`` measures what the hand-off between threads costs, unhidden by any
round trip: both clients answered at once by an ``httpx.MockTransport``, one call at a
time.

    python benchmarks/bench_sync.py [--requests 400] [--block 100] [--concurrency 1,4]
        [--latency 0.03] [--no-network]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from _common import LOGIN, PASSWORD, header, table, versions

from aiosmsc import SMSC, AsyncSMSC

_URL = re.compile(r"listening on (http://\S+)")


def _serve(latency: float) -> None:
    """The emulator process: every request waits ``latency`` seconds, then is answered."""
    from aiosmsc.testing import SMSCEmulator, serve
    from aiosmsc.testing.faults import ChaosPlan

    emulator = SMSCEmulator(
        login=LOGIN,
        password=PASSWORD,
        balance="1000000000",
        enforce_limits=False,
        reject_duplicates=False,
        keep_requests=False,
        max_concurrent_requests=None,
    )
    if latency > 0:
        emulator.chaos = ChaosPlan(1.0, kinds=["delay"], delay=latency)

    async def main() -> None:
        server = await serve(emulator)
        print(f"listening on {server.url}", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


@contextmanager
def _emulator(latency: float) -> Iterator[str]:
    command = [sys.executable, __file__, "--serve", "--latency", str(latency)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        found = _URL.search(process.stdout.readline())
        if found is None:
            raise RuntimeError("the emulator did not start")
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _options(url: str, concurrency: int) -> dict[str, object]:
    return {
        "login": LOGIN,
        "password": PASSWORD,
        "host": url,
        "max_concurrency": concurrency,
        "script_limits": False,
        "detect_duplicates": False,
    }


def _texts() -> Iterator[str]:
    return (f"message {n}" for n in itertools.count())


def _async_block(smsc: AsyncSMSC, loop: asyncio.AbstractEventLoop, size: int, width: int) -> float:
    texts = _texts()

    async def worker(count: int) -> None:
        for _ in range(count):
            await smsc.send("79990000001", next(texts))

    async def block() -> float:
        started = time.perf_counter()
        await asyncio.gather(*(worker(size // width) for _ in range(width)))
        return time.perf_counter() - started

    return loop.run_until_complete(block())


def _blocking_block(smsc: SMSC, pool: ThreadPoolExecutor, size: int, width: int) -> float:
    texts = _texts()

    def worker(count: int) -> None:
        for _ in range(count):
            smsc.send("79990000001", next(texts))

    started = time.perf_counter()
    list(pool.map(worker, [size // width] * width))
    return time.perf_counter() - started


def _measure(url: str, width: int, requests: int, block: int) -> tuple[float, float]:
    """Seconds per request (wall time / requests) of the async and the blocking side."""
    loop = asyncio.new_event_loop()
    asyncio_client = AsyncSMSC(**_options(url, width))  # type: ignore[arg-type]
    totals = {"async": 0.0, "blocking": 0.0}
    with (
        SMSC(**_options(url, width)) as blocking_client,  # type: ignore[arg-type]
        ThreadPoolExecutor(max_workers=width) as pool,
    ):
        sides: dict[str, Callable[[], float]] = {
            "async": lambda: _async_block(asyncio_client, loop, block, width),
            "blocking": lambda: _blocking_block(blocking_client, pool, block, width),
        }
        for side in sides.values():  # warm-up: connections open, code paths hot
            side()
        for number in range(max(1, requests // block)):
            order = ("async", "blocking") if number % 2 == 0 else ("blocking", "async")
            for name in order:
                totals[name] += sides[name]()
    loop.run_until_complete(asyncio_client.aclose())
    loop.close()
    done = max(1, requests // block) * block
    return totals["async"] / done, totals["blocking"] / done


def _hand_off(requests: int, block: int) -> tuple[float, float]:
    """Seconds per ``balance()`` of each side with replies from memory, one at a time."""
    import httpx

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text='{"balance": "100.00"}')

    options = {"login": LOGIN, "password": PASSWORD, "script_limits": False}
    loop = asyncio.new_event_loop()
    asyncio_client = AsyncSMSC(transport=httpx.MockTransport(reply), **options)  # type: ignore[arg-type]

    async def async_block() -> float:
        started = time.perf_counter()
        for _ in range(block):
            await asyncio_client.balance()
        return time.perf_counter() - started

    totals = [0.0, 0.0]
    with SMSC(transport=httpx.MockTransport(reply), **options) as smsc:  # type: ignore[arg-type]

        def blocking_block() -> float:
            started = time.perf_counter()
            for _ in range(block):
                smsc.balance()
            return time.perf_counter() - started

        sides = [lambda: loop.run_until_complete(async_block()), blocking_block]
        for side in sides:
            side()
        for number in range(max(1, requests // block)):
            for index in (0, 1) if number % 2 == 0 else (1, 0):
                totals[index] += sides[index]()
    loop.run_until_complete(asyncio_client.aclose())
    loop.close()
    done = max(1, requests // block) * block
    return totals[0] / done, totals[1] / done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="timed requests per side")
    parser.add_argument("--block", type=int, default=100, help="requests per timed block")
    parser.add_argument("--concurrency", default="1,4", help="comma-separated widths")
    parser.add_argument("--latency", type=float, default=0.03, help="seconds per request")
    parser.add_argument("--no-network", action="store_true", help="replies from memory")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.latency)
        return
    if args.no_network:
        header("Blocking facade hand-off cost, no network (issue 15)")
        per_async, per_blocking = _hand_off(args.requests, args.block)
        row = [per_async * 1e6, per_blocking * 1e6, (per_blocking - per_async) * 1e6]
        print(table(["async µs/call", "blocking µs/call", "difference µs/call"], [row]))
        return
    header(f"Blocking facade overhead at {args.latency * 1000:.0f} ms latency (issue 15)")
    print(f"versions: {versions('httpx', 'httpcore')}\n")
    rows = []
    with _emulator(args.latency) as url:
        for width in (int(w) for w in args.concurrency.split(",")):
            print(f"concurrency {width}...", file=sys.stderr)
            per_async, per_blocking = _measure(url, width, args.requests, args.block)
            rows.append(
                [
                    width,
                    per_async * 1e3,
                    per_blocking * 1e3,
                    (per_blocking - per_async) * 1e6,
                    f"{(per_blocking / per_async - 1) * 100:+.1f} %",
                ]
            )
    print(
        table(
            [
                "concurrency",
                "async ms/request",
                "blocking ms/request",
                "difference µs/request",
                "blocking vs async",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
