"""Code tables of ``senders.php``: the status of a sender name and of its registration
with each operator (REFERENCE §9.3), and which operator each status field belongs to."""

from __future__ import annotations

import re

from .codes import _DescribedIntEnum

__all__ = [
    "OPERATOR_FIELDS",
    "OperatorRegistrationStatus",
    "SenderNameStatus",
    "operator_field",
    "operator_name",
    "registration_code",
]


class SenderNameStatus(_DescribedIntEnum):
    """``status`` of a sender name: the service's own moderation (§9.3)."""

    WAITING_MODERATION = 0, "Waiting for moderation"
    ALLOWED = 1, "Allowed to use"
    DISABLED = 2, "Disabled"


class OperatorRegistrationStatus(_DescribedIntEnum):
    """A per-operator ``*_status`` field of a sender name (§9.3)."""

    WAITING = 0, "Waiting for registration"
    SENT = 1, "Sent for registration"
    ALLOWED = 2, "Allowed (accepted) by the operator"
    REJECTED = 3, "Not accepted (rejected) by the operator"
    DISABLED = 4, "Temporarily disabled"
    INSUFFICIENT_FUNDS = 5, "Insufficient funds on the account"
    DOCUMENTS_REQUIRED = 8, "Supporting documents are required"

    @property
    def is_pending(self) -> bool:
        """Whether the operator has not decided yet (waiting, or sent for registration)."""
        return self.value in (0, 1)

    @property
    def is_allowed(self) -> bool:
        """Whether the operator accepted the name."""
        return self.value == 2

    @property
    def needs_action(self) -> bool:
        """Whether the account holder must act (pay, or supply documents)."""
        return self.value in (5, 8)


#: The per-operator status fields of §9.3 in the documented order, with the operator and
#: the kind of registration each describes. ``free`` is the plain (free-names tariff)
#: registration, ``paid`` a paid name (``*_step``), ``common_name`` the replacement with a
#: common name (``*_int``); for Ukraine ``national``/``international`` are the two rates.
OPERATOR_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("mega_status", "megafon", "free"),
    ("mts_status", "mts", "free"),
    ("mega_step_status", "megafon", "paid"),
    ("mega_int_status", "megafon", "common_name"),
    ("bee_step_status", "beeline", "paid"),
    ("motiv_step_status", "motiv", "paid"),
    ("motiv_int_status", "motiv", "common_name"),
    ("mts_step_status", "mts", "paid"),
    ("mts_int_status", "mts", "common_name"),
    ("tele2_step_status", "tele2", "paid"),
    ("tele2_status", "tele2", "free"),
    ("ua_reg_status", "ukraine", "national"),
    ("ua_int_status", "ukraine", "international"),
)

# Wire prefixes of operators (the registration flags of §9.2) -> the names we use.
_OPERATORS = {
    "mega": "megafon",
    "megafon": "megafon",
    "mts": "mts",
    "bee": "beeline",
    "beeline": "beeline",
    "motiv": "motiv",
    "tele2": "tele2",
    "t2": "tele2",
    "ua": "ukraine",
    "sber": "sbermobile",
    "sbermobile": "sbermobile",
    "winmob": "winmobile",
    "volnamob": "volna",
    "by": "belarus",
}
_KINDS = {"": "free", "step": "paid", "int": "common_name", "reg": "national"}
_STATUS_FIELD = re.compile(r"(?P<op>[a-z0-9]+?)(?:_(?P<kind>step|int|reg))?_status")


def operator_name(raw: str) -> str:
    """Our name for an operator as the service spells it (``"mega"`` -> ``"megafon"``)."""
    key = raw.strip().lower()
    return _OPERATORS.get(key, key)


def operator_field(key: str) -> tuple[str, str] | None:
    """(operator, kind) of a ``<operator>[_step|_int|_reg]_status`` field name, else None.

    Used for the documented fields and for ones a newer service adds (``sber_step_status``).
    """
    match = _STATUS_FIELD.fullmatch(key.lower())
    if match is None:
        return None
    operator = operator_name(match["op"])
    kind = _KINDS[match["kind"] or ""]
    if operator == "ukraine" and kind == "common_name":
        kind = "international"  # ua_int is the international rate, not a common name
    return operator, kind


def registration_code(raw: object) -> OperatorRegistrationStatus | int | None:
    """A per-operator status value as a code (unknown codes as ``int``); ``None`` when it
    is not a whole number."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float) and raw.is_integer():
        number = int(raw)
    elif isinstance(raw, str) and re.fullmatch(r"\s*-?\d+(?:\.0+)?\s*", raw):
        number = int(float(raw))
    else:
        return None
    try:
        return OperatorRegistrationStatus(number)
    except ValueError:
        return number
