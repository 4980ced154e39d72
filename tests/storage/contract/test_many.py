"""Reads for many users at once: the same rows as one read per user, and nobody else's."""

from __future__ import annotations

from datetime import timedelta

from bot.coach.models import (
    CoachEventKind,
    EntryStatus,
    GoalStatus,
    LevelKind,
    NewDelivery,
    NewTargetLevel,
    StreakState,
)
from storage.base import Repository
from storage.contract.daily_log import DeliveryMark, GoalKey, LogWindow
from tests.storage.contract.support import DAY, T0, add_entry, add_goal, add_user, at


async def _three_users(repo: Repository) -> None:
    """Users 1-3 with goals, levels, milestones (one with a step) and a week of entries."""
    for user_id in (1, 2, 3):
        await add_user(repo, user_id)
        for _ in range(user_id):
            goal = await add_goal(repo, user_id, f"Goal of {user_id}")
            for offset in range(7):
                status = EntryStatus.SKIP if offset == 3 else EntryStatus.DONE
                await add_entry(repo, goal, DAY - timedelta(days=offset), status, at(offset))
            await repo.add_target_level(
                NewTargetLevel(goal.goal_id, user_id, DAY, LevelKind.MVA, "a page"), at(9)
            )
            milestone = await repo.add_milestone(user_id, goal.goal_id, "Draft", DAY, T0)
            await repo.add_step(user_id, milestone.milestone_id, "Outline")
    first_of_2 = (await repo.list_goals(2))[0]
    await repo.add_milestone(2, first_of_2.goal_id, "Second", None, at(1))


async def test_get_users_reads_those_that_exist(repo: Repository) -> None:
    await _three_users(repo)

    found = await repo.get_users([3, 1, 99, 1, 2])

    assert sorted(found, key=lambda u: u.user_id) == [
        await repo.get_user(1),
        await repo.get_user(2),
        await repo.get_user(3),
    ]
    assert await repo.get_users([]) == []
    assert await repo.get_users([99]) == []


async def test_goals_and_states_of_many_users_equal_one_read_each(repo: Repository) -> None:
    await _three_users(repo)
    goals = await repo.list_goals(3)
    await repo.save_goal_state(
        3, goals[1].goal_id, StreakState(DAY - timedelta(days=2), run=4, best=6), T0
    )
    await repo.set_goal_status(1, (await repo.list_goals(1))[0].goal_id, GoalStatus.PAUSED, T0)

    active = [GoalStatus.ACTIVE, GoalStatus.DRAFT]
    found = await repo.list_goals_and_states_of([3, 2, 1], active)

    expected = []
    for user_id in (1, 2, 3):
        expected += await repo.list_goals_and_states(user_id, active)
    assert found == expected
    assert len(found) == 5  # user 1's goal is paused
    assert await repo.list_goals_and_states_of([], active) == []
    assert await repo.list_goals_and_states_of([1], []) == []


async def test_levels_milestones_and_entries_of_many_goals(repo: Repository) -> None:
    await _three_users(repo)
    owned = [GoalKey(g.user_id, g.goal_id) for u in (1, 2, 3) for g in await repo.list_goals(u)]
    await repo.undo_entry(3, (await repo.list_entries(3, owned[-1].goal_id))[-1].entry_id, T0)
    windows = [
        LogWindow(key.user_id, key.goal_id, DAY - timedelta(days=4 + n), DAY - timedelta(days=n))
        for n, key in enumerate(owned)
    ]

    levels = await repo.list_target_levels_of(list(reversed(owned)))
    milestones = await repo.list_milestones_of(owned)
    entries = await repo.list_entries_in(list(reversed(windows)))

    assert levels == [level for key in owned for level in await repo.list_target_levels(*key)]
    assert milestones == [m for key in owned for m in await repo.list_milestones(*key)]
    first_of_2 = owned[1].goal_id
    assert [m.title for m in milestones if m.goal_id == first_of_2] == ["Draft", "Second"]
    assert all(m.steps for m in milestones if m.title == "Draft")
    assert entries == [
        entry
        for window in windows
        for entry in await repo.list_entries(*window)  # undone ones left out there too
    ]
    assert 0 < len(entries) < 6 * 5


