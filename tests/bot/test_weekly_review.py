"""The weekly review is the user's week, judged by what it proposes, proposed once (rule 13).

Ada reviews her week with /week: the week is hers (Monday to Sunday, her review day), a week of
one or two days is too soon to judge, a week of words is judged by its words, and accepting next
week's goal changes next week only — asking again proposes nothing new.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from bot.coach.models import EntryStatus, Goal, Measure, NewEntry
from bot.context import BotApplication
from bot.views.nudges.review import QUIET_WEEK_CLOSINGS
from fake_telegram import FakeUser
from storage.base import Repository
from tests.bot.daily import TODAY, add_novel, at, next_day
from tests.bot.journeys import press_data
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")

MONDAY = TODAY - timedelta(days=6)  # Monday 16 November 2026; TODAY is Sunday, review day


async def wrote(
    db: Repository, goal: Goal, first: date, amounts: list[float | None], clock: FrozenClock
) -> None:
    """Words logged day by day from ``first`` (``None``: nothing that day)."""
    for offset, words in enumerate(amounts):
        if words is None:
            continue
        day = first + timedelta(days=offset)
        entry = NewEntry(goal.goal_id, 1001, day, EntryStatus.DONE, words, goal.daily_measure)
        await db.append_entry(entry, clock())


def no_strong_week(text: str) -> None:
    assert "A strong week" not in text
    assert "Target met" not in text


async def test_one_day_in_is_too_soon_to_judge(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    """Day one of the plan is her review day: no "strong week!" after one day."""
    await add_novel(db, now=clock())
    await ada.send("done")

    review = await ada.send("/week")

    assert review.text.startswith("📅 Your week in review · Sun 22 Nov")
    assert "✅ 1/1 days (100%)" in review.text
    assert "480/470 words this week" in review.text  # one day's share of the week
    assert "too soon" in review.text
    assert "3,300 words" in review.text  # next week stays as planned
    no_strong_week(review.text)
    assert review.reply.buttons == []  # nothing to decide


async def test_a_week_met_proposes_more_once_and_accepting_changes_next_week_only(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    goal = await add_novel(db, now=clock(), start=MONDAY)
    await wrote(db, goal, MONDAY, [480] * 6, clock)
    await ada.send("wrote 480 words")  # Sunday: 7 × 480 = 3,360 of 3,300

    review = await ada.send("/week")

    assert review.text.startswith("📅 Your week in review · Mon 16 Nov – Sun 22 Nov")
    assert "📈 3,360/3,300 words this week" in review.text
    assert "3,360 of 3,300 words" in review.text  # judged by the words it proposes
    assert "3,600 words" in review.text
    assert review.reply.buttons == [["👍 Write a novel: 3,600 words"]]

    accepted = await ada.press("👍 Write a novel: 3,600 words")
    assert accepted.texts[-1] == (
        "👍 Next week for Write a novel: 3,600 words, from Mon 23 Nov. "
        "This week stays as it is. Go get it."
    )

    again = await ada.send("/week")  # right after accepting: nothing new is proposed
    assert "✓ Next week's goal is set: 3,600 words, from Mon 23 Nov." in again.text
    assert again.reply.buttons == []
    assert "3,960" not in again.text  # no ratchet: +10% of the accepted 3,600
    progress = await ada.send("/progress")
    assert "📅 This week (Mon 16 Nov – Sun 22 Nov): 7/7 days · 3,360/3,300 words" in (progress.text)
    assert "Today: write 480 words" in (await ada.send("/today")).text

    # Next week: the day follows the week (3,600 / 7 ≈ 510), the month adds up both weeks.
    next_day(clock, hour=9)
    today = await ada.send("/today")
    assert "write 510 words" in today.text
    monday = await ada.send("/progress")
    assert "📅 This week (Mon 23 Nov – Sun 29 Nov): 0/0 days · 0/3,600 words" in monday.text
    # Plan month 1: 7 days of 13,300 / 28 and 21 of 14,400 / 28 = 14,125 ≈ 14,100 words.
    assert "Plan month 1 (Mon 16 Nov – Sun 13 Dec): 7/7 days · 3,360/14,100 words" in monday.text
    stale = await press_data(ada, f"rv:{goal.goal_id}:3600:20261123")
    assert stale.answer_text == "That week has begun — /week has a fresh review."
    stored = await db.get_goal(1001, goal.goal_id)
    assert stored is not None
    assert (stored.weekly_measure, stored.daily_measure, stored.monthly_measure) == (
        Measure(3_600, "words"),
        Measure(510, "words"),
        Measure(14_400, "words"),
    )


async def test_a_week_of_kept_days_but_few_words_is_judged_by_its_words(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    """Seen: "A strong week! … a little more" after 850 of 2,100 words, every day kept."""
    novel = await add_novel(db, now=clock(), start=MONDAY)
    # A far date, so that this pace still reaches the outcome (no re-plan to offer).
    far = MONDAY + timedelta(days=700)
    goal = await db.save_goal(dataclasses.replace(novel, outcome_due=far))
    await wrote(db, goal, MONDAY, [120] * 6, clock)
    await ada.send("wrote 120 words")

    review = await ada.send("/week")

    assert "✅ 7/7 days (100%)" in review.text
    assert "840 of 3,300 words" in review.text
    no_strong_week(review.text)
    # Halfway down to the minimum's week (7 × 50): (3,300 + 350) / 2 ≈ 1,800.
    assert review.reply.buttons == [["👍 Write a novel: 1,800 words"]]


async def test_your_week_is_monday_to_sunday_not_the_last_seven_days(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    goal = await add_novel(db, now=clock(), start=MONDAY - timedelta(days=7))
    await wrote(db, goal, MONDAY - timedelta(days=7), [480] * 14, clock)
    wednesday = TODAY + timedelta(days=3)
    await wrote(db, goal, TODAY + timedelta(days=1), [480, None], clock)  # Monday; Tuesday off
    at(clock, wednesday, 9)

    review = await ada.send("/week")

    assert review.text.startswith("📅 Your week so far · Mon 23 Nov – Wed 25 Nov")
    assert "✅ 1/2 days (50%)" in review.text  # Monday and Tuesday; Wednesday still open
    assert "Last week: 7/7" in review.text
    assert "the week runs until Sun 29 Nov" in review.text
    assert "too soon" in review.text
    assert review.reply.buttons == []


@pytest.mark.parametrize(
    ("this_week", "trend"),
    [([480], "↗️"), ([None, 480], "↘️")],
    ids=["a-kept-monday", "one-of-two"],
)
async def test_the_week_so_far_is_compared_by_the_share_of_days_kept(
    ada: FakeUser,
    db: Repository,
    clock: FrozenClock,
    this_week: list[float | None],
    trend: str,
) -> None:
    goal = await add_novel(db, now=clock(), start=MONDAY)
    await wrote(db, goal, MONDAY, [480, 480, None, 480, None, 480, 480], clock)  # 5 of 7
    await wrote(db, goal, TODAY + timedelta(days=1), this_week, clock)
    at(clock, TODAY + timedelta(days=len(this_week)), 21)

    review = await ada.send("/week")

    assert f"Last week: 5/7 {trend}" in review.text


async def test_a_review_on_another_day_covers_the_week_that_ends_that_day(
    ada: FakeUser, db: Repository, bot: BotApplication, clock: FrozenClock
) -> None:
    goal = await add_novel(db, now=clock(), start=MONDAY - timedelta(days=7))
    await wrote(db, goal, MONDAY - timedelta(days=7), [480] * 14, clock)
    user = await db.get_user(1001)
    assert user is not None
    await db.save_user(dataclasses.replace(user, review_weekday=2))  # Wednesdays

    review = await ada.send("/week")

    assert review.text.startswith("📅 Your week so far · Thu 19 Nov – Sun 22 Nov")
    assert "the week runs until Wed 25 Nov" in review.text


async def test_week_before_the_plan_starts_says_when_it_starts(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock(), start=date(2026, 12, 1))

    early = await ada.send("/week")

    assert "Write a novel starts Tue 1 Dec: write 480 words." in early.text
    assert "first week's review comes on Sun 6 Dec" in early.text
    assert "No active goal" not in early.text


async def test_a_pace_that_misses_the_outcome_brings_one_kind_offer_to_re_plan(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    """Seen: "Pace: behind plan … at this pace: Sun 17 Oct" and never a word about re-planning."""
    start = TODAY - timedelta(days=20)  # Monday 2 November; due Monday 25 January
    goal = await add_novel(db, now=clock(), start=start)
    await wrote(db, goal, start, [200] * 20, clock)
    await ada.send("wrote 200 words")  # 4,200 words in 21 days

    review = await ada.send("/week")

    assert "📐 At your pace, about 200 words a day, 40,000 words comes on" in review.text
    assert "rather than Mon 25 Jan 2027" in review.text
    assert "aim for 17,200 words by Mon 25 Jan 2027?" in review.text
    assert "Keeping it asks about 560 words a day from here." in review.text
    labels = review.reply.button_labels
    assert "🎯 Aim for 17,200 words" in labels
    assert "Keep the plan" in labels
    assert any(label.startswith("📅 Move to ") for label in labels)
    again = await ada.send("/week")
    assert "📐" not in again.text  # offered once

    aimed = await ada.press("🎯 Aim for 17,200 words", message=review.reply)

    # 13,000 words left in 65 days: 1,400 a week, 200 a day (her pace), 5,600 a plan month.
    assert aimed.texts[-1] == (
        "🎯 New outcome for Write a novel: 17,200 words of my first draft, by Mon 25 Jan 2027. "
        "From today: write 200 words a day, 1,400 words a week, 5,600 words a plan month. "
        "A plan that fits is one you keep. 🌱"
    )
    stored = await db.get_goal(1001, goal.goal_id)
    assert stored is not None
    assert stored.outcome_measure == Measure(17_200, "words")
    assert "Today: write 200 words" in (await ada.send("/today")).text
    progress = await ada.send("/progress")
    assert "4,200/17,200 words" in progress.text


async def test_climbing_back_after_a_comeback_brings_no_offer_to_re_plan(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    """She chose to restart small: the review says the steps set the size, and does not ask
    her to move the date or shrink the outcome in the same breath."""
    start = TODAY - timedelta(days=20)
    goal = await add_novel(db, now=clock(), start=start)
    await wrote(db, goal, start, [200] * 16, clock)  # then four quiet days: a lapse
    await ada.send("/comeback")
    await ada.press("🪶 Start with write 50 words")
    await ada.send("done")

    review = await ada.send("/week")

    assert "Climbing back: step 1 of" in review.text
    assert "📐" not in review.text
    assert not any(label.startswith("🎯") for label in review.reply.button_labels)


async def test_moving_the_date_follows_the_pace_and_keeping_the_plan_changes_nothing(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=20)
    goal = await add_novel(db, now=clock(), start=start)
    await wrote(db, goal, start, [300] * 20, clock)
    await ada.send("wrote 300 words")

    review = await ada.send("/week")
    [move] = [label for label in review.reply.button_labels if label.startswith("📅 Move to ")]
    moved = await ada.press(move)

    stored = await db.get_goal(1001, goal.goal_id)
    assert stored is not None
    assert stored.outcome_measure == Measure(40_000, "words")
    assert stored.outcome_due is not None
    due = stored.outcome_due
    assert move == f"📅 Move to {due:%a} {due.day} {due:%b %Y}"
    assert "📅 New date for Write a novel" in moved.texts[-1]
    # At the new date the pace is the plan: about 300 words a day.
    assert stored.daily_measure is not None
    assert 280 <= stored.daily_measure.quantity <= 320
    kept = await press_data(ada, f"rp:k:{goal.goal_id}")
    assert "👍 The plan stays: 40,000 words of my first draft by" in kept.texts[-1]
    forged = await press_data(ada, f"rp:s:{goal.goal_id}:90000")
    assert forged.answer_text == "That plan has changed since — /progress shows where it stands."


async def test_a_week_with_no_kept_day_is_not_praised_for_it(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    """Zero kept days: the closing line is kind, never "0 kept days — that's the work, done"."""
    await add_novel(db, start=MONDAY - timedelta(days=7), now=clock())
    closings = []
    for week in range(4):  # four review days in a row: each week's line rotates
        if week:
            clock.advance(days=7)
        review = await ada.send("/week")
        closings.append(review.text.splitlines()[-1])

    for closing in closings:
        assert closing in QUIET_WEEK_CLOSINGS
        assert "0 kept" not in closing
