"""Chaos: 300 sends at concurrency 50 through a real loopback emulator that injects 10 %
faults of every kind. Nothing is lost, nothing is sent twice, nothing hangs or leaks, and
the limits hold as the server saw them. The same under a server slower than the client's
read timeout, and with texts holding every character ``str.splitlines()`` breaks at.

Slow on purpose (~1.3 s): for the server's one-second windows to test the rate limit, the
limit must hold the client back for more than a second: SENDS / RATE_LIMIT is 1.2 s (the
schedule runs 5 % below the limit, and retries and lookups take slots too).

The service's per-minute limits (error 9) run sixty times faster here, on both sides:
the client's quotas and the emulator's windows. Now and then a send loses its reply
three times in a row, and its reconciliation needs a sixth status lookup of one message
within a minute: the client waits for that quota, a second here instead of a minute."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence

import attrs

from aiosmsc import AsyncSMSC, OutcomeState, RetryPolicy, SendResult, SMSCError, Timeouts
from aiosmsc.limits import LocalLimits
from aiosmsc.quotas import Quota, QuotaBook, QuotaKeeper
from aiosmsc.testing import SMSCEmulator, serving
from aiosmsc.testing.faults import ChaosPlan

from .held import HeldRequests
from .test_cancellation import busy_connections

SENDS = 300
CALLERS = 50
MAX_CONCURRENCY = 8
RATE_LIMIT = 250.0
#: How much faster than real time the service's minutes pass (see the module docstring).
SPEEDUP = 60.0


class FastQuotas:
    """Per-script quotas whose periods are SPEEDUP times shorter."""

    def __init__(self) -> None:
        self._book = QuotaBook()

    async def wait(self, quotas: Sequence[Quota]) -> None:
        await self._book.wait([attrs.evolve(q, period=q.period / SPEEDUP) for q in quotas])


class FastMinutes(LocalLimits):
    """The client's limits, with :class:`FastQuotas`."""

    def quotas(self) -> QuotaKeeper:
        return FastQuotas()


class FastClock:
    """The emulator's clock: unix time, passing SPEEDUP times faster than real time."""

    def __init__(self) -> None:
        self._start = time.time()
        self._started = time.monotonic()

    def now(self) -> float:
        return self._start + SPEEDUP * (time.monotonic() - self._started)


async def test_chaos_nothing_lost_nothing_twice() -> None:
    emulator = SMSCEmulator(
        balance=10**6, queue_delay=0, delivery_delay=0, keep_requests=False, clock=FastClock()
    )
    emulator.chaos = ChaosPlan(0.10, seed=2024, delay=0.05)
    outcomes: dict[str, SendResult | SMSCError] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(SENDS):
        queue.put_nowait(index)

    async with (
        serving(emulator) as server,
        AsyncSMSC(
            login="demo",
            password="demo-password",
            host=server.url,
            max_concurrency=MAX_CONCURRENCY,
            rate_limit=RATE_LIMIT,
            limits=FastMinutes(),
            timeout=Timeouts(connect=2, write=2, read=2, pool=5),
            # A send in doubt was processed at once or never (the injected delays are far
            # shorter than the read timeout): the settle only has to come after the
            # first lookup. Sends refused without processing wait it before going again.
            retry=RetryPolicy(settle=0.1),
        ) as smsc,
    ):

        async def caller() -> None:
            while not queue.empty():
                index = queue.get_nowait()
                phone = f"7999{index:07d}"
                try:
                    outcomes[phone] = await smsc.send(phone, f"message {index}")
                except SMSCError as error:
                    outcomes[phone] = error

        await asyncio.wait_for(asyncio.gather(*(caller() for _ in range(CALLERS))), 300)

        assert busy_connections(smsc) == []
        assert smsc._session.limiter._gate._value == MAX_CONCURRENCY

    # Every call ended, as accepted or as a typed error.
    assert len(outcomes) == SENDS
    accepted = {phone for phone, o in outcomes.items() if isinstance(o, SendResult)}
    failed = Counter(type(o).__name__ for o in outcomes.values() if isinstance(o, SMSCError))
    # No message was accepted twice, and every accepted send is in the ledger, once.
    per_phone = Counter(message.phone for message in emulator.messages)
    assert max(per_phone.values()) == 1
    assert accepted <= set(per_phone)
    ledger = {message.phone: message.id for message in emulator.messages}
    for phone, outcome in outcomes.items():
        if isinstance(outcome, SendResult):
            assert ledger[phone] == outcome.id
    # Faults really happened, and nearly everything still got through.
    assert server.load.total > SENDS
    assert len(accepted) >= SENDS * 0.97, failed
    # The server never saw more than the client allows.
    assert server.load.peak_in_flight <= MAX_CONCURRENCY
    assert server.load.max_per_window(1.0) <= RATE_LIMIT


