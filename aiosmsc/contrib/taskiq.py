"""taskiq integration (``pip install 'aiosmsc[taskiq]'``).

One :class:`~aiosmsc.AsyncSMSC` per worker process, opened when the worker starts and
closed when it stops, and a ready ``send`` task that is safe to deliver twice::

    from taskiq_redis import ListQueueBroker
    from aiosmsc.contrib.taskiq import SMSCTasks
    from aiosmsc.redis import RedisLimits

    broker = ListQueueBroker("redis://localhost")
    limits = RedisLimits(Redis(), namespace="smsc:mylogin")   # shared by every worker
    smsc = SMSCTasks(broker, max_concurrency=4, rate_limit=20, limits=limits)

    await smsc.send.kiq("79991234567", "Your code is 1234", sender="MyShop")

Queues deliver a task more than once (a worker dies before acknowledging it, a
visibility timeout runs out). The task's id is the message's client id, and every
delivery is remembered (in ``limits``, so across workers with :class:`RedisLimits`) before
anything is sent: a delivery that finds an earlier one asks the service for the message
first and returns it (``"reconciled": True``) instead of sending it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from taskiq import AsyncBroker, Context, TaskiqDepends, TaskiqEvents, TaskiqState

from ..client import AsyncSMSC
from ..errors import ValidationError
from ..limits import Limits, LocalLimits
from ..models import SendResult
from ..operations import Send
from ..operations.params import validate_id
from ..quotas import RecentKeys

__all__ = ["DAY", "SMSCTasks", "client_id_for"]

#: How long a delivered task is remembered by default: longer than any queue keeps
#: redelivering a task.
DAY = 24 * 3600.0

#: Where the worker's client lives (``TaskiqState``).
STATE_KEY = "smsc"


def client_id_for(task_id: str) -> str:
    """The message client id of a task: its id when the service accepts it as one (taskiq's
    default ids do), else a digest of it (34 characters)."""
    try:
        return validate_id(task_id)
    except ValidationError:
        return "tq" + hashlib.sha256(task_id.encode()).hexdigest()[:32]


class SMSCTasks:
    """Opens a client (``factory()``, else ``AsyncSMSC(limits=limits, **client_options)``)
    in every worker of ``broker`` and registers :attr:`send` under ``task_name``.

    ``limits`` also remembers which tasks were delivered, for ``remember`` seconds; with a
    ``factory``, pass the limits its client uses (a :class:`~aiosmsc.redis.RedisLimits`
    shared by all workers, or a redelivery to another worker goes unrecognised).
    """

    def __init__(
        self,
        broker: AsyncBroker,
        factory: Callable[[], AsyncSMSC] | None = None,
        *,
        limits: Limits | None = None,
        remember: float = DAY,
        task_name: str = "aiosmsc.send",
        **client_options: Any,
    ) -> None:
        if factory is not None and client_options:
            raise TypeError("give a factory or client options, not both")
        self._limits = limits if limits is not None else LocalLimits()
        self._factory = factory or (lambda: AsyncSMSC(limits=self._limits, **client_options))
        self._remember = remember
        self._delivered: RecentKeys | None = None
        self.broker = broker
        broker.add_event_handler(TaskiqEvents.WORKER_STARTUP, self._open)
        broker.add_event_handler(TaskiqEvents.WORKER_SHUTDOWN, self._close)

        async def send(
            phones: str | list[str],
            mes: str,
            context: Context = TaskiqDepends(),  # noqa: B008 (taskiq's dependency marker)
            **options: Any,
        ) -> dict[str, Any]:
            """Send ``mes`` to ``phones`` with the task id as client id (``send`` options
            as for :meth:`AsyncSMSC.send`, JSON-friendly ones); a redelivered task is
            reconciled, not sent twice. Returns the result as a dict."""
            return await self._send(phones, mes, context, options)

        # taskiq wants a plain function: it renames it and registers it by name.
        self.send = broker.task(task_name=task_name)(send)

    async def _open(self, state: TaskiqState) -> None:
        smsc = self._factory()
        await smsc.__aenter__()
        self._delivered = self._limits.recent("taskiq-deliveries", self._remember)
        setattr(state, STATE_KEY, smsc)

    async def _close(self, state: TaskiqState) -> None:
        smsc = getattr(state, STATE_KEY, None)
        if isinstance(smsc, AsyncSMSC):
            await smsc.aclose()
            delattr(state, STATE_KEY)

    def client(self, state: TaskiqState) -> AsyncSMSC:
        """The worker's client (for your own tasks: ``smsc.client(context.state)``)."""
        smsc = getattr(state, STATE_KEY, None)
        if not isinstance(smsc, AsyncSMSC):
            raise RuntimeError("no AsyncSMSC in this process: is it a started taskiq worker?")
        return smsc

    async def _send(
        self, phones: str | list[str], mes: str, context: Context, options: dict[str, Any]
    ) -> dict[str, Any]:
        smsc = self.client(context.state)
        task_id = context.message.task_id
        operation = Send.build(phones, mes, id=client_id_for(task_id), **options)
        assert self._delivered is not None  # set with the client, at worker startup
        if await self._delivered.claim(task_id.encode()) is not None:
            found = await _reconcile(smsc, operation)
            if found is not None:
                return _as_dict(found)
            # Provably not at the service: send it now, same id. The guard would call it
            # a duplicate of the lost first delivery.
            smsc = smsc.with_options(detect_duplicates=False)
        return _as_dict(await smsc._call(operation, None))


async def _reconcile(smsc: AsyncSMSC, operation: Send) -> SendResult | None:
    """What the service has of ``operation``'s message (``None``: nothing)."""
    reconciliation = operation.reconciliation()
    if reconciliation is None:  # contact groups cannot be checked: never send twice
        raise ValidationError(
            f"task for message {operation.id!r} was delivered before and its recipients"
            " cannot be checked; not sending it again"
        )
    # The client's pipeline (``Caller``), as bulk jobs and trackers use it.
    return reconciliation.conclude(await smsc._call(reconciliation.query, None))


def _as_dict(result: SendResult) -> dict[str, Any]:
    reconciled = bool(result.extra.get("reconciled")) if result.extra else False
    return {
        "id": result.id,
        "cnt": result.cnt,
        "cost": None if result.cost is None else str(result.cost),
        "reconciled": reconciled,
    }
