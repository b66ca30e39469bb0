"""Running ``aiosmsc bulk``'s journaled job: the journal it names, the job id, signals that
stop it cleanly, and the report, written as outcomes come and again from the journal at
the end (so it agrees with the journal, whatever happened to earlier runs).

The client and the journal are imported when a job runs (``aiosmsc bulk --help`` and a
refused input need neither)."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import signal
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from .common import EXIT_TRANSPORT, fail

if TYPE_CHECKING:
    from ..client import AsyncSMSC
    from ..journal import JobStore

__all__ = [
    "REPORT_COLUMNS",
    "SIGNALS",
    "Tally",
    "is_database_url",
    "open_journal",
    "recorder",
    "send_all",
]

REPORT_COLUMNS = ("phone", "client_id", "message_id", "state", "error")
#: The signals that stop a job cleanly.
SIGNALS = (signal.SIGINT, signal.SIGTERM)


def is_database_url(target: str) -> bool:
    """Whether ``--journal`` names a PostgreSQL database rather than a file."""
    return target.startswith(("postgresql://", "postgres://"))


def open_journal(target: str, schema: str = "aiosmsc") -> JobStore:
    """The journal ``--journal`` names: a PostgreSQL DSN (its tables in ``schema``), else
    a SQLite file."""
    from ..journal import SQLiteJobStore

    if is_database_url(target):
        from ..journal.postgres import PostgresJobStore

        return PostgresJobStore(target, schema=schema)
    return SQLiteJobStore(target)


def recorder(signals: list[int]) -> Callable[[int, Any], None]:
    """A signal handler that only remembers the signal (for the job to honour)."""

    def record(signum: int, frame: Any) -> None:
        signals.append(signum)

    return record


@attrs.define
class Tally:
    """What a run did, and the journal's counts after it."""

    interrupted: int | None = None
    cost: Decimal | None = None
    states: Counter[str] = attrs.field(factory=Counter)
    reasons: Counter[str] = attrs.field(factory=Counter)
    job_id: str = ""


async def _job_id(store: JobStore, given: str | None, stem: str, shared: bool) -> str:
    """The job to run: ``--job``; else the one job of a journal file, or a new one."""
    if given is not None:
        return given
    if shared:
        raise click.UsageError("--job is required with a PostgreSQL journal (workers share it)")
    found = await store.jobs()
    if len(found) == 1:
        return found[0]
    if found:
        raise click.UsageError(f"the journal holds several jobs ({', '.join(found)}): give --job")
    # Unique per account: client ids are "<job>-<batch>", and a status lookup must never
    # find another job's message.
    prefix = re.sub(r"[^A-Za-z0-9._-]", "-", stem)[:20] or "bulk"
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _line(
    phone: str, client_id: str | None, message_id: str | None, state: str, error: str
) -> list[str]:
    return [phone, client_id or "", message_id or "", state, error]


async def _rewrite_report(store: JobStore, job_id: str, path: Path, tally: Tally) -> None:
    """Write the report again from the journal (atomically), counting states."""
    from ..journal import RowState, iter_outcomes

    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REPORT_COLUMNS)
        async for record in iter_outcomes(store, job_id):
            state, outcome = record.state, record.outcome
            tally.states[state.value] += 1
            if outcome is None:
                continue  # not attempted yet: a re-run sends it
            error = ""
            if state is not RowState.SENT:
                if state is RowState.FAILED:
                    tally.reasons[outcome.error_type or ""] += 1
                error = f"{outcome.error_type}: {outcome.error_message or ''}"
            writer.writerow(
                _line(record.row.phone, record.client_id, outcome.sms_id, state.value, error)
            )
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


@contextlib.contextmanager
def _signals_stop(on_signal: Callable[[int], None], early: list[int]) -> Iterator[None]:
    """SIGINT and SIGTERM call ``on_signal`` while the block runs (and the signals in
    ``early``, caught before, at once); after it they are only remembered."""
    import asyncio

    loop = asyncio.get_running_loop()
    for signum in SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
            loop.add_signal_handler(signum, on_signal, signum)
    for caught in early:
        on_signal(caught)
    try:
        yield
    finally:
        for signum in SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
                # asyncio put the default back: a late signal is only remembered.
                signal.signal(signum, recorder(early))


async def send_all(
    smsc: AsyncSMSC,
    rows: Iterator[tuple[str, str]],
    job_settings: Mapping[str, Any],
    options: dict[str, Any],
    paths: tuple[Path, str, str],
    bar: Any,
    *,
    job: str | None,
    grace: float,
    early: list[int],
) -> Tally:
    """Run the job over ``rows`` (``paths``: the report, the journal, its schema) and
    return what it did; the first SIGINT/SIGTERM stops it with ``grace``, a second one
    at once."""
    report_path, journal_target, schema = paths
    tally = Tally()
    store = open_journal(journal_target, schema)
    try:
        await store.open()
    except OSError as error:
        fail(f"cannot open the journal: {error}", EXIT_TRANSPORT)
    async with store:
        shared = is_database_url(journal_target)
        tally.job_id = await _job_id(store, job, report_path.stem, shared)
        bulk_job = smsc.send_bulk(
            rows, journal=store, job_id=tally.job_id, job_settings=job_settings, **options
        )

        def on_signal(signum: int) -> None:
            first = tally.interrupted is None
            tally.interrupted = signum
            if first:
                click.echo(
                    f"\naiosmsc: stopping; requests in flight get {grace:g} s (Ctrl-C again"
                    " stops them now). Run the same command to resume.",
                    err=True,
                )
            bulk_job.stop(grace=grace if first else 0)

        with (
            _signals_stop(on_signal, early),
            report_path.open("a", encoding="utf-8", newline="") as report,
        ):
            writer = csv.writer(report)
            seen: Counter[str] = Counter()  # this run's states, shown beside the progress
            show = getattr(bar, "set_postfix_str", None)  # log lines have it, click's bar not
            async with bulk_job:
                async for outcome in bulk_job:
                    failure = outcome.error
                    text = "" if failure is None else f"{type(failure).__name__}: {failure}"
                    writer.writerow(
                        _line(
                            outcome.phone,
                            outcome.client_id,
                            outcome.message_id,
                            outcome.state.value,
                            text,
                        )
                    )
                    report.flush()
                    seen[outcome.state.value] += 1
                    bar.update(1)
                    if show is not None:
                        show(", ".join(f"{name} {n}" for name, n in sorted(seen.items())))
        tally.cost = bulk_job.report.cost
        await _rewrite_report(store, tally.job_id, report_path, tally)
    return tally
