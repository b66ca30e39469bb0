"""The everyday commands: ``send``, ``cost``, ``status``, ``balance``, ``senders list``,
``history``, ``inbox`` and the offline ``demo``. Each imports what it runs (the client,
the demo) when it runs, so ``--help`` and usage errors answer at once."""

from __future__ import annotations

import re
from typing import Any

import click

from .common import EXIT_API, EXIT_OK, Settings, client_command, run

__all__ = ["balance", "cost", "demo", "history", "inbox", "send", "senders", "status"]

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


@click.command()
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


@click.command()
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


@click.command()
@click.argument("phone", callback=_check_phones)
@click.argument("message_id", metavar="ID")
@click.option("--all", "detail", type=click.IntRange(0, 2), default=0, help="Detail: 0, 1, 2.")
@client_command
def status(settings: Settings, phone: str, message_id: str, detail: int) -> None:
    """The status of message ID sent to PHONE."""
    settings.emit(run(settings, lambda smsc: smsc.status(phone, message_id, all=detail)))


@click.command()
@client_command
def balance(settings: Settings) -> None:
    """The account balance (with its currency and credit)."""
    settings.emit(run(settings, lambda smsc: smsc.balance(cur=True)))


@click.group()
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


@click.command()
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


@click.command()
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


@click.command()
def demo() -> None:
    """Send and track messages through the built-in emulator (offline)."""
    import asyncio

    from ..demo import run_demo

    raise SystemExit(EXIT_OK if asyncio.run(run_demo()).ok else EXIT_API)
