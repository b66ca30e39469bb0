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

from ..decoder.converter import structure
from ..decoder.document import Document
from ..decoder.records import Layout, Record
from ..errors import ValidationError
from ..models.templates import OperatorTemplate, Template, TemplateResult
from .base import Operation, Reply, WireOperation
from .params import RESERVED_PARAMS, validate_id
from .senders_replies import action_record, list_reply, tolerant_ints

__all__ = [
    "OPERATIONS",
    "AddOperatorTemplate",
    "AddTemplate",
    "ChangeTemplate",
    "DeleteTemplate",
    "ListOperatorTemplates",
    "ListTemplates",
    "TemplateFormat",
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


# Assumed fmt=1 layouts (not documented): the text last, as it may contain commas.
_TEMPLATE_LAYOUTS = (
    Layout(("id", "name", "format", "sender", "msg"), greedy="msg", short_ok=True),
)
_OP_TEMPLATE_LAYOUTS = (Layout(("id", "sender", "msg"), greedy="msg", short_ok=True),)
_ID_LAYOUTS = (Layout(("id",), short_ok=True, surplus="more"),)
_RESULT_LAYOUTS = (Layout(("result",), short_ok=True, surplus="more"),)
_OPERATOR_FLAGS = ("mts", "mega", "bee", "tele2")
_OP_INTS = ("status", *(f"{op}_{kind}" for op in _OPERATOR_FLAGS for kind in ("srv", "trn")))
_TEMPLATE_PARAMS = frozenset({"add", "chg", "del", "get", "id", "name", "msg", "format", "sender"})


def _string(value: object, name: str, *, required: bool = False) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValidationError(f"{name} must be a {'non-empty ' if required else ''}string")
    return value


def _format(value: TemplateFormat | str) -> str:
    try:
        return TemplateFormat(value).value
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in TemplateFormat)
        raise ValidationError(f"format must be one of {allowed}, got {value!r}") from None


def _extra_params(params: Mapping[str, str | int] | None) -> dict[str, str]:
    wire: dict[str, str] = {}
    for name, value in (params or {}).items():
        if name in RESERVED_PARAMS or name in _TEMPLATE_PARAMS:
            raise ValidationError(f"params may not set {name!r}: it has its own argument")
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValidationError(f"params[{name!r}] must be a string or an integer")
        wire[name] = str(value)
    return wire


def _fields(
    name: str | None,
    msg: str | None,
    format: TemplateFormat | str | None,
    sender: str | None,
    params: Mapping[str, str | int] | None,
) -> dict[str, str]:
    wire: dict[str, str] = {}
    if name is not None:
        wire["name"] = _string(name, "name", required=True)
    if msg is not None:
        wire["msg"] = _string(msg, "msg", required=True)
    if format is not None:
        wire["format"] = _format(format)
    if sender is not None:
        wire["sender"] = _string(sender, "sender")
    wire.update(_extra_params(params))
    return wire


def _result_reply(
    operation: str, script: str, layouts: tuple[Layout, ...], params: Mapping[str, Any]
) -> Reply[TemplateResult]:
    asked_id = params.get("id")

    def build(document: Document) -> TemplateResult:
        record = action_record(document, layouts)
        if not record.get("id") and asked_id not in (None, ""):
            record["id"] = str(asked_id)
        return structure(record, TemplateResult)

    return Reply(operation, script, build)


def _template(row: Record) -> Template:
    return structure(row, Template)


def _operator_template(row: Record) -> OperatorTemplate:
    return structure(tolerant_ints(dict(row), _OP_INTS), OperatorTemplate)


@attrs.frozen(slots=True)
class ListTemplates(Operation[list[Template]]):
    """The message templates (``get=1``)."""

    name = "templates.list"
    script = "templates"

    def params(self) -> dict[str, str]:
        return {"get": "1"}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[Template]]:
        keys = frozenset({"id", "name", "msg", "text"})
        return list_reply(cls.name, cls.script, _TEMPLATE_LAYOUTS, keys, "name", _template)


