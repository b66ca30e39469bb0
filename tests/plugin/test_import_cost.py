"""pytest loads the plugin on every run wherever aiosmsc is installed: loading it must
not import the emulator, the client or httpx (the fixtures import them when used)."""

from __future__ import annotations

import subprocess
import sys

import aiosmsc.testing.plugin as plugin

from .user_project import PLUGIN_ONLY

#: Written to stderr between the imports of ``before`` and those of ``code``.
_MARK = "-- then --"


def imported_while_loading(code: str, before: str = "") -> dict[str, int]:
    """``{module: cumulative microseconds}`` of every module ``code`` imports, from
    ``python -X importtime`` in a fresh interpreter that ran ``before`` first (what
    ``before`` imported is left out: a module is imported once)."""
    mark = f"import sys; sys.stderr.write({_MARK!r} + chr(10)); sys.stderr.flush()"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"{before}\n{mark}\n{code}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = done.stderr.splitlines()
    assert lines.count(_MARK) == 1, done.stderr
    imported: dict[str, int] = {}
    for line in lines[lines.index(_MARK) + 1 :]:
        if not line.startswith("import time:") or "| imported package" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        imported[name.strip()] = int(cumulative)
    return imported


def test_loading_the_plugin_imports_neither_emulator_nor_client_nor_httpx() -> None:
    imported = imported_while_loading("import aiosmsc.testing.plugin")
    assert "aiosmsc.testing.plugin" in imported  # the parsing works
    assert {name for name in imported if name.startswith("aiosmsc")} == PLUGIN_ONLY
    assert "httpx" not in imported


def test_the_plugin_adds_only_itself_to_what_pytest_has_loaded() -> None:
    # As in a pytest run: pytest and pytest-asyncio are loaded before the plugin.
    added = imported_while_loading(
        "import aiosmsc.testing.plugin", before="import pytest, pytest_asyncio"
    )
    assert set(added) == PLUGIN_ONLY


def test_the_heavy_names_are_still_there_on_first_use() -> None:
    from aiosmsc.testing.in_process import DisconnectingASGITransport
    from aiosmsc.testing.kit import EmulatorKit

    assert plugin.EmulatorKit is EmulatorKit
    assert plugin.DisconnectingASGITransport is DisconnectingASGITransport
    assert (plugin.LOGIN, plugin.PASSWORD) == ("demo", "demo-password")
    assert set(plugin.__all__) == {"LOGIN", "PASSWORD", "DisconnectingASGITransport", "EmulatorKit"}