async def test_reads_of_many_goals_leave_out_other_users_goals(repo: Repository) -> None:
    await _three_users(repo)
    goal_of_2 = (await repo.list_goals(2))[0]
    # User 1 names user 2's goal as theirs (e.g. from forged callback data).
    forged = GoalKey(1, goal_of_2.goal_id)

    assert await repo.list_target_levels_of([forged]) == []
    assert await repo.list_milestones_of([forged]) == []
    assert (
        await repo.list_entries_in([LogWindow(1, goal_of_2.goal_id, DAY - timedelta(9), DAY)]) == []
    )


async def test_marks_of_many_goals_say_which_delivery_made_each(repo: Repository) -> None:
    await _three_users(repo)
    one, two = (await repo.list_goals(1))[0], (await repo.list_goals(2))[0]
    month, lapse = CoachEventKind.MONTH_REVIEWED, CoachEventKind.COMEBACK_OFFERED
    await repo.mark_event(1, one.goal_id, month, "1", T0, delivery_id=None)
    await repo.mark_event(2, two.goal_id, month, "1", T0)
    await repo.mark_event(2, two.goal_id, lapse, "lapse from 2026-11-20", T0)
    await repo.mark_event(2, two.goal_id, CoachEventKind.STEP_UP_OFFERED, "x", T0)
    await repo.enqueue_delivery(NewDelivery(1, "morning_nudge", DAY, T0), T0)
    delivery = (await repo.claim_deliveries(at(1), 5, timedelta(minutes=1)))[0]
    await repo.mark_event(1, one.goal_id, lapse, "k", T0, delivery_id=delivery.delivery_id)
    keys = [GoalKey(1, one.goal_id), GoalKey(2, two.goal_id), GoalKey(1, two.goal_id)]

    marked = await repo.marks_of(keys, [month, lapse])

    assert marked == {
        (one.goal_id, month, "1"): None,
        (one.goal_id, lapse, "k"): delivery.delivery_id,
        (two.goal_id, month, "1"): None,
        (two.goal_id, lapse, "lapse from 2026-11-20"): None,
    }
    # User 1 naming user 2's goal sees nothing of it.
    assert await repo.marks_of([GoalKey(1, two.goal_id)], [month, lapse]) == {}
    assert await repo.marks_of(keys, []) == {}


async def test_marks_for_several_deliveries_at_once_keep_whoever_marked_first(
    repo: Repository,
) -> None:
    await _three_users(repo)
    one, two = (await repo.list_goals(1))[0], (await repo.list_goals(2))[0]
    month, lapse = CoachEventKind.MONTH_REVIEWED, CoachEventKind.COMEBACK_OFFERED
    for user_id, kind in ((1, "morning_nudge"), (2, "morning_nudge"), (1, "evening_reminder")):
        await repo.enqueue_delivery(NewDelivery(user_id, kind, DAY, T0), T0)
    claimed = await repo.claim_deliveries(at(1), 5, timedelta(minutes=1))
    first, second, third = sorted(d.delivery_id for d in claimed)
    await repo.mark_event(2, two.goal_id, month, "1", T0, delivery_id=second)

    held = await repo.mark_for_deliveries(
        [
            DeliveryMark(1, one.goal_id, month, "1", first),
            DeliveryMark(1, one.goal_id, lapse, "lapse from 2026-11-20", first),
            DeliveryMark(2, two.goal_id, month, "1", second),  # its own mark, asked again
            DeliveryMark(1, two.goal_id, lapse, "k", third),  # user 1 naming user 2's goal
        ],
        at(2),
    )

    assert held == {
        (one.goal_id, month, "1"): first,
        (one.goal_id, lapse, "lapse from 2026-11-20"): first,
        (two.goal_id, month, "1"): second,
    }
    # Another delivery asking for a moment already marked: the first keeps it.
    again = [DeliveryMark(1, one.goal_id, month, "1", third)]
    assert await repo.mark_for_deliveries(again, at(3)) == {(one.goal_id, month, "1"): first}
    assert not await repo.mark_event(1, one.goal_id, month, "1", at(3), delivery_id=third)
    assert await repo.marks_of([GoalKey(2, two.goal_id)], [lapse]) == {}  # nothing of user 1's
    assert await repo.mark_for_deliveries([], at(3)) == {}
