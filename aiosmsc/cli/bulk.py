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

import codecs
import csv
import hashlib
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs
import click

from .bulk_job import REPORT_COLUMNS, SIGNALS, is_database_url, recorder, send_all
from .common import EXIT_API, EXIT_OK, EXIT_USAGE, Settings, client_command, fail, run

if TYPE_CHECKING:
    from .bulk_job import Tally

# The library's modules (the journal, progress, retries, the client in bulk_job) are
# imported where they are used: ``aiosmsc bulk --help`` and a refused file need none.

__all__ = [
    "REPORT_COLUMNS",
    "BulkInput",
    "bulk",
    "detect_encoding",
    "read_report",
    "undecodable_line",
]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*")
_MAX_ERRORS = 10
#: Seconds between progress lines when stderr is not a terminal (cron, CI logs).
PROGRESS_INTERVAL = 10.0


@attrs.frozen
class BulkInput:
    """A checked CSV input: ``rows()`` streams ``(phone, text)`` pairs."""

    path: Path
    template: str | None
    encoding: str = "utf-8-sig"

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

    def check(self) -> int:
        """Validate every row (raise ``ValueError`` listing the bad lines); return how
        many rows there are to send."""
        errors: list[str] = []
        count = 0
        with self.path.open(encoding=self.encoding, newline="") as handle:
            for line, row in self._reader(handle):
                phone = row.get("phone", "")
                if not _PHONE.fullmatch(phone):
                    errors.append(f"{self.path}, line {line}: not a phone number: {phone!r}")
                elif not self._text(row).strip():
                    errors.append(f"{self.path}, line {line}: empty text")
                else:
                    count += 1
                if len(errors) >= _MAX_ERRORS:
                    break
        if errors:
            raise ValueError("\n".join(errors))
        return count

    def rows(self) -> Iterator[tuple[str, str]]:
        """``(phone, text)`` for every row (the journal knows which were sent)."""
        with self.path.open(encoding=self.encoding, newline="") as handle:
            for _, row in self._reader(handle):
                yield row["phone"], self._text(row)

    def digest(self) -> str:
        """A digest of the file: a job resumes only with the input it was started with."""
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


def detect_encoding(path: Path) -> str:
    """``"utf-8-sig"`` when the whole file is UTF-8 (with or without a BOM), else
    ``"cp1251"``: a CSV saved by Excel on a Russian-language Windows."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(1 << 16):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1251"
    return "utf-8-sig"


def undecodable_line(path: Path, encoding: str) -> tuple[int, str] | None:
    """The first line of ``path`` that is not text in ``encoding`` and why, or ``None``.
    (Line by line is exact for the encodings a CSV comes in: in UTF-8 and the one-byte
    code pages no character spans a line break.)"""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError as error:
                return number, error.reason + f" (byte 0x{raw[error.start]:02x})"
    return None


def read_report(path: Path) -> dict[str, str]:
    """``{phone digits: state}`` from an earlier report (the last line per phone wins)."""
    if not path.exists():
        return {}
    from ..operations.params import phone_key

    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != REPORT_COLUMNS:
            raise ValueError("not an aiosmsc bulk report (unexpected header)")
        return {phone_key(row["phone"]): row["state"] for row in reader}


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r} (try utf-8 or cp1251)") from None
    return value


def _with_file(file: Path, error: ValueError) -> str:
    """``error`` with every line naming ``file`` (row errors already do)."""
    return "\n".join(
        line if line.startswith(f"{file},") else f"{file}: {line}"
        for line in str(error).splitlines()
    )


def _progress(total: int) -> Any:
    """A bar on a terminal; periodic count lines elsewhere (cron and CI logs)."""
    from ..progress import LineProgress

    if sys.stderr.isatty():
        return click.progressbar(length=total, label="Sending", file=sys.stderr)
    return LineProgress(
        total, interval=PROGRESS_INTERVAL, write=lambda line: click.echo(line, err=True)
    )


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
@click.option(
    "--encoding",
    callback=_check_encoding,
    help="The file's encoding, e.g. utf-8 or cp1251 [default: UTF-8, else windows-1251].",
)
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
    encoding: str | None,
    batch_size: int,
    grace: float,
    lease: float,
    settle: float,
) -> None:
    """Send a personalised message to every row of FILE.csv (columns phone, text)."""
    from ..retry import RetryPolicy

    report_path = report_path or file.with_suffix(".report.csv")
    journal_target = journal_target or str(report_path.with_suffix(".journal"))
    shared = is_database_url(journal_target)
    if encoding is None:
        encoding = detect_encoding(file)
        if encoding != "utf-8-sig":
            click.echo(f"{file}: not UTF-8, read as {encoding} (choose with --encoding)", err=True)
    bad = undecodable_line(file, encoding)
    if bad is not None:
        line, reason = bad
        fail(
            f"{file}, line {line}: not {encoding} text: {reason}; nothing was sent"
            " (give the file's encoding with --encoding, e.g. --encoding cp1251)",
            EXIT_USAGE,
        )
    source = BulkInput(file, template, encoding)
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
        total = source.check()
    except csv.Error as error:
        fail(f"{file}: not a readable CSV file ({error}); nothing was sent", EXIT_USAGE)
    except ValueError as error:  # the rows' own errors name their lines
        fail(f"nothing was sent:\n{_with_file(file, error)}", EXIT_USAGE)
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
    previous = {signum: signal.signal(signum, recorder(early)) for signum in SIGNALS}
    try:
        with _progress(total) as bar:
            tally = run(
                settings,
                lambda smsc: send_all(
                    smsc,
                    source.rows(),
                    {"input": source.digest(), "template": source.template, "encoding": encoding},
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


def _summarise(settings: Settings, tally: Tally, total: int, report_path: Path) -> int:
    """Print the summary; return the exit code."""
    from ..journal import RowState

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
