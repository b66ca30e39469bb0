"""The shape of a script handler: ``(emulator, params, fmt) -> reply text``.

A handler runs for an authorised request and returns the reply text in ``fmt``; it
raises :class:`~aiosmsc.testing.rules.APIFailure` for an error reply. Per-area state
lives in a class of the handler's module, kept by ``emulator.state(ThatClass)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .emulator import SMSCEmulator

__all__ = ["Handler"]

Handler = Callable[["SMSCEmulator", Mapping[str, str], int], str]
