"""Channels of ``send.php`` and their options: what a message is sent as, its attachments,
the voice of a call, and which options go with which channel (REFERENCE §4.1, §4.5–§4.11).

Every check raises :class:`~aiosmsc.errors.ValidationError` naming the parameter, before
anything is sent.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import mimetypes
import re
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Union

import attrs

from ..errors import ValidationError
from .params import time_param

__all__ = [
    "CHANNEL_PARAMS",
    "PREFIX_MARK",
    "Attachment",
    "CallParams",
    "Channel",
    "CostMode",
    "FileSpec",
    "Translit",
    "Voice",
    "attachments",
    "check_options",
    "check_recipients",
    "fileurl_param",
    "freq_param",
    "option_params",
    "period_param",
    "prefixed_channel",
    "schedule_params",
    "voice_param",
]


class Channel(str, enum.Enum):
    """How a message is delivered: one of the mutually exclusive channel flags of
    ``send.php``. The value is the name the service's templates use (``"viber"``)."""

    SMS = "sms"
    FLASH = "flash"  # flash=1: shown at once, not stored
    PUSH = "push"  # push=1: WAP-push
    HLR = "hlr"  # hlr=1: a number lookup instead of a message; results via status
    BIN = "bin"  # bin=1: binary message
    BIN_HEX = "bin_hex"  # bin=2: binary message written as a hex string
    PING = "ping"  # ping=1: invisible SMS checking that the phone is reachable
    MMS = "mms"  # mms=1
    MAIL = "mail"  # mail=1: e-mail; recipients are addresses
    CALL = "call"  # call=1: voice message read out (or audio files played)
    VIBER = "viber"  # viber=1
    SOC = "soc"  # soc=1: the service's "soc" message type
    TELEGRAM = "telegram"  # tg=1 (the flag name is a guess: unconfirmed)

    @property
    def flags(self) -> dict[str, str]:
        """The wire parameters that select this channel (none for a plain SMS)."""
        return dict(_FLAGS[self])

    @property
    def prefix(self) -> str | None:
        """The text prefix that selects this channel without a flag (§4.11), if any."""
        return _PREFIXES.get(self)

    @property
    def format_index(self) -> int | None:
        """The official libraries' ``format`` index (0 sms ... 11 soc); None for Telegram."""
        return _FORMATS.get(self)

    @property
    def has_text(self) -> bool:
        """Whether ``mes`` is required (HLR and ping requests carry no text)."""
        return self not in (Channel.HLR, Channel.PING)

    @property
    def takes_files(self) -> bool:
        """Whether attachments (``files``, ``fileurl``) apply: MMS, e-mail and calls."""
        return self in (Channel.MMS, Channel.MAIL, Channel.CALL)


_FLAGS: dict[Channel, dict[str, str]] = {
    Channel.SMS: {},
    Channel.FLASH: {"flash": "1"},
    Channel.PUSH: {"push": "1"},
    Channel.HLR: {"hlr": "1"},
    Channel.BIN: {"bin": "1"},
    Channel.BIN_HEX: {"bin": "2"},
    Channel.PING: {"ping": "1"},
    Channel.MMS: {"mms": "1"},
    Channel.MAIL: {"mail": "1"},
    Channel.CALL: {"call": "1"},
    Channel.VIBER: {"viber": "1"},
    Channel.SOC: {"soc": "1"},
    Channel.TELEGRAM: {"tg": "1"},
}
#: How every channel prefix of a text starts: a text without it selects no channel.
PREFIX_MARK = "__"
_PREFIXES: dict[Channel, str] = {
    Channel.CALL: "__CALL__",
    Channel.VIBER: "__VIBER__",
    Channel.SOC: "__SOC__",
    Channel.PING: "__PING__",
    Channel.HLR: "__HLR__",
}
_FORMATS: dict[Channel, int] = {
    Channel.SMS: 0,
    Channel.FLASH: 1,
    Channel.PUSH: 2,
    Channel.HLR: 3,
    Channel.BIN: 4,
    Channel.BIN_HEX: 5,
    Channel.PING: 6,
    Channel.MMS: 7,
    Channel.MAIL: 8,
    Channel.CALL: 9,
    Channel.VIBER: 10,
    Channel.SOC: 11,
}

#: Every wire parameter that selects a channel: set through ``channel=`` only.
CHANNEL_PARAMS = frozenset(name for flags in _FLAGS.values() for name in flags)


def prefixed_channel(text: str) -> Channel | None:
    """The channel a text selects by its prefix (``__VIBER__Hello``), if it has one."""
    if not text.startswith(PREFIX_MARK):
        return None  # the common case costs one check
    for channel, prefix in _PREFIXES.items():
        if text.startswith(prefix):
            return channel
    return None


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


class Voice(str, enum.Enum):
    """``voice``: the text-to-speech voice of a call."""

    MALE = "m"
    MALE_2 = "m2"
    FEMALE = "w"
    FEMALE_2 = "w2"


