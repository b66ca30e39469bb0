"""The journal's tables, per SQL dialect, and the versioned creation of them.

Both stores keep the same tables (``jobs``, ``batches``, ``job_rows``) and a
``schema_version`` table with one row: the version the tables are at. Opening a store
creates the tables on first use and upgrades older versions step by step; a store written
by a newer aiosmsc is refused rather than misread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs

from .errors import SchemaVersionError

__all__ = ["SCHEMA_VERSION", "Dialect", "Tx", "migrate", "tables_v1"]

#: The version of the tables this code reads and writes.
SCHEMA_VERSION = 1


class Tx(Protocol):
    """One open transaction. SQL uses ``?`` placeholders; a dialect may rewrite them."""

    async def fetch(self, sql: str, *args: Any) -> Sequence[Sequence[Any]]:
        """The rows of a query."""
        ...

    async def execute(self, sql: str, *args: Any) -> None:
        """Run a statement."""
        ...

    async def executemany(self, sql: str, args: Sequence[Sequence[Any]]) -> None:
        """Run a statement once per argument tuple."""
        ...


@attrs.frozen(slots=True)
class Dialect:
    """What differs between the SQL of two stores: where the tables are, how "now",
    "now plus N seconds" (one ``?`` for N) and "seconds since a lease expired" are
    written, how rows are locked, the statements
    that run before the schema check (under a lock that serialises it), and the DDL of
    each schema version."""

    prefix: str  # "" or a quoted schema name and a dot
    now: str
    expires: str
    expired_for: str
    for_update: str
    skip_locked: str
    prelude: tuple[tuple[str, tuple[Any, ...]], ...]
    migrations: Mapping[int, tuple[str, ...]]

    def sql(self, template: str, **extra: str) -> str:
        """``template`` with the dialect's parts (and ``extra`` ones) filled in."""
        return template.format(
            **extra,
            jobs=f"{self.prefix}jobs",
            batches=f"{self.prefix}batches",
            rows=f"{self.prefix}job_rows",
            version=f"{self.prefix}schema_version",
            now=self.now,
            expires=self.expires,
            expired_for=self.expired_for,
            for_update=self.for_update,
            skip_locked=self.skip_locked,
        )


#: Version 1 of the tables; ``%(name)s`` marks where the dialects' types differ.
_V1_TEMPLATE = (
    """CREATE TABLE {jobs} (
        job_id TEXT PRIMARY KEY,
        settings TEXT NOT NULL,
        rows_read %(integer)s NOT NULL,
        input_done %(boolean)s NOT NULL,
        next_batch_no %(integer)s NOT NULL
    )""",
    """CREATE TABLE {batches} (
        job_id TEXT NOT NULL,
        batch_no %(integer)s NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires %(timestamp)s,
        PRIMARY KEY (job_id, batch_no)
    )""",
    "CREATE INDEX batches_by_state ON {batches} (job_id, state, batch_no)",
    """CREATE TABLE {rows} (
        job_id TEXT NOT NULL,
        row_no %(integer)s NOT NULL,
        batch_no %(integer)s,
        phone TEXT NOT NULL,
        text TEXT NOT NULL,
        options TEXT NOT NULL,
        state TEXT NOT NULL,
        sms_id TEXT,
        cnt TEXT,
        cost TEXT,
        error_type TEXT,
        error_code INTEGER,
        error_message TEXT,
        PRIMARY KEY (job_id, row_no)
    )%(rows_suffix)s""",
    "CREATE INDEX job_rows_by_batch ON {rows} (job_id, batch_no)",
)


def tables_v1(
    *, integer: str, boolean: str, timestamp: str, rows_suffix: str = ""
) -> tuple[str, ...]:
    """Version 1 of the tables with the dialect's names for a 64-bit integer, a boolean
    and a lease expiry, and what follows the rows table (``WITHOUT ROWID`` in SQLite)."""
    types = {"integer": integer, "boolean": boolean, "timestamp": timestamp}
    return tuple(statement % {**types, "rows_suffix": rows_suffix} for statement in _V1_TEMPLATE)


async def migrate(tx: Tx, dialect: Dialect) -> None:
    """Create or upgrade the tables to :data:`SCHEMA_VERSION`, inside ``tx``."""
    for statement, args in dialect.prelude:
        await tx.execute(statement, *args)
    await tx.execute(dialect.sql("CREATE TABLE IF NOT EXISTS {version} (version INTEGER NOT NULL)"))
    (found,) = (await tx.fetch(dialect.sql("SELECT max(version) FROM {version}")))[0]
    current = int(found or 0)
    if current > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"the journal's schema is at version {current}; this aiosmsc knows"
            f" version {SCHEMA_VERSION} at most: upgrade aiosmsc"
        )
    if current == SCHEMA_VERSION:
        return
    for version in range(current + 1, SCHEMA_VERSION + 1):
        for statement in dialect.migrations[version]:
            await tx.execute(dialect.sql(statement))
    await tx.execute(dialect.sql("DELETE FROM {version}"))
    await tx.execute(dialect.sql("INSERT INTO {version} (version) VALUES (?)"), SCHEMA_VERSION)
