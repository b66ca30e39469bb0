"""``send.php``: sending a message (:class:`Send`) and pricing one (:class:`Cost`)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..decoder.converter import structure
from ..decoder.document import Document
from ..decoder.records import Layout, one_record
from ..errors import ValidationError
from ..models.send import CostResult, SendResult
from .base import Operation, Reply
from .params import (
    RESERVED_PARAMS,
    flag,
    phone_list,
    time_param,
    two_items,
    valid_param,
    validate_id,
)

__all__ = ["Cost", "CostMode", "Message", "Send", "Translit"]

MAX_TEXT_LENGTH = 1000
#: send.php parameters with a typed argument (or set by the operation): never via params=.
_TYPED_PARAMS = frozenset(
    {"phones", "mes", "list", "id", "cost", "sender", "translit", "time", "tz", "flash"}
    | {"valid", "maxsms", "tinyurl", "op", "err"}
)
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
    """Recipients, text and options of a message, validated, in wire form."""

    wire: Mapping[str, str]

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
        params: Mapping[str, str | int] | None = None,
    ) -> Message:
        """Validate everything a send or a price request carries; raise before sending."""
        wire: dict[str, str] = {}
        if list is not None:
            if phones is not None or mes is not None:
                raise ValidationError("give either list= or phones and mes, not both")
            if comment is not None:
                raise ValidationError("comment= cannot be combined with list=")
            wire["list"] = _list_param(list)
        else:
            if phones is None or mes is None:
                raise ValidationError("phones and mes are required (or list=)")
            wire["phones"] = ",".join(phone_list(phones))
            wire["mes"] = _text(mes, comment)
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
        for name, on in (("flash", flash), ("tinyurl", tinyurl), ("op", op), ("err", err)):
            if on:
                wire[name] = "1"
        for name, value in (params or {}).items():
            if name in RESERVED_PARAMS or name in _TYPED_PARAMS:
                raise ValidationError(
                    f"params may not set {name!r}: it has its own argument or is set by the client"
                )
            wire[name] = str(value)
        return cls(wire)


def _text(mes: str, comment: str | None) -> str:
    if not isinstance(mes, str):
        raise ValidationError(f"mes must be a string, got {type(mes).__name__}")
    if comment is not None:
        if not isinstance(comment, str) or not comment:
            raise ValidationError("comment must be a non-empty string")
        mes = f"{mes}{COMMENT_SEPARATOR}{comment}"
    if len(mes) > MAX_TEXT_LENGTH:
        raise ValidationError(
            f"mes is {len(mes)} characters; the service accepts at most {MAX_TEXT_LENGTH}"
        )
    return mes


def _list_param(entries: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    pairs = entries.items() if isinstance(entries, Mapping) else entries
    lines = []
    for pair in pairs:
        phone, text = two_items(pair, name="list")
        (single,) = phone_list([phone], name="list")
        if ":" in single:
            raise ValidationError(f"list: phone {phone!r} may not contain ':'")
        if not isinstance(text, str) or not text or "\n" in text or "\r" in text:
            raise ValidationError(
                f"list: the text for {single} must be a non-empty single-line string"
            )
        if len(text) > MAX_TEXT_LENGTH:
            raise ValidationError(f"list: the text for {single} exceeds {MAX_TEXT_LENGTH} chars")
        lines.append(f"{single}:{text}")
    if not lines:
        raise ValidationError("list must hold at least one (phone, text) pair")
    return "\n".join(lines)


_SEND_LAYOUTS = (
    Layout(
        ("id", "cnt", "cost", "balance"),
        numeric=frozenset({"cnt", "cost", "balance"}),
        short_ok=True,
        surplus="more",
    ),
)
_COST_LAYOUTS = (
    Layout(("cost", "cnt"), numeric=frozenset({"cost", "cnt"}), short_ok=True, surplus="more"),
)


@attrs.frozen(slots=True)
class Send(Operation[SendResult]):
    """Send a message. Never retried blindly: it is not idempotent."""

    name = "send"
    script = "send"
    idempotent = False

    message: Message
    id: str
    cost: CostMode = CostMode.NONE

    @classmethod
    def build(cls, message: Message, *, id: str | int, cost: CostMode | int) -> Send:
        """Validate the client id and cost mode (a price request is :class:`Cost`)."""
        mode = CostMode(int(flag(cost, name="cost", allowed=(0, 2, 3))))
        return cls(message, validate_id(id), mode)

    def params(self) -> dict[str, str]:
        wire = dict(self.message.wire)
        wire["id"] = self.id
        if self.cost:
            wire["cost"] = str(int(self.cost))
        return wire

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[SendResult]:
        sent_id = params.get("id")

        def build(document: Document) -> SendResult:
            record = one_record(document, _SEND_LAYOUTS)
            if not record.get("id") and sent_id is not None:
                record["id"] = str(sent_id)
            return structure(record, SendResult)

        return Reply(cls.name, cls.script, build)


@attrs.frozen(slots=True)
class Cost(Operation[CostResult]):
    """The price of a message, without sending it (``cost=1``)."""

    name = "cost"
    script = "send"

    message: Message

    def params(self) -> dict[str, str]:
        return {**self.message.wire, "cost": "1"}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[CostResult]:
        def build(document: Document) -> CostResult:
            return structure(one_record(document, _COST_LAYOUTS), CostResult)

        return Reply(cls.name, cls.script, build)
