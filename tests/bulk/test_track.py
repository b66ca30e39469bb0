"""smsc.track: final statuses as they become final, mass and single-message polling within
the service's limits, callbacks, timeouts. Minutes of schedule run on virtual time."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
from typing import Any

import attrs
import pytest

from aiosmsc import AsyncSMSC, MessageStatus, ValidationError
from aiosmsc.tracking import MASS_SPACING, MIN_RECHECK, TrackedMessage, Tracker

from .tracking_world import EPOCH, World, world
from .virtual_time import run

PHONES = [f"7999000{i:04d}" for i in range(40)]


async def sent_pairs(
    smsc: AsyncSMSC, phones: list[str], **options: object
) -> list[tuple[str, str]]:
    sent = await smsc.send(phones, "hi", **options)  # type: ignore[call-overload]
    return [(phone, sent.id) for phone in phones]


def test_yields_each_message_when_it_becomes_final() -> None:
    async def main() -> None:
        async with world(queue_delay=1, delivery_delay=5) as (_, smsc):
            early = await sent_pairs(smsc, ["79990000001", "79990000013"])
            later = dt.datetime.fromtimestamp(EPOCH + 3600, dt.timezone.utc)
            late = await sent_pairs(smsc, ["79990000002"], time=later)
            loop = asyncio.get_running_loop()
            started = loop.time()
            got: list[tuple[str, str, float]] = []
            async for t in smsc.track(early + late, poll_interval=0):
                got.append((t.phone, t.state, loop.time() - started))
            assert {(p, s) for p, s, _ in got[:2]} == {
                ("79990000001", "delivered"),
                ("79990000013", "failed"),
            }
            assert got[2][:2] == ("79990000002", "delivered")
            # the first two after a recheck past their 6 s; the last soon after the hour
            assert got[1][2] < 2 * MIN_RECHECK
            assert 3500 < got[2][2] < 3600 + 2 * MIN_RECHECK  # (sends keep whole minutes)

    run(main())


def test_one_mass_request_then_singles_for_the_rest() -> None:
    async def main() -> World:
        async with world() as (seen, smsc):
            pairs = await sent_pairs(smsc, PHONES[:10])
            tracked = [t async for t in smsc.track(pairs, chunk=4)]
            assert sorted(t.phone for t in tracked) == sorted(PHONES[:10])
            assert all(t.state == "delivered" for t in tracked)
            return seen

    seen = run(main())
    assert len(seen.times("multi")) == 1  # 4 pairs, at once
    assert len(seen.times("single")) == 6  # the other 6, without waiting for the minute
    assert seen.refused == []


def test_without_singles_mass_requests_are_a_minute_apart_even_when_they_leave_late() -> None:
    """Requests leave and arrive after random delays (up to 3 s each way); the emulator's
    strict per-minute counter never answers error 9, and the arrivals are more than a
    minute apart by the margin."""

    async def main() -> World:
        async with world(max_delay=3.0, seed=7, delivery_delay=200) as (seen, smsc):
            pairs = await sent_pairs(smsc, PHONES[:12])
            tracked = [t async for t in smsc.track(pairs, chunk=5, singles=False, poll_interval=0)]
            assert len(tracked) == 12 and all(t.state == "delivered" for t in tracked)
            return seen

    seen = run(main())
    multi = seen.times("multi")
    assert len(multi) >= 5 and not seen.times("single")
    gaps = [b - a for a, b in itertools.pairwise(multi)]
    assert min(gaps) > 60 and min(gaps) >= MASS_SPACING - 3.0  # less a reply's delay
    assert seen.refused == []


def test_a_refused_mass_request_leaves_its_messages_to_single_requests_soon() -> None:
    """Another client spent this minute's mass request: ours gets error 9, and its
    messages are asked singly as soon as allowed, not a poll_interval later."""

    async def main() -> World:
        async with world() as (seen, smsc):
            pairs = await sent_pairs(smsc, PHONES[:30])
            await smsc.status(pairs[:2])
            loop = asyncio.get_running_loop()
            started = loop.time()
            tracked = [t async for t in smsc.track(pairs, concurrency=4)]
            assert len(tracked) == 30 and all(t.final for t in tracked)
            assert loop.time() - started < 2 * MIN_RECHECK
            return seen

    seen = run(main())
    # (the pipeline retries error 9 a few times before the tracker hears of it)
    assert seen.refused and {a.script for a in seen.refused} == {"status"}
    assert len(seen.times("multi")) == len(seen.refused) + 1  # ours, refused; no other


def test_each_message_is_asked_about_at_most_five_times_a_minute() -> None:
    async def main() -> World:
        async with world(delivery_delay=100) as (seen, smsc):
            pairs = await sent_pairs(smsc, PHONES[:3])
            tracked = [t async for t in smsc.track(pairs, chunk=1, poll_interval=0)]
            assert all(t.final for t in tracked)
            return seen

    seen = run(main())
    assert seen.refused == []
    for phone in PHONES[:3]:
        asked = [at for at, kind, phones in seen.arrivals if kind == "single" and phone in phones]
        assert len(asked) >= 6  # the schedule really was tight
        assert all(later - first >= 60 for first, later in zip(asked, asked[5:], strict=False))


def test_each_reply_is_yielded_as_soon_as_it_is_decoded() -> None:
    """The mass reply's finals come out while the single requests are still waiting."""

    async def main() -> None:
        async with world(max_delay=0.0) as (_, smsc):
            pairs = await sent_pairs(smsc, PHONES[:8])
            release = asyncio.Event()

            async def slow_singles(operation: Any, fmt: int | None) -> Any:
                if not operation.multi:
                    await release.wait()
                return await smsc._call(operation, fmt)

            tracker = Tracker(slow_singles, pairs, chunk=3, concurrency=2)
            first = [await tracker.__anext__() for _ in range(3)]
            assert {t.phone for t in first} == set(PHONES[:3])
            assert tracker.pending == 5
            release.set()
            rest = [t async for t in tracker]
            assert {t.phone for t in rest} == set(PHONES[3:8])

    run(main())


