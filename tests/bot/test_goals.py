"""/goals through the real Application and the fake Telegram: goals, milestones and steps.

Goals are seeded through a second repository on the bot's own SQLite file (WAL lets both work
on it at once), the way /plan will have left them; everything else happens by pressing buttons
and typing, as a user would.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from bot.coach.models import (
    MAX_ACTIVE_GOALS,
    Goal,
    GoalStatus,
    Measure,
    Milestone,
    NewGoal,
)
from bot.context import BotApplication
from bot.views import goal_callbacks as cb
from fake_telegram import FakeTelegram, FakeUser, Reaction
from storage.base import Repository
from tests.bot.journeys import press_data, set_up, stored_user
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")

# The conftest clock starts on Sunday 22 November 2026, 21:40 in Berlin.
TODAY = date(2026, 11, 22)
NOT_AVAILABLE = "That's not available — /goals shows your goals."


async def add_goal(
    db: Repository,
    clock: FrozenClock,
    vision: str,
    daily: str | None = None,
    measure: Measure | None = None,
    *,
    user_id: int = 1001,
    status: GoalStatus = GoalStatus.ACTIVE,
) -> Goal:
    goal = await db.create_goal(NewGoal(user_id, vision, status), clock())
    return await db.save_goal(dataclasses.replace(goal, daily=daily, daily_measure=measure))


async def milestone_of(db: Repository, goal: Goal, title: str) -> Milestone:
    found = [m for m in await db.list_milestones(goal.user_id, goal.goal_id) if m.title == title]
    assert len(found) == 1, found
    return found[0]


async def open_goal(user: FakeUser, number_and_name: str) -> Reaction:
    await user.send("/goals")
    return await user.press(number_and_name)


async def open_milestones(user: FakeUser, number_and_name: str) -> Reaction:
    await open_goal(user, number_and_name)
    return await user.press("🏁 Milestones")


async def add_milestone(user: FakeUser, title: str, due: str | None) -> Reaction:
    """From a milestone list: add one, typing the date or pressing "No deadline"."""
    await user.press("➕ Add milestone")
    await user.send(title)
    return await (user.press("No deadline") if due is None else user.send(due))


# --- the list ----------------------------------------------------------------------------------


async def test_goals_are_listed_by_priority_with_daily_action_and_next_milestone(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words", Measure(300, "words"))
    paused = await add_goal(
        db, clock, "Learn Spanish", "One Duolingo lesson", status=GoalStatus.PAUSED
    )
    fit = await add_goal(db, clock, "Get fit", "Walk", Measure(20, "minutes"))
    await add_goal(db, clock, "Old idea", "Nothing", status=GoalStatus.ARCHIVED)
    await add_goal(db, clock, "Half-planned", status=GoalStatus.DRAFT)
    done = await db.add_milestone(1001, novel.goal_id, "Pick a title", None, clock())
    await db.set_milestone_done(1001, done.milestone_id, clock())
    await db.add_milestone(1001, novel.goal_id, "Finish chapter 1", None, clock())
    await db.add_milestone(1001, novel.goal_id, "Outline the plot", date(2026, 11, 27), clock())

    shown = await ada.send("/goals")

    text = shown.text
    assert text.index("Write a novel") < text.index("Get fit") < text.index("Learn Spanish")
    assert (
        "1. Write a novel\n   Daily: Write 300 words\n   Next: Outline the plot · due Fri 27 Nov"
        in text
    )
    assert "2. Get fit\n   Daily: Walk (20 minutes)" in text
    assert "3. Learn Spanish · ⏸ paused" in text
    assert "Old idea" not in text
    assert "Half-planned" not in text
    assert shown.reply.buttons == [
        ["1. Write a novel"],
        ["2. Get fit"],
        ["3. Learn Spanish ⏸"],
        ["🗄 Archived (1)"],
    ]
    assert shown.reply.button_data[1] == [cb.GoalButton(cb.GoalAction.OPEN, fit.goal_id).pack()]
    assert shown.reply.button_data[2] == [cb.GoalButton(cb.GoalAction.OPEN, paused.goal_id).pack()]


async def test_no_goals_yet_points_to_plan(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    empty = await ada.send("/goals")
    assert "No goals yet" in empty.text
    assert "/plan" in empty.text
    assert empty.reply.buttons == []

    await add_goal(db, clock, "Half-planned", status=GoalStatus.DRAFT)
    drafting = await ada.send("/goals")
    assert "plan in progress" in drafting.text


async def test_a_goal_card_offers_everything_and_edits_in_place(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await add_goal(db, clock, "Get fit", "Walk 20 minutes")
    listing = await ada.send("/goals")

    opened = await ada.press("1. Write a novel")

    assert opened.sent == ()
    assert [m.message_id for m in opened.edited] == [listing.reply.message_id]
    assert opened.answer is not None
    card = ada.last_message
    assert "Write a novel" in card.text
    assert "Priority 1 of 2 active" in card.text
    assert "Daily: Write 300 words" in card.text
    assert card.buttons == [
        ["⬇️ Move down"],
        ["⏸ Pause", "🗄 Archive"],
        ["✏️ Edit plan", "🏁 Milestones"],
        ["« All goals"],
    ]
    assert card.button_data[2][0] == f"plan:show:{novel.goal_id}"

    back = await ada.press("« All goals")
    assert back.answer is not None
    assert "Your goals" in ada.last_message.text


async def test_edit_plan_hands_the_goal_to_plan(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await open_goal(ada, "1. Write a novel")

    edit = await ada.press(f"plan:show:{novel.goal_id}")

    assert edit.answer is not None
    assert edit.answer_text is None or "expired" not in edit.answer_text
    assert "Write a novel" in ada.last_message.text


# --- priorities --------------------------------------------------------------------------------


async def test_moving_a_goal_up_reorders_priorities(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    fit = await add_goal(db, clock, "Get fit", "Walk 20 minutes")
    await open_goal(ada, "2. Get fit")

    moved = await ada.press("⬆️ Move up")

    assert moved.answer_text == "Moved up — now number 1."
    assert "Priority 1 of 2 active" in ada.last_message.text
    assert ada.last_message.buttons[0] == ["⬇️ Move down"]
    assert [g.goal_id for g in await db.list_goals(1001)] == [fit.goal_id, novel.goal_id]
    listing = await ada.send("/goals")
    assert listing.reply.buttons == [["1. Get fit"], ["2. Write a novel"]]

    down = await ada.press("1. Get fit")
    assert down.answer is not None
    await ada.press("⬇️ Move down")
    assert [g.goal_id for g in await db.list_goals(1001)] == [novel.goal_id, fit.goal_id]


async def test_moving_past_the_end_changes_nothing(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    fit = await add_goal(db, clock, "Get fit", "Walk 20 minutes")
    await open_goal(ada, "1. Write a novel")

    # An old card can still carry "Move up" after the goal reached the top.
    stale = await press_data(ada, cb.GoalButton(cb.GoalAction.UP, novel.goal_id).pack())

    assert stale.answer_text == "Already at the top."
    assert [g.goal_id for g in await db.list_goals(1001)] == [novel.goal_id, fit.goal_id]


# --- pause, resume, the cap, archive -----------------------------------------------------------


async def test_pause_and_resume(ada: FakeUser, db: Repository, clock: FrozenClock) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await add_goal(db, clock, "Get fit", "Walk 20 minutes")
    await open_goal(ada, "1. Write a novel")

    paused = await ada.press("⏸ Pause")

    assert paused.answer_text == "Paused"
    assert "Nothing is lost" in ada.last_message.text
    assert "⏸ Paused · 1 of 1 paused" in ada.last_message.text
    assert ["▶️ Resume", "🗄 Archive"] in ada.last_message.buttons
    stored = await db.get_goal(1001, novel.goal_id)
    assert stored is not None
    assert stored.status is GoalStatus.PAUSED
    listing = await ada.send("/goals")
    assert listing.reply.buttons == [["1. Get fit"], ["2. Write a novel ⏸"]]

    await ada.press("2. Write a novel ⏸")
    resumed = await ada.press("▶️ Resume")

    assert resumed.answer_text == "Resumed"
    assert "Welcome back" in ada.last_message.text
    stored = await db.get_goal(1001, novel.goal_id)
    assert stored is not None
    assert stored.status is GoalStatus.ACTIVE


async def test_resuming_a_sixth_goal_is_refused_kindly(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    for i in range(MAX_ACTIVE_GOALS):
        await add_goal(db, clock, f"Goal {i + 1}", "Something small")
    waiting = await add_goal(db, clock, "Learn Spanish", "One lesson", status=GoalStatus.PAUSED)
    await open_goal(ada, "6. Learn Spanish ⏸")

    refused = await ada.press("▶️ Resume")

    assert refused.answer_text == "5 goals are active"
    text = ada.last_message.text
    assert "You already have 5 active goals" in text
    assert "Pause or archive one" in text
    assert len(text) < 500
    stored = await db.get_goal(1001, waiting.goal_id)
    assert stored is not None
    assert stored.status is GoalStatus.PAUSED


async def test_archive_asks_first_then_hides_the_goal_and_restore_brings_it_back(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_goal(db, clock, "Write a novel", "Write 300 words")
    await add_goal(db, clock, "Get fit", "Walk 20 minutes")
    await open_goal(ada, "1. Write a novel")

    asked = await ada.press("🗄 Archive")

    assert asked.answer is not None
    assert "Archive Write a novel?" in ada.last_message.text
    assert ada.last_message.buttons == [["Yes, archive", "Keep it"]]
    kept = await ada.press("Keep it")
    assert kept.answer is not None
    assert "Priority 1 of 2 active" in ada.last_message.text
    stored = await db.get_goal(1001, novel.goal_id)
    assert stored is not None
    assert stored.status is GoalStatus.ACTIVE

    await ada.press("🗄 Archive")
    archived = await ada.press("Yes, archive")

    assert archived.answer_text == "Archived"
    assert "Archived Write a novel" in ada.last_message.text
    assert ada.last_message.buttons == [["1. Get fit"], ["🗄 Archived (1)"]]
    stored = await db.get_goal(1001, novel.goal_id)
    assert stored is not None
    assert stored.status is GoalStatus.ARCHIVED

    await ada.press("🗄 Archived (1)")
    assert "Archived goals" in ada.last_message.text
    await ada.press("Write a novel")
    assert "🗄 Archived" in ada.last_message.text
    restored = await ada.press("♻️ Restore")

    assert restored.answer_text == "Restored"
    assert "active again" in ada.last_message.text
    stored = await db.get_goal(1001, novel.goal_id)
    assert stored is not None
    assert stored.status is GoalStatus.ACTIVE


async def test_restoring_into_a_full_active_list_comes_back_paused(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    for i in range(MAX_ACTIVE_GOALS):
        await add_goal(db, clock, f"Goal {i + 1}", "Something small")
    old = await add_goal(db, clock, "Old idea", "Nothing", status=GoalStatus.ARCHIVED)
    await ada.send("/goals")
    await ada.press("🗄 Archived (1)")
    await ada.press("Old idea")

    await ada.press("♻️ Restore")

    assert "Restored as paused" in ada.last_message.text
    stored = await db.get_goal(1001, old.goal_id)
    assert stored is not None
    assert stored.status is GoalStatus.PAUSED


# --- milestones --------------------------------------------------------------------------------


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


# --- bad answers ---------------------------------------------------------------------------------


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
