"""Crash safety of ``aiosmsc bulk``, tested by crashing it: the command runs in a
subprocess against the emulator on a loopback port (every send answered late, so kills
land mid-flight), is killed with SIGINT, SIGTERM and SIGKILL at moments a seeded random
picks, and is run again until it finishes. The emulator's ledger is the judge: every row
accepted exactly once, and the report agrees with it. The same with two workers on one
PostgreSQL job, one of them killed with SIGKILL."""

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
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import services

from aiosmsc.testing import SMSCEmulator, serving
from aiosmsc.testing.faults import ChaosPlan
from aiosmsc.testing.ledger import Ledger

ROWS = 240
#: Every run of the command: small batches, short leases and settle so a test is quick.
FLAGS = ["--batch-size", "20", "--lease", "1", "--settle", "0.3", "--grace", "0.2"]


class LedgerWatch:
    """Wakes waiters as the emulator accepts messages."""

    def __init__(self) -> None:
        self.changed = asyncio.Event()

    async def reached(self, ledger: Ledger, count: int) -> None:
        while len(ledger) < count:
            self.changed.clear()
            await self.changed.wait()


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Iterator[LedgerWatch]:
    found = LedgerWatch()
    add = Ledger.add

    def noted(self: Ledger, message: object) -> None:
        add(self, message)  # type: ignore[arg-type]
        found.changed.set()

    monkeypatch.setattr(Ledger, "add", noted)
    yield found


@pytest.fixture
async def server() -> AsyncIterator[tuple[SMSCEmulator, str]]:
    emulator = SMSCEmulator(
        balance=Decimal(10**6),
        queue_delay=0,
        delivery_delay=0,
        enforce_limits=False,
        reject_duplicates=False,  # the client must not rely on the service dropping repeats
        max_concurrent_requests=None,
    )
    emulator.chaos = ChaosPlan(1.0, kinds=("delay",), delay=0.1, scripts=["send"])
    async with serving(emulator) as served:
        yield emulator, served.url


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


async def start(url: str, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "aiosmsc",
        "bulk",
        *args,
        *FLAGS,
        env=command_env(url),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def kill_at_random(
    process: asyncio.subprocess.Process,
    emulator: SMSCEmulator,
    watch: LedgerWatch,
    chosen: random.Random,
    how: signal.Signals,
) -> int:
    """Send ``how`` once the run is sending and the ledger has grown by a random amount
    more (or after a random while: the run may be waiting out a lease or reconciling),
    and a random moment later still."""
    ended = asyncio.ensure_future(process.wait())
    for grown, timeout in ((1, 20.0), (chosen.randint(0, ROWS // 3), chosen.uniform(0.3, 2.0))):
        waiting = asyncio.ensure_future(
            watch.reached(emulator.ledger, len(emulator.ledger) + grown)
        )
        await asyncio.wait([waiting, ended], timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
    if process.returncode is None:
        await asyncio.sleep(chosen.uniform(0, 0.12))  # land inside a request, or not
        if process.returncode is None:
            process.send_signal(how)
    stdout, stderr = await process.communicate()
    code = await ended
    # 128 + the signal when the job caught it; killed by it when it came after the job
    # (during the interpreter's exit) or was SIGKILL; 0 when the run was done first.
    assert code in (0, 128 + how, -how), stderr.decode()[-3000:]
    if code == 128 + how:
        assert "interrupted" in stdout.decode()  # the summary was printed
    return code


def assert_exactly_once(emulator: SMSCEmulator, report: Path) -> None:
    per_phone = Counter(message.phone for message in emulator.messages)
    assert set(per_phone) == {f"7999{i:07d}" for i in range(ROWS)}
    assert max(per_phone.values()) == 1, per_phone.most_common(3)
    with report.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert len(lines) == ROWS and {line["state"] for line in lines} == {"sent"}
    ledger = {message.phone: message.id for message in emulator.messages}
    assert {line["phone"]: line["message_id"] for line in lines} == ledger


async def test_killed_at_random_moments_every_row_is_sent_once(
    server: tuple[SMSCEmulator, str], people: Path, watch: LedgerWatch
) -> None:
    emulator, url = server
    chosen = random.Random(20261201)
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGKILL, signal.SIGKILL]
    chosen.shuffle(signals)
    codes = []
    for how in signals:
        process = await start(url, str(people), "--text", "Hello {name}")
        codes.append(await kill_at_random(process, emulator, watch, chosen, how))
    assert -signal.SIGKILL in codes, codes  # at least one run was killed outright
    for _ in range(3):  # resume until done
        process = await start(url, str(people), "--text", "Hello {name}")
        _, stderr = await process.communicate()
        if process.returncode == 0:
            break
    assert process.returncode == 0, stderr.decode()
    assert_exactly_once(emulator, people.with_suffix(".report.csv"))


async def test_sigint_stops_cleanly_with_a_summary_and_a_second_one_at_once(
    server: tuple[SMSCEmulator, str], people: Path, watch: LedgerWatch
) -> None:
    emulator, url = server
    process = await start(url, str(people), "--text", "Hi {name}", "--format", "json")
    await watch.reached(emulator.ledger, 1)
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGINT)  # no grace: requests in flight are cut short
    stdout, stderr = await process.communicate()
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
    server: tuple[SMSCEmulator, str], people: Path, watch: LedgerWatch, tmp_path: Path
) -> None:
    asyncpg = pytest.importorskip("asyncpg")
    dsn = services.postgres_dsn()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    emulator, url = server
    job = ["--journal", dsn, "--journal-schema", schema, "--job", f"pg-{uuid.uuid4().hex[:8]}"]
    try:
        victim = await start(
            url, str(people), "--text", "Hi {name}", "--report", str(tmp_path / "a.csv"), *job
        )
        survivor = await start(
            url, str(people), "--text", "Hi {name}", "--report", str(tmp_path / "b.csv"), *job
        )
        chosen = random.Random(7)
        killed = await kill_at_random(victim, emulator, watch, chosen, signal.SIGKILL)
        assert killed in (0, -signal.SIGKILL)
        _, stderr = await survivor.communicate()
        assert survivor.returncode == 0, stderr.decode()
        # The survivor waited out the victim's leases and settled its batches.
        assert_exactly_once(emulator, tmp_path / "b.csv")
    finally:
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await connection.close()
