"""``jobs.php``: mailing jobs — create, delete, cancel, describe one, list all (REFERENCE §7).

Parameter names are the third-party SDK's and mirror ``send.php`` (§4.1); the reply
shapes are not documented and are read tolerantly (see :mod:`.jobs_replies`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs
from typing_extensions import Unpack

from ..decoder.document import Document
from ..decoder.records import Layout, Record
from ..errors import ValidationError
from ..models.jobs import Ack, Job, JobAdded, Repeat
from .base import Operation, Reply, WireOperation
from .extra_params import extra_params
from .jobs_params import call_param, one_line, text, whole
from .jobs_replies import ack_record, ack_reply, one_row, rows, tolerant
from .message_options import JobMessageOptions
from .options import accept, option_names
from .params import date_param, flag, phone_list, valid_param, validate_id
from .send import Message
from .send_options import CHANNEL_PARAMS, Channel, schedule_params, voice_param

__all__ = [
    "OPERATIONS",
    "AddJob",
    "CancelJob",
    "DeleteJob",
    "GetJob",
    "JobOptions",
    "ListJobs",
]


_TEXTLESS = frozenset({Channel.HLR, Channel.PING})


class JobOptions(JobMessageOptions, total=False):
    """The keywords of ``smsc.jobs.add``: the message options of :class:`JobMessageOptions`
    and the job's own. None is sent when missing (the channel is SMS, ``tinyurl`` off)."""

    #: A template id whose text the job sends (instead of ``mes``).
    tpl: str | int | None
    #: The sender of the second channel.
    sender2: str | None
    #: The text of the second channel.
    mes2: str | None
    #: How the job repeats (:class:`~aiosmsc.models.jobs.Repeat`).
    rpt: Repeat | int | None
    #: How many times it repeats (needs ``rpt``).
    rptn: int | None


#: Options that are no jobs.php parameter of their own name.
_NOT_WIRE = frozenset({"channel", "params"})
#: jobs.php parameters with a typed argument (or set by the operation): never via params=.
_TYPED_PARAMS = (
    (option_names(JobOptions) - _NOT_WIRE)
    | frozenset({"add", "del", "cancel", "get", "get_all", "id", "name", "phones", "mes"})
    | {"start", "end"}
    | CHANNEL_PARAMS
)


def _job_id(value: str | int) -> str:
    return validate_id(value, name="id")


def _recipients(
    phones: str | Iterable[str] | None,
    mes: str | None,
    entries: Mapping[str, str] | Iterable[tuple[str, str]] | None,
    tpl: str | int | None,
    channel: Channel,
) -> dict[str, str]:
    if entries is not None:
        if phones is not None or mes is not None or tpl is not None:
            raise ValidationError("give either list= or phones with mes/tpl, not both")
        return {"list": Message.build(None, None, list=entries).wire["list"]}
    if phones is None:
        raise ValidationError("phones (or list=) is required")
    wire = {"phones": ",".join(phone_list(phones))}
    if mes is not None and tpl is not None:
        raise ValidationError("give mes or tpl, not both")
    if tpl is not None:
        if isinstance(tpl, bool) or not isinstance(tpl, (str, int)):
            raise ValidationError(f"tpl must be a template id, got {tpl!r}")
        wire["tpl"] = one_line(str(tpl), name="tpl")
    elif mes is not None:
        wire["mes"] = text(mes, name="mes")
    elif channel not in _TEXTLESS:
        raise ValidationError("mes (or tpl) is required")
    return wire


def _message_params(options: JobOptions) -> dict[str, str]:
    """The message options of a job in wire form (those it shares with ``send``)."""
    wire: dict[str, str] = {}
    for key in ("sender", "sender2"):
        value = options.get(key)
        if value is not None:  # "" or "." turn the account's default sender off
            wire[key] = value if value in ("", ".") else one_line(value, name=key)
    subj, mes2, translit = options.get("subj"), options.get("mes2"), options.get("translit")
    if subj is not None:
        wire["subj"] = one_line(subj, name="subj")
    if mes2 is not None:
        wire["mes2"] = text(mes2, name="mes2")
    if translit is not None:
        wire["translit"] = flag(translit, name="translit", allowed=range(3))
    if options.get("tinyurl"):
        wire["tinyurl"] = "1"
    wire.update(schedule_params(options.get("time"), options.get("tz")))
    period, freq, valid = options.get("period"), options.get("freq"), options.get("valid")
    if period is not None:
        wire["period"] = whole(period, name="period", unit=3600, unit_name="hours")
    if freq is not None:
        wire["freq"] = whole(freq, name="freq", unit=60, unit_name="minutes")
    if valid is not None:
        wire["valid"] = valid_param(valid)
    cost, voice, param = options.get("cost"), options.get("voice"), options.get("param")
    if cost:
        wire["cost"] = flag(cost, name="cost", allowed=(0, 2, 3))
    if voice is not None:
        wire["voice"] = voice_param(voice)
    if param is not None:
        wire["param"] = call_param(param)
    fileurl = options.get("fileurl")
    if fileurl is not None:
        if not one_line(fileurl, name="fileurl").startswith(("http://", "https://")):
            raise ValidationError(f"fileurl must be an http(s) URL, got {fileurl!r}")
        wire["fileurl"] = fileurl
    return wire


