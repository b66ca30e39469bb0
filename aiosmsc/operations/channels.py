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
from typing_extensions import Unpack

from ..decoder.converter import structure
from ..decoder.document import Document
from ..models.send import VoiceCodeResult
from .base import Operation, Reply
from .message_options import (
    HlrOptions,
    MailOptions,
    MmsOptions,
    PingOptions,
    TelegramOptions,
    ViberOptions,
    VoiceCallOptions,
    VoiceCodeOptions,
)
from .options import accept
from .params import phone_list
from .reconcile import fingerprint
from .send import Message, MessageShape, Send, client_id, cost_mode, send_params
from .send_options import Channel, CostMode
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
    family = HlrOptions


@attrs.frozen(slots=True)
class Ping(Send):
    """A ping-SMS (``ping=1``): an invisible message that shows whether a phone is on."""

    name = "ping"
    for_channel = Channel.PING
    family = PingOptions


@attrs.frozen(slots=True)
class SendMms(Send):
    """An MMS (``mms=1``) with its attachments."""

    name = "send_mms"
    for_channel = Channel.MMS
    family = MmsOptions


@attrs.frozen(slots=True)
class SendMail(Send):
    """An e-mail (``mail=1``) to addresses, with its attachments."""

    name = "send_mail"
    for_channel = Channel.MAIL
    family = MailOptions


@attrs.frozen(slots=True)
class Call(Send):
    """A voice message (``call=1``): the text read out, or audio files played."""

    name = "call"
    for_channel = Channel.CALL
    family = VoiceCallOptions


@attrs.frozen(slots=True)
class SendViber(Send):
    """A Viber message (``viber=1``)."""

    name = "send_viber"
    for_channel = Channel.VIBER
    family = ViberOptions


@attrs.frozen(slots=True)
class SendTelegram(Send):
    """A Telegram message (``tg=1``; ``bot=1`` for the chat-bot)."""

    name = "send_telegram"
    for_channel = Channel.TELEGRAM
    family = TelegramOptions


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
    def build(cls, phone: str, **options: Unpack[VoiceCodeOptions]) -> VoiceCode:
        """One phone (the code is per call); the usual call options."""
        accept(options, VoiceCodeOptions, where="voice_code()")
        (single,) = phone_list([phone], name="phone")
        message = MessageShape.build(options, channel=Channel.CALL).message(single, "code")
        mode = cost_mode(options.get("cost", CostMode.NONE))
        chosen, generated = client_id(options.get("id"))
        return cls(message, chosen, mode, id_generated=generated)

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
