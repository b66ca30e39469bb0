"""``aiosmsc bulk FILE.csv``: personalised sends from a CSV file, journaled and resumable.

The file has a header row with a ``phone`` column and a ``text`` column, or any columns
that ``--text "Hello {name}"`` fills in. Every row is checked before anything is sent.

The job is kept in a write-ahead journal (:mod:`aiosmsc.journal`): a SQLite file beside
the report (``FILE.report.journal``), or ``--journal postgresql://...`` where several
workers share the job. Running the same command again resumes it, whatever stopped it
(Ctrl-C, ``kill``, ``kill -9``, a power cut): requests that were in flight are looked up
with the service before anything is sent again, so every row is sent once.
``--retry-failed`` sends again the failed rows that may succeed (not a denied text, not
an invalid number); an ``unknown`` row is never resent: check it with ``aiosmsc status``.

Each outcome is appended to the report (``FILE.report.csv``) as it is known, and at the end
of a run the report is written again from the journal, so it agrees with the journal.

SIGINT and SIGTERM stop reading the file; requests in flight get ``--grace`` seconds (a
second SIGINT ends them at once), everything is recorded, the summary is printed, and the
command exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import os
import re
import signal
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import attrs
import click

from ..client import AsyncSMSC
from ..journal import JobStore, RowState, SQLiteJobStore, iter_outcomes
from ..operations.params import phone_key
from ..retry import RetryPolicy
from .common import (
    EXIT_API,
    EXIT_OK,
    EXIT_TRANSPORT,
    EXIT_USAGE,
    Settings,
    client_command,
    fail,
    run,
)

__all__ = ["REPORT_COLUMNS", "BulkInput", "bulk", "open_journal", "read_report"]

REPORT_COLUMNS = ("phone", "client_id", "message_id", "state", "error")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*")
_MAX_ERRORS = 10
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@attrs.frozen
class BulkInput:
    """A checked CSV input: ``rows(skip)`` streams ``(phone, text)`` pairs."""

    path: Path
    template: str | None

    def _reader(self, handle: TextIO) -> Iterator[tuple[int, dict[str, str]]]:
        reader = csv.DictReader(handle)
        fields = [name.strip().lower() for name in reader.fieldnames or []]
        if "phone" not in fields:
            raise ValueError("the header row must have a 'phone' column")
        if self.template is None and "text" not in fields:
            raise ValueError("the header row must have a 'text' column (or use --text)")
        if self.template is not None:
            names = {name.lower() for name in _PLACEHOLDER.findall(self.template)}
            missing = sorted(names - set(fields))
            if missing:
                raise ValueError(f"--text uses columns the file lacks: {', '.join(missing)}")
        for row in reader:
            clean = {
                (k or "").strip().lower(): (v or "").strip()
                for k, v in row.items()
                if not isinstance(v, list)
            }
            yield reader.line_num, clean

    def _text(self, row: dict[str, str]) -> str:
        if self.template is None:
            return row.get("text", "")
        return _PLACEHOLDER.sub(lambda m: row.get(m.group(1).lower(), ""), self.template)

    def check(self, skip: set[str]) -> int:
        """Validate every row (raise ``ValueError`` listing the bad lines); return how
        many rows are to be sent (not in ``skip``)."""
        errors: list[str] = []
        count = 0
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            for line, row in self._reader(handle):
                phone = row.get("phone", "")
                if not _PHONE.fullmatch(phone):
                    errors.append(f"line {line}: not a phone number: {phone!r}")
                elif not self._text(row).strip():
                    errors.append(f"line {line}: empty text")
                elif phone_key(phone) not in skip:
                    count += 1
                if len(errors) >= _MAX_ERRORS:
                    break
        if errors:
            raise ValueError("\n".join(errors))
        return count

    def rows(self, skip: set[str]) -> Iterator[tuple[str, str]]:
        """``(phone, text)`` for every row whose phone is not in ``skip``."""
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            for _, row in self._reader(handle):
                if phone_key(row["phone"]) not in skip:
                    yield row["phone"], self._text(row)

    def digest(self) -> str:
        """A digest of the file: a job resumes only with the input it was started with."""
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


def read_report(path: Path) -> dict[str, str]:
    """``{phone digits: state}`` from an earlier report (the last line per phone wins)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != REPORT_COLUMNS:
            raise ValueError("not an aiosmsc bulk report (unexpected header)")
        return {phone_key(row["phone"]): row["state"] for row in reader}


