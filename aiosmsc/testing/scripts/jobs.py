"""Emulated ``jobs.php``: mailing jobs that run on the emulator clock (REFERENCE §7).

``add=1`` creates a job and answers its id (7 digits, from 1000001); ``get=1`` and
``get_all=1`` describe jobs; ``cancel=1`` stops one (no later runs); ``del=1`` removes
it. When a run's time has come the job sends: one message per recipient goes into
``emu.ledger`` (charged like a send, sent at the run time, so status.php sees it move on
the clock). Runs are made lazily, on each jobs.php request, or when a test calls
``emu.state(JobsState).run_due(emu)``. Recipients may be contact groups (``G<num>``,
from the phones.php state); blacklisted numbers are skipped.

Emulator choices where the reference is silent: job statuses -1 waiting, 0 sending
(from a run until its messages are final), 1 completed, -2 stopped (cancelled; the word
the reference uses for paused mailings); ``rptn`` is the total number of runs; an
unknown job id is error 3 ("not found"); other bad parameters error 1, bad dates error 5.
Reply shapes: see :mod:`.jobs_render`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..handlers import Handler
from ..ledger import EmulatedMessage
from ..render import format_money, moscow_date
from ..rules import (
    APIFailure,
    count_parts,
    only_selector,
    parse_phones,
    parse_send_time,
    split_comment,
)
from .jobs_render import Row, render_ack, render_created, render_ids, render_rows
from .phones import PhonesState

if TYPE_CHECKING:
    from ..handlers import EmulatorState

__all__ = ["HANDLERS", "JOB_STATUS_NAMES", "EmulatedJob", "JobsState"]

JOB_STATUS_NAMES: dict[int, str] = {-2: "Stopped", -1: "Waiting", 0: "Sending", 1: "Completed"}

_MSK = dt.timezone(dt.timedelta(hours=3))
_MAX_RUNS_PER_CALL = 10_000
_GROUP_REF = re.compile(r"[Gg]([0-9]+)")
_DATE = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})")
_SELECTORS = ("add", "del", "cancel", "get", "get_all")
_STEP = {1: dt.timedelta(hours=1), 2: dt.timedelta(days=1), 5: dt.timedelta(days=7)}


def _bad(text: str = "parameters error") -> APIFailure:
    return APIFailure(1, text)


@dataclass(eq=False)
class EmulatedJob:
    """One mailing job: its recipients (``phones`` entries or ``list`` lines) and runs."""

    id: str
    name: str
    created_at: float
    start_at: float
    phones: str
    mes: str
    tpl: str
    lines: list[tuple[str, str]]
    sender: str
    rpt: int
    rptn: int | None
    cancelled_at: float | None = None
    runs: list[float] = field(default_factory=list)
    cnt: int = 0
    cost: Decimal = Decimal(0)

    def run_times(self) -> Iterator[float]:
        """Scheduled run times, in order (endless for an open repeat)."""
        first = dt.datetime.fromtimestamp(self.start_at, _MSK)
        made = 0
        step = 0
        while self.rptn is None or made < (self.rptn if self.rpt else 1):
            when = _nth(first, self.rpt, step)
            step += 1
            if self.rpt == 3 and when.weekday() >= 5:
                continue  # working days only
            if self.rpt == 4 and when.weekday() < 5:
                continue  # weekends only
            made += 1
            yield when.timestamp()
            if not self.rpt:
                return

    def status_at(self, now: float, delivery: float) -> int:
        if self.cancelled_at is not None:
            return -2
        if self.runs and now < self.runs[-1] + delivery:
            return 0
        pending = next(iter(self.run_times_after(self.runs[-1] if self.runs else None)), None)
        if pending is not None:
            return -1
        return 1

    def run_times_after(self, last: float | None) -> Iterator[float]:
        for when in self.run_times():
            if last is None or when > last:
                yield when


def _nth(first: dt.datetime, rpt: int, step: int) -> dt.datetime:
    if rpt in _STEP:
        return first + _STEP[rpt] * step
    if rpt in (3, 4):
        return first + dt.timedelta(days=step)
    if rpt in (6, 7):
        months = step if rpt == 6 else 12 * step
        year, month = divmod(first.month - 1 + months, 12)
        year += first.year
        day = min(first.day, calendar.monthrange(year, month + 1)[1])
        return first.replace(year=year, month=month + 1, day=day)
    return first


class JobsState:
    """The emulator's mailing jobs, by id."""

    def __init__(self) -> None:
        self.jobs: dict[str, EmulatedJob] = {}
        self._last_id = 1_000_000

    def new_id(self) -> str:
        self._last_id += 1
        return str(self._last_id)

    def run_due(self, emu: EmulatorState) -> int:
        """Send every run whose time has come; returns how many runs were made."""
        now = emu.clock.now()
        made = 0
        for job in self.jobs.values():
            limit = now if job.cancelled_at is None else min(now, job.cancelled_at)
            for when in job.run_times_after(job.runs[-1] if job.runs else None):
                if when > limit or made >= _MAX_RUNS_PER_CALL:
                    break
                _run(emu, job, when)
                made += 1
        return made


