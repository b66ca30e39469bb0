"""Crash safety of ``aiosmsc bulk``, tested by crashing it: the command runs in a
subprocess against the emulator on a loopback port (every send held there a while before
it is accepted and answered), and runs of one job are stopped with SIGINT, SIGTERM and
SIGKILL, in a seeded random order, each at a seeded random moment while it has a request
at the service; then the job is run again until it finishes. The emulator's ledger is
the judge: every row accepted exactly once, and the report agrees with it. The same with
two workers on one PostgreSQL job, one of them killed with SIGKILL."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import random
import signal
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable
from decimal import Decimal
from pathlib import Path

import pytest
import services

from aiosmsc.testing import SMSCEmulator, serving
from aiosmsc.testing.asgi import Receive, Scope, Send
from aiosmsc.testing.faults import ChaosPlan

ROWS = 120
#: Every run of the command. Batches of 5: a job is 24 requests, four at a time (the
#: client's default concurrency), so a run stopped during its first requests leaves most
#: of the job to the next. Short leases and settle so a test is quick.
FLAGS = ["--batch-size", "5", "--lease", "0.5", "--settle", "0.3", "--grace", "0.2"]
#: Seconds the emulator holds every send before it accepts and answers it. The test's
#: signals are timed on the same event loop as the emulator: one sent sooner than that
#: after a request arrived lands before the request is answered.
DELAY = 0.05


class Door:
    """The way to an emulator: counts the requests as they arrive (sends and status
    lookups), so a test can signal a run while it talks to the service. While ``open``
    is clear, the requests that arrive wait at the service (a slow service) until it is
    set."""

    def __init__(self, emulator: SMSCEmulator) -> None:
        self.emulator = emulator
        self.arrived = 0
        self.open = asyncio.Event()
        self.open.set()
        self._changed = asyncio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.arrived += 1
            self._changed.set()
            await self.open.wait()
        await self.emulator(scope, receive, send)

    async def reached(self, count: int) -> None:
        while self.arrived < count:
            self._changed.clear()
            await self._changed.wait()


@pytest.fixture
def emulator() -> SMSCEmulator:
    emulator = SMSCEmulator(
        balance=Decimal(10**6),
        queue_delay=0,
        delivery_delay=0,
        enforce_limits=False,
        reject_duplicates=False,  # the client must not rely on the service dropping repeats
        max_concurrent_requests=None,
    )
    emulator.chaos = ChaosPlan(1.0, kinds=("delay",), delay=DELAY, scripts=["send"])
    return emulator


@pytest.fixture
async def door(emulator: SMSCEmulator) -> AsyncIterator[tuple[Door, str]]:
    door = Door(emulator)
    async with serving(door) as served:
        yield door, served.url


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["phone", "name"])
        writer.writerows((f"7999{i:07d}", f"N{i}") for i in range(ROWS))
    return path


def command_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMSC_")}
    return {**env, "SMSC_LOGIN": "demo", "SMSC_PASSWORD": "demo-password", "SMSC_HOST": url}


async def start(url: str, *args: str, flags: list[str] = FLAGS) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "aiosmsc",
        "bulk",
        *args,
        *flags,
        env=command_env(url),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop_mid_flight(
    process: asyncio.subprocess.Process,
    moment: Awaitable[None],
    chosen: random.Random,
    how: signal.Signals,
) -> None:
    """Send ``how`` at a chosen moment (under ``DELAY``) after ``moment``, which comes
    while the run talks to the service: a send that had arrived by then is not answered
    yet when the signal lands. The run has not finished: it must be stopped by it."""
    ended = asyncio.ensure_future(process.wait())
    reached = asyncio.ensure_future(moment)
    await asyncio.wait([reached, ended], timeout=60, return_when=asyncio.FIRST_COMPLETED)
    reached.cancel()
    assert process.returncode is None, "the run ended before it had requests at the service"
    await asyncio.sleep(chosen.uniform(0, DELAY))  # a moment, not a wait for anything
    process.send_signal(how)
    stdout, stderr = await process.communicate()
    code = await ended
    if how == signal.SIGKILL:
        assert code == -signal.SIGKILL, stderr.decode()[-3000:]
    else:  # the job caught it, stopped, recorded everything and printed the summary
        assert code == 128 + how, stderr.decode()[-3000:]
        assert "interrupted" in stdout.decode()


def assert_exactly_once(emulator: SMSCEmulator, report: Path) -> None:
    per_phone = Counter(message.phone for message in emulator.messages)
    assert set(per_phone) == {f"7999{i:07d}" for i in range(ROWS)}
    assert max(per_phone.values()) == 1, per_phone.most_common(3)
    with report.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert len(lines) == ROWS and {line["state"] for line in lines} == {"sent"}
    ledger = {message.phone: message.id for message in emulator.messages}
    assert {line["phone"]: line["message_id"] for line in lines} == ledger


async def finish(url: str, *args: str) -> None:
    """Run the job again until it is done (once should do)."""
    for _ in range(3):
        process = await start(url, *args)
        _, stderr = await process.communicate()
        if process.returncode == 0:
            return
    raise AssertionError(f"not done after three more runs: {stderr.decode()[-3000:]}")


async def test_stopped_at_random_moments_every_row_is_sent_once(
    door: tuple[Door, str], emulator: SMSCEmulator, people: Path
) -> None:
    counted, url = door
    chosen = random.Random(20261201)
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGKILL]
    chosen.shuffle(signals)
    # SIGKILL is not last: the run after it, reconciling what the killed one had in
    # flight, is itself stopped, and the final run sends the rest.
    assert signals[-1] != signal.SIGKILL, signals
    for how in signals:
        process = await start(url, str(people), "--text", "Hello {name}")
        # The run's n-th request, n from 1 to 4: a status lookup of the run reconciling
        # what the killed one had in flight, or one of its first sends. It comes with the
        # run's first four sends at the latest, none of them answered before the signal,
        # so a stopped run has sent a few batches and leaves the rest to the next.
        moment = counted.reached(counted.arrived + chosen.randint(1, 4))
        await stop_mid_flight(process, moment, chosen, how)
    assert 0 < len(emulator.ledger) < ROWS
    await finish(url, str(people), "--text", "Hello {name}")
    assert_exactly_once(emulator, people.with_suffix(".report.csv"))


async def test_sigint_stops_cleanly_with_a_summary_and_a_second_one_at_once(
    door: tuple[Door, str], emulator: SMSCEmulator, people: Path
) -> None:
    counted, url = door
    # The service holds the sends until the run has ended, and the run gives them a
    # minute after the first SIGINT: only the second one can end it at once.
    counted.open.clear()
    flags = [*FLAGS, "--grace", "60"]  # (the last one given counts)
    process = await start(url, str(people), "--text", "Hi {name}", "--format", "json", flags=flags)
    try:
        await asyncio.wait_for(counted.reached(1), 60)  # a send is at the service
        process.send_signal(signal.SIGINT)
        assert process.stderr is not None
        said = b""
        while b"stopping" not in said:  # the run took the first one (signals do not queue)
            line = await process.stderr.readline()
            assert line, said.decode()
            said += line
        process.send_signal(signal.SIGINT)  # no grace: requests in flight are cut short
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)  # not 60
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    counted.open.set()  # the service takes the sends after all: the resume must find them
    stderr = said + stderr
    assert process.returncode == 130, stderr.decode()
    assert "Run the same command to resume" in stderr.decode()
    summary = json.loads(stdout)
    assert summary["interrupted"] is True and summary["sent"] < ROWS
    assert summary["sent"] + summary["unknown"] + summary["not_attempted"] == ROWS
    process = await start(url, str(people), "--text", "Hi {name}")
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
    assert_exactly_once(emulator, people.with_suffix(".report.csv"))


async def test_two_postgres_workers_one_killed(
    emulator: SMSCEmulator, people: Path, tmp_path: Path
) -> None:
    asyncpg = pytest.importorskip("asyncpg")
    dsn = services.postgres_dsn()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    job = ["--journal", dsn, "--journal-schema", schema, "--job", f"pg-{uuid.uuid4().hex[:8]}"]
    # Leases of a second: a worker that is alive keeps its batches however busy the
    # machine (the other takes them over only from one that stopped renewing).
    flags = [*FLAGS, "--lease", "1"]  # (the last one given counts)
    # One emulator, a door for each worker. Each door holds its worker's requests until
    # both workers have one at the service: both are at work on the job when the victim
    # is killed, with requests of its own in flight.
    victims_door, survivors_door = Door(emulator), Door(emulator)
    victims_door.open.clear()
    survivors_door.open.clear()

    async def both_at_work() -> None:
        await asyncio.gather(victims_door.reached(1), survivors_door.reached(1))
        victims_door.open.set()
        survivors_door.open.set()

    async def worker(url: str, report: str) -> asyncio.subprocess.Process:
        text = ["--text", "Hi {name}", "--report", str(tmp_path / report)]
        return await start(url, str(people), *text, *job, flags=flags)

    try:
        async with serving(victims_door) as victims, serving(survivors_door) as survivors:
            victim = await worker(victims.url, "a.csv")
            survivor = await worker(survivors.url, "b.csv")
            await stop_mid_flight(victim, both_at_work(), random.Random(7), signal.SIGKILL)
            _, stderr = await survivor.communicate()
            assert survivor.returncode == 0, stderr.decode()
    finally:
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await connection.close()
    # The survivor waited out the victim's leases and settled its batches.
    assert_exactly_once(emulator, tmp_path / "b.csv")
