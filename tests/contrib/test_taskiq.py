"""aiosmsc.contrib.taskiq on taskiq's InMemoryBroker: a client per worker, and a send
task whose redelivery is reconciled, not resent."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

pytest.importorskip("taskiq")

from taskiq import InMemoryBroker

from aiosmsc import AsyncSMSC, ValidationError
from aiosmsc.contrib.taskiq import SMSCTasks, client_id_for
from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.in_process import IN_PROCESS_URL, DisconnectingASGITransport


@pytest.fixture
def emulator() -> SMSCEmulator:
    return SMSCEmulator(login="demo", password="demo-password")


def tasks_on(emulator: SMSCEmulator) -> SMSCTasks:
    """SMSCTasks on a new in-memory broker (not started), its client on ``emulator``."""
    return SMSCTasks(
        InMemoryBroker(await_inplace=True),
        login="demo",
        password="demo-password",
        host=IN_PROCESS_URL,
        transport=DisconnectingASGITransport(app=emulator),
    )


@pytest.fixture
async def tasks(emulator: SMSCEmulator) -> AsyncIterator[SMSCTasks]:
    tasks = tasks_on(emulator)
    broker = tasks.broker
    await broker.startup()
    yield tasks
    await broker.shutdown()


async def redeliver(tasks: SMSCTasks, task_id: str, *args: object) -> object:
    """Deliver the send task with a given id, as a queue does when it delivers again."""
    kicked = await tasks.send.kicker().with_task_id(task_id).kiq(*args)
    result = await kicked.wait_result(timeout=5)
    if result.is_err:
        raise result.error  # type: ignore[misc]
    return result.return_value


async def test_the_worker_opens_and_closes_one_client(emulator: SMSCEmulator) -> None:
    tasks = tasks_on(emulator)
    broker = tasks.broker
    with pytest.raises(RuntimeError, match="no AsyncSMSC"):
        tasks.client(broker.state)
    await broker.startup()
    smsc = tasks.client(broker.state)
    assert isinstance(smsc, AsyncSMSC) and not smsc.closed
    await broker.shutdown()
    assert smsc.closed


async def test_the_task_id_is_the_client_id(tasks: SMSCTasks, emulator: SMSCEmulator) -> None:
    kicked = await tasks.send.kiq("79990000001", "hello", sender="Shop")
    result = await kicked.wait_result(timeout=5)
    assert result.return_value == {
        "id": client_id_for(kicked.task_id),
        "cnt": 1,
        "cost": None,
        "reconciled": False,
    }
    [message] = emulator.messages
    assert message.id == kicked.task_id and message.sender == "Shop"


async def test_a_redelivered_task_is_reconciled_not_resent(
    tasks: SMSCTasks, emulator: SMSCEmulator
) -> None:
    first = await redeliver(tasks, "order-17", "79990000001", "hello")
    again = await redeliver(tasks, "order-17", "79990000001", "hello")
    assert first == {"id": "order-17", "cnt": 1, "cost": None, "reconciled": False}
    assert again == {"id": "order-17", "cnt": 0, "cost": None, "reconciled": True}
    assert len(emulator.messages) == 1
    # Several recipients: one multi-status request checks them all.
    await redeliver(tasks, "order-18", ["79990000002", "79990000003"], "hi")
    again = await redeliver(tasks, "order-18", ["79990000002", "79990000003"], "hi")
    assert again["reconciled"] is True  # type: ignore[index]
    assert len(emulator.messages) == 3


async def test_a_delivery_that_died_before_sending_is_sent_on_redelivery(
    tasks: SMSCTasks, emulator: SMSCEmulator
) -> None:
    # The first delivery was remembered, then its worker died before the request left.
    assert tasks._delivered is not None
    await tasks._delivered.claim(b"order-19")
    result = await redeliver(tasks, "order-19", "79990000001", "hello")
    assert result == {"id": "order-19", "cnt": 1, "cost": None, "reconciled": False}
    assert [m.id for m in emulator.messages] == ["order-19"]


async def test_group_recipients_are_not_sent_twice(
    tasks: SMSCTasks, emulator: SMSCEmulator
) -> None:
    assert tasks._delivered is not None
    await tasks._delivered.claim(b"order-20")
    with pytest.raises(ValidationError, match="cannot be checked"):
        await redeliver(tasks, "order-20", "G12", "to a contact group")
    assert emulator.requests == []


@pytest.mark.parametrize(
    ("task_id", "expected"),
    [("0f" * 16, "0f" * 16), ("order-17", "order-17")],
)
def test_client_ids_from_task_ids(task_id: str, expected: str) -> None:
    assert client_id_for(task_id) == expected


def test_a_task_id_the_service_refuses_is_digested() -> None:
    made = client_id_for("queue:tasks/ü" * 5)
    assert made.startswith("tq") and len(made) == 34
    assert made == client_id_for("queue:tasks/ü" * 5)
