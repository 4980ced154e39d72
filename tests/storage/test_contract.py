"""The Repository contract (storage/base.py), run on every backend.

Each test gets a fresh repository of each engine: SQLite on a temporary file and PostgreSQL in
this run's throwaway database. The one SQL implementation is only done when both pass.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.coach.cohorts import Cohort, CohortPlan, DueBatch, personal_window
from bot.coach.models import (
    CoachEventKind,
    DailyEntry,
    Delivery,
    DeliveryStatus,
    EntryStatus,
    Goal,
    GoalStatus,
    LevelKind,
    Measure,
    MilestoneStep,
    NewDelivery,
    NewEntry,
    NewGoal,
    NewTargetLevel,
    OutboxHealth,
    SchedulePlan,
    StreakState,
    User,
    UserProfile,
    UserStatus,
)
from storage.base import ActiveGoalLimitError, NotFoundError, Repository, StorageError
from storage.sql import SqlRepository
from tests.databases import BACKENDS, fresh_repository

T0 = datetime(2026, 11, 22, 15, 4, 5, 123456, tzinfo=UTC)
DAY = date(2026, 11, 22)


def at(minutes: float) -> datetime:
    """A UTC instant ``minutes`` after T0."""
    return T0 + timedelta(minutes=minutes)


@pytest.fixture(params=BACKENDS)
async def repo(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Repository]:
    """A fresh, empty repository of each engine (SQLite in a folder open() must create)."""
    async with fresh_repository(request.param, tmp_path) as backend:
        yield backend


async def add_user(repo: Repository, user_id: int = 1, now: datetime = T0) -> User:
    user, _ = await repo.upsert_user(
        UserProfile(user_id, chat_id=user_id * 10, first_name="Ann"), now
    )
    return user


async def add_goal(repo: Repository, user_id: int = 1, vision: str = "Write a novel") -> Goal:
    return await repo.create_goal(NewGoal(user_id, vision), T0)


async def add_entry(
    repo: Repository,
    goal: Goal,
    day: date = DAY,
    status: EntryStatus = EntryStatus.DONE,
    now: datetime = T0,
) -> DailyEntry:
    return await repo.append_entry(NewEntry(goal.goal_id, goal.user_id, day, status), now)


def delivery(
    user_id: int = 1,
    kind: str = "morning_nudge",
    day: date = DAY,
    due_at: datetime = T0,
    payload: dict[str, object] | None = None,
) -> NewDelivery:
    return NewDelivery(user_id, kind, day, due_at, payload=payload or {})


async def enqueue(repo: Repository, new: NewDelivery) -> Delivery:
    stored = await repo.enqueue_delivery(new, T0)
    assert stored is not None
    return stored


# --- users -------------------------------------------------------------------------------------


async def test_upsert_creates_user_with_defaults(repo: Repository) -> None:
    profile = UserProfile(7, chat_id=70, first_name="Ann", language_code="en")

    user, created = await repo.upsert_user(profile, T0)

    assert created
    assert user == User(
        user_id=7,
        chat_id=70,
        first_name="Ann",
        language_code="en",
        created_at=T0,
        updated_at=T0,
        last_seen_at=T0,
    )
    assert await repo.get_user(7) == user


async def test_upsert_refreshes_profile_without_touching_settings_or_dialog(
    repo: Repository,
) -> None:
    user = await add_user(repo, 7)
    settings = dataclasses.replace(
        user, timezone="Europe/Berlin", nudge_time=time(7, 30), dialog="plan.vision"
    )
    settings = await repo.save_user(settings)
    await repo.set_next_due(7, at(60))

    refreshed, created = await repo.upsert_user(
        UserProfile(7, chat_id=71, first_name="Anna", language_code="de"), at(5)
    )

    assert not created
    assert refreshed == dataclasses.replace(
        settings,
        chat_id=71,
        first_name="Anna",
        language_code="de",
        last_seen_at=at(5),
        updated_at=at(5),
        next_due_at=at(60),
    )
    assert await repo.get_user(7) == refreshed


async def test_upsert_with_same_profile_only_moves_last_seen(repo: Repository) -> None:
    user = await add_user(repo, 7)

    again, created = await repo.upsert_user(UserProfile(7, chat_id=70, first_name="Ann"), at(9))

    assert not created
    assert again == dataclasses.replace(user, last_seen_at=at(9))


async def test_upsert_turns_blocked_user_active_but_not_deleted_one(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    await repo.set_user_status(1, UserStatus.BLOCKED, at(1))
    await repo.set_user_status(2, UserStatus.DELETED, at(1))

    unblocked, _ = await repo.upsert_user(UserProfile(1, chat_id=10, first_name="Ann"), at(2))
    deleted, _ = await repo.upsert_user(UserProfile(2, chat_id=20, first_name="Ann"), at(2))

    assert unblocked.status is UserStatus.ACTIVE
    assert unblocked.updated_at == at(2)
    assert deleted.status is UserStatus.DELETED
    assert deleted.updated_at == at(1)


async def test_get_user_unknown_is_none(repo: Repository) -> None:
    assert await repo.get_user(404) is None


async def test_save_user_round_trips_settings_and_keeps_scheduling_fields(
    repo: Repository,
) -> None:
    stale = await add_user(repo, 7)
    await repo.set_user_status(7, UserStatus.BLOCKED, at(1))
    await repo.set_next_due(7, at(30))
    await repo.set_fresh_start_prompted(7, date(2026, 11, 16))
    edited = dataclasses.replace(
        stale,
        chat_id=77,
        first_name="Annie",
        language_code="fr",
        timezone="Pacific/Kiritimati",
        nudge_time=time(6, 45),
        evening_enabled=False,
        evening_time=time(21, 15),
        quiet_start=time(23, 0),
        quiet_end=time(6, 0),
        review_weekday=0,
        review_time=time(9, 5),
        birthday=date(1990, 2, 28),
        paused_until=date(2026, 12, 3),
        fresh_start_on=date(2027, 1, 1),
        dialog="settings.time",
        updated_at=at(2),
        # A stale snapshot: none of these may overwrite what is stored.
        fresh_start_prompted_on=date(2026, 11, 23),
        status=UserStatus.ACTIVE,
        next_due_at=None,
        created_at=at(-999),
        last_seen_at=at(-999),
    )

    saved = await repo.save_user(edited)

    expected = dataclasses.replace(
        edited,
        fresh_start_prompted_on=date(2026, 11, 16),
        status=UserStatus.BLOCKED,
        next_due_at=at(30),
        created_at=T0,
        last_seen_at=T0,
    )
    assert saved == expected
    assert await repo.get_user(7) == expected


async def test_save_user_unknown_raises_and_creates_nothing(repo: Repository) -> None:
    ghost = User(user_id=5, chat_id=5, first_name="Ghost", created_at=T0, updated_at=T0)

    with pytest.raises(NotFoundError):
        await repo.save_user(ghost)
    assert await repo.get_user(5) is None


async def test_set_user_status(repo: Repository) -> None:
    await add_user(repo, 1)

    await repo.set_user_status(1, UserStatus.BLOCKED, at(1))
    blocked = await repo.get_user(1)
    await repo.set_user_status(1, UserStatus.BLOCKED, at(2))  # no change: updated_at stays
    await repo.set_user_status(404, UserStatus.BLOCKED, at(2))  # unknown: ignored

    assert blocked is not None
    assert blocked.status is UserStatus.BLOCKED
    assert blocked.updated_at == at(1)
    assert await repo.get_user(1) == blocked
    assert await repo.get_user(404) is None


async def test_set_next_due_sets_and_clears(repo: Repository) -> None:
    user = await add_user(repo, 1)

    await repo.set_next_due(1, at(10))
    due = await repo.get_user(1)
    await repo.set_next_due(1, None)
    cleared = await repo.get_user(1)
    await repo.set_next_due(404, at(10))  # unknown: ignored

    assert due == dataclasses.replace(user, next_due_at=at(10))
    assert cleared == user
    assert await repo.get_user(404) is None


async def test_due_users_ordering_limit_and_status_filter(repo: Repository) -> None:
    for user_id in range(1, 8):
        await add_user(repo, user_id)
    await repo.set_next_due(1, at(-1))
    await repo.set_next_due(2, at(-5))
    await repo.set_next_due(3, at(-5))  # same time as 2: the lower id first
    await repo.set_next_due(4, at(0))  # exactly now: due
    await repo.set_next_due(5, at(0.001))  # a millisecond late: not yet
    await repo.set_next_due(6, at(-10))
    await repo.set_user_status(6, UserStatus.BLOCKED, T0)  # due but blocked
    # user 7 has no next_due_at at all

    everyone = await repo.due_users(T0, limit=100)
    first_two = await repo.due_users(T0, limit=2)

    assert [u.user_id for u in everyone] == [2, 3, 1, 4]
    assert [u.user_id for u in first_two] == [2, 3]
    assert await repo.due_users(T0, limit=0) == []
    assert everyone[0].next_due_at == at(-5)


async def test_a_due_batch_is_the_earliest_due_time_in_user_id_order(repo: Repository) -> None:
    for user_id in range(1, 7):
        await add_user(repo, user_id)
    for user_id, minutes in ((1, -1), (2, -5), (3, -5), (4, -5), (5, 1), (6, -9)):
        await repo.set_next_due(user_id, at(minutes))
    await repo.set_user_status(6, UserStatus.BLOCKED, T0)  # due but blocked

    async with repo.claim_due_batch(T0, 2) as (first, scope):
        assert first is not None
        claimed = [user.user_id for user in await scope.unplanned_users(first)]
    async with repo.claim_due_batch(T0, 0) as (nothing, _):
        pass
    async with repo.claim_due_batch(at(-10), 10) as (nobody_due, _):
        pass

    assert first == DueBatch(at(-5), first_user_id=2, last_user_id=3, size=2)
    assert claimed == [2, 3]
    assert nothing is None
    assert nobody_due is None


async def test_cohort_plans_reach_each_member_but_the_personal_and_the_others(
    repo: Repository,
) -> None:
    since = at(-5)
    for user_id in range(1, 6):
        user = await add_user(repo, user_id)
        await repo.save_user(
            dataclasses.replace(user, timezone="Europe/Berlin", nudge_time=time(7, 30))
        )
        await repo.set_next_due(user_id, since)
    for user_id, change in (
        (3, {"birthday": date(1990, 11, 24)}),  # two days away: personal
        (4, {"nudge_time": time(8, 0)}),  # another cohort
        (5, {"birthday": date(1990, 5, 1), "paused_until": date(2026, 1, 10)}),  # long ago
    ):
        stored = await repo.get_user(user_id)
        assert stored is not None
        await repo.save_user(dataclasses.replace(stored, **change))
    member = await repo.get_user(1)
    assert member is not None
    await repo.enqueue_delivery(delivery(2), T0)  # user 2's nudge is in the outbox already
    nudge = NewDelivery(0, "morning_nudge", DAY, at(-5), at(100), {"landmark": "monday"})
    evening = NewDelivery(0, "evening_reminder", DAY - timedelta(days=1), at(-900), at(-800))
    plan = CohortPlan(Cohort.of(member), (nudge,), (evening,), at(600))
    window = personal_window(since, T0)

    async with repo.claim_due_batch(T0, 10) as (batch, scope):
        assert batch is not None
        applied = await scope.apply_cohorts(batch, [plan], window, T0)
        left = [user.user_id for user in await scope.unplanned_users(batch)]

    assert applied == (3, 2)  # users 1, 2 and 5; user 2's nudge was there already
    assert left == [3, 4]
    pending = await repo.pending_deliveries(at(60), 10)
    assert sorted((d.user_id, d.kind, d.due_at, d.payload) for d in pending) == [
        (1, "morning_nudge", at(-5), {"landmark": "monday"}),
        (2, "morning_nudge", T0, {}),
        (5, "morning_nudge", at(-5), {"landmark": "monday"}),
    ]
    assert await repo.enqueue_delivery(dataclasses.replace(evening, user_id=5), T0) is None
    due = {user_id: (await repo.get_user(user_id)) for user_id in range(1, 6)}
    assert {user_id: user.next_due_at for user_id, user in due.items() if user} == {
        1: at(600),
        2: at(600),
        3: since,
        4: since,
        5: at(600),
    }


async def test_delete_user_cascades_to_everything_they_own(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    mine, theirs = await add_goal(repo, 1), await add_goal(repo, 2)
    await repo.add_milestone(1, mine.goal_id, "Chapter 1", None, T0)
    kept_milestone = await repo.add_milestone(2, theirs.goal_id, "Chapter 1", None, T0)
    await add_entry(repo, mine)
    kept_entry = await add_entry(repo, theirs)
    gone = await enqueue(repo, delivery(1))
    kept_delivery = await enqueue(repo, delivery(2))

    await repo.delete_user(1)
    await repo.delete_user(1)  # twice, and unknown users: ignored
    await repo.delete_user(404)

    assert await repo.get_user(1) is None
    assert await repo.get_goal(1, mine.goal_id) is None
    assert await repo.list_goals(1) == []
    assert await repo.list_milestones(1, mine.goal_id) == []
    assert await repo.list_entries(1, mine.goal_id, include_undone=True) == []
    assert await repo.get_delivery(gone.delivery_id) is None
    assert await repo.pending_deliveries(at(1), 10) == [kept_delivery]
    # The other user's data is untouched.
    assert await repo.list_goals(2) == [theirs]
    assert await repo.list_milestones(2, theirs.goal_id) == [kept_milestone]
    assert await repo.list_entries(2, theirs.goal_id) == [kept_entry]
    # A user who comes back starts afresh, and the outbox key is free again.
    await add_user(repo, 1)
    assert await repo.list_goals(1) == []
    assert await repo.enqueue_delivery(delivery(1), T0) is not None


# --- goals -------------------------------------------------------------------------------------


async def test_create_goal_takes_the_next_priority_per_user(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)

    first = await repo.create_goal(NewGoal(1, "Run a marathon"), T0)
    second = await repo.create_goal(NewGoal(1, "Learn Spanish", GoalStatus.ACTIVE), at(1))
    other = await add_goal(repo, 2)

    assert first == Goal(
        goal_id=first.goal_id,
        user_id=1,
        status=GoalStatus.DRAFT,
        priority=1,
        created_at=T0,
        updated_at=T0,
        vision="Run a marathon",
    )
    assert (second.priority, second.status, second.created_at) == (2, GoalStatus.ACTIVE, at(1))
    assert other.priority == 1
    assert len({first.goal_id, second.goal_id, other.goal_id}) == 3
    assert await repo.get_goal(1, first.goal_id) == first


async def test_create_goal_goes_after_the_highest_priority(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    await repo.save_goal(dataclasses.replace(goal, priority=10))

    assert (await add_goal(repo, 1)).priority == 11


async def test_create_goal_for_unknown_user_raises(repo: Repository) -> None:
    with pytest.raises(NotFoundError):
        await repo.create_goal(NewGoal(404, "Nothing"), T0)


async def test_list_goals_orders_by_priority_then_id(repo: Repository) -> None:
    await add_user(repo, 1)
    a, b, c = [await add_goal(repo, 1, v) for v in "abc"]
    await repo.save_goal(dataclasses.replace(c, priority=1))
    await repo.save_goal(dataclasses.replace(a, priority=5))
    await repo.save_goal(dataclasses.replace(b, priority=1))  # ties with c; b has the lower id

    assert [g.vision for g in await repo.list_goals(1)] == ["b", "c", "a"]


async def test_list_goals_filters_by_status(repo: Repository) -> None:
    await add_user(repo, 1)
    draft = await repo.create_goal(NewGoal(1, "draft"), T0)
    active = await repo.create_goal(NewGoal(1, "active", GoalStatus.ACTIVE), T0)
    paused = await repo.create_goal(NewGoal(1, "paused", GoalStatus.PAUSED), T0)
    archived = await repo.create_goal(NewGoal(1, "archived", GoalStatus.ARCHIVED), T0)

    assert await repo.list_goals(1) == [draft, active, paused, archived]
    assert await repo.list_goals(1, [GoalStatus.ACTIVE]) == [active]
    assert await repo.list_goals(1, {GoalStatus.PAUSED, GoalStatus.DRAFT}) == [draft, paused]
    assert await repo.list_goals(1, ()) == []
    assert await repo.list_goals(404) == []


async def test_save_goal_round_trips_every_level(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    planned = dataclasses.replace(
        goal,
        status=GoalStatus.ACTIVE,
        priority=3,
        vision="Be a writer",
        outcome="Finish the first draft",
        outcome_measure=Measure(40_000, "words"),
        outcome_due=date(2027, 6, 30),
        monthly="Write two chapters",
        monthly_measure=Measure(6_666.5, "words"),
        weekly="Write five sessions",
        weekly_measure=Measure(5, "sessions"),
        daily="Write 300 words",
        daily_measure=Measure(300, "words"),
        mva="Write one sentence",
        mva_measure=Measure(1, "sentence"),
        identity="I am someone who writes every day",
        start_date=date(2026, 11, 23),
        updated_at=at(3),
        created_at=at(-999),  # not stored: created_at is the creation time
    )

    saved = await repo.save_goal(planned)
    cleared = await repo.save_goal(dataclasses.replace(saved, daily=None, daily_measure=None))

    assert saved == dataclasses.replace(planned, created_at=T0)
    assert saved.daily_measure == Measure(300.0, "words")
    assert cleared.daily is None
    assert cleared.daily_measure is None
    assert await repo.get_goal(1, goal.goal_id) == cleared


async def test_goals_are_invisible_and_untouchable_to_other_users(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    goal = await add_goal(repo, 1)

    assert await repo.get_goal(2, goal.goal_id) is None
    assert await repo.list_goals(2) == []
    with pytest.raises(NotFoundError):
        await repo.save_goal(dataclasses.replace(goal, user_id=2, vision="stolen"))
    with pytest.raises(NotFoundError):
        await repo.save_goal(dataclasses.replace(goal, goal_id=goal.goal_id + 1000))
    assert await repo.get_goal(1, goal.goal_id) == goal
    assert await repo.list_goals(1) == [goal]


async def test_set_goal_status_changes_only_the_status(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await repo.save_goal(
        dataclasses.replace(
            await add_goal(repo, 1), status=GoalStatus.ACTIVE, daily="Write 300 words"
        )
    )

    paused = await repo.set_goal_status(1, goal.goal_id, GoalStatus.PAUSED, at(5))
    again = await repo.set_goal_status(1, goal.goal_id, GoalStatus.PAUSED, at(9))

    assert paused == dataclasses.replace(goal, status=GoalStatus.PAUSED, updated_at=at(5))
    assert again == paused  # no change, not even updated_at
    assert await repo.get_goal(1, goal.goal_id) == paused
    archived = await repo.set_goal_status(1, goal.goal_id, GoalStatus.ARCHIVED, at(10))
    assert (archived.status, archived.daily, archived.priority) == (
        GoalStatus.ARCHIVED,
        "Write 300 words",
        goal.priority,
    )
    with pytest.raises(NotFoundError):
        await repo.set_goal_status(1, 404, GoalStatus.PAUSED, at(11))


async def test_set_goal_status_refuses_one_active_goal_too_many(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    active = [await repo.create_goal(NewGoal(1, f"a{i}", GoalStatus.ACTIVE), T0) for i in range(3)]
    paused = await repo.create_goal(NewGoal(1, "p", GoalStatus.PAUSED), T0)
    draft = await repo.create_goal(NewGoal(1, "d"), T0)
    # Another user's active goals do not count.
    for i in range(5):
        await repo.create_goal(NewGoal(2, f"b{i}", GoalStatus.ACTIVE), T0)

    with pytest.raises(ActiveGoalLimitError) as caught:
        await repo.set_goal_status(1, paused.goal_id, GoalStatus.ACTIVE, at(1), max_active=3)
    assert caught.value.limit == 3
    assert await repo.get_goal(1, paused.goal_id) == paused
    # An already active goal stays active under the limit; other statuses are not limited.
    same = await repo.set_goal_status(1, active[0].goal_id, GoalStatus.ACTIVE, at(1), max_active=3)
    assert same == active[0]
    await repo.set_goal_status(1, draft.goal_id, GoalStatus.PAUSED, at(1), max_active=3)
    # Room again after pausing one; without a limit nothing is checked.
    await repo.set_goal_status(1, active[0].goal_id, GoalStatus.PAUSED, at(2))
    resumed = await repo.set_goal_status(1, paused.goal_id, GoalStatus.ACTIVE, at(3), max_active=3)
    assert resumed.status is GoalStatus.ACTIVE
    unlimited = await repo.set_goal_status(1, draft.goal_id, GoalStatus.ACTIVE, at(4))
    assert unlimited.status is GoalStatus.ACTIVE
    assert len(await repo.list_goals(1, [GoalStatus.ACTIVE])) == 4


async def test_concurrent_resumes_never_exceed_the_active_limit(repo: Repository) -> None:
    await add_user(repo, 1)
    goals = [await repo.create_goal(NewGoal(1, str(i), GoalStatus.PAUSED), T0) for i in range(8)]

    results = await asyncio.gather(
        *(
            repo.set_goal_status(1, g.goal_id, GoalStatus.ACTIVE, at(1), max_active=5)
            for g in goals
        ),
        return_exceptions=True,
    )

    assert sum(isinstance(r, ActiveGoalLimitError) for r in results) == 3
    assert len(await repo.list_goals(1, [GoalStatus.ACTIVE])) == 5


async def test_reorder_goals_puts_the_listed_first_and_keeps_the_rest_in_order(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    a, b, c, d = [await add_goal(repo, 1, v) for v in "abcd"]
    theirs = await add_goal(repo, 2)
    await repo.save_goal(dataclasses.replace(d, priority=9))  # a gap: priorities become compact

    reordered = await repo.reorder_goals(1, [c.goal_id, a.goal_id], at(5))

    assert [g.vision for g in reordered] == ["c", "a", "b", "d"]
    assert [g.priority for g in reordered] == [1, 2, 3, 4]
    assert reordered == await repo.list_goals(1)
    by_vision = {g.vision: g for g in reordered}
    assert by_vision["c"].updated_at == at(5)
    assert by_vision["a"].updated_at == at(5)
    assert by_vision["b"] == dataclasses.replace(b, priority=3, updated_at=at(5))
    assert by_vision["d"].updated_at == at(5)  # 9 -> 4
    assert await repo.list_goals(2) == [theirs]
    # The same order again changes no priority, so no updated_at either.
    assert await repo.reorder_goals(1, [c.goal_id, a.goal_id], at(9)) == reordered
    assert await repo.reorder_goals(1, [], at(9)) == reordered


async def test_reorder_goals_with_a_foreign_or_repeated_id_changes_nothing(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    a, b = await add_goal(repo, 1, "a"), await add_goal(repo, 1, "b")
    theirs = await add_goal(repo, 2)

    with pytest.raises(NotFoundError):
        await repo.reorder_goals(1, [b.goal_id, theirs.goal_id], at(1))
    with pytest.raises(NotFoundError):
        await repo.reorder_goals(2, [a.goal_id], at(1))
    with pytest.raises(NotFoundError):
        await repo.reorder_goals(1, [b.goal_id, 404_404], at(1))
    with pytest.raises(ValueError, match="twice"):
        await repo.reorder_goals(1, [b.goal_id, b.goal_id], at(1))

    assert await repo.list_goals(1) == [a, b]
    assert await repo.list_goals(2) == [theirs]


async def test_concurrent_reorders_leave_a_consistent_order(repo: Repository) -> None:
    await add_user(repo, 1)
    goals = [await add_goal(repo, 1, str(i)) for i in range(6)]
    ids = [g.goal_id for g in goals]

    await asyncio.gather(*(repo.reorder_goals(1, ids[i:] + ids[:i], at(i)) for i in range(6)))

    listed = await repo.list_goals(1)
    assert [g.priority for g in listed] == [1, 2, 3, 4, 5, 6]
    assert sorted(g.goal_id for g in listed) == sorted(ids)


# --- milestones --------------------------------------------------------------------------------


async def test_milestones_are_listed_in_the_order_they_were_added(repo: Repository) -> None:
    await add_user(repo, 1)
    goal, other_goal = await add_goal(repo, 1), await add_goal(repo, 1)
    first = await repo.add_milestone(1, goal.goal_id, "Outline", date(2026, 12, 1), T0)
    second = await repo.add_milestone(1, goal.goal_id, "Draft", None, at(1))
    elsewhere = await repo.add_milestone(1, other_goal.goal_id, "Other", None, T0)

    assert (first.position, second.position, elsewhere.position) == (1, 2, 1)
    assert (first.title, first.due_date, first.done_at, first.steps) == (
        "Outline",
        date(2026, 12, 1),
        None,
        (),
    )
    assert (first.goal_id, first.user_id, first.created_at) == (goal.goal_id, 1, T0)
    assert second.due_date is None
    assert await repo.list_milestones(1, goal.goal_id) == [first, second]
    assert await repo.list_milestones(1, other_goal.goal_id) == [elsewhere]


async def test_milestone_done_and_reopen(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    milestone = await repo.add_milestone(1, goal.goal_id, "Outline", None, T0)

    done = await repo.set_milestone_done(1, milestone.milestone_id, at(5))
    listed_done = await repo.list_milestones(1, goal.goal_id)
    reopened = await repo.set_milestone_done(1, milestone.milestone_id, None)

    assert done == dataclasses.replace(milestone, done_at=at(5))
    assert listed_done == [done]
    assert reopened == milestone
    assert await repo.list_milestones(1, goal.goal_id) == [milestone]


async def test_delete_milestone(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    first = await repo.add_milestone(1, goal.goal_id, "Outline", None, T0)
    second = await repo.add_milestone(1, goal.goal_id, "Draft", None, T0)

    await repo.delete_milestone(1, first.milestone_id)

    assert await repo.list_milestones(1, goal.goal_id) == [second]
    with pytest.raises(NotFoundError):
        await repo.delete_milestone(1, first.milestone_id)
    with pytest.raises(NotFoundError):
        await repo.set_milestone_done(1, first.milestone_id, T0)


async def test_milestones_are_invisible_and_untouchable_to_other_users(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    goal = await add_goal(repo, 1)
    milestone = await repo.add_milestone(1, goal.goal_id, "Outline", None, T0)

    with pytest.raises(NotFoundError):
        await repo.add_milestone(2, goal.goal_id, "Sneaky", None, T0)
    with pytest.raises(NotFoundError):
        await repo.add_milestone(1, goal.goal_id + 1000, "Nowhere", None, T0)
    assert await repo.list_milestones(2, goal.goal_id) == []
    with pytest.raises(NotFoundError):
        await repo.set_milestone_done(2, milestone.milestone_id, T0)
    with pytest.raises(NotFoundError):
        await repo.delete_milestone(2, milestone.milestone_id)
    assert await repo.list_milestones(1, goal.goal_id) == [milestone]


async def test_get_milestone_and_move_its_deadline(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    milestone = await repo.add_milestone(1, goal.goal_id, "Outline", date(2026, 12, 1), T0)
    step = await repo.add_step(1, milestone.milestone_id, "Characters")
    done = await repo.set_milestone_done(1, milestone.milestone_id, at(1))

    moved = await repo.set_milestone_due(1, milestone.milestone_id, date(2026, 12, 24))
    cleared = await repo.set_milestone_due(1, milestone.milestone_id, None)

    assert moved == dataclasses.replace(done, due_date=date(2026, 12, 24))
    assert moved.steps == (step,)
    assert cleared == dataclasses.replace(done, due_date=None)
    assert await repo.get_milestone(1, milestone.milestone_id) == cleared
    assert await repo.list_milestones(1, goal.goal_id) == [cleared]
    assert await repo.get_milestone(1, 404) is None
    with pytest.raises(NotFoundError):
        await repo.set_milestone_due(1, 404, None)
    with pytest.raises(ValueError, match="date"):
        await repo.set_milestone_due(1, milestone.milestone_id, T0)
    assert await repo.get_milestone(1, milestone.milestone_id) == cleared


async def test_steps_are_added_in_order_ticked_reopened_and_deleted(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    milestone = await repo.add_milestone(1, goal.goal_id, "Outline", None, T0)
    other = await repo.add_milestone(1, goal.goal_id, "Draft", None, T0)

    first = await repo.add_step(1, milestone.milestone_id, "Characters")
    second = await repo.add_step(1, milestone.milestone_id, "Setting")
    elsewhere = await repo.add_step(1, other.milestone_id, "Chapter 1")

    assert first == MilestoneStep(
        step_id=first.step_id, milestone_id=milestone.milestone_id, title="Characters", position=1
    )
    assert (second.position, elsewhere.position) == (2, 1)
    assert len({first.step_id, second.step_id, elsewhere.step_id}) == 3
    fetched = await repo.get_milestone(1, milestone.milestone_id)
    assert fetched is not None
    assert fetched.steps == (first, second)

    ticked = await repo.set_step_done(1, second.step_id, at(3))
    assert ticked == dataclasses.replace(second, done_at=at(3))
    listed = await repo.list_milestones(1, goal.goal_id)
    assert listed[0].steps == (first, ticked)
    assert listed[1].steps == (elsewhere,)
    assert await repo.set_step_done(1, second.step_id, None) == second

    await repo.delete_step(1, first.step_id)
    third = await repo.add_step(1, milestone.milestone_id, "Plot")
    fetched = await repo.get_milestone(1, milestone.milestone_id)
    assert fetched is not None
    assert fetched.steps == (second, third)
    assert third.position == 3  # after the highest position, so the order is kept
    with pytest.raises(NotFoundError):
        await repo.delete_step(1, first.step_id)
    with pytest.raises(NotFoundError):
        await repo.set_step_done(1, first.step_id, T0)
    with pytest.raises(NotFoundError):
        await repo.add_step(1, 404, "Nowhere")


async def test_deleting_a_milestone_or_user_deletes_its_steps(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    milestone = await repo.add_milestone(1, goal.goal_id, "Outline", None, T0)
    kept = await repo.add_milestone(1, goal.goal_id, "Draft", None, T0)
    step = await repo.add_step(1, milestone.milestone_id, "Characters")
    kept_step = await repo.add_step(1, kept.milestone_id, "Chapter 1")

    await repo.delete_milestone(1, milestone.milestone_id)

    with pytest.raises(NotFoundError):
        await repo.set_step_done(1, step.step_id, T0)
    assert await repo.list_milestones(1, goal.goal_id) == [
        dataclasses.replace(kept, steps=(kept_step,))
    ]
    await repo.delete_user(1)
    await add_user(repo, 1)
    with pytest.raises(NotFoundError):
        await repo.set_step_done(1, kept_step.step_id, T0)


async def test_steps_are_invisible_and_untouchable_to_other_users(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    goal = await add_goal(repo, 1)
    milestone = await repo.add_milestone(1, goal.goal_id, "Outline", date(2026, 12, 1), T0)
    step = await repo.add_step(1, milestone.milestone_id, "Characters")
    before = await repo.get_milestone(1, milestone.milestone_id)

    assert await repo.get_milestone(2, milestone.milestone_id) is None
    with pytest.raises(NotFoundError):
        await repo.set_milestone_due(2, milestone.milestone_id, None)
    with pytest.raises(NotFoundError):
        await repo.add_step(2, milestone.milestone_id, "Sneaky")
    with pytest.raises(NotFoundError):
        await repo.set_step_done(2, step.step_id, T0)
    with pytest.raises(NotFoundError):
        await repo.delete_step(2, step.step_id)

    assert before is not None
    assert before.steps == (step,)
    assert await repo.get_milestone(1, milestone.milestone_id) == before


async def test_concurrent_steps_get_distinct_positions(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    milestone = await repo.add_milestone(1, goal.goal_id, "Outline", None, T0)

    steps = await asyncio.gather(
        *(repo.add_step(1, milestone.milestone_id, str(i)) for i in range(20))
    )

    assert sorted(s.position for s in steps) == list(range(1, 21))


# --- the daily log -----------------------------------------------------------------------------


async def test_append_entry_stores_everything(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    new = NewEntry(
        goal.goal_id, 1, DAY, EntryStatus.MVA, quantity=120, target=Measure(300, "words")
    )

    entry = await repo.append_entry(new, at(1))

    assert entry == DailyEntry(
        entry_id=entry.entry_id,
        goal_id=goal.goal_id,
        user_id=1,
        local_date=DAY,
        status=EntryStatus.MVA,
        recorded_at=at(1),
        quantity=120.0,
        target=Measure(300.0, "words"),
    )
    assert await repo.list_entries(1, goal.goal_id) == [entry]


async def test_entries_are_ordered_by_date_then_by_append_order(repo: Repository) -> None:
    await add_user(repo, 1)
    goal, other_goal = await add_goal(repo, 1), await add_goal(repo, 1)
    d1, d2, d3 = DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)
    e3 = await add_entry(repo, goal, d3)
    e1_done = await add_entry(repo, goal, d1, EntryStatus.DONE)
    e2 = await add_entry(repo, goal, d2, EntryStatus.SKIP)
    e1_missed = await add_entry(repo, goal, d1, EntryStatus.MISSED, now=at(-60))
    await add_entry(repo, other_goal, d1)

    entries = await repo.list_entries(1, goal.goal_id)

    # Append order, not recorded_at, breaks the tie within a day.
    assert entries == [e1_done, e1_missed, e2, e3]


async def test_list_entries_since_and_until_are_inclusive(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    days = [DAY + timedelta(days=i) for i in range(5)]
    entries = [await add_entry(repo, goal, d) for d in days]

    assert await repo.list_entries(1, goal.goal_id, since=days[1]) == entries[1:]
    assert await repo.list_entries(1, goal.goal_id, until=days[1]) == entries[:2]
    assert await repo.list_entries(1, goal.goal_id, days[1], days[3]) == entries[1:4]
    assert await repo.list_entries(1, goal.goal_id, days[2], days[2]) == [entries[2]]
    assert await repo.list_entries(1, goal.goal_id, days[3], days[1]) == []


async def test_undo_entry_hides_it_but_keeps_it_for_history(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    kept = await add_entry(repo, goal, DAY, EntryStatus.MISSED)
    undone = await add_entry(repo, goal, DAY, EntryStatus.DONE)

    result = await repo.undo_entry(1, undone.entry_id, at(2))
    again = await repo.undo_entry(1, undone.entry_id, at(3))  # keeps the first undo time

    assert result == dataclasses.replace(undone, undone_at=at(2))
    assert again == result
    assert await repo.list_entries(1, goal.goal_id) == [kept]
    assert await repo.list_entries(1, goal.goal_id, include_undone=True) == [kept, result]


async def test_entries_are_invisible_and_untouchable_to_other_users(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    goal = await add_goal(repo, 1)
    entry = await add_entry(repo, goal)

    with pytest.raises(NotFoundError):
        await repo.append_entry(NewEntry(goal.goal_id, 2, DAY, EntryStatus.DONE), T0)
    with pytest.raises(NotFoundError):
        await repo.append_entry(NewEntry(goal.goal_id + 1000, 1, DAY, EntryStatus.DONE), T0)
    assert await repo.list_entries(2, goal.goal_id, include_undone=True) == []
    with pytest.raises(NotFoundError):
        await repo.undo_entry(2, entry.entry_id, T0)
    with pytest.raises(NotFoundError):
        await repo.undo_entry(1, entry.entry_id + 1000, T0)
    assert await repo.list_entries(1, goal.goal_id, include_undone=True) == [entry]


# --- the outbox --------------------------------------------------------------------------------


async def test_enqueue_delivery_stores_everything(repo: Repository) -> None:
    await add_user(repo, 1)
    new = NewDelivery(
        user_id=1,
        kind="morning_nudge",
        local_date=DAY,
        due_at=at(10),
        expires_at=at(130),
        payload={"goal_id": 3, "text": "Write one sentence ✍️", "tags": ["a", "b"], "x": None},
    )

    stored = await repo.enqueue_delivery(new, T0)

    assert stored is not None
    assert stored == Delivery(
        delivery_id=stored.delivery_id,
        user_id=1,
        kind="morning_nudge",
        local_date=DAY,
        due_at=at(10),
        created_at=T0,
        expires_at=at(130),
        payload={"goal_id": 3, "text": "Write one sentence ✍️", "tags": ["a", "b"], "x": None},
    )
    assert await repo.get_delivery(stored.delivery_id) == stored


async def test_enqueue_delivery_is_idempotent_per_user_kind_and_date(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    original = await enqueue(repo, delivery(1, payload={"v": 1}))

    duplicate = await repo.enqueue_delivery(delivery(1, due_at=at(5), payload={"v": 2}), at(1))
    other_kind = await repo.enqueue_delivery(delivery(1, kind="evening_reminder"), T0)
    other_day = await repo.enqueue_delivery(delivery(1, day=DAY + timedelta(days=1)), T0)
    other_user = await repo.enqueue_delivery(delivery(2), T0)

    assert duplicate is None
    assert await repo.get_delivery(original.delivery_id) == original  # not overwritten
    assert None not in (other_kind, other_day, other_user)
    assert len(await repo.pending_deliveries(at(60), 100)) == 4


async def test_enqueue_delivery_for_unknown_user_raises(repo: Repository) -> None:
    with pytest.raises(NotFoundError):
        await repo.enqueue_delivery(delivery(404), T0)


async def test_pending_deliveries_are_due_pending_and_ordered_by_due_time(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    late = await enqueue(repo, delivery(kind="a", due_at=at(-1)))
    early = await enqueue(repo, delivery(kind="b", due_at=at(-30)))
    tie = await enqueue(repo, delivery(kind="c", due_at=at(-30)))
    now = await enqueue(repo, delivery(kind="d", due_at=T0))
    await enqueue(repo, delivery(kind="future", due_at=at(1)))
    sent = await enqueue(repo, delivery(kind="sent", due_at=at(-60)))
    await repo.record_delivery(sent.delivery_id, DeliveryStatus.SENT, T0, telegram_message_id=1)

    assert await repo.pending_deliveries(T0, 100) == [early, tie, late, now]
    assert await repo.pending_deliveries(T0, 2) == [early, tie]
    assert await repo.pending_deliveries(T0, 0) == []


async def test_retry_at_postpones_a_pending_delivery(repo: Repository) -> None:
    await add_user(repo, 1)
    stored = await enqueue(repo, delivery(due_at=T0))

    retried = await repo.record_delivery(
        stored.delivery_id, DeliveryStatus.PENDING, at(1), error="RetryAfter 30", retry_at=at(2)
    )

    assert retried == dataclasses.replace(
        stored, attempts=1, last_error="RetryAfter 30", next_attempt_at=at(2)
    )
    assert await repo.pending_deliveries(at(1.5), 10) == []
    assert await repo.pending_deliveries(at(2), 10) == [retried]


async def test_record_delivery_sent(repo: Repository) -> None:
    await add_user(repo, 1)
    stored = await enqueue(repo, delivery())
    await repo.record_delivery(
        stored.delivery_id, DeliveryStatus.PENDING, at(1), error="timeout", retry_at=at(2)
    )

    sent = await repo.record_delivery(
        stored.delivery_id, DeliveryStatus.SENT, at(3), telegram_message_id=987654321
    )

    assert sent == dataclasses.replace(
        stored,
        status=DeliveryStatus.SENT,
        attempts=2,
        sent_at=at(3),
        telegram_message_id=987654321,
    )
    assert await repo.get_delivery(stored.delivery_id) == sent
    assert await repo.pending_deliveries(at(60), 10) == []


@pytest.mark.parametrize("status", [DeliveryStatus.FAILED, DeliveryStatus.SKIPPED])
async def test_record_delivery_failed_or_skipped_keeps_the_reason(
    repo: Repository, status: DeliveryStatus
) -> None:
    await add_user(repo, 1)
    stored = await enqueue(repo, delivery())

    # retry_at only means something for PENDING; with a final status it is ignored.
    recorded = await repo.record_delivery(
        stored.delivery_id, status, at(1), error="Forbidden: bot was blocked", retry_at=at(9)
    )

    assert recorded == dataclasses.replace(
        stored, status=status, attempts=1, last_error="Forbidden: bot was blocked"
    )
    assert await repo.get_delivery(stored.delivery_id) == recorded
    assert await repo.pending_deliveries(at(60), 10) == []


async def test_claimed_deliveries_are_leased_to_one_sender(repo: Repository) -> None:
    await add_user(repo, 1)
    late = await enqueue(repo, delivery(kind="a", due_at=at(-1)))
    early = await enqueue(repo, delivery(kind="b", due_at=at(-30)))
    await enqueue(repo, delivery(kind="future", due_at=at(1)))
    lease = timedelta(minutes=1)

    claimed = await repo.claim_deliveries(T0, 10, lease)
    while_leased = await repo.claim_deliveries(at(0.5), 10, lease)
    after_the_lease = await repo.claim_deliveries(at(1), 1, lease)

    assert [d.delivery_id for d in claimed] == [early.delivery_id, late.delivery_id]
    assert {d.claimed_until for d in claimed} == {at(1)}
    assert while_leased == []
    assert [d.delivery_id for d in after_the_lease] == [early.delivery_id]  # the lapsed claim
    assert after_the_lease[0].claimed_until == at(2)


async def test_an_outcome_or_a_release_ends_a_claim(repo: Repository) -> None:
    await add_user(repo, 1)
    first = await enqueue(repo, delivery(kind="a", due_at=at(-2)))
    second = await enqueue(repo, delivery(kind="b", due_at=at(-1)))
    await repo.claim_deliveries(T0, 10, timedelta(minutes=1))

    retried = await repo.record_delivery(
        first.delivery_id, DeliveryStatus.PENDING, T0, error="500", retry_at=T0
    )
    await repo.release_deliveries([second.delivery_id])

    assert retried.claimed_until is None
    again = await repo.claim_deliveries(T0, 10, timedelta(minutes=1))
    assert [d.delivery_id for d in again] == [first.delivery_id, second.delivery_id]
    await repo.release_deliveries([])  # nothing to give back: nothing happens


async def test_the_cards_of_a_delivery_already_sent_are_kept_on_its_row(repo: Repository) -> None:
    await add_user(repo, 1)
    stored = await enqueue(repo, delivery())

    await repo.record_progress(stored.delivery_id, 2, 4242)
    await repo.record_delivery(
        stored.delivery_id, DeliveryStatus.PENDING, T0, error="timeout", retry_at=at(1)
    )

    [again] = await repo.claim_deliveries(at(1), 10, timedelta(minutes=1))
    assert (again.cards_sent, again.first_message_id) == (2, 4242)


async def test_the_card_about_to_be_sent_is_on_the_row_until_its_outcome_is(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    crashed = await enqueue(repo, delivery(kind="crashed"))
    answered = await enqueue(repo, delivery(kind="answered"))
    progressed = await enqueue(repo, delivery(kind="progressed"))
    for stored in (crashed, answered, progressed):
        await repo.record_sending(stored.delivery_id, 1)

    await repo.record_delivery(answered.delivery_id, DeliveryStatus.UNCERTAIN, T0, error="lost")
    await repo.record_progress(progressed.delivery_id, 2, 77)

    found = {d.kind: d for d in await repo.claim_deliveries(at(1), 10, timedelta(minutes=1))}
    assert found["crashed"].sending == 1  # the sender died before recording an answer
    assert found["progressed"].sending is None
    uncertain = await repo.get_delivery(answered.delivery_id)
    assert uncertain is not None
    assert (uncertain.status, uncertain.sending) == (DeliveryStatus.UNCERTAIN, None)
    assert "answered" not in found  # never claimed again
    assert (await repo.counts()).deliveries == {"pending": 2, "uncertain": 1}


async def test_outbox_health_of_an_empty_outbox(repo: Repository) -> None:
    assert await repo.outbox_health(T0) == OutboxHealth(0, None, None)


async def test_outbox_health_counts_what_should_be_sending_and_when_one_last_went(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    oldest = await enqueue(repo, delivery(kind="a", due_at=at(-20)))
    await enqueue(repo, delivery(kind="b", due_at=at(-5)))
    await enqueue(repo, delivery(kind="future", due_at=at(5)))
    waiting = await enqueue(repo, delivery(kind="waiting", due_at=at(-30)))
    await repo.record_delivery(
        waiting.delivery_id, DeliveryStatus.PENDING, at(-1), error="429", retry_at=at(3)
    )
    for kind, minutes in (("sent early", -50), ("sent late", -10)):
        sent = await enqueue(repo, delivery(kind=kind, due_at=at(-60)))
        await repo.record_delivery(sent.delivery_id, DeliveryStatus.SENT, at(minutes))
    failed = await enqueue(repo, delivery(kind="failed", due_at=at(-60)))
    await repo.record_delivery(failed.delivery_id, DeliveryStatus.FAILED, at(-2))

    # The one waiting for its retry is not behind yet; the future one is not due.
    assert await repo.outbox_health(T0) == OutboxHealth(2, oldest.due_at, at(-10))
    assert await repo.outbox_health(at(3)) == OutboxHealth(3, waiting.due_at, at(-10))


async def test_record_delivery_unknown_raises(repo: Repository) -> None:
    assert await repo.get_delivery(404) is None
    with pytest.raises(NotFoundError):
        await repo.record_delivery(404, DeliveryStatus.SENT, T0)


# --- time and values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "zone",
    [
        ZoneInfo("Pacific/Kiritimati"),
        ZoneInfo("Pacific/Pago_Pago"),
        timezone(timedelta(hours=5, minutes=30)),
    ],
    ids=str,
)
async def test_aware_datetimes_come_back_in_utc_exactly(
    repo: Repository, zone: ZoneInfo | timezone
) -> None:
    instant = datetime(2026, 3, 29, 1, 59, 59, 999999, tzinfo=UTC)
    local = instant.astimezone(zone)
    user, _ = await repo.upsert_user(UserProfile(1, 10), local)
    await repo.set_next_due(1, local + timedelta(microseconds=1))
    stored = await repo.enqueue_delivery(delivery(due_at=local, payload={}), local)

    fetched = await repo.get_user(1)

    assert stored is not None
    assert fetched is not None
    for value in (user.created_at, fetched.last_seen_at, stored.due_at, stored.created_at):
        assert value == instant
        assert value is not None
        assert value.utcoffset() == timedelta(0)
        assert (value.year, value.hour, value.microsecond) == (2026, 1, 999999)
    assert fetched.next_due_at == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    assert await repo.due_users(instant, 10) == []
    assert await repo.due_users(instant + timedelta(microseconds=1), 10) == [fetched]


async def test_naive_datetimes_are_refused(repo: Repository) -> None:
    naive = datetime(2026, 11, 22, 15, 0)
    user = await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    milestone = await repo.add_milestone(1, goal.goal_id, "m", None, T0)
    step = await repo.add_step(1, milestone.milestone_id, "s")
    milestone = dataclasses.replace(milestone, steps=(step,))
    entry = await add_entry(repo, goal)
    stored = await enqueue(repo, delivery())

    calls: list[Callable[[], Awaitable[object]]] = [
        lambda: repo.upsert_user(UserProfile(2, 20), naive),
        lambda: repo.save_user(dataclasses.replace(user, updated_at=naive)),
        lambda: repo.set_user_status(1, UserStatus.BLOCKED, naive),
        lambda: repo.set_next_due(1, naive),
        lambda: repo.due_users(naive, 10),
        lambda: repo.create_goal(NewGoal(1, "x"), naive),
        lambda: repo.save_goal(dataclasses.replace(goal, updated_at=naive)),
        lambda: repo.add_milestone(1, goal.goal_id, "m", None, naive),
        lambda: repo.set_milestone_done(1, milestone.milestone_id, naive),
        lambda: repo.set_goal_status(1, goal.goal_id, GoalStatus.PAUSED, naive),
        lambda: repo.reorder_goals(1, [goal.goal_id], naive),
        lambda: repo.set_step_done(1, step.step_id, naive),
        lambda: repo.append_entry(NewEntry(goal.goal_id, 1, DAY, EntryStatus.DONE), naive),
        lambda: repo.undo_entry(1, entry.entry_id, naive),
        lambda: repo.enqueue_delivery(delivery(kind="k", due_at=naive), T0),
        lambda: repo.pending_deliveries(naive, 10),
        lambda: repo.record_delivery(
            stored.delivery_id, DeliveryStatus.PENDING, T0, retry_at=naive
        ),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="naive"):
            await call()

    # Nothing was changed by the refused calls.
    assert await repo.get_user(1) == user
    assert await repo.get_user(2) is None
    assert await repo.list_goals(1) == [goal]
    assert await repo.list_milestones(1, goal.goal_id) == [milestone]
    assert await repo.list_entries(1, goal.goal_id) == [entry]
    assert await repo.get_delivery(stored.delivery_id) == stored


async def test_values_the_schema_cannot_hold_are_refused(repo: Repository) -> None:
    user = await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    when = datetime(2026, 11, 22, tzinfo=UTC)

    with pytest.raises(ValueError, match="HH:MM"):
        await repo.save_user(dataclasses.replace(user, nudge_time=time(7, 30, 15)))
    with pytest.raises(ValueError, match="HH:MM"):
        await repo.save_user(dataclasses.replace(user, review_time=time(7, 30, tzinfo=UTC)))
    with pytest.raises(ValueError, match="weekday"):
        await repo.save_user(dataclasses.replace(user, review_weekday=7))
    with pytest.raises(ValueError, match="date"):
        await repo.save_user(dataclasses.replace(user, birthday=when))
    with pytest.raises(ValueError, match="priority"):
        await repo.save_goal(dataclasses.replace(goal, priority=0))
    with pytest.raises(ValueError, match="date"):
        await repo.append_entry(NewEntry(goal.goal_id, 1, when, EntryStatus.DONE), T0)
    with pytest.raises(ValueError, match="kind"):
        await repo.enqueue_delivery(delivery(kind=""), T0)
    with pytest.raises(ValueError, match="JSON"):  # JSON has no NaN
        await repo.enqueue_delivery(delivery(payload={"x": float("nan")}), T0)
    with pytest.raises(TypeError):  # not JSON-serialisable
        await repo.enqueue_delivery(delivery(payload={"x": {1, 2}}), T0)
    with pytest.raises(ValueError, match="limit"):
        await repo.due_users(T0, -1)
    with pytest.raises(ValueError, match="limit"):
        await repo.pending_deliveries(T0, -1)

    assert await repo.get_user(1) == user
    assert await repo.list_goals(1) == [goal]
    assert await repo.list_entries(1, goal.goal_id) == []
    assert await repo.pending_deliveries(at(60), 10) == []


async def test_returned_snapshots_are_immutable(repo: Repository) -> None:
    user = await add_user(repo, 1)
    stored = await enqueue(repo, delivery(payload={"goal_id": 3, "tags": ["a"]}))

    with pytest.raises(dataclasses.FrozenInstanceError):
        user.first_name = "Mallory"  # type: ignore[misc]
    # The payload dict is the one mutable part: changing a copy must not reach the store.
    stored.payload["goal_id"] = 999
    pending = await repo.pending_deliveries(T0, 10)
    pending[0].payload.clear()

    fetched = await repo.get_delivery(stored.delivery_id)
    assert fetched is not None
    assert fetched.payload == {"goal_id": 3, "tags": ["a"]}


async def test_closed_repository_refuses_calls_and_closes_twice(repo: Repository) -> None:
    await add_user(repo, 1)

    await repo.close()
    await repo.close()

    with pytest.raises(StorageError):
        await repo.get_user(1)


# --- atomicity under concurrency ---------------------------------------------------------------


async def test_concurrent_writes_all_land_exactly_once(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    days = [DAY + timedelta(days=i) for i in range(50)]

    results = await asyncio.gather(
        *(add_entry(repo, goal, d) for d in days),
        *(repo.enqueue_delivery(delivery(day=d), T0) for d in days),
        # The same keys again, racing the first ones: each key is taken once.
        *(repo.enqueue_delivery(delivery(day=d), T0) for d in days),
    )

    entries = await repo.list_entries(1, goal.goal_id)
    pending = await repo.pending_deliveries(T0, 1000)
    assert [e.local_date for e in entries] == days
    assert len({e.entry_id for e in entries}) == 50
    assert sorted(d.local_date for d in pending) == days
    assert sum(r is None for r in results) == 50


async def test_concurrent_goal_creation_gets_distinct_priorities(repo: Repository) -> None:
    await add_user(repo, 1)

    goals = await asyncio.gather(*(add_goal(repo, 1, str(i)) for i in range(20)))

    assert sorted(g.priority for g in goals) == list(range(1, 21))


async def test_a_failing_call_does_not_undo_concurrent_work(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    goal = await add_goal(repo, 1)

    def attempt(i: int) -> NewEntry:
        # Every other call forges the owner and must fail on its own.
        return NewEntry(goal.goal_id, 1 + i % 2, DAY + timedelta(days=i), EntryStatus.DONE)

    results = await asyncio.gather(
        *(repo.append_entry(attempt(i), T0) for i in range(40)), return_exceptions=True
    )

    assert all(isinstance(r, NotFoundError) for r in results[1::2])
    assert [e.local_date for e in await repo.list_entries(1, goal.goal_id)] == [
        DAY + timedelta(days=i) for i in range(0, 40, 2)
    ]


# --- target levels and coach events ---------------------------------------------------------


async def test_target_levels_are_an_ordered_history_owned_by_the_user(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    goal = await add_goal(repo, 1)
    later = await repo.add_target_level(
        NewTargetLevel(
            goal.goal_id,
            1,
            DAY + timedelta(days=7),
            LevelKind.RAMP,
            "390 words",
            Measure(390, "words"),
            step=2,
            steps=7,
        ),
        at(2),
    )
    first = await repo.add_target_level(
        NewTargetLevel(
            goal.goal_id, 1, DAY, LevelKind.MVA, "100 words", Measure(100, "words"), step=1, steps=7
        ),
        at(1),
    )
    same_day = await repo.add_target_level(
        NewTargetLevel(goal.goal_id, 1, DAY, LevelKind.MVA, "just open the file"),
        at(3),
    )

    levels = await repo.list_target_levels(1, goal.goal_id)

    assert levels == [first, same_day, later]
    assert first.target == Measure(100, "words")
    assert (first.step, first.steps, first.kind) == (1, 7, LevelKind.MVA)
    assert same_day.target is None
    assert first.created_at == at(1)
    assert await repo.list_target_levels(2, goal.goal_id) == []
    with pytest.raises(NotFoundError):
        await repo.add_target_level(
            NewTargetLevel(goal.goal_id, 2, DAY, LevelKind.MVA, "forged"), at(4)
        )
    assert len(await repo.list_target_levels(1, goal.goal_id)) == 3


async def test_a_level_keeps_the_week_and_month_in_force_with_it(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    level = await repo.add_target_level(
        NewTargetLevel(
            goal.goal_id,
            1,
            DAY,
            LevelKind.FULL,
            "write 510 words",
            Measure(510, "words"),
            weekly=Measure(3_600, "words"),
            monthly=Measure(14_400, "words"),
        ),
        at(1),
    )

    [stored] = await repo.list_target_levels(1, goal.goal_id)

    assert stored == level
    assert (stored.weekly, stored.monthly) == (Measure(3_600, "words"), Measure(14_400, "words"))


async def test_levels_after_a_day_are_withdrawn_those_up_to_it_stay(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    goal = await add_goal(repo, 1)
    today, next_week = DAY, DAY + timedelta(days=7)
    kept = await repo.add_target_level(
        NewTargetLevel(goal.goal_id, 1, today, LevelKind.MVA, "50 words", Measure(50, "words")),
        at(1),
    )
    await repo.add_target_level(
        NewTargetLevel(goal.goal_id, 1, next_week, LevelKind.FULL, "510", Measure(510, "words")),
        at(2),
    )

    assert await repo.withdraw_target_levels(2, goal.goal_id, today) == 0  # not theirs
    assert len(await repo.list_target_levels(1, goal.goal_id)) == 2
    assert await repo.withdraw_target_levels(1, goal.goal_id, today) == 1
    assert await repo.list_target_levels(1, goal.goal_id) == [kept]
    assert await repo.withdraw_target_levels(1, goal.goal_id, today - timedelta(days=1)) == 1
    assert await repo.list_target_levels(1, goal.goal_id) == []


async def test_a_coach_event_is_marked_only_once_and_only_by_its_owner(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    goal = await add_goal(repo, 1)

    assert await repo.mark_event(1, goal.goal_id, CoachEventKind.MILESTONE_CELEBRATED, "7", at(1))
    assert not await repo.mark_event(
        1, goal.goal_id, CoachEventKind.MILESTONE_CELEBRATED, "7", at(2)
    )
    assert await repo.mark_event(1, goal.goal_id, CoachEventKind.MILESTONE_CELEBRATED, "14", at(2))
    assert await repo.mark_event(1, goal.goal_id, CoachEventKind.SCALE_UP_OFFERED, "7", at(2))
    assert not await repo.mark_event(2, goal.goal_id, CoachEventKind.IDENTITY_MARKED, "66", at(3))
    assert await repo.mark_event(1, goal.goal_id, CoachEventKind.IDENTITY_MARKED, "66", at(3))


async def test_a_mark_made_for_a_delivery_is_its_own_again_and_nobody_elses(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    goal = await add_goal(repo, 1)
    month = CoachEventKind.MONTH_REVIEWED

    assert await repo.mark_event(1, goal.goal_id, month, "1", at(1), delivery_id=41)
    # The same delivery prepared again (a retry, another sender): still its to say.
    assert await repo.mark_event(1, goal.goal_id, month, "1", at(2), delivery_id=41)
    # Any other delivery, or a caller that names none, finds it said.
    assert not await repo.mark_event(1, goal.goal_id, month, "1", at(3), delivery_id=42)
    assert not await repo.mark_event(1, goal.goal_id, month, "1", at(3))
    assert await repo.mark_event(1, goal.goal_id, month, "1", at(4), delivery_id=41)
    # A mark made without a delivery belongs to no delivery.
    assert await repo.mark_event(1, goal.goal_id, month, "2", at(5))
    assert not await repo.mark_event(1, goal.goal_id, month, "2", at(6), delivery_id=41)
    # Another user's goal: never, whatever the delivery.
    assert not await repo.mark_event(2, goal.goal_id, month, "3", at(7), delivery_id=43)
    assert await repo.mark_event(1, goal.goal_id, month, "3", at(7), delivery_id=44)


async def test_deleting_a_user_erases_their_levels_and_events(repo: Repository) -> None:
    await add_user(repo, 1)
    goal = await add_goal(repo, 1)
    await repo.add_target_level(NewTargetLevel(goal.goal_id, 1, DAY, LevelKind.MVA, "x"), at(1))
    await repo.mark_event(1, goal.goal_id, CoachEventKind.COMEBACK_OFFERED, "k", at(1))

    await repo.delete_user(1)
    await add_user(repo, 1)
    again = await add_goal(repo, 1)

    assert await repo.list_target_levels(1, goal.goal_id) == []
    assert await repo.list_target_levels(1, again.goal_id) == []
    assert await repo.mark_event(1, again.goal_id, CoachEventKind.COMEBACK_OFFERED, "k", at(2))


async def test_apply_schedule_enqueues_once_records_stale_and_moves_next_due(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    nudge = NewDelivery(1, "morning_nudge", DAY, at(10), at(100))
    evening = NewDelivery(1, "evening_reminder", DAY, at(20), at(30))
    plans = [
        SchedulePlan(1, (nudge,), (evening,), at(500)),
        SchedulePlan(2, (NewDelivery(2, "morning_nudge", DAY, at(5)),), (), None),
        SchedulePlan(99, (NewDelivery(99, "morning_nudge", DAY, at(5)),), (), at(9)),
    ]

    assert await repo.apply_schedule(plans, at(40)) == 2
    assert await repo.apply_schedule(plans, at(41)) == 0  # a slot seen twice is written once

    pending = await repo.pending_deliveries(at(60), 10)
    assert [(d.user_id, d.kind) for d in pending] == [(2, "morning_nudge"), (1, "morning_nudge")]
    user_one, user_two = await repo.get_user(1), await repo.get_user(2)
    assert user_one is not None
    assert user_two is not None
    assert (user_one.next_due_at, user_two.next_due_at) == (at(500), None)
    assert await repo.due_users(at(1000), 10) == [user_one]
    assert await repo.enqueue_delivery(evening, at(50)) is None  # stale key is taken, as skipped


async def test_counts_by_status(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    await repo.set_user_status(2, UserStatus.BLOCKED, at(1))
    goal = await add_goal(repo, 1)
    await repo.enqueue_delivery(NewDelivery(1, "morning_nudge", DAY, at(2)), at(2))

    counts = await repo.counts()

    assert counts.users == {"active": 1, "blocked": 1}
    assert counts.goals == {goal.status.value: 1}
    assert counts.deliveries == {"pending": 1}


async def test_fresh_start_prompted_is_a_targeted_write(repo: Repository) -> None:
    user = await add_user(repo, 1)
    await repo.save_user(dataclasses.replace(user, paused_until=DAY, updated_at=at(1)))

    await repo.set_fresh_start_prompted(1, DAY)
    await repo.set_fresh_start_prompted(99, DAY)  # unknown: ignored

    stored = await repo.get_user(1)
    assert stored is not None
    assert (stored.fresh_start_prompted_on, stored.paused_until) == (DAY, DAY)


# --- units of work, targeted user writes and streak checkpoints ------------------------------


async def test_a_unit_of_work_commits_everything_together(repo: Repository) -> None:
    await add_user(repo)
    goal = await add_goal(repo)

    async with repo.transaction() as uow:
        await uow.append_entry(NewEntry(goal.goal_id, 1, DAY, EntryStatus.DONE), T0)
        await uow.save_goal_state(1, goal.goal_id, StreakState(judged_through=DAY, run=1), T0)

    assert len(await repo.list_entries(1, goal.goal_id)) == 1
    found = await repo.get_goal_and_state(1, goal.goal_id)
    assert found is not None
    assert found[1] == StreakState(judged_through=DAY, run=1)


async def test_a_unit_of_work_that_fails_between_the_entry_and_the_state_leaves_nothing(
    repo: Repository,
) -> None:
    await add_user(repo)
    goal = await add_goal(repo)

    async def crash_between_the_entry_and_the_state() -> None:
        async with repo.transaction() as uow:
            await uow.append_entry(NewEntry(goal.goal_id, 1, DAY, EntryStatus.DONE), T0)
            raise RuntimeError("crash between the entry and the state")

    with pytest.raises(RuntimeError, match="crash"):
        await crash_between_the_entry_and_the_state()

    assert await repo.list_entries(1, goal.goal_id) == []
    assert await repo.get_goal_and_state(1, goal.goal_id) == (goal, None)


async def test_a_read_only_unit_of_work_sees_one_snapshot(repo: Repository) -> None:
    await add_user(repo)
    goal = await add_goal(repo)

    async with repo.transaction(write=False) as uow:
        assert await uow.get_goal(1, goal.goal_id) == goal
        assert await uow.list_entries(1, goal.goal_id) == []


async def test_set_dialog_changes_only_the_dialog(repo: Repository) -> None:
    user = await add_user(repo)
    await repo.set_next_due(1, at(30))

    await repo.set_dialog(1, "plan.vision", at(5))
    await repo.set_dialog(99, "plan.vision", at(5))  # unknown: ignored

    stored = await repo.get_user(1)
    assert stored is not None
    assert stored.dialog == "plan.vision"
    assert stored.updated_at == at(5)
    assert dataclasses.replace(stored, dialog=None, updated_at=user.updated_at) == (
        dataclasses.replace(user, next_due_at=at(30))
    )


async def test_touch_users_only_moves_last_seen_forward(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)

    await repo.touch_users({1: at(10), 2: at(-10), 99: at(10)})

    one, two = await repo.get_user(1), await repo.get_user(2)
    assert one is not None
    assert two is not None
    assert (one.last_seen_at, one.updated_at) == (at(10), T0)
    assert two.last_seen_at == T0


async def test_a_busy_half_minute_of_last_seen_times_is_flushed_whole(repo: Repository) -> None:
    """More users than one statement carries: every one moves forward, in a few statements."""
    people = range(1, 1_202)
    for user_id in people:
        await add_user(repo, user_id)
    assert isinstance(repo, SqlRepository)
    statements = repo.stats.statements

    await repo.touch_users({u: at(u % 7 + 1) if u % 100 else at(-1) for u in people})

    for user_id in (1, 499, 500, 501, 1_000, 1_100, 1_201):
        stored = await repo.get_user(user_id)
        assert stored is not None
        assert stored.last_seen_at == (at(user_id % 7 + 1) if user_id % 100 else T0)
    assert repo.stats.statements - statements == 3 + 7  # three chunks, then the seven reads


async def test_goal_state_is_the_owners_only(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    goal = await add_goal(repo, 1)
    state = StreakState(judged_through=DAY, run=3, best=9, strength=0.25, amount=None)

    await repo.save_goal_state(2, goal.goal_id, StreakState(run=99), T0)  # not theirs: ignored
    assert await repo.get_goal_and_state(2, goal.goal_id) is None
    assert await repo.get_goal_and_state(1, goal.goal_id) == (goal, None)

    await repo.save_goal_state(1, goal.goal_id, state, T0)
    await repo.save_goal_state(1, goal.goal_id, state, T0)  # saved again: replaced, not doubled
    assert await repo.get_goal_and_state(1, goal.goal_id) == (goal, state)

    await repo.save_goal_state(1, goal.goal_id, None, T0)
    assert await repo.get_goal_and_state(1, goal.goal_id) == (goal, None)


async def test_changes_that_rejudge_the_past_drop_the_checkpoint(repo: Repository) -> None:
    await add_user(repo)
    goal = await add_goal(repo)
    state = StreakState(judged_through=DAY, run=1)

    async def kept() -> bool:
        found = await repo.get_goal_and_state(1, goal.goal_id)
        assert found is not None
        return found[1] is not None

    old = await repo.append_entry(NewEntry(goal.goal_id, 1, DAY, EntryStatus.DONE), T0)
    new = await repo.append_entry(
        NewEntry(goal.goal_id, 1, DAY + timedelta(days=1), EntryStatus.DONE), T0
    )
    await repo.save_goal_state(1, goal.goal_id, state, T0)
    await repo.undo_entry(1, new.entry_id, at(1))  # after the checkpoint: it stays right
    assert await kept()
    await repo.undo_entry(1, old.entry_id, at(1))  # a judged day: it is dropped
    assert not await kept()

    await repo.save_goal_state(1, goal.goal_id, state, T0)
    await repo.save_goal(dataclasses.replace(goal, mva="write 50 words"))
    assert not await kept()

    await repo.save_goal_state(1, goal.goal_id, state, T0)
    await repo.set_goal_status(1, goal.goal_id, GoalStatus.ACTIVE, at(2))
    assert not await kept()


async def test_the_checkpoint_goes_with_its_goal(repo: Repository) -> None:
    await add_user(repo)
    goal = await add_goal(repo)
    await repo.save_goal_state(1, goal.goal_id, StreakState(run=2), T0)

    await repo.delete_user(1)

    assert await repo.get_goal_and_state(1, goal.goal_id) is None


async def test_calls_in_the_same_task_join_the_open_unit_of_work(repo: Repository) -> None:
    await add_user(repo)
    goal = await add_goal(repo)

    async def write_through_the_plain_repository_then_fail() -> None:
        async with repo.transaction():
            # A helper that only knows the repository, not the unit of work, still joins it.
            await repo.append_entry(NewEntry(goal.goal_id, 1, DAY, EntryStatus.DONE), T0)
            async with repo.transaction() as nested:  # joins too: no second lock to wait for
                await nested.mark_event(1, goal.goal_id, CoachEventKind.IDENTITY_MARKED, "66", T0)
            raise RuntimeError("roll it all back")

    with pytest.raises(RuntimeError, match="roll"):
        await write_through_the_plain_repository_then_fail()

    assert await repo.list_entries(1, goal.goal_id) == []
    assert await repo.mark_event(1, goal.goal_id, CoachEventKind.IDENTITY_MARKED, "66", T0)


async def test_a_task_started_in_a_unit_of_work_does_not_use_it_once_it_closed(
    repo: Repository,
) -> None:
    await add_user(repo)
    goal = await add_goal(repo)
    later = asyncio.Event()

    async def after_the_unit_of_work() -> DailyEntry:
        await later.wait()
        return await repo.append_entry(NewEntry(goal.goal_id, 1, DAY, EntryStatus.DONE), T0)

    async with repo.transaction():
        task = asyncio.create_task(after_the_unit_of_work())
    later.set()
    entry = await task

    assert await repo.list_entries(1, goal.goal_id) == [entry]


async def test_a_task_started_in_a_unit_of_work_may_not_use_it_while_it_is_open(
    repo: Repository,
) -> None:
    await add_user(repo)
    goal = await add_goal(repo)

    async def beside_its_parent() -> None:
        await repo.append_entry(NewEntry(goal.goal_id, 1, DAY, EntryStatus.DONE), T0)

    async with repo.transaction():
        child = asyncio.create_task(beside_its_parent())
        with pytest.raises(StorageError, match="task started inside a unit of work"):
            await child

    assert await repo.list_entries(1, goal.goal_id) == []


async def test_a_write_inside_a_read_only_unit_of_work_is_refused(repo: Repository) -> None:
    await add_user(repo)

    async def write_while_reading() -> None:
        async with repo.transaction(write=False) as uow:
            await uow.set_dialog(1, "plan.vision", T0)

    with pytest.raises(StorageError, match="read-only"):
        await write_while_reading()

    stored = await repo.get_user(1)
    assert stored is not None
    assert stored.dialog is None