def _targets(emu: EmulatorState, job: EmulatedJob) -> list[tuple[str, str]]:
    """(phone, text) for every recipient, groups expanded, blacklisted ones included."""
    if job.lines:
        return [(phone, mes) for numbers, mes in job.lines for phone in _phones(emu, numbers)]
    text = job.mes or f"[template {job.tpl}]"
    return [(phone, text) for phone in _phones(emu, job.phones)]


def _recipients(emu: EmulatorState, job: EmulatedJob) -> list[tuple[str, str]]:
    book = emu.state(PhonesState)
    return [(phone, mes) for phone, mes in _targets(emu, job) if not book.is_blacklisted(phone)]


def _phones(emu: EmulatorState, raw: str) -> list[str]:
    book = emu.state(PhonesState)
    found: list[str] = []
    for entry in re.split(r"[,;]", raw):
        group = _GROUP_REF.fullmatch(entry.strip())
        if group:
            found.extend(book.group_phones(int(group[1])))
    valid, _invalid = parse_phones(raw)
    found.extend(valid)
    return list(dict.fromkeys(found))


def _run(emu: EmulatorState, job: EmulatedJob, when: float) -> None:
    job.runs.append(when)
    message_id = emu.next_message_id()
    for phone, mes in _recipients(emu, job):
        text, comment = split_comment(mes)
        parts = count_parts(text)
        cost = emu.price_per_part * parts
        final_status, final_err = emu.outcome_for(phone)
        if cost > emu.balance + emu.credit:
            cost, final_status, final_err = Decimal(0), 24, 0  # insufficient funds
        emu.balance -= cost
        job.cnt += 1
        job.cost += cost
        emu.ledger.add(
            EmulatedMessage(
                id=message_id,
                phone=phone,
                text=text,
                parts=parts,
                cost=cost,
                sender=job.sender or emu.default_sender,
                sent_at=when,
                clock=emu.clock,
                comment=comment,
                start_at=when,
                queue_delay=emu.queue_delay,
                delivery_delay=emu.delivery_delay,
                final_status=final_status,
                final_err=final_err,
            )
        )


def _int(params: Mapping[str, str], name: str, allowed: range) -> int | None:
    raw = params.get(name, "").strip()
    if raw == "":
        return None
    if not raw.lstrip("-").isdigit() or int(raw) not in allowed:
        raise _bad()
    return int(raw)


def _lines(raw: str) -> list[tuple[str, str]]:
    lines = []
    for line in raw.splitlines():
        if line.strip():
            numbers, sep, text = line.partition(":")
            if not sep or not text:
                raise _bad()
            lines.append((numbers, text))
    return lines


def _sender(raw: str) -> str:
    return "" if raw.strip() in ("", ".") else raw.strip()


