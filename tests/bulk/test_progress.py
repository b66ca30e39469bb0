"""The ready progress adapter for send_bulk."""

from __future__ import annotations

import sys
from collections import Counter

import pytest

from aiosmsc import ConfigurationError
from aiosmsc.bulk import BulkReport
from aiosmsc.progress import BarProgress, tqdm_progress


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
