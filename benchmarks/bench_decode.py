"""(c) decoder throughput per fmt: records/s for one 1,000-row multi-message status reply.

One logical reply (1,000 messages, the same rows) is rendered by the emulator's own
renderer (``aiosmsc.testing.render.render_status_many``) in fmt 0, 1, 2 and 3, with
``all=0`` and ``all=1``, and decoded with ``aiosmsc.decode("status", body, fmt=...,
params=...)`` into 1,000 ``StatusReport`` models - exactly what ``smsc.status([...])``
returns. Baselines: ``json.loads`` (and ``orjson.loads``) of the fmt=3 body, which only
parse to dicts. No I/O: this is one core of pure Python (and orjson/expat C code).

records/s = 1,000 x iterations / seconds; each figure is the best of ``--repeat`` timings
of at least ``--min-time`` seconds each (timeit's rule: the least disturbed run), the
timings of the decoders interleaved.

    python benchmarks/bench_decode.py [--rows 1000] [--repeat 5] [--min-time 0.5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

import attrs
import orjson
from _common import header, table, versions

from aiosmsc import decode
from aiosmsc.testing.render import StatusRow, render_status_many

_STATUSES = [
    (1, 0, "Delivered"),
    (0, 0, "Transferred to operator"),
    (20, 1, "Impossible to deliver"),
    (-1, 0, "Waiting to be sent"),
]


def status_rows(count: int) -> list[StatusRow]:
    rows = []
    for number in range(count):
        status, err, name = _STATUSES[number % len(_STATUSES)]
        rows.append(
            StatusRow(
                id=str(100_000 + number),
                phone=f"7999{number:07d}",
                status=status,
                err=err,
                last_timestamp=1_700_000_000 + number,
                send_timestamp=1_699_999_000 + number,
                cost=Decimal("1.50"),
                sender="MyShop",
                status_name=name,
                message=f"Hello customer {number}, your order {number * 7} is ready",
                comment="",
                type=0,
                country="Russia",
                operator="MTS",
                region="Moscow",
            )
        )
    return rows


def _without_flag(reports: list[Any]) -> list[Any]:
    return [attrs.evolve(report, flag=None) for report in reports]


def calibrate(function: Callable[[], Any], min_time: float) -> int:
    """Loops of ``function`` that take at least ``min_time`` seconds."""
    loops = 1
    while True:
        elapsed = timing(function, loops)
        if elapsed >= min_time:
            return loops
        loops = max(loops * 2, int(loops * min_time / max(elapsed, 1e-9)) + 1)


def timing(function: Callable[[], Any], loops: int) -> float:
    started = time.perf_counter()
    for _ in range(loops):
        function()
    return time.perf_counter() - started


def best_rates(
    functions: list[Callable[[], Any]], records: int, repeat: int, min_time: float
) -> list[float]:
    """Records per second of each function, the fastest of ``repeat`` timings; the
    timings of all functions are interleaved so that a slow spell of the machine does
    not fall on one of them alone."""
    loops = [calibrate(function, min_time) for function in functions]
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            best[index] = min(best[index], timing(function, loops[index]))
    return [records * n / seconds for n, seconds in zip(loops, best, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.5)
    args = parser.parse_args()
    header("Decoder throughput, multi-message status reply (issue 5 c)")
    print(f"packages: {versions('orjson', 'cattrs', 'attrs')}")
    print(f"{args.rows} rows; best of {args.repeat} timings of >= {args.min_time} s each\n")
    rows = status_rows(args.rows)
    params_base = {"phone": ",".join(r.phone for r in rows), "id": ",".join(r.id for r in rows)}
    results: list[list[object]] = []
    baseline: dict[int, float] = {}
    for all_ in (0, 1):
        bodies = {fmt: render_status_many(rows, fmt=fmt, all=all_).encode() for fmt in range(4)}
        params = {**params_base, "all": all_}
        decoded = {fmt: decode("status", bodies[fmt], fmt=fmt, params=params) for fmt in range(4)}
        if any(len(reports) != args.rows for reports in decoded.values()):
            raise RuntimeError("a decoder returned the wrong number of reports")
        # fmt 0 and 1 carry no ``flag`` field (render.py), so it is left out of the check.
        same = all(_without_flag(decoded[fmt]) == _without_flag(decoded[3]) for fmt in range(3))
        print(f"  all={all_}: the four fmts decode to equal models: {same}", file=sys.stderr)
        runs: list[tuple[str, bytes, Callable[[], object]]] = [
            ("json.loads (fmt=3, dicts only)", bodies[3], partial(json.loads, bodies[3])),
            ("orjson.loads (fmt=3, dicts only)", bodies[3], partial(orjson.loads, bodies[3])),
        ]
        runs += [
            (
                f"aiosmsc.decode fmt={fmt}",
                bodies[fmt],
                partial(decode, "status", bodies[fmt], fmt=fmt, params=params),
            )
            for fmt in (3, 2, 1, 0)
        ]
        rates = best_rates([run[2] for run in runs], args.rows, args.repeat, args.min_time)
        for (name, body, _function), rate in zip(runs, rates, strict=True):
            baseline.setdefault(all_, rate)  # the first run: json.loads
            results.append([all_, name, len(body), rate, f"{rate / baseline[all_]:.3f}x"])
            print(f"  all={all_} {name}: {rate:,.0f} records/s", file=sys.stderr)
    print(table(["all", "decoder", "body bytes", "records/s", "vs json.loads"], results))


if __name__ == "__main__":
    main()
