"""mypy --strict sees the blocking facade's parameters and results as the async ones'
(typing_check.py: right calls pass, each wrong call is an error its ignore expects).

Slow-ish (a few seconds with a cold mypy cache): it is the only check that the types an
IDE shows for SMSC are right, which no runtime test can see.
"""

from __future__ import annotations

from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api")


def test_mypy_sees_the_async_signatures_on_the_blocking_facade() -> None:
    checked = Path(__file__).with_name("typing_check.py")
    stdout, stderr, status = api.run(
        ["--strict", "--warn-unused-ignores", "--no-error-summary", str(checked)]
    )
    assert status == 0, stdout + stderr
