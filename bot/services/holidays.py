"""Holiday mode: paused days that keep every streak alive, and the way back from them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from bot.clock import Clock
from bot.coach.models import EntryStatus, GoalStatus, NewEntry, User
from bot.services.days import user_day
from bot.services.goal_day import target_on
from bot.services.unit_of_work import unit_of_work
from storage.base import Repository


class HolidayService:
    """Pausing every active goal for whole weeks, and ending the pause early."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        """Create the service.

        Args:
            repository: Where goals, entries and the user's ``paused_until`` are stored.
            clock: The injected clock (aware UTC).
        """
        self._repository = repository
        self._clock = clock

    @unit_of_work
    async def pause(self, user: User, weeks: int) -> date:
        """Holiday mode from today for ``weeks`` weeks: paused days keep every streak alive.

        The pause is written into the log (a PAUSED entry per active goal and day), so the
        chain shows it and the strength score holds still; nothing is sent meanwhile.

        Returns:
            The last paused day.
        """
        today = user_day(user, self._clock())
        until = today + timedelta(days=7 * weeks - 1)
        now = self._clock()
        for goal in await self._repository.list_goals(user.user_id, (GoalStatus.ACTIVE,)):
            levels = await self._repository.list_target_levels(user.user_id, goal.goal_id)
            day = today
            while day <= until:
                target = target_on(goal, levels, day).measure
                await self._repository.append_entry(
                    NewEntry(goal.goal_id, user.user_id, day, EntryStatus.PAUSED, target=target),
                    now,
                )
                day += timedelta(days=1)
        stored = await self._repository.get_user(user.user_id)
        if stored is not None:
            await self._repository.save_user(replace(stored, paused_until=until, updated_at=now))
        return until

    @unit_of_work
    async def end_pause(self, user: User) -> None:
        """Back from holiday: today and the rest of the pause are open again."""
        today = user_day(user, self._clock())
        until = user.paused_until
        now = self._clock()
        if until is not None and until >= today:
            for goal in await self._repository.list_goals(user.user_id, (GoalStatus.ACTIVE,)):
                for entry in await self._repository.list_entries(
                    user.user_id, goal.goal_id, today, until
                ):
                    if entry.status is EntryStatus.PAUSED:
                        await self._repository.undo_entry(user.user_id, entry.entry_id, now)
        stored = await self._repository.get_user(user.user_id)
        if stored is not None:
            await self._repository.save_user(replace(stored, paused_until=None, updated_at=now))
