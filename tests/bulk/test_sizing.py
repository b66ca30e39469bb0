"""send_bulk grows its batches with the round trip when batch_size is not given."""

from __future__ import annotations

import math

from aiosmsc.bulk.packer import Packer
from aiosmsc.bulk.sizing import MAX_BATCH, PER_SLOT_RATE, BatchSizer

from .tracking_world import World, world
from .virtual_time import run


def sizes_after(*seconds: float) -> list[int]:
    sizer = BatchSizer(Packer(500, 128 * 1024))
    sizes = []
    for value in seconds:
        sizer.observe(value)
        sizes.append(sizer.batch_size)
    return sizes


def test_the_batch_follows_the_shortest_recent_round_trip_in_steps() -> None:
    assert sizes_after(0.002, 0.01, 0.015) == [500, 500, 500]  # loopback: the default
    grown = sizes_after(*[0.1] * 8)
    assert grown[:3] == [750, 1125, 1688]  # by half at most
    assert grown[-1] == math.ceil(PER_SLOT_RATE * 0.1)
    # one slow request (a retry, a busy CPU) does not move it; a faster path does
    assert sizes_after(*[0.1] * 7, 2.0)[-1] == grown[-1]
    assert sizes_after(*[0.1] * 7, 0.03)[-1] == math.floor(grown[-1] / 1.5)
    assert sizes_after(*[1.0] * 20)[-1] == MAX_BATCH


def phones_per_send(seen: World) -> list[int]:
    return [
        len(params["phones"].split(","))
        for script, params in seen.emulator.requests
        if script == "send"
    ]


def test_send_bulk_grows_batches_at_100_ms_unless_batch_size_is_given() -> None:
    async def main(count: int, **options: int) -> list[int]:
        async with world(latency=0.1) as (seen, smsc):
            rows = [(f"7999{n:07d}", "same text") for n in range(count)]
            async with smsc.send_bulk(rows, **options) as job:
                async for _ in job:
                    pass
            assert job.report.sent == count
            return phones_per_send(seen)

    # 16,000 rows: the first eight requests carry about 12,000 (four of 500, four grown
    # ones), then the batches are at their ceiling.
    chosen = run(main(16_000))
    assert chosen[0] == 500 and max(chosen) == math.ceil(PER_SLOT_RATE * 0.1)
    # 4,000 rows: past the fifth request, from which they would have grown.
    assert max(run(main(4_000, batch_size=500))) == 500
