"""``smsc.templates`` and ``smsc.operator_templates`` (templates.php, op_templates.php)."""

from __future__ import annotations

from .base import Namespace

__all__ = ["OperatorTemplates", "Templates"]


class Templates(Namespace):
    """Message templates: add, change, delete, list."""

    __slots__ = ()


class OperatorTemplates(Namespace):
    """Operator templates: add, list."""

    __slots__ = ()
