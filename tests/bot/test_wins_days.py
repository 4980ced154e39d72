"""Which day a win counts for: the minimum, rest days, yesterday until midday, streak exactness."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.coach.models import EntryStatus
from bot.views.comeback import quiet_days_this_morning
from fake_telegram import FakeUser
from storage.base import Repository
from tests.bot.daily import (
    TODAY,
    add_novel,
    at,
    chain_of,
    day_data,
    entries_of,
    next_day,
)
from tests.bot.journeys import press_data
from tests.bot.scheduling import MONDAY
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


# --- the minimum, rest days, yesterday and the day boundary -------------------------------------


async def test_did_the_minimum_keeps_the_day(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.send("/today")

    logged = await ada.press("🪶 Did the minimum")

    text = logged.edited[0].text
    assert "The minimum counts — day kept for Write a novel." in text
    assert chain_of(logged.edited[0]) == "🟨"
    assert "Streak 1 · best 1" in text
    assert "Vote 1 for “I am a writer”" in text
    [entry] = await entries_of(db, novel)
    assert (entry.status, entry.quantity) == (EntryStatus.MVA, 50)
    card = await ada.send("/today")
    assert "Minimum done today — day kept" in card.text


async def test_a_rest_day_keeps_the_streak_once_a_week_and_a_second_is_refused_kindly(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    at(clock, MONDAY, 20)
    novel = await add_novel(db, now=clock(), start=MONDAY)
    await ada.send("/done")  # Monday

    next_day(clock)  # Tuesday
    await ada.send("/today")
    rested = await ada.press("😴 Rest day")
    text = rested.edited[0].text
    assert "Rest day for Write a novel — enjoy it, the chain holds." in text
    assert chain_of(rested.edited[0]) == "🟩🟦"
    assert "Streak 2 · best 2" in text
    assert "Vote" not in text  # a rest is not a vote

    next_day(clock)  # Wednesday
    card = await ada.send("/today")
    assert "Streak 2" in card.text
    refused = await ada.press("😴 Rest day")
    assert refused.answer_text == "Rest day already taken this week — try the minimum?"
    assert refused.sent == refused.edited == ()
    typed = await ada.send("rest day")
    assert "You've had your rest day this week. How about the minimum instead?" in typed.text
    assert [e.status for e in await entries_of(db, novel)] == [EntryStatus.DONE, EntryStatus.SKIP]

    minimum = await ada.press("🪶 Did the minimum", message=card.reply)
    assert "Streak 3 · best 3" in minimum.edited[0].text


async def test_a_rest_day_is_allowed_again_in_a_new_iso_week(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    assert "Rest day" in (await ada.send("rest day")).text  # Sunday

    next_day(clock)  # Monday: a new ISO week
    rested = await ada.send("skip")

    assert "Rest day for Write a novel" in rested.text
    assert "Streak 2" in rested.text
    assert [e.status for e in await entries_of(db, novel)] == [EntryStatus.SKIP] * 2


async def test_yesterday_can_be_logged_until_midday(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    at(clock, MONDAY, 11, 59)

    logged = await ada.send("did it yesterday")

    assert "✅ Done: write 480 words for Write a novel (Sun 22 Nov)!" in logged.text
    assert chain_of(logged.reply) == "🟩▫️"
    assert "Streak 1" in logged.text
    [entry] = await entries_of(db, novel)
    assert entry.local_date == TODAY


async def test_more_logged_for_yesterday_adds_up_to_yesterdays_total(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock())
    at(clock, MONDAY, 9)
    await ada.send("wrote 300 words yesterday")

    more = await ada.send("wrote 100 words yesterday")

    assert "(Sun 22 Nov)" in more.text.splitlines()[0]
    assert more.text.splitlines()[-1] == "That brings yesterday to 400 words. 🙌"  # not "today"


async def test_yesterday_is_closed_after_midday(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    at(clock, MONDAY, 12, 0)

    refused = await ada.send("did it yesterday")

    assert "That day is closed now (yesterday stays open until midday)" in refused.text
    assert await entries_of(db, novel) == []


async def test_a_win_at_half_past_one_counts_for_the_evening_before(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    at(clock, MONDAY, 1, 30)

    logged = await ada.send("wrote 500 words")

    assert "✅ 500 words logged for Write a novel!" in logged.text
    assert chain_of(logged.reply) == "🟩"  # still Sunday's chain: one day, done
    at(clock, MONDAY, 2, 30)
    await ada.send("wrote 100 words")
    assert [(e.local_date, e.quantity) for e in await entries_of(db, novel)] == [
        (TODAY, 500),
        (MONDAY, 100),
    ]


async def test_an_old_today_card_counts_for_yesterday_before_midday(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    sunday_card = await ada.send("/today")
    at(clock, MONDAY, 9)

    logged = await ada.press("✅ Done", message=sunday_card.reply)

    assert "(Sun 22 Nov)!" in logged.edited[0].text
    assert [e.local_date for e in await entries_of(db, novel)] == [TODAY]


async def test_an_old_today_card_is_refused_with_a_toast_after_midday(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    sunday_card = await ada.send("/today")
    at(clock, MONDAY, 13)

    refused = await ada.press("✅ Done", message=sunday_card.reply)

    assert refused.answer_text == "That day is closed now — today's a fresh one."
    assert refused.sent == refused.edited == ()
    assert await entries_of(db, novel) == []
    older = await press_data(ada, day_data(novel, "d", TODAY - timedelta(days=5)))
    future = await press_data(ada, day_data(novel, "d", MONDAY + timedelta(days=1)))
    assert older.answer_text == future.answer_text == refused.answer_text
    assert await entries_of(db, novel) == []


# --- streak exactness, one miss, two misses -----------------------------------------------------


async def test_a_streak_stays_alive_through_the_whole_next_day(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock())
    await ada.send("done")
    next_day(clock, hour=23)

    card = await ada.send("/today")

    assert "Streak 1 · best 1" in card.text  # not 0 before today is logged
    assert chain_of(card.reply) == "🟩▫️"
    assert "slipped" not in card.text
    streak = await ada.send("/streak")
    assert "Streak 1 · best 1" in streak.texts[0]


async def test_one_miss_is_an_accident_and_two_bring_the_comeback(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock())
    await ada.send("done")
    next_day(clock)
    next_day(clock)

    one_miss = await ada.send("/today")

    assert chain_of(one_miss.reply) == "🟩⬜▫️"
    assert "Streak 0 · best 1" in one_miss.text
    assert "Yesterday slipped — an accident, not a pattern." in one_miss.text
    assert "/comeback" not in one_miss.text
    next_day(clock)
    two_misses = await ada.send("/today")
    assert chain_of(two_misses.reply) == "🟩⬜⬜▫️"
    assert "A couple of quiet days — /comeback makes restarting tiny." in two_misses.text
    back = await ada.send("done")
    assert "Streak 1 · best 1" in back.text


async def test_a_long_quiet_spell_is_a_few_days_and_then_a_while_never_a_tally(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    """Not "a couple of quiet days" after twelve of them, and no count of misses either."""
    await add_novel(db, now=clock())
    await ada.send("done")
    for _ in range(6):
        next_day(clock)

    few = await ada.send("/today")
    streak = await ada.send("/streak")

    quiet = "A few quiet days — /comeback scales the habit down so starting again is easy."
    assert quiet in few.text
    assert quiet in streak.texts[0]
    assert "couple" not in few.text + streak.texts[0]
    for _ in range(10):
        next_day(clock)
    later = await ada.send("/today")
    assert "It's been a while, and that's fine. /comeback starts you again" in later.text
    assert "quiet days" not in later.text


def test_the_morning_says_the_quiet_days_line_now_and_then_not_every_morning() -> None:
    said = [missed for missed in range(1, 36) if quiet_days_this_morning(missed)]
    assert said == [2, 4, 14, 21, 28, 35]


async def test_the_first_win_after_a_long_break_offers_smaller_steps_once(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    """Rule 8: back after ten quiet days, the full size is not simply asked for again."""
    await add_novel(db, now=clock())
    await ada.send("done")
    next_day(clock)
    next_day(clock)
    short_gap = await ada.send("done")  # one quiet day: no break to speak of
    for _ in range(11):
        next_day(clock)

    back = await ada.send("done")
    next_day(clock)
    after = await ada.send("done")

    welcome = "👋 Welcome back! If the full size feels big after a break, /comeback scales it"
    assert welcome not in short_gap.text
    assert welcome in back.text
    assert welcome not in after.text
