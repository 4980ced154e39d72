"""The /goals services (goals, milestones, steps) on the in-memory repository: the rules behind
/goals, without Telegram."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from bot.coach.dates import DateProblem
from bot.coach.models import GoalStatus, Milestone, NewGoal, UserProfile
from bot.services.goal_access import (
    ListFullError,
    ListKind,
    NotAvailableError,
    QuestionClosedError,
    TextProblem,
    TextRejected,
    clean_title,
)
from bot.services.goals import GoalService
from bot.services.milestones import (
    MAX_MILESTONES,
    DueRejected,
    DueSet,
    MilestoneAdded,
    MilestoneService,
    next_open,
)
from bot.services.questions import Asked, Question
from bot.services.steps import MAX_STEPS, StepAdded, StepService
from storage.open import open_sqlite
from storage.sql import SqlRepository
from tests.support import FrozenClock

NOW = datetime(2026, 11, 22, 20, 40, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
async def repo() -> SqlRepository:
    repository = open_sqlite(":memory:")
    user, _ = await repository.upsert_user(UserProfile(1, 1, "Ada"), NOW)
    await repository.save_user(dataclasses.replace(user, timezone="Europe/Berlin"))
    await repository.upsert_user(UserProfile(2, 2, "Bo"), NOW)
    return repository


@pytest.fixture
def goals(repo: SqlRepository, clock: FrozenClock) -> GoalService:
    return GoalService(repo, clock)


@pytest.fixture
def milestones(repo: SqlRepository, clock: FrozenClock) -> MilestoneService:
    return MilestoneService(repo, clock)


@pytest.fixture
def steps(repo: SqlRepository, clock: FrozenClock) -> StepService:
    return StepService(repo, clock)


async def active(repo: SqlRepository, vision: str, status: GoalStatus = GoalStatus.ACTIVE) -> int:
    return (await repo.create_goal(NewGoal(1, vision, status), NOW)).goal_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Outline\n the   plot ", "Outline the plot"),
        ("🎉", "🎉"),
        ("x" * 300, "x" * 300),
        (None, TextRejected(TextProblem.EMPTY)),
        ("", TextRejected(TextProblem.EMPTY)),
        (" \n\t ", TextRejected(TextProblem.EMPTY)),
        ("\u200b\u2060\u00ad", TextRejected(TextProblem.EMPTY)),
        ("x" * 301, TextRejected(TextProblem.TOO_LONG, 301)),
        ("a " * 200, TextRejected(TextProblem.TOO_LONG, 399)),
    ],
)
def test_clean_title(text: str | None, expected: str | TextRejected) -> None:
    assert clean_title(text) == expected


def test_next_open_is_the_earliest_deadline_with_undated_last() -> None:
    def milestone(position: int, due: date | None, *, done: bool = False) -> Milestone:
        return Milestone(
            milestone_id=position,
            goal_id=1,
            user_id=1,
            title=str(position),
            position=position,
            created_at=NOW,
            due_date=due,
            done_at=NOW if done else None,
        )

    undated = milestone(1, None)
    later = milestone(2, date(2026, 12, 24))
    overdue = milestone(3, date(2026, 11, 1))
    done = milestone(4, date(2026, 10, 1), done=True)

    assert next_open([undated, later, overdue, done]) == overdue
    assert next_open([undated, later]) == later
    assert next_open([undated, milestone(5, None)]) == undated
    assert next_open([done]) is None
    assert next_open([]) is None


async def test_moving_stays_within_the_active_or_paused_group(
    repo: SqlRepository, goals: GoalService
) -> None:
    a = await active(repo, "a")
    p1 = await active(repo, "p1", GoalStatus.PAUSED)
    b = await active(repo, "b")
    p2 = await active(repo, "p2", GoalStatus.PAUSED)
    draft = await active(repo, "draft", GoalStatus.DRAFT)

    first_paused = await goals.move(1, p1, -1)
    down = await goals.move(1, p2, -1)

    assert not first_paused.moved  # the top of the paused goals does not jump the active ones
    assert down.moved
    assert (down.card.rank, down.card.group_size) == (1, 2)
    order = [g.goal_id for g in await repo.list_goals(1)]
    assert order == [a, b, p2, p1, draft]
    overview = await goals.overview(1)
    assert [s.goal.vision for s in overview.goals] == ["a", "b", "p2", "p1"]
    assert overview.drafts == 1


async def test_a_goal_holds_a_limited_number_of_milestones(
    repo: SqlRepository, milestones: MilestoneService
) -> None:
    goal_id = await active(repo, "a")
    await milestones.ask_milestone(1, goal_id)
    for i in range(MAX_MILESTONES - 1):
        await repo.add_milestone(1, goal_id, str(i), None, NOW)
    last = await milestones.answer_milestone_title(1, goal_id, "The last one")
    assert isinstance(last, MilestoneAdded)

    with pytest.raises(ListFullError) as caught:
        await milestones.ask_milestone(1, goal_id)
    assert (caught.value.kind, caught.value.limit) == (ListKind.MILESTONES, MAX_MILESTONES)
    # An answer to a question opened before the goal filled up is refused and closes it.
    user = await repo.get_user(1)
    assert user is not None
    await repo.save_user(
        dataclasses.replace(user, dialog=Asked(Question.GOALS_MILESTONE_TITLE, goal_id).encode())
    )
    with pytest.raises(ListFullError):
        await milestones.answer_milestone_title(1, goal_id, "One too many")
    user = await repo.get_user(1)
    assert user is not None
    assert user.dialog is None
    assert len(await repo.list_milestones(1, goal_id)) == MAX_MILESTONES


async def test_a_milestone_holds_a_limited_number_of_steps(
    repo: SqlRepository, steps: StepService
) -> None:
    goal_id = await active(repo, "a")
    milestone = await repo.add_milestone(1, goal_id, "m", None, NOW)
    await steps.ask_step(1, milestone.milestone_id)
    for i in range(MAX_STEPS - 1):
        await repo.add_step(1, milestone.milestone_id, str(i))
    assert isinstance(await steps.answer_step(1, milestone.milestone_id, "last"), StepAdded)

    with pytest.raises(ListFullError):
        await steps.ask_step(1, milestone.milestone_id)


async def test_date_buttons_answer_only_the_open_question_and_never_the_past(
    repo: SqlRepository, milestones: MilestoneService, clock: FrozenClock
) -> None:
    goal_id = await active(repo, "a")
    milestone = await repo.add_milestone(1, goal_id, "m", None, NOW)

    with pytest.raises(QuestionClosedError):
        await milestones.choose_due(1, milestone.milestone_id, date(2026, 11, 27))
    await milestones.ask_due(1, milestone.milestone_id)
    clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))  # the button was for yesterday
    stale = await milestones.choose_due(1, milestone.milestone_id, date(2026, 11, 27))
    assert isinstance(stale, DueRejected)
    assert stale.problem is DateProblem.PAST
    saved = await milestones.choose_due(1, milestone.milestone_id, date(2026, 11, 28))
    assert isinstance(saved, DueSet)
    assert saved.card.milestone.due_date == date(2026, 11, 28)


async def test_today_follows_the_users_zone_and_falls_back_to_utc(
    repo: SqlRepository, goals: GoalService, clock: FrozenClock
) -> None:
    goal_id = await active(repo, "a")
    clock.set(datetime(2026, 11, 23, 1, 30, tzinfo=UTC))  # 02:30 Monday in Berlin, 01:30 in UTC

    assert (await goals.card(1, goal_id)).today == date(2026, 11, 23)
    bo_goal = await repo.create_goal(NewGoal(2, "b", GoalStatus.ACTIVE), NOW)
    assert (await goals.card(2, bo_goal.goal_id)).today == date(2026, 11, 22)  # no zone: UTC


async def test_everything_of_another_user_or_a_draft_is_not_available(
    repo: SqlRepository, milestones: MilestoneService, steps: StepService, goals: GoalService
) -> None:
    goal_id = await active(repo, "a")
    draft_id = await active(repo, "d", GoalStatus.DRAFT)
    milestone = await repo.add_milestone(1, goal_id, "m", None, NOW)
    step = await repo.add_step(1, milestone.milestone_id, "s")

    calls = [
        goals.card(2, goal_id),
        goals.card(1, draft_id),
        goals.move(2, goal_id, 1),
        goals.pause(2, goal_id),
        goals.resume(2, goal_id),
        goals.archive(2, goal_id),
        goals.archive(1, draft_id),
        goals.restore(2, goal_id),
        milestones.milestones(2, goal_id),
        milestones.ask_milestone(2, goal_id),
        milestones.milestone(2, milestone.milestone_id),
        milestones.tick(2, milestone.milestone_id),
        milestones.reopen(2, milestone.milestone_id),
        milestones.ask_due(2, milestone.milestone_id),
        milestones.delete_milestone(2, milestone.milestone_id),
        steps.ask_step(2, milestone.milestone_id),
        steps.toggle_step(2, milestone.milestone_id, step.step_id),
        steps.delete_step(2, milestone.milestone_id, step.step_id),
        milestones.answer_milestone_title(2, goal_id, "x"),
        milestones.answer_due(2, milestone.milestone_id, "Friday"),
        steps.answer_step(2, milestone.milestone_id, "x"),
        steps.answer_step(1, None, "x"),
    ]
    for call in calls:
        with pytest.raises(NotAvailableError):
            await call

    stored = await repo.get_milestone(1, milestone.milestone_id)
    assert stored == dataclasses.replace(milestone, steps=(step,))
    assert [g.status for g in await repo.list_goals(1)] == [GoalStatus.ACTIVE, GoalStatus.DRAFT]


@pytest.mark.parametrize(
    ("typed", "title", "due"),
    [
        ("Outline the plot by Friday", "Outline the plot", date(2026, 11, 27)),
        ("  Finish  chapter 1 by 15 December ", "Finish chapter 1", date(2026, 12, 15)),
        ("Send the draft, due in 2 weeks", "Send the draft", date(2026, 12, 6)),
    ],
)
async def test_a_deadline_typed_in_the_title_is_the_due_date(
    repo: SqlRepository, milestones: MilestoneService, typed: str, title: str, due: date
) -> None:
    goal_id = await active(repo, "Write a novel")
    await milestones.ask_milestone(1, goal_id)

    added = await milestones.answer_milestone_title(1, goal_id, typed)

    assert isinstance(added, MilestoneAdded)
    assert (added.milestone.title, added.milestone.due_date) == (title, due)
    assert added.card is not None
    assert added.card.milestone.due_date == due
    user = await repo.get_user(1)
    assert user is not None
    assert user.dialog is None  # no second question about the date


@pytest.mark.parametrize("typed", ["Outline the plot", "Work on chapter 1", "Finish by yesterday"])
async def test_a_title_without_a_usable_deadline_asks_for_the_date(
    repo: SqlRepository, milestones: MilestoneService, typed: str
) -> None:
    goal_id = await active(repo, "Write a novel")
    await milestones.ask_milestone(1, goal_id)

    added = await milestones.answer_milestone_title(1, goal_id, typed)

    assert isinstance(added, MilestoneAdded)
    assert (added.milestone.title, added.milestone.due_date, added.card) == (typed, None, None)
    user = await repo.get_user(1)
    assert user is not None
    assert Asked.decode(user.dialog) == Asked(
        Question.GOALS_MILESTONE_DATE, added.milestone.milestone_id
    )
