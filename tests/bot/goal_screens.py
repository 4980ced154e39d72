"""Seeding goals and milestones, and walking /goals to a goal or its milestones, as a user would."""

from __future__ import annotations

import dataclasses

from bot.coach.models import (
    Goal,
    GoalStatus,
    Measure,
    Milestone,
    NewGoal,
)
from fake_telegram import FakeUser, Reaction
from storage.base import Repository
from tests.support import FrozenClock

NOT_AVAILABLE = "That's not available — /goals shows your goals."


async def add_goal(
    db: Repository,
    clock: FrozenClock,
    vision: str,
    daily: str | None = None,
    measure: Measure | None = None,
    *,
    user_id: int = 1001,
    status: GoalStatus = GoalStatus.ACTIVE,
) -> Goal:
    goal = await db.create_goal(NewGoal(user_id, vision, status), clock())
    return await db.save_goal(dataclasses.replace(goal, daily=daily, daily_measure=measure))


async def milestone_of(db: Repository, goal: Goal, title: str) -> Milestone:
    found = [m for m in await db.list_milestones(goal.user_id, goal.goal_id) if m.title == title]
    assert len(found) == 1, found
    return found[0]


async def open_goal(user: FakeUser, number_and_name: str) -> Reaction:
    await user.send("/goals")
    return await user.press(number_and_name)


async def open_milestones(user: FakeUser, number_and_name: str) -> Reaction:
    await open_goal(user, number_and_name)
    return await user.press("🏁 Milestones")
