"""PostgreSQL through asyncpg: the engine for several instances on one database.

PostgreSQL runs on asyncpg with a connection pool; each unit of work holds one connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from storage.base import StorageError
from storage.engine import Params, QueryStats, Row, Tx

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
