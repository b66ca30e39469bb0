"""A message of ``send.php``, validated: :class:`Message` (recipients, text and options in
wire form) and :class:`MessageShape` (everything but the recipients and text, checked once
and used for many recipients).

Every check raises :class:`~aiosmsc.errors.ValidationError` naming the parameter, before
anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from typing_extensions import Unpack

from ..errors import ValidationError
from .message_options import MessageOptions, SendOptions
from .options import accept, option_names
from .params import RESERVED_PARAMS, flag, is_plain_phone, phone_list, two_items, valid_param
from .send_options import (
    CHANNEL_PARAMS,
    PREFIX_MARK,
    Attachment,
    Channel,
    attachments,
    check_options,
    check_recipients,
    freq_param,
    option_params,
    period_param,
    prefixed_channel,
    schedule_params,
)

__all__ = ["COMMENT_SEPARATOR", "MAX_TEXT_LENGTH", "Message", "MessageShape"]

MAX_TEXT_LENGTH = 1000
#: Options that are no send.php parameter of their own name (they choose flags, change
#: the text, upload files or carry other parameters).
_NOT_WIRE = frozenset({"channel", "comment", "files", "prefix", "params"})
#: send.php parameters with a typed argument (or set by the operation): never via params=.
_TYPED_PARAMS = (
    (option_names(SendOptions) - _NOT_WIRE) | frozenset({"phones", "mes"}) | CHANNEL_PARAMS
)
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})+")
COMMENT_SEPARATOR = "\n~~~\n"
#: Per channel, a recipient and a text it accepts: what :meth:`MessageShape.probe` sends.
_STAND_IN = {Channel.MAIL: ("probe@example.com", "x"), Channel.BIN_HEX: ("70000000000", "00")}


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
        **options: Unpack[MessageOptions],
    ) -> Message:
        """Validate everything a send or a price request carries; raise before sending.

        ``channel`` picks the channel flag (``flash=True`` is ``Channel.FLASH``); with
        ``prefix=True`` the channel's text prefix (``__VIBER__``) is written at the start
        of each text instead. ``files``/``fileurl`` attach files (MMS, e-mail, call),
        ``subj`` is an MMS/e-mail subject, ``voice``/``param`` shape a call, ``bot``
        sends to the Telegram chat-bot, ``period``/``freq`` spread a mass send.
        """
        accept(options, MessageOptions, where="Message.build()")
        return MessageShape.build(options).message(phones, mes, options.get("list"))

    def multipart(self) -> dict[str, tuple[str, bytes, str]] | None:
        """The attachments as multipart parts ``file0``, ``file1``, ... (None without)."""
        if not self.files:
            return None
        return {
            f"file{index}": (item.filename, item.content, item.content_type)
            for index, item in enumerate(self.files)
        }


@attrs.frozen(slots=True)
class MessageShape:
    """A message but its recipients and text: the channel, the other options in wire form,
    the attachments, and how a text is written (channel prefix, comment).

    Validated once, a shape makes the message of any recipients: :meth:`message` checks
    them; :meth:`to_phones` and :meth:`to_list` take recipients and texts already checked
    (a bulk job checks each as it reads it, and does not check it again per request).
    """

    channel: Channel
    wire: Mapping[str, str]
    files: tuple[Attachment, ...] = ()
    prefix: bool = False
    comment: str | None = None
    #: Whether files are attached (an MMS, e-mail or call may then go without a text).
    media: bool = False

    @classmethod
    def build(cls, options: Mapping[str, Any], *, channel: Channel | None = None) -> MessageShape:
        """Validate the message options (:class:`MessageOptions`; other keys are ignored);
        ``channel`` fixes the channel of a channel's own method."""
        get = options.get
        flash = bool(get("flash", False))
        kind = _channel(get("channel", Channel.SMS) if channel is None else channel, flash)
        files, fileurl, prefix = get("files"), get("fileurl"), bool(get("prefix", False))
        comment, translit, bot = get("comment"), get("translit"), bool(get("bot", False))
        subj, voice, param = get("subj"), get("voice"), get("param")
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
        if comment is not None and (not isinstance(comment, str) or not comment):
            raise ValidationError("comment must be a non-empty string")
        uploads = attachments(files) if files is not None else ()
        wire: dict[str, str] = {} if prefix else kind.flags
        sender = get("sender")
        if sender is not None:
            if not isinstance(sender, str) or "\n" in sender:
                raise ValidationError(f"sender must be a one-line string, got {sender!r}")
            wire["sender"] = sender
        if translit is not None:
            wire["translit"] = flag(translit, name="translit", allowed=range(3))
        wire.update(schedule_params(get("time"), get("tz")))
        valid, maxsms = get("valid"), get("maxsms")
        if valid is not None:
            wire["valid"] = valid_param(valid)
        if maxsms is not None:
            if isinstance(maxsms, bool) or not isinstance(maxsms, int) or maxsms < 1:
                raise ValidationError(f"maxsms must be a positive integer, got {maxsms!r}")
            wire["maxsms"] = str(maxsms)
        wire.update(option_params(fileurl, subj, voice, param))
        _spread(wire, get("period"), get("freq"))
        for name in ("tinyurl", "op", "err"):
            if get(name):
                wire[name] = "1"
        if bot:
            wire["bot"] = "1"
        for name, value in (get("params") or {}).items():
            if name in RESERVED_PARAMS or name in _TYPED_PARAMS:
                raise ValidationError(
                    f"params may not set {name!r}: it has its own argument or is set by the client"
                )
            wire[name] = str(value)
        media = bool(uploads) or fileurl is not None
        return cls(kind, wire, uploads, prefix, comment, media)

    def message(
        self,
        phones: str | Iterable[str] | None,
        mes: str | None,
        entries: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    ) -> Message:
        """The message to ``phones`` with the text ``mes``, or of personalised ``entries``
        (``list``); raises ValidationError for recipients or texts the channel refuses."""
        kind = self.channel
        wire: dict[str, str] = {}
        if entries is not None:
            if phones is not None or mes is not None:
                raise ValidationError("give either list= or phones and mes, not both")
            if self.comment is not None:
                raise ValidationError("comment= cannot be combined with list=")
            wire["list"] = _list_param(entries, kind, self.prefix)
        else:
            if phones is None or (mes is None and kind.has_text and not self.media):
                raise ValidationError("phones and mes are required (or list=)")
            recipients = phone_list(phones)
            check_recipients(recipients, kind, name="phones")
            wire["phones"] = ",".join(recipients)
            text = mes if mes is not None else ""
            if kind.has_text and not self.media and isinstance(text, str) and not text.strip():
                raise ValidationError("mes is empty: the service sends no message without text")
            wire["mes"] = _text(text, self.comment, kind, self.prefix, name="mes")
        wire.update(self.wire)
        return Message(wire, kind, self.files)

    def probe(self) -> Message:
        """The message for a stand-in recipient and text the channel accepts: raises when
        these options cannot make a valid message whatever the recipients."""
        return self.message(*_STAND_IN.get(self.channel, ("70000000000", "x")))

    def to_phones(self, phones: Iterable[str], text: str) -> Message:
        """The message of checked recipients sharing one checked text."""
        wire = {"phones": ",".join(phones), "mes": self._written(text)}
        wire.update(self.wire)
        return Message(wire, self.channel, self.files)

    def to_list(self, entries: Iterable[tuple[str, str]]) -> Message:
        """The ``list`` message of checked recipients and texts (one line each)."""
        if self.prefix:  # (a comment never goes with a list)
            entries = [(phone, self._written(text)) for phone, text in entries]
        wire = {"list": "\n".join([f"{phone}:{text}" for phone, text in entries])}
        wire.update(self.wire)
        return Message(wire, self.channel, self.files)

    def _written(self, text: str) -> str:
        """A checked text as it is sent: with the channel prefix and the comment."""
        if self.prefix and prefixed_channel(text) is None:
            text = f"{self.channel.prefix}{text}"
        if self.comment is not None:
            text = f"{text}{COMMENT_SEPARATOR}{self.comment}"
        return text


def _spread(wire: dict[str, str], period: Any, freq: Any) -> None:
    if freq is not None and period is None:
        raise ValidationError("freq needs period: it is the interval between portions")
    if period is not None:
        wire["period"] = period_param(period)
    if freq is not None:
        wire["freq"] = freq_param(freq)


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
    if comment is not None:  # checked with the options (MessageShape.build)
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
