"""The reconciler on its own, with a fake pipeline: when "not found" counts as proof,
singles or one multi-message request, giving up. On virtual time (nothing here does real
I/O): the service's own settle and window pass at once, and when each lookup happened is
exact."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from aiosmsc import HTTPStatusError
from aiosmsc.bulk.reconciler import DEFAULT_WINDOW, Finding, Reconciler
from aiosmsc.models.status import StatusReport
from aiosmsc.operations.status import Status
from aiosmsc.retry import RetryPolicy

from .virtual_time import run

#: The client's default settle: seconds, but virtual ones.
SETTLE = RetryPolicy().settle


class FakeService:
    """Answers status operations: ``has(phone, id)`` says whether a message exists."""

    def __init__(self, has: Callable[[str, str], bool]) -> None:
        self.has = has
        self.asked: list[tuple[tuple[str, str], ...]] = []
        self.asked_at: list[float] = []
        self.answered = asyncio.Event()
        self.fail = False

    async def __call__(self, operation: Any, fmt: int | None) -> Any:
        assert isinstance(operation, Status)
        self.asked.append(operation.pairs)
        self.asked_at.append(asyncio.get_running_loop().time())
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


def test_not_found_before_the_request_settled_is_asked_again() -> None:
    async def main() -> None:
        accepted = asyncio.Event()
        service = FakeService(lambda phone, id: accepted.is_set())
        reconciler = Reconciler(service, settle=SETTLE)
        ended = asyncio.get_running_loop().time()
        lookup = asyncio.ensure_future(reconciler.lookup("b-1", ["79990000001"], ended_at=ended))
        await service.answered.wait()
        accepted.set()  # the slow original is accepted after the first "not found"
        finding = await lookup
        assert finding == Finding(True, frozenset({"79990000001"}))
        assert len(service.asked) == 2
        assert service.asked_at == pytest.approx([ended, ended + SETTLE])  # now, when settled

    run(main())


def test_not_found_after_the_request_settled_proves_absence() -> None:
    async def main() -> None:
        service = FakeService(lambda phone, id: False)
        reconciler = Reconciler(service, settle=SETTLE)
        loop = asyncio.get_running_loop()
        finding = await reconciler.lookup("b-1", phones(3), ended_at=loop.time() - SETTLE - 1)
        assert finding == Finding(False)
        assert len(service.asked) == 3  # three singles, asked once: already settled

    run(main())


def test_many_batches_share_one_multi_message_request() -> None:
    async def main() -> None:
        service = FakeService(lambda phone, id: id != "b-2")
        reconciler = Reconciler(service, settle=SETTLE)
        ended = asyncio.get_running_loop().time()
        findings = await asyncio.gather(
            *(reconciler.lookup(f"b-{n}", phones(10, 10 * n), ended_at=ended) for n in range(3))
        )
        assert [f.accepted for f in findings] == [True, True, False]
        assert [len(pairs) for pairs in service.asked] == [30]
        assert service.asked_at == pytest.approx([ended + SETTLE])  # once it can settle them

    run(main())


def test_while_the_multi_message_slot_is_taken_singles_go_instead() -> None:
    async def main() -> None:
        service = FakeService(lambda phone, id: False)
        reconciler = Reconciler(service, settle=SETTLE)
        loop = asyncio.get_running_loop()
        first = await reconciler.lookup("b-1", phones(20), ended_at=loop.time() - SETTLE - 1)
        second = await reconciler.lookup("b-2", phones(20, 20), ended_at=loop.time() - SETTLE - 1)
        assert first.accepted is False and second.accepted is False
        assert [len(pairs) for pairs in service.asked] == [20] + [1] * 20

    run(main())


@pytest.mark.parametrize("count", [2, 20])
def test_a_question_that_cannot_be_settled_is_given_up(count: int) -> None:
    async def main() -> None:
        service = FakeService(lambda phone, id: False)
        service.fail = True
        reconciler = Reconciler(service, settle=SETTLE, window=DEFAULT_WINDOW)
        loop = asyncio.get_running_loop()
        started = loop.time()
        finding = await reconciler.lookup("b-1", phones(count), ended_at=started)
        assert finding == Finding(None)
        # Given up exactly ``window`` after "not found" could first prove anything.
        assert loop.time() - started == pytest.approx(SETTLE + DEFAULT_WINDOW)
        assert len(service.asked) > 2  # asked again and again (after growing pauses)

    run(main())
