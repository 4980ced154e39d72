"""Units of work and concurrency: writes land once, a unit commits whole, a task uses its own."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.coach.models import (
    CoachEventKind,
    DailyEntry,
    EntryStatus,
    NewEntry,
    StreakState,
)
from storage.base import NotFoundError, Repository, StorageError
from tests.storage.contract.support import DAY, T0, add_entry, add_goal, add_user, delivery


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
