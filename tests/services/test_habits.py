"""HabitService on the in-memory repository: the user's day far from UTC and across DST.

The bot tests cover what a user sees in Berlin; these pin the day boundary (02:00) and
"yesterday until midday" in zones far from UTC and on the nights the clocks change.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.coach.models import EntryStatus, GoalStatus, Measure, NewGoal, User, UserProfile
from bot.services.habit_results import Logged, RefusalReason, Refused
from bot.services.habits import HabitService
from storage.open import open_sqlite
from storage.sql import SqlRepository
from tests.support import FrozenClock

NOW = datetime(2026, 11, 22, 20, 40, tzinfo=UTC)


async def user_in(repo: SqlRepository, zone: str) -> User:
    user, _ = await repo.upsert_user(UserProfile(1, 1, "Ada"), NOW)
    return await repo.save_user(dataclasses.replace(user, timezone=zone))


@pytest.mark.parametrize(
    ("zone", "utc", "day"),
    [
        # Kiritimati is UTC+14: 00:30 local on the 23rd still belongs to the 22nd …
        ("Pacific/Kiritimati", datetime(2026, 11, 22, 10, 30, tzinfo=UTC), date(2026, 11, 22)),
        # … and 02:30 local is the 23rd.
        ("Pacific/Kiritimati", datetime(2026, 11, 22, 12, 30, tzinfo=UTC), date(2026, 11, 23)),
        # Pago Pago is UTC−11: 01:30 local on the 23rd is 12:30 UTC, still the 22nd.
        ("Pacific/Pago_Pago", datetime(2026, 11, 23, 12, 30, tzinfo=UTC), date(2026, 11, 22)),
        ("Pacific/Pago_Pago", datetime(2026, 11, 23, 13, 30, tzinfo=UTC), date(2026, 11, 23)),
        # Berlin springs forward at 02:00 on 28 March 2027: 01:59 CET is still the 27th …
        ("Europe/Berlin", datetime(2027, 3, 28, 0, 59, tzinfo=UTC), date(2027, 3, 27)),
        # … and one minute later it is 03:00 CEST, a new day.
        ("Europe/Berlin", datetime(2027, 3, 28, 1, 0, tzinfo=UTC), date(2027, 3, 28)),
        # Berlin falls back at 03:00 on 25 October 2026: 01:30 CEST is still the 24th, and
        # 02:30 (which happens twice, CEST then CET) is the 25th both times.
        ("Europe/Berlin", datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 24)),
        ("Europe/Berlin", datetime(2026, 10, 25, 0, 30, tzinfo=UTC), date(2026, 10, 25)),
        ("Europe/Berlin", datetime(2026, 10, 25, 1, 30, tzinfo=UTC), date(2026, 10, 25)),
    ],
)
async def test_the_users_day_has_a_two_oclock_boundary_in_their_own_zone(
    zone: str, utc: datetime, day: date
) -> None:
    repo = open_sqlite(":memory:")
    user = await user_in(repo, zone)

    habits = HabitService(repo, FrozenClock(utc))

    assert habits.day(user) == day


@pytest.mark.parametrize(
    ("zone", "utc", "open_"),
    [
        ("Pacific/Kiritimati", datetime(2026, 11, 22, 21, 59, tzinfo=UTC), True),  # 11:59
        ("Pacific/Kiritimati", datetime(2026, 11, 22, 22, 0, tzinfo=UTC), False),  # 12:00
        ("Pacific/Pago_Pago", datetime(2026, 11, 23, 22, 59, tzinfo=UTC), True),  # 11:59
        ("Pacific/Pago_Pago", datetime(2026, 11, 23, 23, 0, tzinfo=UTC), False),  # 12:00
        ("Europe/Berlin", datetime(2026, 11, 23, 0, 30, tzinfo=UTC), False),  # 01:30: today
    ],
)
async def test_yesterday_stays_open_until_local_midday(
    zone: str, utc: datetime, open_: bool
) -> None:
    repo = open_sqlite(":memory:")
    user = await user_in(repo, zone)
    habits = HabitService(repo, FrozenClock(utc))
    goal = await repo.create_goal(NewGoal(1, "Meditate", GoalStatus.ACTIVE), NOW)
    goal = await repo.save_goal(
        dataclasses.replace(goal, daily="meditate 10 minutes", start_date=date(2026, 11, 1))
    )
    yesterday = habits.day(user) - timedelta(days=1)

    if open_:
        assert isinstance(
            await habits.log(user, goal.goal_id, EntryStatus.DONE, day=yesterday), Logged
        )
    else:
        with pytest.raises(Refused) as refused:
            await habits.log(user, goal.goal_id, EntryStatus.DONE, day=yesterday)
        assert refused.value.reason is RefusalReason.TOO_LATE
    entries = await repo.list_entries(1, goal.goal_id)
    assert [e.local_date for e in entries] == ([yesterday] if open_ else [])


async def test_a_quantity_in_another_unit_is_stored_in_the_targets_unit() -> None:
    repo = open_sqlite(":memory:")
    user = await user_in(repo, "Europe/Berlin")
    clock = FrozenClock(NOW)
    habits = HabitService(repo, clock)
    goal = await repo.create_goal(NewGoal(1, "Meditate", GoalStatus.ACTIVE), NOW)
    goal = await repo.save_goal(
        dataclasses.replace(
            goal,
            daily="meditate 30 minutes",
            daily_measure=Measure(30, "minutes"),
            start_date=date(2026, 11, 22),
        )
    )

    first = await habits.log_text(user, "meditated 1 hour")
    clock.advance(seconds=11)  # past the duplicate window
    second = await habits.log_text(user, "meditated 1 hour")

    assert isinstance(first, Logged)
    assert isinstance(second, Logged)
    assert second.added == Measure(60, "minutes")
    assert not second.duplicate
    entries = await repo.list_entries(1, goal.goal_id)
    assert [(e.quantity, e.target) for e in entries] == [(60, Measure(30, "minutes"))] * 2


async def test_done_goes_to_the_started_plan_not_one_that_starts_later() -> None:
    repo = open_sqlite(":memory:")
    user = await user_in(repo, "Europe/Berlin")
    habits = HabitService(repo, FrozenClock(NOW))
    later = await repo.create_goal(NewGoal(1, "Run a 10k", GoalStatus.ACTIVE), NOW)
    later = await repo.save_goal(
        dataclasses.replace(later, daily="run 3 km", start_date=date(2026, 11, 30))
    )
    started = await repo.create_goal(NewGoal(1, "Meditate", GoalStatus.ACTIVE), NOW)
    started = await repo.save_goal(
        dataclasses.replace(started, daily="meditate 10 minutes", start_date=date(2026, 11, 20))
    )
    assert [g.goal_id for g in await habits.active_goals(user)] == [later.goal_id, started.goal_id]

    result = await habits.log_text(user, "done")

    assert isinstance(result, Logged)
    assert result.view.goal.goal_id == started.goal_id
    assert await repo.list_entries(1, later.goal_id) == []


async def test_done_for_a_plan_that_starts_later_says_when_it_starts() -> None:
    repo = open_sqlite(":memory:")
    user = await user_in(repo, "Europe/Berlin")
    habits = HabitService(repo, FrozenClock(NOW))
    later = await repo.create_goal(NewGoal(1, "Run a 10k", GoalStatus.ACTIVE), NOW)
    await repo.save_goal(
        dataclasses.replace(later, daily="run 3 km", start_date=date(2026, 11, 30))
    )

    with pytest.raises(Refused) as refused:
        await habits.log_text(user, "done")

    assert (refused.value.reason, refused.value.day) == (
        RefusalReason.NOT_STARTED,
        date(2026, 11, 30),
    )
