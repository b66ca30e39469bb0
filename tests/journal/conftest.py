"""One conformance suite, two stores: every test taking ``open_store`` runs against the
SQLite store (a file in ``tmp_path``) and the PostgreSQL store (a fresh schema on the
test server, dropped afterwards, through a pool the module's tests share)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio
import services

from aiosmsc.journal import JobStore, SQLiteJobStore

#: Opens another store on the same database (another worker, or a resumed process).
OpenStore = Callable[[], Awaitable[JobStore]]


class FakeClock:
    """The SQLite store's lease clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


#: A PostgreSQL pool shared by the tests of a module, made on first use.
SharedPool = Callable[[], Awaitable[Any]]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def postgres_pool() -> AsyncIterator[SharedPool]:
    """One pool for the module's PostgreSQL tests, made when the first of them runs (a
    run of only SQLite tests connects to nothing): a pool per test would pay a server
    connection (a forked backend, ~5 ms of CPU) in every test. Commits do not wait for
    the WAL to reach the disk (``synchronous_commit`` off, this pool's sessions only):
    the tests check what the stores read and write, not the server's crash durability."""
    pool: Any = None

    async def shared() -> Any:
        nonlocal pool
        if pool is None:
            asyncpg = pytest.importorskip("asyncpg")  # in the test extra; optional for users
            pool = await asyncpg.create_pool(
                services.postgres_dsn(),
                min_size=1,
                max_size=4,
                server_settings={"synchronous_commit": "off"},
            )
        return pool

    yield shared
    if pool is not None:
        await pool.close()


@pytest_asyncio.fixture(params=["sqlite", "postgres"], loop_scope="module")
async def open_store(
    request: pytest.FixtureRequest, clock: FakeClock, postgres_pool: SharedPool
) -> AsyncIterator[OpenStore]:
    """A factory of opened stores sharing one database (a fresh SQLite file, or a fresh
    schema dropped afterwards); all are closed after the test. The tests using it run in
    their module's event loop, where the shared pool lives (``loop_scope="module"``)."""
    opened: list[JobStore] = []
    pool = None
    if request.param == "sqlite":
        path = request.getfixturevalue("tmp_path") / "journal.sqlite3"

        def make() -> JobStore:
            return SQLiteJobStore(path, clock=clock)

    else:
        from aiosmsc.journal import PostgresJobStore

        # The module's pool, passed in (the stores' "caller's pool" path): the workers of
        # a test still claim on connections of their own.
        pool = await postgres_pool()
        schema = f"test_{uuid.uuid4().hex[:12]}"

        def make() -> JobStore:
            return PostgresJobStore(pool, schema=schema)

    async def factory() -> JobStore:
        store = make()
        await store.open()
        opened.append(store)
        return store

    try:
        yield factory
    finally:
        for store in opened:
            await store.close()
        if pool is not None:
            await pool.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest_asyncio.fixture(loop_scope="module")
async def store(open_store: OpenStore) -> JobStore:
    return await open_store()
