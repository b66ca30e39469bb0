"""``python -m aiosmsc`` and the ``aiosmsc`` script: the command line (``demo``, ``send``,
``bulk``, ...).

The full command line needs the ``cli`` extra (click). Without it, ``demo`` still runs,
so the README's first command works on a plain ``pip install aiosmsc``, and any other
command says which extra to install (exit code 2) instead of a traceback. The console
script points here, not at :mod:`aiosmsc.cli`, because that package needs click.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        from .cli import main as cli_main
    except ImportError as exc:
        if exc.name is None or exc.name.partition(".")[0] != "click":
            raise  # a broken installation, not a missing extra: show it
        # click is not installed: only the demo is available
        return _without_cli(list(sys.argv[1:] if argv is None else argv), exc)
    return cli_main(argv)


def _without_cli(args: list[str], missing: ImportError) -> int:
    if args == ["demo"]:
        import asyncio

        from .demo import run_demo

        return 0 if asyncio.run(run_demo()).ok else 1
    print(
        f"the aiosmsc command line needs the 'cli' extra ({missing.name or missing}):"
        " pip install 'aiosmsc[cli]'. Without it only the demo runs (aiosmsc demo).",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
