"""/goals given bad answers, full lists, and buttons naming someone else's things or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from bot.coach.models import (
    GoalStatus,
)
from bot.context import BotApplication
from bot.views import goal_callbacks as cb
from fake_telegram import FakeTelegram, FakeUser
from storage.base import Repository
from tests.bot.goal_screens import NOT_AVAILABLE, add_goal, milestone_of, open_milestones
from tests.bot.journeys import press_data, set_up, stored_user
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


async def test_bad_milestone_titles_get_one_line_and_the_question_again(
    ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await open_milestones(ada, "1. Write a novel")
    await ada.press("➕ Add milestone")

    sticker = await ada.send_sticker()
    blank = await ada.send("\u200b\u2060")
    too_long = await ada.send("x" * 301)

    for reaction in (sticker, blank):
        assert reaction.text.startswith("I need a few words for the milestone")
        assert "What's the next milestone for Write a novel?" in reaction.text
    assert too_long.text.startswith(
        "That's 301 characters — please keep the milestone to 300 or fewer"
    )
    assert "What's the next milestone for Write a novel?" in too_long.text
    assert await db.list_milestones(1001, novel.goal_id) == []
    assert (await stored_user(bot, 1001)).dialog == f"goals.milestone_title:{novel.goal_id}"

    exactly = await ada.send("y" * 300)
    assert "When should" in exactly.text
    assert [m.title for m in await db.list_milestones(1001, novel.goal_id)] == ["y" * 300]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("yesterday", "That date has already gone by — pick today or a day ahead."),
        ("2026-11-01", "That date has already gone by"),
        ("31 February", "“31 February” isn't on the calendar"),
        ("banana", "I couldn't read “banana” as a date."),
        ("in 20 years", "more than 10 years away"),
        ("d" * 61, "Just the date is plenty"),
    ],
)
async def test_bad_deadlines_are_corrected_and_asked_again(
    ada: FakeUser,
    db: Repository,
    clock: FrozenClock,
    bot: BotApplication,
    *,
    typed: str,
    expected: str,
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await open_milestones(ada, "1. Write a novel")
    await ada.press("➕ Add milestone")
    await ada.send("Outline the plot")

    corrected = await ada.send(typed)

    assert expected in corrected.text
    assert "When should Outline the plot be done?" in corrected.text
    assert corrected.reply.buttons[-1] == ["No deadline"]
    assert len(corrected.text) < 400
    milestone = await milestone_of(db, novel, "Outline the plot")
    assert milestone.due_date is None
    assert (await stored_user(bot, 1001)).dialog == f"goals.milestone_date:{milestone.milestone_id}"
    fixed = await ada.send("Friday")
    assert "due Fri 27 Nov. Saved." in fixed.text


async def test_a_sticker_and_an_overlong_step_are_corrected(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await db.add_milestone(1001, novel.goal_id, "Outline the plot", None, clock())
    await open_milestones(ada, "1. Write a novel")
    await ada.press("⬜ Outline the plot")
    await ada.press("➕ Add step")

    sticker = await ada.send_sticker()
    too_long = await ada.send("z" * 400)

    assert sticker.text.startswith("I need a few words for the step")
    assert "That's 400 characters — please keep the step to 300" in too_long.text
    assert "What's a step towards Outline the plot?" in too_long.text
    assert (await milestone_of(db, novel, "Outline the plot")).steps == ()


async def test_cancel_closes_a_goals_question(
    ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await open_milestones(ada, "1. Write a novel")
    await ada.press("➕ Add milestone")

    cancelled = await ada.send("/cancel")
    after = await ada.send("Outline the plot")

    assert cancelled.sent
    assert (await stored_user(bot, 1001)).dialog is None
    assert await db.list_milestones(1001, novel.goal_id) == []
    assert "Added" not in after.text


async def test_a_question_about_something_deleted_meanwhile_is_closed_kindly(
    ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    outline = await db.add_milestone(1001, novel.goal_id, "Outline the plot", None, clock())
    await open_milestones(ada, "1. Write a novel")
    await ada.press("⬜ Outline the plot")
    await ada.press("➕ Add step")
    await db.delete_milestone(1001, outline.milestone_id)  # e.g. from another device

    answer = await ada.send("List the main characters")

    assert "isn't there any more" in answer.text
    assert "/goals" in answer.text
    assert (await stored_user(bot, 1001)).dialog is None


# --- limits ---------------------------------------------------------------------------------------


async def test_a_full_milestone_says_so_instead_of_asking(
    ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    outline = await db.add_milestone(1001, novel.goal_id, "Outline the plot", None, clock())
    for i in range(15):
        await db.add_step(1001, outline.milestone_id, f"Step {i + 1}")
    await open_milestones(ada, "1. Write a novel")
    await ada.press("⬜ Outline the plot")
    assert len(ada.last_message.text) < 4096

    full = await ada.press("➕ Add step")

    assert full.answer_text is not None
    assert "up to 15 steps" in full.answer_text
    assert (await stored_user(bot, 1001)).dialog is None


# --- other people's things ---------------------------------------------------------------------


async def test_forged_buttons_naming_someone_elses_things_change_nothing(
    fake: FakeTelegram, ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    other = await add_goal(db, clock, "Get fit", "Walk 20 minutes")
    outline = await db.add_milestone(
        1001, novel.goal_id, "Outline the plot", date(2026, 12, 1), clock()
    )
    step = await db.add_step(1001, outline.milestone_id, "Characters")
    draft = await add_goal(db, clock, "Half-planned", status=GoalStatus.DRAFT)
    before_goals = await db.list_goals(1001)
    before_milestones = await db.list_milestones(1001, novel.goal_id)
    mallory = fake.user(666, "Mallory")
    await set_up(mallory)
    mine = await add_goal(db, clock, "Mallory's goal", "Plot", user_id=666)
    await mallory.send("/goals")

    goal_id, milestone_id, step_id = novel.goal_id, outline.milestone_id, step.step_id
    forged = [
        *(cb.GoalButton(action, goal_id).pack() for action in cb.GoalAction),
        *(cb.MilestoneButton(action, milestone_id).pack() for action in cb.MilestoneAction),
        cb.PickDeadline(milestone_id, date(2026, 12, 24)).pack(),
        cb.NewDate(milestone_id, date(2026, 12, 24)).pack(),
        cb.StepButton(cb.StepAction.TICK, milestone_id, step_id).pack(),
        cb.StepButton(cb.StepAction.DELETE, milestone_id, step_id).pack(),
        # Her own milestone id with Ada's step: still not hers.
        cb.StepButton(cb.StepAction.DELETE, milestone_id + 1000, step_id).pack(),
    ]
    for data in forged:
        reaction = await press_data(mallory, data)
        assert reaction.answer_text == NOT_AVAILABLE, data
        assert reaction.sent == ()
        assert reaction.edited == ()

    # Ada's draft is not listed, so not openable through /goals either, even by Ada.
    draft_press = await press_data(ada, cb.GoalButton(cb.GoalAction.OPEN, draft.goal_id).pack())
    assert draft_press.answer_text == NOT_AVAILABLE
    # Moving her own goal cannot drag Ada's along.
    await press_data(mallory, cb.GoalButton(cb.GoalAction.DOWN, mine.goal_id).pack())

    assert await db.list_goals(1001) == before_goals
    assert await db.list_milestones(1001, novel.goal_id) == before_milestones
    assert other in before_goals
    assert (await stored_user(bot, 666)).dialog is None
    assert all("Write a novel" not in m.text for m in mallory.messages)


@pytest.mark.parametrize(
    "data",
    [
        "g:open:abc",
        "g:open:-1",
        "g:open:0",
        "g:open:99999999999999999999",
        "g:open:٣",
        "g:explode:1",
        "ms:due:1:20261331",
        "ms:due:1",
        "st:tick:1",
        "g:open:1:2",
        "g:",
    ],
)
async def test_malformed_button_data_is_answered_and_ignored(
    ada: FakeUser, db: Repository, clock: FrozenClock, data: str
) -> None:
    await add_goal(db, clock, "Write a novel", "Write 300 words")
    await ada.send("/goals")
    before = await db.list_goals(1001)

    reaction = await press_data(ada, data)

    assert reaction.answer_text == "That button has expired — try the command again."
    assert reaction.sent == ()
    assert await db.list_goals(1001) == before
