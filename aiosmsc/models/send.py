"""Results of ``send.php``: a send, and a price request (``cost=1``)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

import attrs

from .base import Model

__all__ = ["CostResult", "PhoneResult", "SendResult", "VoiceCodeResult"]


@attrs.frozen(slots=True)
class PhoneResult(Model):
    """One number of a send: what ``op=1`` adds for every number, and ``err=1`` for each
    number that failed.

    ``phone`` is the number (or address) as the service wrote it, ``mccmnc`` its network
    (MCC and MNC), ``cost`` its price; ``status`` and ``error``/``err`` say what happened
    to it. The wire shape of these lists is not confirmed, so every field but ``phone`` is
    optional and unknown keys are kept in ``extra``.
    """

    aliases: ClassVar[Mapping[str, str]] = {"number": "phone", "mcc_mnc": "mccmnc"}

    phone: str
    mccmnc: str | None = None
    cost: Decimal | None = None
    status: int | None = None
    error: str | None = None
    err: int | None = None

    @property
    def failed(self) -> bool:
        """Whether the reply gives an error (text or code) for this number."""
        return bool(self.error) or bool(self.err)


@attrs.frozen(slots=True)
class SendResult(Model):
    """An accepted send.

    ``id`` is the message id (the client id the request carried), ``cnt`` the number of SMS
    parts sent over all recipients; ``cost`` and ``balance`` come with ``cost=2``/``cost=3``;
    ``code`` is the generated code of a voice-code call; ``phones`` the per-number details
    of ``op=1`` or ``err=1`` when the reply carries them.
    """

    aliases: ClassVar[Mapping[str, str]] = {"sms": "cnt"}

    id: str
    cnt: int
    cost: Decimal | None = None
    balance: Decimal | None = None
    code: str | None = None
    phones: tuple[PhoneResult, ...] | None = None


@attrs.frozen(slots=True)
class CostResult(Model):
    """The price of a message that was not sent (``send.php`` with ``cost=1``)."""

    aliases: ClassVar[Mapping[str, str]] = {"sms": "cnt"}

    cost: Decimal
    cnt: int
    phones: tuple[PhoneResult, ...] | None = None


@attrs.frozen(slots=True)
class VoiceCodeResult(SendResult):
    """A voice-code call (``call=1``, ``mes=code``): ``code`` is the code the service
    generated and reads out to the recipient; keep it and compare what the user types."""

    code: str = attrs.field(kw_only=True)
