"""Emulated ``senders.php``: sender names, their moderation, their registration with the
operators (moving on the emulator clock), and the SMS code of digital senders (§9).

Written from the reference; where it is silent (reply shapes are [UNVERIFIED]) this
module chooses:

* list (``get=1``): fmt=3 a JSON array of objects; fmt=2 ``<result>`` holding one
  ``<sender>`` element per name with the fields as child elements; fmt=0 one line per
  name of ``key = value`` pairs joined by ``, ``; fmt=1 one line per name of the 16
  documented fields in the documented order, empty where a registration was not asked
  for. Keyed formats carry only the registrations asked for; flags without a documented
  status field (``sber_step``, ``winmob_step``, ``volnamob_step``, ``motiv``, ``by_reg``)
  get a ``<flag>_status`` field there. With ``operators=1`` (fmt 0, 2, 3) each common-name
  replacement asked for (``mega_int``, ``motiv_int``, ``mts_int``) adds
  ``<operator>_analog = <the emulator's default sender>``. An empty list is an empty body
  in fmt 0/1, ``<result></result>`` and ``[]``.
* add: fmt=0 ``OK - ID - <id>``, fmt=1 ``<id>``, fmt=2 ``<result><id>..</id></result>``,
  fmt=3 ``{"id": <id>}``. chg, del, send_code, check_code: fmt=0 ``OK``, fmt=1 ``1``,
  fmt=2 ``<result><result>OK</result></result>``, fmt=3 ``{"result": "OK"}``.
* errors, as the senders reply page gives them: an unknown name is 3; a code asked for a
  name that is not a phone number is 7; a code for a number the emulator would not
  deliver to (``outcome_for`` not "delivered") is 8; a second code within 8 hours is 10;
  a wrong code is 11; more than three identical list requests or five creations a minute
  are 9. Other refusals (a duplicate name, missing requisites) are error 1. Error 5
  (saving or deleting failed) never happens here.

Timeline: a name waits for moderation (status 0) for ``MODERATION_DELAY`` seconds, then
is allowed (1), or disabled (2) when it contains one of the emulator's banned words. A
digital name (a phone number) is allowed once its code is confirmed. Each registration
asked for is 0 (waiting) for ``SENT_AFTER`` seconds, 1 (sent) until ``DECIDED_AFTER``,
then 2 (allowed), 3 (rejected: banned word) or 5 (a paid name asked for while the balance
was not positive).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..handlers import Handler
from ..ledger import EmulatedMessage
from ..render import _json, _xml
from ..rules import APIFailure, normalize_phone
from .limits import count_identical, count_request

if TYPE_CHECKING:
    from ..handlers import EmulatorState

__all__ = ["HANDLERS", "EmulatedSenderName", "SendersState"]

#: The documented per-operator status fields, in the documented order, by flag.
DOCUMENTED_FIELDS: dict[str, str] = {
    "mega": "mega_status",
    "mts": "mts_status",
    "mega_step": "mega_step_status",
    "mega_int": "mega_int_status",
    "bee_step": "bee_step_status",
    "motiv_step": "motiv_step_status",
    "motiv_int": "motiv_int_status",
    "mts_step": "mts_step_status",
    "mts_int": "mts_int_status",
    "tele2_step": "tele2_step_status",
    "tele2": "tele2_status",
    "ua_reg": "ua_reg_status",
    "ua_int": "ua_int_status",
}
_OTHER_FLAGS = ("sber_step", "winmob_step", "volnamob_step", "motiv", "by_reg")
FLAGS: tuple[str, ...] = (*DOCUMENTED_FIELDS, *_OTHER_FLAGS)
_COMMON_NAME = {"mega_int": "mega", "motiv_int": "motiv", "mts_int": "mts"}
_UKRAINE = ("fio", "site", "email", "address", "desc", "subj")
_BELARUS = ("by_fio", "by_inn", "by_address", "by_ocup")
_OK = ("OK", "1", "<result><result>OK</result></result>", '{"result": "OK"}')
_DIGITAL = re.compile(r"\+?[0-9]{10,15}")
#: A second code to the same number is error 10 for this long (the docs: 8 hours).
CODE_RESEND_AFTER = 8 * 3600.0


@dataclass(eq=False)
class EmulatedSenderName:
    """One sender name of the emulated account."""

    id: int
    sender: str
    created_at: float
    cmt: str = ""
    mail: bool = False
    owner: str = ""
    banned: bool = False
    confirmed: bool = False
    #: flag -> (asked at, final status)
    registrations: dict[str, tuple[float, int]] = field(default_factory=dict)
    requisites: dict[str, str] = field(default_factory=dict)
    doc_info: list[str] = field(default_factory=list)

    @property
    def digital(self) -> bool:
        return bool(_DIGITAL.fullmatch(self.sender)) and not self.mail

    def status_at(self, now: float, state: SendersState) -> int:
        """Moderation status: 0 waiting, 1 allowed, 2 disabled."""
        if self.banned and now >= self.created_at + state.MODERATION_DELAY:
            return 2
        if self.digital:
            return 1 if self.confirmed else 0
        return 1 if now >= self.created_at + state.MODERATION_DELAY else 0

    def registration_at(self, flag: str, now: float, state: SendersState) -> int:
        asked_at, final = self.registrations[flag]
        if now < asked_at + state.SENT_AFTER:
            return 0
        if now < asked_at + state.DECIDED_AFTER:
            return 1
        return final


class SendersState:
    """The sender names of one emulator (``emulator.state(SendersState)``)."""

    MODERATION_DELAY = 600.0
    SENT_AFTER = 300.0
    DECIDED_AFTER = 1800.0

    def __init__(self) -> None:
        self.names: dict[int, EmulatedSenderName] = {}
        self.codes: dict[str, str] = {}
        self.code_sent_at: dict[str, float] = {}
        self.last_id = 0
        self.random = random.Random(9)

    def find(self, params: Mapping[str, str]) -> EmulatedSenderName:
        """The name a request points at by ``id`` or ``sender``; error 3 when unknown."""
        raw_id, sender = params.get("id", "").strip(), params.get("sender", "").strip()
        phone = normalize_phone(sender)
        for name in self.names.values():
            if raw_id:
                if str(name.id) == raw_id:
                    return name
            elif sender == name.sender or (phone and phone == normalize_phone(name.sender)):
                return name
        raise APIFailure(3, "sender name not found")


def _on(params: Mapping[str, str], name: str) -> bool:
    return params.get(name, "0").strip() not in ("", "0")


def _register(
    emu: EmulatorState, name: EmulatedSenderName, params: Mapping[str, str], now: float
) -> None:
    for flag in FLAGS:
        if not _on(params, flag):
            continue
        if flag in ("ua_reg", "ua_int") and any(
            not (params.get(k) or name.requisites.get(k, "")).strip() for k in _UKRAINE
        ):
            raise APIFailure(1, "parameters error")
        if flag == "by_reg" and any(
            not (params.get(k) or name.requisites.get(k, "")).strip() for k in _BELARUS
        ):
            raise APIFailure(1, "parameters error")
    for key in (*_UKRAINE, "inn", *_BELARUS):
        if params.get(key, "").strip():
            name.requisites[key] = params[key]
    for flag in FLAGS:
        if _on(params, flag):
            final = 2
            if name.banned:
                final = 3
            elif flag.endswith("_step") and emu.balance <= Decimal(0):
                final = 5
            name.registrations[flag] = (now, final)
    if "cmt" in params:
        name.cmt = params["cmt"]
    if params.get("doc_info", "").strip():
        name.doc_info.append(params["doc_info"])


def _banned(emu: EmulatorState, sender: str) -> bool:
    lowered = sender.lower()
    return any(word.lower() in lowered for word in emu.banned_words)


def _add(emu: EmulatorState, state: SendersState, params: Mapping[str, str], fmt: int) -> str:
    sender = params.get("sender", "").strip()
    mail = _on(params, "mail")
    if not sender or (mail and "@" not in sender):
        raise APIFailure(1, "parameters error")
    if any(name.sender.lower() == sender.lower() for name in state.names.values()):
        raise APIFailure(1, "sender already exists")
    now = emu.clock.now()
    state.last_id += 1
    name = EmulatedSenderName(
        id=state.last_id,
        sender=sender,
        created_at=now,
        mail=mail,
        owner=params.get("name", ""),
        banned=_banned(emu, sender),
    )
    _register(emu, name, params, now)
    state.names[name.id] = name
    new_id = str(name.id)
    return (
        f"OK - ID - {new_id}",
        new_id,
        _xml("result", [("id", new_id)]),
        _json({"id": name.id}),
    )[fmt]


def _row(
    emu: EmulatorState,
    state: SendersState,
    name: EmulatedSenderName,
    now: float,
    fmt: int,
    operators: bool,
) -> list[tuple[str, str | int]]:
    fields: list[tuple[str, str | int]] = [("sender", name.sender)]
    for flag, wire in DOCUMENTED_FIELDS.items():
        if flag in name.registrations:
            fields.append((wire, name.registration_at(flag, now, state)))
        elif fmt == 1:
            fields.append((wire, ""))
    if fmt != 1:
        for flag in _OTHER_FLAGS:
            if flag in name.registrations:
                fields.append((f"{flag}_status", name.registration_at(flag, now, state)))
    fields += [("status", name.status_at(now, state)), ("id", name.id)]
    if operators and fmt != 1:
        for flag, operator in _COMMON_NAME.items():
            if flag in name.registrations:
                fields.append((f"{operator}_analog", emu.default_sender))
    return fields


def _list(emu: EmulatorState, state: SendersState, params: Mapping[str, str], fmt: int) -> str:
    now = emu.clock.now()
    every = _on(params, "all")
    rows = [
        _row(emu, state, name, now, fmt, _on(params, "operators"))
        for name in state.names.values()
        if every or name.status_at(now, state) == 1
    ]
    if fmt == 0:
        return "\n".join(", ".join(f"{key} = {value}" for key, value in row) for row in rows)
    if fmt == 1:
        return "\n".join(",".join(str(value) for _, value in row) for row in rows)
    if fmt == 2:
        return "<result>" + "".join(_xml("sender", row) for row in rows) + "</result>"
    return _json([dict(row) for row in rows])


def _send_code(emu: EmulatorState, state: SendersState, params: Mapping[str, str]) -> None:
    name = state.find(params)
    phone = normalize_phone(name.sender)
    if not name.digital or phone is None:
        raise APIFailure(7, "invalid number")
    now = emu.clock.now()
    if now - state.code_sent_at.get(phone, -CODE_RESEND_AFTER) < CODE_RESEND_AFTER:
        raise APIFailure(10, "code already sent, retry after 8 hours")
    if emu.outcome_for(phone)[0] != 1:
        raise APIFailure(8, "the code cannot be delivered to this number")
    code = f"{state.random.randrange(10_000):04d}"
    state.codes[name.sender] = code
    state.code_sent_at[phone] = now
    emu.ledger.add(
        EmulatedMessage(
            id=emu.next_message_id(),
            phone=phone,
            text=f"Code: {code}",
            parts=1,
            cost=Decimal(0),
            sender=emu.default_sender,
            sent_at=now,
            clock=emu.clock,
            queue_delay=emu.queue_delay,
            delivery_delay=emu.delivery_delay,
        )
    )


def _check_code(state: SendersState, params: Mapping[str, str]) -> None:
    name = state.find(params)
    expected = state.codes.get(name.sender)
    if expected is None or params.get("code", "").strip() != expected:
        raise APIFailure(11, "invalid code")
    del state.codes[name.sender]
    name.confirmed = True


def handle_senders(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised senders.php request."""
    state = emu.state(SendersState)
    if _on(params, "get"):
        count_identical(emu, "senders", params, 3)
        return _list(emu, state, params, fmt)
    if _on(params, "add"):
        count_request(emu, ("senders", "add"), 5)
        return _add(emu, state, params, fmt)
    if _on(params, "chg"):
        name = state.find(params)
        _register(emu, name, params, emu.clock.now())
    elif _on(params, "del"):
        del state.names[state.find(params).id]
    elif _on(params, "send_code"):
        _send_code(emu, state, params)
    elif _on(params, "check_code"):
        _check_code(state, params)
    else:
        raise APIFailure(1, "parameters error")
    return _OK[fmt]


#: Script name (without ``.php``) -> handler.
HANDLERS: dict[str, Handler] = {"senders": handle_senders}
