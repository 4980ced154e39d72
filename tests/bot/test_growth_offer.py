"""The 30-day system's offer of more through the real Application (docs/product.md rule 11).

A steady month brings one offer of 10–15% more, never before day 21 or during a comeback, and
growing takes once however often it is tapped.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from bot.coach.models import EntryStatus, Goal, LevelKind, Measure, NewEntry
from fake_telegram import FakeUser
from storage.base import Repository
from tests.bot.daily import (
    TODAY,
    add_novel,
    entries_of,
    levels_of,
    next_day,
)
from tests.bot.journeys import press_data
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


async def seed_done(db: Repository, goal: Goal, clock: FrozenClock, first: date, days: int) -> None:
    """Done days at full size from ``first``, as the log would hold them."""
    for offset in range(days):
        entry = NewEntry(
            goal.goal_id,
            goal.user_id,
            first + timedelta(days=offset),
            EntryStatus.DONE,
            target=goal.daily_measure,
        )
        await db.append_entry(entry, clock())


async def test_a_steady_month_brings_one_offer_of_more_and_accepting_changes_today(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=20)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_done(db, novel, clock, start, 20)

    logged = await ada.send("done")  # day 21 in a row

    assert "21 days!" in logged.text  # the milestone
    assert "21 steady days! Ready for 10–15% more: 550 words a day?" in logged.text
    assert logged.reply.buttons == [["⬆️ 550 words", "Keep it as is"], ["↩️ Undo"]]
    grown = await ada.press("⬆️ 550 words")
    assert grown.texts[-1] == (
        "⬆️ From today: write 550 words (was write 480 words). Small steps, compounding."
    )
    card = await ada.send("/today")
    assert "Today: write 550 words" in card.text
    assert "✅ Done today" in card.text  # today stays kept: it was judged at 480

    next_day(clock)
    tomorrow = await ada.send("done")
    assert "✅ Done: write 550 words" in tomorrow.text
    assert "Ready for 10–15% more" not in tomorrow.text  # offered once
    entries = await entries_of(db, novel)
    assert [e.target for e in entries] == [Measure(480, "words")] * 21 + [Measure(550, "words")]
    goal = await db.get_goal(1001, novel.goal_id)
    assert goal is not None
    assert (goal.daily, goal.daily_measure) == ("write 550 words", Measure(550, "words"))
    # The week and the month grow with the day (7 × 550 = 3,850 ≈ 3,900 a week, four of them a
    # month); the days before keep the plan they were judged against.
    assert (goal.weekly_measure, goal.monthly_measure) == (
        Measure(3_900, "words"),
        Measure(15_600, "words"),
    )
    before, level = await levels_of(db, novel)
    assert (before.kind, before.effective_from, before.target, before.weekly) == (
        LevelKind.FULL,
        novel.start_date,
        Measure(480, "words"),
        Measure(3_300, "words"),
    )
    assert (level.kind, level.effective_from, level.target, level.weekly) == (
        LevelKind.SCALED_UP,
        TODAY,
        Measure(550, "words"),
        Measure(3_900, "words"),
    )


async def test_keeping_it_as_is_is_fine_and_the_offer_is_not_repeated(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=22)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_done(db, novel, clock, start, 22)

    offer = await ada.send("done")  # day 23: still within the 21–28 window
    assert "23 steady days! Ready for 10–15% more" in offer.text
    kept = await ada.press("Keep it as is")

    assert kept.answer_text == "Keeping it as is — steady wins."
    assert kept.sent == ()
    for _ in range(3):
        next_day(clock)
        later = await ada.send("done")
        assert "Ready for 10–15% more" not in later.text
    goal = await db.get_goal(1001, novel.goal_id)
    assert goal is not None
    assert goal.daily_measure == Measure(480, "words")
    assert await levels_of(db, novel) == []


async def test_no_offer_of_more_before_day_21_or_while_ramping(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=19)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_done(db, novel, clock, start, 19)

    day_20 = await ada.send("done")

    assert "Ready for 10–15% more" not in day_20.text
    forged = await press_data(ada, f"cm:grow:{novel.goal_id}x")
    assert forged.answer_text is not None
    assert await levels_of(db, novel) == []


async def test_growing_twice_by_a_double_tap_grows_once(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=20)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_done(db, novel, clock, start, 20)
    offer = await ada.send("done")

    taps = await asyncio.gather(
        ada.press("⬆️ 550 words", message=offer.reply),
        ada.press("⬆️ 550 words", message=offer.reply),
    )

    assert sorted(str(tap.answer_text) for tap in taps) == ["Already grown today ✓", "None"]
    goal = await db.get_goal(1001, novel.goal_id)
    assert goal is not None
    assert goal.daily_measure == Measure(550, "words")
    kinds = [level.kind for level in await levels_of(db, novel)]
    assert kinds == [LevelKind.FULL, LevelKind.SCALED_UP]  # the plan until today, grown once


async def test_an_old_grow_button_pressed_during_a_comeback_is_refused(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=20)
    novel = await add_novel(db, now=clock(), start=start)
    await seed_done(db, novel, clock, start, 20)
    offer = await ada.send("done")
    for _ in range(3):
        next_day(clock)  # two days missed
    await ada.send("/comeback")
    await ada.press("🪶 Start with write 50 words")

    old = await ada.press("⬆️ 550 words", message=offer.reply)

    assert old.answer_text == "Let's finish the climb back first."
    goal = await db.get_goal(1001, novel.goal_id)
    assert goal is not None
    assert goal.daily_measure == Measure(480, "words")
    assert [lv.kind for lv in await levels_of(db, novel)] == [LevelKind.MVA]
