"""(a) and (e): the client's overhead - ``smsc.send`` against raw httpx POSTs.

Both sides send the same requests (one phone and a distinct text per send, ``fmt=3``) to
the same loopback emulator (its own process, uvloop, no limits), through a pool of the
same size (``httpx.Limits(max_connections=C)``) with the same number ``C`` of coroutines
sending at once. The raw side builds the same form (login, psw, phones, mes, id, fmt=3,
charset=utf-8) and parses the reply with ``json.loads``; aiosmsc adds its pipeline
(validation, limiter, retry bookkeeping, decoding into a ``SendResult``).

``--transport aiohttp`` (issue 5 (e)) runs both sides on ``httpx_aiohttp.AiohttpTransport``
instead of httpcore; the table then also compares aiosmsc on aiohttp with raw httpx on
httpcore. Both sides' clients stay open side by side; after a warm-up the timed requests
run in blocks, alternating the sides (ABBA), so a drift in the machine's speed hits both
alike. Throughput = requests / summed block time, per side.

    python benchmarks/bench_overhead.py [--requests 5000] [--block 500] [--concurrency 4,16]
        [--transport httpx,aiohttp] [--uvloop]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import httpx
from _common import (
    LOGIN,
    PASSWORD,
    CPUMeter,
    Emulator,
    emulator_process,
    header,
    run,
    table,
    versions,
)

from aiosmsc import AsyncSMSC

Send = Callable[[int], Awaitable[None]]


def _pool(concurrency: int) -> httpx.Limits:
    # The same pool aiosmsc builds for max_concurrency=C (transport.py).
    return httpx.Limits(
        max_connections=concurrency, max_keepalive_connections=concurrency, keepalive_expiry=30.0
    )


def _transport(kind: str, concurrency: int) -> httpx.AsyncBaseTransport | None:
    if kind == "httpx":
        return None  # httpx's own httpcore pool, built from the client's limits
    from httpx_aiohttp import AiohttpTransport

    return AiohttpTransport(limits=_pool(concurrency))


@contextlib.asynccontextmanager
async def raw_httpx(url: str, kind: str, concurrency: int) -> AsyncIterator[Send]:
    """Hand-written httpx POSTs, the reply read with ``json.loads``."""
    endpoint = f"{url}/sys/send.php"
    tag = uuid.uuid4().hex[:8]
    async with httpx.AsyncClient(
        limits=_pool(concurrency), transport=_transport(kind, concurrency), timeout=60.0
    ) as client:

        async def send(number: int) -> None:
            response = await client.post(
                endpoint,
                data={
                    "login": LOGIN,
                    "psw": PASSWORD,
                    "phones": f"7999{number:07d}",
                    "mes": f"raw {tag} {number}",
                    "id": uuid.uuid4().hex,
                    "fmt": "3",
                    "charset": "utf-8",
                },
            )
            reply = json.loads(response.content)
            if response.status_code != 200 or "error" in reply:
                raise RuntimeError(f"unexpected reply {response.status_code} {reply!r}")

        yield send


@contextlib.asynccontextmanager
async def with_aiosmsc(url: str, kind: str, concurrency: int) -> AsyncIterator[Send]:
    """``smsc.send`` of one phone and one text."""
    tag = uuid.uuid4().hex[:8]
    async with AsyncSMSC(
        LOGIN,
        PASSWORD,
        host=url,
        max_concurrency=concurrency,
        script_limits=False,
        detect_duplicates=False,
        transport="aiohttp" if kind == "aiohttp" else None,  # as a user selects it
    ) as smsc:

        async def send(number: int) -> None:
            await smsc.send(f"7999{number:07d}", f"aiosmsc {tag} {number}")

        yield send


class Totals:
    """Summed time, client CPU and emulator CPU of one side's timed blocks."""

    def __init__(self) -> None:
        self.requests = 0
        self.elapsed = 0.0
        self.client_cpu = 0.0
        self.server_cpu = 0.0

    def add(self, requests: int, meter: CPUMeter) -> None:
        self.requests += requests
        self.elapsed += meter.elapsed
        self.client_cpu += meter.client * meter.elapsed
        self.server_cpu += meter.server * meter.elapsed

    @property
    def rate(self) -> float:
        return self.requests / self.elapsed

    @property
    def cpu_per_request(self) -> float:
        """Client CPU microseconds per request."""
        return self.client_cpu / self.requests * 1e6


