"""/comeback through the real Application (docs/product.md rules 8, 9).

A lapsed habit restarts at its minimum, climbs back step by step after 7 kept days at each
step, and keeps its step through a new lapse. Every day keeps the target it was judged against,
the week's pictures included.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.charts import style
from bot.charts.week import week_layout
from bot.coach.figures import pace_figure
from bot.coach.models import EntryStatus, Goal, LevelKind, Measure
from bot.context import BotApplication
from bot.services.weekly_review import WeeklyReview
from bot.views import streak as streak_views
from bot.views import week_card
from bot.views.i18n import ENGLISH_TRANSLATOR
from fake_telegram import FakeUser, Reaction
from storage.base import Repository
from tests.bot.daily import (
    TODAY,
    add_habit,
    add_novel,
    chain_of,
    entries_of,
    levels_of,
    next_day,
)
from tests.bot.journeys import press_data, stored_user
from tests.bot.test_weekly_card import picture_of
from tests.charts.test_calendar import close
from tests.charts.test_pace import pixel
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


LADDER = (
    "write 50 words → write 110 words → write 170 words → … → write 410 words → write 480 words"
)
STEP_BUTTONS = ["⬆️ Step up", "Hold", "⬇️ Step down"]
FIRST_STEP_BUTTONS = ["⬆️ Step up", "Hold"]  # nothing below the minimum to step down to


@pytest.fixture
async def lapsed(db: Repository, clock: FrozenClock) -> Goal:
    """The novel, planned three days ago and not written since: three misses in a row."""
    return await add_novel(db, now=clock(), start=TODAY - timedelta(days=3))


async def start_comeback(ada: FakeUser) -> Reaction:
    await ada.send("/comeback")
    return await ada.press("🪶 Start with write 50 words")


async def keep_days(ada: FakeUser, clock: FrozenClock, days: int) -> Reaction:
    """Log today and the next ``days - 1`` days; the last reply."""
    logged = await ada.send("done")
    for _ in range(days - 1):
        next_day(clock)
        logged = await ada.send("done")
    return logged


# --- the offer and the start --------------------------------------------------------------------


async def test_comeback_offers_the_stored_minimum_and_the_ladder(
    ada: FakeUser, db: Repository, lapsed: Goal
) -> None:
    offer = await ada.send("/comeback")

    text = offer.text
    assert text.startswith("One miss is an accident; two is a signal to make restarting tiny.")
    assert "For Write a novel, start at the minimum: write 50 words." in text
    assert "After 7 kept days I'll offer the next step" in text
    assert LADDER in text
    assert offer.reply.buttons == [
        ["🪶 Start with write 50 words"],
        ["✏️ Another minimum"],
        ["Not now"],
    ]
    assert await levels_of(db, lapsed) == []  # an offer changes nothing


@pytest.mark.parametrize(
    ("minimum", "ladder"),
    [
        (("a 10-minute walk", Measure(10, "minutes")), "a 10-minute walk → run 2.4 km"),
        (("put on my running shoes", None), "put on my running shoes → run 2.4 km"),
    ],
    ids=["another-unit", "no-amount"],
)
async def test_the_ladder_starts_at_the_minimum_in_its_own_words(
    ada: FakeUser,
    db: Repository,
    clock: FrozenClock,
    minimum: tuple[str, Measure | None],
    ladder: str,
) -> None:
    mva, mva_measure = minimum
    await add_habit(
        db,
        "Run a marathon",
        "run 2.4 km",
        Measure(2.4, "km"),
        mva=mva,
        mva_measure=mva_measure,
        now=clock(),
        start=TODAY - timedelta(days=3),
    )

    offer = await ada.send("/comeback")

    # Not "run 10 minutes" (the minimum's amount in the run's words) nor the run twice.
    assert offer.text.endswith(f"a little at a time:\n{ladder}")


async def test_starting_puts_the_habit_at_step_one_and_today_shows_the_minimum(
    ada: FakeUser, db: Repository, lapsed: Goal
) -> None:
    offer = await ada.send("/comeback")

    started = await ada.press("🪶 Start with write 50 words")

    assert started.text.startswith("🪶 Deal. From today: write 50 words (step 1 of 8).")
    assert ada.message(offer.reply.message_id).text.endswith("→ 🪶 Start with write 50 words")
    assert ada.message(offer.reply.message_id).buttons == []
    [level] = await levels_of(db, lapsed)
    assert (level.kind, level.effective_from, level.text) == (
        LevelKind.MVA,
        TODAY,
        "write 50 words",
    )
    assert (level.target, level.step, level.steps) == (Measure(50, "words"), 1, 8)
    card = await ada.send("/today")
    assert "Today: write 50 words (step 1 of 8)" in card.text
    assert "Hard day?" not in card.text  # today's action is the minimum already
    assert "/comeback" not in card.text  # the restart is under way
    streak = await ada.send("/streak")
    assert "/comeback" not in streak.text
    logged = await ada.press("✅ Done", message=card.reply)
    assert "✅ Done: write 50 words for Write a novel!" in logged.edited[0].text
    [entry] = await entries_of(db, lapsed)
    assert (entry.status, entry.target) == (EntryStatus.DONE, Measure(50, "words"))


async def test_not_now_closes_the_offer_and_changes_nothing(
    ada: FakeUser, db: Repository, lapsed: Goal
) -> None:
    offer = await ada.send("/comeback")

    declined = await ada.press("Not now")

    assert declined.answer_text == "No problem — /comeback is here whenever you want it."
    assert declined.sent == ()
    assert ada.message(offer.reply.message_id).buttons == []
    assert await levels_of(db, lapsed) == []
    card = await ada.send("/today")
    assert "Today: write 480 words" in card.text


async def test_comeback_on_a_goals_first_day_offers_nothing(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock())

    reply = await ada.send("/comeback")

    assert reply.text.startswith("Nothing to come back from — Write a novel is on track.")
    assert "On a hard day, write 50 words keeps the chain." in reply.text
    assert reply.reply.buttons == []


async def test_comeback_after_one_miss_is_an_accident_not_a_lapse(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock(), start=TODAY - timedelta(days=1))

    reply = await ada.send("/comeback")

    assert reply.text.startswith("Yesterday slipped for Write a novel")
    assert reply.reply.buttons == []


async def test_comeback_for_a_plan_that_starts_later_says_when(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, now=clock(), start=TODAY + timedelta(days=1))

    reply = await ada.send("/comeback")

    assert "nothing to come back from yet" in reply.text
    assert reply.reply.buttons == []


async def test_comeback_goes_straight_to_the_only_lapsed_goal(
    ada: FakeUser, db: Repository, clock: FrozenClock, lapsed: Goal
) -> None:
    await add_habit(db, "Run a 10k", "run 3 km", Measure(3, "km"), now=clock())

    offer = await ada.send("/comeback")

    assert "For Write a novel, start at the minimum: write 50 words" in offer.text


async def test_comeback_with_several_lapsed_goals_asks_which_habit_lapsed_first(
    ada: FakeUser, db: Repository, clock: FrozenClock, lapsed: Goal
) -> None:
    await add_habit(
        db,
        "Run a 10k",
        "run 3 km",
        Measure(3, "km"),
        now=clock(),
        start=TODAY - timedelta(days=2),
    )
    await add_habit(db, "Stretch", "stretch 5 minutes", Measure(5, "minutes"), now=clock())

    asked = await ada.send("/comeback")

    assert asked.reply.buttons == [["Write a novel"], ["Run a 10k"]]
    offer = await ada.press("Write a novel")
    assert "start at the minimum: write 50 words" in offer.texts[-1]


async def test_comeback_without_goals_points_to_plan(ada: FakeUser) -> None:
    reaction = await ada.send("/comeback")

    assert "/plan" in reaction.text


# --- another minimum ----------------------------------------------------------------------------


async def test_another_minimum_is_typed_and_must_be_smaller_than_the_daily_action(
    ada: FakeUser, db: Repository, lapsed: Goal
) -> None:
    await ada.send("/comeback")
    asked = await ada.press("✏️ Another minimum")
    assert "What's the smallest version that still feels like the habit?" in asked.texts[-1]

    too_big = await ada.send("600 words")
    assert too_big.text.startswith("The minimum should be smaller than the full daily action.")
    assert "smallest version" in too_big.text  # asked again
    assert await levels_of(db, lapsed) == []
    assert await entries_of(db, lapsed) == []  # a typed minimum is not a win
    zero = await ada.send("0 words")
    assert "Zero would be a rest day" in zero.text

    started = await ada.send("write 100 words")

    assert started.text.startswith("🪶 Deal. From today: write 100 words (step 1 of 7).")
    goal = await db.get_goal(1001, lapsed.goal_id)
    assert goal is not None
    assert (goal.mva, goal.mva_measure) == ("write 100 words", Measure(100, "words"))
    [level] = await levels_of(db, lapsed)
    assert (level.target, level.step, level.steps) == (Measure(100, "words"), 1, 7)
    after = await ada.send("done")  # the question is closed: messages are wins again
    assert "✅ Done: write 100 words" in after.text


async def test_a_win_typed_after_leaving_the_minimum_question_is_a_win(
    ada: FakeUser, lapsed: Goal
) -> None:
    await ada.send("/comeback")
    await ada.press("✏️ Another minimum")

    reaction = await ada.send("done")  # not the minimum: the question stays (issue 15, 6)
    logged = await ada.send("/done")

    assert "Deal" not in reaction.text
    assert "/done" in reaction.text
    assert "Streak 1" in logged.text


# --- stepping back up ---------------------------------------------------------------------------


async def test_seven_kept_days_at_a_step_bring_the_step_up_offer(
    ada: FakeUser, db: Repository, clock: FrozenClock, lapsed: Goal
) -> None:
    await start_comeback(ada)
    sixth = await keep_days(ada, clock, 6)
    assert "Ready to grow it a little?" not in sixth.text
    next_day(clock)

    seventh = await ada.send("done")

    (reply,) = seventh.sent
    assert "7 kept days at step 1 of 8. Ready to grow it a little?" in reply.text
    assert "A full week in a row!" in reply.text
    assert reply.buttons == [FIRST_STEP_BUTTONS, ["↩️ Undo"], ["📈 See it on the 1% curve"]]
    up = await ada.press("⬆️ Step up")
    assert up.texts[-1] == "⬆️ Step up: write 110 words (step 2 of 8). You earned it."
    assert ada.message(reply.message_id).text.endswith("→ ⬆️ Step up")
    card = await ada.send("/today")
    assert "Today: write 110 words (step 2 of 8)" in card.text
    assert "Hard day? The minimum counts: write 50 words" in card.text
    levels = await levels_of(db, lapsed)
    assert [(lv.kind, lv.step, lv.target) for lv in levels] == [
        (LevelKind.MVA, 1, Measure(50, "words")),
        (LevelKind.RAMP, 2, Measure(110, "words")),
    ]
    assert levels[1].effective_from == TODAY + timedelta(days=6)
    # Today was judged at step 1; from tomorrow the day is 110 words.
    next_day(clock)
    await ada.send("done")
    targets = [e.target for e in await entries_of(db, lapsed)]
    assert targets == [Measure(50, "words")] * 7 + [Measure(110, "words")]


async def test_hold_asks_again_a_week_later_not_on_every_win(
    ada: FakeUser, clock: FrozenClock, lapsed: Goal
) -> None:
    await start_comeback(ada)
    await keep_days(ada, clock, 7)

    held = await ada.press("Hold")

    assert held.texts[-1].startswith("Holding at write 50 words (step 1 of 8).")
    for _ in range(6):
        next_day(clock)
        quiet = await ada.send("done")
        assert "Ready to grow" not in quiet.text
        assert quiet.reply.buttons == [["↩️ Undo"]]
    next_day(clock)
    again = await ada.send("done")
    assert "14 kept days at step 1 of 8" not in again.text
    assert "7 kept days at step 1 of 8. Ready to grow it a little?" in again.text
    assert again.reply.buttons[0] == FIRST_STEP_BUTTONS


async def test_a_rest_day_on_the_seventh_day_moves_the_offer_to_the_next_win(
    ada: FakeUser, clock: FrozenClock, lapsed: Goal
) -> None:
    await start_comeback(ada)
    await keep_days(ada, clock, 6)
    next_day(clock)
    rested = await ada.send("rest day")
    assert "Ready to grow" not in rested.texts[0]
    next_day(clock)

    eighth = await ada.send("done")

    assert "Ready to grow it a little?" in eighth.text


async def test_one_step_a_day_and_step_down_goes_back_but_not_below_the_minimum(
    ada: FakeUser, db: Repository, clock: FrozenClock, lapsed: Goal
) -> None:
    await start_comeback(ada)
    goal = lapsed.goal_id
    too_soon = await press_data(ada, f"cm:up:{goal}")  # the minimum started today
    assert too_soon.answer_text == "One step a day — the next one can wait."
    next_day(clock)
    up = await press_data(ada, f"cm:up:{goal}")
    assert up.texts[-1].startswith("⬆️ Step up: write 110 words (step 2 of 8).")
    next_day(clock)

    down = await press_data(ada, f"cm:down:{goal}")
    next_day(clock)
    floor = await press_data(ada, f"cm:down:{goal}")

    assert down.texts[-1].startswith("⬇️ Stepped down to write 50 words (step 1 of 8).")
    assert floor.texts[-1].startswith("Holding at write 50 words (step 1 of 8).")
    assert [lv.step for lv in await levels_of(db, lapsed)] == [1, 2, 1]


async def test_from_step_two_the_offer_can_also_step_down(
    ada: FakeUser, clock: FrozenClock, lapsed: Goal
) -> None:
    await start_comeback(ada)
    next_day(clock)
    await press_data(ada, f"cm:up:{lapsed.goal_id}")  # step 2 from today

    offer = await keep_days(ada, clock, 7)

    assert "7 kept days at step 2 of 8" in offer.text
    assert offer.reply.buttons[0] == STEP_BUTTONS


async def test_a_double_tap_on_step_up_climbs_one_step(
    ada: FakeUser, db: Repository, clock: FrozenClock, lapsed: Goal
) -> None:
    await start_comeback(ada)
    offer = await keep_days(ada, clock, 7)

    taps = await asyncio.gather(
        ada.press("⬆️ Step up", message=offer.sent[0]),
        ada.press("⬆️ Step up", message=offer.sent[0]),
    )

    answers = sorted(str(tap.answer_text) for tap in taps)
    assert answers == ["None", "One step a day — the next one can wait."]
    assert "write 110 words (step 2 of 8)" in ada.last_message.text
    assert [lv.step for lv in await levels_of(db, lapsed)] == [1, 2]


async def test_the_ramp_climbs_back_to_the_full_daily_action(
    ada: FakeUser, db: Repository, clock: FrozenClock, lapsed: Goal
) -> None:
    await start_comeback(ada)
    replies = []
    for _ in range(7):
        next_day(clock)
        replies.append((await press_data(ada, f"cm:up:{lapsed.goal_id}")).texts[-1])

    assert replies[0].startswith("⬆️ Step up: write 110 words (step 2 of 8).")
    assert replies[5].startswith("⬆️ Step up: write 410 words (step 7 of 8).")
    assert replies[6] == "🏁 Full size again: write 480 words. What a comeback!"
    card = await ada.send("/today")
    assert "Today: write 480 words\n" in card.text
    assert "step" not in card.text
    levels = await levels_of(db, lapsed)
    assert [lv.kind for lv in levels] == [LevelKind.MVA] + [LevelKind.RAMP] * 6 + [LevelKind.FULL]
    next_day(clock)
    full = await press_data(ada, f"cm:up:{lapsed.goal_id}")
    assert full.answer_text == "This habit is at its full size already."
    assert len(await levels_of(db, lapsed)) == 8


async def test_a_new_lapse_during_the_ramp_keeps_the_step_reached(
    ada: FakeUser, db: Repository, clock: FrozenClock, lapsed: Goal
) -> None:
    await start_comeback(ada)
    await keep_days(ada, clock, 7)
    await ada.press("⬆️ Step up")
    next_day(clock)
    next_day(clock)
    next_day(clock)  # two days missed at step 2

    card = await ada.send("/today")
    assert "Today: write 110 words (step 2 of 8)" in card.text
    assert chain_of(card.reply).endswith("🟩⬜⬜▫️")
    assert "A couple of quiet days — /comeback makes restarting tiny." in card.text
    offer = await ada.send("/comeback")
    assert offer.text.startswith("You're on step 2 of 8 for Write a novel.")
    assert "No need to start over — we keep going from here." in offer.text
    assert offer.reply.buttons == [["▶️ Keep going"]]
    going = await ada.press("▶️ Keep going")

    assert going.texts[-1].startswith("▶️ Back at it: write 110 words (step 2 of 8).")
    assert [lv.step for lv in await levels_of(db, lapsed)] == [1, 2]  # not back to zero
    again = await ada.send("/today")
    assert "Today: write 110 words (step 2 of 8)" in again.text


# --- the pictures on a ramp ---------------------------------------------------------------------


async def climbed_to_step_two(ada: FakeUser, clock: FrozenClock) -> None:
    """The minimum for a week (Sun 22 to Sat 28 Nov), a step up, then Sunday's 110 words."""
    await start_comeback(ada)
    seventh = await keep_days(ada, clock, 7)
    await ada.press("⬆️ Step up", message=seventh.sent[0])
    next_day(clock)
    await ada.send("done")


