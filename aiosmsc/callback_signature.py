"""What a callback's signature covers, and checking it.

The service signs a callback with ``sha1`` (and/or ``md5``) of a few fields joined by
``:`` and followed by the secret (REFERENCE §12, [3P]): ``id:phone:status`` for a
delivery status, ``phone:mes:to`` for an incoming message. Nothing else is covered, so
everything here makes sure that what is signed is also what is parsed:

- a signed field may arrive under several names (``mes``, ``message``, ``text``);
  :func:`canonical_fields` picks one spelling by a fixed precedence and renames it, and
  both the hash and the parsed model read that one (a later spelling cannot override a
  signed value);
- a ``:`` inside a field other than the message text would let values shift between
  fields without changing the hash, so such a signed callback is refused.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence

from .errors import CallbackSignatureError

__all__ = [
    "HASHES",
    "MESSAGE_HASH_FIELDS",
    "SIGNED_FIELDS",
    "STATUS_HASH_FIELDS",
    "aliases_of",
    "callback_kind",
    "canonical_fields",
    "sign_callback",
    "verify_callback",
]

#: The hash fields a callback may carry.
HASHES = ("sha1", "md5")
#: Per kind of callback, the fields its signature covers, in hash order; each with the
#: other names it may arrive under, in order of precedence.
SIGNED_FIELDS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "status": (("id",), ("phone",), ("status",)),
    "message": (("phone",), ("mes", "message", "text"), ("to", "to_phone")),
}
STATUS_HASH_FIELDS = tuple(names[0] for names in SIGNED_FIELDS["status"])
MESSAGE_HASH_FIELDS = tuple(names[0] for names in SIGNED_FIELDS["message"])
#: The one signed field allowed to contain ``:`` (it is the only free text).
_FREE_TEXT = "mes"


def aliases_of(kind: str) -> dict[str, str]:
    """Other names of the signed fields of ``kind`` -> the field (for model aliases)."""
    return {alias: names[0] for names in SIGNED_FIELDS[kind] for alias in names[1:]}


def callback_kind(fields: Mapping[str, str]) -> str:
    """``"status"`` (the fields have ``status``), ``"message"`` (they have a text) or
    ``"unknown"``."""
    if "status" in fields:
        return "status"
    if any(name in fields for name in SIGNED_FIELDS["message"][1]):
        return "message"
    return "unknown"


def canonical_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """``fields`` with each signed field under its own name: the first spelling present
    (by precedence) is renamed to it; other spellings stay as they are (unsigned)."""
    kind = callback_kind(fields)
    result = dict(fields)
    for names in SIGNED_FIELDS.get(kind, ()):
        chosen = next((name for name in names if name in fields), None)
        if chosen is not None and chosen != names[0]:
            result[names[0]] = result.pop(chosen)
    return result


def _signed_values(kind: str, fields: Mapping[str, str]) -> list[str]:
    return [fields.get(names[0], "") for names in SIGNED_FIELDS[kind]]


def _ambiguous(kind: str, fields: Mapping[str, str]) -> str | None:
    """The name of a signed field whose ``:`` makes the hash ambiguous, if any."""
    for names in SIGNED_FIELDS[kind]:
        if names[0] != _FREE_TEXT and ":" in fields.get(names[0], ""):
            return names[0]
    return None


def _digest(kind: str, fields: Mapping[str, str], secret: str, algorithm: str) -> str:
    payload = ":".join([*_signed_values(kind, fields), secret]).encode("utf-8", "surrogatepass")
    return hashlib.new(algorithm, payload).hexdigest()


def verify_callback(fields: Mapping[str, str], secret: str, *, require: bool = True) -> None:
    """Check the callback's ``sha1``/``md5`` fields against ``secret`` (every hash field
    present must match); raise :class:`CallbackSignatureError` if one does not, or if
    none is present and ``require`` is true. The error never contains the secret."""
    fields = canonical_fields(fields)
    kind = callback_kind(fields)
    present = [name for name in HASHES if fields.get(name)]
    if not present:
        if require:
            raise CallbackSignatureError(f"unsigned {kind} callback (no sha1 or md5 field)")
        return
    if kind == "unknown":
        raise CallbackSignatureError("signed callback of unknown kind: cannot verify it")
    field = _ambiguous(kind, fields)
    if field is not None:
        raise CallbackSignatureError(f"signed {kind} callback with ':' in {field}")
    for name in present:
        given = fields[name].strip().lower().encode("utf-8", "surrogatepass")
        if not hmac.compare_digest(_digest(kind, fields, secret, name).encode(), given):
            raise CallbackSignatureError(f"bad {name} signature on {kind} callback")


def sign_callback(
    fields: Mapping[str, str], secret: str, *, algorithms: Sequence[str] = ("sha1",)
) -> dict[str, str]:
    """``fields`` plus their ``sha1`` (and/or ``md5``) signature: for tests of your own
    endpoint, and for forwarding callbacks between services."""
    kind = callback_kind(fields)
    if kind == "unknown":
        raise ValueError("fields are neither a status (status=) nor a message (mes=)")
    canonical = canonical_fields(fields)
    field = _ambiguous(kind, canonical)
    if field is not None:
        raise ValueError(f"{field} contains ':', which the signature cannot tell apart")
    signed = dict(fields)
    for name in algorithms:
        if name not in HASHES:
            raise ValueError(f"algorithm must be sha1 or md5, not {name!r}")
        signed[name] = _digest(kind, canonical, secret, name)
    return signed
