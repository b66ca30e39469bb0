"""``status.php``: single and multi-id status, and deletion with ``del=1`` (§5).

``phone`` may be a number, an e-mail address (mail) or a Telegram nickname/``#ID``;
``bot=1`` (status of a Telegram chat-bot message) is accepted; the emulator does not tell
chat-bot messages apart, so it answers as for any message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .ledger import missing_row
from .render import render_delete, render_status, render_status_many
from .rules import APIFailure, normalize_phone

if TYPE_CHECKING:
    from .handlers import EmulatorState

__all__ = ["handle_status"]

_TOO_MANY = "too many requests, wait a minute"


def _split(raw: str) -> list[str]:
    items = [item.strip() for item in raw.split(",")]
    while items and not items[-1]:
        items.pop()
    if not items or not all(items):
        raise APIFailure(1, "parameters error")
    return items


def _recipient(raw: str) -> str:
    """The ledger key of a recipient: a phone's digits, else the lower-cased text."""
    return normalize_phone(raw) or raw.strip().lower()


def _all_level(params: Mapping[str, str]) -> int:
    raw = params.get("all", "").strip()
    if raw == "":
        return 0
    if raw not in ("0", "1", "2"):
        raise APIFailure(1, "parameters error")
    return int(raw)


def _delete(emu: EmulatorState, pairs: list[tuple[str, str]], fmt: int) -> str:
    found = [emu.ledger.find(phone, id) for phone, id in pairs]
    if any(message is None for message in found):
        raise APIFailure(5, "delete error")
    for message in found:
        if message is not None:
            message.deleted = True
    return render_delete(fmt=fmt)


def handle_status(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised status.php request; raises ``APIFailure`` for error replies."""
    now = emu.clock.now()
    phone_raw, id_raw = params.get("phone", ""), params.get("id", "")
    if not phone_raw.strip() or not id_raw.strip():
        raise APIFailure(1, "parameters error")
    multi = "," in phone_raw or "," in id_raw
    phones, ids = _split(phone_raw), _split(id_raw)
    if len(phones) != len(ids):
        raise APIFailure(1, "parameters error")
    all_level = _all_level(params)
    pairs = [(_recipient(phone), id) for phone, id in zip(phones, ids, strict=True)]
    if params.get("del", "0").strip() not in ("", "0"):
        return _delete(emu, pairs, fmt)

    if emu.enforce_limits:
        allowed = (
            emu.status_queries.hit("multi", now, 1)
            if multi
            else emu.status_queries.hit(pairs[0], now, 5)
        )
        if not allowed:
            raise APIFailure(9, _TOO_MANY)
    rows = []
    for phone, id in pairs:
        message = emu.ledger.find(phone, id)
        rows.append(missing_row(phone, id, now) if message is None else message.row(now))
    if multi:
        return render_status_many(rows, fmt=fmt, all=all_level)
    return render_status(rows[0], fmt=fmt, all=all_level)
