"""The AsyncSMSC facade through an in-memory transport: lifecycle, what goes on the wire,
and how replies and transport failures become aiosmsc exceptions."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import httpx
import pytest

import aiosmsc
from aiosmsc import (
    APIError,
    AsyncSMSC,
    AuthenticationError,
    Balance,
    ClientClosedError,
    ConfigurationError,
    CostMode,
    CostResult,
    DeleteFailedError,
    HTTPStatusError,
    InsufficientFundsError,
    InvalidPhoneError,
    InvalidTimeError,
    IPBlockedError,
    MessageDeniedError,
    NetworkError,
    ParameterError,
    RateLimitedError,
    RetryPolicy,
    SendResult,
    StatusReport,
    Translit,
    UndeliverableError,
)

pytestmark = pytest.mark.usefixtures("clean_env")

LOGIN = "user"
PASSWORD = "pw-123"
PHONE = "79991234567"
PHONE2 = "79991234568"

SEND_OK = '{"id": 33, "cnt": 1}'
COST_OK = '{"cost": "1.50", "cnt": 2}'
STATUS_OK = '{"status": 1, "last_timestamp": 1476794052, "err": 0}'
BALANCE_OK = '{"balance": "1871.62"}'
DELETE_OK = '{"result": "OK"}'

# name -> (call, script, fmt=3 reply, fmt=1 reply)
CALLS = {
    "send": (lambda c, **kw: c.send(PHONE, "hi", **kw), "send", SEND_OK, "33,1"),
    "cost": (lambda c, **kw: c.cost(PHONE, "hi", **kw), "send", COST_OK, "1.50,2"),
    "status": (lambda c, **kw: c.status(PHONE, 5, **kw), "status", STATUS_OK, "1,1476794052,0"),
    "balance": (lambda c, **kw: c.balance(**kw), "balance", BALANCE_OK, "1871.62"),
    "delete": (lambda c, **kw: c.delete(PHONE, 5, **kw), "status", DELETE_OK, "OK"),
}


def make(rec, **kwargs) -> AsyncSMSC:
    kwargs.setdefault("login", LOGIN)
    kwargs.setdefault("password", PASSWORD)
    kwargs.setdefault("max_retries", 0)  # one request per call: retries have their own tests
    return AsyncSMSC(transport=rec.transport, **kwargs)


# --- lifecycle ---------------------------------------------------------------------------


@pytest.fixture
def closed_clients(monkeypatch) -> list[httpx.AsyncClient]:
    """Every ``httpx.AsyncClient.aclose`` call, in order (the client closed each time)."""
    closed: list[httpx.AsyncClient] = []
    original = httpx.AsyncClient.aclose

    async def spy(self: httpx.AsyncClient) -> None:
        closed.append(self)
        await original(self)

    monkeypatch.setattr(httpx.AsyncClient, "aclose", spy)
    return closed


async def test_async_with_closes_the_owned_httpx_client(closed_clients):
    async with AsyncSMSC(login=LOGIN, password=PASSWORD) as smsc:
        assert not smsc.closed
        assert closed_clients == []
    assert smsc.closed
    assert len(closed_clients) == 1
    assert closed_clients[0].is_closed


async def test_async_with_closes_the_owned_client_built_on_a_transport(recorder, closed_clients):
    rec = recorder(BALANCE_OK)
    async with make(rec) as smsc:
        await smsc.balance()
        assert closed_clients == []
    assert smsc.closed
    assert len(closed_clients) == 1
    assert closed_clients[0].is_closed


async def test_async_with_closes_even_when_the_body_raises(recorder, closed_clients):
    smsc = make(recorder())
    with pytest.raises(KeyError):
        async with smsc:
            raise KeyError("boom")
    assert smsc.closed
    assert len(closed_clients) == 1


async def test_async_with_returns_the_client_itself(recorder):
    smsc = make(recorder())
    async with smsc as entered:
        assert entered is smsc


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_call_after_aclose_raises_and_sends_nothing(recorder, name):
    call, _, reply, _ = CALLS[name]
    rec = recorder(reply)
    smsc = make(rec)
    await smsc.aclose()
    with pytest.raises(ClientClosedError, match="closed"):
        await call(smsc)
    assert rec.requests == []


async def test_call_after_leaving_async_with_raises(recorder):
    rec = recorder(BALANCE_OK)
    async with make(rec) as smsc:
        await smsc.balance()
    with pytest.raises(ClientClosedError):
        await smsc.balance()
    assert len(rec.requests) == 1


async def test_client_closed_error_is_a_runtime_error(recorder):
    smsc = make(recorder())
    await smsc.aclose()
    with pytest.raises(RuntimeError):
        await smsc.balance()


async def test_aclose_twice_is_harmless(recorder, closed_clients):
    smsc = make(recorder())
    await smsc.aclose()
    await smsc.aclose()
    assert smsc.closed
    assert len(closed_clients) == 1


async def test_entering_a_closed_client_raises(recorder):
    rec = recorder()
    smsc = make(rec)
    await smsc.aclose()
    with pytest.raises(ClientClosedError):
        async with smsc:
            pytest.fail("entered a closed client")
    assert rec.requests == []


async def test_entering_again_after_async_with_raises(recorder):
    smsc = make(recorder())
    async with smsc:
        pass
    with pytest.raises(ClientClosedError):
        await smsc.__aenter__()


async def test_injected_http_client_is_used_and_left_open(recorder, closed_clients):
    rec = recorder(BALANCE_OK, "pong")
    http = httpx.AsyncClient(transport=rec.transport)
    try:
        async with AsyncSMSC(login=LOGIN, password=PASSWORD, http_client=http) as smsc:
            balance = await smsc.balance()
        await smsc.aclose()
        assert balance.balance == Decimal("1871.62")
        assert rec.requests[0].url == "https://smsc.ru/sys/balance.php"
        assert smsc.closed
        assert not http.is_closed
        assert closed_clients == []
        assert rec.closed == 0
        response = await http.get("https://example.test/ping")  # still usable
        assert response.text == "pong"
        assert len(rec.requests) == 2
    finally:
        await http.aclose()


async def test_injected_transport_is_used(recorder):
    rec = recorder(BALANCE_OK)
    async with make(rec) as smsc:
        result = await smsc.balance()
    assert result == Balance(balance=Decimal("1871.62"))
    assert len(rec.requests) == 1


async def test_http_client_and_transport_together_are_refused(recorder):
    rec = recorder()
    http = httpx.AsyncClient(transport=rec.transport)
    try:
        with pytest.raises(ConfigurationError, match="http_client or transport"):
            AsyncSMSC(login=LOGIN, password=PASSWORD, http_client=http, transport=rec.transport)
    finally:
        await http.aclose()
    assert rec.requests == []


async def test_repr_tells_open_and_closed(recorder):
    smsc = make(recorder())
    assert "open" in repr(smsc)
    assert "https://smsc.ru" in repr(smsc)
    await smsc.aclose()
    assert "closed" in repr(smsc)


# --- the wire: method, URL, body -----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_every_call_is_a_form_post_to_its_script(recorder, name):
    call, script, reply, _ = CALLS[name]
    rec = recorder(reply)
    async with make(rec) as smsc:
        await call(smsc)
    (request,) = rec.requests
    assert request.method == "POST"
    assert str(request.url) == f"https://smsc.ru/sys/{script}.php"
    assert request.url.query == b""
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    form = rec.form
    assert form["charset"] == "utf-8"
    assert form["fmt"] == "3"
    assert form["login"] == LOGIN
    assert form["psw"] == PASSWORD
    assert "apikey" not in form


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_per_call_fmt_overrides_the_client_default(recorder, name):
    call, _, _, reply_fmt1 = CALLS[name]
    rec = recorder(reply_fmt1)
    async with make(rec) as smsc:
        await call(smsc, fmt=1)
        assert smsc.fmt == 3
    assert rec.form["fmt"] == "1"


async def test_client_fmt_is_the_default_of_every_call(recorder):
    rec = recorder("250.80", '{"balance": "1.00"}')
    async with make(rec, fmt=0) as smsc:
        assert smsc.fmt == 0
        first = await smsc.balance()
        second = await smsc.balance(fmt=3)
    assert first.balance == Decimal("250.80")
    assert second.balance == Decimal("1.00")
    assert [rec.form_of(r)["fmt"] for r in rec.requests] == ["0", "3"]


async def test_credentials_go_in_the_body_never_in_the_url(recorder):
    rec = recorder(SEND_OK)
    async with make(rec, login="someone", password="hunter2-pass") as smsc:
        await smsc.send(PHONE, "hi")
    (request,) = rec.requests
    assert "hunter2-pass" not in str(request.url)
    assert "someone" not in str(request.url)
    assert all("hunter2-pass" not in value for value in request.headers.values())
    assert rec.form["login"] == "someone"
    assert rec.form["psw"] == "hunter2-pass"


async def test_apikey_goes_in_the_body_without_login_or_psw(recorder):
    rec = recorder(BALANCE_OK)
    async with AsyncSMSC(apikey="KEY-42", transport=rec.transport) as smsc:
        await smsc.balance()
    (request,) = rec.requests
    assert "KEY-42" not in str(request.url)
    assert rec.form["apikey"] == "KEY-42"
    assert "login" not in rec.form
    assert "psw" not in rec.form


async def test_text_is_sent_as_utf8(recorder):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(PHONE, "Привет & до свидания = 100%")
    assert rec.form_of(rec.requests[0])["mes"] == "Привет & до свидания = 100%"
    assert "%D0%9F%D1%80" in rec.requests[0].content.decode("ascii")


# --- send -----------------------------------------------------------------------------------


async def test_send_generates_a_32_hex_client_id_and_returns_it(recorder):
    rec = recorder('{"cnt": 1}', '{"cnt": 1}')
    async with make(rec) as smsc:
        first = await smsc.send(PHONE, "hi")
        second = await smsc.send(PHONE, "hi again")
    ids = [rec.form_of(request)["id"] for request in rec.requests]
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids)
    assert ids[0] != ids[1]
    assert [first.id, second.id] == ids
    assert first == SendResult(id=ids[0], cnt=1)


@pytest.mark.parametrize(("given", "wire"), [("order-17.a_b", "order-17.a_b"), (12345, "12345")])
async def test_send_uses_the_given_id_even_if_the_reply_lacks_it(recorder, given, wire):
    rec = recorder('{"cnt": 2}')
    async with make(rec) as smsc:
        result = await smsc.send(PHONE, "hi", id=given)
    assert rec.form["id"] == wire
    assert result.id == wire
    assert result.cnt == 2


async def test_send_with_list_carries_an_id_too(recorder):
    rec = recorder('{"cnt": 2}')
    async with make(rec) as smsc:
        result = await smsc.send(list={PHONE: "a"})
    assert re.fullmatch(r"[0-9a-f]{32}", rec.form["id"])
    assert result.id == rec.form["id"]


async def test_send_minimal_parameters(recorder):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        result = await smsc.send(PHONE, "hello")
    assert set(rec.form) == {"login", "psw", "phones", "mes", "id", "fmt", "charset"}
    assert rec.form["phones"] == PHONE
    assert rec.form["mes"] == "hello"
    assert result.id == "33"


@pytest.mark.parametrize(
    ("phones", "wire"),
    [
        ([PHONE, PHONE2], f"{PHONE},{PHONE2}"),
        ((PHONE, " +79991234569 "), f"{PHONE},+79991234569"),
        (f"{PHONE};{PHONE2}", f"{PHONE},{PHONE2}"),
        (f"{PHONE}, {PHONE2},", f"{PHONE},{PHONE2}"),
        ("G42", "G42"),
    ],
)
async def test_send_phones_are_joined_with_commas(recorder, phones, wire):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(phones, "hi")
    assert rec.form["phones"] == wire


@pytest.mark.parametrize(
    "entries",
    [
        {PHONE: "Your code: 123", PHONE2: "Your code, 456"},
        [(PHONE, "Your code: 123"), (PHONE2, "Your code, 456")],
    ],
)
async def test_send_list_is_phone_colon_text_lines(recorder, entries):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(list=entries)
    assert rec.form["list"] == f"{PHONE}:Your code: 123\n{PHONE2}:Your code, 456"
    assert "phones" not in rec.form
    assert "mes" not in rec.form


async def test_send_comment_is_appended_after_a_tilde_line(recorder):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(PHONE, "hello", comment="campaign 7")
    assert rec.form["mes"] == "hello\n~~~\ncampaign 7"
    assert "comment" not in rec.form


@pytest.mark.parametrize(
    ("when", "wire"),
    [
        (dt.datetime(2030, 1, 2, 3, 4, tzinfo=dt.timezone.utc), "0201300604"),
        (
            dt.datetime(2030, 12, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))),
            "3112302330",
        ),
        (
            dt.datetime(2030, 12, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            "0101310730",
        ),
        (
            dt.datetime(2030, 6, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
            "0106300930",
        ),
    ],
)
async def test_send_aware_datetime_is_moscow_ddmmyyhhmm_with_tz_0(recorder, when, wire):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(PHONE, "hi", time=when)
    assert rec.form["time"] == wire
    assert rec.form["tz"] == "0"


@pytest.mark.parametrize(
    ("delta", "wire"),
    [
        (dt.timedelta(minutes=90), "+90"),
        (dt.timedelta(minutes=1), "+1"),
        (dt.timedelta(seconds=61), "+2"),  # rounded up: never earlier than asked
        (dt.timedelta(days=1), "+1440"),
    ],
)
async def test_send_timedelta_time_is_plus_minutes(recorder, delta, wire):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(PHONE, "hi", time=delta)
    assert rec.form["time"] == wire
    assert "tz" not in rec.form


async def test_send_string_time_and_tz_are_passed_as_written(recorder):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(PHONE, "hi", time="10-12", tz=-2)
    assert rec.form["time"] == "10-12"
    assert rec.form["tz"] == "-2"


@pytest.mark.parametrize(
    ("valid", "wire"),
    [
        (5, "5"),
        (24, "24"),
        (dt.timedelta(hours=1, minutes=30), "01:30"),
        (dt.timedelta(minutes=1), "00:01"),
        (dt.timedelta(hours=24), "24:00"),
    ],
)
async def test_send_valid(recorder, valid, wire):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(PHONE, "hi", valid=valid)
    assert rec.form["valid"] == wire


async def test_send_switches_are_written_as_1(recorder):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(
            PHONE, "hi", flash=True, tinyurl=True, op=True, err=True, maxsms=3, sender="Shop"
        )
    form = rec.form
    assert (form["flash"], form["tinyurl"], form["op"], form["err"]) == ("1", "1", "1", "1")
    assert form["maxsms"] == "3"
    assert form["sender"] == "Shop"


async def test_send_switches_off_are_not_sent(recorder):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(PHONE, "hi", flash=False, tinyurl=False, op=False, err=False)
    for name in ("flash", "tinyurl", "op", "err", "cost", "translit", "time", "tz", "valid"):
        assert name not in rec.form


@pytest.mark.parametrize(
    ("cost", "wire"), [(CostMode.WITH_COST, "2"), (CostMode.WITH_BALANCE, "3"), (2, "2"), (3, "3")]
)
async def test_send_cost_modes(recorder, cost, wire):
    rec = recorder('{"id": 7, "cnt": 1, "cost": "1.50", "balance": "98.50"}')
    async with make(rec) as smsc:
        result = await smsc.send(PHONE, "hi", cost=cost)
    assert rec.form["cost"] == wire
    assert result.cost == Decimal("1.50")
    assert result.balance == Decimal("98.50")


@pytest.mark.parametrize(
    ("translit", "wire"),
    [(Translit.LATIN, "1"), (Translit.LOOKALIKE, "2"), (True, "1"), (0, "0"), (2, "2")],
)
async def test_send_translit(recorder, translit, wire):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(PHONE, "привет", translit=translit)
    assert rec.form["translit"] == wire


async def test_send_extra_params_are_passed_as_written(recorder):
    rec = recorder(SEND_OK)
    async with make(rec) as smsc:
        await smsc.send(PHONE, "hi", params={"userip": "10.0.0.1", "pp": 77})
    assert rec.form["userip"] == "10.0.0.1"
    assert rec.form["pp"] == "77"


# --- cost, status, delete, balance -----------------------------------------------------------


async def test_cost_sends_cost_1_and_no_id(recorder):
    rec = recorder(COST_OK)
    async with make(rec) as smsc:
        result = await smsc.cost([PHONE, PHONE2], "hi", translit=True)
    assert rec.requests[0].url.path == "/sys/send.php"
    assert rec.form["cost"] == "1"
    assert "id" not in rec.form
    assert rec.form["phones"] == f"{PHONE},{PHONE2}"
    assert rec.form["translit"] == "1"
    assert result == CostResult(cost=Decimal("1.50"), cnt=2)


async def test_cost_with_list(recorder):
    rec = recorder(COST_OK)
    async with make(rec) as smsc:
        await smsc.cost(list=[(PHONE, "a"), (PHONE2, "b")])
    assert rec.form["list"] == f"{PHONE}:a\n{PHONE2}:b"
    assert rec.form["cost"] == "1"


async def test_status_single(recorder):
    rec = recorder(STATUS_OK)
    async with make(rec) as smsc:
        report = await smsc.status(PHONE, 55)
    assert rec.requests[0].url.path == "/sys/status.php"
    assert rec.form["phone"] == PHONE
    assert rec.form["id"] == "55"
    assert "all" not in rec.form
    assert "del" not in rec.form
    assert isinstance(report, StatusReport)
    assert report.id == "55"
    assert report.phone == PHONE
    assert report.status == 1


async def test_status_multi(recorder):
    reply = json.dumps(
        [
            {"status": 0, "id": "abc", "phone": PHONE2},
            {"status": 1, "id": "55", "phone": PHONE},
        ]
    )
    rec = recorder(reply)
    async with make(rec) as smsc:
        reports = await smsc.status([(PHONE, 55), (PHONE2, "abc")])
    assert rec.form["phone"] == f"{PHONE},{PHONE2}"
    assert rec.form["id"] == "55,abc"
    assert [(r.id, r.phone, int(r.status)) for r in reports] == [
        ("55", PHONE, 1),
        ("abc", PHONE2, 0),
    ]


async def test_status_single_pair_in_a_list_uses_trailing_commas(recorder):
    rec = recorder(json.dumps([{"status": 1, "id": "55", "phone": PHONE}]))
    async with make(rec) as smsc:
        reports = await smsc.status([(PHONE, 55)])
    assert rec.form["phone"] == f"{PHONE},"
    assert rec.form["id"] == "55,"
    assert isinstance(reports, list)
    assert [r.id for r in reports] == ["55"]


@pytest.mark.parametrize("all_", [1, 2])
async def test_status_all(recorder, all_):
    rec = recorder(
        json.dumps({"status": 1, "last_timestamp": 1476794052, "err": 0, "phone": PHONE})
    )
    async with make(rec) as smsc:
        await smsc.status(PHONE, 55, all=all_)
    assert rec.form["all"] == str(all_)


async def test_delete_sends_del_1(recorder):
    rec = recorder(DELETE_OK)
    async with make(rec) as smsc:
        assert await smsc.delete(PHONE, "abc") is None
    assert rec.requests[0].url.path == "/sys/status.php"
    assert rec.form["del"] == "1"
    assert rec.form["phone"] == PHONE
    assert rec.form["id"] == "abc"


async def test_balance_without_and_with_cur(recorder):
    rec = recorder(BALANCE_OK, '{"balance": "10.00", "credit": "5.00", "currency": "RUB"}')
    async with make(rec) as smsc:
        plain = await smsc.balance()
        full = await smsc.balance(cur=True)
    assert "cur" not in rec.form_of(rec.requests[0])
    assert rec.form_of(rec.requests[1])["cur"] == "1"
    assert plain == Balance(balance=Decimal("1871.62"))
    assert full == Balance(balance=Decimal("10.00"), credit=Decimal("5.00"), currency="RUB")


# --- error mapping --------------------------------------------------------------------------

SEND_ERRORS = [
    (1, ParameterError),
    (2, AuthenticationError),
    (3, InsufficientFundsError),
    (4, IPBlockedError),
    (5, InvalidTimeError),
    (6, MessageDeniedError),
    (7, InvalidPhoneError),
    (8, UndeliverableError),
    (9, RateLimitedError),
]


@pytest.mark.parametrize(("code", "cls"), SEND_ERRORS)
async def test_send_error_codes_map_to_subclasses(recorder, code, cls):
    rec = recorder(json.dumps({"error": "refused", "error_code": code}))
    async with make(rec) as smsc:
        with pytest.raises(cls) as info:
            await smsc.send(PHONE, "hi")
    error = info.value
    assert type(error) is cls
    assert isinstance(error, APIError)
    assert error.code == code
    assert error.text == "refused"
    assert error.operation == "send"
    assert error.retryable is (code in (4, 9))


@pytest.mark.parametrize(
    ("body", "fmt"),
    [("0,-2", 1), ("ERROR = 2 (authorise error)", 0), ('{"error_code": 2}', 3), ("0,-2", 3)],
)
async def test_error_envelopes_of_every_fmt_are_recognised(recorder, body, fmt):
    rec = recorder(body)
    async with make(rec) as smsc:
        with pytest.raises(AuthenticationError) as info:
            await smsc.balance(fmt=fmt)
    assert info.value.code == 2


async def test_delete_failure_code_5_is_delete_failed(recorder):
    rec = recorder('{"error": "cannot delete", "error_code": 5}')
    async with make(rec) as smsc:
        with pytest.raises(DeleteFailedError) as info:
            await smsc.delete(PHONE, 55)
    assert type(info.value) is DeleteFailedError
    assert not isinstance(info.value, InvalidTimeError)
    assert info.value.code == 5
    assert info.value.operation == "delete"


@pytest.mark.parametrize(
    ("code", "cls"),
    [(1, ParameterError), (2, AuthenticationError), (4, IPBlockedError), (9, RateLimitedError)],
)
async def test_common_codes_on_status_and_balance(recorder, code, cls, slept):
    rec = recorder(json.dumps({"error": "x", "error_code": code}))
    async with make(rec) as smsc:
        with pytest.raises(cls):
            await smsc.status(PHONE, 1)
        with pytest.raises(cls):
            await smsc.balance()
    if cls.retryable:  # 4 and 9 hold the next request back for the penalty (not waited)
        assert len(slept) == 1
        assert RetryPolicy().penalty / 2 < slept[0] <= RetryPolicy().penalty
    else:
        assert slept == []


async def test_unknown_code_is_a_plain_api_error(recorder):
    rec = recorder('{"error": "something new", "error_code": 15}')
    async with make(rec) as smsc:
        with pytest.raises(APIError) as info:
            await smsc.send(PHONE, "hi")
    assert type(info.value) is APIError
    assert info.value.code == 15
    assert info.value.text == "something new"
    assert "15" in str(info.value)


async def test_error_carries_the_message_id(recorder):
    rec = recorder('{"error": "no money", "error_code": 3, "id": 55}')
    async with make(rec) as smsc:
        with pytest.raises(InsufficientFundsError) as info:
            await smsc.send(PHONE, "hi", id=55)
    assert info.value.id == "55"
    assert info.value.text == "no money"
    assert "55" in str(info.value)


@pytest.mark.parametrize("status", [500, 502, 404, 302])
async def test_non_200_status_is_http_status_error(recorder, status):
    rec = recorder(httpx.Response(status, text="<html>oops</html>"))
    async with make(rec) as smsc:
        with pytest.raises(HTTPStatusError) as info:
            await smsc.send(PHONE, "hi")
    assert info.value.status_code == status
    assert info.value.raw == b"<html>oops</html>"
    assert info.value.possibly_delivered is True
    assert isinstance(info.value, aiosmsc.TransportError)
    assert len(rec.requests) == 1  # not retried, not followed


def raising(exc_type: type[httpx.TransportError]):
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_type("simulated failure", request=request)

    return handler


@pytest.mark.parametrize(
    ("httpx_error", "expected", "possibly_delivered"),
    [
        (httpx.ConnectError, aiosmsc.ConnectError, False),
        (httpx.ConnectTimeout, aiosmsc.ConnectTimeout, False),
        (httpx.PoolTimeout, aiosmsc.PoolTimeout, False),
        (httpx.WriteTimeout, aiosmsc.WriteTimeout, True),
        (httpx.ReadTimeout, aiosmsc.ReadTimeout, True),
        (httpx.RemoteProtocolError, NetworkError, True),
        (httpx.ReadError, NetworkError, True),
    ],
)
async def test_transport_failures_are_translated(
    recorder, httpx_error, expected, possibly_delivered
):
    rec = recorder(raising(httpx_error))
    async with make(rec) as smsc:
        with pytest.raises(aiosmsc.TransportError) as info:
            await smsc.send(PHONE, "hi")
    error = info.value
    assert type(error) is expected
    assert error.possibly_delivered is possibly_delivered
    # not chained: the httpx exception holds the request, and the request the credentials
    assert error.__cause__ is None and error.__context__ is None
    assert error.host == "smsc.ru"
    assert "smsc.ru" in str(error)
    assert not isinstance(error, httpx.HTTPError)


async def test_timeouts_share_a_base_class(recorder):
    rec = recorder(raising(httpx.ReadTimeout))
    async with make(rec) as smsc:
        with pytest.raises(aiosmsc.TimeoutError):
            await smsc.balance()


async def test_a_failed_call_leaves_the_client_usable(recorder):
    rec = recorder(raising(httpx.ConnectError), BALANCE_OK)
    async with make(rec) as smsc:
        with pytest.raises(aiosmsc.ConnectError):
            await smsc.balance()
        assert (await smsc.balance()).balance == Decimal("1871.62")
    assert len(rec.requests) == 2


async def test_injected_transport_is_not_closed_by_us(recorder):
    rec = recorder()
    async with AsyncSMSC(
        login="demo", password="pw", host="http://smsc.test", transport=rec.transport
    ) as smsc:
        await smsc.balance()
    assert rec.closed == 0
    # The caller can still use it with another client.
    async with AsyncSMSC(
        login="demo", password="pw", host="http://smsc.test", transport=rec.transport
    ) as smsc:
        await smsc.balance()
    assert len(rec.requests) == 2