# Ranges seen in third-party clients (REFERENCE §4.1 ``param``): the widest of them.
_WAIT = range(0, 100)
_INTERVAL = range(10, 3601)
_TRIES = range(0, 10)


def _in_range(name: str, value: object, allowed: range) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise ValidationError(
            f"param: {name} must be an integer {allowed.start}..{allowed.stop - 1}, got {value!r}"
        )
    return value


@attrs.frozen(slots=True)
class CallParams:
    """``param`` of a call: ring ``wait`` seconds per attempt, ``interval`` seconds between
    attempts, ``tries`` attempts. Written ``"wait,interval,tries"``."""

    wait: int = 25
    interval: int = 10
    tries: int = 8

    def __attrs_post_init__(self) -> None:
        _in_range("wait", self.wait, _WAIT)
        _in_range("interval", self.interval, _INTERVAL)
        _in_range("tries", self.tries, _TRIES)

    @classmethod
    def coerce(cls, value: CallParams | str | tuple[int, int, int]) -> CallParams:
        """A :class:`CallParams`, or one made of a ``(wait, interval, tries)`` tuple or of
        its wire form ``"wait,interval,tries"``."""
        if isinstance(value, CallParams):
            return value
        if isinstance(value, str):
            parts = value.split(",")
            if len(parts) == 3 and all(part.strip().isdigit() for part in parts):
                wait, interval, tries = (int(part) for part in parts)
                return cls(wait, interval, tries)
        elif isinstance(value, tuple) and len(value) == 3:
            return cls(*value)
        raise ValidationError(
            f"param must be CallParams, (wait, interval, tries) or 'wait,interval,tries',"
            f" got {value!r}"
        )

    def wire(self) -> str:
        """The ``param`` value."""
        return f"{self.wait},{self.interval},{self.tries}"


def _content_repr(content: bytes) -> str:
    return f"<{len(content)} bytes>"


@attrs.frozen(slots=True)
class Attachment:
    """A file uploaded with the message (MMS picture, e-mail attachment, call audio)."""

    filename: str
    content: bytes = attrs.field(repr=_content_repr)
    content_type: str


#: One ``files`` value: the content (type guessed from the file name) or
#: ``(filename, content, content type)``.
FileSpec = Union[bytes, tuple[str, bytes, str]]  # noqa: UP007 - a runtime alias on 3.10

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTENT_TYPE = re.compile(r"[\w.+-]+/[\w.+-]+(?:\s*;.*)?")


def _attachment(name: object, spec: object) -> Attachment:
    if isinstance(spec, tuple) and len(spec) == 3:
        filename, content, content_type = spec
    elif isinstance(spec, (bytes, bytearray, memoryview)):
        filename, content, content_type = name, spec, None
    else:
        raise ValidationError(
            f"files: {name!r} must map to bytes or (filename, bytes, content type), got {spec!r}"
        )
    if not isinstance(filename, str) or not filename.strip() or _CONTROL.search(filename):
        raise ValidationError(f"files: file name {filename!r} must be a one-line string")
    if not isinstance(content, (bytes, bytearray, memoryview)) or not len(content):
        raise ValidationError(f"files: {filename!r} must have non-empty bytes content")
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if not isinstance(content_type, str) or not _CONTENT_TYPE.fullmatch(content_type):
        raise ValidationError(f"files: {filename!r} has an invalid content type {content_type!r}")
    return Attachment(filename, bytes(content), content_type)


def attachments(files: Mapping[str, FileSpec]) -> tuple[Attachment, ...]:
    """Attachments from ``{filename: bytes}`` or ``{name: (filename, bytes, type)}``."""
    if not isinstance(files, Mapping):
        raise ValidationError(f"files must be a mapping of file name to content, got {files!r}")
    found = tuple(_attachment(name, spec) for name, spec in files.items())
    if not found:
        raise ValidationError("files must hold at least one file (or leave it out)")
    return found


def fileurl_param(value: str) -> str:
    """``fileurl``: an http(s) URL of a file the service fetches instead of an upload."""
    if (
        not isinstance(value, str)
        or not value.startswith(("http://", "https://"))
        or re.search(r"\s", value)
    ):
        raise ValidationError(f"fileurl must be an http:// or https:// URL, got {value!r}")
    return value


def schedule_params(
    time: dt.datetime | dt.timedelta | str | None, tz: int | None
) -> dict[str, str]:
    """``time`` and ``tz`` of a scheduled send (see :func:`~.params.time_param`); ``tz``
    is whole hours relative to Moscow and cannot go with an aware datetime."""
    wire = time_param(time) if time is not None else {}
    if tz is not None:
        if "tz" in wire:
            raise ValidationError("tz cannot be combined with an aware datetime time")
        if isinstance(tz, bool) or not isinstance(tz, int) or not -12 <= tz <= 12:
            raise ValidationError(f"tz must be whole hours relative to Moscow, got {tz!r}")
        wire["tz"] = str(tz)
    return wire


