"""An offline, stateful SMSC emulator for tests, demos and benchmarks.

``SMSCEmulator`` is an ASGI app speaking send.php, status.php and balance.php in every
``fmt``; run it in-process through ``httpx.ASGITransport`` or on a loopback port with
``serve()``/``serving()``. Drive message statuses with a ``ManualClock``; post them to
your app with ``deliver_callbacks()``. It depends on the standard library only (httpx
for posting callbacks) and shares no code with the client it tests. The pytest plugin
(fixtures ``smsc_emulator``, ``smsc``, ``smsc_kit``, ...) is :mod:`aiosmsc.testing.plugin`.
"""

from __future__ import annotations

from .callbacks import PostedCallback
from .clock import Clock, ManualClock, SystemClock
from .emulator import Response, SMSCEmulator
from .faults import EmulatedDisconnect, Fault
from .ledger import STATUS_NAMES, EmulatedMessage
from .render import StatusRow
from .server import EmulatorServer, serve, serving

__all__ = [
    "STATUS_NAMES",
    "Clock",
    "EmulatedDisconnect",
    "EmulatedMessage",
    "EmulatorServer",
    "Fault",
    "ManualClock",
    "PostedCallback",
    "Response",
    "SMSCEmulator",
    "StatusRow",
    "SystemClock",
    "serve",
    "serving",
]