@attrs.frozen(slots=True)
class AddTemplate(WireOperation[TemplateResult]):
    """Add a message template (``add=1``): its ``name`` and text ``msg`` are required."""

    name = "templates.add"
    selector = "add"
    script = "templates"
    idempotent = False

    @classmethod
    def build(
        cls,
        name: str,
        msg: str,
        *,
        format: TemplateFormat | str | None = None,
        sender: str | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> AddTemplate:
        """Validate the template."""
        _string(name, "name", required=True)
        _string(msg, "msg", required=True)
        return cls(_fields(name, msg, format, sender, params))

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[TemplateResult]:
        return _result_reply(cls.name, cls.script, _ID_LAYOUTS, params)


@attrs.frozen(slots=True)
class ChangeTemplate(Operation[TemplateResult]):
    """Change a message template (``chg=1``) found by ``id``."""

    name = "templates.change"
    script = "templates"
    idempotent = False

    id: str
    wire: Mapping[str, str]

    @classmethod
    def build(
        cls,
        id: str | int,
        *,
        name: str | None = None,
        msg: str | None = None,
        format: TemplateFormat | str | None = None,
        sender: str | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> ChangeTemplate:
        """Validate the id and what changes (at least one field)."""
        wire = _fields(name, msg, format, sender, params)
        if not wire:
            raise ValidationError("change needs at least one of name, msg, format, sender")
        return cls(validate_id(id), wire)

    def params(self) -> dict[str, str]:
        return {"chg": "1", "id": self.id, **self.wire}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[TemplateResult]:
        return _result_reply(cls.name, cls.script, _RESULT_LAYOUTS, params)


@attrs.frozen(slots=True)
class DeleteTemplate(Operation[TemplateResult]):
    """Delete a message template (``del=1``) by ``id``."""

    name = "templates.delete"
    script = "templates"
    idempotent = False

    id: str

    @classmethod
    def build(cls, id: str | int) -> DeleteTemplate:
        """Validate the id."""
        return cls(validate_id(id))

    def params(self) -> dict[str, str]:
        return {"del": "1", "id": self.id}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[TemplateResult]:
        return _result_reply(cls.name, cls.script, _RESULT_LAYOUTS, params)


@attrs.frozen(slots=True)
class ListOperatorTemplates(Operation[list[OperatorTemplate]]):
    """The operator templates (``op_templates.php`` with ``get=1``)."""

    name = "operator_templates.list"
    script = "op_templates"

    def params(self) -> dict[str, str]:
        return {"get": "1"}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[OperatorTemplate]]:
        keys = frozenset({"id", "sender", "msg", "text"})
        return list_reply(
            cls.name, cls.script, _OP_TEMPLATE_LAYOUTS, keys, "msg", _operator_template
        )


@attrs.frozen(slots=True)
class AddOperatorTemplate(WireOperation[TemplateResult]):
    """Submit an operator template (``add=1``): ``sender``, text ``msg``, and per operator
    whether it is a service (``*_srv``) or a transactional (``*_trn``) template."""

    name = "operator_templates.add"
    selector = "add"
    script = "op_templates"
    idempotent = False

    @classmethod
    def build(
        cls,
        sender: str,
        msg: str,
        *,
        mts_srv: bool = False,
        mts_trn: bool = False,
        mega_srv: bool = False,
        mega_trn: bool = False,
        bee_srv: bool = False,
        bee_trn: bool = False,
        tele2_srv: bool = False,
        tele2_trn: bool = False,
    ) -> AddOperatorTemplate:
        """Validate the template; an operator takes it as service or transactional, not
        both."""
        wire = {
            "sender": _string(sender, "sender", required=True),
            "msg": _string(msg, "msg", required=True),
        }
        switches = {
            "mts": (mts_srv, mts_trn),
            "mega": (mega_srv, mega_trn),
            "bee": (bee_srv, bee_trn),
            "tele2": (tele2_srv, tele2_trn),
        }
        for operator, (service, transactional) in switches.items():
            for kind, value in (("srv", service), ("trn", transactional)):
                if not isinstance(value, (bool, int)) or int(value) not in (0, 1):
                    raise ValidationError(f"{operator}_{kind} must be True or False")
            if service and transactional:
                raise ValidationError(
                    f"{operator}_srv and {operator}_trn exclude each other: pick one"
                )
            if service:
                wire[f"{operator}_srv"] = "1"
            if transactional:
                wire[f"{operator}_trn"] = "1"
        return cls(wire)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[TemplateResult]:
        return _result_reply(cls.name, cls.script, _ID_LAYOUTS, params)


#: Every operation class of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (
    ListTemplates,
    AddTemplate,
    ChangeTemplate,
    DeleteTemplate,
    ListOperatorTemplates,
    AddOperatorTemplate,
)
