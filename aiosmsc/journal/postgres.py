"""The shared journal: PostgreSQL through asyncpg (``pip install aiosmsc[postgres]``).

Workers on several machines share jobs: each claims batches under an expiring lease,
timed by the server's clock (``clock_timestamp()``), so machines whose clocks disagree
still agree on when a lease is over. ``claim`` selects with ``FOR UPDATE SKIP LOCKED``:
workers claiming at once each get different batches, and none waits for another.
"""

from __future__ import annotations

import contextlib
import importlib
import re
from collections.abc import AsyncIterator, Sequence
from functools import lru_cache
from typing import Any

from ..errors import ConfigurationError
from .errors import JournalError, MissingDependencyError
from .schema import Dialect, tables_v1
from .sqlstore import SQLJobStore

__all__ = ["PostgresJobStore"]

_SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _asyncpg() -> Any:
    """The asyncpg module, imported on first use (it is an optional dependency)."""
    try:
        return importlib.import_module("asyncpg")
    except ImportError as exc:
        raise MissingDependencyError(
            "the PostgreSQL journal needs asyncpg: pip install 'aiosmsc[postgres]'"
        ) from exc


@lru_cache(maxsize=256)
def _numbered(sql: str) -> str:
    """``sql`` with its ``?`` placeholders numbered as PostgreSQL wants them ($1, $2...)."""
    parts = sql.split("?")
    return "".join(
        part + (f"${index}" if index < len(parts) else "") for index, part in enumerate(parts, 1)
    )


def _dialect(schema: str) -> Dialect:
    prefix = f'"{schema}".'
    return Dialect(
        prefix=prefix,
        now="clock_timestamp()",
        expires="clock_timestamp() + make_interval(secs => ?)",
        expired_for="extract(epoch FROM clock_timestamp() - lease_expires)::float8",
        for_update=" FOR UPDATE",
        skip_locked=" FOR UPDATE SKIP LOCKED",
        prelude=(
            # Serialise schema checks: concurrent CREATE ... IF NOT EXISTS can still collide.
            ("SELECT pg_advisory_xact_lock(hashtext(?))", (f"aiosmsc.journal:{schema}",)),
            (f'CREATE SCHEMA IF NOT EXISTS "{schema}"', ()),
        ),
        migrations={1: tables_v1(integer="BIGINT", boolean="BOOLEAN", timestamp="TIMESTAMPTZ")},
    )


class PostgresJobStore(SQLJobStore):
    """A :class:`~aiosmsc.journal.JobStore` in PostgreSQL.

    ``database`` is a DSN (``postgresql://user@host/db``; the store makes and closes a
    pool of at most ``max_connections``) or an asyncpg pool the caller owns. The tables
    live in ``schema`` (created on first use).
    """

    def __init__(
        self, database: str | Any, *, schema: str = "aiosmsc", max_connections: int = 4
    ) -> None:
        if not _SCHEMA_NAME.fullmatch(schema):
            raise ConfigurationError(f"the schema name must be a plain identifier, got {schema!r}")
        self._asyncpg = _asyncpg()  # fail at once, naming the extra, when it is missing
        self.schema = schema
        self._dialect = _dialect(schema)
        self._database = database
        self._max_connections = max_connections
        self._pool: Any = None
        self._owns_pool = isinstance(database, str)

    def __repr__(self) -> str:
        return f"PostgresJobStore(schema={self.schema!r})"  # never the DSN: it may hold a password

    async def open(self) -> None:
        """Connect (making the pool from the DSN) and create the tables on first use."""
        if self._pool is not None:
            return
        if self._owns_pool:
            self._pool = await self._asyncpg.create_pool(
                self._database, min_size=1, max_size=self._max_connections
            )
        else:
            self._pool = self._database
        try:
            await self._migrate()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Close the pool the store made (a caller's pool stays open)."""
        pool, self._pool = self._pool, None
        if pool is not None and self._owns_pool:
            await pool.close()

    @contextlib.asynccontextmanager
    async def _transaction(self, *, write: bool) -> AsyncIterator[_PostgresTx]:
        if self._pool is None:
            raise JournalError(f"{self!r} is not open")
        async with self._pool.acquire() as connection, connection.transaction(readonly=not write):
            yield _PostgresTx(connection)


class _PostgresTx:
    """A transaction on one pooled connection."""

    __slots__ = ("_connection",)

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        found: list[Any] = await self._connection.fetch(_numbered(sql), *args)
        return found

    async def execute(self, sql: str, *args: Any) -> None:
        await self._connection.execute(_numbered(sql), *args)

    async def executemany(self, sql: str, args: Sequence[Sequence[Any]]) -> None:
        if args:
            await self._connection.executemany(_numbered(sql), args)
