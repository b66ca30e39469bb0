"""The ready progress adapter for send_bulk."""

from __future__ import annotations

import io
import sys
from collections import Counter

import pytest
from rich.console import Console
from rich.progress import Progress

from aiosmsc import ConfigurationError
from aiosmsc.bulk import BulkReport
from aiosmsc.progress import BarProgress, rich_progress, tqdm_progress


class FakeBar:
    def __init__(self) -> None:
        self.n = 0
        self.postfix = ""

    def update(self, n: int = 1) -> None:
        self.n += n

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        self.postfix = text


def test_bar_follows_the_report() -> None:
    bar = FakeBar()
    hook = BarProgress(bar)
    report = BulkReport()
    report.sent = 500
    hook(report)
    report.sent, report.failed = 900, Counter({"InvalidPhoneError 7": 100})
    hook(report)
    hook(report)  # no double counting
    assert bar.n == 1000
    assert bar.postfix == "sent 900, failed 100, unknown 0"
    assert hook.bar is bar


def test_tqdm_missing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    with pytest.raises(ConfigurationError, match=r"aiosmsc\[progress\]"):
        tqdm_progress(total=10)


def test_rich_task_follows_the_report() -> None:
    display = Progress(console=Console(file=io.StringIO(), width=120))
    with rich_progress(total=1000, description="Mailing", display=display) as hook:
        report = BulkReport()
        report.sent, report.unknown = 700, 50
        hook(report)
    task = display.tasks[0]
    assert (task.description, task.total, task.completed) == ("Mailing", 1000, 750)
    assert task.fields["counts"] == "sent 700, failed 0, unknown 50"
    assert not display.live.is_started  # a display passed in is never started by us


def test_rich_display_of_its_own_is_started_and_stopped() -> None:
    hook = rich_progress(total=10)
    with hook:
        assert hook.display.live.is_started
    assert not hook.display.live.is_started


def test_rich_missing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich.progress", None)
    with pytest.raises(
        ConfigurationError, match=r"rich_progress needs rich: .*aiosmsc\[progress\]"
    ):
        rich_progress(total=10)


def test_tqdm_bar_follows_the_report() -> None:
    progress = tqdm_progress(total=100, file=io.StringIO())
    report = BulkReport()
    report.sent = 40
    progress(report)
    assert progress.bar.n == 40  # type: ignore[attr-defined]
    assert progress.bar.unit == "msg"  # type: ignore[attr-defined]
    progress.bar.close()  # type: ignore[attr-defined]
