"""``aiosmsc.decode``: decode a reply body without a client (logs, callbacks, tests)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import ConfigurationError
from .operations import OPERATIONS
from .session import check_fmt

__all__ = ["decode"]


def decode(
    operation: str, body: bytes | str, *, fmt: int, params: Mapping[str, Any] | None = None
) -> Any:
    """Decode ``body``, the reply to ``operation``, exactly as the facade method does.

    ``operation`` is the facade method's name (``"send"``, ``"cost"``, ``"status"``,
    ``"balance"``, ``"delete"``); ``params`` are the request parameters that shape the
    reply (``cost``, ``all``, ``cur``, ``op``, ``err``, the ``id``/``phone`` lists of a
    multi-message status request). Returns what the facade method returns, or raises the
    same :class:`~aiosmsc.errors.APIError` or :class:`~aiosmsc.errors.DecodeError`.

    >>> decode("balance", b'{"balance": "1871.62"}', fmt=3).balance
    Decimal('1871.62')
    """
    try:
        cls = OPERATIONS[operation]
    except KeyError:
        known = ", ".join(sorted(OPERATIONS))
        raise ConfigurationError(f"unknown operation {operation!r}; known: {known}") from None
    return cls.reply_for(params or {}).decode(body, check_fmt(fmt))
