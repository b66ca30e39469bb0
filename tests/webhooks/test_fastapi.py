"""aiosmsc.contrib.fastapi: one client per app, the dependency, the callback router."""

from __future__ import annotations

import urllib.parse
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from aiosmsc import AsyncSMSC
from aiosmsc.contrib.fastapi import SMSC, callback_router, get_smsc, open_smsc, smsc_lifespan
from aiosmsc.testing import ManualClock, SMSCEmulator
from aiosmsc.webhooks import (
    MAX_CALLBACK_BODY,
    DeliveryReport,
    IncomingMessage,
    StatusFeed,
    sign_callback,
)

SECRET = "router-secret"


@pytest.fixture
def emulator() -> SMSCEmulator:
    return SMSCEmulator(
        clock=ManualClock(),
        callback_url="http://app.test/smsc/callback",
        callback_secret=SECRET,
    )


def client_for(emulator: SMSCEmulator) -> AsyncSMSC:
    return AsyncSMSC(
        login="demo",
        password="demo-password",
        host="http://smsc.test",
        transport=httpx.ASGITransport(app=emulator),
        script_limits=False,
    )


async def call(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://app.test") as http,
    ):
        yield http


async def test_lifespan_opens_one_client_and_closes_it(emulator: SMSCEmulator) -> None:
    made: list[AsyncSMSC] = []

    def factory() -> AsyncSMSC:
        made.append(client_for(emulator))
        return made[-1]

    app = FastAPI(lifespan=smsc_lifespan(factory))

    @app.get("/balance")
    async def balance(smsc: SMSC) -> dict[str, str]:
        return {"balance": str((await smsc.balance()).balance), "client": str(id(smsc))}

    async for http in call(app):
        first = (await http.get("/balance")).json()
        second = (await http.get("/balance")).json()
        assert first == second == {"balance": "100.00", "client": str(id(made[0]))}
        assert not made[0].closed
    assert len(made) == 1 and made[0].closed
    assert not hasattr(app.state, "smsc")


async def test_client_options_build_the_client_at_startup(
    emulator: SMSCEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = FastAPI()
    transport = httpx.ASGITransport(app=emulator)
    async with open_smsc(
        app, login="demo", password="demo-password", host="http://smsc.test", transport=transport
    ) as smsc:
        assert app.state.smsc is smsc
        assert (await smsc.balance()).balance == 100
    assert smsc.closed
    with pytest.raises(TypeError):
        async with open_smsc(app, lambda: client_for(emulator), login="x"):
            pass


async def test_dependency_without_lifespan_says_what_to_do() -> None:
    app = FastAPI()

    @app.get("/")
    async def index(smsc: SMSC) -> str:
        return "unreachable"

    with pytest.raises(RuntimeError, match="smsc_lifespan"):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://app.test"
        ) as http:
            await http.get("/")
    assert get_smsc.__doc__


async def test_emulator_posts_callbacks_to_the_router(emulator: SMSCEmulator) -> None:
    statuses: list[DeliveryReport] = []
    messages: list[IncomingMessage] = []

    async def on_status(report: DeliveryReport) -> None:
        statuses.append(report)

    app = FastAPI(lifespan=smsc_lifespan(lambda: client_for(emulator)))
    app.include_router(
        callback_router(on_status=on_status, on_message=messages.append, secret=SECRET)
    )

    @app.post("/send/{phone}")
    async def send(phone: str, smsc: SMSC) -> dict[str, str]:
        return {"id": (await smsc.send(phone, "Your order has shipped")).id}

    async for http in call(app):
        sent = (await http.post("/send/79990000007")).json()
        emulator.clock.advance(70)
        posted = await emulator.deliver_callbacks(http)
        assert [p.status_code for p in posted] == [200, 200, 200]
    assert [(r.id, int(r.status)) for r in statuses] == [(sent["id"], 0), (sent["id"], 1)]
    assert statuses[-1].is_delivered
    assert [(m.phone, m.mes) for m in messages] == [("79990000007", "Yes")]


async def test_router_rejects_forged_and_unreadable_callbacks(emulator: SMSCEmulator) -> None:
    statuses: list[DeliveryReport] = []
    app = FastAPI()
    app.include_router(callback_router(on_status=statuses.append, secret=SECRET, prefix="/hooks"))
    forged = {"id": "1", "phone": "7999", "status": "1", "sha1": "0" * 40}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://app.test"
    ) as http:
        assert (await http.post("/hooks/smsc/callback", data=forged)).status_code == 403
        unsigned = {"id": "1", "phone": "7999", "status": "1"}
        assert (await http.get("/hooks/smsc/callback", params=unsigned)).status_code == 403
        signed_garbage = sign_callback({"id": "1", "status": "x"}, SECRET)
        assert (await http.post("/hooks/smsc/callback", data=signed_garbage)).status_code == 400
        huge = b"x=" + b"y" * MAX_CALLBACK_BODY
        assert (await http.post("/hooks/smsc/callback", content=huge)).status_code == 413
        assert (await http.put("/hooks/smsc/callback")).status_code == 405
    assert statuses == []


async def test_unsigned_callbacks_with_a_url_token() -> None:
    statuses: list[DeliveryReport] = []
    app = FastAPI()
    app.include_router(callback_router(on_status=statuses.append, token="t0ken"))
    fields = urllib.parse.urlencode({"id": "9", "phone": "7999", "status": "3"})
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://app.test"
    ) as http:
        ok = await http.post(
            "/smsc/callback?token=t0ken",
            content=fields,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert (ok.status_code, ok.text) == (200, "OK")
        assert (await http.post("/smsc/callback?token=nope", content=fields)).status_code == 403
    assert [r.id for r in statuses] == ["9"]


async def test_callbacks_resolve_smsc_track(emulator: SMSCEmulator) -> None:
    """A tracker attached to a StatusFeed is resolved by callbacks, without polling."""
    if not hasattr(AsyncSMSC, "track"):
        pytest.skip("smsc.track is not available")
    feed = StatusFeed()
    app = FastAPI()
    app.include_router(callback_router(on_status=feed.feed, secret=SECRET))
    async with (
        client_for(emulator) as smsc,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://app.test"
        ) as http,
    ):
        sent = await smsc.send(["79990000001", "79990000013"], "tracked")
        tracker = smsc.track([(p, sent.id) for p in ("79990000001", "79990000013")], poll=False)
        with feed.attached(tracker):
            emulator.clock.advance(10)
            await emulator.deliver_callbacks(http)
            done = [message async for message in tracker]
        requests = [script for script, _ in emulator.requests]
    assert sorted((m.phone, m.state) for m in done) == [
        ("79990000001", "delivered"),
        ("79990000013", "failed"),
    ]
    assert "status" not in requests  # resolved by the callbacks alone
    assert len(feed) == 0
