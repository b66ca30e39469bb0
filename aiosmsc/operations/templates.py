"""``templates.php`` (message templates: add, change, delete, list) and
``op_templates.php`` (operator templates: add, list), REFERENCE §4.12 and §4.13.

The parameter names come from third-party clients and the reply shapes are not
documented: replies are read tolerantly (see :mod:`.senders_replies`) and anything not
modelled is kept in ``extra``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs
from typing_extensions import TypedDict, Unpack

from ..decoder.converter import structure
from ..decoder.records import Layout, Record
from ..errors import ValidationError
from ..models.templates import OperatorTemplate, Template, TemplateResult
from .base import Operation, Reply, WireOperation
from .fields import FieldTable, switch
from .options import accept
from .params import validate_id
from .senders_replies import ResultReplies, list_reply, tolerant_ints

__all__ = [
    "OPERATIONS",
    "AddOperatorTemplate",
    "AddTemplate",
    "ChangeTemplate",
    "DeleteTemplate",
    "ListOperatorTemplates",
    "ListTemplates",
    "OperatorTemplateOptions",
    "TemplateChanges",
    "TemplateFormat",
    "TemplateOptions",
]


class TemplateFormat(str, enum.Enum):
    """``format`` of a message template: the channel it is meant for."""

    SMS = "sms"
    FLASH = "flash"
    BIN = "bin"
    PUSH = "push"
    MMS = "mms"
    CALL = "call"
    MAIL = "mail"
    VIBER = "viber"
    ANY = ""  # no particular channel


class TemplateOptions(TypedDict, total=False):
    """What a message template may carry besides its name and text; each is left out
    when missing."""

    #: The channel it is meant for (:class:`TemplateFormat`).
    format: TemplateFormat | str | None
    #: A sender name.
    sender: str | None
    #: Further templates.php parameters, passed as written (``{"fl[1]": 1}``).
    params: Mapping[str, str | int] | None


class TemplateChanges(TemplateOptions, total=False):
    """What ``smsc.templates.change`` may replace (at least one)."""

    #: The template's new name.
    name: str | None
    #: The template's new text.
    msg: str | None


class OperatorTemplateOptions(TypedDict, total=False):
    """Per operator, whether an operator template is a service (``*_srv``) or a
    transactional (``*_trn``) one; not both; each ``False`` when missing."""

    #: MTS: service template.
    mts_srv: bool
    #: MTS: transactional template.
    mts_trn: bool
    #: MegaFon: service template.
    mega_srv: bool
    #: MegaFon: transactional template.
    mega_trn: bool
    #: Beeline: service template.
    bee_srv: bool
    #: Beeline: transactional template.
    bee_trn: bool
    #: Tele2: service template.
    tele2_srv: bool
    #: Tele2: transactional template.
    tele2_trn: bool


# Assumed fmt=1 layouts (not documented): the text last, as it may contain commas.
_TEMPLATE_LAYOUTS = (
    Layout(("id", "name", "format", "sender", "msg"), greedy="msg", short_ok=True),
)
_OP_TEMPLATE_LAYOUTS = (Layout(("id", "sender", "msg"), greedy="msg", short_ok=True),)
_ID_LAYOUTS = (Layout(("id",), short_ok=True, surplus="more"),)
_OPERATOR_FLAGS = ("mts", "mega", "bee", "tele2")
_OP_INTS = ("status", *(f"{op}_{kind}" for op in _OPERATOR_FLAGS for kind in ("srv", "trn")))


def _text(value: object, *, name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string")
    return value


def _required(value: object, *, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a non-empty string")
    return value


def _format(value: TemplateFormat | str, *, name: str) -> str:
    try:
        return TemplateFormat(value).value
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in TemplateFormat)
        raise ValidationError(f"{name} must be one of {allowed}, got {value!r}") from None


_FIELDS = FieldTable(
    TemplateChanges,
    {"name": _required, "msg": _required, "format": _format, "sender": _text},
    reserved={"add", "chg", "del", "get", "id"},
)
_SWITCHES = FieldTable(
    OperatorTemplateOptions,
    {f"{operator}_{kind}": switch for operator in _OPERATOR_FLAGS for kind in ("srv", "trn")},
)


class _TemplateChange(ResultReplies, Operation[TemplateResult]):
    """A change to a template: not idempotent; its reply is a :class:`TemplateResult`,
    the id asked about filled in when it leaves it out."""

    __slots__ = ()

    idempotent = False
    model = TemplateResult


def _template(row: Record) -> Template:
    return structure(row, Template)


def _operator_template(row: Record) -> OperatorTemplate:
    return structure(tolerant_ints(dict(row), _OP_INTS), OperatorTemplate)


@attrs.frozen(slots=True)
class ListTemplates(WireOperation[list[Template]]):
    """The message templates (``get=1``)."""

    name = "templates.list"
    selector = "get"
    script = "templates"

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[Template]]:
        keys = frozenset({"id", "name", "msg", "text"})
        return list_reply(cls.name, cls.script, _TEMPLATE_LAYOUTS, keys, "name", _template)


@attrs.frozen(slots=True)
class AddTemplate(_TemplateChange, WireOperation[TemplateResult]):
    """Add a message template (``add=1``): its ``name`` and text ``msg`` are required."""

    name = "templates.add"
    selector = "add"
    script = "templates"
    layouts = _ID_LAYOUTS

    @classmethod
    def build(cls, name: str, msg: str, **options: Unpack[TemplateOptions]) -> AddTemplate:
        """Validate the template."""
        accept(options, TemplateOptions, where=f"{cls.name}()")
        named = {"name": _required(name, name="name"), "msg": _required(msg, name="msg")}
        return cls(_FIELDS.write({**named, **options}))


@attrs.frozen(slots=True)
class ChangeTemplate(_TemplateChange):
    """Change a message template (``chg=1``) found by ``id``."""

    name = "templates.change"
    script = "templates"

    id: str
    wire: Mapping[str, str]

    @classmethod
    def build(cls, id: str | int, **changes: Unpack[TemplateChanges]) -> ChangeTemplate:
        """Validate the id and what changes (at least one field)."""
        accept(changes, TemplateChanges, where=f"{cls.name}()")
        wire = _FIELDS.write_changes(changes, give="name, msg, format or sender")
        return cls(validate_id(id), wire)

    def params(self) -> dict[str, str]:
        return {"chg": "1", "id": self.id, **self.wire}


@attrs.frozen(slots=True)
class DeleteTemplate(_TemplateChange):
    """Delete a message template (``del=1``) by ``id``."""

    name = "templates.delete"
    script = "templates"

    id: str

    @classmethod
    def build(cls, id: str | int) -> DeleteTemplate:
        """Validate the id."""
        return cls(validate_id(id))

    def params(self) -> dict[str, str]:
        return {"del": "1", "id": self.id}


@attrs.frozen(slots=True)
class ListOperatorTemplates(WireOperation[list[OperatorTemplate]]):
    """The operator templates (``op_templates.php`` with ``get=1``)."""

    name = "operator_templates.list"
    selector = "get"
    script = "op_templates"

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[OperatorTemplate]]:
        keys = frozenset({"id", "sender", "msg", "text"})
        return list_reply(
            cls.name, cls.script, _OP_TEMPLATE_LAYOUTS, keys, "msg", _operator_template
        )


@attrs.frozen(slots=True)
class AddOperatorTemplate(_TemplateChange, WireOperation[TemplateResult]):
    """Submit an operator template (``add=1``): ``sender``, text ``msg``, and per operator
    whether it is a service (``*_srv``) or a transactional (``*_trn``) template."""

    name = "operator_templates.add"
    selector = "add"
    script = "op_templates"
    layouts = _ID_LAYOUTS

    @classmethod
    def build(
        cls, sender: str, msg: str, **switches: Unpack[OperatorTemplateOptions]
    ) -> AddOperatorTemplate:
        """Validate the template; an operator takes it as service or transactional, not
        both."""
        accept(switches, OperatorTemplateOptions, where=f"{cls.name}()")
        on = _SWITCHES.write(switches)
        for operator in _OPERATOR_FLAGS:
            if f"{operator}_srv" in on and f"{operator}_trn" in on:
                raise ValidationError(
                    f"{operator}_srv and {operator}_trn exclude each other: pick one"
                )
        named = {"sender": _required(sender, name="sender"), "msg": _required(msg, name="msg")}
        return cls({**named, **on})


#: Every operation class of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (
    ListTemplates,
    AddTemplate,
    ChangeTemplate,
    DeleteTemplate,
    ListOperatorTemplates,
    AddOperatorTemplate,
)
