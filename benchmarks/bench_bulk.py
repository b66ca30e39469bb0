"""(b) bulk throughput in messages/s: ``send_bulk`` against one request per message.

Three ways a user could send N personalised messages (every text differs) to the same
loopback emulator (its own process, uvloop, no limits, no request log), one after the
other in one run:

1. ``smsc.send_bulk(rows)`` - packs the texts into ``list`` requests (500 per request by
   default) with ``concurrency`` requests in flight (the client's ``max_concurrency``);
2. raw httpx, one POST per message, ``concurrency`` coroutines on a pool of that size;
3. the ``smsc`` PyPI package (0.1.1, synchronous: one ``requests.get`` per message, a new
   connection each time), ``--threads`` calls at once in a ``ThreadPoolExecutor``.

send_bulk and raw httpx send all ``--messages``; the smsc package, at well under 1,000
messages/s, sends a subset (``--smsc-messages``, default 20,000, so that the run stays
within minutes): messages/s is what is compared.

    python benchmarks/bench_bulk.py [--messages 100000] [--raw-messages N]
        [--smsc-messages 20000] [--concurrency 4] [--threads 16]

Latency mode (issue 16): ``--latency 0,0.03,0.1`` runs only ``send_bulk``, once per
round trip (the emulator holds every request that long), and reports its rate as a share
of the physical limit ``concurrency × batch ÷ round trip``, both for the default batch of
500 and for the mean batch the job used; ``--batch-size`` fixes the batch (otherwise it is
chosen from the round trip), ``--transport aiohttp`` uses aiohttp's pool, ``--canned``
answers from a stand-in without per-recipient work instead of the emulator (the
client's share alone).

    python benchmarks/bench_bulk.py --latency 0,0.03,0.1 [--messages 100000]
        [--batch-size N] [--transport httpx|aiohttp] [--repeat 3] [--canned]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
from _common import (
    LOGIN,
    PASSWORD,
    CPUMeter,
    Emulator,
    emulator_process,
    header,
    load_average,
    send_form,
    table,
    versions,
)

from aiosmsc import AsyncSMSC


def rows(count: int, tag: str) -> Iterator[tuple[str, str]]:
    """``count`` personalised messages, generated lazily."""
    for number in range(count):
        yield f"7999{number:07d}", f"Hello customer {number}, your code is {tag}-{number % 9973}"


class Result:
    def __init__(self, name: str, messages: int, meter: CPUMeter, requests: int) -> None:
        self.name = name
        self.messages = messages
        self.meter = meter
        self.requests = requests

    @property
    def rate(self) -> float:
        return self.messages / self.meter.elapsed


async def with_send_bulk(
    emulator: Emulator,
    count: int,
    concurrency: int,
    batch_size: int | None = None,
    transport: str | None = None,
) -> Result:
    tag = uuid.uuid4().hex[:6]
    settings = {} if batch_size is None else {"batch_size": batch_size}
    async with AsyncSMSC(
        LOGIN,
        PASSWORD,
        host=emulator.url,
        max_concurrency=concurrency,
        script_limits=False,
        **({} if transport is None else {"transport": transport}),  # type: ignore[arg-type]
    ) as smsc:
        # open the connections, as the other sides warm up too
        await asyncio.gather(*(smsc.balance() for _ in range(concurrency)))
        with CPUMeter(emulator) as meter:
            async with smsc.send_bulk(rows(count, tag), **settings) as job:
                async for _outcome in job:
                    pass
        report = job.report
    if report.sent != count:
        raise RuntimeError(f"send_bulk: {report.summary()}")
    return Result("aiosmsc send_bulk", count, meter, report.requests)


async def with_raw_httpx(emulator: Emulator, count: int, concurrency: int) -> Result:
    tag = uuid.uuid4().hex[:6]
    endpoint = f"{emulator.url}/sys/send.php"
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    messages = rows(count, tag)
    async with httpx.AsyncClient(limits=limits, timeout=60.0) as client:

        async def worker() -> None:
            for phone, text in messages:
                response = await client.post(endpoint, data=send_form(phone, text))
                reply = json.loads(response.content)
                if "error" in reply:
                    raise RuntimeError(f"raw httpx: {reply!r}")

        await client.post(f"{emulator.url}/sys/balance.php", data={"login": LOGIN, "psw": PASSWORD})
        with CPUMeter(emulator) as meter:
            await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Result("raw httpx, 1 request/message", count, meter, count)


def with_smsc_package(emulator: Emulator, count: int, threads: int) -> Result:
    import smsc.api  # type: ignore[import-untyped]
    from smsc.messages import SMSMessage  # type: ignore[import-untyped]

    # smsc.api calls logging.basicConfig(level=DEBUG) on import, which makes urllib3 log
    # every connection to stderr; a user would turn that off, and so do we.
    logging.getLogger().setLevel(logging.WARNING)
    smsc.api.SMSC._url = f"{emulator.url}/sys/"  # hard-coded to https://smsc.ru/sys/
    client = smsc.api.SMSC(login=LOGIN, password=PASSWORD)
    tag = uuid.uuid4().hex[:6]

    def send(row: tuple[str, str]) -> None:
        reply = client.send(to=row[0], message=SMSMessage(text=row[1]))
        if reply.error is not None:
            raise RuntimeError(f"smsc package: {reply.error!r}")

    with ThreadPoolExecutor(max_workers=threads) as pool:
        pool.submit(client.get_balance).result()  # import and first-call costs out of the way
        with CPUMeter(emulator) as meter:
            for _ in pool.map(send, rows(count, tag)):
                pass
    return Result(f"smsc package, {threads} threads", count, meter, count)


def latency_mode(args: argparse.Namespace) -> None:
    header("send_bulk at real round trips: share of the physical limit (issue 16, point 5)")
    print(f"packages: {versions('httpx', 'httpcore', 'httpx-aiohttp', 'aiohttp', 'uvloop')}")
    print(
        f"messages {args.messages:,} personalised, concurrency {args.concurrency}, batch"
        f" {args.batch_size or 'chosen from the round trip'}, transport"
        f" {args.transport or 'httpx'}, median of {args.repeat} runs; server: "
        + ("a canned stand-in" if args.canned else "the emulator")
        + ", own process on uvloop\n"
    )
    table_rows = []
    for latency in args.latency:
        with emulator_process(latency=latency, canned=args.canned) as emulator:
            runs = []
            for _ in range(args.repeat):
                load = load_average()
                result = asyncio.run(
                    with_send_bulk(
                        emulator, args.messages, args.concurrency, args.batch_size, args.transport
                    )
                )
                runs.append((result.rate, result, load))
                print(f"  {latency * 1000:.0f} ms: {result.rate:,.0f} msg/s", file=sys.stderr)
        rate, result, load = sorted(runs, key=lambda run: run[0])[len(runs) // 2]
        batch = result.messages / result.requests
        row: list[object] = [f"{latency * 1000:.0f}", rate, result.requests, round(batch)]
        if latency > 0:
            default_limit = args.concurrency * 500 / latency
            used_limit = args.concurrency * batch / latency
            row += [default_limit, f"{rate / default_limit:.0%}", used_limit]
            row += [f"{rate / used_limit:.0%}"]
        else:
            row += ["-", "-", "-", "-"]
        cpu_us = result.meter.client * result.meter.elapsed / result.messages * 1e6
        row += [f"{cpu_us:.1f}", f"{result.meter.client:.2f}", f"{result.meter.server:.2f}", load]
        table_rows.append(row)
    print(
        table(
            [
                "RTT ms",
                "msg/s",
                "requests",
                "mean batch",
                "limit @500",
                "share @500",
                "limit @batch",
                "share @batch",
                "client CPU µs/msg",
                "client cores",
                "emulator cores",
                "load",
            ],
            table_rows,
        )
    )
    print(
        "\nlimit @500: concurrency × 500 ÷ RTT (the default batch); limit @batch: the same"
        " with the mean batch used. load: 1-minute load average before the run."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000, help="for send_bulk")
    parser.add_argument(
        "--raw-messages", type=int, help="messages for raw httpx (default: --messages)"
    )
    parser.add_argument(
        "--smsc-messages", type=int, default=20_000, help="messages for the smsc package"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight (async)")
    parser.add_argument("--threads", type=int, default=16, help="threads for the smsc package")
    parser.add_argument(
        "--only", default="bulk,raw,smsc", help="which of bulk,raw,smsc to run (comma-separated)"
    )
    parser.add_argument("--latency", help="round trips in seconds, comma-separated")
    parser.add_argument("--batch-size", type=int, help="fix send_bulk's batch size")
    parser.add_argument("--transport", choices=["httpx", "aiohttp"])
    parser.add_argument("--repeat", type=int, default=3, help="runs per round trip")
    parser.add_argument("--canned", action="store_true", help="a stand-in server")
    args = parser.parse_args()
    if args.latency is not None:
        args.latency = [float(value) for value in args.latency.split(",")]
        latency_mode(args)
        return
    if args.raw_messages is None:
        args.raw_messages = args.messages
    chosen = set(args.only.split(","))
    header("Bulk throughput, personalised messages (issue 5 b)")
    print(f"packages: {versions('httpx', 'httpcore', 'smsc', 'requests', 'uvloop')}")
    print(
        f"messages: send_bulk {args.messages:,}, raw httpx {args.raw_messages:,}, smsc"
        f" package {args.smsc_messages:,}; async concurrency {args.concurrency};"
        f" smsc threads {args.threads}; client loop: asyncio default;"
        " emulator: own process on uvloop\n"
    )
    results: list[Result] = []
    with emulator_process() as emulator:
        if "bulk" in chosen:
            results.append(asyncio.run(with_send_bulk(emulator, args.messages, args.concurrency)))
            print(f"  {results[-1].name}: {results[-1].rate:,.0f} msg/s", file=sys.stderr)
        if "raw" in chosen:
            results.append(
                asyncio.run(with_raw_httpx(emulator, args.raw_messages, args.concurrency))
            )
            print(f"  {results[-1].name}: {results[-1].rate:,.0f} msg/s", file=sys.stderr)
        if "smsc" in chosen:
            results.append(with_smsc_package(emulator, args.smsc_messages, args.threads))
            print(f"  {results[-1].name}: {results[-1].rate:,.0f} msg/s", file=sys.stderr)
    bulk = next((r for r in results if r.name.startswith("aiosmsc")), None)
    print(
        table(
            [
                "method",
                "messages",
                "requests",
                "seconds",
                "messages/s",
                "send_bulk / this",
                "client cores",
                "emulator cores",
            ],
            [
                [
                    r.name,
                    r.messages,
                    r.requests,
                    f"{r.meter.elapsed:.1f}",
                    r.rate,
                    f"{bulk.rate / r.rate:.1f}x" if bulk is not None else "",
                    f"{r.meter.client:.2f}",
                    f"{r.meter.server:.2f}",
                ]
                for r in results
            ],
        )
    )
    print("\ncores: CPU busy on average while sending (1.00 = one core fully used).")


if __name__ == "__main__":
    main()
