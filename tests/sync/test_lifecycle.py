"""One client, many threads; close(), ``with`` and garbage collection end its loop
thread; calls from its own loop thread or from inside an event loop never deadlock."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from aiosmsc import SMSC, Balance, ClientClosedError
from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.in_process import IN_PROCESS_URL
from aiosmsc.testing.kit import EmulatorKit
from aiosmsc.testing.plugin import LOGIN, PASSWORD

from .conftest import in_process
from .gate import Gate


def _loop_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("aiosmsc-loop")}


@pytest.fixture
def only_new_objects_collected() -> Iterator[None]:
    """``gc.collect()`` in the test looks at what the test made, not at everything a
    worker has loaded and collected (a full pass over that is ~0.4 s): older objects
    are frozen meanwhile. The test's client, thread and iterator are all made after."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@pytest.mark.smsc_emulator(balance=Decimal("1000.00"))
def test_one_client_shared_by_a_thread_pool(blocking_smsc: SMSC, smsc_kit: EmulatorKit) -> None:
    before = _loop_threads()
    phones = [f"79990{n:06d}" for n in range(200)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda phone: blocking_smsc.send(phone, "Hi"), phones))
    assert len({result.id for result in results}) == 200
    assert sorted(message.phone for message in smsc_kit.sent) == phones
    assert len(_loop_threads() - before) <= 1  # the client's one thread, nothing more


def test_close_and_with_end_the_loop_thread(smsc_emulator: SMSCEmulator) -> None:
    before = _loop_threads()
    with in_process(smsc_emulator) as smsc:
        smsc.balance()
        (thread,) = _loop_threads() - before
    assert smsc.closed and not thread.is_alive()
    with pytest.raises(ClientClosedError, match="this SMSC is closed"):
        smsc.balance()
    with pytest.raises(ClientClosedError), smsc:
        pass
    smsc.close()  # again: nothing happens


@pytest.mark.usefixtures("only_new_objects_collected")
def test_a_client_left_unclosed_warns_and_its_thread_ends(smsc_emulator: SMSCEmulator) -> None:
    before = _loop_threads()
    smsc = in_process(smsc_emulator)
    smsc.balance()
    (thread,) = _loop_threads() - before
    with pytest.warns(ResourceWarning, match="SMSC was not closed"):
        del smsc
        gc.collect()
    thread.join(timeout=30)  # the finalizer does not wait: it may run on any thread
    assert not thread.is_alive()


@pytest.mark.usefixtures("only_new_objects_collected")
def test_an_iterator_keeps_its_client_running(smsc_emulator: SMSCEmulator) -> None:
    history = in_process(smsc_emulator).history()  # the client is not referenced elsewhere
    gc.collect()
    with pytest.warns(ResourceWarning):
        assert list(history) == []
        del history
        gc.collect()


def test_close_cancels_calls_waiting_in_other_threads(smsc_emulator: SMSCEmulator) -> None:
    gate = Gate(smsc_emulator, lambda form: "cur=1" in form)
    smsc = SMSC(login=LOGIN, password=PASSWORD, host=IN_PROCESS_URL, transport=gate)
    errors: list[BaseException] = []

    def wait_for_balance() -> None:
        try:
            smsc.balance(cur=True)
        except BaseException as error:
            errors.append(error)

    waiter = threading.Thread(target=wait_for_balance)
    waiter.start()
    assert gate.held.wait(timeout=30)
    smsc.close()
    waiter.join()
    (error,) = errors
    assert isinstance(error, ClientClosedError) and "closed" in str(error)
    assert gate.cancelled.is_set()


def test_a_call_from_the_loop_thread_raises_instead_of_waiting_for_itself(
    blocking_smsc: SMSC,
) -> None:
    problems: list[BaseException] = []

    def progress(report: object) -> None:  # runs on the client's loop thread
        for call in (blocking_smsc.balance, blocking_smsc.close):
            try:
                call()
            except RuntimeError as error:
                problems.append(error)

    with blocking_smsc.send_bulk([("79990000001", "Hi")], progress=progress) as job:
        assert [outcome.ok for outcome in job] == [True]
    assert len(problems) == 2
    assert all("own event loop thread" in str(p) and "AsyncSMSC" in str(p) for p in problems)
    assert not blocking_smsc.closed


def test_a_call_from_inside_a_running_event_loop_works(blocking_smsc: SMSC) -> None:
    async def notebook_cell() -> Balance:
        return blocking_smsc.balance()  # blocks this loop a moment; its own loop answers

    assert asyncio.run(notebook_cell()).balance > 0
