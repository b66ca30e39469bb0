"""``python -m aiosmsc demo`` works without the ``cli`` extra (click)."""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

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


def test_the_aiosmsc_script_points_at_the_checking_entry(
    no_click: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The console script runs sys.exit(<entry point>()) with the command in sys.argv.
    (script,) = [p for p in entry_points(group="console_scripts") if p.name == "aiosmsc"]
    assert script.value == "aiosmsc.__main__:main"
    monkeypatch.setattr(sys, "argv", ["aiosmsc", "balance"])
    assert script.load()() == 2
    err = capsys.readouterr().err
    assert "pip install 'aiosmsc[cli]'" in err and "Traceback" not in err


def test_a_broken_import_is_not_mistaken_for_a_missing_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [n for n in sys.modules if n == "aiosmsc.cli" or n.startswith("aiosmsc.cli.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "aiosmsc.cli.bulk", None)  # our own module, broken
    with pytest.raises(ImportError):
        entry.main(["balance"])
