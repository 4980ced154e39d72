"""Values on every engine: exact UTC instants, refused naive times and impossible values.

Also: snapshots are immutable and a closed repository refuses calls.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.coach.models import (
    DeliveryStatus,
    EntryStatus,
    GoalStatus,
    NewEntry,
    NewGoal,
    UserProfile,
    UserStatus,
)
from storage.base import Repository, StorageError
from tests.storage.contract.support import (
    DAY,
    T0,
    add_entry,
    add_goal,
    add_user,
    at,
    delivery,
    enqueue,
)


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
