"""``balance.php``: the account balance, with currency and credit for ``cur=1`` (§6)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .render import render_balance
from .rules import APIFailure

if TYPE_CHECKING:
    from .handlers import EmulatorState

__all__ = ["handle_balance"]


def handle_balance(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised balance.php request; more than ten a minute is error 9."""
    now = emu.clock.now()
    if emu.enforce_limits and not emu.balance_queries.hit("balance", now, 10):
        raise APIFailure(9, "too many requests, wait a minute")
    if params.get("cur", "0").strip() in ("", "0"):
        return render_balance(balance=emu.balance, fmt=fmt)
    return render_balance(balance=emu.balance, fmt=fmt, currency=emu.currency, credit=emu.credit)