async def test_the_weekly_card_says_the_weeks_target_is_the_steps(
    ada: FakeUser, clock: FrozenClock, lapsed: Goal, bot: BotApplication
) -> None:
    await climbed_to_step_two(ada, clock)

    shown = await ada.send("/week")

    # The card's amount is the step's week, said as such, and the bar is that amount's share.
    user = await stored_user(bot, 1001)
    review = await bot.bot_data.services.deliveries.review_now(user)
    assert isinstance(review, WeeklyReview)
    figure, words = week_card.card(ENGLISH_TRANSLATOR, review)
    bar = figure.goals[0].bar
    amount = f"{bar.done:,.0f}/{bar.target:,.0f} words this week"
    assert amount in shown.reply.text
    assert bar.target < 3_300  # not the plan's week: the step's
    assert words.goals[0].amount == f"{bar.done:,.0f} / {bar.target:,.0f} words (step 2 of 8)"
    image = picture_of(shown.reply)
    left, top, right, bottom = week_layout(1).bars[0]
    row = [pixel(image, x, (top + bottom) / 2) for x in range(left, right)]
    filled = sum(close(colour, style.DONE, 20) for colour in row)
    assert filled == pytest.approx((right - left) * bar.share, abs=3)


async def test_the_pace_charts_week_bar_is_named_for_the_step(
    ada: FakeUser, clock: FrozenClock, lapsed: Goal, bot: BotApplication
) -> None:
    await climbed_to_step_two(ada, clock)
    shown = await ada.send("/progress")
    assert shown.reply.photo is not None

    # The words drawn on that chart, built as the handler builds them.
    user = await stored_user(bot, 1001)
    habits = bot.bot_data.services.habits
    view, ladder, pace = await habits.progress(user, lapsed)
    totals = await habits.daily_totals(user, lapsed)
    assert ladder is not None
    assert pace is not None
    assert totals is not None
    figure = pace_figure(view.goal, ladder, pace, totals)
    words = streak_views.pace_words(ENGLISH_TRANSLATOR, view, ladder, pace, figure)
    assert words.bars[0][0] == "This week (step 2 of 8)"
    assert words.bars[2][0] == "12 weeks"  # the outcome stays the plan's
    assert f"{figure.week.target:,.0f} words" in words.bars[0][1]
