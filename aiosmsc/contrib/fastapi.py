"""FastAPI integration (``pip install 'aiosmsc[fastapi]'``).

One :class:`~aiosmsc.AsyncSMSC` per application, opened at startup and closed at
shutdown, handed to request handlers by a dependency; and a router for the service's
callbacks::

    from aiosmsc.contrib.fastapi import SMSC, callback_router, smsc_lifespan

    app = FastAPI(lifespan=smsc_lifespan())          # AsyncSMSC() from SMSC_* variables
    app.include_router(callback_router(on_status=save_status, secret=CALLBACK_SECRET))

    @app.post("/notify/{phone}")
    async def notify(phone: str, smsc: SMSC) -> dict[str, str]:
        return {"id": (await smsc.send(phone, "Your order has shipped")).id}
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import PlainTextResponse

from ..client import AsyncSMSC
from ..webhooks import (
    MAX_CALLBACK_BODY,
    CallbackHandler,
    DeliveryReport,
    IncomingMessage,
    ReplayGuard,
    UnknownCallback,
)

__all__ = [
    "SMSC",
    "UnverifiedCallbacksWarning",
    "callback_router",
    "get_smsc",
    "open_smsc",
    "smsc_lifespan",
]

#: Where the client lives while the app runs.
STATE_KEY = "smsc"

logger = logging.getLogger("aiosmsc.contrib.fastapi")


class UnverifiedCallbacksWarning(UserWarning):
    """A callback endpoint accepts callbacks without checking that SMSC sent them:
    anyone who can reach it can forge delivery statuses and incoming messages."""


@contextlib.asynccontextmanager
async def open_smsc(
    app: FastAPI, factory: Callable[[], AsyncSMSC] | None = None, **client_options: Any
) -> AsyncIterator[AsyncSMSC]:
    """Open one client for ``app`` (``factory()``, else ``AsyncSMSC(**client_options)``),
    keep it in ``app.state.smsc`` and close it on exit. Use it inside your own lifespan::

        @asynccontextmanager
        async def lifespan(app):
            async with open_smsc(app, host="smsc.kz"), open_database():
                yield
    """
    if factory is not None and client_options:
        raise TypeError("give a factory or client options, not both")
    smsc = factory() if factory is not None else AsyncSMSC(**client_options)
    setattr(app.state, STATE_KEY, smsc)
    try:
        async with smsc:
            yield smsc
    finally:
        with contextlib.suppress(AttributeError):
            delattr(app.state, STATE_KEY)


def smsc_lifespan(
    factory: Callable[[], AsyncSMSC] | None = None, **client_options: Any
) -> Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]:
    """A lifespan for ``FastAPI(lifespan=...)`` that opens one client at startup (with
    ``factory`` or ``AsyncSMSC(**client_options)``) and closes it at shutdown."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_smsc(app, factory, **client_options):
            yield

    return lifespan


def get_smsc(request: Request) -> AsyncSMSC:
    """The application's client (a dependency: ``smsc: SMSC`` or
    ``Depends(get_smsc)``); a clear error when no lifespan opened one."""
    smsc = getattr(request.app.state, STATE_KEY, None)
    if not isinstance(smsc, AsyncSMSC):
        raise RuntimeError(
            "no AsyncSMSC on this app: create it with FastAPI(lifespan=smsc_lifespan())"
            " or open_smsc(app) in your lifespan"
        )
    return smsc


#: Annotate a handler parameter with it to receive the application's client.
SMSC = Annotated[AsyncSMSC, Depends(get_smsc)]


async def _read_body(request: Request) -> bytes | None:
    """The body, or ``None`` when it is larger than a callback can be."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_CALLBACK_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def callback_router(
    *,
    on_status: Callable[[DeliveryReport], object] | None = None,
    on_message: Callable[[IncomingMessage], object] | None = None,
    on_other: Callable[[UnknownCallback], object] | None = None,
    secret: str | None = None,
    require_signature: bool = True,
    token: str | None = None,
    replay_guard: ReplayGuard | None = None,
    path: str = "/smsc/callback",
    **router_options: Any,
) -> APIRouter:
    """A router with the callback endpoint at ``path`` (GET and POST): it parses the
    service's delivery statuses and incoming messages, checks them (``secret``: the
    ``sha1``/``md5`` signature; ``token``: ``?token=`` in the URL set in your SMSC
    account), calls ``on_status``/``on_message``/``on_other`` (plain or async) and answers
    ``200 OK``; a bad signature gets ``403``, an unreadable callback ``400``;
    ``replay_guard`` drops repeated statuses (see :class:`~aiosmsc.webhooks.CallbackHandler`).

    Without a ``secret`` (or with ``require_signature=False``) and without a ``token``
    anyone can post forged statuses: that emits an :class:`UnverifiedCallbacksWarning`
    and logs a warning when the router is created.

    To resolve ``smsc.track(...)`` from callbacks, pass a
    :class:`~aiosmsc.webhooks.StatusFeed`'s ``feed`` as ``on_status`` and attach trackers
    to it. ``router_options`` go to ``APIRouter`` (``prefix``, ``tags``, ...).
    """
    if token is None and (secret is None or not require_signature):
        _warn_unverified(path, secret is not None)
    handler = CallbackHandler(
        on_status=on_status,
        on_message=on_message,
        on_other=on_other,
        secret=secret,
        require_signature=require_signature,
        token=token,
        replay_guard=replay_guard,
    )
    router = APIRouter(**router_options)

    async def smsc_callback(request: Request) -> PlainTextResponse:
        body = await _read_body(request)
        if body is None:
            return PlainTextResponse("Payload Too Large", status_code=413)
        reply = await handler.handle(
            query=request.url.query, body=body, content_type=request.headers.get("content-type")
        )
        return PlainTextResponse(reply.body, status_code=reply.status)

    router.add_api_route(
        path, smsc_callback, methods=["GET", "POST"], include_in_schema=False, name="smsc_callback"
    )
    return router


def _warn_unverified(path: str, unsigned_allowed: bool) -> None:
    why = "accepts unsigned callbacks" if unsigned_allowed else "has no secret"
    message = (
        f"the SMSC callback endpoint {path} {why} and no token: anyone who can reach it"
        " can post forged delivery statuses and messages. Pass secret= (the callback"
        " secret set in your SMSC account) and/or token= (required as ?token= in the URL)"
    )
    logger.warning(message)
    # stacklevel: _warn_unverified <- callback_router <- the application's code
    warnings.warn(message, UnverifiedCallbacksWarning, stacklevel=3)
