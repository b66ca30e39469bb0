"""``python -m aiosmsc demo`` works without the ``cli`` extra (click)."""

from __future__ import annotations

import sys

import pytest

import aiosmsc.__main__ as entry


@pytest.fixture
def no_click(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "click", None)  # import click -> ImportError
    # aiosmsc.cli is a package: forget its modules too, or a cached one would skip click
    for name in [n for n in sys.modules if n == "aiosmsc.cli" or n.startswith("aiosmsc.cli.")]:
        monkeypatch.delitem(sys.modules, name)


def test_demo_runs_without_click(no_click: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class Result:
        ok = True

    async def fake_demo() -> Result:
        calls.append("demo")
        return Result()

    monkeypatch.setattr("aiosmsc.demo.run_demo", fake_demo)
    assert entry.main(["demo"]) == 0
    assert calls == ["demo"]


def test_other_commands_say_which_extra_to_install(
    no_click: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert entry.main(["balance"]) == 2
    assert "pip install 'aiosmsc[cli]'" in capsys.readouterr().err
