"""An offline, stateful SMSC emulator for tests, demos and benchmarks.

``SMSCEmulator`` is an ASGI app speaking send.php, status.php and balance.php in every
``fmt``; run it in-process through ``httpx.ASGITransport`` or on a loopback port with
``serve()``/``serving()``. Drive message statuses with a ``ManualClock``. It depends on
the standard library only and shares no code with the client it tests.
"""

from __future__ import annotations

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
    "Response",
    "SMSCEmulator",
    "StatusRow",
    "SystemClock",
    "serve",
    "serving",
]
