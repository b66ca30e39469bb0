"""``python -m aiosmsc``: the ``aiosmsc`` command (``demo``, ``send``, ``bulk``, ...).

The full command line needs the ``cli`` extra (click). Without it, ``demo`` still runs,
so the README's first command works on a plain ``pip install aiosmsc``.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        from .cli import main as cli_main
    except ImportError as exc:  # click is not installed: only the demo is available
        return _without_cli(list(sys.argv[1:] if argv is None else argv), exc)
    return cli_main(argv)


def _without_cli(args: list[str], missing: ImportError) -> int:
    if args == ["demo"]:
        from .demo import run_demo

        return 0 if asyncio.run(run_demo()).ok else 1
    print(
        f"the aiosmsc command line needs the 'cli' extra ({missing.name or missing}):"
        " pip install 'aiosmsc[cli]'. Without it only 'python -m aiosmsc demo' works.",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
