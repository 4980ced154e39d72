"""Re-planning the 12-week outcome when the pace says it will be missed (rule 14).

The weekly review offers it once, kindly, with the numbers (:func:`bot.coach.progress.
replan_options`); these are the buttons' use cases: move the date, or aim for what the pace
reaches. Either way what is left is broken down again and the day, week and month follow from
today, the days before keeping what they were judged against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.clock import Clock
from bot.coach import planning as rules
from bot.coach.levels import in_force
from bot.coach.models import Goal, LevelKind, Measure, User
from bot.coach.plan_ladder import OUTCOME_WEEKS as CYCLE_WEEKS
from bot.coach.progress.pace import REPLAN_MAX_DAYS
from bot.services.habits import HabitService
from bot.services.levels import change_levels, plan_from
from bot.services.unit_of_work import Refusal, unit_of_work
from storage.base import Repository


class ReplanRefused(Refusal):
    """A re-plan button that no longer fits (forged, stale, or the goal is gone)."""


@dataclass(frozen=True, slots=True)
class Replanned:
    """The outcome was re-planned.

    Attributes:
        goal: The goal as it now stands.
        before: The goal before.
        today: The user's day (the new levels are in force from it).
    """

    goal: Goal
    before: Goal
    today: date


class ReplanService:
    """Moving the 12-week date, or resizing the outcome, with the levels following."""

    def __init__(self, repository: Repository, clock: Clock, habits: HabitService) -> None:
        """Create the service.

        Args:
            repository: Where goals and their levels are stored.
            clock: The injected clock (aware UTC).
            habits: The user's day and the progress toward the outcome.
        """
        self._repository = repository
        self._clock = clock
        self._habits = habits

    @unit_of_work
    async def move_date(self, user: User, goal_id: int, due: date) -> Replanned:
        """Move the 12-week date to ``due`` (where the pace reaches the outcome).

        Raises:
            ReplanRefused: Not the user's running goal, no measurable outcome, or a date that
                is not later than the current one or too far ahead.
        """
        goal, done, today = await self._load(user, goal_id)
        if goal.outcome_due is None or not goal.outcome_due < due:
            raise ReplanRefused(goal_id)
        if due > today + timedelta(days=REPLAN_MAX_DAYS):
            raise ReplanRefused(goal_id)
        return await self._save(
            user,
            goal,
            rules.with_replan(goal, done=done, today=today, due=due, language=user.language),
        )

    @unit_of_work
    async def resize(self, user: User, goal_id: int, quantity: float) -> Replanned:
        """Aim for ``quantity`` (what the pace reaches by the date) instead of the outcome.

        Raises:
            ReplanRefused: Not the user's running goal, no measurable outcome, or an amount
                that is not between what is done and the outcome.
        """
        goal, done, today = await self._load(user, goal_id)
        outcome = goal.outcome_measure
        if outcome is None or not done < quantity < outcome.quantity:
            raise ReplanRefused(goal_id)
        smaller = Measure(quantity, outcome.unit)
        return await self._save(
            user,
            goal,
            rules.with_replan(
                goal, done=done, today=today, outcome=smaller, language=user.language
            ),
        )

    @unit_of_work
    async def next_cycle(self, user: User, goal_id: int) -> Replanned:
        """The next 12-week cycle (rule 11): the same outcome again, twelve weeks later.

        The outcome counts from the plan's start, so the next one is what is done so far plus
        the outcome's own amount ("another 40,000 words"), due twelve weeks after the current
        date; the levels follow what is left from today.

        Raises:
            ReplanRefused: Not the user's running goal, or no measurable outcome and date.
        """
        goal, done, today = await self._load(user, goal_id)
        outcome, due = goal.outcome_measure, goal.outcome_due
        if outcome is None or due is None:
            raise ReplanRefused(goal_id)
        again = Measure(done + outcome.quantity, outcome.unit)
        after = rules.with_replan(
            goal,
            done=done,
            today=today,
            outcome=again,
            due=due + timedelta(weeks=CYCLE_WEEKS),
            language=user.language,
        )
        return await self._save(user, goal, after)

    async def _load(self, user: User, goal_id: int) -> tuple[Goal, float, date]:
        goal = await self._habits.get_goal(user, goal_id)
        if goal is None or self._habits.check_goal(goal) is not None:
            raise ReplanRefused(goal_id)
        _, _, pace = await self._habits.progress(user, goal)
        if pace is None or pace.total is None or goal.outcome_measure is None:
            raise ReplanRefused(goal_id)
        return goal, pace.total.quantity, self._habits.day(user)

    async def _save(self, user: User, before: Goal, after: Goal) -> Replanned:
        today = self._habits.day(user)
        levels = await self._repository.list_target_levels(user.user_id, before.goal_id)
        current = in_force(before, levels, today).level
        if current is not None and current.kind in (LevelKind.MVA, LevelKind.RAMP):
            # Climbing back: the steps stay in force; the last one is the re-planned day.
            goal = await self._repository.save_goal(after)
        else:
            goal, _ = await change_levels(
                self._repository,
                self._clock(),
                before,
                after,
                plan_from(after, LevelKind.FULL, today),
            )
        return Replanned(goal, before, today)
