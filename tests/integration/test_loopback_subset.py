"""The loopback smoke subset (tests marked ``loopback``, see conftest.py) reaches every
script the emulator serves and every fault kind it injects, so a new script or fault
kind fails here until some test runs it over a real socket."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiosmsc.testing import emulator as emulator_module
from aiosmsc.testing.faults import FAULT_KINDS

PACKAGE = __name__.rpartition(".")[0]


def loopback_marks() -> Iterator[tuple[str, pytest.Mark]]:
    """(test name, its ``loopback`` mark) for every marked test of this directory."""
    for module_info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not module_info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"{PACKAGE}.{module_info.name}")
        for name, test in vars(module).items():
            if not name.startswith("test_"):
                continue
            for mark in getattr(test, "pytestmark", ()):
                if mark.name == "loopback":
                    yield f"{module_info.name}::{name}", mark


def test_every_script_of_the_emulator_runs_over_loopback() -> None:
    served = set(emulator_module._HANDLERS)  # the emulator's dispatch table
    assert {"send", "status", "balance"} < served  # the table is what we think it is
    named = {script for _, mark in loopback_marks() for script in mark.args}
    assert not named - served, f"loopback markers name unknown scripts: {named - served}"
    assert served <= named, f"no loopback test for {sorted(served - named)}"


def test_every_fault_kind_runs_over_loopback() -> None:
    named = {kind for _, mark in loopback_marks() for kind in mark.kwargs.get("faults", ())}
    assert set(FAULT_KINDS) <= named, f"no loopback test for {sorted(set(FAULT_KINDS) - named)}"


def test_the_subset_stays_a_subset() -> None:
    """A smoke subset: a dozen or so tests, not the whole directory again."""
    marked = [name for name, _ in loopback_marks()]
    assert len(marked) == len(set(marked))
    assert 0 < len(marked) <= 20, marked
