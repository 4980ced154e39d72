"""Writing a change to a goal's levels so that its history stays honest (rule 14).

Shared by the use cases that change a habit's size (a comeback step, the week-4 scale-up, next
week's goal from the weekly review, an edit through /plan). They run inside their caller's unit
of work; this module only knows the order of the writes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from bot.coach.levels import Sizes
from bot.coach.models import Goal, LevelKind, NewTargetLevel, TargetLevel
from storage.base import Repository


async def change_levels(
    repository: Repository,
    now: datetime,
    before: Goal,
    after: Goal,
    level: NewTargetLevel,
) -> tuple[Goal, TargetLevel]:
    """Put new levels in force from a date, keeping every earlier day's levels as they were.

    In order: levels that would come into force after this one's date are withdrawn (this
    change replaces them: a comeback on Tuesday replaces next week's accepted goal); when the
    plan itself changes and no level is in force on the plan's first day yet, the plan as it
    was goes in first, from that day, so that the days before the change keep it; then the
    plan is saved and the new level added.

    Args:
        repository: The unit of work's repository.
        now: The current instant (aware UTC).
        before: The goal as it was.
        after: The goal with its plan as it now stands (the same as ``before`` when only the
            target in force changes, e.g. a comeback step).
        level: The new level.

    Returns:
        The goal as saved and the level added.
    """
    await repository.withdraw_target_levels(before.user_id, before.goal_id, level.effective_from)
    start = before.start_date
    if _plan_changed(before, after) and start is not None and start < level.effective_from:
        existing = await repository.list_target_levels(before.user_id, before.goal_id)
        if not any(lv.effective_from <= start for lv in existing):
            await repository.add_target_level(plan_from(before, LevelKind.FULL, start), now)
    goal = before
    if after != before:
        goal = await repository.save_goal(replace(after, updated_at=now))
    return goal, await repository.add_target_level(level, now)


def plan_from(goal: Goal, kind: LevelKind, effective_from: date) -> NewTargetLevel:
    """The goal's plan as it stands (day, week and month), as a level in force from a date."""
    plan = Sizes.of_plan(goal)
    return NewTargetLevel(
        goal.goal_id,
        goal.user_id,
        effective_from,
        kind,
        goal.daily or "",
        plan.daily,
        weekly=plan.weekly,
        monthly=plan.monthly,
    )


def _plan_changed(before: Goal, after: Goal) -> bool:
    return (before.daily, Sizes.of_plan(before)) != (after.daily, Sizes.of_plan(after))
