"""SQLite through the standard library's ``sqlite3``: the embedded, single-process engine.

Why SQLite runs on the event loop's own thread (``sqlite3``, not aiosqlite):
    Measured here for a 3-statement write transaction: plain ``sqlite3`` 0.5-0.7 ms, aiosqlite
    1.5-1.7 ms. Each aiosqlite call is a hand-off to its worker thread and back, and a win's
    unit of work is several short statements on indexed rows (tens of microseconds each), so the
    hand-offs cost more than the work. SQLite is the single-process default: one connection,
    one writer, and an ``asyncio.Lock`` per transaction so that two coroutines never share one
    open transaction (one would commit or roll back the other's work). The price is that a
    statement blocks the loop while it runs: keep statements on indexes, and keep batches (the
    scheduler's) bounded. Several processes on one database is what PostgreSQL is for.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from storage.base import StorageError
from storage.cohort_sql import SQLITE_SCRATCH
from storage.engine import Params, QueryStats, Row, Tx

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: one instance per file is not checked
    fcntl = None  # type: ignore[assignment]
from storage.files import create_private

_T = TypeVar("_T")

# RETURNING (used for inserts, as PostgreSQL does) arrived in SQLite 3.35.
_MIN_SQLITE = (3, 35, 0)


class _SqliteTx:
    __slots__ = ("_bulk", "_conn", "_stats", "is_open", "writable")

    def __init__(
        self, conn: sqlite3.Connection, stats: QueryStats, writable: bool, bulk: bool = False
    ) -> None:
        self._conn = conn
        self._stats = stats
        self.is_open = True
        self.writable = writable
        self._bulk = bulk

    async def _call(self, call: Callable[..., _T], *args: Any) -> _T:
        return await off_the_loop(call, *args) if self._bulk else call(*args)

    async def rows(self, sql: str, params: Params = ()) -> list[Row]:
        self._stats.statements += 1
        return await self._call(lambda: self._conn.execute(sql, params).fetchall())

    async def one(self, sql: str, params: Params = ()) -> Row | None:
        self._stats.statements += 1
        row: Row | None = await self._call(lambda: self._conn.execute(sql, params).fetchone())
        return row

    async def run(self, sql: str, params: Params = ()) -> int:
        self._stats.statements += 1
        return await self._call(self._changed, sql, params)

    def _changed(self, sql: str, params: Params) -> int:
        before = self._conn.total_changes
        count = self._conn.execute(sql, params).rowcount
        # sqlite3 counts only statements that start with INSERT, UPDATE, DELETE or REPLACE
        # (-1 for one that starts with WITH): the connection's total counts them all.
        return count if count >= 0 else self._conn.total_changes - before

    async def run_many(self, sql: str, batch: Sequence[Params]) -> int:
        self._stats.statements += len(batch)
        before = self._conn.total_changes
        await self._call(self._conn.executemany, sql, batch)
        return self._conn.total_changes - before

    async def run_each(self, sql: str, batch: Sequence[Params]) -> None:
        self._stats.statements += len(batch)
        await self._call(self._conn.executemany, sql, batch)


async def off_the_loop(call: Callable[..., _T], *args: Any) -> _T:
    """Run a blocking call in a worker thread, and wait for it to end even when cancelled.

    A statement cannot be stopped half-way: until it ends, the connection is not free for the
    rollback that a cancellation leads to.
    """
    running = asyncio.ensure_future(asyncio.to_thread(call, *args))
    try:
        return await asyncio.shield(running)
    except asyncio.CancelledError:
        await asyncio.wait({running})
        raise


class SqliteEngine:
    """One SQLite file (or ``":memory:"``) on one ``sqlite3`` connection; see the module doc."""

    for_update = ""
    skip_locked = ""
    single_instance = True

    def __init__(self, conn: sqlite3.Connection, path: str | Path = ":memory:") -> None:
        """Wrap an open, configured connection; use :meth:`open` instead."""
        self._conn: sqlite3.Connection | None = conn
        self._path = str(path)
        self._claim: int | None = None
        self._lock = asyncio.Lock()
        self.scratch: dict[str, object] = {}
        self.stats = QueryStats()

    @classmethod
    def open(cls, path: str | Path) -> SqliteEngine:
        """Open (creating the folder and file if needed) and configure a database.

        WAL mode, ``synchronous=NORMAL`` (durable against a crash of the process; a power cut
        can lose only the last commits, never corrupt the file), ``busy_timeout`` so that a
        second process (a backup) is waited for, and foreign keys enforced.

        Raises:
            StorageError: SQLite is too old, or the file cannot be opened.
        """
        if sqlite3.sqlite_version_info < _MIN_SQLITE:
            raise StorageError(
                f"SQLite {sqlite3.sqlite_version} is too old; "
                f"{'.'.join(map(str, _MIN_SQLITE))} or newer is needed"
            )
        try:
            if str(path) != ":memory:" and not Path(path).exists():
                # Users' data: readable by the bot's account only (the -wal and -shm follow).
                create_private(Path(path))
            # isolation_level=None: sqlite3 must not open transactions behind our back.
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise StorageError(f"cannot open the SQLite database {str(path)!r}: {error}") from error
        try:
            conn.row_factory = sqlite3.Row
            # busy_timeout first: switching to WAL itself needs a lock another process may hold.
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # Reads of a large file through memory mapping and a 32 MB page cache instead of a
            # read() per page and SQLite's 2 MB default: a win touches pages all over the file.
            conn.execute("PRAGMA mmap_size = 268435456")
            conn.execute("PRAGMA cache_size = -32000")
            # The scheduler's scratch tables: temporary, this connection's alone.
            for statement in SQLITE_SCRATCH:
                conn.execute(statement)
        except sqlite3.Error as error:
            conn.close()
            raise StorageError(f"cannot use the SQLite database {str(path)!r}: {error}") from error
        return cls(conn, path)

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection (for migrations).

        Raises:
            StorageError: The engine is closed.
        """
        if self._conn is None:
            raise StorageError("the repository is closed")
        return self._conn

    @asynccontextmanager
    async def begin(self, *, write: bool, bulk: bool = False) -> AsyncIterator[Tx]:
        """A transaction; ``BEGIN IMMEDIATE`` for writers (see ``storage.sql`` for why).

        ``bulk``: no transaction, but the connection held all the same; each statement runs
        in a worker thread (``sqlite3`` lets go of the GIL while SQLite works) and commits on
        its own, so the event loop serves others meanwhile. A transaction would hold the
        file's write lock while the loop runs: code on the same loop that writes through
        another connection (a second repository on the file) would then block the loop in
        its busy wait, and with it the transaction it waits for. Only for writes that are
        safe to apply in part (the scheduler's: a batch cut short is planned again, and the
        outbox key absorbs what it had written).
        """
        async with self._lock:
            conn = self.connection
            stats = self.stats
            if bulk:
                tx = _SqliteTx(conn, stats, write, bulk)
                try:
                    yield tx
                finally:
                    tx.is_open = False
                return
            stats.transactions += 1
            if write:
                stats.write_transactions += 1
            tx = _SqliteTx(conn, stats, write, bulk)
            await tx._call(conn.execute, "BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield tx
                await tx._call(conn.execute, "COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                self.scratch.clear()  # what a rolled-back fill put there is gone
                raise
            finally:
                tx.is_open = False

    @asynccontextmanager
    async def statement(self) -> AsyncIterator[Tx]:
        """The connection for one read statement, in autocommit (still one at a time)."""
        async with self._lock:
            tx = _SqliteTx(self.connection, self.stats, False)
            try:
                yield tx
            finally:
                tx.is_open = False

    def batch(self) -> AbstractAsyncContextManager[Tx]:
        """A write transaction: SQLite's autocommit would commit each row of a batch apart."""
        return self.begin(write=True)

    async def claim_instance(self, name: str) -> bool:
        """Claim the database file for this process, whatever ``name``: SQLite serves one.

        An exclusive ``flock`` on the file, held until :meth:`close` (or the process ends).
        It is a lock of its own kind on Linux, apart from SQLite's byte-range locks, so a backup
        reading the file meanwhile is not hindered. Always True for ``":memory:"`` and where
        the system has no ``flock``.
        """
        if self._claim is not None or self._path == ":memory:" or fcntl is None:
            return True
        handle = os.open(self._path, os.O_RDONLY)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            return False
        self._claim = handle
        return True

    async def close(self) -> None:
        """Wait for the running transaction, then close. Safe to call twice."""
        async with self._lock:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                conn.close()
            if self._claim is not None:
                claim, self._claim = self._claim, None
                os.close(claim)  # releases the flock
