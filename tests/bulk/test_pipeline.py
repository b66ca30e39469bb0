"""Bulk jobs and trackers go through the client's pipeline, not back through its facade,
and a bulk job checks each recipient once: the requests are built from what was checked."""

from __future__ import annotations

import ast
import pathlib
from typing import Any

import pytest

import aiosmsc
from aiosmsc import AsyncSMSC, ValidationError
from aiosmsc.operations.message import MessageShape
from aiosmsc.testing import SMSCEmulator

from .conftest import FAST_BULK_EMULATOR

PACKAGE = pathlib.Path(aiosmsc.__file__).parent


pytestmark = FAST_BULK_EMULATOR


def _imported(path: pathlib.Path) -> set[str]:
    """The modules of aiosmsc a module imports (type-only imports included)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(
    "path",
    [*sorted((PACKAGE / "bulk").glob("*.py")), PACKAGE / "tracking.py"],
    ids=lambda path: path.name,
)
def test_bulk_and_tracking_do_not_import_the_facade(path: pathlib.Path) -> None:
    imported = _imported(path)
    assert "aiosmsc.client" not in imported
    assert not any(name == "aiosmsc.api" or name.startswith("aiosmsc.api.") for name in imported)
    assert "aiosmsc" not in imported  # the package __init__ imports the client


async def test_bulk_and_track_never_call_the_facade_methods(
    smsc: AsyncSMSC, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("called the facade")

    monkeypatch.setattr(AsyncSMSC, "send", refuse)
    monkeypatch.setattr(AsyncSMSC, "status", refuse)
    rows = [("79990000001", "a"), ("79990000002", "b"), ("79990000003", "b")]
    async with smsc.send_bulk(rows, sender="Shop") as job:
        outcomes = [outcome async for outcome in job]
    assert job.report.sent == 3
    tracked = [message async for message in smsc.track(outcomes, poll_interval=0)]
    assert {message.phone for message in tracked} == {phone for phone, _ in rows}
    assert all(message.final for message in tracked)


async def test_each_recipient_is_checked_once_and_requests_are_not_checked_again(
    smsc: AsyncSMSC, emulator: SMSCEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[Any] = []
    original = MessageShape.message

    def spy(self: Any, phones: Any, mes: Any, entries: Any = None) -> Any:
        checked.append(phones)
        return original(self, phones, mes, entries)

    monkeypatch.setattr(MessageShape, "message", spy)
    plain = [(f"7999000{i:04d}", f"Your code is {i}") for i in range(40)]
    spaced = [(f" 7999100{i:04d} ", "Sale") for i in range(5)]  # the long way: trimmed
    async with smsc.send_bulk(plain + spaced, batch_size=10) as job:
        outcomes = [outcome async for outcome in job]
    assert job.report.sent == 45 and len(outcomes) == 45
    assert job.report.requests == 5  # four list requests and one phones request
    # one stand-in check of the shared options, then each spaced number once: the plain
    # pairs took the cheap path, and no request was checked again
    assert checked == ["70000000000", *(phone.strip() for phone, _ in spaced)]
    phones = next(r for script, r in emulator.requests if script == "send" and "phones" in r)
    assert phones["phones"] == ",".join(phone.strip() for phone, _ in spaced)
    assert (phones["mes"], phones["err"], phones["cost"]) == ("Sale", "1", "2")


async def test_a_recipients_own_options_are_checked_once_per_distinct_set(
    smsc: AsyncSMSC, emulator: SMSCEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiosmsc import Recipient

    built: list[dict[str, Any]] = []
    original = MessageShape.build.__func__  # type: ignore[attr-defined]

    def spy(cls: Any, options: Any, *, channel: Any = None) -> Any:
        built.append(dict(options))
        return original(cls, options, channel=channel)

    monkeypatch.setattr(MessageShape, "build", classmethod(spy))
    rows = [Recipient(f"7999000{i:04d}", f"t{i}", options={"sender": "Other"}) for i in range(6)]
    async with smsc.send_bulk(rows, sender="Shop", comment="c7") as job:
        outcomes = [outcome async for outcome in job]
    assert all(outcome.ok for outcome in outcomes)
    assert [options["sender"] for options in built] == ["Shop", "Other"]
    requests = [r for script, r in emulator.requests if script == "send"]
    assert len(requests) == 6  # a comment keeps every text out of list requests
    assert all(r["sender"] == "Other" and r["mes"].endswith("\n~~~\nc7") for r in requests)


async def test_unknown_shared_options_are_refused_before_anything_is_sent(
    smsc: AsyncSMSC, emulator: SMSCEmulator
) -> None:
    with pytest.raises(ValidationError, match="colour"):
        smsc.send_bulk([("79990000001", "x")], colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="colour"):
        smsc.track([], colour="red")  # type: ignore[call-arg]
    assert emulator.requests == []