@attrs.frozen(slots=True)
class AddJob(WireOperation[JobAdded]):
    """Create a mailing job (``add=1``). Not idempotent: a repeat makes a second job."""

    name = "jobs.add"
    selector = "add"
    script = "jobs"
    idempotent = False

    @classmethod
    def build(
        cls,
        name: str,
        phones: str | Iterable[str] | None = None,
        mes: str | None = None,
        **options: Unpack[JobOptions],
    ) -> AddJob:
        """Validate every parameter of a new job; raise before anything is sent."""
        accept(options, JobOptions, where="jobs.add()")
        channel = options.get("channel", Channel.SMS)
        try:
            kind = Channel(channel)
        except ValueError:
            raise ValidationError(f"channel must be a Channel, got {channel!r}") from None
        wire = {"name": one_line(name, name="name")}
        wire.update(_recipients(phones, mes, options.get("list"), options.get("tpl"), kind))
        wire.update(kind.flags)
        wire.update(_message_params(options))
        rpt, rptn, params = options.get("rpt"), options.get("rptn"), options.get("params")
        if rpt is not None:
            wire["rpt"] = flag(rpt, name="rpt", allowed=range(len(Repeat)))
        if rptn is not None:
            if isinstance(rptn, bool) or not isinstance(rptn, int) or rptn < 1:
                raise ValidationError(f"rptn must be a positive integer, got {rptn!r}")
            if rpt is None:
                raise ValidationError("rptn needs rpt (how the job repeats)")
            wire["rptn"] = str(rptn)
        wire.update(extra_params(params, typed=_TYPED_PARAMS))
        return cls(wire)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[JobAdded]:
        def build(document: Document) -> JobAdded:
            record = ack_record(document, returns_id=True, layouts=_ADD_LAYOUTS)
            if record.get("result") == "OK":
                del record["result"]
            return tolerant(record, JobAdded)

        return Reply(cls.name, cls.script, build)


_ADD_LAYOUTS = (
    Layout(
        ("id", "cnt", "cost", "balance"),
        numeric=frozenset({"cnt", "cost", "balance"}),
        short_ok=True,
        surplus="more",
    ),
)


@attrs.frozen(slots=True)
class _JobChange(Operation[Ack]):
    """A change to one mailing job: ``<selector>=1`` and its ``id``; the reply is an ack."""

    script = "jobs"
    idempotent = False
    #: The selector parameter, sent as ``<selector>=1``.
    selector: ClassVar[str]

    id: str = attrs.field(converter=_job_id)

    def params(self) -> dict[str, str]:
        return {self.selector: "1", "id": self.id}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Ack]:
        return ack_reply(cls.name, cls.script)


@attrs.frozen(slots=True)
class DeleteJob(_JobChange):
    """Delete a mailing job (``del=1``)."""

    name = "jobs.delete"
    selector = "del"


@attrs.frozen(slots=True)
class CancelJob(_JobChange):
    """Cancel (stop) a mailing job (``cancel=1``); messages not yet sent stay unsent."""

    name = "jobs.cancel"
    selector = "cancel"


def _job(record: Record) -> Job:
    status = record.get("status")
    if isinstance(status, str) and "status_name" not in record:
        word = status.strip()
        if word and not word.lstrip("-").isdigit():
            record["status_name"] = record.pop("status")  # a status given as a word
    return tolerant(record, Job)


@attrs.frozen(slots=True)
class GetJob(Operation[Job]):
    """One mailing job (``get=1``)."""

    name = "jobs.get"
    script = "jobs"

    id: str = attrs.field(converter=_job_id)

    def params(self) -> dict[str, str]:
        return {"get": "1", "id": self.id}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Job]:
        wanted = params.get("id")

        def build(document: Document) -> Job:
            record = one_row(document, None if wanted is None else str(wanted))
            if not record.get("id") and wanted is not None:
                record["id"] = str(wanted)
            return _job(record)

        return Reply(cls.name, cls.script, build)


@attrs.frozen(slots=True)
class ListJobs(Operation[list[Job]]):
    """Every mailing job (``get_all=1``), optionally created between ``start`` and ``end``."""

    name = "jobs.list"
    script = "jobs"

    start: str | None = None
    end: str | None = None

    @classmethod
    def build(cls, *, start: dt.date | None = None, end: dt.date | None = None) -> ListJobs:
        """Validate the date range (written ``dd.mm.yyyy``)."""
        first = None if start is None else date_param(start, name="start")
        last = None if end is None else date_param(end, name="end")
        if first and last and _ordinal(first) > _ordinal(last):
            raise ValidationError("start must not be after end")
        return cls(first, last)

    def params(self) -> dict[str, str]:
        wire = {"get_all": "1"}
        if self.start:
            wire["start"] = self.start
        if self.end:
            wire["end"] = self.end
        return wire

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[list[Job]]:
        def build(document: Document) -> list[Job]:
            return [_job(row) for row in rows(document)]

        return Reply(cls.name, cls.script, build, empty=list)


def _ordinal(date: str) -> tuple[int, int, int]:
    day, month, year = (int(part) for part in date.split("."))
    return year, month, day


#: Every operation class of this module, registered for ``aiosmsc.decode``.
OPERATIONS: tuple[type[Operation[Any]], ...] = (AddJob, DeleteJob, CancelJob, GetJob, ListJobs)
