"""A send whose reply is lost is never sent twice: the client asks the service first."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from aiosmsc import AsyncSMSC, DeliveryUnknownError, NetworkError, RetryPolicy, Timeouts
from aiosmsc.testing import Fault, SMSCEmulator, serving

from .held import HeldRequests

#: Seconds after a lost reply before "not found" proves a send was never accepted. Only
#: an order matters here (the first lookup starts right after the failure, before this),
#: so it is short: each test that waits for it waits this long.
SETTLE = 0.1


@pytest.fixture
async def setup() -> AsyncIterator[tuple[SMSCEmulator, AsyncSMSC]]:
    emulator = SMSCEmulator(enforce_limits=False)
    async with (
        serving(emulator) as server,
        AsyncSMSC(
            login="demo",
            password="demo-password",
            host=server.url,
            script_limits=False,
            retry=RetryPolicy(settle=SETTLE),
        ) as smsc,
    ):
        yield emulator, smsc


async def test_reply_lost_after_processing_is_not_sent_again(
    setup: tuple[SMSCEmulator, AsyncSMSC],
) -> None:
    emulator, smsc = setup
    emulator.inject(Fault("drop_after", script="send"))
    result = await smsc.send("79990000001", "hello", id="order-1")
    assert result.id == "order-1"
    assert result.extra["reconciled"] is True
    assert len(emulator.messages) == 1
    scripts = [script for script, _ in emulator.requests]
    assert scripts == ["send", "status"]  # asked, did not resend


@pytest.mark.parametrize("kind", ["drop_before", "http_error", "html"])
async def test_request_that_never_took_effect_is_sent_again_with_the_same_id(
    setup: tuple[SMSCEmulator, AsyncSMSC], kind: str
) -> None:
    emulator, smsc = setup
    emulator.inject(Fault(kind, script="send"))  # type: ignore[arg-type]
    result = await smsc.send(["79990000001", "79990000002"], "hello")
    assert "reconciled" not in result.extra
    assert len(emulator.messages) == 2
    sends = [params for script, params in emulator.requests if script == "send"]
    statuses = [params for script, params in emulator.requests if script == "status"]
    # "Not found" at once proves nothing (the request might still be processed): it is
    # asked again once the request has settled, and only then is the send repeated.
    assert len(statuses) == 2
    assert all(params["id"].rstrip(",").split(",") == [result.id] * 2 for params in statuses)
    assert len({params["id"] for params in sends}) == 1  # the same client id


@pytest.mark.parametrize("fmt", [0, 3])
async def test_a_slow_server_that_accepts_after_the_timeout_gets_the_send_once(fmt: int) -> None:
    """Issue 12.1: the read timeout fires while the server is still processing the send;
    an immediate "not found" must not make the client send it again (the slow original is
    accepted later: the server holds it until that first lookup has been answered). The
    emulator does not deduplicate ids here, like the service."""
    emulator = SMSCEmulator(enforce_limits=False, reject_duplicates=False)
    slow = HeldRequests(emulator)
    slow.hold(until_asked=True)
    async with (
        serving(slow) as server,
        AsyncSMSC(
            login="demo",
            password="demo-password",
            host=server.url,
            script_limits=False,
            fmt=fmt,
            # The held send times out; the status lookups are answered well within it.
            timeout=Timeouts(connect=2, write=2, read=0.2, pool=2),
            retry=RetryPolicy(settle=SETTLE),
        ) as smsc,
    ):
        result = await smsc.send("79990000001", "hello", id="slow-1")
        await slow.settled()
    assert slow.held == 1
    assert [m.id for m in emulator.messages] == ["slow-1"]
    assert result.extra["reconciled"] is True
    statuses = [script for script, _ in emulator.requests if script == "status"]
    assert len(statuses) == 2  # "not found" while it was processed, then found


@pytest.mark.parametrize("kind", ["malformed", "truncated"])
async def test_unreadable_reply_of_a_processed_send(
    setup: tuple[SMSCEmulator, AsyncSMSC], kind: str
) -> None:
    emulator, smsc = setup
    emulator.inject(Fault(kind, script="send", body="<<garbage"))  # type: ignore[arg-type]
    result = await smsc.send("79990000001", "hello")
    assert result.extra["reconciled"] is True
    assert len(emulator.messages) == 1


async def test_when_the_lookup_fails_too_the_caller_is_told_the_id(
    setup: tuple[SMSCEmulator, AsyncSMSC],
) -> None:
    emulator, smsc = setup
    emulator.inject(Fault("drop_after", script="send"))
    emulator.inject(Fault("drop_before", script="status", times=10))
    with pytest.raises(DeliveryUnknownError) as info:
        await smsc.send("79990000001", "hello", id="order-9")
    assert info.value.id == "order-9"
    assert info.value.phones == ("79990000001",)
    assert len(emulator.messages) == 1  # it was in fact accepted, once


async def test_without_retries_the_ambiguous_error_is_raised(
    setup: tuple[SMSCEmulator, AsyncSMSC],
) -> None:
    emulator, smsc = setup
    emulator.inject(Fault("drop_after", script="send"))
    with pytest.raises(NetworkError) as info:
        await smsc.with_options(max_retries=0).send("79990000001", "hello")
    assert info.value.possibly_delivered
    assert [script for script, _ in emulator.requests] == ["send"]


async def test_group_sends_cannot_be_checked_so_they_are_not_resent(
    setup: tuple[SMSCEmulator, AsyncSMSC],
) -> None:
    emulator, smsc = setup
    emulator.inject(Fault("drop_before", script="send"))
    with pytest.raises(NetworkError):
        await smsc.send("G17", "to the group")
    assert [script for script, _ in emulator.requests] == []  # dropped before processing
