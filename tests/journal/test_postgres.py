"""What only the PostgreSQL store has: the optional driver, the schema it lives in, its own
pool from a DSN, and leases on the server's clock."""

from __future__ import annotations

import sys
import uuid

import pytest
import services

from aiosmsc.errors import ConfigurationError
from aiosmsc.journal import BatchKind, MissingDependencyError, NewBatch, PostgresJobStore, Row


def test_without_asyncpg_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "asyncpg", None)  # import asyncpg now raises ImportError
    with pytest.raises(MissingDependencyError, match=r"aiosmsc\[postgres\]") as caught:
        PostgresJobStore("postgresql://u:pw@db/jobs")
    assert isinstance(caught.value, ImportError)


@pytest.mark.parametrize("schema", ["", "1abc", 'x"; DROP TABLE t; --', "a" * 64])
def test_the_schema_must_be_a_plain_identifier(schema: str) -> None:
    with pytest.raises(ConfigurationError, match="schema"):
        PostgresJobStore("postgresql://db/jobs", schema=schema)


def test_repr_never_shows_the_dsn() -> None:
    assert "s3cret" not in repr(PostgresJobStore("postgresql://u:s3cret@db/jobs"))


async def test_a_store_from_a_dsn_owns_its_pool_and_leases_use_the_server_clock() -> None:
    pytest.importorskip("asyncpg")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    store = PostgresJobStore(services.postgres_dsn(), schema=schema, max_connections=1)
    async with store:
        await store.begin_job("job", {})
        batch = NewBatch(BatchKind.PHONES, [Row(0, "79990000000", "hi")])
        await store.plan("job", [batch], rows_read=1)
        await store.claim("job", "w", lease_seconds=3600)
        async with store._pool.acquire() as connection:
            left = await connection.fetchval(
                f'SELECT extract(epoch FROM lease_expires - clock_timestamp()) FROM "{schema}".batches'
            )
            assert 3590 < left <= 3600
            await connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
        pool = store._pool
    assert store._pool is None
    assert pool.is_closing()
