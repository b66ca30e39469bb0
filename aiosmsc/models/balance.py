"""Result of ``balance.php``."""

from __future__ import annotations

from decimal import Decimal

import attrs

from .base import Model

__all__ = ["Balance"]


@attrs.frozen(slots=True)
class Balance(Model):
    """The account balance; ``currency`` and ``credit`` come with ``cur=True``."""

    balance: Decimal
    credit: Decimal | None = None
    currency: str | None = None