def test_timeout_reports_the_rest_as_unknown() -> None:
    async def main() -> None:
        async with world(delivery_delay=10_000) as (_, smsc):
            pairs = await sent_pairs(smsc, ["79990000001"])
            loop = asyncio.get_running_loop()
            started = loop.time()
            (only,) = [t async for t in smsc.track(pairs, timeout=100)]
            assert loop.time() - started == pytest.approx(100)
            assert (only.final, only.state) == (False, "unknown")
            assert only.report is not None and only.report.status == MessageStatus.TRANSFERRED

    run(main())


@attrs.frozen
class Callback:
    phone: str | None
    id: str | None
    status: int
    err: int = 0


def test_fed_statuses_resolve_messages_without_polling() -> None:
    async def main() -> World:
        async with world() as (seen, smsc):
            tracker = smsc.track([("79990000001", "a"), ("+79990000002", "b")], poll=False)
            got: list[TrackedMessage] = []

            async def collect() -> None:
                got.extend([t async for t in tracker])

            task = asyncio.create_task(collect())
            await asyncio.sleep(1)
            assert tracker.feed(Callback("79990000001", "a", 0)) is True  # not final yet
            assert tracker.feed(Callback("79990000003", "a", 1)) is False  # not tracked
            assert tracker.feed(Callback("79990000002", "b", 22, err=1))  # final
            assert tracker.feed(Callback("79990000001", "a", 1))
            await task
            assert [(t.id, t.state, t.err) for t in got] == [
                ("b", "failed", 1),
                ("a", "delivered", 0),
            ]
            return seen

    assert run(main()).arrivals == []


def test_aclose_cancels_the_requests_in_flight() -> None:
    async def main() -> None:
        async with world(max_delay=30.0, delivery_delay=0) as (_, smsc):
            pairs = await sent_pairs(smsc, PHONES[:6])
            async with smsc.track(pairs, chunk=2) as tracker:
                await tracker.__anext__()
                assert tracker._asking  # singles still under way
            assert not tracker._asking
            with pytest.raises(StopAsyncIteration):
                await tracker.__anext__()

    run(main())


async def test_bad_arguments(smsc: AsyncSMSC) -> None:
    for options in ({"timeout": 0}, {"chunk": 0}, {"window": 0}, {"concurrency": True}):
        with pytest.raises(ValidationError):
            smsc.track([], **options)  # type: ignore[arg-type]
    tracker = smsc.track([])
    with pytest.raises(ValidationError, match="track"):
        tracker.add(("79990000001", "not an id!"))
    with pytest.raises(ValidationError, match="track"):
        tracker.add(("7999,7998", "1"))
