"""Reading a bulk job's input: each item is checked as the message it will go as before
anything is sent, so that a bad recipient fails alone, and each set of options is checked
once (the requests are then built from what was checked, not checked again)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..errors import ValidationError
from ..operations.message import MAX_TEXT_LENGTH, MessageShape
from ..operations.message_options import SharedSendOptions
from ..operations.options import accept
from ..operations.params import is_plain_phone, phone_list, validate_id
from ..operations.send import cost_mode
from ..operations.send_options import PREFIX_MARK, Channel, CostMode
from .outcomes import Recipient
from .packer import packing_key

__all__ = ["Intake", "Sending", "recipient_or_pair"]

#: Sets of per-recipient options whose checked form is kept (then the cache starts over).
_MAX_KEPT = 256


@attrs.frozen(slots=True)
class Sending:
    """How the requests of one set of options go: the checked message shape (recipients
    and texts are added per request) and the cost mode."""

    shape: MessageShape
    cost: CostMode

    @classmethod
    def check(cls, options: Mapping[str, Any]) -> Sending:
        """Validate send options, with a bulk job's defaults: ``err`` (unless ``op`` is
        given), so that failed numbers map back to recipients, and ``cost=2``, so that
        the cost goes into the report."""
        if "op" not in options and "err" not in options:
            options = {**options, "err": True}
        cost = cost_mode(options.get("cost", CostMode.WITH_COST))
        return cls(MessageShape.build(options), cost)


def recipient_or_pair(item: object) -> Recipient | tuple[str, str]:
    """An input item as a recipient or a pair; ValidationError for anything else (a bug in
    the caller's input, which stops the job)."""
    if isinstance(item, Recipient):
        return item
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return (item[0], item[1])
    raise ValidationError(
        f"recipients must be Recipient objects or (phone, text) pairs, got {item!r}"
    )


def _recipient(item: Recipient | tuple[str, str]) -> Recipient:
    recipient = item if isinstance(item, Recipient) else Recipient(*item)
    if isinstance(recipient.phone, str) and is_plain_phone(recipient.phone):
        phone = recipient.phone  # the common case, checked cheaply
    else:
        (phone,) = phone_list([recipient.phone], name="recipient phone")
    if ":" in phone:
        raise ValidationError(f"recipient phone {phone!r} may not contain ':'")
    if not isinstance(recipient.text, str) or not recipient.text:
        raise ValidationError(f"the text for {phone} must be a non-empty string")
    if recipient.id is not None:
        validate_id(recipient.id, name="recipient id")
    return recipient if phone == recipient.phone else attrs.evolve(recipient, phone=phone)


def _listable(shape: MessageShape, text: str) -> bool:
    """Whether a message may go on a ``list`` line: one line of text, and no comment
    (the service takes none with ``list``)."""
    return shape.comment is None and "\n" not in text and "\r" not in text


class Intake:
    """Checks a job's shared options (at once: ValidationError before anything is sent)
    and then each input item against them. A plain ``(number, text)`` pair takes a cheap
    path when the options allow; anything else is checked by building the message it will
    go as."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        try:
            accept(options, SharedSendOptions, where="send_bulk()")
        except TypeError as exc:
            raise ValidationError(f"send_bulk: {exc}") from None
        self.options = dict(options)
        self.shared = Sending.check(self.options)
        shape = self.shared.shape
        shape.probe()  # options that no recipient could go with fail now
        self.cheap = (
            shape.comment is None
            and not shape.prefix
            and shape.channel not in (Channel.MAIL, Channel.BIN_HEX)
        )
        self._kept: dict[tuple[tuple[str, Any], ...], Sending] = {}

    def plain(self, item: object) -> tuple[Recipient, bool] | None:
        """A plain number and a text with nothing to check further, and whether it may go
        on a ``list`` line; None otherwise."""
        if self.cheap and isinstance(item, (tuple, list)) and len(item) == 2:
            phone, text = item
            if (
                type(phone) is str
                and type(text) is str
                and 0 < len(text) <= MAX_TEXT_LENGTH
                and not text.isspace()
                and not text.startswith(PREFIX_MARK)  # a channel prefix: the long way
                and is_plain_phone(phone)
            ):
                return Recipient(phone, text), _listable(self.shared.shape, text)
        return None

    def checked(self, item: Recipient | tuple[str, str]) -> tuple[Recipient, bool]:
        """(the recipient, whether it may go on a ``list`` line); ValidationError when
        the message it makes would be refused."""
        recipient = _recipient(item)
        try:
            accept(recipient.options, SharedSendOptions, where="Recipient")
        except TypeError as exc:
            raise ValidationError(f"the options for {recipient.phone}: {exc}") from None
        shape = self.sending(packing_key(recipient)[1]).shape
        shape.message(recipient.phone, recipient.text)
        return recipient, _listable(shape, recipient.text)

    def sending(self, options: tuple[tuple[str, Any], ...]) -> Sending:
        """How a request with these per-recipient options goes (the shared options with
        them on top); ValidationError when they are invalid."""
        if not options:
            return self.shared
        found = self._kept.get(options)
        if found is None:
            found = Sending.check({**self.options, **dict(options)})
            if len(self._kept) >= _MAX_KEPT:
                self._kept.clear()
            self._kept[options] = found
        return found
