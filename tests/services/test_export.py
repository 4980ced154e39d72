"""/export's file keeps its keys in the order people have always received them.

The models behind it share their fields (a stored level is a level to put in force plus its id
and time; a user holds the schedule times the scheduler reads): what the file says, and in
which order, does not depend on how the models declare them.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time

from bot.coach.models import GoalStatus, LevelKind, Measure, NewGoal, NewTargetLevel, UserProfile
from bot.services.accounts import AccountService
from storage.open import open_sqlite
from tests.support import FrozenClock

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

USER_KEYS = [
    "user_id",
    "chat_id",
    "first_name",
    "created_at",
    "updated_at",
    "language_code",
    "language",
    "timezone",
    "nudge_time",
    "evening_enabled",
    "evening_time",
    "quiet_start",
    "quiet_end",
    "review_weekday",
    "review_time",
    "birthday",
    "paused_until",
    "fresh_start_on",
    "fresh_start_prompted_on",
    "status",
    "dialog",
    "next_due_at",
    "last_seen_at",
]

LEVEL_KEYS = [
    "level_id",
    "goal_id",
    "user_id",
    "effective_from",
    "kind",
    "text",
    "created_at",
    "target",
    "step",
    "steps",
    "weekly",
    "monthly",
]


async def test_the_export_lists_a_user_and_a_level_in_the_order_it_always_did() -> None:
    repo = open_sqlite(":memory:")
    try:
        user, _ = await repo.upsert_user(UserProfile(1, 1, "Ada", "ru"), NOW)
        await repo.save_user(
            dataclasses.replace(user, timezone="Europe/Berlin", nudge_time=time(7, 30))
        )
        goal = await repo.create_goal(NewGoal(1, "Write a novel", GoalStatus.ACTIVE), NOW)
        await repo.add_target_level(
            NewTargetLevel(
                goal.goal_id,
                1,
                date(2026, 11, 23),
                LevelKind.RAMP,
                "write 110 words",
                Measure(110, "words"),
                step=2,
                steps=8,
                weekly=Measure(770, "words"),
            ),
            NOW,
        )

        data = await AccountService(repo, FrozenClock(NOW)).export(1)
    finally:
        await repo.close()

    exported_user = data["user"]
    assert isinstance(exported_user, dict)
    assert list(exported_user) == USER_KEYS
    assert exported_user["nudge_time"] == "07:30:00"
    assert exported_user["language_code"] == "ru"
    goals = data["goals"]
    assert isinstance(goals, list)
    [level] = goals[0]["target_levels"]
    assert list(level) == LEVEL_KEYS
    assert level == {
        "level_id": 1,
        "goal_id": goal.goal_id,
        "user_id": 1,
        "effective_from": "2026-11-23",
        "kind": "ramp",
        "text": "write 110 words",
        "created_at": NOW.isoformat(),
        "target": {"quantity": 110.0, "unit": "words"},
        "step": 2,
        "steps": 8,
        "weekly": {"quantity": 770.0, "unit": "words"},
        "monthly": None,
    }
