"""``aiosmsc bulk FILE.csv``: personalised sends from a CSV file, resumable.

The file has a header row with a ``phone`` column and a ``text`` column, or any columns
that ``--text "Hello {name}"`` fills in. Every row is checked before anything is sent.
Each outcome is appended to the report file (``FILE.report.csv`` by default) as soon as
it is known, so a run that stops can be started again: phones already in the report
are skipped (``--retry-failed`` sends again those the service definitely refused; an
``unknown`` outcome is never resent: check it with ``aiosmsc status``).
"""

from __future__ import annotations

import codecs
import csv
import re
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import attrs
import click

from ..client import AsyncSMSC
from ..errors import SMSCError
from ..operations.params import phone_key
from ..progress import LineProgress
from .common import EXIT_API, EXIT_OK, EXIT_USAGE, Settings, client_command, fail, run

__all__ = [
    "REPORT_COLUMNS",
    "BulkInput",
    "bulk",
    "detect_encoding",
    "read_report",
    "undecodable_line",
]

REPORT_COLUMNS = ("phone", "client_id", "message_id", "state", "error")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*")
_MAX_ERRORS = 10
#: Seconds between progress lines when stderr is not a terminal (cron, CI logs).
PROGRESS_INTERVAL = 10.0


@attrs.frozen
class BulkInput:
    """A checked CSV input: ``rows(skip)`` streams ``(phone, text)`` pairs."""

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

    def check(self, skip: set[str]) -> int:
        """Validate every row (raise ``ValueError`` listing the bad lines); return how
        many rows are to be sent (not in ``skip``)."""
        errors: list[str] = []
        count = 0
        with self.path.open(encoding=self.encoding, newline="") as handle:
            for line, row in self._reader(handle):
                phone = row.get("phone", "")
                if not _PHONE.fullmatch(phone):
                    errors.append(f"{self.path}, line {line}: not a phone number: {phone!r}")
                elif not self._text(row).strip():
                    errors.append(f"{self.path}, line {line}: empty text")
                elif phone_key(phone) not in skip:
                    count += 1
                if len(errors) >= _MAX_ERRORS:
                    break
        if errors:
            raise ValueError("\n".join(errors))
        return count

    def rows(self, skip: set[str]) -> Iterator[tuple[str, str]]:
        """``(phone, text)`` for every row whose phone is not in ``skip``."""
        with self.path.open(encoding=self.encoding, newline="") as handle:
            for _, row in self._reader(handle):
                if phone_key(row["phone"]) not in skip:
                    yield row["phone"], self._text(row)


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
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != REPORT_COLUMNS:
            raise ValueError("not an aiosmsc bulk report (unexpected header)")
        return {phone_key(row["phone"]): row["state"] for row in reader}


@attrs.define
class _Outcome:
    """What one send gave, when ``send_bulk`` is not available."""

    phone: str
    client_id: str | None
    message_id: str | None
    ok: bool
    error: SMSCError | None
    state: str


async def _one_by_one(
    smsc: AsyncSMSC, rows: Iterator[tuple[str, str]], options: dict[str, Any]
) -> AsyncIterator[_Outcome]:
    """Fallback without ``smsc.send_bulk``: one ``send`` per row."""
    for phone, text in rows:
        try:
            sent = await smsc.send(phone, text, **options)
        except SMSCError as error:
            state = "unknown" if getattr(error, "possibly_delivered", False) else "failed"
            yield _Outcome(phone, None, None, False, error, state)
        else:
            yield _Outcome(phone, sent.id, sent.id, True, None, "sent")


def _state(outcome: Any) -> str:
    state = getattr(outcome, "state", None)
    if state is not None:
        return str(getattr(state, "value", state))
    return "sent" if outcome.ok else "failed"


@attrs.define
class _Tally:
    written: int = 0
    states: Counter[str] = attrs.field(factory=Counter)
    reasons: Counter[str] = attrs.field(factory=Counter)
    cost: Decimal | None = None


