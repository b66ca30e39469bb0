"""``python -m aiosmsc``: command-line entry point (``demo`` for now)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command named in ``argv``; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m aiosmsc", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="send and track messages through the built-in emulator")
    args = parser.parse_args(argv)
    if args.command == "demo":
        from .demo import run_demo

        return 0 if asyncio.run(run_demo()).ok else 1
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
