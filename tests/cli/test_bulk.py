"""``aiosmsc bulk FILE.csv``: checked input, a report line per outcome, resumable."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from aiosmsc.cli import EXIT_API, EXIT_USAGE
from aiosmsc.cli.bulk import REPORT_COLUMNS
from aiosmsc.testing import SMSCEmulator

from .conftest import Runner

ROWS = [("79990000001", "Anna"), ("79990000002", "Boris"), ("79990000003", "Vera")]


def write_csv(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_report(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def people(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "people.csv", ["phone", "name"], ROWS)


def test_personalised_texts_and_a_report(run: Runner, emulator: SMSCEmulator, people: Path) -> None:
    result = run("bulk", str(people), "--text", "Hi {Name}!", "--sender", "Shop")
    assert result.exit_code == 0, result.output
    assert sorted((m.phone, m.text, m.sender) for m in emulator.messages) == [
        ("79990000001", "Hi Anna!", "Shop"),
        ("79990000002", "Hi Boris!", "Shop"),
        ("79990000003", "Hi Vera!", "Shop"),
    ]
    report = read_report(people.with_suffix(".report.csv"))
    assert [row["phone"] for row in report] == [phone for phone, _ in ROWS]
    assert {row["state"] for row in report} == {"sent"}
    assert all(row["message_id"] for row in report)
    assert "Sending" in result.stderr  # the progress bar goes to stderr


def test_text_column_and_json_summary(run: Runner, emulator: SMSCEmulator, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "t.csv", ["Phone", "Text"], [("79990000001", "A, with comma")])
    report = tmp_path / "out" / "report.csv"
    report.parent.mkdir()
    result = run("bulk", str(source), "--report", str(report), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["sent"] == 1 and summary["failed"] == {} and summary["not_attempted"] == 0
    assert summary["cost"] == "1.50"
    assert [m.text for m in emulator.messages] == ["A, with comma"]
    assert read_report(report)[0]["state"] == "sent"


def test_a_rerun_resumes_from_the_journal(
    run: Runner, emulator: SMSCEmulator, people: Path
) -> None:
    first = run("bulk", str(people), "--text", "Hi {name}", "--format", "json")
    assert first.exit_code == 0, first.output
    assert people.with_suffix(".report.journal").exists()
    again = run("bulk", str(people), "--text", "Hi {name}", "--format", "json")
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert summary["sent"] == 3 and summary["job"] == json.loads(first.stdout)["job"]
    assert len(emulator.messages) == 3  # nothing is ever sent twice
    assert len(read_report(people.with_suffix(".report.csv"))) == 3


def test_a_changed_file_or_text_is_refused(
    run: Runner, emulator: SMSCEmulator, people: Path
) -> None:
    assert run("bulk", str(people), "--text", "Hi {name}").exit_code == 0
    result = run("bulk", str(people), "--text", "Bye {name}")
    assert result.exit_code == EXIT_USAGE
    assert "other settings" in result.stderr
    assert len(emulator.messages) == 3


def test_a_report_without_its_journal_is_refused(
    run: Runner, emulator: SMSCEmulator, people: Path
) -> None:
    report = people.with_suffix(".report.csv")
    write_csv(report, list(REPORT_COLUMNS), [("79990000001", "x", "x", "sent", "")])
    result = run("bulk", str(people), "--text", "Hi {name}")
    assert result.exit_code == EXIT_USAGE
    assert "journal" in result.stderr and "sent again" in result.stderr
    assert emulator.requests == []


def test_retry_failed_resends_only_what_can_succeed(
    run: Runner, emulator: SMSCEmulator, tmp_path: Path
) -> None:
    rows = [("79990000001", "fine"), ("79990000002", "a forbidden word"), ("79990000003", "ok")]
    source = write_csv(tmp_path / "r.csv", ["phone", "text"], rows)
    emulator.balance = emulator.balance * 0
    assert run("bulk", str(source)).exit_code == EXIT_API
    assert emulator.messages == []
    emulator.balance = emulator.balance + 100
    # The rows never attempted (the job stopped at "no money") go now; the failed one
    # waits for --retry-failed.
    assert run("bulk", str(source)).exit_code == EXIT_API
    assert [m.phone for m in emulator.messages] == ["79990000003"]
    result = run("bulk", str(source), "--retry-failed", "--format", "json")
    assert result.exit_code == EXIT_API  # the denied text stays failed
    assert sorted(m.phone for m in emulator.messages) == ["79990000001", "79990000003"]
    assert json.loads(result.stdout)["failed"] == {"MessageDeniedError": 1}


def test_one_denied_text_fails_alone_and_exit_1(
    run: Runner, emulator: SMSCEmulator, tmp_path: Path
) -> None:
    rows = [("79990000001", "fine"), ("79990000002", "a forbidden word")]
    source = write_csv(tmp_path / "mixed.csv", ["phone", "text"], rows)
    result = run("bulk", str(source), "--format", "json")
    assert result.exit_code == EXIT_API, result.output
    summary = json.loads(result.stdout)
    # One request, refused as a whole for one text: the innocent row is sent alone.
    assert summary["sent"] == 1 and summary["failed"] == {"MessageDeniedError": 1}
    states = {row["phone"]: row for row in read_report(source.with_suffix(".report.csv"))}
    assert set(states) == {"79990000001", "79990000002"}
    assert states["79990000001"]["state"] == "sent"
    assert states["79990000002"]["state"] == "failed"
    assert "MessageDeniedError" in states["79990000002"]["error"]


@pytest.mark.parametrize(
    ("header", "rows", "extra", "message"),
    [
        (["tel", "text"], [("79990000001", "x")], [], "'phone' column"),
        (["phone"], [("79990000001",)], [], "'text' column"),
        (["phone", "name"], [("79990000001", "A")], ["--text", "Hi {nick}"], "nick"),
        (["phone", "text"], [("79990000001", "ok"), ("not-a-phone", "x")], [], "bad.csv, line 3"),
        (["phone", "text"], [("79990000001", "ok"), ("79990000002", " ")], [], "empty text"),
    ],
)
def test_bad_csv_sends_nothing(
    run: Runner,
    emulator: SMSCEmulator,
    tmp_path: Path,
    header: list[str],
    rows: list[tuple[str, ...]],
    extra: list[str],
    message: str,
) -> None:
    source = write_csv(tmp_path / "bad.csv", header, rows)
    result = run("bulk", str(source), *extra)
    assert result.exit_code == EXIT_USAGE, result.output
    assert message in result.stderr and "nothing was sent" in result.stderr
    assert emulator.requests == []
    assert not source.with_suffix(".report.csv").exists()


def test_a_foreign_report_file_is_refused(
    run: Runner, people: Path, emulator: SMSCEmulator
) -> None:
    people.with_suffix(".report.csv").write_text("a,b\n1,2\n")
    result = run("bulk", str(people), "--text", "x")
    assert result.exit_code == EXIT_USAGE
    assert "not an aiosmsc bulk report" in result.stderr
    assert emulator.requests == []


def test_missing_file_is_bad_input(run: Runner, tmp_path: Path) -> None:
    assert run("bulk", str(tmp_path / "nope.csv")).exit_code == EXIT_USAGE
