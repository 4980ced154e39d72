"""Milestones and their steps."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Protocol

from bot.coach.models import (
    Milestone,
    MilestoneStep,
)
from storage.contract.daily_log import GoalKey


class MilestoneStore(Protocol):
    """Milestones and their steps."""

    async def add_milestone(
        self, user_id: int, goal_id: int, title: str, due_date: date | None, now: datetime
    ) -> Milestone:
        """Add a milestone at the end of the goal's list.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        ...

    async def list_milestones(self, user_id: int, goal_id: int) -> list[Milestone]:
        """The goal's milestones (with their steps) in position order; empty if not the user's."""
        ...

    async def list_milestones_of(self, goals: Collection[GoalKey]) -> list[Milestone]:
        """The milestones (with their steps) of several goals, in one read; nothing for a goal
        not its user's. Ordered by goal, then in position order."""
        ...

    async def get_milestone(self, user_id: int, milestone_id: int) -> Milestone | None:
        """Return the milestone with its steps if it belongs to ``user_id``, else ``None``."""
        ...

    async def set_milestone_due(
        self, user_id: int, milestone_id: int, due_date: date | None
    ) -> Milestone:
        """Move a milestone's deadline (``None``: no deadline). Title, steps and done are kept.

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        ...

    async def set_milestone_done(
        self, user_id: int, milestone_id: int, done_at: datetime | None
    ) -> Milestone:
        """Tick a milestone off (``done_at``) or reopen it (``None``).

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        ...

    async def delete_milestone(self, user_id: int, milestone_id: int) -> None:
        """Delete a milestone and its steps.

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        ...

    # --- milestone steps ---------------------------------------------------------------------
    # A step belongs to whoever owns its milestone: the same ownership rule applies.

    async def add_step(self, user_id: int, milestone_id: int, title: str) -> MilestoneStep:
        """Add an open step at the end of the milestone's steps (the next free position).

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        ...

    async def set_step_done(
        self, user_id: int, step_id: int, done_at: datetime | None
    ) -> MilestoneStep:
        """Tick a step off (``done_at``) or reopen it (``None``).

        Raises:
            NotFoundError: The step does not exist or its milestone belongs to another user.
        """
        ...

    async def delete_step(self, user_id: int, step_id: int) -> None:
        """Delete one step; the other steps keep their positions.

        Raises:
            NotFoundError: The step does not exist or its milestone belongs to another user.
        """
        ...
