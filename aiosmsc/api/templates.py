"""``smsc.templates`` and ``smsc.operator_templates`` (templates.php, op_templates.php)."""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from ..models.templates import OperatorTemplate, Template, TemplateResult
from ..operations.templates import (
    AddOperatorTemplate,
    AddTemplate,
    ChangeTemplate,
    DeleteTemplate,
    ListOperatorTemplates,
    ListTemplates,
    OperatorTemplateOptions,
    TemplateChanges,
    TemplateOptions,
)
from .base import Namespace

__all__ = ["OperatorTemplates", "Templates"]


class Templates(Namespace):
    """Message templates: add, change, delete, list."""

    __slots__ = ()

    async def list(self, *, fmt: int | None = None) -> builtins.list[Template]:
        """The message templates."""
        return await self._call(ListTemplates(), fmt)

    async def add(
        self, name: str, msg: str, *, fmt: int | None = None, **options: Unpack[TemplateOptions]
    ) -> TemplateResult:
        """Add a template named ``name`` with text ``msg``; the result's ``id`` is its id.

        ``format`` is the channel (:class:`TemplateFormat`), ``sender`` a sender name;
        ``params`` passes other templates.php parameters as written (``{"fl[1]": 1}``).
        """
        return await self._call(AddTemplate.build(name, msg, **options), fmt)

    async def change(
        self, id: str | int, *, fmt: int | None = None, **changes: Unpack[TemplateChanges]
    ) -> TemplateResult:
        """Change the template ``id``: the fields given are replaced."""
        return await self._call(ChangeTemplate.build(id, **changes), fmt)

    async def delete(self, id: str | int, *, fmt: int | None = None) -> TemplateResult:
        """Delete the template ``id``."""
        return await self._call(DeleteTemplate.build(id), fmt)


class OperatorTemplates(Namespace):
    """Operator templates: add, list."""

    __slots__ = ()

    async def list(self, *, fmt: int | None = None) -> builtins.list[OperatorTemplate]:
        """The operator templates submitted so far."""
        return await self._call(ListOperatorTemplates(), fmt)

    async def add(
        self,
        sender: str,
        msg: str,
        *,
        fmt: int | None = None,
        **switches: Unpack[OperatorTemplateOptions],
    ) -> TemplateResult:
        """Submit an operator template for ``sender``: per operator, ``*_srv=True`` for a
        service template or ``*_trn=True`` for a transactional one."""
        return await self._call(AddOperatorTemplate.build(sender, msg, **switches), fmt)