async def _drive(
    concurrency: int, numbers: range, send: Send, emulator: Emulator | None = None
) -> CPUMeter:
    """Send ``numbers`` with ``concurrency`` coroutines sharing one iterator."""
    shared: Iterator[int] = iter(numbers)

    async def worker() -> None:
        for number in shared:
            await send(number)

    with CPUMeter(emulator) as meter:
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return meter


async def compare(
    emulator: Emulator, kind: str, concurrency: int, args: argparse.Namespace
) -> dict[str, Totals]:
    totals = {"raw": Totals(), "aiosmsc": Totals()}
    async with contextlib.AsyncExitStack() as stack:
        sides = {
            "raw": await stack.enter_async_context(raw_httpx(emulator.url, kind, concurrency)),
            "aiosmsc": await stack.enter_async_context(
                with_aiosmsc(emulator.url, kind, concurrency)
            ),
        }
        for send in sides.values():
            await _drive(concurrency, range(args.warmup), send)
        start = args.warmup
        blocks = max(1, args.requests // args.block)
        for block in range(blocks):
            order = ["raw", "aiosmsc"] if block % 4 in (0, 3) else ["aiosmsc", "raw"]
            for side in order:
                numbers = range(start, start + args.block)
                start += args.block
                meter = await _drive(concurrency, numbers, sides[side], emulator)
                totals[side].add(args.block, meter)
    for side, total in totals.items():
        print(
            f"  C={concurrency} {kind:7} {side:7}: {total.rate:,.0f} req/s,"
            f" {total.cpu_per_request:,.0f} us client CPU per request",
            file=sys.stderr,
        )
    return totals


async def measure(args: argparse.Namespace, emulator: Emulator) -> list[list[object]]:
    results: dict[tuple[int, str], dict[str, Totals]] = {}
    for concurrency, kind in itertools.product(args.concurrency, args.transport):
        results[(concurrency, kind)] = await compare(emulator, kind, concurrency, args)
    rows: list[list[object]] = []
    for (concurrency, kind), found in results.items():
        raw, ours = found["raw"], found["aiosmsc"]
        on_httpcore = results.get((concurrency, "httpx"))
        rows.append(
            [
                concurrency,
                kind,
                raw.rate,
                ours.rate,
                f"{ours.rate / raw.rate:.2f}x",
                f"{ours.rate / on_httpcore['raw'].rate:.2f}x"
                if on_httpcore is not None and kind != "httpx"
                else "",
                f"{raw.cpu_per_request:,.0f} / {ours.cpu_per_request:,.0f}",
                f"{raw.client_cpu / raw.elapsed:.2f} / {ours.client_cpu / ours.elapsed:.2f}",
                f"{raw.server_cpu / raw.elapsed:.2f} / {ours.server_cpu / ours.elapsed:.2f}",
            ]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000, help="timed requests per side")
    parser.add_argument("--block", type=int, default=500, help="requests per timed block")
    parser.add_argument("--warmup", type=int, default=500, help="untimed requests per side")
    parser.add_argument("--concurrency", default="4,16", help="comma-separated values of C")
    parser.add_argument("--transport", default="httpx,aiohttp", help="httpx and/or aiohttp")
    parser.add_argument("--uvloop", action="store_true", help="run the client on uvloop")
    args = parser.parse_args()
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    args.transport = [t.strip() for t in args.transport.split(",")]
    header("Client overhead: smsc.send vs raw httpx (issue 5 a, e)")
    print(f"packages: {versions('httpx', 'httpcore', 'aiohttp', 'httpx-aiohttp', 'uvloop')}")
    print(
        f"client loop: {'uvloop' if args.uvloop else 'asyncio default'}; emulator: own"
        f" process on uvloop; per side {args.requests} timed requests in blocks of"
        f" {args.block} (sides alternating), after {args.warmup} warm-up requests\n"
    )
    with emulator_process() as emulator:
        rows = run(measure(args, emulator), uvloop=args.uvloop)
    print(
        table(
            [
                "C",
                "transport",
                "raw httpx req/s",
                "aiosmsc req/s",
                "aiosmsc / raw",
                "aiosmsc / raw on httpcore",
                "client CPU us/req raw / aiosmsc",
                "client cores raw / aiosmsc",
                "emulator cores raw / aiosmsc",
            ],
            rows,
        )
    )
    print("\ncores: CPU busy on average during the timed blocks (1.00 = one core fully used).")


if __name__ == "__main__":
    main()
