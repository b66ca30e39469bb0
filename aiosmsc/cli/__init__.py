"""The ``aiosmsc`` command (``pip install 'aiosmsc[cli]'``), built on click.

Credentials come from ``SMSC_LOGIN``/``SMSC_PASSWORD`` or ``SMSC_APIKEY`` (or the
``--login``/``--password``/``--apikey`` flags, which win over the environment) and are
never printed. ``--format json`` prints machine-readable output. Exit codes:

====  ==========================================================================
0     success
1     the service refused (an API error), or some bulk recipients were not sent
2     bad input: arguments, options, CSV files, configuration; nothing was sent
3     transport: the service could not be reached, or its reply was unreadable
====  ==========================================================================

Modules: :mod:`~aiosmsc.cli.common` (settings, exit codes, running a client call),
:mod:`~aiosmsc.cli.output` (tables and JSON), :mod:`~aiosmsc.cli.commands` (send, status,
...), :mod:`~aiosmsc.cli.bulk`, :mod:`~aiosmsc.cli.emulator`, and
:mod:`~aiosmsc.cli.app` (the group that registers them all, and :func:`main`). Every
one imports on its own; none imports this package back.
"""

from __future__ import annotations

from .app import cli, main
from .common import EXIT_API, EXIT_OK, EXIT_TRANSPORT, EXIT_USAGE, Settings

__all__ = ["EXIT_API", "EXIT_OK", "EXIT_TRANSPORT", "EXIT_USAGE", "Settings", "cli", "main"]
