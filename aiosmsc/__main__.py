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
    _without_httpx_command_line()
    try:
        from .cli import main as cli_main
    except ImportError as exc:
        if exc.name is None or exc.name.partition(".")[0] != "click":
            raise  # a broken installation, not a missing extra: show it
        # click is not installed: only the demo is available
        return _without_cli(list(sys.argv[1:] if argv is None else argv), exc)
    return cli_main(argv)


def _without_httpx_command_line() -> None:
    """Keep httpx's own command line out of this process: ``import httpx`` imports it
    (``httpx._main``), which loads rich and pygments when they are installed, about a
    seventh of a command's start-up, and this process never runs it. Blocked, it is what
    httpx does without its ``cli`` extra: ``httpx.main`` says what to install. Only when
    httpx is not imported yet (``main`` called from a program that uses httpx changes
    nothing)."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


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
