"""A FastAPI app that sends SMS through aiosmsc and learns their delivery from callbacks.

Endpoints:

- ``POST /notify`` with ``{"phone": ..., "text": ...}`` sends a message and answers its id;
- ``POST /smsc/callback`` is where SMSC posts delivery statuses and incoming messages
  (set this URL in your SMSC account; the secret checks their signature);
- ``GET /messages/{phone}/{id}`` shows the last status the callbacks reported;
- ``GET /replies`` lists the incoming messages received so far.

Refusals are answered as a web service should: arguments refused before sending
(``ValidationError``) and messages SMSC refuses for their content (a bad number, an
empty or prohibited text) are ``422``; an identical send within a minute is ``409``;
SMSC asking to wait (rate limit, blocked IP) is ``503`` with ``Retry-After``; other
service refusals (credentials, funds) are ``502`` and an unreachable service ``504``.
The JSON body names the error class and SMSC's error code.

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
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from aiosmsc import (
    APIError,
    AsyncSMSC,
    DuplicateSendError,
    InvalidPhoneError,
    InvalidTimeError,
    MessageDeniedError,
    ParameterError,
    TransportError,
    UndeliverableError,
    ValidationError,
)
from aiosmsc.contrib.fastapi import SMSC, callback_router, smsc_lifespan
from aiosmsc.webhooks import DeliveryReport, IncomingMessage, StatusFeed

#: Service refusals caused by what the caller asked for: the caller can fix them.
CALLERS_FAULT: tuple[type[APIError], ...] = (
    ParameterError,
    InvalidTimeError,
    MessageDeniedError,
    InvalidPhoneError,
    UndeliverableError,
)


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

    add_error_handlers(app)

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


def add_error_handlers(app: FastAPI) -> None:
    """Answer aiosmsc's errors with a status code and a JSON body instead of a bare 500."""

    async def refused_before_sending(request: Request, error: Exception) -> JSONResponse:
        status = 409 if isinstance(error, DuplicateSendError) else 422
        return JSONResponse({"error": type(error).__name__, "detail": str(error)}, status)

    async def refused_by_smsc(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, APIError)
        body = {"error": type(error).__name__, "smsc_code": error.code, "detail": error.text}
        if isinstance(error, CALLERS_FAULT):
            return JSONResponse(body, 422)
        if error.retryable:  # SMSC asks to wait (rate limit, blocked IP)
            return JSONResponse(body, 503, headers={"Retry-After": "60"})
        return JSONResponse(body, 502)  # our account's problem: credentials, funds, ...

    async def smsc_unreachable(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, TransportError)
        body = {
            "error": type(error).__name__,
            "detail": "SMSC could not be reached",
            "possibly_delivered": error.possibly_delivered,
        }
        return JSONResponse(body, 504)

    app.add_exception_handler(ValidationError, refused_before_sending)
    app.add_exception_handler(APIError, refused_by_smsc)
    app.add_exception_handler(TransportError, smsc_unreachable)


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
