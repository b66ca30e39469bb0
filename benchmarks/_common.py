"""Shared helpers of the benchmarks: the emulator in its own process, machine facts, tables.

Not a benchmark itself. Every script imports it from its own folder
(``python benchmarks/<script>.py`` puts ``benchmarks/`` first on ``sys.path``).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import platform
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

LOGIN = "bench"
PASSWORD = "bench-password"
_URL = re.compile(rb"listening on (http://\S+)")


class Emulator:
    """A running emulator process: its base URL and a CPU-time probe."""

    def __init__(self, url: str, pid: int) -> None:
        self.url = url
        self.pid = pid

    def cpu_seconds(self) -> float:
        """User + system CPU seconds the emulator process has used so far."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CPUMeter:
    """Wall time and the CPU use of this process and of the emulator over a window:
    ``with CPUMeter(emulator) as meter: ...`` then ``meter.client``/``meter.server``
    (cores busy on average, 1.0 = one core all the time)."""

    def __init__(self, emulator: Emulator | None = None) -> None:
        self.emulator = emulator
        self.elapsed = 0.0
        self.client = 0.0
        self.server = 0.0

    def __enter__(self) -> CPUMeter:
        self._started = time.perf_counter()
        self._self = time.process_time()
        self._server = self.emulator.cpu_seconds() if self.emulator else 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.elapsed = time.perf_counter() - self._started
        self.client = (time.process_time() - self._self) / self.elapsed
        if self.emulator is not None:
            self.server = (self.emulator.cpu_seconds() - self._server) / self.elapsed


@contextlib.contextmanager
def emulator_process(
    *,
    uvloop: bool = True,
    balance: str = "1000000000",
    latency: float = 0.0,
    limits: bool = False,
    settle: float | None = None,
    canned: bool = False,
) -> Iterator[Emulator]:
    """Run the emulator (``_serve.py``) in its own process, tuned for throughput (no
    request log, no duplicate check, no concurrency cap). ``latency`` holds every request
    that many seconds (a real round trip); ``limits`` answers error 9 as the service does;
    ``settle`` is the seconds until a sent message is final (None: the emulator's own);
    ``canned`` serves a stand-in without per-recipient work instead (see ``_serve.py``)."""
    command = [
        sys.executable,
        str(Path(__file__).with_name("_serve.py")),
        "--balance",
        balance,
        "--latency",
        str(latency),
    ]
    if uvloop:
        command.append("--uvloop")
    if limits:
        command.append("--limits")
    if settle is not None:
        command += ["--settle", str(settle)]
    if canned:
        command.append("--canned")
    process = subprocess.Popen(command, stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = _URL.search(line)
        if found is None:
            raise RuntimeError(f"the emulator did not start: {line!r}")
        yield Emulator(found.group(1).decode(), process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def send_form(phone: str, text: str) -> dict[str, str]:
    """The form of one ``send.php`` request as a hand-written client posts it."""
    return {
        "login": LOGIN,
        "psw": PASSWORD,
        "phones": phone,
        "mes": text,
        "id": uuid.uuid4().hex,
        "fmt": "3",
        "charset": "utf-8",
    }


def load_average() -> str:
    """The 1-minute load average now (the machine is shared: note it with each figure)."""
    with open("/proc/loadavg") as loadavg:
        return loadavg.read().split()[0]


def run(main: Coroutine[Any, Any, T], *, uvloop: bool = False) -> T:
    """``asyncio.run(main)``, on uvloop's loop when asked (and installed)."""
    if uvloop:
        module = importlib.import_module("uvloop")
        return module.run(main)  # type: ignore[no-any-return]
    return asyncio.run(main)


def machine() -> str:
    """One line naming the machine: CPU model, cores, Python, OS."""
    model = "unknown CPU"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{model}, nproc={os.cpu_count()}, Python {platform.python_version()}"
        f" ({platform.python_implementation()}), {platform.system()} {platform.release()}"
    )


def versions(*names: str) -> str:
    """``name version`` of each installed distribution."""
    from importlib import metadata

    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pastes into RESULTS.md as it is)."""
    cells = [[str(c) for c in headers]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], (int, float)) for row in rows) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=True)) + " |"]
    lines.append(
        "|"
        + "|".join(
            ("-" * (w + 1) + (":" if n else "-")) for w, n in zip(widths, numeric, strict=True)
        )
        + "|"
    )
    for row in cells[1:]:
        padded = (
            c.rjust(w) if n else c.ljust(w) for c, w, n in zip(row, widths, numeric, strict=True)
        )
        lines.append("| " + " | ".join(padded) + " |")
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def timed(function: Callable[[], T]) -> tuple[T, float]:
    """(result, seconds) of one call."""
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def command_line() -> str:
    """How this script was run, relative to the repository root."""
    return " ".join(["python", f"benchmarks/{Path(sys.argv[0]).name}", *sys.argv[1:]])


def header(title: str) -> None:
    """Print what is measured, where, and how to reproduce it."""
    print(f"## {title}\n")
    print(f"machine: {machine()}")
    with contextlib.suppress(OSError), open("/proc/loadavg") as loadavg:
        print(f"load average before the run (1/5/15 min): {' '.join(loadavg.read().split()[:3])}")
    print(f"command: {command_line()}\n")
