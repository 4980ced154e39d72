"""Milestones and steps under /goals: deadlines typed or picked, ticked, moved and deleted."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.context import BotApplication
from bot.views import goal_callbacks as cb
from fake_telegram import FakeTelegram, FakeUser, Reaction
from storage.base import Repository
from tests.bot.goal_screens import NOT_AVAILABLE, add_goal, milestone_of, open_milestones
from tests.bot.journeys import press_data, set_up, stored_user
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


# The conftest clock starts on Sunday 22 November 2026, 21:40 in Berlin.
TODAY = date(2026, 11, 22)


async def add_milestone(user: FakeUser, title: str, due: str | None) -> Reaction:
    """From a milestone list: add one, typing the date or pressing "No deadline"."""
    await user.press("➕ Add milestone")
    await user.send(title)
    return await (user.press("No deadline") if due is None else user.send(due))


async def test_a_milestone_with_a_typed_date(
    ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    listed = await open_milestones(ada, "1. Write a novel")
    assert "None yet" in ada.last_message.text
    assert listed.answer is not None

    asked = await ada.press("➕ Add milestone")
    assert asked.answer is not None
    assert "What's the next milestone for Write a novel?" in ada.last_message.text
    assert (await stored_user(bot, 1001)).dialog == f"goals.milestone_title:{novel.goal_id}"

    when = await ada.send("  Outline   the plot ")

    assert "Added Outline the plot" in when.text
    assert "When should Outline the plot be done?" in when.text
    assert when.reply.buttons == [["Fri 27 Nov", "Mon 30 Nov", "Sun 6 Dec"], ["No deadline"]]
    milestone = await milestone_of(db, novel, "Outline the plot")
    assert milestone.due_date is None
    assert (await stored_user(bot, 1001)).dialog == f"goals.milestone_date:{milestone.milestone_id}"

    saved = await ada.send("in 2 weeks")

    assert "Outline the plot — due Sun 6 Dec. Saved." in saved.text
    assert "📅 Due Sun 6 Dec" in saved.text
    milestone = await milestone_of(db, novel, "Outline the plot")
    assert milestone.due_date == date(2026, 12, 6)
    assert (await stored_user(bot, 1001)).dialog is None
    listing = await ada.send("/goals")
    assert "Next: Outline the plot · due Sun 6 Dec" in listing.text


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("Friday", date(2026, 11, 27)),
        ("15 March", date(2027, 3, 15)),
        ("2027-03-15", date(2027, 3, 15)),
        ("tomorrow", date(2026, 11, 23)),
        ("today", TODAY),
    ],
)
async def test_deadlines_in_any_common_form(
    ada: FakeUser, db: Repository, clock: FrozenClock, typed: str, due: date
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await open_milestones(ada, "1. Write a novel")

    await add_milestone(ada, "Outline the plot", typed)

    assert (await milestone_of(db, novel, "Outline the plot")).due_date == due


async def test_a_milestone_without_a_deadline_and_a_date_button(
    ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await open_milestones(ada, "1. Write a novel")

    question = await ada.press("➕ Add milestone")
    assert question.answer is not None
    date_question = await ada.send("Finish chapter 1")
    none = await ada.press("No deadline")

    assert none.answer_text == "Saved"
    assert [m.message_id for m in none.edited] == [date_question.reply.message_id]
    assert "Finish chapter 1 — saved without a deadline" in ada.last_message.text
    assert "📅 No deadline" in ada.last_message.text
    assert (await milestone_of(db, novel, "Finish chapter 1")).due_date is None
    assert (await stored_user(bot, 1001)).dialog is None

    # A date button from an old question no longer answers anything.
    finished = await milestone_of(db, novel, "Finish chapter 1")
    stale = await press_data(ada, cb.PickDeadline(finished.milestone_id, date(2026, 11, 27)).pack())
    assert stale.answer_text is not None
    assert "question is closed" in stale.answer_text
    assert (await milestone_of(db, novel, "Finish chapter 1")).due_date is None

    await ada.press("« Milestones")
    await ada.press("➕ Add milestone")
    await ada.send("Outline the plot")
    picked = await ada.press("Fri 27 Nov")
    assert picked.answer_text == "Saved"
    assert (await milestone_of(db, novel, "Outline the plot")).due_date == date(2026, 11, 27)


async def test_a_deadline_in_the_title_is_taken_as_the_date_and_not_asked_again(
    ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await open_milestones(ada, "1. Write a novel")
    await ada.press("➕ Add milestone")

    shown = await ada.send("Outline the plot by Friday")

    assert "When should" not in shown.text
    assert "Added Outline the plot — due Fri 27 Nov" in shown.text
    assert "by Friday" not in shown.text
    assert ["✅ Tick off", "📅 Move date"] in shown.reply.buttons
    assert (await milestone_of(db, novel, "Outline the plot")).due_date == date(2026, 11, 27)
    assert (await stored_user(bot, 1001)).dialog is None


async def test_ticking_the_last_milestone_offers_to_add_the_next_one(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await open_milestones(ada, "1. Write a novel")
    await add_milestone(ada, "Outline the plot", None)
    await ada.press("« Milestones")
    await add_milestone(ada, "Finish chapter 1", None)

    await ada.press("✅ Tick off")
    assert ["➕ Add milestone"] not in ada.last_message.buttons  # one is still open

    await ada.press("« Milestones")
    await ada.press("⬜ Outline the plot")
    await ada.press("✅ Tick off")
    assert "every milestone on this goal" in ada.last_message.text
    assert ada.last_message.buttons[0] == ["➕ Add milestone"]

    question = await ada.press("➕ Add milestone")
    assert question.answer is not None
    await ada.send("Draft chapter 2")
    await ada.press("No deadline")
    assert (await milestone_of(db, novel, "Draft chapter 2")).done_at is None


async def test_goals_counts_its_milestones_done_in_words_that_fit_the_number(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_goal(db, clock, "Write a novel", "Write 300 words")
    await open_milestones(ada, "1. Write a novel")
    await add_milestone(ada, "Outline the plot", None)
    await ada.press("✅ Tick off")

    one = await ada.send("/goals")
    assert "The milestone is done ✅" in one.text  # not "All 1 milestones"

    await open_milestones(ada, "1. Write a novel")
    await add_milestone(ada, "Finish chapter 1", None)
    await ada.press("✅ Tick off")
    two = await ada.send("/goals")
    assert "All 2 milestones done ✅" in two.text


async def test_ticking_a_milestone_celebrates_and_reopening_undoes_it(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await open_milestones(ada, "1. Write a novel")
    await add_milestone(ada, "Outline the plot", "Friday")
    await ada.press("« Milestones")
    await add_milestone(ada, "Finish chapter 1", None)

    ticked = await ada.press("✅ Tick off")

    assert ticked.answer_text == "🎉 Done!"
    first_cheer = ada.last_message.text.split("\n")[0]
    assert "Finish chapter 1" in first_cheer
    assert len(ada.last_message.text) < 400
    assert ["↩️ Reopen", "📅 Set date"] in ada.last_message.buttons
    assert (await milestone_of(db, novel, "Finish chapter 1")).done_at == clock()

    # A second tap on an old "Tick off" does not celebrate twice.
    again = await press_data(
        ada,
        cb.MilestoneButton(
            cb.MilestoneAction.TICK,
            (await milestone_of(db, novel, "Finish chapter 1")).milestone_id,
        ).pack(),
    )
    assert again.answer_text == "Already done ✅"

    await ada.press("« Milestones")
    assert "✅ Finish chapter 1 · done" in ada.last_message.text
    await ada.press("⬜ Outline the plot")
    await ada.press("✅ Tick off")
    second_cheer = ada.last_message.text.split("\n")[0]
    assert "Outline the plot" in second_cheer
    assert "every milestone on this goal" in ada.last_message.text
    # Varied: the same words are not used twice in a row.
    assert first_cheer.replace("Finish chapter 1", "X") != second_cheer.replace(
        "Outline the plot", "X"
    )

    reopened = await ada.press("↩️ Reopen")
    assert reopened.answer_text == "Reopened"
    assert "back on the list" in ada.last_message.text
    assert (await milestone_of(db, novel, "Outline the plot")).done_at is None


async def test_moving_a_milestone_sets_a_new_deadline(
    ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await db.add_milestone(1001, novel.goal_id, "Outline the plot", date(2026, 11, 25), clock())
    await open_milestones(ada, "1. Write a novel")
    await ada.press("⬜ Outline the plot")

    asked = await ada.press("📅 Move date")

    assert asked.answer is not None
    assert "It's due Wed 25 Nov now." in ada.last_message.text
    assert "When should Outline the plot be done?" in ada.last_message.text
    moved = await ada.send("15/12")
    assert "due Tue 15 Dec. Saved." in moved.text
    assert (await milestone_of(db, novel, "Outline the plot")).due_date == date(2026, 12, 15)
    assert (await stored_user(bot, 1001)).dialog is None


async def test_deleting_a_milestone_asks_first(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    outline = await db.add_milestone(1001, novel.goal_id, "Outline the plot", None, clock())
    await db.add_step(1001, outline.milestone_id, "Characters")
    await db.add_milestone(1001, novel.goal_id, "Finish chapter 1", None, clock())
    await open_milestones(ada, "1. Write a novel")
    await ada.press("⬜ Outline the plot")

    await ada.press("🗑 Delete")

    assert "Delete Outline the plot and its 1 step? This can't be undone." in ada.last_message.text
    await ada.press("Keep it")
    assert "Outline the plot" in ada.last_message.text
    assert len(await db.list_milestones(1001, novel.goal_id)) == 2

    await ada.press("🗑 Delete")
    deleted = await ada.press("Yes, delete")

    assert deleted.answer_text == "Deleted"
    assert "Deleted." in ada.last_message.text
    assert "Outline the plot" not in ada.last_message.text
    assert [m.title for m in await db.list_milestones(1001, novel.goal_id)] == ["Finish chapter 1"]
    # Deleting it again from the old confirmation: nothing to delete.
    gone = await press_data(
        ada, cb.MilestoneButton(cb.MilestoneAction.DELETE_CONFIRMED, outline.milestone_id).pack()
    )
    assert gone.answer_text == NOT_AVAILABLE


async def test_steps_are_added_ticked_and_deleted(
    ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await db.add_milestone(1001, novel.goal_id, "Outline the plot", None, clock())
    await open_milestones(ada, "1. Write a novel")
    await ada.press("⬜ Outline the plot")

    asked = await ada.press("➕ Add step")
    assert asked.answer is not None
    assert "What's a step towards Outline the plot?" in ada.last_message.text
    added = await ada.send("List the main characters")
    assert "Step added." in added.text
    assert (await stored_user(bot, 1001)).dialog is None
    await ada.press("➕ Add step")
    await ada.send("Sketch the setting")

    assert ada.last_message.buttons[:2] == [
        ["⬜ List the main characters", "🗑"],
        ["⬜ Sketch the setting", "🗑"],
    ]
    ticked = await ada.press("⬜ List the main characters")
    assert ticked.answer_text == "Step done ✅"
    assert "✅ List the main characters" in ada.last_message.text
    steps = (await milestone_of(db, novel, "Outline the plot")).steps
    assert [s.done_at for s in steps] == [clock(), None]

    untick = await ada.press("✅ List the main characters")
    assert untick.answer_text == "Step reopened"
    await ada.press("⬜ List the main characters")

    removed = await press_data(
        ada, cb.StepButton(cb.StepAction.DELETE, steps[1].milestone_id, steps[1].step_id).pack()
    )
    assert removed.answer_text == "Step removed"
    assert "Sketch the setting" not in ada.last_message.text
    assert "Every step is done" not in ada.last_message.text
    remaining = (await milestone_of(db, novel, "Outline the plot")).steps
    assert [s.title for s in remaining] == ["List the main characters"]

    # With every step done, the bot suggests ticking the milestone off.
    await ada.press("➕ Add step")
    await ada.send("Draft the ending")
    all_done = await ada.press("⬜ Draft the ending")
    assert all_done.answer_text == "Step done ✅"
    assert "Every step is done" in ada.last_message.text
    listing = await ada.press("« Milestones")
    assert listing.answer is not None
    assert "Outline the plot · no deadline · 2/2 steps" in ada.last_message.text


async def test_an_overdue_milestone_is_shown_without_guilt(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await db.add_milestone(1001, novel.goal_id, "Outline the plot", date(2026, 11, 27), clock())
    clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))  # Monday morning in Berlin

    listing = await ada.send("/goals")

    assert "Next: Outline the plot · was due Fri 27 Nov — still worth doing" in listing.text
    await ada.press("1. Write a novel")
    assert "Next milestone: Outline the plot · was due Fri 27 Nov — still worth doing" in (
        ada.last_message.text
    )
    await ada.press("🏁 Milestones")
    await ada.press("⬜ Outline the plot")
    assert "📅 Was due Fri 27 Nov — still worth doing" in ada.last_message.text
    for word in ("late", "missed", "failed", "behind"):
        assert word not in ada.last_message.text.lower()


async def test_today_is_the_users_local_date(
    fake: FakeTelegram, db: Repository, clock: FrozenClock
) -> None:
    # 20:40 UTC on Sunday is already Monday 09:40 in Auckland.
    kiri = fake.user(1002, "Kiri")
    await set_up(kiri, "Auckland", "7:30")
    goal = await add_goal(db, clock, "Surf", "Paddle out", user_id=1002)
    await db.add_milestone(1002, goal.goal_id, "Buy a board", date(2026, 11, 22), clock())
    await db.add_milestone(1002, goal.goal_id, "First wave", date(2026, 11, 23), clock())

    listing = await kiri.send("/goals")
    await kiri.press("1. Surf")
    await kiri.press("🏁 Milestones")

    assert "Next: Buy a board · was due Sun 22 Nov — still worth doing" in listing.text
    assert "⬜ First wave · due today" in kiri.last_message.text
