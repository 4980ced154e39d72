"""The daily log, target levels, coach events and the counts of ``/stats``."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from bot.coach.models import (
    CoachEventKind,
    DailyEntry,
    EntryStatus,
    LevelKind,
    Measure,
    NewDelivery,
    NewEntry,
    NewTargetLevel,
    UserStatus,
)
from storage.base import NotFoundError, Repository
from tests.storage.contract.support import DAY, T0, add_entry, add_goal, add_user, at


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
