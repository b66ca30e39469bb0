"""The service's per-minute limits of phones.php, senders.php, info.php and price
requests (REFERENCE §13.1), as the :class:`~aiosmsc.quotas.Quota` s an operation declares.

Over a limit the service answers error 9; the client waits instead (``QuotaBook``), as
for status and balance requests. "Identical" requests are those with the same script,
parameters and files: the key is a digest of them, so it holds no parameter value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, ClassVar, cast

from ..quotas import Quota
from .base import Operation

__all__ = ["IdenticalLimit", "identical", "script_quota"]


def identical(operation: Operation[Any], limit: int) -> Quota:
    """At most ``limit`` requests identical to ``operation`` a minute."""
    digest = hashlib.sha256(operation.script.encode())
    for key, value in sorted(operation.params().items()):
        digest.update(f"\0{key}\0{value}".encode())
    for part, (filename, content, _) in sorted((operation.files() or {}).items()):
        digest.update(f"\0{part}\0{filename}\0".encode() + hashlib.sha256(content).digest())
    return Quota(("identical", operation.script, digest.hexdigest()[:32]), limit)


def script_quota(script: str, what: str, limit: int) -> Quota:
    """At most ``limit`` requests of kind ``what`` to ``script`` a minute, whatever they
    hold (``("senders", "add")``: five creations)."""
    return Quota((script, what), limit)


class IdenticalLimit:
    """Mixin of an operation whose script takes at most ``identical_limit`` identical
    requests a minute, and ``also`` (per class) the further quotas it lists."""

    __slots__ = ()

    #: Identical requests allowed a minute.
    identical_limit: ClassVar[int]
    #: Further quotas every request of the class counts against.
    also: ClassVar[tuple[Quota, ...]] = ()

    def quotas(self) -> Sequence[Quota]:
        """The identical-request quota of this request, then the class's others."""
        # Mixed into Operation subclasses only (it comes first in their bases).
        return (identical(cast("Operation[Any]", self), self.identical_limit), *self.also)
