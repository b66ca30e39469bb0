"""Hostile callbacks (issue 12, points 6, 8 and 11): unsigned fields cannot stall the app
or steer what the signature protects, any unreadable callback is a 400, and an opt-in
guard drops replayed statuses."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st
from text_strategies import utf8_text

from aiosmsc.contrib.fastapi import callback_router
from aiosmsc.webhooks import (
    MAX_CALLBACK_BODY,
    CallbackError,
    CallbackHandler,
    CallbackSignatureError,
    DeliveryReport,
    IncomingMessage,
    ReplayGuard,
    parse_callback,
    sign_callback,
    verify_callback,
)

SECRET = "hostile-s3cret"
FORM = "application/x-www-form-urlencoded"
STATUS = {"id": "42", "phone": "79991234567", "status": "1"}
MESSAGE = {"phone": "79990000007", "mes": "Code: 1234", "to": "79000000000"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def form(fields: dict[str, str]) -> bytes:
    return str(httpx.QueryParams(fields)).encode()


async def answer(handler: CallbackHandler, fields: dict[str, str]) -> int:
    return (await handler.handle(body=form(fields), content_type=FORM)).status


# -- point 6: unsigned numbers are bounded ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("cnt", "1e99999"),  # a 100,000-digit int before the bound; 1e999999 took 36 s
        ("cnt", "9" * 5000),
        ("cost", "1e999999999"),  # decimal.Overflow as soon as anyone adds it up
        ("time", "9" * 30),  # a timestamp past year 9999: OverflowError, not ValueError
        ("err", "1e99999"),
    ],
)
async def test_a_hostile_unsigned_number_in_a_signed_status_is_a_400(name: str, value: str) -> None:
    seen: list[DeliveryReport] = []
    handler = CallbackHandler(on_status=seen.append, secret=SECRET)
    fields = {**sign_callback(STATUS, SECRET), name: value}
    verify_callback(fields, SECRET)  # the field is unsigned: the signature still holds
    with pytest.raises(CallbackError):
        parse_callback(fields)
    assert await answer(handler, fields) == 400
    assert seen == []


# -- point 8: deeply nested JSON --------------------------------------------------------

# 30,000 levels in under 64 KiB (bigger bodies are refused before parsing).
DEEP = b'{"status": "1", "id": ' + b"[" * 30_000 + b"]" * 30_000 + b"}"


async def test_deeply_nested_json_is_a_400() -> None:
    assert len(DEEP) < MAX_CALLBACK_BODY
    handler = CallbackHandler(on_status=lambda report: None)
    reply = await handler.handle(body=DEEP, content_type="application/json")
    assert reply.status == 400


async def test_deeply_nested_json_is_a_400_through_fastapi() -> None:
    app = FastAPI()
    app.include_router(callback_router(on_status=lambda report: None))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app.test") as http:
        response = await http.post("/smsc/callback", content=DEEP, headers=_JSON)
    assert response.status_code == 400


_JSON = {"content-type": "application/json"}

_TEXT = utf8_text(max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    query=st.binary(max_size=200) | _TEXT,
    body=st.binary(max_size=300)
    | st.dictionaries(_TEXT, _TEXT | st.integers() | st.floats(), max_size=6).map(
        lambda record: json.dumps(record).encode()
    ),
    content_type=st.sampled_from([None, FORM, "application/json", "text/plain", "x/y"]) | _TEXT,
)
async def test_any_request_is_answered_200_400_or_403(
    query: bytes | str, body: bytes, content_type: str | None
) -> None:
    handler = CallbackHandler(secret=SECRET, require_signature=False)
    reply = await handler.handle(query=query, body=body, content_type=content_type)
    assert reply.status in (200, 400, 403)


# -- point 11: what is signed is what is parsed -----------------------------------------


def test_a_later_spelling_cannot_override_the_signed_text() -> None:
    signed = sign_callback({"phone": "79990000007", "message": "yes", "to": "7900"}, SECRET)
    forged = {"text": "STOP", **signed}  # ``text`` comes first, unsigned
    verify_callback(forged, SECRET)
    event = parse_callback(forged)
    assert isinstance(event, IncomingMessage)
    assert event.mes == "yes"


def test_the_recipient_number_is_signed_whatever_its_spelling() -> None:
    signed = sign_callback({"phone": "79990000007", "mes": "yes", "to_phone": "7900"}, SECRET)
    verify_callback(signed, SECRET)
    with pytest.raises(CallbackSignatureError):
        verify_callback({**signed, "to_phone": "7911"}, SECRET)


def test_values_cannot_shift_between_signed_fields() -> None:
    signed = sign_callback(MESSAGE, SECRET)
    shifted = {**signed, "phone": "79990000007:Code", "mes": " 1234"}  # same hash input
    with pytest.raises(CallbackSignatureError, match="':' in phone"):
        verify_callback(shifted, SECRET)
    with pytest.raises(ValueError, match="phone"):
        sign_callback({**MESSAGE, "phone": "7999:1"}, SECRET)
    verify_callback(signed, SECRET)  # a ':' in the text itself is fine


# -- point 11: the replay guard ---------------------------------------------------------


def guarded(seen: list[DeliveryReport], clock: Clock, **guard: int) -> CallbackHandler:
    return CallbackHandler(
        on_status=seen.append,
        secret=SECRET,
        replay_guard=ReplayGuard(window=60, clock=clock, **guard),
    )


async def test_a_replayed_status_is_answered_but_not_handed_on() -> None:
    seen: list[DeliveryReport] = []
    clock = Clock()
    handler = guarded(seen, clock)
    signed = sign_callback(STATUS, SECRET)
    assert await answer(handler, signed) == 200
    # unsigned fields changed: still the same signed status, still a replay
    assert await answer(handler, {**signed, "err": "5", "time": "1700000000"}) == 200
    assert len(seen) == 1
    assert await answer(handler, sign_callback({**STATUS, "status": "3"}, SECRET)) == 200
    assert [int(report.status) for report in seen] == [1, 3]
    clock.now += 60  # the window has passed: remembered no longer
    assert await answer(handler, signed) == 200
    assert len(seen) == 3


async def test_a_status_whose_hook_failed_is_not_taken_for_a_replay() -> None:
    attempts: list[DeliveryReport] = []

    def flaky(report: DeliveryReport) -> None:
        attempts.append(report)
        if len(attempts) == 1:
            raise RuntimeError("database down")

    handler = CallbackHandler(on_status=flaky, replay_guard=ReplayGuard(window=60))
    with pytest.raises(RuntimeError):
        await answer(handler, STATUS)
    assert await answer(handler, STATUS) == 200  # the service's retry
    assert len(attempts) == 2


def test_the_guard_forgets_expired_keys_and_stays_bounded() -> None:
    clock = Clock()
    guard = ReplayGuard(window=10, max_keys=3, clock=clock)
    assert all(guard.claim(n) for n in range(5))
    assert len(guard) == 3  # the oldest two went first
    assert guard.claim(0)  # forgotten early: the documented price of bounded memory
    assert not guard.claim(4)
    clock.now += 10
    assert guard.claim(99)
    assert len(guard) == 1  # every expired key was dropped on the way


@pytest.mark.parametrize(
    "kwargs", [{"window": 0}, {"window": -1}, {"window": float("inf")}, {"max_keys": 0}]
)
def test_the_guard_refuses_settings_that_disable_it(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        ReplayGuard(**kwargs)  # type: ignore[arg-type]


async def test_the_router_takes_a_replay_guard() -> None:
    seen: list[DeliveryReport] = []
    app = FastAPI()
    app.include_router(
        callback_router(on_status=seen.append, secret=SECRET, replay_guard=ReplayGuard())
    )
    transport = httpx.ASGITransport(app=app)
    signed = sign_callback(STATUS, SECRET)
    async with httpx.AsyncClient(transport=transport, base_url="http://app.test") as http:
        for _ in range(3):
            assert (await http.post("/smsc/callback", data=signed)).status_code == 200
    assert len(seen) == 1
