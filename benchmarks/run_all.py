"""Run every benchmark of issue 5, one fresh process each, and print their tables.

    python benchmarks/run_all.py            # the figures of RESULTS.md (10-15 minutes)
    python benchmarks/run_all.py --quick    # small sizes: checks that everything runs

Needs the ``bench`` extra (``pip install -e .[bench]``: uvloop, httpx-aiohttp, smsc).
Benchmarks measure and report; they assert no time and are not part of the test suite.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

FULL: list[list[str]] = [
    ["bench_overhead.py"],
    ["bench_bulk.py"],
    ["bench_decode.py"],
    ["bench_memory.py"],
]
QUICK: list[list[str]] = [
    ["bench_overhead.py", "--requests", "400", "--block", "200", "--warmup", "100"],
    ["bench_bulk.py", "--messages", "5000", "--raw-messages", "500", "--smsc-messages", "500"],
    ["bench_decode.py", "--rows", "100", "--repeat", "2", "--min-time", "0.1"],
    ["bench_memory.py", "--sizes", "5000,20000"],
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    args = parser.parse_args()
    failed = []
    for script, *options in QUICK if args.quick else FULL:
        command = [sys.executable, str(HERE / script), *options]
        print(f"\n$ python benchmarks/{script} {' '.join(options)}".rstrip(), flush=True)
        if subprocess.run(command, check=False).returncode != 0:
            failed.append(script)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
