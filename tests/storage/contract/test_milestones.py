"""Milestones and their steps: order, done and reopened, deadlines, deletion and ownership."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date

import pytest

from bot.coach.models import (
    MilestoneStep,
)
from storage.base import NotFoundError, Repository
from tests.storage.contract.support import T0, add_goal, add_user, at


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
