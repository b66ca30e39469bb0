"""The emulator's callbacks: status changes and incoming messages posted to your URL.

The service pushes every status change of a message and every incoming message to the
URL set in the account (REFERENCE §12; the page body was not captured, so the fields are
those third-party receivers read). The emulator does the same when asked, on its clock:
``await emulator.deliver_callbacks(http_client)`` posts, in time order, everything that
became due since the last call.

* status: ``id``, ``phone``, ``status``, ``err``, ``time`` (``dd.mm.yyyy hh:mm:ss``,
  Moscow), ``ts`` (unix), ``cnt``, ``cost``, ``sender_id``, ``type``; the HLR fields
  (``imsi`` ... ``rnet``) for HLR requests. One callback when the message reaches the
  operator (status 0) and one for its final status.
* incoming message: ``id``, ``phone`` (the sender), ``mes``, ``to`` (your number),
  ``sent`` (date) and ``ts``.
* with a ``callback_secret``: ``sha1`` and ``md5`` of ``"<id>:<phone>:<status>:<secret>"``
  (status) or ``"<phone>:<mes>:<to>:<secret>"`` (message).

A callback the receiver does not answer with HTTP 200 stays queued and is posted again
on the next call. Form-encoded POST by default; ``emulator.callback_method = "GET"``
puts the fields in the query string instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .scripts.data import InboxState
from .scripts.data_render import date_text

if TYPE_CHECKING:
    import httpx

    from .handlers import EmulatorState
    from .ledger import EmulatedMessage

__all__ = ["CallbackOutbox", "PostedCallback"]

_HLR_FIELDS = ("imsi", "msc", "mcc", "mnc", "cn", "net", "rcn", "rnet")


@dataclass(frozen=True, slots=True)
class PostedCallback:
    """One callback the emulator tried to post: ``kind`` is ``"status"`` or
    ``"message"``; ``status_code`` is the receiver's HTTP status (``None`` when the
    connection failed)."""

    kind: str
    fields: Mapping[str, str]
    at: float
    status_code: int | None

    @property
    def ok(self) -> bool:
        """Whether the receiver answered 200."""
        return self.status_code == 200


@dataclass(slots=True)
class _Due:
    at: float
    kind: str
    fields: dict[str, str]


def _sign(parts: tuple[str, ...], secret: str | None, fields: dict[str, str]) -> dict[str, str]:
    if secret is not None:
        payload = ":".join((*parts, secret)).encode()
        fields["sha1"] = hashlib.sha1(payload).hexdigest()
        fields["md5"] = hashlib.md5(payload).hexdigest()
    return fields


def _status_fields(message: EmulatedMessage, at: float, secret: str | None) -> dict[str, str]:
    row = message.row(at)
    fields = {
        "id": message.id,
        "phone": message.phone,
        "status": str(row.status),
        "err": str(row.err),
        "time": date_text(at),
        "ts": str(int(at)),
        "cnt": str(message.parts),
        "cost": f"{message.cost:.2f}",
        "sender_id": message.sender,
        "type": str(message.type),
    }
    if message.is_hlr:
        for name in _HLR_FIELDS:
            fields[name] = getattr(row, name) or ""
    return _sign((message.id, message.phone, fields["status"]), secret, fields)


@dataclass(slots=True)
class CallbackOutbox:
    """Which callbacks are due and which were posted; one per emulator."""

    stages: list[int] = field(default_factory=list)  # per ledger message: stages queued
    first_open: int = 0  # messages before it have every stage queued (or were deleted)
    last_incoming: int = 0
    queued: list[_Due] = field(default_factory=list)
    posted: list[PostedCallback] = field(default_factory=list)

    def collect(self, emu: EmulatorState) -> None:
        """Queue every status change and incoming message that is due by now."""
        now = emu.clock.now()
        secret = emu.callback_secret
        fresh: list[_Due] = []
        ledger = emu.ledger.messages
        self.stages.extend([0] * (len(ledger) - len(self.stages)))
        for index in range(self.first_open, len(ledger)):
            message = ledger[index]
            complete = message.deleted or self._queue(index, message, now, secret, fresh)
            if complete and index == self.first_open:
                self.first_open += 1
        inbox = emu.state(InboxState)
        inbox.sync(emu)
        for incoming in inbox.messages[self.last_incoming :]:
            fields = {
                "id": str(incoming.id),
                "phone": incoming.phone,
                "mes": incoming.message,
                "to": incoming.to_phone,
                "sent": date_text(incoming.sent_at),
                "ts": str(int(incoming.received_at)),
            }
            parts = (incoming.phone, incoming.message, incoming.to_phone)
            fresh.append(_Due(incoming.received_at, "message", _sign(parts, secret, fields)))
        self.last_incoming = len(inbox.messages)
        fresh.sort(key=lambda due: due.at)  # stable: a message's stages keep their order
        self.queued.extend(fresh)

    def _queue(
        self,
        index: int,
        message: EmulatedMessage,
        now: float,
        secret: str | None,
        fresh: list[_Due],
    ) -> bool:
        """Queue the message's stages due by ``now``; return whether all are queued."""
        times = [message.finished_at]
        if message.transferred_at < message.finished_at:
            times.insert(0, message.transferred_at)
        while self.stages[index] < len(times) and times[self.stages[index]] <= now:
            at = times[self.stages[index]]
            fresh.append(_Due(at, "status", _status_fields(message, at, secret)))
            self.stages[index] += 1
        return self.stages[index] == len(times)

    async def deliver(
        self, emu: EmulatorState, http_client: httpx.AsyncClient | None
    ) -> list[PostedCallback]:
        """Post what is due to ``emu.callback_url``; return this call's attempts."""
        url = emu.callback_url
        if not url:
            raise ValueError("the emulator has no callback_url to post callbacks to")
        self.collect(emu)
        if not self.queued:
            return []
        if http_client is None:
            import httpx

            async with httpx.AsyncClient(timeout=10.0) as client:
                return await self._post_all(client, url, emu.callback_method)
        return await self._post_all(http_client, url, emu.callback_method)

    async def _post_all(
        self, client: httpx.AsyncClient, url: str, method: str
    ) -> list[PostedCallback]:
        import httpx

        attempts: list[PostedCallback] = []
        waiting: list[_Due] = []
        for due in self.queued:
            try:
                if method.upper() == "GET":
                    response = await client.get(url, params=due.fields)
                else:
                    response = await client.post(url, data=due.fields)
                status_code: int | None = response.status_code
            except httpx.TransportError:
                status_code = None
            attempt = PostedCallback(due.kind, dict(due.fields), due.at, status_code)
            attempts.append(attempt)
            if not attempt.ok:
                waiting.append(due)
        self.queued = waiting
        self.posted.extend(attempts)
        return attempts
