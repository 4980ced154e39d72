"""PostgreSQL under several instances: what READ COMMITTED would get wrong without row locks.

Two connections stand for two instances. The second one's locking read must wait for the
first's unit of work and then see everything it committed, the dropped checkpoint included.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import asyncpg
import pytest

from bot.coach.models import GoalStatus, NewDelivery, NewGoal, StreakState, UserProfile
from storage.sql import SqlRepository
from tests.databases import POSTGRES

T0 = datetime(2026, 11, 22, 15, 4, tzinfo=UTC)


@pytest.fixture
async def repo() -> AsyncIterator[SqlRepository]:
    repository = await POSTGRES.fresh()
    yield repository
    await repository.close()


async def waiting_for_a_lock(conn: asyncpg.Connection) -> bool:
    """Whether some backend of this database waits for a row lock now (one round trip)."""
    waiting = await conn.fetchval(
        "SELECT COUNT(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    return bool(waiting)


async def test_a_win_waiting_for_a_plan_edit_sees_the_checkpoint_it_dropped(
    repo: SqlRepository,
) -> None:
    await repo.upsert_user(UserProfile(1, 1), T0)
    goal = await repo.create_goal(NewGoal(1, "Write", GoalStatus.ACTIVE), T0)
    await repo.save_goal_state(1, goal.goal_id, StreakState(judged_through=date(2026, 10, 1)), T0)
    edited, release = asyncio.Event(), asyncio.Event()

    async def edit_the_minimum() -> None:  # instance A: /goals → edit the minimum
        async with repo.transaction() as a:
            await a.save_goal(dataclasses.replace(goal, mva="write one line"))
            edited.set()
            await release.wait()

    async def log_a_win() -> tuple[object, StreakState | None]:  # instance B: a win
        await edited.wait()
        async with repo.transaction() as b:
            found = await b.get_goal_and_state(1, goal.goal_id, lock=True)
        assert found is not None
        return found[0].mva, found[1]

    editing = asyncio.create_task(edit_the_minimum())
    logging = asyncio.create_task(log_a_win())
    probe = await asyncpg.connect(POSTGRES.url)
    try:
        while not await waiting_for_a_lock(probe):  # each check is a round trip, not a sleep
            assert not logging.done(), "the win did not wait for the edit"
        release.set()
        await editing
        mva, state = await logging
    finally:
        await probe.close()

    assert mva == "write one line"
    assert state is None  # not the checkpoint the edit dropped


async def test_two_instances_ticking_at_once_claim_different_users(repo: SqlRepository) -> None:
    for user_id in range(1, 6):
        await repo.upsert_user(UserProfile(user_id, user_id), T0)
        await repo.set_next_due(user_id, T0)
    claimed, release = asyncio.Event(), asyncio.Event()

    async def instance_a() -> list[int]:
        async with repo.claim_due_batch(T0, 2) as (batch, scope):
            assert batch is not None
            due = await scope.unplanned_users(batch)
            claimed.set()
            await release.wait()  # still planning: the rows stay claimed
        return [user.user_id for user in due]

    async def instance_b() -> list[int]:
        await claimed.wait()
        async with repo.claim_due_batch(T0, 2) as (batch, scope):
            assert batch is not None
            return [user.user_id for user in await scope.unplanned_users(batch)]

    a = asyncio.create_task(instance_a())
    b_users = await asyncio.wait_for(instance_b(), timeout=10)  # B does not wait for A
    release.set()

    assert await a == [1, 2]
    assert b_users == [3, 4]


async def test_two_senders_claiming_at_once_take_different_deliveries(repo: SqlRepository) -> None:
    await repo.upsert_user(UserProfile(1, 1), T0)
    for kind in "abcd":
        await repo.enqueue_delivery(NewDelivery(1, kind, date(2026, 11, 22), T0), T0)
    claimed, release = asyncio.Event(), asyncio.Event()
    lease = timedelta(minutes=1)

    async def sender_a() -> list[str]:
        async with repo.transaction() as a:  # its claim not yet committed
            taken = await a.claim_deliveries(T0, 2, lease)
            claimed.set()
            await release.wait()
        return [d.kind for d in taken]

    async def sender_b() -> list[str]:
        await claimed.wait()
        return [d.kind for d in await repo.claim_deliveries(T0, 2, lease)]

    a = asyncio.create_task(sender_a())
    b_kinds = await asyncio.wait_for(sender_b(), timeout=10)  # B does not wait for A
    release.set()

    assert await a == ["a", "b"]
    assert b_kinds == ["c", "d"]
