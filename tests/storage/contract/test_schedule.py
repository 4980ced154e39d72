"""When users are due: next_due, the due batches and the cohort plans the scheduler reads."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

from bot.coach.cohorts import Cohort, CohortPlan, DueBatch, personal_window
from bot.coach.models import (
    NewDelivery,
    UserStatus,
)
from storage.base import Repository
from tests.storage.contract.support import DAY, T0, add_user, at, delivery


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


async def test_a_batch_rolled_back_is_planned_whole_when_its_plans_come_again(
    repo: Repository,
) -> None:
    """Batches planned alike (a wave at one due time) are each written whole, even after a unit
    of work that planned otherwise and rolled back."""
    since = at(-5)
    for user_id in range(1, 5):
        user = await add_user(repo, user_id)
        await repo.save_user(
            dataclasses.replace(user, timezone="Europe/Berlin", nudge_time=time(7, 30))
        )
        await repo.set_next_due(user_id, since)
    member = await repo.get_user(1)
    assert member is not None
    cohort = Cohort.of(member)
    morning = CohortPlan(
        cohort, (NewDelivery(0, "morning_nudge", DAY, since, at(100)),), (), at(600)
    )
    evening = CohortPlan(
        cohort, (NewDelivery(0, "evening_reminder", DAY, since, at(100)),), (), at(700)
    )
    window = personal_window(since, T0)

    async with repo.claim_due_batch(T0, 2) as (first, scope):
        assert first is not None
        assert await scope.apply_cohorts(first, [morning], window, T0) == (2, 2)
    try:
        async with repo.transaction() as uow:
            assert await uow.apply_cohorts(DueBatch(since, 3, 4, 2), [evening], window, T0) == (
                2,
                2,
            )
            raise LookupError("the unit of work fails after planning")
    except LookupError:
        pass
    async with repo.claim_due_batch(T0, 2) as (second, scope):
        assert second == DueBatch(since, 3, 4, 2)  # the rolled-back batch is still due
        assert await scope.apply_cohorts(second, [evening], window, T0) == (2, 2)

    pending = await repo.pending_deliveries(at(60), 10)
    assert sorted((d.user_id, d.kind) for d in pending) == [
        (1, "morning_nudge"),
        (2, "morning_nudge"),
        (3, "evening_reminder"),
        (4, "evening_reminder"),
    ]
    due = [await repo.get_user(user_id) for user_id in range(1, 5)]
    assert [user.next_due_at if user else None for user in due] == [
        at(600),
        at(600),
        at(700),
        at(700),
    ]
