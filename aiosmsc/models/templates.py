"""Results of ``templates.php`` (message templates) and ``op_templates.php`` (operator
templates). Their reply shapes are not documented (REFERENCE §4.12, §4.13): the fields
below are the request parameters' names, and everything else is kept in ``extra``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import attrs

from .base import Model

__all__ = ["OperatorTemplate", "Template", "TemplateResult"]


@attrs.frozen(slots=True)
class Template(Model):
    """A message template: ``name``, text ``msg``, ``format`` (``sms``, ``viber``, ...,
    as the service spells it) and ``sender``. ``id`` is what ``change``/``delete`` and a
    mailing job's ``tpl`` refer to."""

    aliases: ClassVar[Mapping[str, str]] = {
        "tpl": "id",
        "tpl_id": "id",
        "template_id": "id",
        "title": "name",
        "text": "msg",
        "mes": "msg",
        "message": "msg",
        "sender_id": "sender",
    }

    id: str | None = None
    name: str | None = None
    msg: str | None = None
    format: str | None = None
    sender: str | None = None


@attrs.frozen(slots=True)
class OperatorTemplate(Model):
    """An operator template: ``sender``, text ``msg`` and the per-operator switches
    (``mts_srv`` service / ``mts_trn`` transactional, likewise for MegaFon, Beeline and
    Tele2) as the reply gives them. ``status`` is the moderation code the reply may
    carry (its table is not documented, so it is a plain ``int``)."""

    aliases: ClassVar[Mapping[str, str]] = {
        "text": "msg",
        "mes": "msg",
        "message": "msg",
        "sender_id": "sender",
    }

    id: str | None = None
    sender: str | None = None
    msg: str | None = None
    status: int | None = None
    mts_srv: int | None = None
    mts_trn: int | None = None
    mega_srv: int | None = None
    mega_trn: int | None = None
    bee_srv: int | None = None
    bee_trn: int | None = None
    tele2_srv: int | None = None
    tele2_trn: int | None = None


@attrs.frozen(slots=True)
class TemplateResult(Model):
    """The reply to adding, changing or deleting a (operator) template.

    ``id`` is the template's id (from the reply, else from the request); ``result`` the
    service's short success word (``OK``) when it sends one; the rest stays in ``extra``.
    """

    id: str | None = None
    result: str | None = None
