"""``smsc.senders``: sender names (senders.php)."""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from ..models.senders import SenderName, SenderResult
from ..operations.senders import (
    AddSender,
    ChangeSender,
    CheckSenderCode,
    DeleteSender,
    ListSenders,
    NewSender,
    SenderOptions,
    SendSenderCode,
)
from .base import Namespace

__all__ = ["Senders"]


class Senders(Namespace):
    """Sender names: list, add, change, delete, send_code, check_code."""

    __slots__ = ()

    async def list(
        self, *, all: bool = False, operators: bool = False, fmt: int | None = None
    ) -> builtins.list[SenderName]:
        """The sender names with their moderation and per-operator statuses: activated
        names only, or every name with ``all=True``. ``operators=True`` adds the
        replacement analogs (:attr:`SenderName.replacements`)."""
        return await self._call(ListSenders(bool(all), bool(operators)), fmt)

    async def add(
        self, sender: str, *, fmt: int | None = None, **options: Unpack[NewSender]
    ) -> SenderResult:
        """Add a sender name; the result's ``id`` is its new id.

        ``registration`` asks operators to register it (a :class:`SenderRegistration`, or
        flag names such as ``["mts_step", "mega_step"]``); ``document`` uploads a
        supporting document (a :class:`SenderDocument`, a ``(filename, bytes)`` pair or a
        path; jpg, tif, pdf, png, zip or rar up to 3 MB) with ``doc_info`` its comment.
        ``mail=True`` adds a sender e-mail address instead, ``name`` its owner.
        """
        return await self._call(AddSender.build(sender, **options), fmt)

    async def change(
        self,
        sender: str | None = None,
        *,
        id: str | int | None = None,
        fmt: int | None = None,
        **options: Unpack[SenderOptions],
    ) -> SenderResult:
        """Change a sender name found by ``sender`` or ``id``: its comment, further
        registrations, or a (new) supporting document."""
        return await self._call(ChangeSender.build(sender, id=id, **options), fmt)

    async def delete(
        self, sender: str | None = None, *, id: str | int | None = None, fmt: int | None = None
    ) -> SenderResult:
        """Delete a sender name found by ``sender`` or ``id``."""
        return await self._call(DeleteSender.build(sender, id=id), fmt)

    async def send_code(self, sender: str, *, fmt: int | None = None) -> SenderResult:
        """Send a confirmation code by SMS to a digital sender name (a phone number)."""
        return await self._call(SendSenderCode.build(sender), fmt)

    async def check_code(
        self, sender: str, code: str | int, *, fmt: int | None = None
    ) -> SenderResult:
        """Confirm a digital sender name with the code it received."""
        return await self._call(CheckSenderCode.build(sender, code), fmt)
