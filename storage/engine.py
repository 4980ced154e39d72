"""The small adapter between the one SQL repository and the two database engines.

``storage.sql.SqlRepository`` writes every statement once, in the SQL that SQLite and PostgreSQL
share (``?`` placeholders, ``INSERT ... ON CONFLICT``, ``RETURNING``, ``CAST(? AS BIGINT)``), and
stores the same column formats on both (see ``storage/migrations``). This module is the contract
the repository talks to (:class:`Engine`, :class:`Tx`); what differs lives behind it, in
``storage.sqlite_engine`` and ``storage.postgres_engine``:

* how a transaction begins and ends, and how writers are kept apart;
* placeholders: PostgreSQL wants ``$1, $2, ...`` (converted once per statement and cached);
* how many rows a statement changed, and the ``FOR UPDATE`` row lock, which SQLite lacks;
* the schema version's bookkeeping (``PRAGMA user_version`` or a one-row table).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

Row = Mapping[str, Any]
Params = Sequence[object]


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