def period_param(value: dt.timedelta | int | float | Decimal) -> str:
    """``period``: hours over which a mass send is spread, written ``1.5``."""
    if isinstance(value, dt.timedelta):
        hours = Decimal(value.total_seconds()) / 3600
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        hours = Decimal(str(value))
    else:
        raise ValidationError(f"period must be hours or a timedelta, got {value!r}")
    if not hours.is_finite() or hours <= 0:
        raise ValidationError(f"period must be positive, got {value!r}")
    rounded = hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded <= 0:
        raise ValidationError(f"period must be at least 0.01 hours, got {value!r}")
    return format(rounded.normalize(), "f")


def freq_param(value: dt.timedelta | int) -> str:
    """``freq``: minutes between the portions of a spread send (rounded up)."""
    if isinstance(value, dt.timedelta):
        minutes = math.ceil(value.total_seconds() / 60)
    elif isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    else:
        raise ValidationError(f"freq must be whole minutes or a timedelta, got {value!r}")
    if minutes < 1:
        raise ValidationError(f"freq must be at least one minute, got {value!r}")
    return str(minutes)


_BINARY = (Channel.BIN, Channel.BIN_HEX)


def check_options(
    kind: Channel,
    *,
    files: bool,
    subj: bool,
    voice: bool,
    param: bool,
    bot: bool,
    prefix: bool,
    translit: enum.IntEnum | bool | int | None,
    comment: str | None,
) -> None:
    """Refuse options that do not belong to ``kind`` (each flag says whether it is set)."""
    here = f"not channel={kind.value}"
    if files and not kind.takes_files:
        raise ValidationError(f"files/fileurl: attachments need channel mms, mail or call, {here}")
    if subj and kind not in (Channel.MMS, Channel.MAIL):
        raise ValidationError(f"subj: a subject needs channel mms or mail, {here}")
    if voice and kind is not Channel.CALL:
        raise ValidationError(f"voice needs channel=call, {here}")
    if param and kind is not Channel.CALL:
        raise ValidationError(f"param (call parameters) needs channel=call, {here}")
    if bot and kind is not Channel.TELEGRAM:
        raise ValidationError(f"bot (Telegram chat-bot) needs channel=telegram, {here}")
    if prefix and kind.prefix is None:
        with_prefix = ", ".join(item.value for item in Channel if item.prefix)
        raise ValidationError(f"prefix: only {with_prefix} have a text prefix, {here}")
    if kind in _BINARY:
        if comment is not None:
            raise ValidationError("comment cannot be added to a binary message")
        if translit is not None and int(translit):
            raise ValidationError("translit does not apply to a binary message")


def voice_param(voice: Voice | str) -> str:
    """``voice``: one of the service's voices (:class:`Voice` or its value)."""
    try:
        return Voice(voice).value
    except ValueError:
        names = ", ".join(item.value for item in Voice)
        raise ValidationError(f"voice must be one of {names}, got {voice!r}") from None


def option_params(
    fileurl: str | None,
    subj: str | None,
    voice: Voice | str | None,
    param: CallParams | str | tuple[int, int, int] | None,
) -> dict[str, str]:
    """``fileurl``, ``subj``, ``voice`` and ``param`` in wire form, each checked."""
    wire: dict[str, str] = {}
    if fileurl is not None:
        wire["fileurl"] = fileurl_param(fileurl)
    if subj is not None:
        if not isinstance(subj, str) or not subj.strip() or "\n" in subj or "\r" in subj:
            raise ValidationError(f"subj must be a non-empty one-line string, got {subj!r}")
        wire["subj"] = subj
    if voice is not None:
        wire["voice"] = voice_param(voice)
    if param is not None:
        wire["param"] = CallParams.coerce(param).wire()
    return wire


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_GROUP = re.compile(r"G\d+")
#: A phone number as people write it: ``+7 (999) 123-45-67``; at least three digits.
_PHONE = re.compile(r"\+?(?=(?:[ ().-]*\d){3})[\d ().-]+")


def check_recipients(recipients: Iterable[str], channel: Channel, *, name: str) -> None:
    """E-mail goes to addresses, every other channel (but Telegram) to phone numbers."""
    for recipient in recipients:
        if _GROUP.fullmatch(recipient):
            continue  # a contact group: whatever it holds
        is_address = "@" in recipient
        if channel is Channel.MAIL and not _EMAIL.fullmatch(recipient):
            raise ValidationError(f"{name}: {recipient!r} is not an e-mail address")
        if channel not in (Channel.MAIL, Channel.TELEGRAM):
            if is_address:
                raise ValidationError(
                    f"{name}: {recipient!r} looks like an e-mail address;"
                    f" e-mail needs channel=Channel.MAIL, not {channel.value}"
                )
            if not _PHONE.fullmatch(recipient):
                raise ValidationError(
                    f"{name}: {recipient!r} is not a phone number (digits, with an optional"
                    " leading +, spaces, brackets, dots or dashes)"
                )
