"""Issue 16 (1): sustained single sends, so a per-call cost that grows with use shows.

``smsc.send`` of one phone (a distinct text each, so no send is a duplicate) and raw httpx
POSTs of the same requests take turns for ``--duration`` seconds in blocks of ``--block``
seconds (``--concurrency`` coroutines each), against one loopback emulator in its own
process (``--latency`` seconds held per request; 0 = CPU-bound). The client keeps its
defaults (duplicate detection and script limits on), so whatever it remembers per send
grows for the first minute and must then stay flat. Each window of two blocks reports
both rates, their ratio, and the client CPU per send of each side: a ratio that falls
from window to window is the regression this benchmark is for.

    python benchmarks/bench_sustained.py [--duration 90] [--block 5] [--concurrency 4]
        [--latency 0] [--no-detect-duplicates]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable

import httpx
from _common import (
    LOGIN,
    PASSWORD,
    emulator_process,
    header,
    load_average,
    send_form,
    table,
    versions,
)

from aiosmsc import AsyncSMSC

Sender = Callable[[str, str], Awaitable[None]]


async def run_block(
    send: Sender, seconds: float, concurrency: int, counter: itertools.count[int]
) -> tuple[int, float, float]:
    """(sends, wall seconds, client CPU seconds) of ``concurrency`` workers for ``seconds``."""
    stop = time.perf_counter() + seconds
    done = 0

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < stop:
            number = next(counter)
            await send(f"7999{number % 10_000_000:07d}", f"sustained {number}")
            done += 1

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done, time.perf_counter() - started, time.process_time() - cpu


async def main_async(args: argparse.Namespace, url: str) -> list[list[object]]:
    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    counter = itertools.count()
    rows: list[list[object]] = []
    async with (
        AsyncSMSC(
            LOGIN,
            PASSWORD,
            host=url,
            max_concurrency=args.concurrency,
            detect_duplicates=not args.no_detect_duplicates,
        ) as smsc,
        httpx.AsyncClient(limits=limits, timeout=60.0) as raw,
    ):

        async def ours(phone: str, text: str) -> None:
            await smsc.send(phone, text)

        async def theirs(phone: str, text: str) -> None:
            response = await raw.post(f"{url}/sys/send.php", data=send_form(phone, text))
            if "error" in json.loads(response.content):
                raise RuntimeError(response.text)

        await smsc.balance()
        await raw.post(f"{url}/sys/balance.php", data={"login": LOGIN, "psw": PASSWORD})
        began = time.perf_counter()
        while time.perf_counter() - began < args.duration:
            at = time.perf_counter() - began
            a_n, a_s, a_cpu = await run_block(ours, args.block, args.concurrency, counter)
            r_n, r_s, r_cpu = await run_block(theirs, args.block, args.concurrency, counter)
            rows.append(
                [
                    f"{at:.0f}",
                    a_n / a_s,
                    r_n / r_s,
                    f"{(a_n / a_s) / (r_n / r_s):.2f}x",
                    round(a_cpu / a_n * 1e6),
                    round(r_cpu / r_n * 1e6),
                    load_average(),
                ]
            )
            print("  " + " | ".join(str(c) for c in rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=90.0, help="seconds in all")
    parser.add_argument("--block", type=float, default=5.0, help="seconds per side and turn")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--no-detect-duplicates", action="store_true")
    args = parser.parse_args()
    header("Sustained single sends: aiosmsc / raw httpx over time (issue 16, point 1)")
    print(f"packages: {versions('httpx', 'httpcore')}")
    print(
        f"concurrency {args.concurrency}, latency {args.latency * 1000:.0f} ms, blocks of"
        f" {args.block:g} s per side, detect_duplicates={not args.no_detect_duplicates}\n"
    )
    with emulator_process(latency=args.latency) as emulator:
        rows = asyncio.run(main_async(args, emulator.url))
    print(
        table(
            [
                "at s",
                "aiosmsc msg/s",
                "raw msg/s",
                "ratio",
                "aiosmsc CPU µs/send",
                "raw CPU µs/send",
                "load",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
