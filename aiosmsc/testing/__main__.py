"""``python -m aiosmsc.testing``: serve the emulator on a loopback port until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import sys
from collections.abc import Sequence
from decimal import Decimal

from .emulator import SMSCEmulator
from .server import serve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m aiosmsc.testing", description="Offline SMSC emulator (HTTP/1.1)."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--login", default="demo")
    parser.add_argument("--password", default="demo-password")
    parser.add_argument("--apikey", default="demo-apikey")
    parser.add_argument("--balance", type=Decimal, default=Decimal("100.00"))
    parser.add_argument("--credit", type=Decimal, default=Decimal("0"))
    parser.add_argument("--currency", default="RUR")
    parser.add_argument("--price", type=Decimal, default=Decimal("1.50"), help="per SMS part")
    parser.add_argument("--queue-delay", type=float, default=1.0)
    parser.add_argument("--delivery-delay", type=float, default=5.0)
    parser.add_argument(
        "--no-limits", action="store_true", help="switch off the per-minute error-9 limits"
    )
    parser.add_argument(
        "--max-concurrent",
        type=int,
        default=15,
        metavar="N",
        help="requests served at once before error 9 (default 15; 0 = unlimited)",
    )
    parser.add_argument(
        "--no-duplicates-check",
        action="store_true",
        help="accept identical sends within a minute (no error 9 for duplicates)",
    )
    parser.add_argument(
        "--no-request-log",
        action="store_true",
        help="do not keep a log of requests in memory (long benchmarks)",
    )
    parser.add_argument(
        "--uvloop", action="store_true", help="run on uvloop's event loop when installed"
    )
    return parser


def _use_uvloop() -> bool:
    """Install uvloop's event loop policy; False when uvloop is not installed."""
    try:
        uvloop = importlib.import_module("uvloop")  # optional: the "bench" extra
    except ImportError:
        return False
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    return True


async def _run(args: argparse.Namespace) -> None:
    emulator = SMSCEmulator(
        login=args.login,
        password=args.password,
        apikey=args.apikey,
        balance=args.balance,
        credit=args.credit,
        currency=args.currency,
        price_per_part=args.price,
        queue_delay=args.queue_delay,
        delivery_delay=args.delivery_delay,
        enforce_limits=not args.no_limits,
        reject_duplicates=not args.no_duplicates_check,
        keep_requests=not args.no_request_log,
        max_concurrent_requests=args.max_concurrent if args.max_concurrent > 0 else None,
    )
    server = await serve(emulator, host=args.host, port=args.port)
    print(f"SMSC emulator listening on {server.url} (Ctrl-C to stop)", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.close()


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments and serve until interrupted."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.max_concurrent < 0:
        parser.error("--max-concurrent must be 0 (unlimited) or more")
    if args.uvloop and not _use_uvloop():
        print("uvloop is not installed; using the default event loop", file=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(args))


if __name__ == "__main__":
    main()
