"""What a script handler sees of the emulator, and the shape of a handler.

A handler, ``(emulator, params, fmt) -> reply text``, runs for an authorised request and
returns the reply text in ``fmt``; it raises :class:`~aiosmsc.testing.rules.APIFailure`
for an error reply. Per-area state lives in a class of the handler's module, kept by
``emulator.state(ThatClass)``.

Handlers are typed against :class:`EmulatorState`, not the emulator class: the emulator
registers the handlers and passes itself in, so it depends on them and never the other
way round (no import cycle, type-only imports included).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from .clock import Clock
    from .ledger import Ledger
    from .limits import SlidingWindow

__all__ = ["EmulatorState", "Handler"]

_State = TypeVar("_State")


class EmulatorState(Protocol):
    """The account settings, limits and state a handler reads and changes.

    :class:`~aiosmsc.testing.emulator.SMSCEmulator` is the one implementation.
    """

    balance: Decimal
    currency: str
    credit: Decimal
    price_per_part: Decimal
    clock: Clock
    queue_delay: float
    delivery_delay: float
    senders: frozenset[str] | None
    banned_words: tuple[str, ...]
    enforce_limits: bool
    reject_duplicates: bool
    default_sender: str
    ledger: Ledger
    duplicates: SlidingWindow
    cost_queries: SlidingWindow
    status_queries: SlidingWindow
    balance_queries: SlidingWindow
    callback_url: str | None
    callback_secret: str | None
    callback_method: str

    def state(self, cls: type[_State]) -> _State:
        """This emulator's instance of an area's state class, created on first use."""
        ...

    def next_message_id(self) -> str:
        """A new server-assigned numeric message id."""
        ...

    def note_message_id(self, id: str) -> None:
        """Keep later server ids above a numeric client id, so the two never clash."""
        ...

    def outcome_for(self, phone: str) -> tuple[int, int]:
        """Final (status, err) for a phone."""
        ...


Handler = Callable[[EmulatorState, Mapping[str, str], int], str]
