"""Sending from a task queue, where a task may be delivered more than once.

Queues deliver a task again when a worker dies before acknowledging it, or when a
visibility timeout runs out while it still works. :func:`send_once` makes the task's
id the message's client id and remembers every delivery (in a
:class:`~aiosmsc.quotas.RecentKeys`, shared by all workers when it comes from
``RedisLimits.recent``) *before* anything is sent. A delivery that finds an earlier one
asks the service for the message first: found, it is returned (``extra["reconciled"]``)
instead of being sent again; provably absent, it is sent, with the same id.
:mod:`aiosmsc.contrib.taskiq` uses it; docs/scaling.md has recipes for other queues.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from typing_extensions import Unpack

from ..client import AsyncSMSC
from ..errors import ValidationError
from ..models import SendResult
from ..operations import Send
from ..operations.message_options import SendOptions
from ..operations.params import validate_id
from ..quotas import RecentKeys

__all__ = ["DAY", "client_id_for", "send_once"]

#: How long to remember deliveries: longer than any queue keeps redelivering a task.
DAY = 24 * 3600.0


def client_id_for(task_id: str) -> str:
    """The message client id of a task: its id when the service accepts it as one (uuid4
    hex ids do), else a digest of it (34 characters)."""
    try:
        return validate_id(task_id)
    except ValidationError:
        return "tq" + hashlib.sha256(task_id.encode()).hexdigest()[:32]


async def send_once(
    smsc: AsyncSMSC,
    task_id: str,
    phones: str | Iterable[str] | None = None,
    mes: str | None = None,
    *,
    deliveries: RecentKeys,
    **options: Unpack[SendOptions],
) -> SendResult:
    """``smsc.send(phones, mes, **options)`` with ``id=client_id_for(task_id)``, at most
    once per ``task_id`` however often the task is delivered (see the module)."""
    if "id" in options:
        raise TypeError("send_once() takes its client id from task_id, not id=")
    options["id"] = client_id_for(task_id)
    operation = Send.build(phones, mes, **options)
    if await deliveries.claim(task_id.encode()) is not None:
        reconciliation = operation.reconciliation()
        if reconciliation is None:  # contact groups cannot be checked: never send twice
            raise ValidationError(
                f"task for message {operation.id!r} was delivered before and its recipients"
                " cannot be checked; not sending it again"
            )
        # The client's pipeline (its ``Caller``), as bulk jobs and trackers use it.
        found = reconciliation.conclude(await smsc._call(reconciliation.query, None))
        if found is not None:
            return found
        # Provably not at the service: send it now, same id. The guard would take it
        # for a duplicate of the lost first delivery.
        smsc = smsc.with_options(detect_duplicates=False)
    return await smsc._call(operation, None)
