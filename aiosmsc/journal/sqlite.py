"""The embedded journal: one SQLite file, on the standard library's :mod:`sqlite3`.

The connection lives on one worker thread the store owns, so the event loop never waits
for the disk and the connection is only ever used from the thread that made it. Several
processes may open the same file (a crashed run and its resume): writes take the
database's write lock at ``BEGIN IMMEDIATE`` and wait up to ``busy_timeout`` for it.

Durability: WAL mode with ``synchronous=FULL``, so every commit is on disk before it
returns. With ``NORMAL`` a power cut may roll back the last commits, among them the
write-ahead record of a batch whose request then leaves; a resume would not know to ask
about it and could send it again. One fsync per claim or completion of a whole batch is
cheap next to the HTTP request it guards.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from .errors import JournalError
from .schema import Dialect, tables_v1
from .sqlstore import SQLJobStore

__all__ = ["SQLiteJobStore"]

_T = TypeVar("_T")

_DIALECT = Dialect(
    prefix="",
    # The store's clock, registered on the connection: injectable for tests.
    now="journal_now()",
    expires="journal_now() + ?",
    expired_for="journal_now() - lease_expires",
    for_update="",  # BEGIN IMMEDIATE already locked the whole database for writing
    skip_locked="",
    prelude=(),
    migrations={
        1: tables_v1(
            integer="INTEGER", boolean="INTEGER", timestamp="REAL", rows_suffix=" WITHOUT ROWID"
        )
    },
)


class SQLiteJobStore(SQLJobStore):
    """A :class:`~aiosmsc.journal.JobStore` in the SQLite file at ``path`` (created on
    first use). ``clock`` (seconds, like :func:`time.time`) times the leases;
    ``busy_timeout`` is how long a write waits for another process's transaction."""

    _dialect = _DIALECT

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Callable[[], float] = time.time,
        busy_timeout: float = 30.0,
    ) -> None:
        self.path = os.fspath(path)
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._executor: ThreadPoolExecutor | None = None
        self._lock = asyncio.Lock()
        # Only ever touched on the executor's thread.
        self._connection: sqlite3.Connection | None = None

    def __repr__(self) -> str:
        return f"SQLiteJobStore({self.path!r})"

    async def open(self) -> None:
        """Open the file (creating it and its tables on first use)."""
        if self._executor is not None:
            return
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="aiosmsc-journal")
        self._lock = asyncio.Lock()  # made here: it belongs to the loop that opens the store
        try:
            await self._call(self._connect)
            await self._migrate()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Close the connection (after the running transaction, if any) and stop the
        store's thread."""
        async with self._lock:
            executor, self._executor = self._executor, None
            if executor is None:
                return
            try:
                await self._run(executor, self._disconnect)
            finally:
                executor.shutdown(wait=False)  # its only task is done: the thread exits

    @contextlib.asynccontextmanager
    async def _transaction(self, *, write: bool) -> AsyncIterator[_SQLiteTx]:
        # One transaction at a time on the store's one connection.
        async with self._lock:
            try:
                # Inside the try: a caller cancelled while BEGIN is queued still gets it
                # rolled back (the thread runs BEGIN, then the ROLLBACK queued after it).
                await self._call(self._execute, "BEGIN IMMEDIATE" if write else "BEGIN", ())
                yield _SQLiteTx(self)
            except BaseException:
                await self._call(self._rollback)
                raise
            await self._call(self._execute, "COMMIT", ())

    async def _call(self, function: Callable[..., _T], *args: Any) -> _T:
        if self._executor is None:
            raise JournalError(f"{self!r} is not open")
        return await self._run(self._executor, function, *args)

    @staticmethod
    async def _run(executor: ThreadPoolExecutor, function: Callable[..., _T], *args: Any) -> _T:
        future = asyncio.get_running_loop().run_in_executor(
            executor, functools.partial(function, *args)
        )
        # Shielded: a cancelled caller must not unqueue work the thread owes the connection
        # (a ROLLBACK or COMMIT skipped would leave the transaction open). The thread runs
        # its queue in order, so the next transaction still begins after it.
        future.add_done_callback(_consume)  # a detached failure needs no "never retrieved"
        return await asyncio.shield(future)

    # -- on the store's thread ---------------------------------------------------------

    def _connect(self) -> None:
        try:
            connection = sqlite3.connect(
                self.path, timeout=self._busy_timeout, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal {self.path!r}: {exc}") from exc
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            connection.create_function("journal_now", 0, self._clock)
        except BaseException:
            connection.close()
            raise
        self._connection = connection

    def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _rollback(self) -> None:
        # SQLite may have rolled back already (on a full disk, say): nothing left to undo.
        if self._connection is not None and self._connection.in_transaction:
            self._connection.rollback()

    def _execute(self, sql: str, args: Sequence[Any]) -> list[Any]:
        assert self._connection is not None
        return self._connection.execute(sql, args).fetchall()

    def _executemany(self, sql: str, args: Sequence[Sequence[Any]]) -> None:
        assert self._connection is not None
        self._connection.executemany(sql, args)


def _consume(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


class _SQLiteTx:
    """The store's open transaction: every statement runs on the store's thread."""

    __slots__ = ("_store",)

    def __init__(self, store: SQLiteJobStore) -> None:
        self._store = store

    async def fetch(self, sql: str, *args: Any) -> list[Any]:
        return await self._store._call(self._store._execute, sql, args)

    async def execute(self, sql: str, *args: Any) -> None:
        await self._store._call(self._store._execute, sql, args)

    async def executemany(self, sql: str, args: Sequence[Sequence[Any]]) -> None:
        await self._store._call(self._store._executemany, sql, args)
