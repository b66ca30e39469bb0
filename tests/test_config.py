"""Client configuration: credentials and host from arguments or the environment, and the
checks on fmt, max_concurrency and host."""

from __future__ import annotations

import hashlib

import pytest

from aiosmsc import AsyncSMSC, ConfigurationError
from aiosmsc.config import REGIONAL_HOSTS, Credentials

pytestmark = pytest.mark.usefixtures("clean_env")

BALANCE_OK = '{"balance": "1.00"}'
MD5 = hashlib.md5(b"secret").hexdigest()


async def balance_form(rec, **kwargs) -> dict[str, str]:
    """Build a client with ``kwargs``, ask for the balance, return the request body."""
    async with AsyncSMSC(transport=rec.transport, **kwargs) as smsc:
        await smsc.balance()
    return rec.form


# --- credentials from the environment -------------------------------------------------------


async def test_login_and_password_from_env(recorder, monkeypatch):
    monkeypatch.setenv("SMSC_LOGIN", "env-user")
    monkeypatch.setenv("SMSC_PASSWORD", "env-pass")
    form = await balance_form(recorder(BALANCE_OK))
    assert form["login"] == "env-user"
    assert form["psw"] == "env-pass"
    assert "apikey" not in form


async def test_apikey_from_env(recorder, monkeypatch):
    monkeypatch.setenv("SMSC_APIKEY", "env-key")
    form = await balance_form(recorder(BALANCE_OK))
    assert form["apikey"] == "env-key"
    assert "login" not in form
    assert "psw" not in form


async def test_explicit_login_and_password_win_over_env(recorder, monkeypatch):
    monkeypatch.setenv("SMSC_LOGIN", "env-user")
    monkeypatch.setenv("SMSC_PASSWORD", "env-pass")
    monkeypatch.setenv("SMSC_APIKEY", "env-key")
    form = await balance_form(recorder(BALANCE_OK), login="arg-user", password="arg-pass")
    assert (form["login"], form["psw"]) == ("arg-user", "arg-pass")
    assert "apikey" not in form


async def test_explicit_apikey_wins_over_env_login(recorder, monkeypatch):
    monkeypatch.setenv("SMSC_LOGIN", "env-user")
    monkeypatch.setenv("SMSC_PASSWORD", "env-pass")
    form = await balance_form(recorder(BALANCE_OK), apikey="arg-key")
    assert form["apikey"] == "arg-key"
    assert "login" not in form
    assert "psw" not in form


async def test_explicit_login_and_password_win_over_env_apikey(recorder, monkeypatch):
    monkeypatch.setenv("SMSC_APIKEY", "env-key")
    form = await balance_form(recorder(BALANCE_OK), login="arg-user", password="arg-pass")
    assert (form["login"], form["psw"]) == ("arg-user", "arg-pass")
    assert "apikey" not in form


@pytest.mark.parametrize("login", ["env-user", None])
def test_password_and_apikey_both_in_env_are_refused_as_contradictory(recorder, monkeypatch, login):
    if login is not None:
        monkeypatch.setenv("SMSC_LOGIN", login)
    monkeypatch.setenv("SMSC_PASSWORD", "env-pass")
    monkeypatch.setenv("SMSC_APIKEY", "env-key")
    rec = recorder(BALANCE_OK)
    with pytest.raises(ConfigurationError, match="contradictory") as info:
        AsyncSMSC(transport=rec.transport)
    message = str(info.value)
    assert "SMSC_APIKEY" in message and "SMSC_PASSWORD" in message
    assert "env-pass" not in message and "env-key" not in message
    assert rec.requests == []


def test_a_login_beside_an_env_apikey_is_not_a_contradiction():
    env = {"SMSC_LOGIN": "env-user", "SMSC_APIKEY": "env-key"}  # no password to doubt
    none = dict.fromkeys(("login", "password", "password_md5", "apikey"))
    assert Credentials.resolve(**none, environ=env).params() == {"apikey": "env-key"}


