"""The Repository in SQL, written once for SQLite and PostgreSQL (``storage.engine`` adapts).

Open it with :func:`storage.open_repository` (a ``DATABASE_URL``), which picks the engine and
applies the migrations.

This module holds the transactions; the statements live with their tables in ``storage.tables``
(``users``, ``schedule``, ``goals``, ``milestones``, ``daily_log``, ``outbox``, ``partners``:
mixins of :class:`SqlRepository`), and the conversions between rows and models in
``storage.tables.rows``.

Units of work:
    Every method is atomic on its own: outside a unit of work it runs in a transaction of its
    own. A use case that loads, decides and writes opens one with :meth:`SqlRepository.
    transaction` and makes every call on the repository it yields; they then share that one
    transaction and commit (or roll back) together. Reads that need no write open a read
    transaction, which takes no write lock.

Why ``BEGIN IMMEDIATE`` for every SQLite write:
    A plain (DEFERRED) transaction starts as a reader and becomes a writer at its first write.
    Our writes read first (does the goal belong to this user? which priority is next?), and if
    another connection - a backup script, a second repository in a test - writes in between,
    the upgrade fails with ``SQLITE_BUSY`` at once: ``busy_timeout`` cannot wait there. With
    ``IMMEDIATE`` the write lock is taken at ``BEGIN``, where ``busy_timeout`` does wait. On
    PostgreSQL a writer that checks before it writes locks the rows it checks (``FOR UPDATE``
    on the user or the goal), so two instances never both pass the same check.

Stored formats (the same on both engines, so the SQL and the conversions in
``storage.tables.rows`` are shared):
    * Timestamps are TEXT in UTC, fixed width ``2026-11-22T15:04:05.123456Z``, so comparing and
      ordering the text compares and orders the instants. They come back as aware UTC datetimes;
      a naive datetime passed in is a programming error (``ValueError``).
    * Local dates are ``YYYY-MM-DD``; wall-clock times are ``HH:MM`` (a time with seconds or a
      time zone would not survive, so it is refused with ``ValueError``).
    * A ``Measure`` is two columns, ``<name>_quantity`` (a double) and ``<name>_unit`` TEXT.
    * Flags are integers 0/1; a delivery's payload is JSON text (strict: no NaN or infinity).

Semantics the contract leaves open, decided by this implementation (``storage.tables``):
    * ``updated_at`` is when the row last changed: ``upsert_user`` and ``set_user_status`` set it
      to ``now`` only when they change something besides ``last_seen_at``; ``set_next_due`` leaves
      it alone (scheduler churn is not a change of the user); ``save_user`` and ``save_goal``
      take it from the given object.
    * ``upsert_user`` turns only BLOCKED users back to ACTIVE; a DELETED user stays DELETED.
    * ``set_next_due`` ignores unknown users, like ``set_user_status``.
    * ``undo_entry`` on an entry already undone keeps the first ``undone_at``.
    * ``enqueue_delivery`` for an unknown user raises ``NotFoundError``.
    * ``record_delivery`` keeps ``retry_at`` only with status PENDING, replaces ``last_error``
      with this attempt's ``error`` (``None`` clears it), and keeps the stored Telegram message id
      unless the status is SENT.
    * A negative ``limit``, a priority below 1, a review weekday outside 0-6, an empty delivery
      kind, or a ``datetime`` given where a ``date`` is expected raise ``ValueError``.
    * After ``close()``, every method but ``close`` raises ``StorageError``.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from bot.coach.cohorts import DueBatch
from storage import cohort_sql
from storage.base import StorageError
from storage.columns import parse_ts_required, ts
from storage.engine import Engine, QueryStats, Tx
from storage.tables.daily_log import LogTables
from storage.tables.goals import GoalTables
from storage.tables.milestones import MilestoneTables
from storage.tables.outbox import OutboxTables
from storage.tables.partners import PartnerTables
from storage.tables.rows import checked_limit
from storage.tables.schedule import ScheduleTables
from storage.tables.users import UserTables

__all__ = ["SqlRepository"]

_AMBIENT: ContextVar[tuple[Engine, Tx, asyncio.Task[Any] | None] | None] = ContextVar(
    "unit_of_work", default=None
)
"""The unit of work open in this task (engine, transaction, owner), which calls inside it join."""


class SqlRepository(
    UserTables,
    ScheduleTables,
    GoalTables,
    MilestoneTables,
    LogTables,
    OutboxTables,
    PartnerTables,
):
    """The Repository on one database engine; see the module docstring.

    Build it with :func:`storage.open_repository`. Inside :meth:`transaction` the yielded
    repository is bound to the open transaction and every call on it joins that transaction.
    """

    def __init__(self, engine: Engine, tx: Tx | None = None) -> None:
        """Wrap an engine whose schema is up to date (``tx``: the unit of work joined)."""
        self._engine = engine
        self._tx = tx

    @property
    def engine(self) -> Engine:
        """The engine underneath (its ``stats`` count statements and transactions)."""
        return self._engine

    @property
    def stats(self) -> QueryStats:
        """Statements and transactions sent so far (for benchmarks and ``/stats``)."""
        return self._engine.stats

    async def close(self) -> None:
        """Wait for the running transaction, then release connections. Safe to call twice."""
        await self._engine.close()

    @property
    def single_instance(self) -> bool:
        """True where only one process may use the database at a time (SQLite)."""
        return self._engine.single_instance

    async def claim_instance(self, name: str) -> bool:
        """Claim ``name`` for this process until the repository is closed (see the contract)."""
        return await self._engine.claim_instance(name)

    # --- transactions ----------------------------------------------------------------------------

    @asynccontextmanager
    async def transaction(self, *, write: bool = True) -> AsyncIterator[SqlRepository]:
        """One unit of work: every call on the yielded repository shares one transaction.

        It commits when the block ends and rolls back if the block raises. Inside a unit of
        work - on the yielded repository, or on this one anywhere in the same task while the
        block runs - calls and nested ``transaction`` blocks join the open transaction. So a
        use case can wrap its whole body, helpers and other services included, in one
        transaction; and a nested call can never wait for a lock its own task holds.

        Args:
            write: False for a unit of work that only reads (it takes no write lock).
        """
        joined = self._joined()
        if joined is not None:
            yield self if self._tx is joined else self._bound(joined)
            return
        async with self._engine.begin(write=write) as tx:
            token = _AMBIENT.set((self._engine, tx, asyncio.current_task()))
            try:
                yield self._bound(tx)
            finally:
                _AMBIENT.reset(token)

    def _bound(self, tx: Tx) -> SqlRepository:
        # A copy bound to the transaction: a subclass (a test double) stays itself.
        bound = copy.copy(self)
        bound._tx = tx
        return bound

    def _joined(self) -> Tx | None:
        """The open transaction this call joins: its own, or its task's unit of work."""
        if self._tx is not None:
            return self._tx
        ambient = _AMBIENT.get()
        if ambient is None or ambient[0] is not self._engine or not ambient[1].is_open:
            return None
        if ambient[2] is not asyncio.current_task():
            # A task started inside a unit of work inherits the variable. Joining would run it
            # beside its parent on one transaction; waiting for a new one could deadlock
            # against a parent that awaits it. Neither is right: say so.
            raise StorageError(
                "a task started inside a unit of work used the repository while it was open"
            )
        return ambient[1]

    @asynccontextmanager
    async def _scope(self, write: bool) -> AsyncIterator[Tx]:
        joined = self._joined()
        if joined is not None:
            if write and not joined.writable:
                raise StorageError("a write inside a read-only unit of work")
            yield joined
            return
        async with self._engine.begin(write=write) as tx:
            yield tx

    def _write(self) -> AbstractAsyncContextManager[Tx]:
        return self._scope(True)

    def _read(self) -> AbstractAsyncContextManager[Tx]:
        # A read transaction gives methods that run several SELECTs one consistent snapshot.
        return self._scope(False)

    @asynccontextmanager
    async def _read_one(self) -> AsyncIterator[Tx]:
        """For a method that reads with one statement: atomic on its own, no transaction."""
        joined = self._joined()
        if joined is not None:
            yield joined
            return
        async with self._engine.statement() as tx:
            yield tx

    @asynccontextmanager
    async def _write_one(self) -> AsyncIterator[Tx]:
        """For a method that writes with one statement (over many rows, ``run_each``): all of
        it or nothing, with no BEGIN/COMMIT where the engine needs none."""
        joined = self._joined()
        if joined is not None:
            if not joined.writable:
                raise StorageError("a write inside a read-only unit of work")
            yield joined
            return
        async with self._engine.batch() as tx:
            yield tx

    @asynccontextmanager
    async def claim_due_batch(
        self, now: datetime, limit: int
    ) -> AsyncIterator[tuple[DueBatch | None, SqlRepository]]:
        """The next due users at one due time, claimed until the block ends (see the contract)."""
        claim = self._engine.skip_locked
        async with self._engine.begin(write=True, bulk=True) as tx:
            token = _AMBIENT.set((self._engine, tx, asyncio.current_task()))
            try:
                scope = self._bound(tx)
                head = (
                    await tx.one(cohort_sql.HEAD + claim, (ts(now),))
                    if checked_limit(limit)
                    else None
                )
                if head is None:
                    yield None, scope
                    return
                sized = await tx.one(
                    cohort_sql.batch_size(claim), (head["next_due_at"], head["user_id"], limit)
                )
                assert sized is not None  # an aggregate always has its row
                since = parse_ts_required(head["next_due_at"])
                yield (
                    DueBatch(since, int(sized["first"]), int(sized["last"]), int(sized["size"])),
                    scope,
                )
            finally:
                _AMBIENT.reset(token)
