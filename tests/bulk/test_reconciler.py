"""The reconciler on its own, with a fake pipeline: when "not found" counts as proof,
singles or one multi-message request, giving up."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from aiosmsc import HTTPStatusError
from aiosmsc.bulk.reconciler import Finding, Reconciler
from aiosmsc.models.status import StatusReport
from aiosmsc.operations.status import Status


class FakeService:
    """Answers status operations: ``has(phone, id)`` says whether a message exists."""

    def __init__(self, has: Callable[[str, str], bool]) -> None:
        self.has = has
        self.asked: list[tuple[tuple[str, str], ...]] = []
        self.answered = asyncio.Event()
        self.fail = False

    async def __call__(self, operation: Any, fmt: int | None) -> Any:
        assert isinstance(operation, Status)
        self.asked.append(operation.pairs)
        await asyncio.sleep(0)
        if self.fail:
            raise HTTPStatusError(502)
        reports = [
            StatusReport(status=1 if self.has(phone, id) else -3, phone=phone, id=id)
            for phone, id in operation.pairs
        ]
        self.answered.set()
        return reports if operation.multi else reports[0]


def phones(count: int, start: int = 0) -> list[str]:
    return [f"7999{i:07d}" for i in range(start, start + count)]


async def test_not_found_before_the_request_settled_is_asked_again() -> None:
    accepted = asyncio.Event()
    service = FakeService(lambda phone, id: accepted.is_set())
    reconciler = Reconciler(service, settle=0.2)
    loop = asyncio.get_running_loop()
    lookup = asyncio.ensure_future(reconciler.lookup("b-1", ["79990000001"], ended_at=loop.time()))
    await service.answered.wait()
    accepted.set()  # the slow original is accepted after the first "not found"
    finding = await lookup
    assert finding == Finding(True, frozenset({"79990000001"}))
    assert len(service.asked) == 2


async def test_not_found_after_the_request_settled_proves_absence() -> None:
    service = FakeService(lambda phone, id: False)
    reconciler = Reconciler(service, settle=0.05)
    loop = asyncio.get_running_loop()
    finding = await reconciler.lookup("b-1", phones(3), ended_at=loop.time() - 1)
    assert finding == Finding(False)
    assert len(service.asked) == 3  # three singles, asked once: already settled


async def test_many_batches_share_one_multi_message_request() -> None:
    service = FakeService(lambda phone, id: id != "b-2")
    reconciler = Reconciler(service, settle=0.05)
    ended = asyncio.get_running_loop().time()
    findings = await asyncio.gather(
        *(reconciler.lookup(f"b-{n}", phones(10, 10 * n), ended_at=ended) for n in range(3))
    )
    assert [f.accepted for f in findings] == [True, True, False]
    assert [len(pairs) for pairs in service.asked] == [30]


async def test_while_the_multi_message_slot_is_taken_singles_go_instead() -> None:
    service = FakeService(lambda phone, id: False)
    reconciler = Reconciler(service, settle=0.05)
    loop = asyncio.get_running_loop()
    first = await reconciler.lookup("b-1", phones(20), ended_at=loop.time() - 1)
    second = await reconciler.lookup("b-2", phones(20, 20), ended_at=loop.time() - 1)
    assert first.accepted is False and second.accepted is False
    assert [len(pairs) for pairs in service.asked] == [20] + [1] * 20


@pytest.mark.parametrize("count", [2, 20])
async def test_a_question_that_cannot_be_settled_is_given_up(count: int) -> None:
    service = FakeService(lambda phone, id: False)
    service.fail = True
    reconciler = Reconciler(service, settle=0.05, window=0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    finding = await reconciler.lookup("b-1", phones(count), ended_at=started)
    assert finding == Finding(None)
    assert loop.time() - started < 0.05 + 0.3 + 0.5
