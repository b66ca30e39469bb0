"""The retry policy, through the client: what is retried, what never is, failover, hooks."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from aiosmsc import (
    APIError,
    AsyncSMSC,
    Attempt,
    ConnectError,
    DecodeError,
    HTTPStatusError,
    InsufficientFundsError,
    ParameterError,
    RateLimitedError,
    ReadTimeout,
    RetryPolicy,
)
from aiosmsc.retry import HostPool, Verdict

BALANCE = '{"balance": "10.00"}'


class Script:
    """A MockTransport answering each request with the next of ``steps`` (the last
    repeats); a step is a body, an HTTP status, or an exception class to raise."""

    def __init__(self, *steps: object) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps[min(len(self.requests), len(self.steps)) - 1]
        if isinstance(step, type) and issubclass(step, Exception):
            raise step("scripted failure", request=request)
        if isinstance(step, int):
            return httpx.Response(step, text="<html>oops</html>")
        return httpx.Response(200, text=str(step))

    @property
    def hosts(self) -> list[str]:
        return [request.url.host for request in self.requests]


class RecordingLimiter:
    """A custom limiter (the pluggable interface): counts slots and penalties."""

    def __init__(self) -> None:
        self.slots = 0
        self.penalties: list[float] = []

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        self.slots += 1
        yield

    def penalize(self, seconds: float) -> None:
        self.penalties.append(seconds)


def client(script: Script, **kwargs: object) -> AsyncSMSC:
    kwargs.setdefault("host", "http://smsc.test")
    return AsyncSMSC(login="demo", password="pw", transport=httpx.MockTransport(script), **kwargs)


RETRYABLE_FOR_READS = [
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    500,
    502,
    503,
    429,
    '{"error": "wait", "error_code": 9}',
    '{"error": "blocked", "error_code": 4}',
    "<!DOCTYPE html><html>proxy error</html>",
    '{"balance": "1',
]


#: Errors after which nobody under the login may send for ``RetryPolicy.penalty`` seconds.
PENALIZED = {'{"error": "wait", "error_code": 9}', '{"error": "blocked", "error_code": 4}'}


@pytest.mark.parametrize("failure", RETRYABLE_FOR_READS, ids=str)
async def test_reads_retry_and_then_succeed(failure: object, slept: list[float]) -> None:
    script = Script(failure, failure, BALANCE)
    async with client(script) as smsc:
        assert (await smsc.balance()).balance == 10
    assert len(script.requests) == 3
    if failure in PENALIZED:
        # The client's own limiter held each retry back for the penalty (measured on the
        # loop's clock, so a little less by the time it waits): asked for, not waited.
        penalty = RetryPolicy().penalty
        assert len(slept) == 2
        assert all(penalty / 2 < delay <= penalty for delay in slept), slept
    else:
        assert slept == []  # backoff is zero in tests; nothing else waits


async def test_retries_stop_at_max_retries() -> None:
    script = Script(503)
    async with client(script, max_retries=2) as smsc:
        with pytest.raises(HTTPStatusError):
            await smsc.balance()
    assert len(script.requests) == 3
    async with client(script := Script(503)) as smsc:
        with pytest.raises(HTTPStatusError):
            await smsc.with_options(max_retries=0).balance()
    assert len(script.requests) == 1


@pytest.mark.parametrize("code", [1, 2, 3, 5, 6, 7, 8])
async def test_definitive_errors_are_never_retried(code: int) -> None:
    script = Script(f'{{"error": "no", "error_code": {code}}}')
    async with client(script) as smsc:
        with pytest.raises(APIError) as info:
            await smsc.balance()
        with pytest.raises(APIError):
            await smsc.send("79990000001", "hi")
    assert info.value.code == code
    assert len(script.requests) == 2  # one each, nothing repeated


async def test_send_is_retried_when_it_provably_never_left() -> None:
    script = Script(httpx.ConnectError, httpx.ConnectTimeout, '{"id": "order-1", "cnt": 1}')
    async with client(script) as smsc:
        result = await smsc.send("79990000001", "hi", id="order-1")
    assert result.id == "order-1"
    assert len(script.requests) == 3
    ids = {dict(httpx.QueryParams(r.content.decode()))["id"] for r in script.requests}
    assert ids == {"order-1"}  # the same client id every time


@pytest.mark.parametrize("code", [4, 9])
async def test_send_is_not_retried_on_4_or_9_but_the_limiter_is_penalized(code: int) -> None:
    script = Script(f'{{"error": "x", "error_code": {code}}}')
    limiter = RecordingLimiter()
    async with client(script, limiter=limiter) as smsc:
        with pytest.raises(APIError):
            await smsc.send("79990000001", "hi")
    assert len(script.requests) == 1
    assert limiter.penalties == [RetryPolicy().penalty]
    assert limiter.slots == 1


async def test_reads_on_error_9_penalize_every_attempt() -> None:
    script = Script('{"error": "x", "error_code": 9}', BALANCE)
    limiter = RecordingLimiter()
    async with client(script, limiter=limiter) as smsc:
        await smsc.balance()
    assert len(limiter.penalties) == 1
    assert limiter.slots == 2  # every attempt, retries included, passes the limiter


async def test_failover_to_the_next_host_and_avoid_the_failed_one() -> None:
    script = Script(httpx.ConnectError, BALANCE)
    async with client(script, host=None, hosts=["https://a.test", "https://b.test"]) as smsc:
        await smsc.balance()
        await smsc.balance()
    assert script.hosts == ["a.test", "b.test", "b.test"]


def test_default_hosts_are_the_documented_backups() -> None:
    smsc = AsyncSMSC(login="u", password="p")
    assert smsc.hosts == (
        "https://smsc.ru",
        "https://www2.smsc.ru",
        "https://www3.smsc.ru",
        "https://www4.smsc.ru",
        "https://www5.smsc.ru",
    )
    assert AsyncSMSC(login="u", password="p", host="smscentre.com").hosts == (
        "https://smscentre.com",
        "https://www2.smscentre.com",
    )
    assert AsyncSMSC(login="u", password="p", host="http://127.0.0.1:9").hosts == (
        "http://127.0.0.1:9",
    )


def test_host_pool_cooldown() -> None:
    now = [0.0]
    pool = HostPool(["a", "b"], cooldown=30, clock=lambda: now[0])
    pool.failed("a")
    assert pool.pick() == "b"
    now[0] = 31
    assert pool.pick() == "a"
    pool.failed("a")
    pool.failed("b")
    assert pool.pick() == "a"  # all down: the one that recovers first


@pytest.mark.parametrize(
    ("error", "idempotent", "verdict"),
    [
        (ConnectError("x"), False, Verdict.RETRY),
        (ReadTimeout("x"), False, Verdict.RECONCILE),
        (ReadTimeout("x"), True, Verdict.RETRY),
        (HTTPStatusError(502), False, Verdict.RECONCILE),
        (HTTPStatusError(404), True, Verdict.RAISE),
        (DecodeError("x", fmt=3, raw=b""), False, Verdict.RECONCILE),
        (RateLimitedError(9, "x"), True, Verdict.RETRY),
        (RateLimitedError(9, "x"), False, Verdict.RAISE),
        (InsufficientFundsError(3, "x"), True, Verdict.RAISE),
        (ParameterError(1, "x"), True, Verdict.RAISE),
    ],
)
def test_verdicts(error: Exception, idempotent: bool, verdict: Verdict) -> None:
    policy = RetryPolicy()
    assert policy.verdict(error, idempotent=idempotent, attempt=1) is verdict  # type: ignore[arg-type]
    assert policy.verdict(error, idempotent=idempotent, attempt=4) in (  # type: ignore[arg-type]
        Verdict.RAISE,
        Verdict.RECONCILE,
    )


def test_backoff_grows_jittered_and_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the suite makes backoff instant; this test checks the real one
    policy = RetryPolicy(base_delay=0.5, max_delay=4)
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (9, 4.0)]:
        delays = [policy.backoff(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1


async def test_every_attempt_reaches_the_hook_and_the_log(caplog: pytest.LogCaptureFixture) -> None:
    events: list[Attempt] = []
    script = Script(503, BALANCE)
    caplog.set_level(logging.DEBUG, logger="aiosmsc")
    async with client(script, on_attempt=events.append) as smsc:
        await smsc.balance()
    assert [(e.operation, e.number, e.outcome, e.verdict) for e in events] == [
        ("balance", 1, "HTTPStatusError", "retry"),
        ("balance", 2, "ok", ""),
    ]
    assert all(e.host == "http://smsc.test" and e.elapsed >= 0 for e in events)
    messages = [r.getMessage() for r in caplog.records if r.name == "aiosmsc"]
    assert any("attempt 1: HTTPStatusError" in m and "-> retry" in m for m in messages)
    assert all("pw" not in m.split("smsc.test")[0] for m in messages)


async def test_a_broken_hook_does_not_break_sending() -> None:
    def hook(_: Attempt) -> None:
        raise RuntimeError("metrics down")

    async with client(Script(BALANCE), on_attempt=hook) as smsc:
        assert (await smsc.balance()).balance == 10


async def test_a_refused_send_may_be_made_again_at_once() -> None:
    script = Script('{"error": "no money", "error_code": 3}', '{"id": "1", "cnt": 1}')
    async with client(script) as smsc:
        with pytest.raises(InsufficientFundsError):
            await smsc.send("79990000001", "hi")
        assert (await smsc.send("79990000001", "hi")).cnt == 1  # not a DuplicateSendError
    assert len(script.requests) == 2
