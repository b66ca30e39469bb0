"""The emulator process of the loopback benchmarks (run by ``_common.emulator_process``).

``python -m aiosmsc.testing`` with the benchmarks' settings, plus ``--latency``: every
request is held that many seconds before it is answered (a round trip to a real service),
while other requests go on.

    python benchmarks/_serve.py [--latency 0.03] [--limits] [--uvloop] [--settle 0]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys

from _common import LOGIN, PASSWORD

from aiosmsc.testing import SMSCEmulator, serve
from aiosmsc.testing.faults import ChaosPlan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.0, help="seconds held per request")
    parser.add_argument("--limits", action="store_true", help="answer error 9 as the service")
    parser.add_argument("--uvloop", action="store_true")
    parser.add_argument(
        "--settle", type=float, default=None, help="seconds until a message is final"
    )
    parser.add_argument("--balance", default="1000000000")
    args = parser.parse_args()
    settle = {} if args.settle is None else {"queue_delay": 0.0, "delivery_delay": args.settle}
    emulator = SMSCEmulator(
        login=LOGIN,
        password=PASSWORD,
        balance=args.balance,
        enforce_limits=args.limits,
        reject_duplicates=False,
        keep_requests=False,
        max_concurrent_requests=None,
        **settle,
    )
    if args.latency > 0:
        emulator.chaos = ChaosPlan(1.0, kinds=["delay"], delay=args.latency)

    async def run() -> None:
        server = await serve(emulator)
        print(f"listening on {server.url}", flush=True)
        await asyncio.Event().wait()

    if args.uvloop:
        importlib.import_module("uvloop").run(run())
    else:
        asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
