"""The goals, their order and status, and each goal's streak checkpoint."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from bot.coach.models import (
    Goal,
    GoalStatus,
    NewGoal,
    StreakState,
)


class GoalStore(Protocol):
    """The goals, their order and status, and each goal's streak checkpoint."""

    async def create_goal(self, new: NewGoal, now: datetime) -> Goal:
        """Create a goal with the next free priority (after the user's other goals).

        Raises:
            NotFoundError: The user does not exist.
        """
        ...

    async def get_goal(self, user_id: int, goal_id: int) -> Goal | None:
        """Return the goal if it exists and belongs to ``user_id``, else ``None``."""
        ...

    async def list_goals_and_states_of(
        self, user_ids: Collection[int], statuses: Collection[GoalStatus]
    ) -> list[tuple[Goal, StreakState | None]]:
        """The goals of these statuses of several users, with their checkpoints, in one read.

        Ordered by user, then as :meth:`list_goals_and_states` orders one user's goals.
        """
        ...

    async def list_goals(
        self, user_id: int, statuses: Collection[GoalStatus] | None = None
    ) -> list[Goal]:
        """The user's goals, by priority then id; only the given statuses when set."""
        ...

    async def save_goal(self, goal: Goal) -> Goal:
        """Store every level, the status and the priority of a goal.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        ...

    async def set_goal_status(
        self,
        user_id: int,
        goal_id: int,
        status: GoalStatus,
        now: datetime,
        *,
        max_active: int | None = None,
    ) -> Goal:
        """Change only a goal's status (pause, resume, archive), checking the active limit.

        The check and the change are one atomic step, so two concurrent resumes can never both
        slip under the limit. Setting the status the goal already has changes nothing (not even
        ``updated_at``); a real change sets ``updated_at`` to ``now``. Levels, priority and
        milestones are left as stored.

        Args:
            user_id: The owner.
            goal_id: The goal.
            status: The new status.
            now: When the change happens.
            max_active: When set and ``status`` is ACTIVE, refuse if the user's *other* goals
                already hold this many ACTIVE ones.

        Returns:
            The goal as now stored.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
            ActiveGoalLimitError: The goal would be one active goal too many (nothing changed).
        """
        ...

    async def reorder_goals(
        self, user_id: int, goal_ids: Sequence[int], now: datetime
    ) -> list[Goal]:
        """Rewrite the user's priorities in one atomic step.

        The listed goals come first, in the order given (priorities 1, 2, ...); the user's other
        goals follow in their previous order. Priorities come out compact: 1 to the number of
        goals. Goals whose priority changes get ``updated_at`` = ``now``; the rest are untouched.

        Returns:
            All the user's goals in their new order (as ``list_goals`` would return them).

        Raises:
            NotFoundError: An id is not one of the user's goals (nothing changed).
            ValueError: An id is listed twice (nothing changed).
        """
        ...

    async def get_goal_and_state(
        self, user_id: int, goal_id: int, *, lock: bool = False
    ) -> tuple[Goal, StreakState | None] | None:
        """The goal with its streak checkpoint (``None`` when none is kept), in one read.

        Args:
            user_id: The owner; another user's goal reads as ``None``.
            goal_id: The goal.
            lock: In a unit of work that will write the goal's log, hold the goal until it
                ends, so that concurrent wins on the same goal are counted one after the other.

        Returns:
            The goal and its checkpoint, or ``None`` if the goal is not the user's.
        """
        ...

    async def list_goals_and_states(
        self, user_id: int, statuses: Collection[GoalStatus], *, lock: bool = False
    ) -> list[tuple[Goal, StreakState | None]]:
        """The user's goals of these statuses, by priority, each with its checkpoint.

        One read for a use case that may log on any of them (a typed win). ``lock`` as in
        :meth:`get_goal_and_state`.
        """
        ...

    async def save_goal_state(
        self, user_id: int, goal_id: int, state: StreakState | None, now: datetime
    ) -> None:
        """Keep a goal's streak checkpoint (``None`` drops it). A goal not the user's is ignored.

        The checkpoint is derived from the log and is the caller's to keep right: a unit of
        work that changes a day on or before ``state.judged_through`` saves a recomputed one.
        ``save_goal``, ``set_goal_status`` and ``undo_entry`` drop the checkpoint themselves
        (they may change how past days are judged).
        """
        ...
