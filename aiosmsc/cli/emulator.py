"""``aiosmsc emulator``: serve the offline SMSC emulator on a port until Ctrl-C.

With ``--callback-url`` it also posts delivery statuses and incoming messages to your
app as they happen, like the real service does (signed with ``--callback-secret``).

The emulator is imported when the command runs: the other commands never load it.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..testing import EmulatorServer, SMSCEmulator

__all__ = ["emulator", "run_emulator"]

_DEMO_PASSWORD = "demo-password"  # noqa: S105 - the emulator's public demo account


async def _until_stopped(server: EmulatorServer, emulator: SMSCEmulator) -> None:
    """Wait for Ctrl-C (tests replace this to talk to the running server)."""
    import asyncio

    await asyncio.Event().wait()


async def _post_callbacks(emulator: SMSCEmulator, interval: float) -> None:
    import asyncio

    while True:
        try:
            await emulator.deliver_callbacks()
        except Exception as error:  # keep serving; the callbacks stay queued
            click.echo(f"callbacks: {type(error).__name__}: {error}", err=True)
        await asyncio.sleep(interval)


def _check_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http:// or https:// URL")
    return value


async def run_emulator(
    emulator: SMSCEmulator, bind: str, port: int, callback_interval: float
) -> None:
    """Serve ``emulator`` (posting callbacks every ``callback_interval`` seconds when it
    has a ``callback_url``) until stopped."""
    import asyncio

    from ..testing import serve

    server = await serve(emulator, host=bind, port=port)
    poster = None
    if emulator.callback_url:
        poster = asyncio.create_task(_post_callbacks(emulator, callback_interval))
    password = emulator.password if emulator.password == _DEMO_PASSWORD else "<--password>"
    click.echo(f"SMSC emulator on {server.url} (Ctrl-C to stop). For clients:")
    click.echo(f"  export SMSC_HOST={server.url} SMSC_LOGIN={emulator.login}")
    click.echo(f"  export SMSC_PASSWORD={password}")
    try:
        await _until_stopped(server, emulator)
    finally:
        if poster is not None:
            poster.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poster
        await server.close()


@click.command()
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--login", default="demo", show_default=True, help="The emulated account.")
@click.option("--password", default=_DEMO_PASSWORD, help="Its password.")
@click.option("--balance", type=Decimal, default=Decimal("100.00"), show_default=True)
@click.option("--queue-delay", type=click.FloatRange(0), default=1.0, show_default=True)
@click.option("--delivery-delay", type=click.FloatRange(0), default=5.0, show_default=True)
@click.option("--no-limits", is_flag=True, help="Switch off the per-minute error-9 limits.")
@click.option(
    "--callback-url", callback=_check_url, help="Post statuses and incoming messages here."
)
@click.option(
    "--callback-secret",
    envvar="SMSC_CALLBACK_SECRET",
    help="Sign callbacks with it [env: SMSC_CALLBACK_SECRET].",
)
@click.option("--callback-interval", type=click.FloatRange(0), default=1.0, show_default=True)
def emulator(
    bind: str,
    port: int,
    login: str,
    password: str,
    balance: Decimal,
    queue_delay: float,
    delivery_delay: float,
    no_limits: bool,
    callback_url: str | None,
    callback_secret: str | None,
    callback_interval: float,
) -> None:
    """Serve the offline SMSC emulator (no money, no network) on a port."""
    import asyncio

    from ..testing import SMSCEmulator

    emu = SMSCEmulator(
        login=login,
        password=password,
        balance=balance,
        queue_delay=queue_delay,
        delivery_delay=delivery_delay,
        enforce_limits=not no_limits,
        callback_url=callback_url,
        callback_secret=callback_secret,
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_emulator(emu, bind, port, callback_interval))
