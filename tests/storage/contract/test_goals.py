"""The goals: creation, order, status, the active limit, ownership and the streak checkpoint."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date, timedelta

import pytest

from bot.coach.models import (
    EntryStatus,
    Goal,
    GoalStatus,
    Measure,
    NewEntry,
    NewGoal,
    StreakState,
)
from storage.base import ActiveGoalLimitError, NotFoundError, Repository
from tests.storage.contract.support import DAY, T0, add_goal, add_user, at


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
