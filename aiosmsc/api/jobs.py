"""``smsc.jobs``: mailing jobs (jobs.php)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from typing_extensions import Unpack

from ..models.jobs import Ack, Job, JobAdded
from ..operations.jobs import AddJob, CancelJob, DeleteJob, GetJob, JobOptions, ListJobs
from .base import Namespace

__all__ = ["Jobs"]


class Jobs(Namespace):
    """Mailing jobs: add, delete, cancel, get, list."""

    __slots__ = ()

    async def add(
        self,
        name: str,
        phones: str | Iterable[str] | None = None,
        mes: str | None = None,
        *,
        fmt: int | None = None,
        **options: Unpack[JobOptions],
    ) -> JobAdded:
        """Create a mailing job called ``name``: ``mes`` (or template ``tpl``) to
        ``phones`` (numbers, or ``"G<num>"`` for a contact group), or personalised texts
        with ``list=``.

        ``time`` starts it later (aware datetime, timedelta, or the service's string
        forms), ``rpt``/``rptn`` repeat it (:class:`~aiosmsc.models.jobs.Repeat`),
        ``period`` (whole hours) and ``freq`` (minutes) spread it out, ``channel`` picks
        the channel, ``sender2``/``mes2`` the second channel's sender and text; the other
        arguments are those of ``send``. ``params`` passes any other parameter as written.
        """
        return await self._call(AddJob.build(name, phones, mes, **options), fmt)

    async def delete(self, id: str | int, *, fmt: int | None = None) -> Ack:
        """Delete the job ``id``."""
        return await self._call(DeleteJob(id), fmt)

    async def cancel(self, id: str | int, *, fmt: int | None = None) -> Ack:
        """Cancel (stop) the job ``id``; what it has not sent yet stays unsent."""
        return await self._call(CancelJob(id), fmt)

    async def get(self, id: str | int, *, fmt: int | None = None) -> Job:
        """The job ``id``."""
        return await self._call(GetJob(id), fmt)

    async def list(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        fmt: int | None = None,
    ) -> list[Job]:
        """Every job, or those between the dates ``start`` and ``end``."""
        return await self._call(ListJobs.build(start=start, end=end), fmt)