async def test_password_md5_is_sent_as_psw(recorder):
    form = await balance_form(recorder(BALANCE_OK), login="u", password_md5=MD5)
    assert form["psw"] == MD5
    assert form["login"] == "u"


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"SMSC_LOGIN": "env-user"},  # no password
        {"SMSC_PASSWORD": "env-pass"},  # no login
        {"SMSC_LOGIN": "", "SMSC_PASSWORD": "", "SMSC_APIKEY": ""},
        {"SMSC_HOST": "smsc.kz"},
    ],
)
def test_missing_credentials_are_a_clear_configuration_error(recorder, monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    rec = recorder(BALANCE_OK)
    with pytest.raises(ConfigurationError) as info:
        AsyncSMSC(transport=rec.transport)
    message = str(info.value)
    assert "password" in message
    assert rec.requests == []


def test_no_credentials_message_names_the_options(recorder):
    with pytest.raises(ConfigurationError) as info:
        AsyncSMSC(transport=recorder().transport)
    message = str(info.value)
    for word in ("login", "password", "apikey", "SMSC_LOGIN", "SMSC_PASSWORD", "SMSC_APIKEY"):
        assert word in message


def test_configuration_error_is_a_value_error():
    with pytest.raises(ValueError):
        AsyncSMSC()


def test_login_without_password_is_refused(recorder):
    rec = recorder()
    with pytest.raises(ConfigurationError, match="without password"):
        AsyncSMSC(login="someone", transport=rec.transport)
    assert rec.requests == []


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"login": "u", "password": "p", "password_md5": MD5}, "not both"),
        ({"password": "p", "password_md5": MD5}, "not both"),
        ({"login": "u", "password": "p", "apikey": "k"}, "not both"),
        ({"login": "u", "password_md5": MD5, "apikey": "k"}, "not both"),
        ({"login": "u", "password_md5": MD5.upper()}, "password_md5"),
        ({"login": "u", "password_md5": MD5[:-1]}, "password_md5"),
        ({"login": "u", "password_md5": MD5 + "0"}, "password_md5"),
        ({"login": "u", "password_md5": "z" * 32}, "password_md5"),
        ({"login": "u", "password": ""}, "password"),
        ({"login": "", "password": "p"}, "login"),
        ({"apikey": ""}, "apikey|credentials"),
    ],
)
def test_bad_credential_combinations(recorder, kwargs, match):
    rec = recorder()
    with pytest.raises(ConfigurationError, match=match):
        AsyncSMSC(transport=rec.transport, **kwargs)
    assert rec.requests == []


def test_conflicting_explicit_args_are_refused_even_with_env(recorder, monkeypatch):
    monkeypatch.setenv("SMSC_LOGIN", "env-user")
    monkeypatch.setenv("SMSC_PASSWORD", "env-pass")
    with pytest.raises(ConfigurationError):
        AsyncSMSC(apikey="k", password="p", transport=recorder().transport)


# --- host -----------------------------------------------------------------------------------


async def test_default_host_is_smsc_ru(recorder):
    rec = recorder(BALANCE_OK)
    async with AsyncSMSC(login="u", password="p", transport=rec.transport) as smsc:
        assert smsc.base_url == "https://smsc.ru"
        await smsc.balance()
    assert str(rec.requests[0].url) == "https://smsc.ru/sys/balance.php"


@pytest.mark.parametrize("host", REGIONAL_HOSTS)
async def test_regional_hosts_become_https_urls(recorder, host):
    rec = recorder(BALANCE_OK)
    async with AsyncSMSC(login="u", password="p", host=host, transport=rec.transport) as smsc:
        assert smsc.base_url == f"https://{host}"
        await smsc.balance()
    assert str(rec.requests[0].url) == f"https://{host}/sys/balance.php"


@pytest.mark.parametrize(
    ("host", "base"),
    [
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("http://127.0.0.1:8765/", "http://127.0.0.1:8765"),
        ("https://proxy.example.com/smsc", "https://proxy.example.com/smsc"),
        ("localhost:8765", "https://localhost:8765"),
    ],
)
async def test_full_urls_are_used_as_given(recorder, host, base):
    rec = recorder(BALANCE_OK)
    async with AsyncSMSC(login="u", password="p", host=host, transport=rec.transport) as smsc:
        assert smsc.base_url == base
        await smsc.balance()
    assert str(rec.requests[0].url) == f"{base}/sys/balance.php"


async def test_host_from_env(recorder, monkeypatch):
    monkeypatch.setenv("SMSC_HOST", "http://127.0.0.1:8765")
    rec = recorder(BALANCE_OK)
    async with AsyncSMSC(login="u", password="p", transport=rec.transport) as smsc:
        await smsc.balance()
    assert str(rec.requests[0].url) == "http://127.0.0.1:8765/sys/balance.php"


async def test_explicit_host_wins_over_env(recorder, monkeypatch):
    monkeypatch.setenv("SMSC_HOST", "smsc.kz")
    rec = recorder(BALANCE_OK)
    async with AsyncSMSC(login="u", password="p", host="smsc.ua", transport=rec.transport) as c:
        assert c.base_url == "https://smsc.ua"


@pytest.mark.parametrize(
    "host",
    [
        "ftp://smsc.ru",
        "http://",
        "https://",
        "smsc ru",
        "smsc.ru/sys",
        "smsc_ru!",
        "smsc.ru:port",
        "http://user:pass@smsc.ru",
        "https://smsc.ru/?login=x",
        "smsc.ru?x=1",
    ],
)
def test_bad_host_is_refused(recorder, host):
    rec = recorder()
    with pytest.raises(ConfigurationError):
        AsyncSMSC(login="u", password="p", host=host, transport=rec.transport)
    assert rec.requests == []


