"""One conformance suite, two stores: every test taking ``open_store`` runs against the
SQLite store (a file in ``tmp_path``) and the PostgreSQL store (a fresh schema on the
test server, dropped afterwards)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
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


@pytest.fixture(params=["sqlite", "postgres"])
async def open_store(
    request: pytest.FixtureRequest, tmp_path: object, clock: FakeClock
) -> AsyncIterator[OpenStore]:
    """A factory of opened stores sharing one database; all are closed after the test."""
    opened: list[JobStore] = []
    pool = None
    if request.param == "sqlite":
        path = tmp_path / "journal.sqlite3"  # type: ignore[operator]

        def make() -> JobStore:
            return SQLiteJobStore(path, clock=clock)

    else:
        from aiosmsc.journal import PostgresJobStore

        asyncpg = pytest.importorskip("asyncpg")  # in the test extra; optional for users

        # One pool per test, owned by the test (the stores' "caller's pool" path): the
        # workers of a test still claim on connections of their own.
        pool = await asyncpg.create_pool(services.postgres_dsn(), min_size=1, max_size=4)
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
            await pool.close()


@pytest.fixture
async def store(open_store: OpenStore) -> JobStore:
    return await open_store()
