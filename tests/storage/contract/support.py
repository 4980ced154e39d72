"""The instants and rows the contract tests start from."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.coach.models import (
    DailyEntry,
    Delivery,
    EntryStatus,
    Goal,
    NewDelivery,
    NewEntry,
    NewGoal,
    User,
    UserProfile,
)
from storage.base import Repository

T0 = datetime(2026, 11, 22, 15, 4, 5, 123456, tzinfo=UTC)
DAY = date(2026, 11, 22)


def at(minutes: float) -> datetime:
    """A UTC instant ``minutes`` after T0."""
    return T0 + timedelta(minutes=minutes)


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
