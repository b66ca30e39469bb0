"""What the ``aiosmsc`` commands share: the connection and output settings, the exit
codes (see :mod:`aiosmsc.cli`), running one client call, printing its result.

The client and the output module are imported when a command uses them, not when the
command line starts: ``--help``, ``--version``, a usage error and shell completion need
neither, and every module of the command line imports this one."""

from __future__ import annotations

import functools
import os
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import attrs
import click

from ..config import base_url_for
from ..errors import (
    APIError,
    ConfigurationError,
    DecodeError,
    DeliveryUnknownError,
    SMSCError,
    TransportError,
)

if TYPE_CHECKING:
    from ..client import AsyncSMSC

__all__ = [
    "EXIT_API",
    "EXIT_OK",
    "EXIT_TRANSPORT",
    "EXIT_USAGE",
    "Settings",
    "client_command",
    "exit_code",
    "fail",
    "run",
]

EXIT_OK, EXIT_API, EXIT_USAGE, EXIT_TRANSPORT = 0, 1, 2, 3

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


@attrs.frozen(repr=False)
class Settings:
    """Connection and output options shared by the commands (secrets never shown)."""

    login: str | None = None
    password: str | None = None
    apikey: str | None = None
    host: str | None = None
    output: str = "table"

    def __repr__(self) -> str:
        return f"Settings(login={self.login!r}, host={self.host!r}, output={self.output!r})"

    def client(self, **options: Any) -> AsyncSMSC:
        """A client from the flags, each completed from the environment: ``--password``
        alone takes the login from ``SMSC_LOGIN``; ``--apikey`` ignores the login.

        Missing or contradictory credentials raise :class:`ConfigurationError` worded
        for the command line (``--login``/``SMSC_LOGIN``, not ``login=``). ``options``
        are more ``AsyncSMSC`` keywords (a command's own settings)."""
        from ..client import AsyncSMSC

        env = os.environ
        try:
            base_url_for(self.host)
        except ConfigurationError as error:
            raise ConfigurationError(f"--host (or SMSC_HOST): {error}") from None
        login = self.login or env.get("SMSC_LOGIN") or None
        if self.apikey is not None:
            if self.password is not None:
                raise ConfigurationError("give --apikey or --login and --password, not both")
            return AsyncSMSC(apikey=self.apikey, host=self.host, **options)
        if self.login is not None or self.password is not None:
            password = self.password or env.get("SMSC_PASSWORD") or None
        else:
            password = env.get("SMSC_PASSWORD") or None
            apikey = env.get("SMSC_APIKEY") or None
            if apikey is not None and password is not None:
                raise ConfigurationError(
                    "contradictory credentials: SMSC_APIKEY and SMSC_PASSWORD are both set;"
                    " unset one (or choose with --apikey, or --login and --password)"
                )
            if apikey is not None:
                return AsyncSMSC(apikey=apikey, host=self.host, **options)
        if login is None and password is None:
            raise ConfigurationError(
                "no credentials: set SMSC_LOGIN and SMSC_PASSWORD (or SMSC_APIKEY),"
                " or pass --login and --password (or --apikey)"
            )
        if login is None:
            raise ConfigurationError("a password without a login: set SMSC_LOGIN or pass --login")
        if password is None:
            raise ConfigurationError(
                "a login without a password: set SMSC_PASSWORD (or pass --password)"
            )
        return AsyncSMSC(login=login, password=password, host=self.host, **options)

    def emit(self, value: Any, columns: Sequence[str] | None = None) -> None:
        """Print ``value`` in the chosen format."""
        from .output import render

        click.echo(render(value, self.output, columns))


def fail(message: str, code: int) -> NoReturn:
    """Print ``error: message`` to stderr and exit with ``code``."""
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def exit_code(error: BaseException) -> int:
    """The exit code for an error raised by the client."""
    if isinstance(error, ConfigurationError):  # includes ValidationError: nothing was sent
        return EXIT_USAGE
    if isinstance(error, APIError):
        return EXIT_API
    if isinstance(error, (TransportError, DecodeError, DeliveryUnknownError)):
        return EXIT_TRANSPORT
    return EXIT_API


def run(
    settings: Settings, action: Callable[[AsyncSMSC], Awaitable[T]], **client_options: Any
) -> T:
    """Open a client (``client_options``: more ``AsyncSMSC`` keywords), run ``action``
    with it, close it; errors become exit codes."""
    import asyncio

    async def main() -> T:
        async with settings.client(**client_options) as smsc:
            return await action(smsc)

    try:
        return asyncio.run(main())
    except SMSCError as error:
        fail(str(error), exit_code(error))


def client_command(function: F) -> F:
    """Add the connection and ``--format`` options; the command gets ``settings``."""

    @click.option("--login", help="Account login [env: SMSC_LOGIN].")
    @click.option("--password", help="Password [env: SMSC_PASSWORD; prefer it: flags show in ps].")
    @click.option("--apikey", help="API key instead of login and password [env: SMSC_APIKEY].")
    @click.option("--host", help="smsc.ru, smsc.kz, ... or a base URL [env: SMSC_HOST].")
    @click.option(
        "--format",
        "output",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="Output for people or for scripts.",
    )
    @functools.wraps(function)
    def wrapper(
        login: str | None,
        password: str | None,
        apikey: str | None,
        host: str | None,
        output: str,
        **kwargs: Any,
    ) -> Any:
        settings = Settings(login, password, apikey, host, output)
        return function(settings, **kwargs)

    return wrapper  # type: ignore[return-value]