def test_bad_host_from_env_is_refused(recorder, monkeypatch):
    monkeypatch.setenv("SMSC_HOST", "ftp://smsc.ru")
    with pytest.raises(ConfigurationError):
        AsyncSMSC(login="u", password="p", transport=recorder().transport)


# --- fmt and max_concurrency ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", [0, 1, 2, 3])
def test_fmt_accepted(recorder, fmt):
    assert AsyncSMSC(login="u", password="p", fmt=fmt, transport=recorder().transport).fmt == fmt


@pytest.mark.parametrize("fmt", [4, -1, True, False, "3", None, 3.0])
def test_bad_client_fmt_is_refused(recorder, fmt):
    with pytest.raises(ConfigurationError, match="fmt"):
        AsyncSMSC(login="u", password="p", fmt=fmt, transport=recorder().transport)


@pytest.mark.parametrize("fmt", [4, -1, True, "3", 3.0])
async def test_bad_per_call_fmt_is_refused_and_nothing_sent(recorder, fmt):
    rec = recorder(BALANCE_OK)
    async with AsyncSMSC(login="u", password="p", transport=rec.transport) as smsc:
        with pytest.raises(ConfigurationError, match="fmt"):
            await smsc.balance(fmt=fmt)
        with pytest.raises(ConfigurationError, match="fmt"):
            await smsc.send("79991234567", "hi", fmt=fmt)
    assert rec.requests == []


@pytest.mark.parametrize("value", [1, 4, 100])
def test_max_concurrency_accepted(recorder, value):
    AsyncSMSC(login="u", password="p", max_concurrency=value, transport=recorder().transport)


@pytest.mark.parametrize("value", [0, -1, True, False, 1.5, "4", None])
def test_bad_max_concurrency_is_refused(recorder, value):
    with pytest.raises(ConfigurationError, match="max_concurrency"):
        AsyncSMSC(login="u", password="p", max_concurrency=value, transport=recorder().transport)


@pytest.mark.parametrize("timeout", [0, -1, 0.0])
def test_bad_timeout_is_refused(recorder, timeout):
    with pytest.raises(ConfigurationError, match="timeout"):
        AsyncSMSC(login="u", password="p", timeout=timeout, transport=recorder().transport)


# --- numeric settings (issue 12, point 10): refused at construction, by name ---------------

BAD_SETTINGS = [
    ({"rate_limit": 1e-320}, "rate_limit"),  # interval 1e320 s: no limit at all
    ({"rate_limit": 10**400}, "rate_limit"),  # OverflowError when made a float
    ({"rate_limit": 0}, "rate_limit"),
    ({"rate_limit": -5}, "rate_limit"),
    ({"rate_limit": float("nan")}, "rate_limit"),
    ({"rate_limit": float("inf")}, "rate_limit"),
    ({"rate_limit": "10"}, "rate_limit"),
    ({"rate_limit": True}, "rate_limit"),
    ({"failover_cooldown": "x"}, "failover_cooldown"),  # was a TypeError on first failure
    ({"failover_cooldown": -1}, "failover_cooldown"),  # failover silently off
    ({"failover_cooldown": 0}, "failover_cooldown"),
    ({"failover_cooldown": float("nan")}, "failover_cooldown"),
    ({"failover_cooldown": 10**400}, "failover_cooldown"),
    ({"failover_cooldown": None}, "failover_cooldown"),
    ({"burst": 0}, "burst"),  # accepted without a rate
    ({"burst": 0, "rate_limit": 5}, "burst"),
    ({"burst": 2.5, "rate_limit": 5}, "burst"),
    ({"burst": 5}, "burst"),  # without rate_limit it would do nothing
    ({"max_concurrency": 10**6}, "max_concurrency"),
    ({"timeout": 10**400}, "timeout"),  # OverflowError escaped Timeouts.coerce
    ({"timeout": "x"}, "timeout"),
    ({"timeout": float("inf")}, "timeout"),
]


@pytest.mark.parametrize(("kwargs", "name"), BAD_SETTINGS)
def test_bad_numeric_settings_are_refused_by_name(recorder, kwargs, name):
    with pytest.raises(ConfigurationError, match=name):
        AsyncSMSC(login="u", password="p", transport=recorder().transport, **kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rate_limit": 1 / 86400},
        {"rate_limit": 1_000_000},
        {"rate_limit": 2, "burst": 5},
        {"burst": 1},
        {"failover_cooldown": 0.5},
        {"failover_cooldown": 86400},
        {"timeout": 0.5},
        {"max_concurrency": 1000},
    ],
)
async def test_numeric_settings_at_their_bounds_are_accepted(recorder, kwargs):
    rec = recorder(BALANCE_OK)
    async with AsyncSMSC(login="u", password="p", transport=rec.transport, **kwargs) as smsc:
        assert (await smsc.balance()).balance == 1
