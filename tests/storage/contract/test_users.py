"""The users: first contact, settings, status, the targeted writes, "last seen" and erasure."""

from __future__ import annotations

import dataclasses
from datetime import date, time

import pytest

from bot.coach.models import (
    User,
    UserProfile,
    UserStatus,
)
from storage.base import NotFoundError, Repository
from storage.sql import SqlRepository
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


async def test_fresh_start_prompted_is_a_targeted_write(repo: Repository) -> None:
    user = await add_user(repo, 1)
    await repo.save_user(dataclasses.replace(user, paused_until=DAY, updated_at=at(1)))

    await repo.set_fresh_start_prompted(1, DAY)
    await repo.set_fresh_start_prompted(99, DAY)  # unknown: ignored

    stored = await repo.get_user(1)
    assert stored is not None
    assert (stored.fresh_start_prompted_on, stored.paused_until) == (DAY, DAY)


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
