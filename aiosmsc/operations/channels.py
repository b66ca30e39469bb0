"""``send.php`` on its other channels: HLR lookups, ping-SMS, MMS, e-mail, calls, the
voice-code call, Viber and Telegram (see aiosmsc/api/channels.py for the facade).

Each is a :class:`~aiosmsc.operations.send.Send` bound to one channel, named after its
facade method so ``aiosmsc.decode("hlr", ...)`` works; :class:`VoiceCode` has a result of
its own, which always carries the generated code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..decoder.converter import structure
from ..decoder.document import Document
from ..models.send import VoiceCodeResult
from .base import Operation, Reply
from .params import flag, new_client_id, phone_list, validate_id
from .reconcile import fingerprint
from .send import CostMode, Message, Send, send_params
from .send_options import CallParams, Channel, Voice
from .send_replies import send_layouts, send_record

__all__ = [
    "OPERATIONS",
    "Call",
    "Hlr",
    "Ping",
    "SendMail",
    "SendMms",
    "SendTelegram",
    "SendViber",
    "VoiceCode",
]


@attrs.frozen(slots=True)
class Hlr(Send):
    """An HLR lookup (``hlr=1``): results come through ``status`` with the HLR fields."""

    name = "hlr"
    for_channel = Channel.HLR


@attrs.frozen(slots=True)
class Ping(Send):
    """A ping-SMS (``ping=1``): an invisible message that shows whether a phone is on."""

    name = "ping"
    for_channel = Channel.PING


@attrs.frozen(slots=True)
class SendMms(Send):
    """An MMS (``mms=1``) with its attachments."""

    name = "send_mms"
    for_channel = Channel.MMS


@attrs.frozen(slots=True)
class SendMail(Send):
    """An e-mail (``mail=1``) to addresses, with its attachments."""

    name = "send_mail"
    for_channel = Channel.MAIL


@attrs.frozen(slots=True)
class Call(Send):
    """A voice message (``call=1``): the text read out, or audio files played."""

    name = "call"
    for_channel = Channel.CALL


@attrs.frozen(slots=True)
class SendViber(Send):
    """A Viber message (``viber=1``)."""

    name = "send_viber"
    for_channel = Channel.VIBER


@attrs.frozen(slots=True)
class SendTelegram(Send):
    """A Telegram message (``tg=1``; ``bot=1`` for the chat-bot)."""

    name = "send_telegram"
    for_channel = Channel.TELEGRAM


@attrs.frozen(slots=True)
class VoiceCode(Operation[VoiceCodeResult]):
    """A call that reads a code the service generates (``call=1``, ``mes=code``)."""

    name = "voice_code"
    script = "send"
    idempotent = False

    message: Message
    id: str
    cost: CostMode = CostMode.NONE
    id_generated: bool = attrs.field(default=False, kw_only=True)

    @classmethod
    def build(
        cls,
        phone: str,
        *,
        id: str | int | None,
        voice: Voice | str | None = None,
        param: CallParams | tuple[int, int, int] | None = None,
        sender: str | None = None,
        cost: CostMode | int = CostMode.NONE,
    ) -> VoiceCode:
        """One phone (the code is per call); the usual call options."""
        (single,) = phone_list([phone], name="phone")
        message = Message.build(
            single, "code", channel=Channel.CALL, voice=voice, param=param, sender=sender
        )
        mode = CostMode(int(flag(cost, name="cost", allowed=(0, 2, 3))))
        if id is None:
            return cls(message, new_client_id(), mode, id_generated=True)
        return cls(message, validate_id(id), mode)

    def params(self) -> dict[str, str]:
        return send_params(self.message, self.id, self.cost)

    def fingerprint(self) -> bytes:
        return fingerprint(
            self.params(), ignore=frozenset({"id"}) if self.id_generated else frozenset()
        )

    # No reconciliation: if the reply is lost, so is the code; the transport error is
    # raised as it is (``possibly_delivered`` says whether the call may have been made).

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[VoiceCodeResult]:
        request = {**params, "call": "1", "mes": "code"}
        layouts = send_layouts(request)

        def build(document: Document) -> VoiceCodeResult:
            record = send_record(document, request, layouts)
            if not record.get("code"):
                raise ValueError("the reply carries no code")
            return structure(record, VoiceCodeResult)

        return Reply(cls.name, cls.script, build)


#: Every operation class of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (
    Hlr,
    Ping,
    SendMms,
    SendMail,
    Call,
    VoiceCode,
    SendViber,
    SendTelegram,
)
