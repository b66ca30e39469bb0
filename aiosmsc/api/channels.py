"""Top-level facade methods for the other channels of send.php (HLR, ping, MMS, ...).

Each is ``send`` bound to one channel, with the options that channel takes; anything
else is still reachable through ``send(..., channel=Channel.X)``. Every send carries a
client ``id`` (generated when not given) so its status can be asked for later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

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
from ..operations.send import CostMode, Message
from ..operations.send_options import CallParams, Channel, FileSpec, Voice
from .base import FacadeMixin

__all__ = ["ChannelsMixin"]

Phones = str | Iterable[str]
When = dt.datetime | dt.timedelta | str


class ChannelsMixin(FacadeMixin):
    """``smsc.hlr(...)``, ``smsc.ping(...)``, ``smsc.send_mms(...)``, ``smsc.send_mail(...)``,
    ``smsc.call(...)``, ``smsc.voice_code(...)``, ``smsc.send_viber(...)``,
    ``smsc.send_telegram(...)``."""

    __slots__ = ()

    async def hlr(
        self, phones: Phones, *, id: str | int | None = None, fmt: int | None = None
    ) -> SendResult:
        """Look numbers up in the operators' HLR (``hlr=1``); nothing reaches the phone.

        Read each result with ``status(phone, result.id)``: it carries ``imsi``, ``msc``,
        ``mcc``, ``mnc``, ``cn``/``net`` (country, operator) and ``rcn``/``rnet`` (the
        roaming country and operator); its sender is ``"HLR"``.
        """
        message = Message.build(phones, None, channel=Channel.HLR)
        return await self._call(Hlr.build(message, id=id, cost=CostMode.NONE), fmt)

    async def ping(
        self,
        phones: Phones,
        *,
        sender: str | None = None,
        id: str | int | None = None,
        fmt: int | None = None,
    ) -> SendResult:
        """Send a ping-SMS (``ping=1``): an invisible message whose status tells whether
        the phone is switched on and reachable."""
        message = Message.build(phones, None, channel=Channel.PING, sender=sender)
        return await self._call(Ping.build(message, id=id, cost=CostMode.NONE), fmt)

    async def send_mms(
        self,
        phones: Phones,
        mes: str | None = None,
        *,
        files: Mapping[str, FileSpec] | None = None,
        fileurl: str | None = None,
        subj: str | None = None,
        sender: str | None = None,
        time: When | None = None,
        tz: int | None = None,
        id: str | int | None = None,
        cost: CostMode | int = CostMode.NONE,
        op: bool = False,
        err: bool = False,
        comment: str | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> SendResult:
        """Send an MMS (``mms=1``): ``mes`` with ``files`` uploaded (``{"a.jpg": data}``
        or ``{"a": (filename, data, content type)}``) and/or a ``fileurl`` to fetch;
        ``subj`` is its subject. ``mes`` may be left out when a file is attached."""
        message = Message.build(
            phones,
            mes,
            channel=Channel.MMS,
            files=files,
            fileurl=fileurl,
            subj=subj,
            sender=sender,
            time=time,
            tz=tz,
            op=op,
            err=err,
            comment=comment,
            params=params,
        )
        return await self._call(SendMms.build(message, id=id, cost=cost), fmt)

    async def send_mail(
        self,
        addresses: Phones,
        mes: str | None = None,
        *,
        subj: str | None = None,
        sender: str | None = None,
        files: Mapping[str, FileSpec] | None = None,
        fileurl: str | None = None,
        time: When | None = None,
        tz: int | None = None,
        id: str | int | None = None,
        cost: CostMode | int = CostMode.NONE,
        err: bool = False,
        comment: str | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> SendResult:
        """Send an e-mail (``mail=1``) to ``addresses``: ``subj`` is the subject,
        ``sender`` the sender address, ``files``/``fileurl`` the attachments. Its status
        becomes ``READ`` when an HTML e-mail is opened."""
        message = Message.build(
            addresses,
            mes,
            channel=Channel.MAIL,
            subj=subj,
            sender=sender,
            files=files,
            fileurl=fileurl,
            time=time,
            tz=tz,
            err=err,
            comment=comment,
            params=params,
        )
        return await self._call(SendMail.build(message, id=id, cost=cost), fmt)

    async def call(
        self,
        phones: Phones,
        mes: str | None = None,
        *,
        voice: Voice | str | None = None,
        param: CallParams | tuple[int, int, int] | None = None,
        files: Mapping[str, FileSpec] | None = None,
        fileurl: str | None = None,
        sender: str | None = None,
        time: When | None = None,
        tz: int | None = None,
        id: str | int | None = None,
        cost: CostMode | int = CostMode.NONE,
        op: bool = False,
        err: bool = False,
        comment: str | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> SendResult:
        """Call and read ``mes`` out in ``voice`` (``call=1``), or play audio ``files``/
        ``fileurl``; ``param`` sets how long it rings, the pause between attempts and the
        number of attempts (``CallParams(wait=25, interval=10, tries=8)``)."""
        message = Message.build(
            phones,
            mes,
            channel=Channel.CALL,
            voice=voice,
            param=param,
            files=files,
            fileurl=fileurl,
            sender=sender,
            time=time,
            tz=tz,
            op=op,
            err=err,
            comment=comment,
            params=params,
        )
        return await self._call(Call.build(message, id=id, cost=cost), fmt)

    async def voice_code(
        self,
        phone: str,
        *,
        voice: Voice | str | None = None,
        param: CallParams | tuple[int, int, int] | None = None,
        sender: str | None = None,
        id: str | int | None = None,
        cost: CostMode | int = CostMode.NONE,
        fmt: int | None = None,
    ) -> VoiceCodeResult:
        """Call ``phone`` and read out a code the service generates (``mes=code``); the
        result's ``code`` is that code: keep it and compare what the user enters."""
        operation = VoiceCode.build(
            phone, id=id, voice=voice, param=param, sender=sender, cost=cost
        )
        return await self._call(operation, fmt)

    async def send_viber(
        self,
        phones: Phones,
        mes: str,
        *,
        sender: str | None = None,
        time: When | None = None,
        tz: int | None = None,
        valid: dt.timedelta | int | None = None,
        tinyurl: bool = False,
        id: str | int | None = None,
        cost: CostMode | int = CostMode.NONE,
        op: bool = False,
        err: bool = False,
        comment: str | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> SendResult:
        """Send a Viber message (``viber=1``) from the registered Viber ``sender``."""
        message = Message.build(
            phones,
            mes,
            channel=Channel.VIBER,
            sender=sender,
            time=time,
            tz=tz,
            valid=valid,
            tinyurl=tinyurl,
            op=op,
            err=err,
            comment=comment,
            params=params,
        )
        return await self._call(SendViber.build(message, id=id, cost=cost), fmt)

    async def send_telegram(
        self,
        recipients: Phones,
        mes: str,
        *,
        bot: bool = False,
        sender: str | None = None,
        time: When | None = None,
        tz: int | None = None,
        id: str | int | None = None,
        cost: CostMode | int = CostMode.NONE,
        err: bool = False,
        comment: str | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> SendResult:
        """Send a Telegram message to phone numbers, nicknames or ``#ID`` s; ``bot=True``
        sends through the account's Telegram chat-bot (its status needs ``bot=1`` too).
        The flag name ``tg`` is unconfirmed by the service's documentation."""
        message = Message.build(
            recipients,
            mes,
            channel=Channel.TELEGRAM,
            bot=bot,
            sender=sender,
            time=time,
            tz=tz,
            err=err,
            comment=comment,
            params=params,
        )
        return await self._call(SendTelegram.build(message, id=id, cost=cost), fmt)
