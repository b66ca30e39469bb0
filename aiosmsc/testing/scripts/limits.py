"""The per-minute limits of phones.php, senders.php and info.php (REFERENCE §13.1):
over one, the emulated service answers error 9, as the real one does.

phones.php: three identical requests a minute; senders.php: three identical list
requests or five creations; info.php: three identical requests or a hundred in all.
"Identical" is the same script and parameters, credentials aside.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING

from ..limits import SlidingWindow
from ..rules import APIFailure

if TYPE_CHECKING:
    from ..handlers import EmulatorState

__all__ = ["ScriptLimits", "count_identical", "count_request"]

_CREDENTIALS = frozenset({"login", "psw", "apikey"})


class ScriptLimits:
    """The one-minute windows of these scripts' requests (one set per emulator)."""

    def __init__(self) -> None:
        self.window = SlidingWindow()


def count_request(emu: EmulatorState, key: Hashable, limit: int) -> None:
    """Count a request of kind ``key``; error 9 when ``limit`` of them were made within
    the last minute (with ``enforce_limits`` on)."""
    if emu.enforce_limits and not emu.state(ScriptLimits).window.hit(key, emu.clock.now(), limit):
        raise APIFailure(9, "duplicate request, wait a minute")


def count_identical(emu: EmulatorState, script: str, params: Mapping[str, str], limit: int) -> None:
    """Count a request by its script and parameters: error 9 past ``limit`` identical
    ones a minute."""
    key = (script, *sorted((k, v) for k, v in params.items() if k not in _CREDENTIALS))
    count_request(emu, key, limit)