async def _send_all(
    smsc: AsyncSMSC,
    rows: Iterator[tuple[str, str]],
    options: dict[str, Any],
    report: TextIO,
    bar: Any,
) -> _Tally:
    writer = csv.writer(report)
    tally = _Tally()
    send_bulk = getattr(smsc, "send_bulk", None)
    job: Any = send_bulk(rows, **options) if send_bulk is not None else None
    outcomes: Any = job if job is not None else _one_by_one(smsc, rows, options)
    try:
        async for outcome in outcomes:
            state = _state(outcome)
            if state == "not_attempted":
                continue  # not in the report: a re-run sends it
            error = outcome.error
            reason = "" if error is None else f"{type(error).__name__}: {error}"
            writer.writerow(
                [outcome.phone, outcome.client_id or "", outcome.message_id or "", state, reason]
            )
            report.flush()
            tally.written += 1
            tally.states[state] += 1
            if error is not None:
                tally.reasons[type(error).__name__] += 1
            bar.update(1)
            postfix = getattr(bar, "set_postfix_str", None)
            if postfix is not None:
                postfix(", ".join(f"{name} {n}" for name, n in sorted(tally.states.items())))
    finally:
        close = getattr(outcomes, "aclose", None)
        if close is not None:
            await close()
    cost = getattr(getattr(job, "report", None), "cost", None)
    tally.cost = cost if isinstance(cost, Decimal) else None
    return tally


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
    help="Report CSV (default: FILE.report.csv); its phones are skipped on a re-run.",
)
@click.option("--text", "template", help='Text for every row, "{column}" filled in.')
@click.option("--sender", help="Sender name (must be registered).")
@click.option("--translit", is_flag=True, help="Send the texts in Latin letters.")
@click.option("--retry-failed", is_flag=True, help="Send again rows the report marks failed.")
@click.option(
    "--encoding",
    callback=_check_encoding,
    help="The file's encoding, e.g. utf-8 or cp1251 [default: UTF-8, else windows-1251].",
)
@client_command
def bulk(
    settings: Settings,
    file: Path,
    report_path: Path | None,
    template: str | None,
    sender: str | None,
    translit: bool,
    retry_failed: bool,
    encoding: str | None,
) -> None:
    """Send a personalised message to every row of FILE.csv (columns phone, text)."""
    report_path = report_path or file.with_suffix(".report.csv")
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
        done = read_report(report_path)
    except (ValueError, UnicodeDecodeError, csv.Error, KeyError) as error:
        fail(f"{report_path}: {error}", EXIT_USAGE)
    skip = {phone for phone, state in done.items() if not (retry_failed and state == "failed")}
    try:
        total = source.check(skip)
    except csv.Error as error:
        fail(f"{file}: not a readable CSV file ({error}); nothing was sent", EXIT_USAGE)
    except ValueError as error:  # the rows' own errors name their lines
        fail(f"nothing was sent:\n{_with_file(file, error)}", EXIT_USAGE)
    options: dict[str, Any] = {}
    if sender is not None:
        options["sender"] = sender
    if translit:
        options["translit"] = True
    fresh = not report_path.exists() or report_path.stat().st_size == 0
    with (
        report_path.open("a", encoding="utf-8", newline="") as report,
        _progress(total) as bar,
    ):
        if fresh:
            csv.writer(report).writerow(REPORT_COLUMNS)
        tally = run(settings, lambda smsc: _send_all(smsc, source.rows(skip), options, report, bar))
    summary = {
        "to_send": total,
        "in_report": len(skip),
        "sent": tally.states["sent"],
        "failed": dict(tally.reasons),
        "unknown": tally.states["unknown"],
        "not_attempted": total - tally.written,
        "cost": tally.cost,
        "report": str(report_path),
    }
    settings.emit(summary)
    raise SystemExit(EXIT_OK if tally.states["sent"] == total else EXIT_API)
