"""Results of ``jobs.php`` (mailing jobs), and :class:`Ack`, the short success reply of
account changes (jobs.php, phones.php).

The reply shapes of these scripts are not documented (REFERENCE §7, §8): every field but
a job's ``id`` is optional, values the decoder cannot read are kept in ``extra`` under
``<name>_raw``, and unknown keys are kept in ``extra`` as they came.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar

import attrs

from .base import Model
from .codes import _DescribedIntEnum

__all__ = ["Ack", "Job", "JobAdded", "Repeat"]


class Repeat(_DescribedIntEnum):
    """``rpt``: how a mailing job repeats (REFERENCE §7, third-party naming)."""

    MANUAL = 0, "No automatic repeat"
    HOURLY = 1, "Every hour"
    DAILY = 2, "Every day"
    WORKDAYS = 3, "Every working day (Monday to Friday)"
    WEEKENDS = 4, "Every weekend day (Saturday and Sunday)"
    WEEKLY = 5, "Every week"
    MONTHLY = 6, "Every month"
    YEARLY = 7, "Every year"


@attrs.frozen(slots=True)
class Ack(Model):
    """The service's short success reply to a change (delete, cancel, add a contact, ...).

    An error reply raises instead, so an ``Ack`` always means success. ``id`` is the id
    of what was created when the reply names one (a new contact or group), ``result``
    the reply's own word (``"OK"``), ``cnt`` a count when the reply gives one.
    """

    aliases: ClassVar[Mapping[str, str]] = {"ok": "result", "count": "cnt"}

    id: str | None = None
    result: str | None = None
    cnt: int | None = None


@attrs.frozen(slots=True)
class JobAdded(Model):
    """A created mailing job: its ``id``; ``cnt``, ``cost`` and ``balance`` when the
    reply carries them (``cost=2``/``cost=3``)."""

    aliases: ClassVar[Mapping[str, str]] = {"job_id": "id", "sms": "cnt"}

    id: str
    cnt: int | None = None
    cost: Decimal | None = None
    balance: Decimal | None = None


@attrs.frozen(slots=True)
class Job(Model):
    """A mailing job as ``jobs.php`` describes it (``get=1`` or one row of ``get_all=1``).

    Only ``id`` is sure to be there: a plain ``get_all`` reply in fmt=0 may list ids
    alone, and an fmt=1 line names only its first field (the id) — the other fields of
    such a line are kept, in order, in ``extra["fields"]``. ``status`` is the service's
    job status code (its table is not documented, so it stays an ``int``) and
    ``status_name`` its text; ``time`` is when the job starts, ``rpt``/``rptn`` how it
    repeats, ``cnt`` and ``cost`` what it sent so far.
    """

    aliases: ClassVar[Mapping[str, str]] = {
        "job_id": "id",
        "message": "mes",
        "text": "mes",
        "phone": "phones",
        "repeat": "rpt",
        "start": "time",
        "start_date": "time",
    }

    id: str
    name: str | None = None
    status: int | None = None
    status_name: str | None = None
    phones: str | None = None
    mes: str | None = None
    tpl: str | None = None
    sender: str | None = None
    time: dt.datetime | None = None
    rpt: Repeat | int | None = None
    rptn: int | None = None
    cnt: int | None = None
    cost: Decimal | None = None
