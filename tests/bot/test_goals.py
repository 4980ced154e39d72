"""/goals through the real Application: the list, priorities, pause, resume, the cap and archive."""

from __future__ import annotations

from datetime import date

import pytest

from bot.coach.models import (
    MAX_ACTIVE_GOALS,
    GoalStatus,
    Measure,
)
from bot.views import goal_callbacks as cb
from fake_telegram import FakeUser
from storage.base import Repository
from tests.bot.goal_screens import add_goal, open_goal
from tests.bot.journeys import press_data
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


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
