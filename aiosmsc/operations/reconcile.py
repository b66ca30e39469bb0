"""After a send's reply is lost: how to tell whether the service accepted it.

A send carries a client ``id``; the service keeps a message per recipient under
``(phone, id)``. Asking ``status.php`` for those pairs tells whether the request was
accepted (some message exists) or never processed (every pair is "not found", -3), in
which case sending it again with the same id cannot duplicate anything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from ..models.codes import MessageStatus
from ..models.send import SendResult
from ..models.status import StatusReport
from .base import Reconciliation
from .status import Status

__all__ = ["MAX_RECONCILE_PAIRS", "fingerprint", "send_reconciliation"]

#: Recipients checked after a lost reply. One multi-status request covers them; a send to
#: more recipients is checked on its first ones (a request is accepted or refused whole).
MAX_RECONCILE_PAIRS = 50


def fingerprint(
    params: Mapping[str, str],
    files: Mapping[str, tuple[str, bytes, str]] | None = None,
    *,
    ignore: frozenset[str] = frozenset({"id"}),
) -> bytes:
    """A digest of a request's parameters and attachments (the client id left out): equal
    for requests the service's duplicate guard would call identical."""
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(params):
        if name not in ignore:
            digest.update(f"{name}\x00{params[name]}\x01".encode())
    for name, (filename, content, content_type) in sorted((files or {}).items()):
        digest.update(f"{name}\x00{filename}\x00{content_type}\x00".encode())
        digest.update(hashlib.blake2b(content, digest_size=16).digest())
    return digest.digest()


def _recipients(params: Mapping[str, str]) -> list[str]:
    """The recipients of a send as the client wrote them: the exact inverse of how
    :class:`~aiosmsc.operations.message.Message` joins them (``list`` lines by ``"\n"``
    alone, each ``phone:text`` with no ``:`` in the phone; ``phones`` by ``","``). Never
    ``str.splitlines()``: a text may hold U+2028, ``\x0b``, ``\x1c`` and other characters
    it would break a line at."""
    if "list" in params:
        return [line.partition(":")[0] for line in params["list"].split("\n") if line]
    return [item for item in params.get("phones", "").split(",") if item]


def send_reconciliation(params: Mapping[str, str]) -> Reconciliation[SendResult] | None:
    """How to check a send made with ``params``; ``None`` when it cannot be checked (no
    client id, or recipients that are contact groups)."""
    message_id = params.get("id")
    recipients = _recipients(params)
    if not message_id or not recipients or any(r[:1] in ("G", "g") for r in recipients):
        return None
    checked = tuple(dict.fromkeys(recipients))[:MAX_RECONCILE_PAIRS]
    # One recipient: a single status request (five a minute per message are allowed);
    # more: one multi-message request (one a minute).
    query = (
        Status.build(checked[0], message_id)
        if len(checked) == 1
        else Status.build([(phone, message_id) for phone in checked])
    )

    def conclude(answer: StatusReport | list[StatusReport]) -> SendResult | None:
        reports = answer if isinstance(answer, list) else [answer]
        found = [report for report in reports if report.status != MessageStatus.NOT_FOUND]
        if not found:
            return None
        return SendResult(
            id=message_id,
            cnt=0,
            extra={"reconciled": True, "found": [report.phone for report in found]},
        )

    return Reconciliation(query, conclude, id=message_id, phones=checked)
