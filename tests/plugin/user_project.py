"""A user's own project as the plugin meets it: a test file that uses the fixtures in
pytest-asyncio's strict mode, and a conftest.py that records what of aiosmsc pytest has
loaded when collection starts (the plugin registered, its fixtures read, no test file
imported yet). tests/docs/test_examples.py runs it in its pytest run of the README's
test blocks (one user's pytest run, checked for both), not a second pytest of its own.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

#: All of aiosmsc that loading the plugin may import.
PLUGIN_ONLY = {
    "aiosmsc",
    "aiosmsc._lazy",
    "aiosmsc._version",
    "aiosmsc.testing",
    "aiosmsc.testing.plugin",
}

#: The test module's name, and how many tests it has.
USER_MODULE, USER_TESTS = "test_user_project", 2

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

#: Where the conftest writes the names (a JSON list), in the directory pytest runs in.
LOADED_AT_START = "loaded_at_start.json"

USER_CONFTEST = f"""
import json
import sys

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session):
    loaded = sorted(name for name in sys.modules if name.startswith("aiosmsc"))
    with open({LOADED_AT_START!r}, "w") as out:
        json.dump(loaded, out)
"""


def write_user_project(directory: Path) -> None:
    """The test module and the conftest.py, into the directory pytest will run in."""
    for name, text in ((f"{USER_MODULE}.py", USER_TEST), ("conftest.py", USER_CONFTEST)):
        path = directory / name
        assert not path.exists(), path
        path.write_text(textwrap.dedent(text), encoding="utf-8")
