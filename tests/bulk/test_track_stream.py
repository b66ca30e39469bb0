"""smsc.track reads its input as it has room: a running bulk job streams into it, and
what it holds does not grow with the number of recipients."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from aiosmsc import AsyncSMSC, BulkOutcome, OutcomeState, Recipient, ValidationError
from aiosmsc.models.status import StatusReport
from aiosmsc.operations.status import Status
from aiosmsc.testing import SMSCEmulator
from aiosmsc.tracking import Tracker

from .conftest import FAST_BULK_EMULATOR
from .virtual_time import run

pytestmark = FAST_BULK_EMULATOR


async def test_tracks_a_running_bulk_job(smsc: AsyncSMSC, emulator: SMSCEmulator) -> None:
    rows = [(f"7999100{i:04d}", f"hello {i}") for i in range(1200)]
    rows.insert(7, ("not a number", "refused before sending"))
    async with smsc.send_bulk(rows, batch_size=100) as job:
        tracked = [t async for t in smsc.track(job, chunk=300, window=250)]
    assert job.report.sent == 1200 and job.report.failed_total == 1
    assert sorted(t.phone for t in tracked) == sorted(phone for phone, _ in rows if phone[0] == "7")
    assert all(t.final for t in tracked)


async def test_outcomes_that_were_not_accepted_are_left_out(smsc: AsyncSMSC) -> None:
    async def outcomes() -> Any:
        async with smsc.send_bulk([("79991000001", "a"), ("bad", "b")]) as job:
            async for outcome in job:
                yield outcome

    tracked = [t async for t in smsc.track(outcomes())]
    assert [t.phone for t in tracked] == ["79991000001"]
    refused = BulkOutcome(Recipient("79991000002", "x"), OutcomeState.FAILED, "c1", None)
    with pytest.raises(ValidationError, match="79991000002: the message was not accepted"):
        smsc.track().add(refused)


def _delivered(operation: Status) -> list[StatusReport]:
    return [StatusReport(status=1, phone=phone, id=id) for phone, id in operation.pairs]


def _peak_objects(count: int) -> tuple[int, int]:
    """(live objects at most, pending at most) while tracking ``count`` messages. Live
    objects are counted eight times along the way (each count walks every object the
    collector tracks: the costly part)."""

    def source() -> Iterator[tuple[str, str]]:
        for number in range(count):
            yield f"7999{number:07d}", "id1"

    async def call(operation: Any, fmt: int | None) -> Any:
        reports = _delivered(operation)
        return reports if operation.multi else reports[0]

    async def main() -> tuple[int, int]:
        tracker = Tracker(call, source(), chunk=40, window=100, concurrency=4)
        peak_objects = peak_pending = seen = 0
        async for _ in tracker:
            seen += 1
            peak_pending = max(peak_pending, tracker.pending)
            if seen % (count // 8) == 0:
                peak_objects = max(peak_objects, len(gc.get_objects()))
        assert seen == count
        return peak_objects, peak_pending

    return run(main())


def test_memory_is_flat_in_the_number_of_messages() -> None:
    small_objects, small_pending = _peak_objects(1_000)
    large_objects, large_pending = _peak_objects(8_000)
    assert small_pending <= 100 and large_pending <= 100  # the window
    # 7,000 more messages, a few hundred more live objects at most (not one per message)
    assert large_objects - small_objects < 500


async def test_a_failing_input_raises_from_the_iteration(smsc: AsyncSMSC) -> None:
    async def broken() -> Any:
        yield ("79991000001", "a")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="database"):
        [t async for t in smsc.track(broken())]


async def test_a_bad_pair_in_a_stream_is_named(smsc: AsyncSMSC) -> None:
    async def pairs() -> Any:
        yield ("79991000001", "not an id!")

    with pytest.raises(ValidationError, match="track: id"):
        [t async for t in smsc.track(pairs())]
