"""``smsc.jobs``: mailing jobs (jobs.php)."""

from __future__ import annotations

from .base import Namespace

__all__ = ["Jobs"]


class Jobs(Namespace):
    """Mailing jobs: add, delete, cancel, get, list."""

    __slots__ = ()
