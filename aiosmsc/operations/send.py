"""``send.php``: sending a message (:class:`Send`) and pricing one (:class:`Cost`).

:class:`Message` validates everything a request carries, on every channel: recipients,
text, schedule, and the channel options of :mod:`.send_options` (attachments, subject,
voice, call parameters, prefixes). Invalid combinations fail before anything is sent.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ..decoder.converter import structure
from ..decoder.document import Document
from ..errors import ValidationError
from ..models.send import CostResult, SendResult
from .base import Operation, Reconciliation, Reply
from .params import (
    RESERVED_PARAMS,
    flag,
    is_plain_phone,
    new_client_id,
    phone_list,
    time_param,
    two_items,
    valid_param,
    validate_id,
)
from .reconcile import fingerprint, send_reconciliation
from .send_options import (
    CHANNEL_PARAMS,
    PREFIX_MARK,
    Attachment,
    CallParams,
    Channel,
    FileSpec,
    Voice,
    attachments,
    check_options,
    check_recipients,
    freq_param,
    option_params,
    period_param,
    prefixed_channel,
)
from .send_replies import COST_LAYOUTS, send_layouts, send_record

__all__ = [
    "Attachment",
    "CallParams",
    "Channel",
    "Cost",
    "CostMode",
    "Message",
    "Send",
    "Translit",
    "Voice",
]

MAX_TEXT_LENGTH = 1000
#: send.php parameters with a typed argument (or set by the operation): never via params=.
_TYPED_PARAMS = (
    frozenset({"phones", "mes", "list", "id", "cost", "sender", "translit", "time", "tz"})
    | {"valid", "maxsms", "tinyurl", "op", "err", "fileurl", "subj", "voice", "param"}
    | {"period", "freq", "bot"}
    | CHANNEL_PARAMS
)
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})+")
COMMENT_SEPARATOR = "\n~~~\n"


class Translit(enum.IntEnum):
    """``translit``: how Cyrillic text is rewritten before sending."""

    NONE = 0
    LATIN = 1
    LOOKALIKE = 2  # "mpaHc"-style Latin look-alike letters


class CostMode(enum.IntEnum):
    """``cost``: whether to send, and what price information the reply carries."""

    NONE = 0  # send; the reply has id and parts
    PRICE_ONLY = 1  # do not send; the reply has the price (see ``AsyncSMSC.cost``)
    WITH_COST = 2  # send; the reply adds the cost
    WITH_BALANCE = 3  # send; the reply adds the cost and the new balance


@attrs.frozen(slots=True)
class Message:
    """Recipients, text and options of a message, validated, in wire form, with the
    channel it goes by and the files uploaded with it."""

    wire: Mapping[str, str]
    channel: Channel = Channel.SMS
    files: tuple[Attachment, ...] = ()

    @classmethod
    def build(
        cls,
        phones: str | Iterable[str] | None,
        mes: str | None,
        *,
        list: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        sender: str | None = None,
        translit: Translit | bool | int | None = None,
        time: dt.datetime | dt.timedelta | str | None = None,
        tz: int | None = None,
        flash: bool = False,
        valid: dt.timedelta | int | None = None,
        maxsms: int | None = None,
        tinyurl: bool = False,
        op: bool = False,
        err: bool = False,
        comment: str | None = None,
        channel: Channel | str = Channel.SMS,
        files: Mapping[str, FileSpec] | None = None,
        fileurl: str | None = None,
        subj: str | None = None,
        voice: Voice | str | None = None,
        param: CallParams | tuple[int, int, int] | None = None,
        period: dt.timedelta | int | float | Decimal | None = None,
        freq: dt.timedelta | int | None = None,
        bot: bool = False,
        prefix: bool = False,
        params: Mapping[str, str | int] | None = None,
    ) -> Message:
        """Validate everything a send or a price request carries; raise before sending.

        ``channel`` picks the channel flag (``flash=True`` is ``Channel.FLASH``); with
        ``prefix=True`` the channel's text prefix (``__VIBER__``) is written at the start
        of each text instead. ``files``/``fileurl`` attach files (MMS, e-mail, call),
        ``subj`` is an MMS/e-mail subject, ``voice``/``param`` shape a call, ``bot``
        sends to the Telegram chat-bot, ``period``/``freq`` spread a mass send.
        """
        kind = _channel(channel, flash)
        check_options(
            kind,
            files=files is not None or fileurl is not None,
            subj=subj is not None,
            voice=voice is not None,
            param=param is not None,
            bot=bot,
            prefix=prefix,
            translit=translit,
            comment=comment,
        )
        uploads = attachments(files) if files is not None else ()
        wire: dict[str, str] = {}
        if list is not None:
            if phones is not None or mes is not None:
                raise ValidationError("give either list= or phones and mes, not both")
            if comment is not None:
                raise ValidationError("comment= cannot be combined with list=")
            wire["list"] = _list_param(list, kind, prefix)
        else:
            media = bool(uploads) or fileurl is not None
            if phones is None or (mes is None and kind.has_text and not media):
                raise ValidationError("phones and mes are required (or list=)")
            recipients = phone_list(phones)
            check_recipients(recipients, kind, name="phones")
            wire["phones"] = ",".join(recipients)
            wire["mes"] = _text(mes if mes is not None else "", comment, kind, prefix, name="mes")
        if not prefix:
            wire.update(kind.flags)
        if sender is not None:
            if not isinstance(sender, str) or "\n" in sender:
                raise ValidationError(f"sender must be a one-line string, got {sender!r}")
            wire["sender"] = sender
        if translit is not None:
            wire["translit"] = flag(translit, name="translit", allowed=range(3))
        if time is not None:
            wire.update(time_param(time))
        if tz is not None:
            if "tz" in wire:
                raise ValidationError("tz cannot be combined with an aware datetime time")
            if isinstance(tz, bool) or not isinstance(tz, int) or not -12 <= tz <= 12:
                raise ValidationError(f"tz must be whole hours relative to Moscow, got {tz!r}")
            wire["tz"] = str(tz)
        if valid is not None:
            wire["valid"] = valid_param(valid)
        if maxsms is not None:
            if isinstance(maxsms, bool) or not isinstance(maxsms, int) or maxsms < 1:
                raise ValidationError(f"maxsms must be a positive integer, got {maxsms!r}")
            wire["maxsms"] = str(maxsms)
        wire.update(option_params(fileurl, subj, voice, param))
        if freq is not None and period is None:
            raise ValidationError("freq needs period: it is the interval between portions")
        if period is not None:
            wire["period"] = period_param(period)
        if freq is not None:
            wire["freq"] = freq_param(freq)
        for name, on in (("tinyurl", tinyurl), ("op", op), ("err", err), ("bot", bot)):
            if on:
                wire[name] = "1"
        for name, value in (params or {}).items():
            if name in RESERVED_PARAMS or name in _TYPED_PARAMS:
                raise ValidationError(
                    f"params may not set {name!r}: it has its own argument or is set by the client"
                )
            wire[name] = str(value)
        return cls(wire, kind, uploads)

    @classmethod
    def validate_options(cls, **options: Any) -> Message:
        """Check send options on their own, before the recipients and texts they will go
        with are known (a bulk job's shared options): the message they make for a
        stand-in recipient and text that their channel accepts. Raises ValidationError,
        or TypeError for an unknown option."""
        kind = _channel(options.get("channel", Channel.SMS), bool(options.get("flash", False)))
        phone = "probe@example.com" if kind is Channel.MAIL else "70000000000"
        return cls.build(phone, "00" if kind is Channel.BIN_HEX else "x", **options)

    def multipart(self) -> dict[str, tuple[str, bytes, str]] | None:
        """The attachments as multipart parts ``file0``, ``file1``, ... (None without)."""
        if not self.files:
            return None
        return {
            f"file{index}": (item.filename, item.content, item.content_type)
            for index, item in enumerate(self.files)
        }


def _channel(channel: Channel | str, flash: bool) -> Channel:
    if isinstance(channel, str) and not isinstance(channel, Channel):
        channel = channel.strip().lower()
    try:
        kind = Channel(channel)
    except ValueError:
        names = ", ".join(item.value for item in Channel)
        raise ValidationError(f"channel must be one of {names}, got {channel!r}") from None
    if flash:
        if kind is Channel.SMS:
            return Channel.FLASH
        if kind is not Channel.FLASH:
            raise ValidationError(f"flash cannot be combined with channel={kind.value}")
    return kind


def _body(text: str, kind: Channel, prefix: bool, *, name: str) -> str:
    """The text as sent: checked for the channel, prefixed when asked."""
    found = prefixed_channel(text)
    if found is not None and kind is not Channel.SMS and found is not kind:
        raise ValidationError(
            f"{name} starts with {found.prefix}, which selects channel {found.value},"
            f" not channel={kind.value}"
        )
    if kind is Channel.BIN_HEX and not _HEX.fullmatch(text):
        raise ValidationError(f"{name}: channel bin_hex needs pairs of hex digits, got {text!r}")
    if prefix and found is None:
        text = f"{kind.prefix}{text}"
    return text


def _text(mes: str, comment: str | None, kind: Channel, prefix: bool, *, name: str) -> str:
    if not isinstance(mes, str):
        raise ValidationError(f"mes must be a string, got {type(mes).__name__}")
    mes = _body(mes, kind, prefix, name=name)
    if comment is not None:
        if not isinstance(comment, str) or not comment:
            raise ValidationError("comment must be a non-empty string")
        mes = f"{mes}{COMMENT_SEPARATOR}{comment}"
    if len(mes) > MAX_TEXT_LENGTH:
        raise ValidationError(
            f"mes is {len(mes)} characters; the service accepts at most {MAX_TEXT_LENGTH}"
        )
    return mes


def _list_param(
    entries: Mapping[str, str] | Iterable[tuple[str, str]], kind: Channel, prefix: bool
) -> str:
    pairs = entries.items() if isinstance(entries, Mapping) else entries
    plain_fits = kind is not Channel.MAIL  # a plain number suits every other channel
    text_as_is = not prefix and kind is not Channel.BIN_HEX  # unless it has a prefix
    lines = []
    for pair in pairs:
        if type(pair) is tuple and len(pair) == 2:
            phone, text = pair
        else:
            phone, text = two_items(pair, name="list")
        if not (plain_fits and type(phone) is str and is_plain_phone(phone)):
            phone = _list_phone(phone, kind)
        if not isinstance(text, str) or not text or "\n" in text or "\r" in text:
            raise ValidationError(
                f"list: the text for {phone} must be a non-empty single-line string"
            )
        if not text_as_is or text.startswith(PREFIX_MARK):
            text = _body(text, kind, prefix, name="list")
        if len(text) > MAX_TEXT_LENGTH:
            raise ValidationError(f"list: the text for {phone} exceeds {MAX_TEXT_LENGTH} chars")
        lines.append(f"{phone}:{text}")
    if not lines:
        raise ValidationError("list must hold at least one (phone, text) pair")
    return "\n".join(lines)


def _list_phone(phone: object, kind: Channel) -> str:
    """One recipient of a ``list`` line, checked the slow way (not a plain number)."""
    (single,) = phone_list([phone], name="list")  # type: ignore[list-item]
    if ":" in single:
        raise ValidationError(f"list: phone {phone!r} may not contain ':'")
    check_recipients([single], kind, name="list")
    return single


def send_params(message: Message, id: str, cost: CostMode) -> dict[str, str]:
    """The wire parameters of a send: the message, its client id and its cost mode."""
    wire = dict(message.wire)
    wire["id"] = id
    if cost:
        wire["cost"] = str(int(cost))
    return wire


@attrs.frozen(slots=True)
class Send(Operation[SendResult]):
    """Send a message. Never retried blindly: it is not idempotent."""

    name = "send"
    script = "send"
    idempotent = False
    #: The one channel an operation of this class sends (None: any).
    for_channel: ClassVar[Channel | None] = None

    message: Message
    id: str
    cost: CostMode = CostMode.NONE
    #: Whether ``id`` was generated by the client (not chosen by the caller).
    id_generated: bool = attrs.field(default=False, kw_only=True)

    @classmethod
    def build(cls, message: Message, *, id: str | int | None, cost: CostMode | int) -> Send:
        """Validate the client id (one is generated when ``None``) and the cost mode (a
        price request is :class:`Cost`)."""
        if cls.for_channel is not None and message.channel is not cls.for_channel:
            raise ValidationError(
                f"{cls.name} sends channel {cls.for_channel.value}, not {message.channel.value}"
            )
        mode = CostMode(int(flag(cost, name="cost", allowed=(0, 2, 3))))
        if id is None:
            return cls(message, new_client_id(), mode, id_generated=True)
        return cls(message, validate_id(id), mode)

    def params(self) -> dict[str, str]:
        return send_params(self.message, self.id, self.cost)

    def files(self) -> Mapping[str, tuple[str, bytes, str]] | None:
        return self.message.multipart()

    def fingerprint(self) -> bytes:
        # A generated id does not make a send different: two calls with the same text to
        # the same phones within a minute are a double send. An id the caller chose does.
        ignore = frozenset({"id"}) if self.id_generated else frozenset()
        return fingerprint(self.params(), self.files(), ignore=ignore)

    def reconciliation(self) -> Reconciliation[SendResult] | None:
        return send_reconciliation(self.params())

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[SendResult]:
        layouts = send_layouts(params)

        def build(document: Document) -> SendResult:
            return structure(send_record(document, params, layouts), SendResult)

        return Reply(cls.name, cls.script, build)


@attrs.frozen(slots=True)
class Cost(Operation[CostResult]):
    """The price of a message, without sending it (``cost=1``)."""

    name = "cost"
    script = "send"

    message: Message

    def params(self) -> dict[str, str]:
        return {**self.message.wire, "cost": "1"}

    def files(self) -> Mapping[str, tuple[str, bytes, str]] | None:
        return self.message.multipart()

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[CostResult]:
        def build(document: Document) -> CostResult:
            return structure(send_record(document, params, COST_LAYOUTS), CostResult)

        return Reply(cls.name, cls.script, build)