def _add(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    now = emu.clock.now()
    name = params.get("name", "").strip()
    phones, mes, tpl = params.get("phones", ""), params.get("mes", ""), params.get("tpl", "")
    raw_list = params.get("list", "")
    if not name or (raw_list.strip() and (phones.strip() or mes or tpl)):
        raise _bad()
    textless = any(params.get(flag, "0") not in ("", "0") for flag in ("hlr", "ping"))
    if not raw_list.strip() and (not phones.strip() or (bool(mes) == bool(tpl) and not textless)):
        raise _bad()
    rpt = _int(params, "rpt", range(8)) or 0
    rptn = _int(params, "rptn", range(1, 1_000_000))
    job = EmulatedJob(
        id=emu.state(JobsState).new_id(),
        name=name,
        created_at=now,
        start_at=parse_send_time(params.get("time"), now, params.get("tz")),
        phones=phones,
        mes=mes,
        tpl=tpl,
        lines=_lines(raw_list),
        sender=_sender(params.get("sender", "")),
        rpt=rpt,
        rptn=rptn,
    )
    if not _targets(emu, job):
        raise APIFailure(7, "invalid number")
    emu.state(JobsState).jobs[job.id] = job
    emu.state(JobsState).run_due(emu)
    return render_created(job.id, fmt)


def _row(job: EmulatedJob, emu: EmulatorState) -> Row:
    status = job.status_at(emu.clock.now(), max(emu.queue_delay, emu.delivery_delay))
    phones = job.phones or ",".join(numbers for numbers, _ in job.lines)
    return [
        ("id", int(job.id)),
        ("name", job.name),
        ("status", status),
        ("status_name", JOB_STATUS_NAMES[status]),
        ("time", moscow_date(int(job.start_at))),
        ("rpt", job.rpt),
        ("rptn", job.rptn),
        ("cnt", job.cnt),
        ("cost", format_money(job.cost)),
        ("sender", job.sender or None),
        ("created", moscow_date(int(job.created_at))),
        ("phones", phones),
        ("mes", job.mes or None),
        ("tpl", job.tpl or None),
    ]


def _find(emu: EmulatorState, params: Mapping[str, str]) -> EmulatedJob:
    raw = params.get("id", "").strip()
    if not raw:
        raise _bad()
    job = emu.state(JobsState).jobs.get(raw)
    if job is None:
        raise APIFailure(3, "job not found")
    return job


def _day(params: Mapping[str, str], name: str) -> dt.date | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    match = _DATE.fullmatch(raw)
    try:
        if match is None:
            raise ValueError(raw)
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise APIFailure(5, "wrong date format") from None


def handle_jobs(emu: EmulatorState, params: Mapping[str, str], fmt: int) -> str:
    """Answer one authorised jobs.php request; raises ``APIFailure`` for error replies."""
    action = only_selector(params, _SELECTORS)
    state = emu.state(JobsState)
    state.run_due(emu)
    if action == "add":
        return _add(emu, params, fmt)
    if action == "get_all":
        start, end = _day(params, "start"), _day(params, "end")
        jobs = [
            job
            for job in state.jobs.values()
            if (start is None or _created(job) >= start) and (end is None or _created(job) <= end)
        ]
        return render_ids(
            [job.id for job in jobs], fmt, [_row(job, emu) for job in jobs], item="job"
        )
    job = _find(emu, params)
    if action == "get":
        return render_rows([_row(job, emu)], item="job", fmt=fmt)
    if action == "cancel":
        if job.cancelled_at is None:
            job.cancelled_at = emu.clock.now()
        return render_ack(fmt)
    del state.jobs[job.id]
    return render_ack(fmt)


def _created(job: EmulatedJob) -> dt.date:
    return dt.datetime.fromtimestamp(job.created_at, _MSK).date()


#: Script name (without ``.php``) -> handler.
HANDLERS: dict[str, Handler] = {"jobs": handle_jobs}
