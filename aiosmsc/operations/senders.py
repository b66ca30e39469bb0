"""``senders.php``: sender names (REFERENCE §9) — list, add, change, delete, and the
SMS code that confirms a digital sender.

Every operation validates its arguments when built (``build``), so a bad value raises
:class:`~aiosmsc.errors.ValidationError` before anything is sent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from typing_extensions import TypedDict, Unpack

from ..decoder.converter import structure
from ..decoder.records import Layout, Record
from ..errors import ValidationError
from ..models.senders import SenderName, SenderResult
from ..models.senders_codes import OPERATOR_FIELDS, operator_field, registration_code
from ..quotas import Quota
from .base import Operation, Reply
from .options import accept
from .params import validate_id
from .script_limits import IdenticalLimit, script_quota
from .senders_params import DOCUMENT_PART, SenderDocument, SenderRegistration
from .senders_replies import ResultReplies, list_reply, pop_replacements, tolerant_ints

__all__ = [
    "OPERATIONS",
    "AddSender",
    "ChangeSender",
    "CheckSenderCode",
    "DeleteSender",
    "ListSenders",
    "NewSender",
    "SendSenderCode",
    "SenderDocumentLike",
    "SenderOptions",
    "SenderRegistrationLike",
    "sender_name",
]

#: fmt=1 columns of a list line, in the order §9.3 documents the fields.
LIST_COLUMNS: tuple[str, ...] = (
    "sender",
    *(field for field, _, _ in OPERATOR_FIELDS),
    "status",
    "id",
)
# Short lines fill the leading columns; surplus fields are kept (``extra["more"]``);
# values are not checked here: a code that is not a number is kept raw, not refused.
_LIST_LAYOUTS = (Layout(LIST_COLUMNS, short_ok=True, surplus="more"),)
_CODE_FIELDS = ("status", *(field for field, _, _ in OPERATOR_FIELDS))
_KNOWN = frozenset(attrs.fields_dict(SenderName))
_ROW_KEYS = frozenset({"sender", "name", "sender_name", "text", "id"})
_ID_LAYOUTS = (Layout(("id",), short_ok=True, surplus="more"),)
_PHONE = re.compile(r"\+?[0-9]{5,15}")

SenderDocumentLike = SenderDocument | tuple[str, bytes] | str | os.PathLike[str]
SenderRegistrationLike = SenderRegistration | Iterable[str]


class SenderOptions(TypedDict, total=False):
    """What adding or changing a sender name may carry; each is left out when missing."""

    #: A comment for the moderators.
    cmt: str | None
    #: Registrations to ask operators for: a :class:`SenderRegistration`, or flag names
    #: such as ``["mts_step", "mega_step"]``.
    registration: SenderRegistrationLike | None
    #: A supporting document: a :class:`SenderDocument`, a ``(filename, bytes)`` pair or
    #: a path (jpg, tif, pdf, png, zip or rar up to 3 MB).
    document: SenderDocumentLike | None
    #: A comment on the document.
    doc_info: str | None


class NewSender(SenderOptions, total=False):
    """What ``smsc.senders.add`` takes besides the name."""

    #: The name is a sender e-mail address (default ``False``).
    mail: bool
    #: The e-mail address's owner.
    name: str | None


def sender_name(row: Record) -> SenderName:
    """One row of a list reply as a :class:`SenderName`."""
    record = dict(row)
    replacements = pop_replacements(record)
    if "replacements" in record:  # present but unreadable: kept raw
        record["raw_replacements"] = record.pop("replacements")
    tolerant_ints(record, _CODE_FIELDS)
    for key, value in record.items():
        if key not in _KNOWN and operator_field(key) is not None:
            # A status field the model does not name yet: typed like the others.
            code = registration_code(value)
            if code is not None:
                record[key] = code
    name = structure(record, SenderName)
    return attrs.evolve(name, replacements=replacements) if replacements else name


def _sender(value: object, name: str = "sender") -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a non-empty string, got {value!r}")
    if any(ch in value for ch in "\r\n\t"):
        raise ValidationError(f"{name} must be one line, got {value!r}")
    return value


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string, got {value!r}")
    return value


def _registration(value: SenderRegistrationLike | None) -> SenderRegistration | None:
    if value is None or isinstance(value, SenderRegistration):
        return value
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValidationError(
            f"registration must be a SenderRegistration or flag names, got {value!r}"
        )
    flags = list(value)
    unknown = [flag for flag in flags if flag not in SenderRegistration.FLAGS]
    if unknown:
        raise ValidationError(
            f"registration: unknown flag(s) {unknown!r}; known: {SenderRegistration.FLAGS}"
        )
    switches: dict[str, Any] = dict.fromkeys(flags, True)
    return SenderRegistration(**switches)


@attrs.frozen(slots=True)
class _Options:
    """What ``add`` and ``chg`` share: comment, registrations, document."""

    wire: Mapping[str, str]
    document: SenderDocument | None

    @classmethod
    def of(cls, options: SenderOptions) -> _Options:
        wire: dict[str, str] = {}
        cmt, document, doc_info = (
            options.get("cmt"),
            options.get("document"),
            options.get("doc_info"),
        )
        if cmt is not None:
            wire["cmt"] = _text(cmt, "cmt")
        chosen = _registration(options.get("registration"))
        if chosen is not None:
            wire.update(chosen.wire())
        doc = SenderDocument.coerce(document) if document is not None else None
        if doc_info is not None:
            wire["doc_info"] = _text(doc_info, "doc_info")
        return cls(wire, doc)

    def files(self) -> Mapping[str, tuple[str, bytes, str]] | None:
        """The document as the multipart upload, if there is one."""
        return {DOCUMENT_PART: self.document.part()} if self.document is not None else None


#: senders.php takes at most five creations a minute [DOC].
_CREATIONS = script_quota("senders", "add", 5)


class _SenderChange(ResultReplies, Operation[SenderResult]):
    """A senders.php request that changes something: not idempotent; its reply is a
    :class:`SenderResult`, the name and id asked about filled in when it leaves them out."""

    __slots__ = ()

    script = "senders"
    idempotent = False
    model = SenderResult
    echo = ("id", "sender")


@attrs.frozen(slots=True)
class ListSenders(IdenticalLimit, Operation[list[SenderName]]):
    """The sender names (``get=1``): activated ones, or all with ``all``; ``operators``
    adds the replacement analogs. At most three identical list requests a minute [DOC]."""

    name = "senders.list"
    script = "senders"
    identical_limit = 3

    all: bool = False
    operators: bool = False

    def params(self) -> dict[str, str]:
        wire = {"get": "1"}
        if self.all:
            wire["all"] = "1"
        if self.operators:
            wire["operators"] = "1"
        return wire

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[SenderName]]:
        return list_reply(cls.name, cls.script, _LIST_LAYOUTS, _ROW_KEYS, "sender", sender_name)


@attrs.frozen(slots=True)
class AddSender(_SenderChange):
    """Add a sender name (``add=1``), with the registrations and document it needs. At
    most five creations a minute [DOC]."""

    name = "senders.add"
    layouts = _ID_LAYOUTS

    sender: str
    options: _Options
    mail: bool = False
    owner: str | None = None

    @classmethod
    def build(cls, sender: str, **options: Unpack[NewSender]) -> AddSender:
        """Validate a new name; with ``mail`` the name is an e-mail address."""
        accept(options, NewSender, where=f"{cls.name}()")
        sender, mail, name = _sender(sender), options.get("mail", False), options.get("name")
        if mail and "@" not in sender:
            raise ValidationError(f"sender must be an e-mail address with mail=True: {sender!r}")
        if name is not None:
            name = _sender(name, "name")
        return cls(sender, _Options.of(options), bool(mail), name)

    def quotas(self) -> Sequence[Quota]:
        return (_CREATIONS,)

    def params(self) -> dict[str, str]:
        wire = {"add": "1", "sender": self.sender, **self.options.wire}
        if self.mail:
            wire["mail"] = "1"
        if self.owner is not None:
            wire["name"] = self.owner
        return wire

    def files(self) -> Mapping[str, tuple[str, bytes, str]] | None:
        return self.options.files()


def _target(sender: str | None, id: str | int | None) -> dict[str, str]:
    if sender is None and id is None:
        raise ValidationError("give the sender name or its id")
    wire = {}
    if sender is not None:
        wire["sender"] = _sender(sender)
    if id is not None:
        wire["id"] = validate_id(id)
    return wire


@attrs.frozen(slots=True)
class ChangeSender(_SenderChange):
    """Change a sender name (``chg=1``), found by name or id: comment, registrations,
    document."""

    name = "senders.change"

    target: Mapping[str, str]
    options: _Options

    @classmethod
    def build(
        cls,
        sender: str | None = None,
        *,
        id: str | int | None = None,
        **options: Unpack[SenderOptions],
    ) -> ChangeSender:
        """Validate the name (or id) and what changes."""
        accept(options, SenderOptions, where=f"{cls.name}()")
        return cls(_target(sender, id), _Options.of(options))

    def params(self) -> dict[str, str]:
        return {"chg": "1", **self.target, **self.options.wire}

    def files(self) -> Mapping[str, tuple[str, bytes, str]] | None:
        return self.options.files()


@attrs.frozen(slots=True)
class DeleteSender(_SenderChange):
    """Delete a sender name (``del=1``), found by name or id."""

    name = "senders.delete"

    target: Mapping[str, str]

    @classmethod
    def build(cls, sender: str | None = None, *, id: str | int | None = None) -> DeleteSender:
        """Validate the name or id."""
        return cls(_target(sender, id))

    def params(self) -> dict[str, str]:
        return {"del": "1", **self.target}


def _digital(sender: str) -> str:
    sender = _sender(sender)
    if not _PHONE.fullmatch(sender.strip()):
        raise ValidationError(f"sender must be a phone number (a digital sender), got {sender!r}")
    return sender.strip()


@attrs.frozen(slots=True)
class SendSenderCode(_SenderChange):
    """Send the confirmation code by SMS to a digital sender name (``send_code=1``)."""

    name = "senders.send_code"

    sender: str

    @classmethod
    def build(cls, sender: str) -> SendSenderCode:
        """Validate the digital sender (a phone number)."""
        return cls(_digital(sender))

    def params(self) -> dict[str, str]:
        return {"send_code": "1", "sender": self.sender}


@attrs.frozen(slots=True)
class CheckSenderCode(_SenderChange):
    """Confirm a digital sender name with the code it received (``check_code=1``)."""

    name = "senders.check_code"

    sender: str
    code: str

    @classmethod
    def build(cls, sender: str, code: str | int) -> CheckSenderCode:
        """Validate the digital sender and the code."""
        if isinstance(code, bool) or not isinstance(code, (str, int)):
            raise ValidationError(f"code must be a string or an integer, got {code!r}")
        text = str(code).strip()
        if not text or not text.isalnum():
            raise ValidationError(f"code must be letters or digits, got {code!r}")
        return cls(_digital(sender), text)

    def params(self) -> dict[str, str]:
        return {"check_code": "1", "sender": self.sender, "code": self.code}


#: Every operation class of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (
    ListSenders,
    AddSender,
    ChangeSender,
    DeleteSender,
    SendSenderCode,
    CheckSenderCode,
)
