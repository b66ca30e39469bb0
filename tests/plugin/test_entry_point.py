"""The plugin as a user gets it: registered through the ``pytest11`` entry point and
working in pytest-asyncio's strict mode, in a project of its own; and cheap where it is
not used (pytest looks up every name a plugin lists, at the start of every run)."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from .test_import_cost import PLUGIN_ONLY

#: Pytest plugins of the project's own test tools, none of which the test below needs:
#: a user's project need not have them, and loading them is a fifth of the run.
OUR_TOOLS = ("-p", "no:hypothesispytest", "-p", "no:xdist", "-p", "no:xdist.looponfail")
OUR_TOOLS += ("-p", "no:respx")

USER_TEST = """
import pytest

from aiosmsc import AsyncSMSC


async def notify_customer(smsc: AsyncSMSC, phone: str) -> str:
    return (await smsc.send(phone, "Your order has shipped")).id


@pytest.mark.asyncio
async def test_notify(smsc, smsc_kit):
    message_id = await notify_customer(smsc, "79990000001")
    assert smsc_kit.texts_to("79990000001") == ["Your order has shipped"]
    smsc_kit.settle()
    assert (await smsc.status("79990000001", message_id)).is_delivered


@pytest.mark.smsc_emulator(balance=0)
@pytest.mark.asyncio
async def test_no_money(smsc):
    from aiosmsc import InsufficientFundsError

    with pytest.raises(InsufficientFundsError):
        await notify_customer(smsc, "79990000001")
"""

#: Records what of aiosmsc is loaded once pytest has registered the plugins and read
#: their fixtures, before any test file is imported.
USER_CONFTEST = """
import json
import sys

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session):
    loaded = sorted(name for name in sys.modules if name.startswith("aiosmsc"))
    with open("loaded_at_start.json", "w") as out:
        json.dump(loaded, out)
"""


def test_entry_point_is_registered() -> None:
    points = importlib.metadata.entry_points(group="pytest11")
    assert {p.name: p.value for p in points}.get("aiosmsc") == "aiosmsc.testing.plugin"


def test_a_users_test_file_runs_with_the_fixtures(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(textwrap.dedent(USER_TEST))
    (tmp_path / "conftest.py").write_text(textwrap.dedent(USER_CONFTEST))
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMSC_", "PYTEST_"))}
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--strict-markers"),
            *OUR_TOOLS,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
    # The fixtures were found without loading the emulator or the client.
    loaded = json.loads((tmp_path / "loaded_at_start.json").read_text())
    assert set(loaded) == PLUGIN_ONLY
