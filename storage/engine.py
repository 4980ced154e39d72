"""The small adapter between the one SQL repository and the two database engines.

``storage.sql.SqlRepository`` writes every statement once, in the SQL that SQLite and PostgreSQL
share (``?`` placeholders, ``INSERT ... ON CONFLICT``, ``RETURNING``, ``CAST(? AS BIGINT)``), and
stores the same column formats on both (see ``storage/migrations``). What differs lives here:

* how a transaction begins and ends, and how writers are kept apart;
* placeholders: PostgreSQL wants ``$1, $2, ...`` (converted once per statement and cached);
* how many rows a statement changed, and the ``FOR UPDATE`` row lock, which SQLite lacks;
* the schema version's bookkeeping (``PRAGMA user_version`` or a one-row table).

Why SQLite runs on the event loop's own thread (``sqlite3``, not aiosqlite):
    Measured here for a 3-statement write transaction: plain ``sqlite3`` 0.5-0.7 ms, aiosqlite
    1.5-1.7 ms. Each aiosqlite call is a hand-off to its worker thread and back, and a win's
    unit of work is several short statements on indexed rows (tens of microseconds each), so the
    hand-offs cost more than the work. SQLite is the single-process default: one connection,
    one writer, and an ``asyncio.Lock`` per transaction so that two coroutines never share one
    open transaction (one would commit or roll back the other's work). The price is that a
    statement blocks the loop while it runs: keep statements on indexes, and keep batches (the
    scheduler's) bounded. Several processes on one database is what PostgreSQL is for.

PostgreSQL runs on asyncpg with a connection pool; each unit of work holds one connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import asyncpg

from storage.base import StorageError
from storage.cohort_sql import SQLITE_SCRATCH

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: one instance per file is not checked
    fcntl = None  # type: ignore[assignment]
from storage.files import create_private

Row = Mapping[str, Any]
_T = TypeVar("_T")
Params = Sequence[object]

# RETURNING (used for inserts, as PostgreSQL does) arrived in SQLite 3.35.
_MIN_SQLITE = (3, 35, 0)


@dataclass(slots=True)
class QueryStats:
    """Counters of the work sent to the database, for benchmarks and ``/stats``.

    Attributes:
        statements: SQL statements run (transaction control not included).
        transactions: Transactions begun.
        write_transactions: Of those, the ones that could write.
    """

    statements: int = 0
    transactions: int = 0
    write_transactions: int = 0


class Tx(Protocol):
    """One open transaction: the only way the repository talks to the database."""

    is_open: bool
    """True until the transaction commits or rolls back."""

    writable: bool
    """False for a read-only unit of work: a write inside it is a programming error."""

    async def rows(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query and return all its rows."""
        ...

    async def one(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, if any."""
        ...

    async def run(self, sql: str, params: Params = ()) -> int:
        """Run a statement and return how many rows it changed."""
        ...

    async def run_many(self, sql: str, batch: Sequence[Params]) -> int:
        """Run one statement for each parameter set; return how many rows changed in all."""
        ...

    async def run_each(self, sql: str, batch: Sequence[Params]) -> None:
        """Run one statement for each parameter set, all in one round trip where the engine
        can: for writes whose counts nobody needs."""
        ...


class Engine(Protocol):
    """A database engine: transactions, and the few SQL words that differ."""

    stats: QueryStats
    for_update: str
    """`` FOR UPDATE`` where the engine locks rows that way (PostgreSQL), else empty."""
    skip_locked: str
    """`` FOR UPDATE SKIP LOCKED`` where several instances may claim rows (PostgreSQL), else
    empty: SQLite is one process, whose write transaction excludes every other writer."""
    scratch: dict[str, object]
    """What the connection's scratch tables hold, by table (SQLite's scheduler batches:
    ``storage.cohort_sql.SQLITE_SCRATCH``), so that a batch planned like the last one fills
    nothing; a table missing here is refilled. Unused on PostgreSQL."""

    def begin(self, *, write: bool, bulk: bool = False) -> AbstractAsyncContextManager[Tx]:
        """Open a transaction (an async context manager); commit on exit, roll back on error.

        ``bulk``: its statements may each take many milliseconds (a scheduler batch over a
        thousand users); SQLite then runs each off the event loop's thread and commits it on
        its own (see ``SqliteEngine.begin``): only for writes that are safe to apply in part.
        """
        ...

    def statement(self) -> AbstractAsyncContextManager[Tx]:
        """A connection for one read statement, which is atomic on its own: no BEGIN/COMMIT.

        Saves two round trips on PostgreSQL for the many reads that are a single SELECT.
        """
        ...

    def batch(self) -> AbstractAsyncContextManager[Tx]:
        """A connection for one write statement over many rows (:meth:`Tx.run_each`), which
        commits all of them or none.

        On PostgreSQL it is one round trip, no BEGIN/COMMIT: asyncpg sends every row and one
        Sync, and the server runs what comes before a Sync as one implicit transaction. On
        SQLite, whose autocommit would commit each row apart, a write transaction.
        """
        ...

    single_instance: bool
    """True where one process only may use the database (SQLite)."""

    async def claim_instance(self, name: str) -> bool:
        """Claim ``name`` for this process until :meth:`close`; False if another holds it."""
        ...

    async def close(self) -> None:
        """Release connections. Safe to call twice."""
        ...


# --- SQLite ----------------------------------------------------------------------------------


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


# --- PostgreSQL ------------------------------------------------------------------------------

CLAIM_CHECK_SECONDS = 5.0
"""How long a check that this process still holds its claims may take before it counts as no."""

_PLACEHOLDER = re.compile(r"\?")


def postgres_sql(sql: str) -> str:
    """The statement with ``?`` placeholders numbered the PostgreSQL way (``$1``, ``$2``...)."""
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


def _changed(status: str) -> int:
    # asyncpg returns the command tag: "UPDATE 3", "DELETE 0", "INSERT 0 1".
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class _PostgresTx:
    __slots__ = ("_conn", "_sql", "_stats", "is_open", "writable")

    def __init__(self, conn: Any, stats: QueryStats, sql: dict[str, str], writable: bool) -> None:
        self._conn = conn
        self._stats = stats
        self._sql = sql
        self.is_open = True
        self.writable = writable

    def _pg(self, sql: str) -> str:
        converted = self._sql.get(sql)
        if converted is None:
            converted = self._sql[sql] = postgres_sql(sql)
        return converted

    async def rows(self, sql: str, params: Params = ()) -> list[Row]:
        self._stats.statements += 1
        rows: list[Row] = await self._conn.fetch(self._pg(sql), *params)
        return rows

    async def one(self, sql: str, params: Params = ()) -> Row | None:
        self._stats.statements += 1
        row: Row | None = await self._conn.fetchrow(self._pg(sql), *params)
        return row

    async def run(self, sql: str, params: Params = ()) -> int:
        self._stats.statements += 1
        return _changed(await self._conn.execute(self._pg(sql), *params))

    async def run_many(self, sql: str, batch: Sequence[Params]) -> int:
        # One prepared statement, one round trip per row: the count of changed rows is needed.
        statement = await self._conn.prepare(self._pg(sql))
        changed = 0
        for params in batch:
            self._stats.statements += 1
            await statement.fetch(*params)
            changed += _changed(statement.get_statusmsg())
        return changed

    async def run_each(self, sql: str, batch: Sequence[Params]) -> None:
        # asyncpg sends every row's parameters before it waits: one round trip, not one a
        # row, on the statement it has cached for this connection.
        self._stats.statements += len(batch)
        await self._conn.executemany(self._pg(sql), batch)


async def _end_any_transaction(conn: Any) -> None:
    """What a connection returned to the pool needs before its next use: no open transaction.

    asyncpg's default reset is a round trip on every release (advisory unlock, ``CLOSE ALL``,
    ``UNLISTEN *``, ``RESET ALL``): two of a win's dozen round trips. Our connections keep no
    session state between uses — every unit of work is one transaction, nothing runs ``SET``,
    ``LISTEN`` or opens a cursor outside it, and the one connection that holds session
    advisory locks (the claims) unlocks them before it goes back (:meth:`PostgresEngine.close`).
    """
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


class PostgresEngine:
    """A PostgreSQL database through an asyncpg connection pool."""

    for_update = " FOR UPDATE"
    skip_locked = " FOR UPDATE SKIP LOCKED"
    single_instance = False

    def __init__(self, pool: Any) -> None:
        """Wrap an open pool; use :meth:`open` instead."""
        self._pool: Any | None = pool
        self._claims: set[str] = set()
        self._claim_conn: Any | None = None
        self._claiming = asyncio.Lock()  # one use of the claim connection at a time
        self._sql: dict[str, str] = {}
        self.scratch: dict[str, object] = {}
        self.stats = QueryStats()

    @classmethod
    async def open(cls, dsn: str, *, min_size: int = 1, max_size: int = 10) -> PostgresEngine:
        """Connect to the database named by a ``postgresql://`` URL.

        Raises:
            StorageError: The server cannot be reached or refuses the connection.
        """
        try:
            pool = await asyncpg.create_pool(
                dsn,
                min_size=min_size,
                max_size=max_size,
                command_timeout=60,
                timeout=10,
                reset=_end_any_transaction,
            )
        except (
            OSError,
            TimeoutError,
            ValueError,
            asyncpg.PostgresError,
            asyncpg.InterfaceError,
        ) as error:
            raise StorageError(f"cannot connect to PostgreSQL: {error}") from error
        return cls(pool)

    @property
    def pool(self) -> Any:
        """The open pool (for migrations).

        Raises:
            StorageError: The engine is closed.
        """
        if self._pool is None:
            raise StorageError("the repository is closed")
        return self._pool

    @asynccontextmanager
    async def begin(self, *, write: bool, bulk: bool = False) -> AsyncIterator[Tx]:
        """A transaction on one pooled connection: READ COMMITTED for writers, a read-only
        REPEATABLE READ snapshot for readers.

        Writers that check before they write lock the rows they check (``for_update``), so two
        instances never both pass the same check. ``bulk`` (a writer) commits without
        waiting for the disk: see the comment below for why that is safe where it is used.
        asyncpg never holds the event loop while the server works.
        """
        stats = self.stats
        stats.transactions += 1
        if write:
            stats.write_transactions += 1
        # A reader gets one snapshot for all its statements (READ COMMITTED takes one per
        # statement), as SQLite's read transaction does.
        isolation = "read_committed" if write else "repeatable_read"
        async with (
            self.pool.acquire() as conn,
            conn.transaction(isolation=isolation, readonly=not write),
        ):
            if bulk and write:
                # A bulk batch (the scheduler's) lost to a server crash is planned again: its
                # users are still due, its outbox rows gone with their due times. And before
                # any of its messages leaves, the sender's own commit (the card about to go,
                # on the row) waits for the disk, which writes this batch's commit first. So
                # it need not wait itself: that wait is a third of a batch's time.
                await conn.execute("SET LOCAL synchronous_commit = off")
            tx = _PostgresTx(conn, stats, self._sql, write)
            try:
                yield tx
            finally:
                tx.is_open = False

    @asynccontextmanager
    async def statement(self) -> AsyncIterator[Tx]:
        """A pooled connection for one read statement, in autocommit."""
        async with self.pool.acquire() as conn:
            tx = _PostgresTx(conn, self.stats, self._sql, False)
            try:
                yield tx
            finally:
                tx.is_open = False

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[Tx]:
        """A pooled connection for one write statement over many rows, in autocommit: the
        rows of an ``executemany`` are one implicit transaction (see :meth:`Engine.batch`)."""
        stats = self.stats
        stats.transactions += 1
        stats.write_transactions += 1
        async with self.pool.acquire() as conn:
            tx = _PostgresTx(conn, stats, self._sql, True)
            try:
                yield tx
            finally:
                tx.is_open = False

    async def claim_instance(self, name: str) -> bool:
        """Claim ``name`` with a session advisory lock, on a pooled connection kept for claims.

        The lock lives as long as that connection: :meth:`close` releases it, and so does the
        end of the process (the server sees the connection drop). Asked again, it checks that
        the connection still works (a round trip), so a process whose connection was cut learns
        that its claims are gone, and claims anew if it can.
        """
        async with self._claiming:
            return await self._claim(name)

    async def _claim(self, name: str) -> bool:
        conn = self._claim_conn
        if conn is not None and (_dropped(conn) or not await self._claims_alive(conn)):
            # The server dropped the connection (a restart, a network fault): its locks went
            # with it. A connection asyncpg saw close is back in the pool already.
            self._claims.clear()
            self._claim_conn = None
            if not _dropped(conn):
                with contextlib.suppress(asyncpg.InterfaceError):
                    conn.terminate()
                with contextlib.suppress(asyncpg.InterfaceError, asyncpg.PostgresError, OSError):
                    await self.pool.release(conn)
        if name in self._claims:
            return True
        if self._claim_conn is None:
            self._claim_conn = await self.pool.acquire()
        # hashtext: a stable 32-bit key for the name, the same in every instance.
        taken = await self._claim_conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", name)
        if taken:
            self._claims.add(name)
        return bool(taken)

    @staticmethod
    async def _claims_alive(conn: Any) -> bool:
        """Whether the connection holding the claims still works (one round trip): a session's
        advisory locks last exactly as long as it does."""
        try:
            await conn.fetchval("SELECT 1", timeout=CLAIM_CHECK_SECONDS)
        except (
            OSError,
            TimeoutError,
            asyncpg.PostgresError,
            asyncpg.InterfaceError,
            # A server that ends an idle connection sends a farewell error first; asked while
            # asyncpg is still reading it, the connection refuses the query with this one.
            asyncpg.InternalClientError,
        ):
            return False
        return True

    async def close(self) -> None:
        """Close every pooled connection (claims end with theirs). Safe to call twice."""
        if self._claim_conn is not None and _dropped(self._claim_conn):
            self._claim_conn = None
        if self._claim_conn is not None and self._pool is not None:
            conn, self._claim_conn = self._claim_conn, None
            self._claims.clear()
            # Released before the pool closes (close() waits for every acquired connection),
            # its claims unlocked first: the pool's reset leaves session state alone.
            with contextlib.suppress(asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                await conn.execute("SELECT pg_advisory_unlock_all()")
            await self._pool.release(conn)
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()


def _dropped(conn: Any) -> bool:
    """Whether a pooled connection was closed under us (asyncpg then detaches it from us)."""
    try:
        return bool(conn.is_closed())
    except asyncpg.InterfaceError:
        return True
