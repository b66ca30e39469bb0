"""The plugin as a user gets it: registered through the ``pytest11`` entry point and
working in pytest-asyncio's strict mode, in a project of its own."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import textwrap
from pathlib import Path

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


def test_entry_point_is_registered() -> None:
    points = importlib.metadata.entry_points(group="pytest11")
    assert {p.name: p.value for p in points}.get("aiosmsc") == "aiosmsc.testing.plugin"


def test_a_users_test_file_runs_with_the_fixtures(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(textwrap.dedent(USER_TEST))
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMSC_", "PYTEST_"))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--strict-markers"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
