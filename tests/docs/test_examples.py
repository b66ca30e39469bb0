"""Every ``python`` example in README.md and docs/*.md type-checks (``mypy --strict``) and
runs against the emulator. The conventions the pages follow are in ``blocks.py``.

One mypy run checks all the blocks (written to a temporary directory, each at its page
lines), and tests/sync/typing_check.py with them (a cold mypy run takes seconds, so there
is one); one pytest run in pytest-asyncio's strict mode runs the test-file blocks, and
with them tests/plugin/user_project.py's user test file (the plugin in a user's run); the
other blocks run here, each against a fresh emulator on a loopback port whose clock runs
fast (statuses settle within milliseconds), with ``SMSC_LOGIN``/``SMSC_PASSWORD``/
``SMSC_HOST`` pointing at it and ``smsc`` an open client.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import doctest
import inspect
import json
import os
import re
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from plugin.user_project import (
    LOADED_AT_START,
    PLUGIN_ONLY,
    USER_MODULE,
    USER_TESTS,
    write_user_project,
)
from services import redis_url

from aiosmsc import AsyncSMSC
from aiosmsc.testing import EmulatorServer, SMSCEmulator, serve

from .blocks import ROOT, Block, all_blocks

BLOCKS = all_blocks()

#: Checked by mypy with the blocks, under its own name: the blocking facade's types.
SYNC_TYPING = Path(__file__).parents[1] / "sync" / "typing_check.py"
SYNC_TYPING_MODULE = "sync_typing_check"

_ERROR = re.compile(r"^(?P<file>[^:\s]+\.py):(?P<line>\d+): (?P<kind>error|note): (?P<text>.*)$")


def params(kinds: set[str], running: bool = False) -> list[Any]:
    chosen = [b for b in BLOCKS if b.kind in kinds and (b.runs or not running)]
    return [pytest.param(block, id=block.id) for block in chosen]


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every block as a file (``<module_name>.py``) in one directory."""
    directory = tmp_path_factory.mktemp("examples")
    names: dict[str, str] = {}
    for block in BLOCKS:
        name = block.module_name
        assert name not in names, f"{block.id} and {names[name]} both define {name}.py"
        names[name] = block.id
        (directory / f"{name}.py").write_text(block.typed_source(), encoding="utf-8")
    assert SYNC_TYPING_MODULE not in names
    (directory / f"{SYNC_TYPING_MODULE}.py").write_text(SYNC_TYPING.read_text("utf-8"), "utf-8")
    write_user_project(directory)  # for the pytest run only: mypy checks the blocks' files
    (directory / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")
    return directory


@pytest.fixture(scope="session")
def mypy_errors(written: Path) -> dict[str, list[str]]:
    """``mypy --strict`` (``--warn-unused-ignores`` included) over all the blocks and the
    blocking facade's check at once: ``{module name: [messages]}``."""
    names = [*(block.module_name for block in BLOCKS), SYNC_TYPING_MODULE]
    files = sorted(str(written / f"{name}.py") for name in set(names))
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", *files],
        cwd=ROOT,  # the project's .mypy_cache: after the first run only the blocks are new
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr  # 2: mypy itself failed
    errors: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            stem = Path(match.group("file")).stem
            errors.setdefault(stem, []).append(
                f"line {match.group('line')}: {match.group('kind')}: {match.group('text')}"
            )
    # 1 is "found errors": a run that failed otherwise (no mypy at all) names none.
    assert done.returncode == 0 or errors, done.stdout + done.stderr
    return errors


@pytest.mark.parametrize("block", params({"script", "module", "test", "doctest"}))
def test_example_type_checks(block: Block, mypy_errors: dict[str, list[str]]) -> None:
    messages = mypy_errors.get(block.module_name, [])
    assert not any(": error: " in m for m in messages), f"{block.id}:\n" + "\n".join(messages)


def test_mypy_sees_the_async_signatures_on_the_blocking_facade(
    mypy_errors: dict[str, list[str]],
) -> None:
    """tests/sync/typing_check.py: right calls pass, and each wrong call is an error that
    its ``type: ignore`` expects (an unused ignore is an error too). The only check that
    the types an IDE shows for SMSC are right, which no runtime test can see."""
    messages = mypy_errors.get(SYNC_TYPING_MODULE, [])
    assert not any(": error: " in m for m in messages), f"{SYNC_TYPING}:\n" + "\n".join(messages)


#: Pytest plugins of the project's own test tools, which no example uses: a reader's
#: project need not have them, and loading them is a fifth of the run.
OUR_TOOLS = ("-p", "no:hypothesispytest", "-p", "no:xdist", "-p", "no:xdist.looponfail")
OUR_TOOLS += ("-p", "no:respx")


@attrs.frozen
class PytestRun:
    """What a pytest run reported, by test module: the test cases that ran, and their
    failures, errors and skips (a module missing was not collected)."""

    cases: dict[str, list[str]]
    problems: dict[str, list[str]]
    output: str

    def check(self, module: str) -> list[str]:
        """The names of ``module``'s test cases, all passed (else the test fails)."""
        assert module in self.cases, "not collected:\n" + self.output
        assert not self.problems[module], "\n".join(self.problems[module])
        return self.cases[module]


@pytest.fixture(scope="session")
def pytest_report(written: Path) -> PytestRun:
    """The test-file blocks and a user's own test file, run by one pytest in strict mode
    (the plugin loaded through its entry point, as in a reader's project)."""
    tests = sorted(str(p) for p in written.glob("test_*.py"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMSC_", "PYTEST_"))}
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "asyncio"),
            *OUR_TOOLS,
            *("--strict-markers", "--continue-on-collection-errors", "--junitxml=report.xml"),
            *tests,
        ],
        cwd=written,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    cases: dict[str, list[str]] = {}
    problems: dict[str, list[str]] = {}
    for case in ET.parse(written / "report.xml").iter("testcase"):
        module = case.get("classname", "").split(".")[0]
        cases.setdefault(module, []).append(case.get("name", ""))
        found = problems.setdefault(module, [])
        for outcome in ("failure", "error", "skipped"):
            for element in case.iter(outcome):
                text = element.get("message", "") + "\n" + (element.text or "")
                found.append(f"{case.get('name')}: {outcome}: {text}")
    return PytestRun(cases, problems, done.stdout + done.stderr)


@pytest.mark.parametrize("block", params({"test"}, running=True))
def test_test_example_passes_in_strict_mode(block: Block, pytest_report: PytestRun) -> None:
    pytest_report.check(block.module_name)


def test_a_users_test_file_runs_with_the_fixtures(pytest_report: PytestRun, written: Path) -> None:
    """The plugin as a user gets it (tests/plugin/user_project.py): its fixtures and
    marker work in pytest-asyncio's strict mode, and were found without loading the
    emulator or the client."""
    assert len(pytest_report.check(USER_MODULE)) == USER_TESTS
    loaded = json.loads((written / LOADED_AT_START).read_text())
    assert set(loaded) == PLUGIN_ONLY


class FastClock:
    """Wall time that runs ``speed`` times faster: the emulator's messages settle (5 s
    of its time) within a millisecond, and its per-minute limits reset as fast."""

    def __init__(self, speed: float = 10_000.0) -> None:
        self.start, self.origin, self.speed = time.time(), time.monotonic(), speed

    def now(self) -> float:
        return self.start + (time.monotonic() - self.origin) * self.speed


@contextlib.contextmanager
def loopback_emulator() -> Iterator[tuple[SMSCEmulator, EmulatorServer]]:
    """A fresh emulator served on a loopback port by a loop in a background thread (the
    example runs its own event loop)."""
    emulator = SMSCEmulator(clock=FastClock(), balance=100_000)  # examples pay for a lot
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(serve(emulator), loop).result(10)
    try:
        yield emulator, server
    finally:
        asyncio.run_coroutine_threadsafe(server.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


async def _run_awaiting(code: Any, namespace: dict[str, Any], with_client: bool) -> None:
    if not with_client:
        await eval(code, namespace)  # the example's own code
        return
    async with AsyncSMSC(script_limits=False) as smsc:
        namespace["smsc"] = smsc
        await eval(code, namespace)


@contextlib.contextmanager
def own_redis_namespaces(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Examples that share limits through Redis name a namespace such as
    ``"smsc:mylogin"``: in a test each run gets its own (a suffix), deleted afterwards, so
    runs and tests never see each other's limits (the identical-send guard would)."""
    import redis

    from aiosmsc.redis import RedisLimits

    suffix = f"docs-{os.getpid()}-{time.monotonic_ns()}"
    original = RedisLimits.__init__

    def with_own_namespace(self: RedisLimits, redis: Any, *args: Any, **kwargs: Any) -> None:
        kwargs["namespace"] = f"{kwargs.get('namespace', 'smsc')}:{suffix}"
        original(self, redis, *args, **kwargs)

    monkeypatch.setattr(RedisLimits, "__init__", with_own_namespace)
    url = redis_url()  # skips, or fails under AIOSMSC_REQUIRE_SERVICES=1, without Redis
    try:
        yield
    finally:
        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(match=f"*{suffix}*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.mark.parametrize("block", params({"script"}, running=True))
def test_example_runs(
    block: Block, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, written: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # files an example writes land here
    monkeypatch.syspath_prepend(str(written))  # examples import the module blocks
    shares_limits = "RedisLimits" in block.code
    with own_redis_namespaces(monkeypatch) if shares_limits else contextlib.nullcontext():
        _run_script(block, monkeypatch)


def _run_script(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    with loopback_emulator() as (emulator, server):
        monkeypatch.delenv("SMSC_APIKEY", raising=False)
        monkeypatch.setenv("SMSC_LOGIN", emulator.login or "")
        monkeypatch.setenv("SMSC_PASSWORD", emulator.password or "")
        monkeypatch.setenv("SMSC_HOST", server.url)
        code = compile(
            block.source(),
            block.page,
            "exec",
            flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
            dont_inherit=True,
        )
        namespace: dict[str, Any] = {"__name__": "__example__"}
        if code.co_flags & inspect.CO_COROUTINE:
            asyncio.run(_run_awaiting(code, namespace, block.uses_context()))
        else:
            exec(code, namespace)  # the example's own code


@pytest.mark.parametrize("block", params({"doctest"}, running=True))
def test_doctest_example_runs(block: Block) -> None:
    test = doctest.DocTestParser().get_doctest(block.code, {}, block.id, block.page, block.line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output: list[str] = []
    runner.run(test, out=output.append)
    assert runner.summarize(verbose=False).failed == 0, "".join(output)


def test_every_page_is_read() -> None:
    assert {b.page for b in BLOCKS} >= {"README.md", "docs/testing.md", "docs/callbacks.md"}
    assert len(BLOCKS) >= 30
