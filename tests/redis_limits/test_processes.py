"""Three worker processes, one login, one emulator process with a fixed latency: the
server never sees more requests in flight or per second than configured, error 9 never
appears, and a process SIGKILLed while holding every slot starves the others only until
its leases expire."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from services import redis_url

pytest.importorskip("redis")

SCRIPT = str(Path(__file__).with_name("processes.py"))
MAX_CONCURRENCY, RATE, LEASE, LATENCY, SENDS = 4, 20.0, 1.2, 0.1, 8
#: Requests leave at exact slots but reach the server with jitter: on a busy 2-core
#: machine running five processes, up to ~0.1 s. A schedule 15 % below the rate keeps
#: any one-second window at the server within the rate despite that (the default 5 %
#: covers ~50 ms).
HEADROOM = 0.15


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, SCRIPT, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


async def test_three_processes_share_one_logins_limits(
    processes: list[subprocess.Popen[str]],
) -> None:
    url = redis_url()
    namespace = f"aiosmsc-test:{uuid.uuid4().hex}"
    limits = ["--max-concurrency", str(MAX_CONCURRENCY), "--rate", str(RATE)]
    limits += ["--lease", str(LEASE), "--headroom", str(HEADROOM)]
    emulator = start(
        "emulator", "--latency", str(LATENCY), "--max-concurrent", str(MAX_CONCURRENCY)
    )
    processes.append(emulator)
    assert emulator.stdout is not None and emulator.stdin is not None
    server = emulator.stdout.readline().strip()
    assert server.startswith("http://127.0.0.1:")
    hog = start("hog", server, url, namespace, *limits)
    workers = [
        start("worker", server, url, namespace, *limits, "--sends", str(SENDS), "--name", f"w{i}")
        for i in range(3)
    ]
    processes.extend([hog, *workers])
    assert hog.stdout is not None and hog.stdout.readline().strip() == "holding"
    for worker in workers:
        assert worker.stdout is not None and worker.stdin is not None
        assert worker.stdout.readline().strip() == "ready"
        worker.stdin.write("go\n")  # to the limiter, where every slot is the hog's
        worker.stdin.flush()
    killed_at = time.monotonic()
    os.kill(hog.pid, signal.SIGKILL)

    reports = []
    for worker in workers:
        assert worker.stdout is not None
        reports.append(json.loads(worker.stdout.readline()))
    finished_at = time.monotonic()
    emulator.stdin.write("stats\n")
    emulator.stdin.flush()
    seen = json.loads(emulator.stdout.readline())
    emulator.stdin.close()

    assert [report["errors"] for report in reports] == [{}, {}, {}]  # no error 9, nothing
    assert sum(report["sent"] for report in reports) == seen["total"] == 3 * SENDS
    assert seen["peak_in_flight"] <= MAX_CONCURRENCY
    assert seen["max_per_second"] <= RATE
    # The dead hog's slots came back when its leases ran out (renewed every LEASE / 3
    # until the kill), not before and not much later; then 24 sends at 17 a second.
    first_request = min(seen["arrivals"]) - killed_at  # one system-wide monotonic clock
    assert LEASE * 2 / 3 - 0.1 <= first_request <= LEASE + 1.0
    assert finished_at - killed_at <= LEASE + 3 * SENDS / (RATE * (1 - HEADROOM)) + 2.0

    from redis import Redis

    client = Redis.from_url(url)
    for key in client.scan_iter(match="{" + namespace + "}:*"):
        client.delete(key)
    client.close()
