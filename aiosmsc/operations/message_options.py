"""The options of a message, declared once: every keyword of ``send``, ``cost``, the channel
methods, ``send_bulk`` and ``jobs.add`` comes from the families below.

Each small base family holds one option (or two that only make sense together, such as
``time`` and ``tz``) with its one type; the families of the facade methods are built from
them by inheritance, so ``period`` or ``voice`` cannot drift between methods. A
``TypedDict`` carries no defaults: each family's docstring states what a builder assumes
for a key that is missing (see :mod:`.options`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from typing_extensions import TypedDict

from .send_options import CallParams, Channel, CostMode, FileSpec, Translit, Voice

__all__ = [
    "CostOptions",
    "HlrOptions",
    "JobMessageOptions",
    "MailOptions",
    "MessageOptions",
    "MmsOptions",
    "PingOptions",
    "SendControls",
    "SendOptions",
    "SharedSendOptions",
    "TelegramOptions",
    "ViberOptions",
    "VoiceCallOptions",
    "VoiceCodeOptions",
    "When",
]

#: When a message goes: an aware datetime, a delay from now, or the service's own string
#: forms (``"h1-h2"`` windows, ``"0<unix time>"``, ...).
When = dt.datetime | dt.timedelta | str


# -- the base families: one option each (or a pair that goes together) ---------------------


class _List(TypedDict, total=False):
    #: Personalised texts instead of phones and mes: ``{phone: text}`` or pairs.
    list: Mapping[str, str] | Iterable[tuple[str, str]] | None


class _Channel(TypedDict, total=False):
    #: The channel (:class:`Channel` or its name); SMS when missing.
    channel: Channel | str


class _Flash(TypedDict, total=False):
    #: A flash SMS (shown at once, not stored): the same as ``channel=Channel.FLASH``.
    flash: bool


class _Sender(TypedDict, total=False):
    #: The sender name (an e-mail sender address for e-mail); the account's default when
    #: missing.
    sender: str | None


class _Translit(TypedDict, total=False):
    #: How Cyrillic text is rewritten (:class:`Translit`: 0 none, 1 Latin, 2 look-alike).
    translit: Translit | bool | int | None


class _Schedule(TypedDict, total=False):
    #: Send later: an aware datetime, a timedelta from now, or the service's string forms.
    time: When | None
    #: The time zone of a string ``time``, whole hours relative to Moscow (-12..12).
    tz: int | None


class _Spread(TypedDict, total=False):
    #: Spread a mass send over this many hours (or a timedelta); ``jobs.add`` takes whole
    #: hours only.
    period: dt.timedelta | int | float | Decimal | None
    #: Minutes (or a timedelta) between the portions of a spread send; needs ``period``.
    freq: dt.timedelta | int | None


class _Valid(TypedDict, total=False):
    #: How long the service keeps trying to deliver: hours, or a timedelta.
    valid: dt.timedelta | int | None


class _MaxSms(TypedDict, total=False):
    #: The most SMS parts a long text may be split into.
    maxsms: int | None


class _TinyUrl(TypedDict, total=False):
    #: Shorten the links in the text.
    tinyurl: bool


class _Op(TypedDict, total=False):
    #: List every recipient's details in the result's ``phones``.
    op: bool


class _Err(TypedDict, total=False):
    #: List the numbers that failed in the result's ``phones``.
    err: bool


class _Comment(TypedDict, total=False):
    #: Stored with the message, not delivered (not with ``list``, not on binary channels).
    comment: str | None


class _Files(TypedDict, total=False):
    #: Files uploaded with an MMS, e-mail or call: ``{"a.jpg": data}`` or
    #: ``{name: (filename, data, content type)}``.
    files: Mapping[str, FileSpec] | None


class _FileUrl(TypedDict, total=False):
    #: An http(s) URL of a file the service fetches (MMS, e-mail, call).
    fileurl: str | None


class _Subject(TypedDict, total=False):
    #: The subject of an MMS or e-mail.
    subj: str | None


class _Voice(TypedDict, total=False):
    #: The voice a call reads the text in (:class:`Voice` or its value).
    voice: Voice | str | None
    #: How a call rings: :class:`CallParams`, ``(wait, interval, tries)`` or
    #: ``"wait,interval,tries"``.
    param: CallParams | str | tuple[int, int, int] | None


class _Bot(TypedDict, total=False):
    #: Send through the account's Telegram chat-bot.
    bot: bool


class _Prefix(TypedDict, total=False):
    #: Select the channel by a text prefix (``__VIBER__``) instead of a flag.
    prefix: bool


class _Params(TypedDict, total=False):
    #: Any other parameter of the script, passed as written.
    params: Mapping[str, str | int] | None


class _ClientId(TypedDict, total=False):
    #: The client message id (1..2147483647 or 1-40 of ``[A-Za-z0-9._-]``); generated
    #: when missing.
    id: str | int | None


class _Cost(TypedDict, total=False):
    #: What price information the reply carries (:class:`CostMode`: 0, 2 or 3; 0 when
    #: missing).
    cost: CostMode | int


# -- the families of the builders and facade methods ------------------------------------------


class _Priced(
    _Channel,
    _Flash,
    _Sender,
    _Translit,
    _MaxSms,
    _TinyUrl,
    _Op,
    _Files,
    _FileUrl,
    _Subject,
    _Voice,
    _Bot,
    _Prefix,
    _Params,
    total=False,
):
    """The message options that shape its price (all that ``cost`` takes)."""


class _Shape(_Priced, _Schedule, _Spread, _Valid, _Err, _Comment, total=False):
    """Every message option but the recipients."""


class MessageOptions(_List, _Shape, total=False):
    """Everything a message carries besides its recipients and text (``Message.build``).

    When missing: ``channel`` is SMS; ``flash``, ``tinyurl``, ``op``, ``err``, ``bot`` and
    ``prefix`` are off; every other option is not sent.
    """


class SendControls(_ClientId, _Cost, total=False):
    """What a send adds to its message: the client ``id`` (generated when missing) and
    the ``cost`` mode (``CostMode.NONE`` when missing)."""


class SendOptions(MessageOptions, SendControls, total=False):
    """The keywords of ``AsyncSMSC.send``: the message options and the send controls."""


class SharedSendOptions(_Shape, _Cost, total=False):
    """The send options a bulk job applies to every request (and a :class:`Recipient`
    to its own): those of ``send`` but the recipients (``list``) and the ``id``, which the
    job sets per request. Defaults as for :class:`SendOptions`, except that a bulk job asks
    for ``err`` (unless ``op`` is given) and ``cost=2`` when they are missing."""


class CostOptions(_List, _Priced, total=False):
    """The keywords of ``AsyncSMSC.cost``: what shapes a message's price. Defaults as for
    :class:`MessageOptions`."""


class HlrOptions(_ClientId, total=False):
    """The keywords of ``smsc.hlr``: the client ``id`` (generated when missing)."""


class PingOptions(_Sender, _ClientId, total=False):
    """The keywords of ``smsc.ping``: defaults as for :class:`SendOptions`."""


class _ChannelSend(_Sender, _Schedule, _ClientId, _Cost, _Err, _Comment, _Params, total=False):
    """What every channel method that sends a text takes."""


class MmsOptions(_ChannelSend, _Files, _FileUrl, _Subject, _Op, total=False):
    """The keywords of ``smsc.send_mms``: defaults as for :class:`SendOptions`."""


class MailOptions(_ChannelSend, _Files, _FileUrl, _Subject, total=False):
    """The keywords of ``smsc.send_mail``: defaults as for :class:`SendOptions`."""


class VoiceCallOptions(_ChannelSend, _Voice, _Files, _FileUrl, _Op, total=False):
    """The keywords of ``smsc.call``: the service's default voice and ringing when
    ``voice``/``param`` are missing; otherwise defaults as for :class:`SendOptions`."""


class VoiceCodeOptions(_Voice, _Sender, _ClientId, _Cost, total=False):
    """The keywords of ``smsc.voice_code``: defaults as for :class:`VoiceCallOptions`."""


class ViberOptions(_ChannelSend, _Valid, _TinyUrl, _Op, total=False):
    """The keywords of ``smsc.send_viber``: defaults as for :class:`SendOptions`."""


class TelegramOptions(_ChannelSend, _Bot, total=False):
    """The keywords of ``smsc.send_telegram``: defaults as for :class:`SendOptions`."""


class JobMessageOptions(
    _List,
    _Channel,
    _Sender,
    _Translit,
    _TinyUrl,
    _Schedule,
    _Spread,
    _Valid,
    _Subject,
    _Cost,
    _Voice,
    _FileUrl,
    _Params,
    total=False,
):
    """The message options a mailing job takes (``jobs.add``, with the job's own in
    :class:`~aiosmsc.operations.jobs.JobOptions`): as for :class:`SendOptions`."""
