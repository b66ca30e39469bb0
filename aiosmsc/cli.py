"""The ``aiosmsc`` command (``pip install 'aiosmsc[cli]'``), built on click.

Credentials come from ``SMSC_LOGIN``/``SMSC_PASSWORD`` or ``SMSC_APIKEY`` (or the
``--login``/``--password``/``--apikey`` flags, which win over the environment) and are
never printed. ``--format json`` prints machine-readable output. Exit codes:

====  ==========================================================================
0     success
1     the service refused (an API error), or some bulk recipients were not sent
2     bad input: arguments, options, CSV files, configuration; nothing was sent
3     transport: the service could not be reached, or its reply was unreadable
====  ==========================================================================
"""

from __future__ import annotations

import asyncio
import functools
import os
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, NoReturn, TypeVar

import attrs
import click

from ._version import __version__
from .cli_output import render
from .client import AsyncSMSC
from .errors import (
    APIError,
    ConfigurationError,
    DecodeError,
    DeliveryUnknownError,
    SMSCError,
    TransportError,
)

__all__ = ["EXIT_API", "EXIT_OK", "EXIT_TRANSPORT", "EXIT_USAGE", "Settings", "cli", "main"]

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

    def client(self) -> AsyncSMSC:
        """A client from the flags, each completed from the environment: ``--password``
        alone takes the login from ``SMSC_LOGIN``; ``--apikey`` ignores the password."""
        if self.apikey is not None:
            return AsyncSMSC(apikey=self.apikey, host=self.host)
        if self.login is not None or self.password is not None:
            return AsyncSMSC(
                login=self.login or os.environ.get("SMSC_LOGIN") or None,
                password=self.password or os.environ.get("SMSC_PASSWORD") or None,
                host=self.host,
            )
        return AsyncSMSC(host=self.host)

    def emit(self, value: Any, columns: Sequence[str] | None = None) -> None:
        """Print ``value`` in the chosen format."""
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


def run(settings: Settings, action: Callable[[AsyncSMSC], Awaitable[T]]) -> T:
    """Open a client, run ``action`` with it, close it; errors become exit codes."""

    async def main() -> T:
        async with settings.client() as smsc:
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aiosmsc")
def cli() -> None:
    """Send and track SMS through SMSC (smsc.ru, smscentre.com) from the shell."""


_PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*")


def _check_phones(ctx: click.Context, param: click.Parameter, value: str) -> str:
    phones = [phone.strip() for phone in value.replace(";", ",").split(",")]
    bad = [phone for phone in phones if not _PHONE.fullmatch(phone)]
    if bad:
        raise click.BadParameter(f"not a phone number: {bad[0]!r}")
    return ",".join(phones)


def _check_text(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not value.strip():
        raise click.BadParameter("the text is empty")
    return value


_phones = click.argument("phones", callback=_check_phones)
_text = click.argument("text", callback=_check_text)
_sender = click.option("--sender", help="Sender name (must be registered).")
_translit = click.option("--translit", is_flag=True, help="Send the text in Latin letters.")


@cli.command()
@_phones
@_text
@_sender
@_translit
@click.option("--id", "message_id", help="Your id for the message (default: generated).")
@click.option("--flash", is_flag=True, help="A flash SMS.")
@click.option("--comment", help="A note kept with the message, not delivered.")
@client_command
def send(
    settings: Settings,
    phones: str,
    text: str,
    sender: str | None,
    translit: bool,
    message_id: str | None,
    flash: bool,
    comment: str | None,
) -> None:
    """Send TEXT to PHONES (comma-separated); prints the id, parts, cost and balance."""
    result = run(
        settings,
        lambda smsc: smsc.send(
            phones,
            text,
            sender=sender,
            translit=translit or None,
            id=message_id,
            flash=flash,
            comment=comment,
            cost=3,
        ),
    )
    settings.emit(result, ["id", "cnt", "cost", "balance"])


@cli.command()
@_phones
@_text
@_sender
@_translit
@client_command
def cost(settings: Settings, phones: str, text: str, sender: str | None, translit: bool) -> None:
    """The price of sending TEXT to PHONES, without sending it."""
    result = run(
        settings, lambda smsc: smsc.cost(phones, text, sender=sender, translit=translit or None)
    )
    settings.emit(result, ["cost", "cnt"])


@cli.command()
@click.argument("phone", callback=_check_phones)
@click.argument("message_id", metavar="ID")
@click.option("--all", "detail", type=click.IntRange(0, 2), default=0, help="Detail: 0, 1, 2.")
@client_command
def status(settings: Settings, phone: str, message_id: str, detail: int) -> None:
    """The status of message ID sent to PHONE."""
    settings.emit(run(settings, lambda smsc: smsc.status(phone, message_id, all=detail)))


@cli.command()
@client_command
def balance(settings: Settings) -> None:
    """The account balance (with its currency and credit)."""
    settings.emit(run(settings, lambda smsc: smsc.balance(cur=True)))


@cli.group()
def senders() -> None:
    """Sender names."""


@senders.command("list")
@click.option("--all", "show_all", is_flag=True, help="Every name, not only active ones.")
@click.option("--operators", is_flag=True, help="Add the replacement analogs.")
@client_command
def senders_list(settings: Settings, show_all: bool, operators: bool) -> None:
    """The sender names and their moderation status."""
    names = run(settings, lambda smsc: smsc.senders.list(all=show_all, operators=operators))
    settings.emit(names, None if settings.output == "json" else ["sender", "id", "status"])


async def _collect(iterator: Any) -> list[Any]:
    return [item async for item in iterator]


@cli.command()
@click.option("--phone", help="Only messages to this number (or comma list).")
@click.option("--start", help="From this day (dd.mm.yyyy).")
@click.option("--end", help="Until this day (dd.mm.yyyy).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@client_command
def history(
    settings: Settings, phone: str | None, start: str | None, end: str | None, limit: int
) -> None:
    """Sent messages, newest first."""
    rows = run(
        settings,
        lambda smsc: _collect(smsc.history(phone=phone, start=start, end=end, limit=limit)),
    )
    columns = ["int_id", "id", "phone", "status", "send_date", "cost", "message"]
    settings.emit(rows, None if settings.output == "json" else columns)


@cli.command()
@click.option("--after-id", type=click.IntRange(0), help="Only messages after this id.")
@click.option("--hour", type=click.IntRange(1, 168), help="How many hours back to look.")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True)
@client_command
def inbox(settings: Settings, after_id: int | None, hour: int | None, limit: int) -> None:
    """Incoming messages, oldest first."""
    rows = run(
        settings, lambda smsc: _collect(smsc.inbox(after_id=after_id, hour=hour, limit=limit))
    )
    columns = ["id", "phone", "to_phone", "sent", "message"]
    settings.emit(rows, None if settings.output == "json" else columns)


@cli.command()
def demo() -> None:
    """Send and track messages through the built-in emulator (offline)."""
    from .demo import run_demo

    raise SystemExit(EXIT_OK if asyncio.run(run_demo()).ok else EXIT_API)


def _register_extras() -> None:
    from .cli_bulk import bulk
    from .cli_emulator import emulator

    cli.add_command(bulk)
    cli.add_command(emulator)


_register_extras()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (for ``python -m aiosmsc``)."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="aiosmsc")
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return EXIT_OK
