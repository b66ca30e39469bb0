"""An offline, stateful SMSC emulator for tests, demos and benchmarks.

``SMSCEmulator`` is an ASGI app speaking send.php, status.php and balance.php in every
``fmt``; run it in-process through ``httpx.ASGITransport`` or on a loopback port with
``serve()``/``serving()``. Drive message statuses with a ``ManualClock``; post them to
your app with ``deliver_callbacks()``. It depends on the standard library only (httpx
for posting callbacks) and shares no code with the client it tests. The pytest plugin
(fixtures ``smsc_emulator``, ``smsc``, ``smsc_kit``, ...) is :mod:`aiosmsc.testing.plugin`.
"""

# The names below are imported on first use (PEP 562): the pytest plugin lives in this
# package, and loading it (on every pytest run) must not load the emulator.
from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
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

#: Where each public name lives (the same pairs as the imports above).
_LAZY: dict[str, tuple[str, ...]] = {
    ".callbacks": ("PostedCallback",),
    ".clock": ("Clock", "ManualClock", "SystemClock"),
    ".emulator": ("Response", "SMSCEmulator"),
    ".faults": ("EmulatedDisconnect", "Fault"),
    ".ledger": ("STATUS_NAMES", "EmulatedMessage"),
    ".render": ("StatusRow",),
    ".server": ("EmulatorServer", "serve", "serving"),
}
if not TYPE_CHECKING:  # for type checkers an unknown name must stay an error
    __getattr__, __dir__ = lazy_names(__name__, __package__, _LAZY)
