"""Results of ``senders.php``: sender names with their per-operator registration statuses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import attrs

from .base import Model
from .senders_codes import (
    OPERATOR_FIELDS,
    OperatorRegistrationStatus,
    SenderNameStatus,
    operator_field,
    operator_name,
    registration_code,
)

__all__ = [
    "OperatorRegistrations",
    "SenderName",
    "SenderReplacement",
    "SenderResult",
]

Code = OperatorRegistrationStatus | int


@attrs.frozen(slots=True)
class SenderReplacement(Model):
    """A replacement analog of a sender name: the name used instead of it at an operator.

    The service adds it to list replies made with ``operators=1`` (fmt 0, 2 and 3); its
    wire shape is not documented, so it is read from a plain value, an object or a list,
    under any key that speaks of a replacement or analog. ``source`` is that key,
    ``operator`` the operator the reply names (from the object, or the key's prefix as in
    ``mts_analog``), as the service spells it; unknown keys stay in ``extra``.
    """

    aliases: ClassVar[Mapping[str, str]] = {
        "name": "sender",
        "analog": "sender",
        "analogue": "sender",
        "replacement": "sender",
        "text": "sender",
        "value": "sender",
        "op": "operator",
        "oper": "operator",
        "operator_name": "operator",
    }

    sender: str | None = None
    operator: str | None = None
    status: OperatorRegistrationStatus | int | None = None
    source: str | None = None


@attrs.frozen(slots=True)
class OperatorRegistrations:
    """Everything one sender name has at one operator: a view made by
    :attr:`SenderName.by_operator`.

    ``statuses`` maps the kind of registration (``"free"``, ``"paid"``, ``"common_name"``,
    ``"national"``, ``"international"``) to its status; ``fields`` maps each kind to the
    wire field it came from; ``replacements`` are the analogs used at this operator.
    """

    operator: str
    statuses: Mapping[str, Code] = attrs.field(factory=dict)
    fields: Mapping[str, str] = attrs.field(factory=dict)
    replacements: tuple[SenderReplacement, ...] = ()

    @property
    def is_allowed(self) -> bool:
        """Whether some registration of the name at this operator was accepted."""
        return any(
            status == OperatorRegistrationStatus.ALLOWED for status in self.statuses.values()
        )

    @property
    def is_pending(self) -> bool:
        """Whether some registration at this operator still waits for a decision."""
        return any(
            isinstance(status, OperatorRegistrationStatus) and status.is_pending
            for status in self.statuses.values()
        )

    @property
    def needs_action(self) -> bool:
        """Whether a registration at this operator waits for money or documents."""
        return any(
            isinstance(status, OperatorRegistrationStatus) and status.needs_action
            for status in self.statuses.values()
        )


@attrs.frozen(slots=True)
class SenderName(Model):
    """A sender name (Sender ID) and its registration with each operator (§9.3).

    ``status`` is the name's own moderation; every ``*_status`` field is the state of one
    registration at one operator, ``None`` when the reply does not carry it (only the
    registrations that apply are listed). Codes outside the documented tables stay plain
    ``int`` s. ``replacements`` are the replacement analogs that ``operators=1`` adds.
    Status fields the service may add later (``sber_step_status``) stay in ``extra`` and
    still appear in :attr:`by_operator`.
    """

    aliases: ClassVar[Mapping[str, str]] = {
        "name": "sender",
        "sender_name": "sender",
        "text": "sender",
    }

    sender: str
    id: str | None = None
    status: SenderNameStatus | int | None = None
    mega_status: OperatorRegistrationStatus | int | None = None
    mts_status: OperatorRegistrationStatus | int | None = None
    mega_step_status: OperatorRegistrationStatus | int | None = None
    mega_int_status: OperatorRegistrationStatus | int | None = None
    bee_step_status: OperatorRegistrationStatus | int | None = None
    motiv_step_status: OperatorRegistrationStatus | int | None = None
    motiv_int_status: OperatorRegistrationStatus | int | None = None
    mts_step_status: OperatorRegistrationStatus | int | None = None
    mts_int_status: OperatorRegistrationStatus | int | None = None
    tele2_step_status: OperatorRegistrationStatus | int | None = None
    tele2_status: OperatorRegistrationStatus | int | None = None
    ua_reg_status: OperatorRegistrationStatus | int | None = None
    ua_int_status: OperatorRegistrationStatus | int | None = None
    replacements: tuple[SenderReplacement, ...] = ()

    @property
    def is_allowed(self) -> bool:
        """Whether the service allows the name (moderation passed)."""
        return self.status == SenderNameStatus.ALLOWED

    @property
    def operator_statuses(self) -> dict[str, Code]:
        """Every per-operator status the reply carried, by wire field name."""
        found: dict[str, Code] = {}
        for name, _, _ in OPERATOR_FIELDS:
            value = getattr(self, name)
            if value is not None:
                found[name] = value
        for key, raw in self.extra.items():
            code = registration_code(raw)
            if code is not None and key not in found and operator_field(key) is not None:
                found[key] = code
        return found

    @property
    def by_operator(self) -> dict[str, OperatorRegistrations]:
        """The statuses grouped by operator (``"megafon"``, ``"mts"``, ``"beeline"``,
        ``"motiv"``, ``"tele2"``, ``"ukraine"``, ...), with the replacement analogs used
        there. Operators the reply says nothing about are absent."""
        statuses: dict[str, dict[str, Code]] = {}
        fields: dict[str, dict[str, str]] = {}
        for key, code in self.operator_statuses.items():
            where = operator_field(key)
            if where is None:  # pragma: no cover - operator_statuses only keeps matches
                continue
            operator, kind = where
            statuses.setdefault(operator, {})[kind] = code
            fields.setdefault(operator, {})[kind] = key
        replaced: dict[str, list[SenderReplacement]] = {}
        for replacement in self.replacements:
            if replacement.operator:
                replaced.setdefault(operator_name(replacement.operator), []).append(replacement)
        view: dict[str, OperatorRegistrations] = {}
        for operator in [*statuses, *(name for name in replaced if name not in statuses)]:
            view[operator] = OperatorRegistrations(
                operator,
                statuses.get(operator, {}),
                fields.get(operator, {}),
                tuple(replaced.get(operator, ())),
            )
        return view


@attrs.frozen(slots=True)
class SenderResult(Model):
    """The reply to adding, changing or deleting a name, or to sending or checking a code.

    ``id`` is the name's id (the new id after ``add``), ``sender`` the name; both are taken
    from the request when the reply does not repeat them. ``result`` is the service's short
    success word (``OK``) when it sends one. The reply's shape is not documented: anything
    else it carries is kept in ``extra``.
    """

    aliases: ClassVar[Mapping[str, str]] = {"name": "sender"}

    id: str | None = None
    sender: str | None = None
    result: str | None = None
