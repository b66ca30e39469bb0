"""(d) peak memory (RSS) of ``send_bulk`` over 1,000,000 recipients from a generator.

Measures the client alone: no emulator, no sockets. An in-process ``httpx.MockTransport``
answers every send at once with ``{"id": <the request's id>, "cnt": <recipients>,
"cost": "1.50"}``. Recipients (personalised texts) come from a generator and outcomes
are consumed and dropped as they arrive, as a job writing them to a database would.

Each size runs in a fresh child process; the child reports ``ru_maxrss`` (peak RSS, KiB on
Linux) after its imports and after the job. A peak that does not grow with the number of
recipients is the point: memory is bounded by the packer's read-ahead and the requests in
flight, not by the input.

    python benchmarks/bench_memory.py [--sizes 100000,1000000] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

from _common import header, table

_ID = re.compile(rb"(?:^|&)id=([^&]*)")


def _reply(request: object) -> object:
    import httpx

    assert isinstance(request, httpx.Request)
    body = request.content
    found = _ID.search(body)
    ident = found.group(1).decode() if found else "1"
    count = body.count(b"%0A") + 1 if b"list=" in body else body.count(b"%2C") + 1
    reply = json.dumps({"id": ident, "cnt": count, "cost": "1.50"}).encode()
    return httpx.Response(200, content=reply, headers={"content-type": "application/json"})


def recipients(count: int) -> Iterator[tuple[str, str]]:
    for number in range(count):
        yield f"7999{number:07d}", f"Hello customer {number}, your code is {number % 9973}"


def peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(count: int, concurrency: int) -> None:
    """Run one job and print a JSON line of measurements."""
    import httpx

    from aiosmsc import AsyncSMSC

    async def job() -> dict[str, object]:
        transport = httpx.MockTransport(_reply)  # type: ignore[arg-type]
        async with AsyncSMSC(
            "bench",
            "bench-password",
            host="http://127.0.0.1:9",
            max_concurrency=concurrency,
            script_limits=False,
            transport=transport,
        ) as smsc:
            before = peak_kib()
            started = time.perf_counter()
            async with smsc.send_bulk(recipients(count)) as bulk:
                async for _outcome in bulk:
                    pass
            elapsed = time.perf_counter() - started
        report = bulk.report
        if report.sent != count:
            raise RuntimeError(report.summary())
        return {
            "count": count,
            "before_kib": before,
            "peak_kib": peak_kib(),
            "seconds": elapsed,
            "requests": report.requests,
        }

    print(json.dumps(asyncio.run(job())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="recipients per child")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.concurrency)
        return
    header("Peak memory of send_bulk (issue 5 d)")
    print(
        "client only (httpx.MockTransport, no sockets); one fresh process per size;"
        f" concurrency {args.concurrency}; default batch_size 500\n"
    )
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        output = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(size),
                "--concurrency",
                str(args.concurrency),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        found = json.loads(output.strip().splitlines()[-1])
        print(f"  {size:,} recipients: {found}", file=sys.stderr)
        rows.append(
            [
                found["count"],
                found["requests"],
                found["before_kib"] / 1024,
                found["peak_kib"] / 1024,
                (found["peak_kib"] - found["before_kib"]) / 1024,
                found["seconds"],
                found["count"] / found["seconds"],
            ]
        )
    print(
        table(
            [
                "recipients",
                "requests",
                "peak RSS before job (MiB)",
                "peak RSS after job (MiB)",
                "growth (MiB)",
                "seconds",
                "recipients/s",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
