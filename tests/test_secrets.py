"""Credentials never show: not in a log record (any logger, DEBUG), not in an exception
(its message, repr, attributes, or anything in its cause/context chain), not in a repr;
not in anything reachable from an error or an ``on_attempt`` event, even when a server
echoes the request or a base URL carries ``user:pass@``."""

from __future__ import annotations

import hashlib
import json
import logging
import types
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest

from aiosmsc import AsyncSMSC, ConfigurationError, SMSCError
from aiosmsc.session import Attempt

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


# -- issue 12, point 9: side channels ------------------------------------------------------


def reachable(root: object, limit: int = 20_000) -> Iterator[object]:
    """Every object reachable from ``root`` through exception chains, arguments,
    attributes and containers (not through tracebacks: frames hold everyone's locals)."""
    seen: set[int] = set()
    pending = [root]
    while pending and len(seen) < limit:
        current = pending.pop()
        if id(current) in seen or current is None:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, (str, bytes, int, float, type, types.ModuleType)) or callable(
            current
        ):
            continue
        if isinstance(current, BaseException):
            pending += [current.__cause__, current.__context__, *current.args]
        if isinstance(current, dict):
            pending += [*current.keys(), *current.values()]
        elif isinstance(current, (list, tuple, set, frozenset)):
            pending += list(current)
        pending += list(getattr(current, "__dict__", {}).values())
        for cls in type(current).__mro__:
            for name in getattr(cls, "__slots__", ()):
                pending.append(getattr(current, name, None))


def assert_unreachable(root: object, secret: str) -> None:
    for item in reachable(root):
        if isinstance(item, (str, bytes)):
            text = item.decode("latin-1") if isinstance(item, bytes) else item
            assert secret not in text, f"reachable from {type(root).__name__}: {text[:120]!r}"
        else:
            assert secret not in repr(item), type(item)


def test_the_reachability_check_finds_a_request_body() -> None:
    # What the check must catch: httpx exceptions keep the request, with its body.
    request = httpx.Request("POST", "https://smsc.ru/sys/send.php", content=b"psw=" + b"x" * 8)
    error = ValueError("wrapper")
    error.__cause__ = httpx.ConnectError("refused", request=request)
    with pytest.raises(AssertionError):
        assert_unreachable(error, "x" * 8)


def _echo(shape: str):
    """A server (or proxy) that echoes the request body back in ``shape``."""

    def handler(request: httpx.Request) -> httpx.Response:
        body = request.content.decode("ascii")
        form = dict(urllib.parse.parse_qsl(body))
        texts = {
            "text": body,
            "fmt0_error": f"ERROR = 1 (bad request: {body})",
            "json_error": json.dumps({"error": f"bad request: {body}", "error_code": 1}),
            "json_echo": json.dumps(form),
            "xml_echo": "<result>"
            + "".join(f"<{k}>{v}</{k}>" for k, v in form.items())
            + "</result>",
            "value_only": f"ERROR = 2 (unknown key {form.get('psw') or form['apikey']})",
            "encoded_value": json.dumps(
                {"error": "no such key " + urllib.parse.quote(form.get("psw") or form["apikey"])}
            ),
        }
        if shape == "http_500":
            return httpx.Response(500, content=request.content)
        return httpx.Response(200, text=texts[shape])

    return handler


ECHOES = [
    "text",
    "fmt0_error",
    "json_error",
    "json_echo",
    "xml_echo",
    "value_only",
    "encoded_value",
    "http_500",
]
SPECIAL = "p@ss w&rd=1%ok"  # changes when form- or URL-encoded


@pytest.mark.parametrize("kind", [*sorted(CREDENTIALS), "special"])
@pytest.mark.parametrize(
    "failure",
    [*ECHOES, "connect_error", "read_timeout", "protocol_error", "undecodable"],
)
async def test_secret_unreachable_from_errors_and_attempt_hooks(recorder, logs, kind, failure):
    if kind == "special":
        kwargs, secret = {"login": "user", "password": SPECIAL}, SPECIAL
    else:
        kwargs, secret = CREDENTIALS[kind]
    rec = recorder(_echo(failure) if failure in ECHOES else FAILURES[failure])
    events: list[Attempt] = []
    errors: list[SMSCError] = []
    async with AsyncSMSC(**kwargs, transport=rec.transport, on_attempt=events.append) as smsc:
        for call in (lambda: smsc.send(PHONE, "hello"), smsc.balance):
            with pytest.raises(SMSCError) as info:
                await call()
            errors.append(info.value)
            logging.getLogger("app").error("request failed: %s", info.value)
    assert events and all(event.error is not None for event in events)
    for spelling in {secret, urllib.parse.quote(secret), urllib.parse.quote_plus(secret)}:
        for root in (*errors, *events):
            assert_unreachable(root, spelling)
        assert_not_logged(logs, spelling)
    assert_secret_on_the_wire(rec, urllib.parse.quote_plus(secret))


@pytest.mark.parametrize(
    "url",
    [
        f"https://user:{PASSWORD}@smsc.ru",
        f"http://user:{PASSWORD}@127.0.0.1:8080/api",
        f"user:{PASSWORD}@smsc.ru",
        f"https://smsc.ru/?psw={PASSWORD}",
    ],
)
@pytest.mark.parametrize("where", ["host", "hosts", "env"])
def test_credentials_in_a_base_url_are_not_echoed(recorder, monkeypatch, url, where):
    kwargs: dict[str, object] = {"login": "user", "password": "other"}
    if where == "env":
        monkeypatch.setenv("SMSC_HOST", url)
    else:
        kwargs[where] = url if where == "host" else [url]
    with pytest.raises(ConfigurationError) as info:
        AsyncSMSC(**kwargs, transport=recorder().transport)
    assert "***" in str(info.value)
    assert_unreachable(info.value, PASSWORD)


async def test_a_short_password_does_not_mangle_messages(recorder):
    # Values under 4 characters are masked only as an echoed parameter (psw=...).
    rec = recorder("ERROR = 1 (bad request: login=user&psw=p&fmt=3)")
    async with AsyncSMSC("user", "p", transport=rec.transport, max_retries=0) as smsc:
        with pytest.raises(SMSCError) as info:
            await smsc.balance()
    assert "bad request: login=user&psw=***&fmt=3" in str(info.value)
