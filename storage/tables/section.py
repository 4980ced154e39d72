"""What every group of tables of ``storage.sql.SqlRepository`` shares: its scopes and row locks."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager

from storage.base import Repository
from storage.engine import Engine, Params, Row, Tx
from storage.tables.many import any_of


class Section:
    """A group of tables of the repository: how its methods open a scope, and shared lookups."""

    _engine: Engine

    def transaction(self, *, write: bool = True) -> AbstractAsyncContextManager[Repository]:
        raise NotImplementedError  # pragma: no cover - SqlRepository's

    def _write(self) -> AbstractAsyncContextManager[Tx]:
        raise NotImplementedError  # pragma: no cover - SqlRepository's

    def _read(self) -> AbstractAsyncContextManager[Tx]:
        raise NotImplementedError  # pragma: no cover - SqlRepository's

    def _read_one(self) -> AbstractAsyncContextManager[Tx]:
        raise NotImplementedError  # pragma: no cover - SqlRepository's

    def _write_one(self) -> AbstractAsyncContextManager[Tx]:
        raise NotImplementedError  # pragma: no cover - SqlRepository's

    def _scope(self, write: bool) -> AbstractAsyncContextManager[Tx]:
        raise NotImplementedError  # pragma: no cover - SqlRepository's

    async def _rows_for_any(
        self, select: str, clause: str, keys: Sequence[Sequence[object]], *, order: str
    ) -> list[Row]:
        """The rows of ``select`` (its ``WHERE`` left open) matching ``clause`` for any of
        ``keys``, in ``order``: one statement however many keys (see ``storage.tables.many``)."""
        where, params = any_of(clause, keys)
        async with self._read_one() as conn:
            return await conn.rows(f"{select} {where} ORDER BY {order}", params)

    async def _user_row(self, conn: Tx, user_id: int) -> Row | None:
        return await conn.one("SELECT * FROM users WHERE user_id = ?", (user_id,))

    async def _lock_user(self, conn: Tx, user_id: int) -> None:
        """Serialise writers that check the user's rows before writing (PostgreSQL only).

        On SQLite ``BEGIN IMMEDIATE`` already lets one writer in at a time, so no statement.
        """
        if self._engine.for_update:
            await conn.one(
                "SELECT 1 FROM users WHERE user_id = ?" + self._engine.for_update, (user_id,)
            )

    async def _goal_row(
        self, conn: Tx, user_id: int, goal_id: int, *, lock: bool = False
    ) -> Row | None:
        sql = "SELECT * FROM goals WHERE goal_id = ? AND user_id = ?"
        return await conn.one(sql + self._engine.for_update if lock else sql, (goal_id, user_id))

    async def _lock_goals(self, conn: Tx, where: str, params: Params) -> None:
        """Hold goals until the unit of work ends (PostgreSQL; SQLite has one writer anyway).

        A statement of its own, before the read: under READ COMMITTED a locking read that had
        to wait sees the locked row as the waited-for writer left it, but rows it merely joins
        as they were before. The read that follows the lock sees both as committed.
        """
        if self._engine.for_update:
            await conn.rows(
                f"SELECT goal_id FROM goals WHERE {where} ORDER BY goal_id"
                + self._engine.for_update,
                params,
            )

    @staticmethod
    async def _drop_state(conn: Tx, goal_id: int) -> None:
        await conn.run("DELETE FROM goal_states WHERE goal_id = ?", (goal_id,))
