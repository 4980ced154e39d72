"""When users are due: what the scheduler reads and writes for whole cohorts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.coach.cohorts import CohortPlan, DateWindow, DueBatch
from bot.coach.models import User


class ScheduleStore(Protocol):
    """When users are due: what the scheduler reads and writes for whole cohorts."""

    async def set_next_due(self, user_id: int, next_due_at: datetime | None) -> None:
        """Set when the scheduler should next look at the user (``None``: never)."""
        ...

    async def due_users(self, now: datetime, limit: int) -> list[User]:
        """Active users whose ``next_due_at`` is at or before ``now``, earliest first."""
        ...

    async def apply_cohorts(
        self,
        batch: DueBatch,
        plans: Sequence[CohortPlan],
        window: DateWindow,
        now: datetime,
    ) -> tuple[int, int]:
        """Apply cohort plans to the users of a claimed batch, with set-based statements.

        Every user of the batch who is still due at ``batch.since``, whose settings are a
        plan's cohort and who is not personal in ``window`` (``bot.coach.cohorts.is_personal``)
        gets the plan: its deliveries enqueued under their id (a key already taken is left
        alone), its stale ones recorded as SKIPPED, and its next due time.

        Returns:
            How many users were planned, and how many deliveries were newly enqueued as pending.
        """
        ...

    async def unplanned_users(self, batch: DueBatch) -> list[User]:
        """The users of a claimed batch still due at ``batch.since``, in user id order."""
        ...
