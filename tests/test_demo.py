"""The main job: ``python -m aiosmsc demo`` against the built-in emulator."""

from __future__ import annotations

from decimal import Decimal

from aiosmsc.demo import recipients, run_demo


async def test_demo_sends_in_bulk_and_tracks_every_message_to_a_final_status() -> None:
    # Slow on purpose (~2 s): the demo runs as users run it, on the wall clock, and its
    # emulator delivers two seconds after sending; tracking waits for that.
    lines: list[str] = []
    result = await run_demo(count=2000, out=lines.append, poll_interval=0.2)
    assert result.ok
    assert result.bulk.sent == 2000 and result.bulk.requests == 4
    states = [message.state for message in result.tracked]
    # The emulator fails numbers ending in 13 and 66: one in a hundred each.
    assert (states.count("failed"), states.count("expired")) == (20, 20)
    assert states.count("delivered") == 1960
    assert result.balance_before - result.balance_after == Decimal("3000.00")
    text = "\n".join(lines)
    assert "[##########]   2000 / 2000" in text
    assert "delivered      1960" in text
    assert "Impossible to deliver (Subscriber does not exist)" in text


def test_recipients_are_personalised_and_lazy() -> None:
    rows = recipients(10**9)  # a generator: nothing is built up front
    first, second = next(rows), next(rows)
    assert first == ("79990000000", "Hello, Anna! Your code is 1000")
    assert second[1] == "Hello, Boris! Your code is 1001"
