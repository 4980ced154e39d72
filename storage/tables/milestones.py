"""Milestones and their steps in SQL."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Literal

from bot.coach.models import (
    Milestone,
    MilestoneStep,
)
from storage.base import NotFoundError
from storage.columns import ts, ts_or_none
from storage.contract.daily_log import GoalKey
from storage.engine import Params, Row, Tx
from storage.tables.many import any_of
from storage.tables.rows import (
    day_text,
    insert_sql,
    milestone_of,
    step_of,
)
from storage.tables.section import Section


class MilestoneTables(Section):
    """The milestone section of the Repository contract (mixed into ``SqlRepository``)."""

    async def _milestones(
        self, conn: Tx, where: str, params: Params, *, by_goal: bool = False
    ) -> list[Milestone]:
        """Milestones matching ``where`` (on alias ``m``), with their steps, in position order
        (by goal first, when ``by_goal``)."""
        order = "m.goal_id, m.position" if by_goal else "m.position"
        rows = await conn.rows(
            f"SELECT m.* FROM milestones m WHERE {where} ORDER BY {order}, m.milestone_id",
            params,
        )
        if not rows:
            return []
        step_rows = await conn.rows(
            "SELECT s.* FROM milestone_steps s JOIN milestones m"
            f" ON m.milestone_id = s.milestone_id WHERE {where}"
            " ORDER BY s.milestone_id, s.position, s.step_id",
            params,
        )
        steps: dict[int, list[MilestoneStep]] = {}
        for step_row in step_rows:
            step = step_of(step_row)
            steps.setdefault(step.milestone_id, []).append(step)
        return [milestone_of(row, steps.get(row["milestone_id"], ())) for row in rows]

    async def add_milestone(
        self, user_id: int, goal_id: int, title: str, due_date: date | None, now: datetime
    ) -> Milestone:
        """Add a milestone at the end of the goal's list.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        due_text, now_text = day_text(due_date), ts(now)
        async with self._write() as conn:
            if await self._goal_row(conn, user_id, goal_id, lock=True) is None:
                raise NotFoundError(f"goal {goal_id} of user {user_id} does not exist")
            top = await conn.one(
                "SELECT COALESCE(MAX(position), 0) + 1 AS next FROM milestones WHERE goal_id = ?",
                (goal_id,),
            )
            assert top is not None
            cols = {
                "goal_id": goal_id,
                "user_id": user_id,
                "title": title,
                "position": top["next"],
                "due_date": due_text,
                "created_at": now_text,
            }
            inserted = await conn.one(
                insert_sql("milestones", cols, returning="milestone_id"),
                tuple(cols.values()),
            )
            assert inserted is not None
            found = await self._milestones(conn, "m.milestone_id = ?", (inserted["milestone_id"],))
        return found[0]

    async def list_milestones(self, user_id: int, goal_id: int) -> list[Milestone]:
        """The goal's milestones (with their steps) in position order; empty if not the user's."""
        async with self._read() as conn:
            return await self._milestones(
                conn, "m.goal_id = ? AND m.user_id = ?", (goal_id, user_id)
            )

    async def list_milestones_of(self, goals: Collection[GoalKey]) -> list[Milestone]:
        """The milestones of several goals, in one read (see the contract)."""
        keys = sorted({(key.goal_id, key.user_id) for key in goals})
        if not keys:
            return []
        where, params = any_of("m.goal_id = ? AND m.user_id = ?", keys)
        async with self._read() as conn:
            return await self._milestones(conn, where, params, by_goal=True)

    async def get_milestone(self, user_id: int, milestone_id: int) -> Milestone | None:
        """Return the milestone with its steps if it belongs to ``user_id``, else ``None``."""
        async with self._read() as conn:
            found = await self._milestones(
                conn, "m.milestone_id = ? AND m.user_id = ?", (milestone_id, user_id)
            )
        return found[0] if found else None

    async def set_milestone_due(
        self, user_id: int, milestone_id: int, due_date: date | None
    ) -> Milestone:
        """Move a milestone's deadline (``None``: no deadline). Title, steps and done are kept.

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        return await self._set_milestone_column(
            user_id, milestone_id, "due_date", day_text(due_date)
        )

    async def set_milestone_done(
        self, user_id: int, milestone_id: int, done_at: datetime | None
    ) -> Milestone:
        """Tick a milestone off (``done_at``) or reopen it (``None``).

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        return await self._set_milestone_column(
            user_id, milestone_id, "done_at", ts_or_none(done_at)
        )

    async def _set_milestone_column(
        self,
        user_id: int,
        milestone_id: int,
        column: Literal["due_date", "done_at"],
        value: str | None,
    ) -> Milestone:
        """Set one column of the user's milestone; the column name is one of two literals."""
        async with self._write() as conn:
            changed = await conn.run(
                f"UPDATE milestones SET {column} = ? WHERE milestone_id = ? AND user_id = ?",
                (value, milestone_id, user_id),
            )
            if not changed:
                raise NotFoundError(f"milestone {milestone_id} of user {user_id} does not exist")
            found = await self._milestones(conn, "m.milestone_id = ?", (milestone_id,))
        return found[0]

    async def delete_milestone(self, user_id: int, milestone_id: int) -> None:
        """Delete a milestone and its steps.

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        async with self._write() as conn:
            changed = await conn.run(
                "DELETE FROM milestones WHERE milestone_id = ? AND user_id = ?",
                (milestone_id, user_id),
            )
            if not changed:
                raise NotFoundError(f"milestone {milestone_id} of user {user_id} does not exist")

    # --- milestone steps -------------------------------------------------------------------------

    # A step has no user_id column: it is the user's when its milestone is.
    _OWNED_STEP = (
        "step_id = ? AND milestone_id IN (SELECT milestone_id FROM milestones WHERE user_id = ?)"
    )

    async def _step_row(self, conn: Tx, step_id: int) -> Row | None:
        return await conn.one("SELECT * FROM milestone_steps WHERE step_id = ?", (step_id,))

    async def add_step(self, user_id: int, milestone_id: int, title: str) -> MilestoneStep:
        """Add an open step at the end of the milestone's steps (the next free position).

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        async with self._write() as conn:
            owner = await conn.one(
                "SELECT 1 FROM milestones WHERE milestone_id = ? AND user_id = ?"
                + self._engine.for_update,
                (milestone_id, user_id),
            )
            if owner is None:
                raise NotFoundError(f"milestone {milestone_id} of user {user_id} does not exist")
            top = await conn.one(
                "SELECT COALESCE(MAX(position), 0) + 1 AS next FROM milestone_steps"
                " WHERE milestone_id = ?",
                (milestone_id,),
            )
            assert top is not None
            cols = {"milestone_id": milestone_id, "title": title, "position": top["next"]}
            inserted = await conn.one(
                insert_sql("milestone_steps", cols, returning="step_id"),
                tuple(cols.values()),
            )
            assert inserted is not None
            row = await self._step_row(conn, inserted["step_id"])
        assert row is not None
        return step_of(row)

    async def set_step_done(
        self, user_id: int, step_id: int, done_at: datetime | None
    ) -> MilestoneStep:
        """Tick a step off (``done_at``) or reopen it (``None``).

        Raises:
            NotFoundError: The step does not exist or its milestone belongs to another user.
        """
        done_text = ts_or_none(done_at)
        async with self._write() as conn:
            changed = await conn.run(
                f"UPDATE milestone_steps SET done_at = ? WHERE {self._OWNED_STEP}",
                (done_text, step_id, user_id),
            )
            if not changed:
                raise NotFoundError(f"step {step_id} of user {user_id} does not exist")
            row = await self._step_row(conn, step_id)
        assert row is not None
        return step_of(row)

    async def delete_step(self, user_id: int, step_id: int) -> None:
        """Delete one step; the other steps keep their positions.

        Raises:
            NotFoundError: The step does not exist or its milestone belongs to another user.
        """
        async with self._write() as conn:
            changed = await conn.run(
                f"DELETE FROM milestone_steps WHERE {self._OWNED_STEP}", (step_id, user_id)
            )
            if not changed:
                raise NotFoundError(f"step {step_id} of user {user_id} does not exist")
