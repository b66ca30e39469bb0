"""Credentials never show: not in a log record (any logger, DEBUG), not in an exception
(its message, repr, attributes, or anything in its cause/context chain), not in a repr."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator

import httpx
import pytest

from aiosmsc import AsyncSMSC, ConfigurationError, SMSCError

pytestmark = pytest.mark.usefixtures("clean_env")

PASSWORD = "s3cr3t-PASS"
APIKEY = "APIKEY-123456"
PASSWORD_MD5 = hashlib.md5(PASSWORD.encode()).hexdigest()
PHONE = "79991234567"

# kind -> (constructor arguments, the value that must never show)
CREDENTIALS = {
    "password": ({"login": "user", "password": PASSWORD}, PASSWORD),
    "apikey": ({"apikey": APIKEY}, APIKEY),
    "password_md5": ({"login": "user", "password_md5": PASSWORD_MD5}, PASSWORD_MD5),
}


def _raise(exc_type: type[httpx.TransportError]):
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_type("simulated failure", request=request)

    return handler


FAILURES = {
    "api_error": '{"error": "authorise error", "error_code": 2}',
    "api_error_fmt0": "ERROR = 2 (authorise error)",
    "connect_error": _raise(httpx.ConnectError),
    "read_timeout": _raise(httpx.ReadTimeout),
    "protocol_error": _raise(httpx.RemoteProtocolError),
    "http_500": httpx.Response(500, text="Internal Server Error"),
    "undecodable": '{"id": ',
}


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in ("aiosmsc", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def assert_not_in_exception(exc: BaseException, secret: str) -> None:
    for current in exception_chain(exc):
        assert secret not in str(current), type(current)
        assert secret not in repr(current), type(current)
        for arg in current.args:
            assert secret not in repr(arg), type(current)
        for name, value in vars(current).items():
            assert secret not in repr(value), f"{type(current).__name__}.{name}"


def assert_not_logged(caplog: pytest.LogCaptureFixture, secret: str) -> None:
    assert caplog.records, "nothing was logged: the check would be vacuous"
    for record in caplog.records:
        assert secret not in record.getMessage(), record.name
        assert secret not in repr(record.args), record.name
    assert secret not in caplog.text


def assert_secret_on_the_wire(rec, secret: str) -> None:
    """The secret was really used (else the absence checks prove nothing)."""
    assert rec.requests
    for request in rec.requests:
        assert secret in request.content.decode("ascii")
        assert secret not in str(request.url)


@pytest.mark.parametrize("kind", sorted(CREDENTIALS))
@pytest.mark.parametrize("failure", sorted(FAILURES))
async def test_secret_not_in_failures(recorder, logs, kind, failure):
    kwargs, secret = CREDENTIALS[kind]
    rec = recorder(FAILURES[failure])
    async with AsyncSMSC(**kwargs, transport=rec.transport) as smsc:
        with pytest.raises(SMSCError) as send_info:
            await smsc.send(PHONE, "hello")
        with pytest.raises(SMSCError) as status_info:
            await smsc.status(PHONE, 1)
        with pytest.raises(SMSCError) as balance_info:
            await smsc.balance()
        assert secret not in repr(smsc)
        assert secret not in str(smsc)
    for info in (send_info, status_info, balance_info):
        assert_not_in_exception(info.value, secret)
        # a caller logging the failure with its traceback must not leak it either
        logging.getLogger("app").error("request failed", exc_info=info.value)
    assert_not_logged(logs, secret)
    assert_secret_on_the_wire(rec, secret)
    assert secret not in repr(smsc)


@pytest.mark.parametrize("kind", sorted(CREDENTIALS))
async def test_secret_not_in_successful_calls(recorder, logs, kind):
    kwargs, secret = CREDENTIALS[kind]
    rec = recorder('{"id": 1, "cnt": 1}', '{"balance": "10.00"}')
    async with AsyncSMSC(**kwargs, transport=rec.transport) as smsc:
        result = await smsc.send(PHONE, "hello")
        balance = await smsc.balance()
        assert secret not in repr(smsc)
    assert secret not in repr(result)
    assert secret not in repr(balance)
    assert_not_logged(logs, secret)
    assert any(r.name == "httpx" for r in logs.records)  # httpx's own log was captured
    assert any(r.name == "aiosmsc" for r in logs.records)
    assert_secret_on_the_wire(rec, secret)
    assert secret not in repr(smsc)


@pytest.mark.parametrize("kind", sorted(CREDENTIALS))
def test_secret_not_in_repr(recorder, kind):
    kwargs, secret = CREDENTIALS[kind]
    smsc = AsyncSMSC(**kwargs, transport=recorder().transport)
    assert secret not in repr(smsc)
    assert secret not in str(smsc)
    assert secret not in f"{smsc!r} {smsc}"


async def test_secret_from_env_not_in_repr_or_errors(recorder, logs, monkeypatch):
    monkeypatch.setenv("SMSC_LOGIN", "user")
    monkeypatch.setenv("SMSC_PASSWORD", PASSWORD)
    rec = recorder(FAILURES["api_error"])
    async with AsyncSMSC(transport=rec.transport) as smsc:
        assert PASSWORD not in repr(smsc)
        with pytest.raises(SMSCError) as info:
            await smsc.balance()
    assert_not_in_exception(info.value, PASSWORD)
    assert_not_logged(logs, PASSWORD)
    assert_secret_on_the_wire(rec, PASSWORD)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"login": "user", "password_md5": PASSWORD},  # not an md5: refused, not echoed
        {"login": "user", "password_md5": PASSWORD_MD5.upper()},
        {"login": "user", "password": PASSWORD, "password_md5": PASSWORD_MD5},
        {"login": "user", "password": PASSWORD, "apikey": APIKEY},
        {"password_md5": PASSWORD_MD5, "apikey": APIKEY},
        {"password": PASSWORD},  # no login
    ],
)
def test_secret_not_in_configuration_errors(recorder, kwargs):
    with pytest.raises(ConfigurationError) as info:
        AsyncSMSC(**kwargs, transport=recorder().transport)
    for secret in (PASSWORD, APIKEY, PASSWORD_MD5, PASSWORD_MD5.upper()):
        assert_not_in_exception(info.value, secret)
