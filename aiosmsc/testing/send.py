"""``send.php``: validation, pricing, charging and recording of sent messages (§4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .ledger import MESSAGE_TYPES, EmulatedMessage
from .render import render_cost, render_send
from .rules import (
    MAX_TEXT,
    APIFailure,
    count_parts,
    parse_id,
    parse_phones,
    parse_send_time,
    split_comment,
    transliterate,
)

if TYPE_CHECKING:
    from .emulator import SMSCEmulator

__all__ = ["CREDENTIALS", "handle_send"]

CREDENTIALS = frozenset({"login", "psw", "apikey"})
"""Parameters that never appear in ``emulator.requests`` or duplicate detection."""

_CHANNELS_WITHOUT_TEXT = frozenset({MESSAGE_TYPES["hlr"], MESSAGE_TYPES["ping"]})


@dataclass(frozen=True, slots=True)
class _Entry:
    """One recipient-to-be: phones of a ``phones``/``list`` line and their text."""

    phones: str
    mes: str


@dataclass(frozen=True, slots=True)
class _Draft:
    phone: str
    text: str
    comment: str
    parts: int
    cost: Decimal


def _int_param(params: Mapping[str, str], name: str, allowed: range) -> int | None:
    raw = params.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise APIFailure(1, "parameters error") from None
    if value not in allowed:
        raise APIFailure(1, "parameters error")
    return value


def _message_type(params: Mapping[str, str]) -> int:
    for flag, code in MESSAGE_TYPES.items():
        if params.get(flag, "0") not in ("", "0"):
            return code
    return 0


def _entries(params: Mapping[str, str], kind: int) -> list[_Entry]:
    phones, mes, lines = params.get("phones"), params.get("mes"), params.get("list")
    if lines is not None and lines.strip():
        if phones is not None or mes is not None:
            raise APIFailure(1, "parameters error")
        entries = []
        for line in lines.splitlines():
            if not line.strip():
                continue
            numbers, sep, text = line.partition(":")
            if not sep:
                raise APIFailure(1, "parameters error")
            entries.append(_Entry(numbers, text))
        return entries
    if phones is None or not phones.strip():
        raise APIFailure(1, "parameters error")
    if kind in _CHANNELS_WITHOUT_TEXT:
        mes = mes or ""
    elif mes is None or not mes.strip():
        raise APIFailure(1, "parameters error")
    return [_Entry(phones, mes)]


def _request_key(params: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in params.items() if k not in CREDENTIALS))


def _drafts(emu: SMSCEmulator, params: Mapping[str, str], entries: list[_Entry]) -> list[_Draft]:
    translit = params.get("translit", "0") in ("1", "2")
    maxsms = _int_param(params, "maxsms", range(1, 1_000_000))
    drafts: list[_Draft] = []
    for entry in entries:
        if len(entry.mes) > MAX_TEXT:
            raise APIFailure(1, "parameters error")
        text, comment = split_comment(entry.mes)
        parts = count_parts(transliterate(text) if translit else text)
        if maxsms is not None and parts > maxsms:
            raise APIFailure(1, "parameters error")
        valid, _invalid = parse_phones(entry.phones)
        cost = emu.price_per_part * parts
        drafts.extend(_Draft(phone, text, comment, parts, cost) for phone in valid)
    return drafts


def _validate(
    emu: SMSCEmulator, params: Mapping[str, str], kind: int, drafts: list[_Draft], id: str | None
) -> str:
    """Errors 7 and 6 (carrying ``id``); returns the sender name to record."""
    if not drafts:
        raise APIFailure(7, "invalid number", id)
    requested = params.get("sender", "")
    explicit = requested not in ("", ".")
    if explicit and emu.senders is not None and requested not in emu.senders:
        raise APIFailure(6, "message is denied", id)
    for draft in drafts:
        lowered = draft.text.lower()
        if any(word.lower() in lowered for word in emu.banned_words):
            raise APIFailure(6, "message is denied", id)
    if kind == MESSAGE_TYPES["hlr"]:
        return "HLR"
    return requested if explicit else emu.default_sender


def handle_send(emu: SMSCEmulator, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised send.php request; raises ``APIFailure`` for error replies."""
    now = emu.clock.now()
    cost_mode = _int_param(params, "cost", range(4)) or 0
    client_id = parse_id(params.get("id"))
    kind = _message_type(params)
    entries = _entries(params, kind)
    start_at = parse_send_time(params.get("time"), now, params.get("tz"))
    drafts = _drafts(emu, params, entries)
    key = _request_key(params)
    if cost_mode != 1 and emu.reject_duplicates and not emu.duplicates.allows(key, now, 1):
        raise APIFailure(9, "duplicate request, wait a minute")

    total = sum((draft.cost for draft in drafts), Decimal(0))
    cnt = sum(draft.parts for draft in drafts)
    if cost_mode == 1:
        _validate(emu, params, kind, drafts, client_id)
        if emu.enforce_limits and not emu.cost_queries.hit(key, now, 5):
            raise APIFailure(9, "duplicate request, wait a minute")
        return render_cost(cost=total, cnt=cnt, fmt=fmt)

    message_id = client_id or emu.next_message_id()
    sender = _validate(emu, params, kind, drafts, message_id)
    if total > emu.balance + emu.credit:
        raise APIFailure(3, "no money", message_id)

    emu.balance -= total
    emu.note_message_id(message_id)
    for draft in drafts:
        final_status, final_err = emu.outcome_for(draft.phone)
        emu.ledger.add(
            EmulatedMessage(
                id=message_id,
                phone=draft.phone,
                text=draft.text,
                parts=draft.parts,
                cost=draft.cost,
                sender=sender,
                sent_at=now,
                clock=emu.clock,
                comment=draft.comment,
                type=kind,
                start_at=start_at,
                queue_delay=emu.queue_delay,
                delivery_delay=emu.delivery_delay,
                final_status=final_status,
                final_err=final_err,
            )
        )
    if emu.reject_duplicates:
        emu.duplicates.record(key, now)
    return render_send(
        id=message_id,
        cnt=cnt,
        fmt=fmt,
        cost=total if cost_mode >= 2 else None,
        balance=emu.balance if cost_mode == 3 else None,
    )
