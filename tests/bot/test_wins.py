"""Logging wins through the real Application and fake Telegram (docs/product.md rules 4, 5, 6, 9).

/today, /done, the Done button and typed wins; what the reply shows; double logging and undo.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.coach.models import EntryStatus, GoalStatus, Measure, NewEntry
from fake_telegram import FakeUser
from storage.base import Repository
from tests.bot.daily import (
    TODAY,
    add_habit,
    add_novel,
    at,
    chain_of,
    day_data,
    entries_of,
    next_day,
)
from tests.bot.scheduling import MONDAY
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


# --- three equivalent ways to log ---------------------------------------------------------------


async def test_the_done_button_on_today_logs_the_day_and_shows_what_it_adds_up_to(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    card = await ada.send("/today")
    assert "Today: write 480 words" in card.text
    assert "Not logged yet today" in card.text
    assert card.reply.buttons == [["✅ Done"], ["🪶 Did the minimum", "😴 Rest day"]]

    logged = await ada.press("✅ Done")

    [reply] = logged.edited  # the card itself turns into the answer
    assert reply.message_id == card.reply.message_id
    text = reply.text
    assert "✅ Done: write 480 words for Write a novel!" in text
    assert chain_of(reply) == "🟩"
    assert "🔥 Streak 1 · best 1 · strength 5%" in text
    assert (
        # Day one is a Sunday, the review day: this week is that one day of the plan.
        "1/1 days this week · 480/470 words this week · 480/13,300 words in plan month 1 · "
        "1% of the 12-week outcome" in text
    )
    assert "Vote 1 for “I am a writer”" in text
    assert "Your first win — the chain starts right here." in text  # a celebration
    assert reply.buttons == [["↩️ Undo"]]
    [entry] = await entries_of(db, novel)
    assert (entry.local_date, entry.status, entry.quantity) == (TODAY, EntryStatus.DONE, None)
    assert entry.target == Measure(480, "words")


async def test_done_with_one_goal_logs_it_at_once(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())

    logged = await ada.send("/done")

    assert "✅ Done: write 480 words for Write a novel!" in logged.text
    assert "Streak 1" in logged.text
    assert [e.status for e in await entries_of(db, novel)] == [EntryStatus.DONE]


async def test_done_with_several_goals_asks_which_one_with_buttons(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    run = await add_habit(db, "Run a 10k", "run 3 km", Measure(3, "km"), now=clock())

    asked = await ada.send("/done")

    assert "Which goal" in asked.text
    assert asked.reply.buttons == [["▫️ Write a novel"], ["▫️ Run a 10k"]]
    assert await entries_of(db, novel) == []
    logged = await ada.press("▫️ Run a 10k")
    assert "✅ Done: run 3 km for Run a 10k!" in logged.edited[0].text
    assert await entries_of(db, novel) == []
    assert [e.status for e in await entries_of(db, run)] == [EntryStatus.DONE]
    again = await ada.send("/done")
    assert again.reply.buttons == [["▫️ Write a novel"], ["✅ Run a 10k"]]


@pytest.mark.parametrize("text", ["done", "did it", "✅", "Done!", "finished ✔️"])
async def test_a_typed_done_logs_the_only_goal(
    ada: FakeUser, db: Repository, clock: FrozenClock, text: str
) -> None:
    novel = await add_novel(db, now=clock())

    logged = await ada.send(text)

    assert "✅ Done: write 480 words for Write a novel!" in logged.text
    assert chain_of(logged.reply) == "🟩"
    [entry] = await entries_of(db, novel)
    assert (entry.status, entry.quantity) == (EntryStatus.DONE, None)


@pytest.mark.parametrize(
    ("text", "goal_name", "headline", "stored"),
    [
        ("wrote 400 words", "novel", "✅ 400 words logged for Write a novel!", 400),
        ("ran 3km", "run", "✅ 3 km logged for Run a 10k!", 3),
        ("20 pushups", "pushups", "✅ 20 pushups logged for Get strong!", 20),
        ("ran 1500 m", "run", "✅ 1.5 km logged for Run a 10k!", 1.5),
        ("wrote a chapter today, did it", "novel", "✅ Done: write 480 words", None),
    ],
)
async def test_a_typed_win_finds_its_goal_by_unit_or_name(
    ada: FakeUser,
    db: Repository,
    clock: FrozenClock,
    *,
    text: str,
    goal_name: str,
    headline: str,
    stored: float | None,
) -> None:
    goals = {
        "novel": await add_novel(db, now=clock()),
        "run": await add_habit(db, "Run a 10k", "run 3 km", Measure(3, "km"), now=clock()),
        "pushups": await add_habit(
            db, "Get strong", "do 20 pushups", Measure(20, "pushups"), now=clock()
        ),
    }

    logged = await ada.send(text)

    assert headline in logged.text
    for name, goal in goals.items():
        entries = await entries_of(db, goal)
        if name == goal_name:
            assert [(e.status, e.quantity) for e in entries] == [(EntryStatus.DONE, stored)]
        else:
            assert entries == []


async def test_an_ambiguous_typed_win_asks_and_then_logs_the_chosen_goal(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    blog = await add_habit(
        db, "Start a blog", "write 200 words", Measure(200, "words"), now=clock()
    )

    asked = await ada.send("wrote 150 words")

    assert "Which goal was that for?" in asked.text
    assert asked.reply.buttons == [["Write a novel"], ["Start a blog"]]
    assert await entries_of(db, novel) == await entries_of(db, blog) == []
    logged = await ada.press("Start a blog")
    assert "✅ 150 words logged for Start a blog!" in logged.edited[0].text
    assert await entries_of(db, novel) == []
    assert [e.quantity for e in await entries_of(db, blog)] == [150]


async def test_a_message_that_is_not_a_win_logs_nothing(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())

    for text in ("hello", "not done yet", "will write later", "how do I log?"):
        reaction = await ada.send(text)
        assert "logged" not in reaction.text

    assert await entries_of(db, novel) == []


# --- the reply: streak, milestones, double logging, undo ----------------------------------------


async def test_a_quantity_is_added_and_the_week_adds_up(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    at(clock, MONDAY, 20)
    novel = await add_novel(db, now=clock(), start=MONDAY)
    for days in range(3):  # Monday to Wednesday
        at(clock, MONDAY + timedelta(days=days), 20)
        await ada.send("/done")
    at(clock, MONDAY + timedelta(days=3), 20)  # Thursday: two sessions

    first = await ada.send("wrote 30 words")
    clock.advance(minutes=1)
    second = await ada.send("wrote 450 words")

    assert "✅ 30 words logged" in first.text
    assert chain_of(first.reply) == "🟩🟩🟩🟧"  # 30 of 480, below the minimum: part done
    assert "✅ 450 words logged" in second.text
    assert chain_of(second.reply) == "🟩🟩🟩🟩"  # 480 in all
    assert "Streak 4 · best 4" in second.text
    assert "4/4 days this week · 1,920/3,300 words this week" in second.text
    assert [e.quantity for e in await entries_of(db, novel)] == [None, None, None, 30, 450]


async def test_an_amount_in_a_unit_that_does_not_add_up_is_named_and_the_day_still_counts(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())

    ran = await ada.send("/done ran 2 km")

    assert "km don't add up to words, so I counted the day without the number." in ran.text
    assert chain_of(ran.reply).endswith("🟩")
    assert "Streak 1" in ran.text
    assert [e.quantity for e in await entries_of(db, novel)] == [None]

    clock.advance(minutes=1)
    wrote = await ada.send("wrote 30 words")  # a unit that adds up: no such line
    assert "don't add up" not in wrote.text


async def test_a_plain_done_twice_counts_once(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.send("/today")
    await ada.press("✅ Done")

    again = await ada.send("done")
    clock.advance(hours=1)
    third = await ada.send("/done")

    for reaction in (again, third):
        assert "Already counted ✓ Write a novel" in reaction.text
        assert "Streak 1 · best 1" in reaction.text
        assert "Vote 1 for" in reaction.text
    assert len(await entries_of(db, novel)) == 1


async def test_the_minimum_or_a_rest_day_after_a_done_day_says_it_is_already_counted(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    """The day stays done (a lesser status never replaces a better one): the reply says so
    instead of "the minimum counts" or "rest day", and nothing is written."""
    novel = await add_novel(db, now=clock())
    await ada.send("done")
    clock.advance(minutes=10)

    minimum = await ada.send("did the minimum")
    rest = await ada.send("rest day")
    ran = await ada.send("/done ran 3 km")

    for reaction in (minimum.text, rest.text, ran.text):
        assert "Already counted ✓ Write a novel" in reaction
        assert "minimum counts" not in reaction
        assert "Rest day" not in reaction
        assert "don't add up" not in reaction  # no note about a number that changed nothing
    assert chain_of(minimum.reply) == "🟩"
    assert [e.status for e in await entries_of(db, novel)] == [EntryStatus.DONE]


async def test_the_same_quantity_twice_within_seconds_counts_once(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.send("wrote 400 words")
    clock.advance(seconds=3)

    again = await ada.send("wrote 400 words")

    assert "Already counted ✓ Write a novel" in again.text
    assert "400/470 words this week" in again.text  # day one (a Sunday) is this week
    clock.advance(minutes=5)  # minutes later it is a second session
    later = await ada.send("wrote 400 words")
    assert "800/470 words this week" in later.text
    assert [e.quantity for e in await entries_of(db, novel)] == [400, 400]


async def test_undo_takes_back_the_last_entry_of_the_day(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.send("wrote 20 words")
    clock.advance(minutes=1)
    second = await ada.send("wrote 300 words")

    undone = await ada.press("↩️ Undo", message=second.reply)

    text = undone.edited[0].text
    assert text.startswith("↩️ Undone. Write a novel: 🟧 Part done today")
    assert undone.edited[0].buttons == [["↩️ Undo"]]
    assert [e.quantity for e in await entries_of(db, novel)] == [20]
    typed = await ada.send("undo")
    assert "↩️ Undone. Write a novel: Not logged yet today." in typed.text
    assert typed.reply.buttons == [["✅ Done"], ["🪶 Did the minimum", "😴 Rest day"]]
    assert await entries_of(db, novel) == []
    assert len(await entries_of(db, novel, undone=True)) == 2  # history keeps both
    nothing = await ada.send("undo")
    assert "Nothing logged today yet, so nothing to undo." in nothing.text


async def test_the_undo_command_does_what_typing_undo_does(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.send("done")

    undone = await ada.send("/undo")
    again = await ada.send("/undo")
    unknown = await ada.send("/undo the novel")

    assert "↩️ Undone. Write a novel: Not logged yet today." in undone.text
    assert await entries_of(db, novel) == []
    assert "Nothing logged today yet, so nothing to undo." in again.text
    assert "Nothing logged today yet, so nothing to undo." in unknown.text  # not "unknown"


async def test_undo_with_several_goals_takes_back_the_goal_logged_today(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    run = await add_habit(db, "Run a 10k", "run 3 km", Measure(3, "km"), now=clock())
    await ada.send("ran 3 km")

    undone = await ada.send("undo")

    assert "↩️ Undone. Run a 10k" in undone.text
    assert await entries_of(db, run) == await entries_of(db, novel) == []
    nothing = await ada.send("undo that")
    assert "nothing to undo" in nothing.text


async def test_undo_yesterdays_entry_is_not_possible_today(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    sunday = await ada.send("/done")
    next_day(clock)

    refused = await ada.press("↩️ Undo", message=sunday.reply)

    assert refused.answer_text == "That day is closed now — today's a fresh one."
    assert len(await entries_of(db, novel)) == 1


async def test_undo_on_a_win_logged_for_yesterday_takes_back_yesterday_not_today(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    sunday_card = await ada.send("/today")
    at(clock, MONDAY, 9)
    await ada.send("wrote 500 words")  # Monday's own win
    late = await ada.press("✅ Done", message=sunday_card.reply)  # Sunday, caught up
    assert "(Sun 22 Nov)!" in late.edited[0].text

    undone = await ada.press("↩️ Undo", message=late.edited[0])

    text = undone.edited[0].text
    assert text.startswith("↩️ Undone for Sun 22 Nov. Write a novel: ✅ Done today.")
    assert [(e.local_date, e.quantity) for e in await entries_of(db, novel)] == [(MONDAY, 500)]
    at(clock, MONDAY, 10)
    again = await ada.send("did it yesterday")
    assert "(Sun 22 Nov)!" in again.text
    typed = await ada.send("undo yesterday")
    assert typed.text.startswith("↩️ Undone for Sun 22 Nov.")
    assert [e.local_date for e in await entries_of(db, novel)] == [MONDAY]
    await ada.send("did it yesterday")
    at(clock, MONDAY, 12, 30)
    closed = await ada.press("↩️ Undo", message=ada.last_message)
    assert closed.answer_text == "That day is closed now — today's a fresh one."
    assert [e.local_date for e in await entries_of(db, novel)] == [TODAY, MONDAY]


async def test_the_seventh_day_in_a_row_is_celebrated_once(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=6)
    novel = await add_novel(db, now=clock(), start=start)
    for offset in range(6):
        entry = NewEntry(
            novel.goal_id,
            1001,
            start + timedelta(days=offset),
            EntryStatus.DONE,
            target=Measure(480, "words"),
        )
        await db.append_entry(entry, clock())
    await ada.send("/today")

    seventh = await ada.press("✅ Done")

    text = seventh.edited[0].text
    assert "A full week in a row!" in text
    assert "The first week is the hardest" in text
    assert chain_of(seventh.edited[0]) == "🟩" * 7
    assert "Streak 7 · best 7" in text
    assert "Vote 7 for “I am a writer”" in text
    await ada.press("↩️ Undo")
    again = await ada.send("done")
    assert "Streak 7" in again.text
    assert "A full week" not in again.text  # celebrated once
    next_day(clock)
    eighth = await ada.send("done")
    assert "Streak 8" in eighth.text
    assert "A full week" not in eighth.text


async def test_a_second_week_in_a_row_is_not_told_the_first_week_is_the_hardest(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    start = TODAY - timedelta(days=16)
    novel = await add_novel(db, now=clock(), start=start)
    # A first week (days 1-7), three quiet days, then six days in a row up to yesterday.
    kept = [start + timedelta(days=offset) for offset in (*range(7), *range(10, 16))]
    for day in kept:
        entry = NewEntry(novel.goal_id, 1001, day, EntryStatus.DONE, target=Measure(480, "words"))
        await db.append_entry(entry, clock())

    seventh = await ada.send("done")

    (reply,) = seventh.sent  # the celebration, with the 1% curve one tap away
    assert "Streak 7 · best 7" in reply.text
    assert "first week is the hardest" not in reply.text
    assert "Back to a full week in a row!" in reply.text
    assert reply.buttons == [["↩️ Undo"], ["📈 See it on the 1% curve"]]

    shown = await ada.press("📈 See it on the 1% curve")
    (curve,) = shown.sent
    assert curve.photo is not None
    assert curve.text.startswith("📈 7 days in a row. On the 1% curve, your 14 wins make 1.15×")
    # The celebration stays as it was, without the button: one curve per celebration.
    (celebration,) = shown.edited
    assert celebration.message_id == reply.message_id
    assert celebration.text == reply.text
    assert celebration.buttons == [["↩️ Undo"]]


# --- /today -------------------------------------------------------------------------------------


async def test_today_lists_each_active_goal_with_its_state_and_buttons(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    run = await add_habit(
        db,
        "Run a 10k",
        "run 3 km",
        Measure(3, "km"),
        now=clock(),
        mva="put on running shoes",
    )
    spanish = await add_habit(db, "Learn Spanish", "one lesson", None, now=clock())
    await db.set_goal_status(1001, spanish.goal_id, GoalStatus.PAUSED, clock())
    await ada.send("ran 3 km")

    today = await ada.send("/today")

    assert len(today.sent) == 2  # the paused goal is not on today's list
    novel_card, run_card = today.sent
    assert novel_card.text.startswith("Write a novel\nToday: write 480 words")
    assert "Not logged yet today" in novel_card.text
    assert novel_card.button_data[0] == [day_data(novel, "d", TODAY)]
    assert run_card.text.startswith("Run a 10k\nToday: run 3 km")
    assert "Hard day? The minimum counts: put on running shoes" in run_card.text
    assert "✅ Done today" in run_card.text
    assert chain_of(run_card) == "🟩"
    assert run_card.buttons == [["↩️ Undo"]]
    assert run_card.button_data == [[f"w:u:{run.goal_id}:20261122"]]


async def test_today_before_the_plan_starts_and_without_goals(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    empty = await ada.send("/today")
    assert "/plan" in empty.text
    novel = await add_novel(db, now=clock(), start=MONDAY)

    waiting = await ada.send("/today")
    assert "Starts Mon 23 Nov" in waiting.text
    early = await ada.send("done")
    assert "starts Mon 23 Nov" in early.text
    assert await entries_of(db, novel) == []
