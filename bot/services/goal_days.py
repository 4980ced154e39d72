"""Every active goal of one or many users as it stands on their day, read together.

``/today``, the comeback and the weekly review read one user's goals; the sender prepares a few
deliveries at once and reads theirs together. Either way the reads are the same few statements
(goals with their checkpoints, target levels, milestones, the days after each checkpoint),
whatever the number of users and goals: one per table, not one per goal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Protocol, TypeVar

from bot.coach.deadlines import deadlines
from bot.coach.models import Goal, GoalStatus, StreakState, User
from bot.services.goal_day import GoalDay, RecentLog
from storage.base import Repository
from storage.contract.daily_log import GoalKey, LogWindow


class _OfGoal(Protocol):
    @property
    def goal_id(self) -> int: ...


_Row = TypeVar("_Row", bound=_OfGoal)


def _by_goal(rows: Iterable[_Row]) -> dict[int, list[_Row]]:
    grouped: dict[int, list[_Row]] = {}
    for row in rows:
        grouped.setdefault(row.goal_id, []).append(row)
    return grouped


async def active_goal_days(
    repository: Repository, users: Sequence[tuple[User, date]]
) -> dict[int, list[GoalDay]]:
    """Each user's active goals on their day (in priority order), with their milestones' near
    deadlines and the log each view was judged from.

    Args:
        repository: Where to read (a unit of work, to read with its other reads).
        users: Each user with their local day.

    Returns:
        The views by user id; every user given has an entry (empty without an active goal).
    """
    day_of = {user.user_id: day for user, day in users}
    found: dict[int, list[GoalDay]] = {user_id: [] for user_id in day_of}
    if not day_of:
        return found
    async with repository.transaction(write=False) as uow:
        goals = await uow.list_goals_and_states_of(list(day_of), [GoalStatus.ACTIVE])
        if not goals:
            return found
        keys = [GoalKey(goal.user_id, goal.goal_id) for goal, _ in goals]
        levels = _by_goal(await uow.list_target_levels_of(keys))
        milestones = _by_goal(await uow.list_milestones_of(keys))
        plans: list[tuple[Goal, StreakState, date | None]] = []
        for goal, state in goals:
            plans.append((goal, *RecentLog.reads(goal, state, day_of[goal.user_id])))
        windows = [
            LogWindow(goal.user_id, goal.goal_id, since, day_of[goal.user_id])
            for goal, _, since in plans
            if since is not None
        ]
        entries = _by_goal(await uow.list_entries_in(windows)) if windows else {}
        for goal, state, since in plans:
            day = day_of[goal.user_id]
            if since is None:  # no checkpoint that serves: the whole log, once
                log = await uow.list_entries(goal.user_id, goal.goal_id, None, day)
            else:
                log = entries.get(goal.goal_id, [])
            recent = RecentLog(goal, state, tuple(log), tuple(levels.get(goal.goal_id, ())), since)
            found[goal.user_id].append(
                replace(
                    recent.view(day),
                    deadlines=deadlines(milestones.get(goal.goal_id, ()), day),
                    log=recent,
                )
            )
    return found
