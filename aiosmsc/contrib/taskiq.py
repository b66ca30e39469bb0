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

Queues deliver a task more than once; the task sends with
:func:`~aiosmsc.contrib.queues.send_once`: the task's id is the message's client id, and
every delivery is remembered (in ``limits``, so across workers with :class:`RedisLimits`)
before anything is sent; a delivery that finds an earlier one asks the service for the
message and returns it (``"reconciled": True``) instead of sending it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from taskiq import AsyncBroker, Context, TaskiqDepends, TaskiqEvents, TaskiqState

from ..client import AsyncSMSC
from ..limits import Limits, LocalLimits
from ..quotas import RecentKeys
from .queues import DAY, client_id_for, send_once

__all__ = ["DAY", "SMSCTasks", "client_id_for"]

#: Where the worker's client lives (``TaskiqState``).
STATE_KEY = "smsc"


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
        assert self._delivered is not None  # set with the client, at worker startup
        result = await send_once(
            self.client(context.state),
            context.message.task_id,
            phones,
            mes,
            deliveries=self._delivered,
            **options,
        )
        return {
            "id": result.id,
            "cnt": result.cnt,
            "cost": None if result.cost is None else str(result.cost),
            "reconciled": bool(result.extra.get("reconciled", False)),
        }
