"""Goals in SQL: the goals table and each goal's streak checkpoint (``goal_states``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from bot.coach.models import (
    Goal,
    GoalStatus,
    NewGoal,
    StreakState,
)
from storage.base import ActiveGoalLimitError, NotFoundError
from storage.columns import ts
from storage.tables.many import in_list
from storage.tables.rows import (
    STATE_COLUMNS,
    STATE_SELECT,
    goal_columns,
    goal_of,
    insert_sql,
    set_sql,
    state_of,
    state_values,
)
from storage.tables.section import Section


class GoalTables(Section):
    """The goal section of the Repository contract (mixed into ``SqlRepository``)."""

    async def get_goal_and_state(
        self, user_id: int, goal_id: int, *, lock: bool = False
    ) -> tuple[Goal, StreakState | None] | None:
        """The goal with its streak checkpoint, in one read (see the contract)."""
        async with self._scope(True) if lock else self._read_one() as conn:
            if lock:
                await self._lock_goals(conn, "goal_id = ? AND user_id = ?", (goal_id, user_id))
            row = await conn.one(
                f"SELECT g.*, {STATE_SELECT} FROM goals g"
                " LEFT JOIN goal_states s ON s.goal_id = g.goal_id"
                " WHERE g.goal_id = ? AND g.user_id = ?",
                (goal_id, user_id),
            )
        return None if row is None else (goal_of(row), state_of(row))

    async def list_goals_and_states(
        self, user_id: int, statuses: Collection[GoalStatus], *, lock: bool = False
    ) -> list[tuple[Goal, StreakState | None]]:
        """The user's goals of these statuses with their checkpoints (see the contract)."""
        values = sorted({GoalStatus(s).value for s in statuses})
        if not values:
            return []
        marks = ", ".join("?" for _ in values)
        async with self._scope(True) if lock else self._read_one() as conn:
            if lock:
                await self._lock_goals(
                    conn, f"user_id = ? AND status IN ({marks})", (user_id, *values)
                )
            rows = await conn.rows(
                f"SELECT g.*, {STATE_SELECT} FROM goals g"
                " LEFT JOIN goal_states s ON s.goal_id = g.goal_id"
                f" WHERE g.user_id = ? AND g.status IN ({marks})"
                " ORDER BY g.priority, g.goal_id",
                (user_id, *values),
            )
        return [(goal_of(row), state_of(row)) for row in rows]

    async def list_goals_and_states_of(
        self, user_ids: Collection[int], statuses: Collection[GoalStatus]
    ) -> list[tuple[Goal, StreakState | None]]:
        """The goals of several users with their checkpoints, in one read (see the contract)."""
        ids = sorted(set(user_ids))
        values = sorted({GoalStatus(s).value for s in statuses})
        if not ids or not values:
            return []
        users, user_params = in_list("g.user_id", ids)
        kinds, kind_params = in_list("g.status", values)
        async with self._read_one() as conn:
            rows = await conn.rows(
                f"SELECT g.*, {STATE_SELECT} FROM goals g"
                " LEFT JOIN goal_states s ON s.goal_id = g.goal_id"
                f" WHERE {users} AND {kinds}"
                " ORDER BY g.user_id, g.priority, g.goal_id",
                (*user_params, *kind_params),
            )
        return [(goal_of(row), state_of(row)) for row in rows]

    async def save_goal_state(
        self, user_id: int, goal_id: int, state: StreakState | None, now: datetime
    ) -> None:
        """Keep (or with ``None`` drop) a goal's streak checkpoint (see the contract)."""
        async with self._write() as conn:
            if state is None:
                await self._drop_state(conn, goal_id)
                return
            cols = ", ".join(STATE_COLUMNS)
            marks = ", ".join("?" for _ in STATE_COLUMNS)
            updates = ", ".join(f"{col} = excluded.{col}" for col in STATE_COLUMNS)
            # INSERT ... SELECT from the goal: a goal that is not the user's writes nothing.
            await conn.run(
                f"INSERT INTO goal_states (goal_id, user_id, {cols}, updated_at)"
                f" SELECT goal_id, user_id, {marks}, ? FROM goals"
                " WHERE goal_id = ? AND user_id = ?"
                f" ON CONFLICT (goal_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
                (*state_values(state), ts(now), goal_id, user_id),
            )

    async def create_goal(self, new: NewGoal, now: datetime) -> Goal:
        """Create a goal with the next free priority (after the user's other goals).

        Raises:
            NotFoundError: The user does not exist.
        """
        now_text = ts(now)
        status = GoalStatus(new.status).value
        async with self._write() as conn:
            await self._lock_user(conn, new.user_id)
            if await self._user_row(conn, new.user_id) is None:
                raise NotFoundError(f"user {new.user_id} does not exist")
            top = await conn.one(
                "SELECT COALESCE(MAX(priority), 0) + 1 AS next FROM goals WHERE user_id = ?",
                (new.user_id,),
            )
            assert top is not None
            cols = {
                "user_id": new.user_id,
                "status": status,
                "priority": top["next"],
                "vision": new.vision,
                "created_at": now_text,
                "updated_at": now_text,
            }
            inserted = await conn.one(
                insert_sql("goals", cols, returning="goal_id"), tuple(cols.values())
            )
            assert inserted is not None
            row = await self._goal_row(conn, new.user_id, inserted["goal_id"])
        assert row is not None
        return goal_of(row)

    async def get_goal(self, user_id: int, goal_id: int) -> Goal | None:
        """Return the goal if it exists and belongs to ``user_id``, else ``None``."""
        async with self._read_one() as conn:
            row = await self._goal_row(conn, user_id, goal_id)
        return None if row is None else goal_of(row)

    async def list_goals(
        self, user_id: int, statuses: Collection[GoalStatus] | None = None
    ) -> list[Goal]:
        """The user's goals, by priority then id; only the given statuses when set."""
        sql = "SELECT * FROM goals WHERE user_id = ?"
        params: list[object] = [user_id]
        if statuses is not None:
            values = sorted({GoalStatus(s).value for s in statuses})
            if not values:
                return []
            sql += f" AND status IN ({', '.join('?' for _ in values)})"
            params.extend(values)
        async with self._read_one() as conn:
            rows = await conn.rows(sql + " ORDER BY priority, goal_id", params)
        return [goal_of(row) for row in rows]

    async def save_goal(self, goal: Goal) -> Goal:
        """Store every level, the status, the priority and ``updated_at`` of a goal.

        ``user_id`` and ``created_at`` are left as stored.

        Returns:
            The goal as now stored.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        cols = goal_columns(goal)
        async with self._write() as conn:
            changed = await conn.run(
                f"UPDATE goals SET {set_sql(cols)} WHERE goal_id = ? AND user_id = ?",
                (*cols.values(), goal.goal_id, goal.user_id),
            )
            if not changed:
                raise NotFoundError(f"goal {goal.goal_id} of user {goal.user_id} does not exist")
            # A new start date or minimum may judge past days differently.
            await self._drop_state(conn, goal.goal_id)
            row = await self._goal_row(conn, goal.user_id, goal.goal_id)
        assert row is not None
        return goal_of(row)

    async def set_goal_status(
        self,
        user_id: int,
        goal_id: int,
        status: GoalStatus,
        now: datetime,
        *,
        max_active: int | None = None,
    ) -> Goal:
        """Pause, resume or archive a goal within the active limit (see the contract)."""
        value, now_text = GoalStatus(status).value, ts(now)
        async with self._write() as conn:
            if max_active is not None:
                await self._lock_user(conn, user_id)
            row = await self._goal_row(conn, user_id, goal_id)
            if row is None:
                raise NotFoundError(f"goal {goal_id} of user {user_id} does not exist")
            if row["status"] == value:
                return goal_of(row)
            if max_active is not None and value == GoalStatus.ACTIVE.value:
                count = await conn.one(
                    "SELECT COUNT(*) AS n FROM goals"
                    " WHERE user_id = ? AND status = 'active' AND goal_id <> ?",
                    (user_id, goal_id),
                )
                assert count is not None
                if count["n"] >= max_active:
                    raise ActiveGoalLimitError(user_id, max_active)
            await conn.run(
                "UPDATE goals SET status = ?, updated_at = ? WHERE goal_id = ? AND user_id = ?",
                (value, now_text, goal_id, user_id),
            )
            await self._drop_state(conn, goal_id)  # a resume may fill in the paused days
            stored = await self._goal_row(conn, user_id, goal_id)
        assert stored is not None
        return goal_of(stored)

    async def reorder_goals(
        self, user_id: int, goal_ids: Sequence[int], now: datetime
    ) -> list[Goal]:
        """Rewrite the user's priorities in one atomic step.

        The listed goals come first, in the order given; the user's other goals follow in their
        previous order. Priorities come out compact (1 to n); goals whose priority changes get
        ``updated_at`` = ``now``.

        Returns:
            All the user's goals in their new order.

        Raises:
            NotFoundError: An id is not one of the user's goals (nothing changed).
            ValueError: An id is listed twice (nothing changed).
        """
        wanted = list(goal_ids)
        if len(set(wanted)) != len(wanted):
            raise ValueError(f"a goal is listed twice in {wanted}")
        now_text = ts(now)
        async with self._write() as conn:
            await self._lock_user(conn, user_id)
            rows = await conn.rows(
                "SELECT goal_id, priority FROM goals WHERE user_id = ? ORDER BY priority, goal_id",
                (user_id,),
            )
            current = {row["goal_id"]: row["priority"] for row in rows}
            missing = [goal_id for goal_id in wanted if goal_id not in current]
            if missing:
                raise NotFoundError(f"goals {missing} of user {user_id} do not exist")
            listed = set(wanted)
            order = wanted + [goal_id for goal_id in current if goal_id not in listed]
            for priority, goal_id in enumerate(order, start=1):
                if current[goal_id] != priority:
                    await conn.run(
                        "UPDATE goals SET priority = ?, updated_at = ? WHERE goal_id = ?",
                        (priority, now_text, goal_id),
                    )
            stored = await conn.rows(
                "SELECT * FROM goals WHERE user_id = ? ORDER BY priority, goal_id",
                (user_id,),
            )
        return [goal_of(row) for row in stored]
