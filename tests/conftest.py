"""Shared helpers for the client tests: a clean ``SMSC_*`` environment and an in-memory
transport that records every request and answers with canned replies."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

SMSC_ENV = ("SMSC_LOGIN", "SMSC_PASSWORD", "SMSC_APIKEY", "SMSC_HOST")


def pytest_configure(config: pytest.Config) -> None:
    """Write bytecode, for this process and the Python processes the tests start (CLI
    runs killed and resumed, fresh interpreters, worker processes). With
    ``PYTHONDONTWRITEBYTECODE=1`` (set on CI and on some development machines) each of
    them would compile the package and the test modules again: about a third of their
    start-up. The caches go where Python puts them by default (``__pycache__``, ignored by
    git and left out of the sdist); installed packages keep the bytecode pip wrote (a
    ``PYTHONPYCACHEPREFIX`` would hide it, and every worker would compile them all)."""
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Iterator[object]:
    """Collect without the cyclic garbage collector, then freeze what collection made.
    Collecting imports every test module and builds thousands of items: nearly all of it
    lives to the end of the run, and the collector would walk it again and again (about a
    third of collection time in every worker), then again in every full collection the
    tests trigger. Frozen, it is left out of those walks; nothing else changes."""
    gc.disable()
    try:
        return (yield)
    finally:
        gc.freeze()
        gc.enable()


def pytest_xdist_setupnodes(config: pytest.Config) -> None:
    """Before pytest-xdist starts its workers (this runs in the controller): compile the
    test modules with pytest's assertion rewriting into their ``__pycache__``, once, a
    share on every core. Every worker imports every test module to collect it, and on a
    fresh checkout each would rewrite and compile all of them itself: seconds per worker.
    Uses pytest's own rewriting functions (private ones): with a pytest whose internals
    differ, the workers simply compile as they always do."""
    import multiprocessing

    tests = Path(__file__).parent
    paths = sorted({*tests.rglob("test_*.py"), *tests.rglob("conftest.py")})
    try:
        from _pytest.assertion import rewrite

        fork = multiprocessing.get_context("fork")
    except (ImportError, ValueError):  # another pytest, or no fork (Windows)
        return
    global _warming  # read by _rewrite_into_cache in the forked processes
    _warming = (config, rewrite)
    with contextlib.suppress(OSError), fork.Pool(_cores()) as pool:
        pool.map(_rewrite_into_cache, paths, chunksize=4)


_warming: tuple[pytest.Config, Any] | None = None


def _rewrite_into_cache(path: Path) -> None:
    assert _warming is not None
    config, rewrite = _warming
    with contextlib.suppress(Exception):  # a failure here only loses the head start
        pyc = rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)
        if rewrite._read_pyc(path, pyc) is None:
            pyc.parent.mkdir(exist_ok=True)
            source_key, code = rewrite._rewrite_test(path, config)
            rewrite._write_pyc(config.stash[rewrite.assertstate_key], code, source_key, pyc)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (in pyproject's addopts): two workers per core. About half of the
    suite's time is spent waiting (on subprocesses that are started, killed and resumed,
    on loopback servers that answer late on purpose, on Redis's clock), so one worker per
    core would leave the cores idle for that half. ``PYTEST_XDIST_AUTO_NUM_WORKERS``
    still decides when it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist's own hook reads it
    return 2 * _cores()


#: A canned reply: a body (HTTP 200), a response, or a handler (which may raise).
Reply = str | httpx.Response | Callable[[httpx.Request], httpx.Response]


@pytest.fixture(autouse=True)
def instant_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries happen at once in tests; tests/test_retry.py checks the backoff itself."""
    from aiosmsc.retry import RetryPolicy

    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, attempt: 0.0)


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """``asyncio.sleep`` returns at once and records each positive delay it was asked to
    wait: a rate-limit penalty is checked (how long the limiter waited) without waiting."""
    delays: list[float] = []
    real_sleep = asyncio.sleep

    async def recorded(delay: float, result: object = None) -> object:
        if delay > 0:
            delays.append(delay)
        return await real_sleep(0, result)  # still a suspension point, like the real one

    monkeypatch.setattr(asyncio, "sleep", recorded)
    return delays


@pytest.fixture
def sigint_default() -> Iterator[None]:
    """SIGINT raises ``KeyboardInterrupt`` in the test, and processes started meanwhile get
    its default, also when the suite was started with SIGINT ignored (``nohup``, ``cmd &``
    in a script): an ignored signal stays ignored in child processes (a handled one is
    reset at exec), and a test waiting for an interrupt would wait forever."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``SMSC_*`` variable from the developer's shell leaks into a test."""
    for name in SMSC_ENV:
        monkeypatch.delenv(name, raising=False)


def _form_of(request: httpx.Request) -> dict[str, str]:
    """The url-encoded body of ``request`` as a dict (each parameter at most once)."""
    pairs = urllib.parse.parse_qsl(request.content.decode("ascii"), keep_blank_values=True)
    names = [name for name, _ in pairs]
    assert len(names) == len(set(names)), f"repeated parameter in {names}"
    return dict(pairs)


class Recorder:
    """An ``httpx.MockTransport`` that keeps the requests it gets; the n-th request gets
    the n-th reply (the last reply repeats)."""

    def __init__(self, *replies: Reply) -> None:
        self.replies: list[Reply] = list(replies) or ['{"balance": "1.00"}']
        self.requests: list[httpx.Request] = []
        self.closed = 0
        self.transport = _ClosingMockTransport(self._handle, self)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if isinstance(reply, str):
            return httpx.Response(200, text=reply)
        if isinstance(reply, httpx.Response):  # a fresh copy: a response is used once
            return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)
        return reply(request)

    form_of = staticmethod(_form_of)

    @property
    def form(self) -> dict[str, str]:
        """The body of the only request made."""
        assert len(self.requests) == 1, f"expected one request, got {len(self.requests)}"
        return _form_of(self.requests[0])


class _ClosingMockTransport(httpx.MockTransport):
    def __init__(self, handler: Callable[[httpx.Request], httpx.Response], owner: Recorder):
        super().__init__(handler)
        self._owner = owner

    async def aclose(self) -> None:
        self._owner.closed += 1


@pytest.fixture
def recorder() -> type[Recorder]:
    """The :class:`Recorder` class: ``rec = recorder('{"cnt": 1}')``."""
    return Recorder
