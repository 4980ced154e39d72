"""Reaching the week's and the month's target is celebrated once (docs/product.md rules 1 and 4).

The win that makes the period's total reach its target says so, with the numbers; the wins
after it, an undo and a second log, or the next day do not say it again.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from bot.coach.models import EntryStatus, Goal, Measure, NewEntry
from fake_telegram import FakeUser
from storage.base import Repository
from tests.bot.daily import TODAY, add_novel, next_day
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")

WEEK_REACHED = "This week's target reached"
MONTH_REACHED = "This plan month's target reached"


async def wrote(
    db: Repository, goal: Goal, days_ago: int, words: float, clock: FrozenClock
) -> None:
    """An amount logged on an earlier day (elsewhere, as a typed win would)."""
    day = TODAY - timedelta(days=days_ago)
    entry = NewEntry(goal.goal_id, 1001, day, EntryStatus.DONE, words, goal.daily_measure)
    await db.append_entry(entry, clock())


async def test_the_win_that_reaches_the_weeks_target_is_celebrated_once(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    # Started on Monday: today, Sunday, ends her first full week (Monday to Sunday).
    goal = await add_novel(db, now=clock(), start=TODAY - timedelta(days=6))
    for days_ago in (6, 5, 4, 3, 2, 1):
        await wrote(db, goal, days_ago, 400, clock)

    # 3,200 of 3,300.
    short = (await ada.send("wrote 800 words")).text
    reached = (await ada.send("wrote 150 words")).text  # 3,350
    more = (await ada.send("wrote 100 words")).text
    await ada.send("undo")
    relogged = (await ada.send("wrote 100 words")).text
    next_day(clock)
    tomorrow = (await ada.send("done")).text

    assert WEEK_REACHED not in short
    assert "🎯 This week's target reached: 3,350/3,300 words!" in reached
    for later in (more, relogged, tomorrow):
        assert WEEK_REACHED not in later


async def test_the_months_target_has_its_own_moment(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock(), start=TODAY - timedelta(days=6))
    # A small month (as if edited down), so that three days reach it.
    goal = await db.save_goal(
        dataclasses.replace(novel, monthly="1,400 words", monthly_measure=Measure(1_400, "words"))
    )
    for days_ago in (2, 1):
        await wrote(db, goal, days_ago, 480, clock)

    reached = (await ada.send("done")).text  # 1,440 of 1,400 this month
    again = (await ada.send("wrote 50 words")).text

    assert "🏆 This plan month's target reached: 1,440/1,400 words!" in reached
    assert WEEK_REACHED not in reached  # 1,440 of 3,300 this week
    assert MONTH_REACHED not in again


async def test_a_plans_first_days_are_no_week_to_celebrate(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    """Started on Sunday, the review day: the first "week" is that one day (470 of its share)."""
    await add_novel(db, now=clock(), start=TODAY)

    first = (await ada.send("wrote 480 words")).text

    assert "480/470 words this week" in first  # one day's share of 3,300, honestly
    assert WEEK_REACHED not in first


async def test_the_win_that_reaches_the_12_week_outcome_is_celebrated_once(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    """40,000 words of the first draft: the plan's own finish line, said once."""
    goal = await add_novel(db, now=clock(), start=TODAY - timedelta(days=20))
    for days_ago in range(20, 0, -1):
        await wrote(db, goal, days_ago, 1_950, clock)  # 39,000 words

    short = (await ada.send("wrote 900 words")).text  # 39,900
    reached = (await ada.send("wrote 200 words")).text  # 40,100
    more = (await ada.send("wrote 100 words")).text

    assert "🏁" not in short
    assert "🏁 Your 12-week outcome is reached: 40,100/40,000 words!" in reached
    assert "🏁" not in more
