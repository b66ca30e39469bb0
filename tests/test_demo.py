"""The main job: ``python -m aiosmsc demo`` against the built-in emulator."""

from __future__ import annotations

import asyncio
import re
from decimal import Decimal

import pytest

import aiosmsc.demo
from aiosmsc.demo import DemoResult, recipients, run_demo

Run = tuple[DemoResult, list[str]]


@pytest.fixture(scope="module")
def demo() -> Run:
    """One demo run (2000 messages) shared by the tests. The demo runs as users run it, on
    the wall clock, against its emulator on a loopback port; only the emulator's delivery
    delays are shortened (0.25 s instead of 2.5 s until a message is final): the steps,
    the numbers and the tracking do not depend on them, and the tracking still waits for
    every message to settle."""
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aiosmsc.demo, "_QUEUE_DELAY", 0.05)
        patch.setattr(aiosmsc.demo, "_DELIVERY_DELAY", 0.2)
        result = asyncio.run(run_demo(count=2000, out=lines.append, show_every=0.05))
    return result, "\n".join(lines).splitlines()  # the summary table comes in one piece


def table_value(text: str, label: str) -> int:
    """The number on the summary row that starts with ``label``."""
    match = re.search(rf"^{re.escape(label)}[^\n]*?\s+([\d,]+)$", text, re.MULTILINE)
    assert match, f"no row {label!r} in:\n{text}"
    return int(match.group(1).replace(",", ""))


def test_demo_sends_in_bulk_and_tracks_every_message_to_a_final_status(demo: Run) -> None:
    result, lines = demo
    assert result.ok
    assert result.bulk.sent == 2000 and result.bulk.requests == 4
    # The emulator fails numbers ending in 13 and 66: one in a hundred each.
    assert result.states == {"delivered": 1960, "failed": 20, "expired": 20}
    assert result.balance_before - result.balance_after == Decimal("3000.00")
    text = "\n".join(lines)
    assert "[##########]   2000 / 2000" in text
    assert "Impossible to deliver (Subscriber does not exist)" in text


def test_demo_says_what_it_does_at_each_step(demo: Run) -> None:
    _, lines = demo
    text = "\n".join(lines)
    assert "made-up numbers" in lines[0] and "emulator" in lines[1]
    steps = [line for line in lines if re.match(r"\[\d/3\]", line)]
    assert [s[:5] for s in steps] == ["[1/3]", "[2/3]", "[3/3]"]
    assert "send_bulk" in steps[1] and "track" in steps[2]
    assert "once a minute" in text  # why a real run would wait longer
    # While statuses settle, a line says so (one every show_every seconds).
    assert re.search(r"^ +\d+\.\d s: 0 of 2,000 final, waiting \.\.\.$", text, re.MULTILINE)
    # Tracking ends with a line saying how many messages became final.
    assert "2,000 of 2,000 final after" in text


def test_the_numbers_on_screen_add_up(demo: Run) -> None:
    result, lines = demo
    text = "\n".join(lines)
    sent = table_value(text, "sent")
    parts = [table_value(text, f"  {state}") for state in ("delivered", "expired", "failed")]
    unknown = table_value(text, "  still unknown")
    assert sent == 2000 == sum(parts) + unknown
    assert table_value(text, "not sent") == 0
    # The "by reason" rows are the not-delivered ones: expired + failed, nothing else.
    header = next(line for line in lines if line.startswith("not delivered"))
    reasons = lines[lines.index(header) + 1 :]
    rows = [line for line in reasons if re.match(r"\s+[\d,]+\s+(failed|expired)\s", line)]
    by_state = {"failed": 0, "expired": 0}
    for row in rows:
        count, state = row.split()[:2]
        by_state[state] += int(count.replace(",", ""))
    assert by_state == {"failed": parts[2], "expired": parts[1]} == {"failed": 20, "expired": 20}
    assert f"({parts[1] + parts[2]} = expired + failed)" in header
    assert result.states["delivered"] == parts[0]


def test_recipients_are_personalised_and_lazy() -> None:
    rows = recipients(10**9)  # a generator: nothing is built up front
    first, second = next(rows), next(rows)
    assert first == ("79990000000", "Hello, Anna! Your code is 1000")
    assert second[1] == "Hello, Boris! Your code is 1001"
