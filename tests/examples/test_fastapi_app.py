"""examples/fastapi_app.py end to end: the app sends through the emulator, the emulator
posts the callbacks back to the app, and the app shows the delivery."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import urllib.parse
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from aiosmsc import AsyncSMSC
from aiosmsc.contrib.fastapi import UnverifiedCallbacksWarning
from aiosmsc.testing import Fault, ManualClock, SMSCEmulator

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "fastapi_app.py"
SECRET = "example-secret"


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fastapi_app_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the request model through it
    # Its module-level app reads the secret from SMSC_CALLBACK_SECRET; unset, it warns.
    with pytest.warns(UnverifiedCallbacksWarning):
        spec.loader.exec_module(module)
    return module


@pytest.fixture
def emulator() -> SMSCEmulator:
    return SMSCEmulator(
        clock=ManualClock(),
        callback_url="http://app.test/smsc/callback",
        callback_secret=SECRET,
    )


@contextlib.asynccontextmanager
async def running_app(
    example: ModuleType, emulator: SMSCEmulator, **client_options: Any
) -> AsyncIterator[FastAPI]:
    """The example app, its client talking to ``emulator`` in-process."""

    client_options.setdefault("transport", httpx.ASGITransport(app=emulator))

    def smsc() -> AsyncSMSC:
        return AsyncSMSC(
            login="demo",
            password="demo-password",
            host="http://smsc.test",
            script_limits=False,
            **client_options,
        )

    application: FastAPI = example.create_app(smsc, callback_secret=SECRET)
    async with application.router.lifespan_context(application):
        yield application


@contextlib.asynccontextmanager
async def app_client(
    example: ModuleType, emulator: SMSCEmulator, **client_options: Any
) -> AsyncIterator[httpx.AsyncClient]:
    async with running_app(example, emulator, **client_options) as application:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://app.test") as client:
            yield client


@pytest.fixture
async def app(example: ModuleType, emulator: SMSCEmulator) -> AsyncIterator[FastAPI]:
    async with running_app(example, emulator) as application:
        yield application


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app.test") as client:
        yield client


async def test_send_then_delivery_arrives_by_callback(
    http: httpx.AsyncClient, emulator: SMSCEmulator
) -> None:
    sent = (await http.post("/notify", json={"phone": "79990000001", "text": "Shipped"})).json()
    assert [m.text for m in emulator.messages] == ["Shipped"]
    status_url = f"/messages/{sent['phone']}/{sent['id']}"
    assert (await http.get(status_url)).status_code == 404  # nothing reported yet

    emulator.clock.advance(1)
    await emulator.deliver_callbacks(http)
    transferred = (await http.get(status_url)).json()
    assert transferred == {
        "status": 0,
        "description": "Transferred to the operator",
        "delivered": False,
        "final": False,
    }

    emulator.clock.advance(10)
    posted = await emulator.deliver_callbacks(http)
    assert [p.status_code for p in posted] == [200]
    delivered = (await http.get(status_url)).json()
    assert delivered["delivered"] is True and delivered["final"] is True


async def test_failed_delivery_and_replies(http: httpx.AsyncClient, emulator: SMSCEmulator) -> None:
    failed = (await http.post("/notify", json={"phone": "79990000013", "text": "A"})).json()
    answered = (await http.post("/notify", json={"phone": "79990000017", "text": "B"})).json()
    emulator.clock.advance(120)
    await emulator.deliver_callbacks(http)
    report = (await http.get(f"/messages/79990000013/{failed['id']}")).json()
    assert report["final"] is True and report["delivered"] is False and report["status"] == 20
    assert (await http.get(f"/messages/79990000017/{answered['id']}")).json()["delivered"]
    assert (await http.get("/replies")).json() == [
        {"from": "79990000017", "text": "Yes", "to": "79000000000"}
    ]


async def test_forged_callback_changes_nothing(
    http: httpx.AsyncClient, emulator: SMSCEmulator
) -> None:
    sent = (await http.post("/notify", json={"phone": "79990000001", "text": "C"})).json()
    forged = {"id": sent["id"], "phone": "79990000001", "status": "1", "sha1": "f" * 40}
    reply = await http.post(
        "/smsc/callback",
        content=urllib.parse.urlencode(forged),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert reply.status_code == 403
    assert (await http.get(f"/messages/79990000001/{sent['id']}")).status_code == 404


async def test_bad_request_is_refused_before_sending(
    http: httpx.AsyncClient, emulator: SMSCEmulator
) -> None:
    assert (await http.post("/notify", json={"phone": "79990000001"})).status_code == 422
    assert emulator.messages == []


async def test_the_offline_tour_runs(
    example: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    await example.tour()
    out = capsys.readouterr().out
    assert "'delivered': True" in out
    assert "'text': 'Yes'" in out


@pytest.mark.parametrize(
    ("note", "error", "code"),
    [
        ({"phone": "79990000001", "text": "a forbidden word"}, "MessageDeniedError", 6),
        ({"phone": "79990000001", "text": ""}, None, None),
        ({"phone": "not-a-phone", "text": "Hi"}, None, None),
    ],
)
async def test_what_the_caller_got_wrong_is_a_422_naming_the_error(
    http: httpx.AsyncClient,
    emulator: SMSCEmulator,
    note: dict[str, str],
    error: str | None,
    code: int | None,
) -> None:
    reply = await http.post("/notify", json=note)
    assert reply.status_code == 422, reply.text
    body = reply.json()
    assert body["detail"]
    # Refused by SMSC (with its code), or by aiosmsc before sending (ValidationError)
    if error is not None:
        assert (body["error"], body["smsc_code"]) == (error, code)
    else:
        assert body["error"] in {"ValidationError", "ParameterError", "InvalidPhoneError"}
    assert emulator.messages == []


async def test_an_empty_account_is_the_apps_problem_a_502(
    http: httpx.AsyncClient, emulator: SMSCEmulator
) -> None:
    emulator.balance = Decimal(0)
    reply = await http.post("/notify", json={"phone": "79990000001", "text": "Hi"})
    assert reply.status_code == 502, reply.text
    assert reply.json() == {
        "error": "InsufficientFundsError",
        "smsc_code": 3,
        "detail": reply.json()["detail"],
    }


async def test_an_identical_send_within_a_minute_is_a_409(http: httpx.AsyncClient) -> None:
    note = {"phone": "79990000001", "text": "Same text twice"}
    assert (await http.post("/notify", json=note)).status_code == 200
    again = await http.post("/notify", json=note)  # refused by the client, before sending
    assert again.status_code == 409, again.text
    assert again.json()["error"] == "DuplicateSendError"


async def test_smsc_asking_to_wait_is_a_503_with_retry_after(
    example: ModuleType, emulator: SMSCEmulator
) -> None:
    def too_many(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"error": "too many requests", "error_code": 9})

    async with app_client(
        example, emulator, transport=httpx.MockTransport(too_many), max_retries=0
    ) as http:
        reply = await http.post("/notify", json={"phone": "79990000001", "text": "Hi"})
    assert reply.status_code == 503, reply.text
    assert reply.headers["retry-after"] == "60"
    assert (reply.json()["error"], reply.json()["smsc_code"]) == ("RateLimitedError", 9)


async def test_an_unreachable_smsc_is_a_504(example: ModuleType, emulator: SMSCEmulator) -> None:
    emulator.inject(Fault("http_error", script="send", times=10))
    async with app_client(example, emulator, max_retries=0) as http:
        reply = await http.post("/notify", json={"phone": "79990000001", "text": "Hi"})
    assert reply.status_code == 504, reply.text
    assert reply.json()["error"] == "HTTPStatusError"
    assert isinstance(reply.json()["possibly_delivered"], bool)
