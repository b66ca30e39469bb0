"""Client configuration: credentials and the service's address."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

import attrs

from .errors import ConfigurationError

__all__ = ["REGIONAL_HOSTS", "Credentials", "base_url_for", "default_hosts"]

#: The service's regional fronts; all serve the same API under ``/sys/``.
REGIONAL_HOSTS = ("smsc.ru", "smscentre.com", "smsc.kz", "smsc.ua", "smsc.tj", "smsc.uz")

_MD5_HEX = re.compile(r"[0-9a-f]{32}")
_HOSTNAME = re.compile(r"[A-Za-z0-9.-]+(:\d+)?")


@attrs.frozen(slots=True, repr=False)
class Credentials:
    """Login with a password (or its MD5), or an API key. Never shown in a ``repr``."""

    login: str | None
    _secret: str = attrs.field(alias="secret")
    kind: str  # "password", "password_md5" or "apikey"

    @classmethod
    def resolve(
        cls,
        *,
        login: str | None,
        password: str | None,
        password_md5: str | None,
        apikey: str | None,
        environ: Mapping[str, str] | None = None,
    ) -> Credentials:
        """Credentials from the arguments, else from ``SMSC_LOGIN``/``SMSC_PASSWORD``/
        ``SMSC_APIKEY``; a clear :class:`ConfigurationError` when none are complete, or
        when both a password and an API key are given (in arguments or environment)."""
        env = os.environ if environ is None else environ
        if password is not None and password_md5 is not None:
            raise ConfigurationError("give password or password_md5, not both")
        if apikey is not None and (password is not None or password_md5 is not None):
            raise ConfigurationError("give apikey or login and password, not both")
        explicit = any(v is not None for v in (login, password, password_md5, apikey))
        if not explicit:
            login = env.get("SMSC_LOGIN") or None
            password = env.get("SMSC_PASSWORD") or None
            apikey = env.get("SMSC_APIKEY") or None
            if apikey is not None and password is not None:
                # Which one was meant is a guess either way: refuse, as for arguments.
                raise ConfigurationError(
                    "contradictory credentials in the environment: SMSC_APIKEY and"
                    " SMSC_LOGIN/SMSC_PASSWORD are both set; unset one of them (or pass"
                    " login= and password=, or apikey=, which win over the environment)"
                )
        if apikey is not None and password is None and password_md5 is None:
            _check_text("apikey", apikey)
            return cls(None, secret=apikey, kind="apikey")
        if login is None:
            raise ConfigurationError(
                "no credentials: pass login= and password= (or password_md5=), or apikey=,"
                " or set SMSC_LOGIN and SMSC_PASSWORD, or SMSC_APIKEY"
            )
        _check_text("login", login)
        if password_md5 is not None:
            if not _MD5_HEX.fullmatch(password_md5):
                raise ConfigurationError("password_md5 must be 32 lower-case hex digits")
            return cls(login, secret=password_md5, kind="password_md5")
        if password is None:
            raise ConfigurationError(f"login {login!r} given without password or password_md5")
        _check_text("password", password)
        return cls(login, secret=password, kind="password")

    def params(self) -> dict[str, str]:
        """The authentication parameters of a request."""
        if self.kind == "apikey":
            return {"apikey": self._secret}
        assert self.login is not None
        return {"login": self.login, "psw": self._secret}

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in logs or messages (for redaction)."""
        return (self._secret,)

    def __repr__(self) -> str:
        return f"Credentials(login={self.login!r}, {self.kind}=***)"


def _check_text(name: str, value: object) -> None:
    if not isinstance(value, str) or not value:
        raise ConfigurationError(f"{name} must be a non-empty string")


def base_url_for(host: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The base URL for ``host``: a regional front (``"smsc.kz"``) becomes
    ``https://smsc.kz``; a full URL (``"http://127.0.0.1:8765"``) is used as given.
    Defaults to ``SMSC_HOST``, then ``smsc.ru``."""
    env = os.environ if environ is None else environ
    chosen = host or env.get("SMSC_HOST") or "smsc.ru"
    chosen = chosen.strip().rstrip("/")
    if "://" in chosen:
        scheme, _, rest = chosen.partition("://")
        if scheme not in ("http", "https") or not rest or "@" in rest or "?" in rest:
            raise ConfigurationError(
                f"host URL must be http(s)://host[:port][/path]: {_shown(chosen)!r}"
            )
        return chosen
    if not _HOSTNAME.fullmatch(chosen):
        raise ConfigurationError(f"not a host name or URL: {_shown(chosen)!r}")
    return f"https://{chosen}"


def _shown(url: str) -> str:
    """``url`` for an error message: what could be credentials (``user:pass@``, a
    query) masked."""
    scheme, separator, rest = url.rpartition("://")
    _, at, rest = rest.rpartition("@")
    rest, question, _ = rest.partition("?")
    return f"{scheme}{separator}{'***@' if at else ''}{rest}{'?***' if question else ''}"


#: Backup hosts per front: www2 is in the documentation, www3-www5 are what the official
#: libraries try after it (REFERENCE §1.1). Other fronts document no backups.
_BACKUPS = {
    "smsc.ru": ("www2.smsc.ru", "www3.smsc.ru", "www4.smsc.ru", "www5.smsc.ru"),
    "smscentre.com": ("www2.smscentre.com",),
}


def default_hosts(base_url: str) -> list[str]:
    """``base_url`` followed by its front's documented backup hosts."""
    scheme, _, rest = base_url.partition("://")
    return [base_url, *(f"{scheme}://{backup}" for backup in _BACKUPS.get(rest, ()))]
