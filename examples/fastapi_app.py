"""A FastAPI app that sends SMS through aiosmsc and learns their delivery from callbacks.

Endpoints:

- ``POST /notify`` with ``{"phone": ..., "text": ...}`` sends a message and answers its id;
- ``POST /smsc/callback`` is where SMSC posts delivery statuses and incoming messages
  (set this URL in your SMSC account; the secret checks their signature);
- ``GET /messages/{phone}/{id}`` shows the last status the callbacks reported;
- ``GET /replies`` lists the incoming messages received so far.

Run it for real (credentials from ``SMSC_LOGIN``/``SMSC_PASSWORD``, ``SMSC_HOST``)::

    uvicorn examples.fastapi_app:app

Or run this file for an offline tour, where the built-in emulator plays SMSC and posts
the callbacks to the app, all in one process: ``python examples/fastapi_app.py``.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable

import httpx
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from aiosmsc import AsyncSMSC
from aiosmsc.contrib.fastapi import SMSC, callback_router, smsc_lifespan
from aiosmsc.webhooks import DeliveryReport, IncomingMessage, StatusFeed


class Notification(BaseModel):
    phone: str
    text: str


def create_app(
    smsc_factory: Callable[[], AsyncSMSC] | None = None, *, callback_secret: str | None = None
) -> FastAPI:
    """The app; ``smsc_factory`` builds its client (default: ``AsyncSMSC()`` from the
    environment), ``callback_secret`` checks callback signatures."""
    statuses: dict[tuple[str, str], DeliveryReport] = {}
    replies: list[IncomingMessage] = []
    feed = StatusFeed()  # attach smsc.track(...) iterators here to resolve them by callback

    def on_status(report: DeliveryReport) -> None:
        if report.phone is not None and report.id is not None:
            statuses[(report.phone, report.id)] = report
        feed.feed(report)

    app = FastAPI(lifespan=smsc_lifespan(smsc_factory))
    app.state.status_feed = feed
    app.include_router(
        callback_router(
            on_status=on_status,
            on_message=replies.append,
            secret=callback_secret,
            require_signature=callback_secret is not None,
        )
    )

    @app.post("/notify")
    async def notify(note: Notification, smsc: SMSC) -> dict[str, str]:
        sent = await smsc.send(note.phone, note.text)
        return {"phone": note.phone, "id": sent.id}

    @app.get("/messages/{phone}/{message_id}")
    async def message_status(phone: str, message_id: str) -> dict[str, object]:
        report = statuses.get((phone, message_id))
        if report is None:
            raise HTTPException(404, "no status reported for this message yet")
        return {
            "status": int(report.status),
            "description": getattr(report.status, "description", str(report.status)),
            "delivered": report.is_delivered,
            "final": report.is_final,
        }

    @app.get("/replies")
    async def list_replies() -> list[dict[str, str | None]]:
        return [{"from": reply.phone, "text": reply.mes, "to": reply.to} for reply in replies]

    return app


#: For ``uvicorn examples.fastapi_app:app``; the signature secret from the environment.
app = create_app(callback_secret=os.environ.get("SMSC_CALLBACK_SECRET") or None)


async def tour() -> None:
    """Offline: the emulator plays SMSC in-process and posts callbacks to the app."""
    from aiosmsc.testing import ManualClock, SMSCEmulator

    secret = "callback-secret"  # noqa: S105 - the offline tour's own value
    emulator = SMSCEmulator(
        clock=ManualClock(),
        callback_url="http://app.test/smsc/callback",
        callback_secret=secret,
    )

    def client() -> AsyncSMSC:
        return AsyncSMSC(
            login="demo",
            password="demo-password",  # noqa: S106 - the emulator's public demo account
            host="http://smsc.test",
            transport=httpx.ASGITransport(app=emulator),
            script_limits=False,
        )

    demo_app = create_app(client, callback_secret=secret)
    transport = httpx.ASGITransport(app=demo_app)
    async with (
        demo_app.router.lifespan_context(demo_app),
        httpx.AsyncClient(transport=transport, base_url="http://app.test") as http,
    ):
        sent = (await http.post("/notify", json={"phone": "79990000017", "text": "Hi!"})).json()
        print("sent:", sent)
        emulator.clock.advance(10)  # the message is delivered ...
        await emulator.deliver_callbacks(http)  # ... and SMSC tells the app
        status = await http.get(f"/messages/{sent['phone']}/{sent['id']}")
        print("status from the callback:", status.json())
        emulator.clock.advance(60)  # numbers ending in 7 answer a minute later
        await emulator.deliver_callbacks(http)
        print("replies:", (await http.get("/replies")).json())


if __name__ == "__main__":
    asyncio.run(tour())
