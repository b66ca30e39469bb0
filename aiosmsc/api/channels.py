"""Top-level facade methods for the other channels of send.php (HLR, ping, MMS, ...).

Each is ``send`` bound to one channel, with the options that channel takes (declared in
:mod:`aiosmsc.operations.message_options`); anything else is still reachable through
``send(..., channel=Channel.X)``. Every send carries a client ``id`` (generated when not
given) so its status can be asked for later.
"""

from __future__ import annotations

from collections.abc import Iterable

from typing_extensions import Unpack

from ..models.send import SendResult, VoiceCodeResult
from ..operations.channels import (
    Call,
    Hlr,
    Ping,
    SendMail,
    SendMms,
    SendTelegram,
    SendViber,
    VoiceCode,
)
from ..operations.message_options import (
    HlrOptions,
    MailOptions,
    MmsOptions,
    PingOptions,
    TelegramOptions,
    ViberOptions,
    VoiceCallOptions,
    VoiceCodeOptions,
)
from .base import FacadeMixin

__all__ = ["ChannelsMixin"]

Phones = str | Iterable[str]


class ChannelsMixin(FacadeMixin):
    """``smsc.hlr(...)``, ``smsc.ping(...)``, ``smsc.send_mms(...)``, ``smsc.send_mail(...)``,
    ``smsc.call(...)``, ``smsc.voice_code(...)``, ``smsc.send_viber(...)``,
    ``smsc.send_telegram(...)``."""

    __slots__ = ()

    async def hlr(
        self, phones: Phones, *, fmt: int | None = None, **options: Unpack[HlrOptions]
    ) -> SendResult:
        """Look numbers up in the operators' HLR (``hlr=1``); nothing reaches the phone.

        Read each result with ``status(phone, result.id)``: it carries ``imsi``, ``msc``,
        ``mcc``, ``mnc``, ``cn``/``net`` (country, operator) and ``rcn``/``rnet`` (the
        roaming country and operator); its sender is ``"HLR"``.
        """
        return await self._call(Hlr.build(phones, **options), fmt)

    async def ping(
        self, phones: Phones, *, fmt: int | None = None, **options: Unpack[PingOptions]
    ) -> SendResult:
        """Send a ping-SMS (``ping=1``): an invisible message whose status tells whether
        the phone is switched on and reachable."""
        return await self._call(Ping.build(phones, **options), fmt)

    async def send_mms(
        self,
        phones: Phones,
        mes: str | None = None,
        *,
        fmt: int | None = None,
        **options: Unpack[MmsOptions],
    ) -> SendResult:
        """Send an MMS (``mms=1``): ``mes`` with ``files`` uploaded (``{"a.jpg": data}``
        or ``{"a": (filename, data, content type)}``) and/or a ``fileurl`` to fetch;
        ``subj`` is its subject. ``mes`` may be left out when a file is attached."""
        return await self._call(SendMms.build(phones, mes, **options), fmt)

    async def send_mail(
        self,
        addresses: Phones,
        mes: str | None = None,
        *,
        fmt: int | None = None,
        **options: Unpack[MailOptions],
    ) -> SendResult:
        """Send an e-mail (``mail=1``) to ``addresses``: ``subj`` is the subject,
        ``sender`` the sender address, ``files``/``fileurl`` the attachments. Its status
        becomes ``READ`` when an HTML e-mail is opened."""
        return await self._call(SendMail.build(addresses, mes, **options), fmt)

    async def call(
        self,
        phones: Phones,
        mes: str | None = None,
        *,
        fmt: int | None = None,
        **options: Unpack[VoiceCallOptions],
    ) -> SendResult:
        """Call and read ``mes`` out in ``voice`` (``call=1``), or play audio ``files``/
        ``fileurl``; ``param`` sets how long it rings, the pause between attempts and the
        number of attempts (``CallParams(wait=25, interval=10, tries=8)``)."""
        return await self._call(Call.build(phones, mes, **options), fmt)

    async def voice_code(
        self, phone: str, *, fmt: int | None = None, **options: Unpack[VoiceCodeOptions]
    ) -> VoiceCodeResult:
        """Call ``phone`` and read out a code the service generates (``mes=code``); the
        result's ``code`` is that code: keep it and compare what the user enters."""
        return await self._call(VoiceCode.build(phone, **options), fmt)

    async def send_viber(
        self, phones: Phones, mes: str, *, fmt: int | None = None, **options: Unpack[ViberOptions]
    ) -> SendResult:
        """Send a Viber message (``viber=1``) from the registered Viber ``sender``."""
        return await self._call(SendViber.build(phones, mes, **options), fmt)

    async def send_telegram(
        self,
        recipients: Phones,
        mes: str,
        *,
        fmt: int | None = None,
        **options: Unpack[TelegramOptions],
    ) -> SendResult:
        """Send a Telegram message to phone numbers, nicknames or ``#ID`` s; ``bot=True``
        sends through the account's Telegram chat-bot (its status needs ``bot=1`` too).
        The flag name ``tg`` is unconfirmed by the service's documentation."""
        return await self._call(SendTelegram.build(recipients, mes, **options), fmt)