#: Every character Python's str.splitlines() breaks a line at, but "\n" and "\r" (which a
#: list text may not hold: the client refuses them before sending). Written out, so that
#: importing this module costs nothing; the test below derives the set from Python itself.
LINE_BREAKERS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def test_the_line_breakers_are_every_character_splitlines_breaks_at() -> None:
    breakers = {
        chr(code)
        for code in range(0x110000)
        if len(f"a{chr(code)}b".splitlines()) > 1 and chr(code) not in "\n\r"
    }
    assert breakers == set(LINE_BREAKERS)


def client(server_url: str, **options: object) -> AsyncSMSC:
    return AsyncSMSC(
        login="demo",
        password="demo-password",
        host=server_url,
        script_limits=False,
        **options,  # type: ignore[arg-type]
    )


async def test_chaos_slow_server_sends_nothing_twice() -> None:
    """Issue 12.1: a third of the sends are answered after the client's read timeout (the
    server holds each until a status lookup about it has been answered, and still takes
    it). Without relying on the service to drop repeated ids, no send is accepted twice
    and every reported success is in the ledger."""
    emulator = SMSCEmulator(
        balance=10**6,
        queue_delay=0,
        delivery_delay=0,
        enforce_limits=False,
        reject_duplicates=False,
        keep_requests=False,
        max_concurrent_requests=None,  # slow requests outlive the client's: no error 9
    )
    slow = HeldRequests(emulator)
    slow.hold(None, rate=0.3, seed=7, until_asked=True)
    outcomes: dict[str, SendResult | SMSCError] = {}
    async with (
        serving(slow) as server,
        client(
            server.url,
            max_concurrency=8,
            timeout=Timeouts(connect=2, write=2, read=0.1, pool=5),
            retry=RetryPolicy(settle=0.2, base_delay=0.01),
        ) as smsc,
    ):

        async def one(index: int) -> None:
            phone = f"7999{index:07d}"
            try:
                outcomes[phone] = await smsc.send(phone, f"slow {index}")
            except SMSCError as error:
                outcomes[phone] = error

        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(60))), 60)
        await slow.settled()
    assert slow.held >= 10
    per_phone = Counter(message.phone for message in emulator.messages)
    assert max(per_phone.values()) == 1
    accepted = {phone for phone, o in outcomes.items() if isinstance(o, SendResult)}
    assert accepted <= set(per_phone)
    assert len(accepted) == len(outcomes) == 60


async def test_chaos_odd_line_separators_in_list_texts() -> None:
    """Issue 12.2: a list text holding any character str.splitlines() breaks at, with
    half of the replies lost: every send is accepted once and reported so, never as the
    ValidationError that means "not sent"; in send_bulk no accepted recipient fails."""
    emulator = SMSCEmulator(
        balance=10**6,
        queue_delay=0,
        delivery_delay=0,
        enforce_limits=False,
        reject_duplicates=False,
    )
    emulator.chaos = ChaosPlan(0.5, kinds=("drop_after",), seed=11, scripts=["send"])
    texts = {
        f"7999{index:07d}": f"hi{breaker}, there{breaker} {index}"
        for index, breaker in enumerate(LINE_BREAKERS * 5)
    }
    phones = list(texts)
    async with (
        serving(emulator) as server,
        client(server.url, retry=RetryPolicy(settle=0.2, base_delay=0.01)) as smsc,
    ):
        pairs = [phones[i : i + 2] for i in range(0, 20, 2)]
        for pair in pairs:  # single sends with list=
            result = await smsc.send(list=[(phone, texts[phone]) for phone in pair])
            assert result.id
        async with smsc.send_bulk(
            [(phone, texts[phone]) for phone in phones[20:]], batch_size=4
        ) as job:
            outcomes = [outcome async for outcome in job]
    assert {o.state for o in outcomes} == {OutcomeState.SENT}
    assert sorted((m.phone, m.text) for m in emulator.messages) == sorted(texts.items())
