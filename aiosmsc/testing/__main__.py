"""``python -m aiosmsc.testing``: serve the emulator on a loopback port until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
    return parser


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
    )
    server = await serve(emulator, host=args.host, port=args.port)
    print(f"SMSC emulator listening on {server.url} (Ctrl-C to stop)", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.close()


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments and serve until interrupted."""
    args = _parser().parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(args))


if __name__ == "__main__":
    main()
