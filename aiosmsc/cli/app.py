"""The ``aiosmsc`` click group with every command registered, and :func:`main`.

Registering them all is cheap: a command's module imports click and little else, and the
command imports the library (the client, the journal, the emulator) when it runs. So
``--help``, ``--version``, usage errors and shell completion start in a fraction of the
time a command that talks to the service takes."""

from __future__ import annotations

from collections.abc import Sequence

import click

from .._version import __version__
from .bulk import bulk
from .commands import balance, cost, demo, history, inbox, send, senders, status
from .common import EXIT_OK
from .emulator import emulator

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aiosmsc")
def cli() -> None:
    """Send and track SMS through SMSC (smsc.ru, smscentre.com) from the shell."""


for _command in (send, cost, status, balance, senders, history, inbox, demo, bulk, emulator):
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (for ``python -m aiosmsc``)."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="aiosmsc")
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return EXIT_OK
