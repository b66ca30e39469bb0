"""Replies read as plain records (get.php, users.php, info.php, receive_phones.php,
ping.php, ...): a list whose rows are one model each, and a short success reply.

The mixins :class:`ListReplies` and :class:`ActionReplies` give an operation class its
``reply_for`` from two class attributes, so each class states only what differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from ..decoder.converter import structure
from ..decoder.document import Document
from ..decoder.records import Layout, Record, one_record, record_rows
from ..models.data import ActionResult
from .base import Reply

__all__ = [
    "ACTION_LAYOUTS",
    "ActionReplies",
    "ListReplies",
    "action_reply",
    "list_reply",
    "one_record_reply",
]

M = TypeVar("M")

#: fmt=1 forms of a short success reply: ``1``, ``OK``, ``1,<cost>,<balance>``.
ACTION_LAYOUTS = (Layout(("result", "cost", "balance"), short_ok=True, surplus="more"),)


def list_reply(
    operation: str, script: str, model: type[M], layouts: tuple[Layout, ...] = ()
) -> Reply[list[M]]:
    """The reply of a list request: every row structured as ``model``, in reply order."""

    def build(document: Document) -> list[M]:
        if document.kind == "json" and document.value in ({}, None):
            return []
        return [structure(row, model) for row in record_rows(document, layouts) if row]

    return Reply(operation, script, build, empty=list)


def action_reply(
    operation: str, script: str, layouts: tuple[Layout, ...] = ACTION_LAYOUTS
) -> Reply[ActionResult]:
    """A short success reply of any shape: ``OK``, ``1``, ``{"result": "OK"}``, ``{}``;
    ``layouts`` name the fields of an fmt=1 reply."""

    def build(document: Document) -> ActionResult:
        if document.kind == "json" and not isinstance(document.value, dict):
            items = document.value if isinstance(document.value, list) else [document.value]
            if not items:
                return ActionResult()
            if len(items) != 1 or not isinstance(items[0], dict):
                return structure({"result": _text(document.value)}, ActionResult)
        record: Record = one_record(document, layouts)
        return structure(record, ActionResult)

    return Reply(operation, script, build, empty=lambda: ActionResult(result=None))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


class ListReplies:
    """Mixin of an operation whose reply is a list of ``model`` rows (:func:`list_reply`)."""

    __slots__ = ()

    name: ClassVar[str]
    script: ClassVar[str]
    #: What each row becomes.
    model: ClassVar[type[Any]]
    #: The fields of an fmt=1 line.
    layouts: ClassVar[tuple[Layout, ...]] = ()

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[Any]]:
        return list_reply(cls.name, cls.script, cls.model, cls.layouts)


class ActionReplies:
    """Mixin of an operation whose reply is a short success reply (:func:`action_reply`)."""

    __slots__ = ()

    name: ClassVar[str]
    script: ClassVar[str]
    #: The fields of an fmt=1 reply.
    layouts: ClassVar[tuple[Layout, ...]] = ACTION_LAYOUTS

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[ActionResult]:
        return action_reply(cls.name, cls.script, cls.layouts)


def one_record_reply(
    operation: str,
    script: str,
    model: type[M],
    layouts: tuple[Layout, ...],
    *,
    asked: Mapping[str, object] | None = None,
) -> Reply[M]:
    """A reply that is one record, structured as ``model``. ``asked`` holds what the
    request named (the phone looked up): it fills the field of that name when the reply
    leaves it (and its aliases) out."""
    echoed = {key: str(value) for key, value in (asked or {}).items() if value}
    aliases: Mapping[str, str] = getattr(model, "aliases", {})

    def build(document: Document) -> M:
        record = one_record(document, layouts)
        for key, value in echoed.items():
            names = [key, *(alias for alias, target in aliases.items() if target == key)]
            if not any(record.get(name) for name in names):
                record[key] = value
        return structure(record, model)

    return Reply(operation, script, build)
