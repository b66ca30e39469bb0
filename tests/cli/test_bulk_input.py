"""``aiosmsc bulk`` meets files as people save them: windows-1251 from Excel, errors that
name the file and the line, and progress that reads well in a log."""

from __future__ import annotations

from pathlib import Path

from aiosmsc.cli import EXIT_USAGE
from aiosmsc.cli.bulk import detect_encoding, undecodable_line
from aiosmsc.progress import BarProgress, LineProgress
from aiosmsc.testing import SMSCEmulator

from .conftest import Runner

RUSSIAN = "phone,name\n79990000001,Анна\n79990000002,Борис\n"


def test_a_windows_1251_file_is_detected_and_read(
    run: Runner, emulator: SMSCEmulator, tmp_path: Path
) -> None:
    source = tmp_path / "people.csv"
    source.write_bytes(RUSSIAN.encode("cp1251"))
    result = run("bulk", str(source), "--text", "Привет, {name}!")
    assert result.exit_code == 0, result.output
    assert "read as cp1251" in result.stderr
    assert sorted(m.text for m in emulator.messages) == ["Привет, Анна!", "Привет, Борис!"]


def test_encoding_can_be_given(run: Runner, emulator: SMSCEmulator, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_bytes(RUSSIAN.encode("cp1251"))
    result = run("bulk", str(source), "--text", "{name}", "--encoding", "cp1251")
    assert result.exit_code == 0, result.output
    assert "read as" not in result.stderr
    assert sorted(m.text for m in emulator.messages) == ["Анна", "Борис"]


def test_a_wrong_encoding_names_the_file_and_line(
    run: Runner, emulator: SMSCEmulator, tmp_path: Path
) -> None:
    source = tmp_path / "people.csv"
    source.write_bytes(RUSSIAN.encode("cp1251"))
    result = run("bulk", str(source), "--text", "{name}", "--encoding", "utf-8")
    assert result.exit_code == EXIT_USAGE, result.output
    assert f"{source}, line 2: not utf-8 text" in result.stderr
    assert "--encoding" in result.stderr and "codec" not in result.stderr
    assert emulator.requests == []


def test_an_unknown_encoding_is_bad_usage(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text(RUSSIAN, encoding="utf-8")
    result = run("bulk", str(source), "--text", "{name}", "--encoding", "klingon")
    assert result.exit_code == EXIT_USAGE
    assert "unknown encoding 'klingon'" in result.stderr


def test_detection_keeps_utf8_with_or_without_bom(tmp_path: Path) -> None:
    plain, bom, legacy = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    plain.write_text(RUSSIAN, encoding="utf-8")
    bom.write_text(RUSSIAN, encoding="utf-8-sig")
    legacy.write_bytes(RUSSIAN.encode("cp1251"))
    assert [detect_encoding(p) for p in (plain, bom, legacy)] == [
        "utf-8-sig",
        "utf-8-sig",
        "cp1251",
    ]
    assert undecodable_line(plain, "utf-8-sig") is None
    bad = undecodable_line(legacy, "utf-8")
    assert bad is not None and bad[0] == 2 and "0xc0" in bad[1]


def test_a_bulk_run_in_a_log_prints_count_lines(
    run: Runner, emulator: SMSCEmulator, tmp_path: Path
) -> None:
    source = tmp_path / "people.csv"
    source.write_text(RUSSIAN, encoding="utf-8")
    result = run("bulk", str(source), "--text", "{name}")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "Sending: 0 / 2 (0%)"
    assert lines[-1] == "Sending: 2 / 2 (100%), sent 2"
    assert "\r" not in result.stderr and "\x1b" not in result.stderr


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_line_progress_writes_a_line_per_interval_and_a_last_one() -> None:
    lines: list[str] = []
    clock = FakeClock()
    with LineProgress(1000, interval=10, write=lines.append, clock=clock) as progress:
        for _ in range(5):  # quick updates: no line
            progress.update(100)
        assert lines == ["Sending: 0 / 1000 (0%)"]
        clock.now = 10.0
        progress.set_postfix_str("sent 600")
        progress.update(100)
        clock.now = 15.0
        progress.update(400)  # only 5 s since the last line
    assert lines == [
        "Sending: 0 / 1000 (0%)",
        "Sending: 600 / 1000 (60%), sent 600",
        "Sending: 1000 / 1000 (100%), sent 600",
    ]


def test_line_progress_drives_from_send_bulk_reports() -> None:
    from aiosmsc.bulk import BulkReport

    lines: list[str] = []
    hook = BarProgress(LineProgress(None, label="Job", interval=0, write=lines.append))
    report = BulkReport()
    report.sent = 7
    hook(report)
    assert lines == ["Job: 0", "Job: 7"]
    hook.bar.close()  # type: ignore[attr-defined]
    assert lines[-1] == "Job: 7, sent 7, failed 0, unknown 0"