def is_database_url(target: str) -> bool:
    """Whether ``--journal`` names a PostgreSQL database rather than a file."""
    return target.startswith(("postgresql://", "postgres://"))


def open_journal(target: str, schema: str = "aiosmsc") -> JobStore:
    """The journal ``--journal`` names: a PostgreSQL DSN (its tables in ``schema``), else
    a SQLite file."""
    if is_database_url(target):
        from ..journal.postgres import PostgresJobStore

        return PostgresJobStore(target, schema=schema)
    return SQLiteJobStore(target)


async def _job_id(store: JobStore, given: str | None, file: Path, shared: bool) -> str:
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
    stem = re.sub(r"[^A-Za-z0-9._-]", "-", file.stem)[:20] or "bulk"
    return f"{stem}-{uuid.uuid4().hex[:8]}"


@attrs.define
class _Tally:
    interrupted: int | None = None
    cost: Decimal | None = None
    states: Counter[str] = attrs.field(factory=Counter)
    reasons: Counter[str] = attrs.field(factory=Counter)
    job_id: str = ""


def _error_text(error: object) -> str:
    return "" if error is None else f"{type(error).__name__}: {error}"


async def _rewrite_report(store: JobStore, job_id: str, path: Path, tally: _Tally) -> None:
    """Write the report again from the journal (atomically), counting states."""
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
                [record.row.phone, record.client_id or "", outcome.sms_id or "", state.value, error]
            )
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


