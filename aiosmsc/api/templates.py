"""``smsc.templates`` and ``smsc.operator_templates`` (templates.php, op_templates.php)."""

from __future__ import annotations

import builtins
from collections.abc import Mapping

from ..models.templates import OperatorTemplate, Template, TemplateResult
from ..operations.templates import (
    AddOperatorTemplate,
    AddTemplate,
    ChangeTemplate,
    DeleteTemplate,
    ListOperatorTemplates,
    ListTemplates,
    TemplateFormat,
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
        self,
        name: str,
        msg: str,
        *,
        format: TemplateFormat | str | None = None,
        sender: str | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> TemplateResult:
        """Add a template named ``name`` with text ``msg``; the result's ``id`` is its id.

        ``format`` is the channel (:class:`TemplateFormat`), ``sender`` a sender name;
        ``params`` passes other templates.php parameters as written (``{"fl[1]": 1}``).
        """
        operation = AddTemplate.build(name, msg, format=format, sender=sender, params=params)
        return await self._call(operation, fmt)

    async def change(
        self,
        id: str | int,
        *,
        name: str | None = None,
        msg: str | None = None,
        format: TemplateFormat | str | None = None,
        sender: str | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> TemplateResult:
        """Change the template ``id``: the fields given are replaced."""
        operation = ChangeTemplate.build(
            id, name=name, msg=msg, format=format, sender=sender, params=params
        )
        return await self._call(operation, fmt)

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
        mts_srv: bool = False,
        mts_trn: bool = False,
        mega_srv: bool = False,
        mega_trn: bool = False,
        bee_srv: bool = False,
        bee_trn: bool = False,
        tele2_srv: bool = False,
        tele2_trn: bool = False,
        fmt: int | None = None,
    ) -> TemplateResult:
        """Submit an operator template for ``sender``: per operator, ``*_srv=True`` for a
        service template or ``*_trn=True`` for a transactional one."""
        operation = AddOperatorTemplate.build(
            sender,
            msg,
            mts_srv=mts_srv,
            mts_trn=mts_trn,
            mega_srv=mega_srv,
            mega_trn=mega_trn,
            bee_srv=bee_srv,
            bee_trn=bee_trn,
            tele2_srv=tele2_srv,
            tele2_trn=tele2_trn,
        )
        return await self._call(operation, fmt)
