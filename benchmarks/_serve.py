"""The emulator process of the loopback benchmarks (run by ``_common.emulator_process``).

``python -m aiosmsc.testing`` with the benchmarks' settings, plus ``--latency``: every
request is held that many seconds before it is answered (a round trip to a real service),
while other requests go on.

``--canned`` serves no emulator but a stand-in that accepts every ``send.php`` at once
with a reply of the right shape (id, count, cost) and no work per recipient, as a
distant, well-provisioned service would look: what remains is the client's own cost.

    python benchmarks/_serve.py [--latency 0.03] [--limits] [--uvloop] [--settle 0]
        [--canned]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import re
import sys
from collections.abc import Awaitable, Callable

from _common import LOGIN, PASSWORD

from aiosmsc.testing import SMSCEmulator, serve
from aiosmsc.testing.asgi import Receive, Scope, Send, read_body, run_lifespan
from aiosmsc.testing.faults import ChaosPlan

_ID = re.compile(rb"(?:^|&)id=([^&]*)")


def canned(latency: float) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """The stand-in service of ``--canned`` (send.php and balance.php, fmt=3)."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await run_lifespan(receive, send)
            return
        body = await read_body(receive) or b""
        if latency > 0:
            await asyncio.sleep(latency)
        if scope["path"].endswith("/send.php"):
            found = _ID.search(body)
            ident = found.group(1).decode() if found else "1"
            count = body.count(b"%0A") + 1 if b"list=" in body else body.count(b"%2C") + 1
            reply = {"id": ident, "cnt": count, "cost": f"{1.5 * count:.2f}"}
        else:
            reply = {"balance": "1000000.00"}
        content = json.dumps(reply).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(content)),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.0, help="seconds held per request")
    parser.add_argument("--limits", action="store_true", help="answer error 9 as the service")
    parser.add_argument("--uvloop", action="store_true")
    parser.add_argument(
        "--settle", type=float, default=None, help="seconds until a message is final"
    )
    parser.add_argument("--balance", default="1000000000")
    parser.add_argument("--canned", action="store_true", help="a stand-in, not the emulator")
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
        server = await serve(canned(args.latency) if args.canned else emulator)
        print(f"listening on {server.url}", flush=True)
        await asyncio.Event().wait()

    try:
        uvloop = importlib.import_module("uvloop") if args.uvloop else None
    except ImportError:  # the "bench" extra is not installed: the default loop
        uvloop = None
    if uvloop is not None:
        uvloop.run(run())
    else:
        asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