async def _send_all(
    smsc: AsyncSMSC,
    source: BulkInput,
    options: dict[str, Any],
    paths: tuple[Path, str, str],
    bar: Any,
    *,
    job: str | None,
    grace: float,
    early: list[int],
) -> _Tally:
    report_path, journal_target, schema = paths
    shared = is_database_url(journal_target)
    tally = _Tally()
    store = open_journal(journal_target, schema)
    try:
        await store.open()
    except OSError as error:
        fail(f"cannot open the journal: {error}", EXIT_TRANSPORT)
    async with store:
        tally.job_id = job_id = await _job_id(store, job, source.path, shared)
        bulk_job = smsc.send_bulk(
            source.rows(set()),
            journal=store,
            job_id=job_id,
            job_settings={"input": source.digest(), "template": source.template},
            **options,
        )
        loop = asyncio.get_running_loop()

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

        for signum in _SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
                loop.add_signal_handler(signum, on_signal, signum)
        for caught in early:  # caught before the loop ran: stop before sending anything
            on_signal(caught)
        try:
            with report_path.open("a", encoding="utf-8", newline="") as report:
                writer = csv.writer(report)
                async with bulk_job:
                    async for outcome in bulk_job:
                        writer.writerow(
                            [
                                outcome.phone,
                                outcome.client_id or "",
                                outcome.message_id or "",
                                outcome.state.value,
                                _error_text(outcome.error),
                            ]
                        )
                        report.flush()
                        bar.update(1)
        finally:
            for signum in _SIGNALS:
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.remove_signal_handler(signum)
                    # asyncio put the default back: a late signal is only remembered.
                    signal.signal(signum, _recorder(early))
        tally.cost = bulk_job.report.cost
        await _rewrite_report(store, job_id, report_path, tally)
    return tally


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report CSV (default: FILE.report.csv).",
)
@click.option(
    "--journal",
    "journal_target",
    help="Journal: a SQLite file (default: beside the report) or postgresql://... URL.",
)
@click.option(
    "--journal-schema",
    default="aiosmsc",
    show_default=True,
    help="The PostgreSQL schema of the journal's tables.",
)
@click.option("--job", help="Job id (required with PostgreSQL; default: the journal's job).")
@click.option("--text", "template", help='Text for every row, "{column}" filled in.')
@click.option("--sender", help="Sender name (must be registered).")
@click.option("--translit", is_flag=True, help="Send the texts in Latin letters.")
@click.option("--retry-failed", is_flag=True, help="Send again failed rows that may succeed.")
@click.option("--batch-size", type=click.IntRange(1), default=500, show_default=True)
@click.option(
    "--grace",
    type=click.FloatRange(0),
    default=10.0,
    show_default=True,
    help="Seconds requests in flight get after SIGINT/SIGTERM.",
)
@click.option(
    "--lease",
    type=click.FloatRange(0.1),
    default=30.0,
    show_default=True,
    help="Seconds after which a killed worker's requests are looked up by another run.",
)
@click.option(
    "--settle",
    type=click.FloatRange(0),
    default=15.0,
    show_default=True,
    help="Seconds after a lost reply before 'not found' proves a request was never taken.",
)
@client_command
def bulk(
    settings: Settings,
    file: Path,
    report_path: Path | None,
    journal_target: str | None,
    journal_schema: str,
    job: str | None,
    template: str | None,
    sender: str | None,
    translit: bool,
    retry_failed: bool,
    batch_size: int,
    grace: float,
    lease: float,
    settle: float,
) -> None:
    """Send a personalised message to every row of FILE.csv (columns phone, text)."""
    report_path = report_path or file.with_suffix(".report.csv")
    journal_target = journal_target or str(report_path.with_suffix(".journal"))
    shared = is_database_url(journal_target)
    source = BulkInput(file, template)
    try:
        reported = read_report(report_path)
    except (ValueError, UnicodeDecodeError, csv.Error, KeyError) as error:
        fail(f"{report_path}: {error}", EXIT_USAGE)
    if reported and not shared and not Path(journal_target).exists():
        fail(
            f"{report_path} exists but its journal {journal_target} does not (an older"
            " aiosmsc, or the journal was removed): move the report away first, or its"
            " rows would be sent again",
            EXIT_USAGE,
        )
    try:
        total = source.check(set())
    except (ValueError, UnicodeDecodeError, csv.Error) as error:
        fail(f"{file}: nothing was sent:\n{error}", EXIT_USAGE)
    options: dict[str, Any] = {"batch_size": batch_size, "lease": lease}
    if retry_failed:
        options["retry_failed"] = True
    if sender is not None:
        options["sender"] = sender
    if translit:
        options["translit"] = True
    if not report_path.exists() or report_path.stat().st_size == 0:
        with report_path.open("w", encoding="utf-8", newline="") as fresh:
            csv.writer(fresh).writerow(REPORT_COLUMNS)
    # From here on a signal stops the job cleanly; one that comes before the job's event
    # loop runs (or after it) is remembered and honoured when it can be.
    early: list[int] = []
    previous = {signum: signal.signal(signum, _recorder(early)) for signum in _SIGNALS}
    try:
        with click.progressbar(length=total, label="Sending", file=sys.stderr) as bar:
            tally = run(
                settings,
                lambda smsc: _send_all(
                    smsc,
                    source,
                    options,
                    (report_path, journal_target, journal_schema),
                    bar,
                    job=job,
                    grace=grace,
                    early=early,
                ),
                retry=RetryPolicy(settle=settle),
            )
        code = _summarise(settings, tally, total, report_path)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    raise SystemExit(code)


def _recorder(signals: list[int]) -> Callable[[int, Any], None]:
    """A signal handler that only remembers the signal (for the job to honour)."""

    def record(signum: int, frame: Any) -> None:
        signals.append(signum)

    return record


def _summarise(settings: Settings, tally: _Tally, total: int, report_path: Path) -> int:
    """Print the summary; return the exit code."""
    sent = tally.states[RowState.SENT.value]
    unknown = tally.states[RowState.UNKNOWN.value]
    failed = sum(tally.reasons.values())
    settings.emit(
        {
            "job": tally.job_id,
            "to_send": total,
            "sent": sent,
            "failed": dict(tally.reasons),
            "unknown": unknown,
            "not_attempted": total - sent - failed - unknown,
            "cost": tally.cost,
            "report": str(report_path),
            "interrupted": tally.interrupted is not None,
        }
    )
    if tally.interrupted is not None:
        return 128 + tally.interrupted
    return EXIT_OK if sent == total else EXIT_API
