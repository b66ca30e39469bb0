"""``smsc.jobs``: mailing jobs (jobs.php)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from ..models.jobs import Ack, Job, JobAdded, Repeat
from ..operations.jobs import AddJob, CancelJob, DeleteJob, GetJob, ListJobs
from ..operations.send_options import Channel
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
        list: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        tpl: str | int | None = None,
        sender: str | None = None,
        sender2: str | None = None,
        mes2: str | None = None,
        channel: Channel | str = Channel.SMS,
        translit: int | None = None,
        tinyurl: bool = False,
        time: dt.datetime | dt.timedelta | str | None = None,
        tz: int | None = None,
        period: dt.timedelta | int | None = None,
        freq: dt.timedelta | int | None = None,
        valid: dt.timedelta | int | None = None,
        subj: str | None = None,
        cost: int = 0,
        voice: str | None = None,
        param: str | tuple[int, int, int] | None = None,
        fileurl: str | None = None,
        rpt: Repeat | int | None = None,
        rptn: int | None = None,
        params: Mapping[str, str | int] | None = None,
        fmt: int | None = None,
    ) -> JobAdded:
        """Create a mailing job called ``name``: ``mes`` (or template ``tpl``) to
        ``phones`` (numbers, or ``"G<num>"`` for a contact group), or personalised texts
        with ``list=``.

        ``time`` starts it later (aware datetime, timedelta, or the service's string
        forms), ``rpt``/``rptn`` repeat it (:class:`~aiosmsc.models.jobs.Repeat`),
        ``period`` (hours) and ``freq`` (minutes) spread it out, ``channel`` picks the
        channel, ``sender2``/``mes2`` the second channel's sender and text; the other
        arguments are those of ``send``. ``params`` passes any other parameter as written.
        """
        operation = AddJob.build(
            name=name,
            phones=phones,
            mes=mes,
            list=list,
            tpl=tpl,
            sender=sender,
            sender2=sender2,
            mes2=mes2,
            channel=channel,
            translit=translit,
            tinyurl=tinyurl,
            time=time,
            tz=tz,
            period=period,
            freq=freq,
            valid=valid,
            subj=subj,
            cost=cost,
            voice=voice,
            param=param,
            fileurl=fileurl,
            rpt=rpt,
            rptn=rptn,
            params=params,
        )
        return await self._call(operation, fmt)

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
