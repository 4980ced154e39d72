"""/plan through the real Application and the fake Telegram: from a vision to a daily action."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.coach.models import Goal, GoalStatus, Measure, NewGoal
from bot.config import Settings
from bot.context import BotApplication
from fake_telegram import FakeTelegram, FakeUser
from storage.open import open_repository
from storage.sql import SqlRepository
from tests.bot.journeys import press_data, set_up, stored_user
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")

# The conftest clock: Sunday 22 November 2026, 21:40 in Berlin.
TODAY = date(2026, 11, 22)
NEXT_MONDAY = date(2026, 11, 23)


@pytest.fixture
async def repo(settings: Settings, bot: BotApplication) -> AsyncIterator[SqlRepository]:
    """A second connection to the bot's database, to look at what it stored."""
    repository = await open_repository(settings.database_url)
    yield repository
    await repository.close()


async def goals_of(repo: SqlRepository, user_id: int) -> list[Goal]:
    return await repo.list_goals(user_id)


async def plan_until_monthly(ada: FakeUser) -> None:
    await ada.send("/plan")
    await ada.send("write a novel")
    await ada.send("40,000 words of my first draft")


async def test_a_numeric_goal_accepted_as_proposed(
    fake: FakeTelegram, bot: BotApplication, repo: SqlRepository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)

    vision = await ada.send("/plan")
    assert "step 1 of 8" in vision.text
    outcome = await ada.send("write a novel")
    assert "12 weeks" in outcome.text
    monthly = await ada.send("40,000 words of my first draft")
    assert "13,300 words" in monthly.text
    weekly = await ada.press("👍 13,300 words")
    assert "3,300 words" in weekly.texts[-1]
    daily = await ada.press("👍 3,300 words")
    assert "480 words" in daily.texts[-1]
    mva = await ada.press("👍 write 480 words")
    assert "smallest version" in mva.texts[-1]
    identity = await ada.press("👍 write 50 words")
    assert "I am a writer" in identity.texts[-1]
    start = await ada.press("👍 I am a writer")
    assert "Monday · Mon 23 Nov" in start.reply.button_labels
    summary = await ada.press("Monday · Mon 23 Nov")

    text = summary.texts[-1]
    for expected in (
        "write a novel",
        "40,000 words of my first draft",
        "by Mon 15 Feb 2027",
        "13,300 words",
        "3,300 words",
        "480 words",
        "50 words",
        "I am a writer",
        "Mon 23 Nov",
    ):
        assert expected in text
    done = await ada.press("✅ Looks good — let's go")
    assert "You're in" in done.texts[-1]
    assert "Mon 23 Nov" in done.texts[-1]

    [goal] = await goals_of(repo, 1001)
    assert goal.status is GoalStatus.ACTIVE
    assert goal.outcome_measure == Measure(40000, "words")
    assert goal.daily_measure == Measure(480, "words")
    assert goal.mva_measure == Measure(50, "words")
    assert (goal.start_date, goal.outcome_due) == (NEXT_MONDAY, NEXT_MONDAY + timedelta(weeks=12))
    assert (await stored_user(bot, 1001)).dialog is None


async def test_the_pressed_choice_stays_visible_in_the_chat(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_until_monthly(ada)
    question = ada.last_message

    await ada.press("👍 13,300 words")

    answered = ada.message(question.message_id)
    assert answered.buttons == []
    assert answered.text.endswith("→ 👍 13,300 words")


async def test_a_month_that_cannot_reach_the_outcome_is_said_kindly_and_can_be_kept(
    fake: FakeTelegram, repo: SqlRepository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_until_monthly(ada)

    short = await ada.send("5,000")

    assert "3 months of 5,000 words make 15,000 of the 40,000 words" in short.text
    assert "about 13,300 words a month" in short.text
    assert short.reply.button_labels[:2] == ["✓ Keep “5,000 words”", "👍 13,300 words"]
    kept = await ada.press("✓ Keep “5,000 words”")
    assert "Each week" in kept.texts[-1]
    assert "1,300 words" in kept.texts[-1]  # the week follows the kept month
    [draft] = await goals_of(repo, 1001)
    assert draft.monthly_measure == Measure(5000, "words")


async def test_a_short_month_can_be_swapped_for_the_proposal(
    fake: FakeTelegram, repo: SqlRepository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_until_monthly(ada)
    await ada.send("5,000")

    taken = await ada.press("👍 13,300 words")

    assert "Each week" in taken.texts[-1]
    [draft] = await goals_of(repo, 1001)
    assert draft.monthly_measure == Measure(13300, "words")


async def test_a_vague_outcome_gets_a_measurable_rewrite(
    fake: FakeTelegram, repo: SqlRepository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/plan")
    await ada.send("become a writer")

    vague = await ada.send("get better at writing")

    assert "hard to measure" in vague.text
    rewrite = await ada.press("✏️ write 300 words a day")
    assert "month" in rewrite.texts[-1]
    [goal] = await goals_of(repo, 1001)
    assert goal.outcome == "write 300 words a day"
    assert goal.outcome_measure == Measure(300 * 84, "words")  # planned as its 12-week total


async def test_a_pace_as_the_outcome_is_added_up_not_divided(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/plan")
    await ada.send("meditate")

    monthly = await ada.send("meditate for 5 minutes a day")

    assert "in 12 weeks is about" not in monthly.text
    assert "meditate for 5 minutes a day is a steady pace" in monthly.text
    assert "over a 4-week month it adds up to about 140 minutes" in monthly.text
    weekly = await ada.press("👍 140 minutes")
    assert "35 minutes" in weekly.texts[-1]
    daily = await ada.press("👍 35 minutes")
    assert "meditate 5 minutes" in daily.texts[-1]


async def test_a_vague_outcome_can_be_kept(fake: FakeTelegram, repo: SqlRepository) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/plan")
    await ada.send("feel healthy")
    await ada.send("be healthier")

    kept = await ada.press("Keep mine")

    assert "first plan month" in kept.texts[-1]
    [goal] = await goals_of(repo, 1001)
    assert goal.outcome == "be healthier"


async def test_a_big_daily_action_gets_a_smaller_offer(
    fake: FakeTelegram, repo: SqlRepository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/plan")
    await ada.send("run a marathon")
    await ada.send("run 42 km in one go")
    await ada.send("100 km")
    await ada.send("25 km")

    big = await ada.send("run 10 km")

    assert "big ask" in big.text
    offer = big.reply.button_labels[0]
    assert offer.startswith("🤏 run ")
    smaller = await ada.press(offer)
    assert "smallest version" in smaller.texts[-1]
    [goal] = await goals_of(repo, 1001)
    assert goal.daily_measure is not None
    assert goal.daily_measure.unit == "km"
    assert goal.daily_measure.quantity < 10


async def test_a_big_daily_action_with_its_own_frequency_does_not_get_a_second_one(
    fake: FakeTelegram,
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/plan")
    await ada.send("meditate")
    await ada.send("meditate 60 hours")
    await ada.send("20 hours")
    await ada.send("5 hours")

    big = await ada.send("meditate 45 minutes every morning")

    assert "meditate 45 minutes every morning is a big ask" in big.text
    assert "every single day" not in big.text


async def test_the_month_examples_fit_the_goal(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/plan")
    await ada.send("run a half marathon")

    monthly = await ada.send("run 5 km without stopping")

    assert "first plan month" in monthly.text
    assert "outline" not in monthly.text
    assert "e.g. 60 km in total" in monthly.text
    weekly = await ada.send("run 3 km without stopping")
    assert "opening scene" not in weekly.text
    assert "e.g. three easy outings" in weekly.text


async def test_a_capitalised_action_reads_lower_case_mid_sentence(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/plan")
    await ada.send("Run more")

    monthly = await ada.send("Run 1,000 km")

    assert "is about run 330 km a month" in monthly.text
    weekly = await ada.send("Run 320 km")
    assert "That makes about run 80 km a week" in weekly.text
    daily = await ada.press("👍 run 80 km")
    assert "Now the atomic unit: run 11 km a day" in daily.texts[-1]
    big = await ada.send("Run 12 km")
    assert "Make it run " in big.text


async def test_back_goes_one_step_back_and_forward_again(
    fake: FakeTelegram, repo: SqlRepository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_until_monthly(ada)

    back = await ada.press("⬅️ Back")

    assert "12 weeks from now" in back.texts[-1]
    assert "Now: 40,000 words of my first draft" in back.texts[-1]
    again = await ada.send("50,000 words")
    assert "16,700 words" in again.texts[-1]  # proposals follow the new number


async def test_cancel_keeps_the_draft_and_plan_offers_to_continue(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_until_monthly(ada)

    cancelled = await ada.send("/cancel")
    assert "saved" in cancelled.text
    idle = await ada.send("blue sky thinking")
    assert "not sure what to do" in idle.text

    offer = await ada.send("/plan")
    assert "write a novel" in offer.text
    resumed = await ada.press("▶️ Continue")
    assert "Each plan month" in resumed.texts[-1]

    await ada.send("/cancel")
    await ada.send("/plan")
    fresh = await ada.press("🆕 Start over")
    assert "The vision" in fresh.texts[-1]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("   ", "a few words"),
        ("!!! ???", "not just symbols"),
        ("x" * 301, "under 300 characters"),
    ],
)
async def test_bad_vision_answers_are_corrected(
    fake: FakeTelegram, repo: SqlRepository, answer: str, expected: str
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/plan")

    reaction = await ada.send(answer) if answer.strip() else await ada.send_sticker()

    assert expected in reaction.text
    assert "The vision" in reaction.text
    [draft] = await goals_of(repo, 1001)
    assert draft.vision == ""


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("0", "above 0"),
        ("-5", "positive"),
        ("1e9 words", "too big"),
    ],
)
async def test_nonsense_numbers_are_corrected_and_nothing_is_saved(
    fake: FakeTelegram, repo: SqlRepository, answer: str, expected: str
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_until_monthly(ada)

    reaction = await ada.send(answer)

    assert expected in reaction.text
    assert "Each plan month" in reaction.text
    [draft] = await goals_of(repo, 1001)
    assert draft.monthly is None


async def finish_until_start(ada: FakeUser) -> None:
    await plan_until_monthly(ada)
    await ada.press("👍 13,300 words")
    await ada.press("👍 3,300 words")
    await ada.press("👍 write 480 words")
    await ada.press("👍 write 50 words")
    await ada.press("Skip")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("2020-01-01", "already passed"),
        ("31 February", "doesn't exist"),
        ("someday", "couldn't read that date"),
    ],
)
async def test_bad_start_dates_are_corrected(
    fake: FakeTelegram, answer: str, expected: str
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await finish_until_start(ada)

    reaction = await ada.send(answer)

    assert expected in reaction.text
    assert "When do you start" in reaction.text


async def test_landmarks_on_one_date_make_one_button_with_the_strongest_name(
    fake: FakeTelegram, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    # Thursday 25 February 2027: the next Monday is also the 1st of March.
    clock.set(datetime(2027, 2, 25, 12, 0, tzinfo=UTC))
    await finish_until_start(ada)

    labels = ada.last_message.button_labels

    assert "New month · Mon 1 Mar" in labels
    assert not [label for label in labels if label.startswith("Monday")]
    assert "New quarter · Thu 1 Apr" in labels


async def test_a_new_year_start_is_called_new_year(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await finish_until_start(ada)  # Sunday 22 November: next month is December

    labels = ada.last_message.button_labels

    assert labels[:4] == [
        "Today · Sun 22 Nov",
        "Monday · Mon 23 Nov",
        "New month · Tue 1 Dec",
        "New Year · Fri 1 Jan 2027",
    ]


async def test_a_typed_start_date_and_a_later_12_week_date(
    fake: FakeTelegram, repo: SqlRepository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await finish_until_start(ada)

    summary = await ada.send("in 2 weeks")
    assert "Start:</b>" not in summary.text  # the user sees plain text, never markup
    assert "Start: Sun 6 Dec" in summary.text
    ask_due = await ada.press("Date")
    assert "By when" in ask_due.texts[-1]
    too_early = await ada.send("1 December")
    assert "after your start date" in too_early.text
    done = await ada.send("2027-03-31")
    assert "by Wed 31 Mar 2027" in done.text
    [draft] = await goals_of(repo, 1001)
    assert (draft.start_date, draft.outcome_due) == (date(2026, 12, 6), date(2027, 3, 31))


async def test_the_hard_day_version_must_be_smaller(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_until_monthly(ada)
    await ada.press("👍 13,300 words")
    await ada.press("👍 3,300 words")
    await ada.press("👍 write 480 words")

    reaction = await ada.send("600 words")

    assert "smaller than the daily action" in reaction.text


async def test_an_active_goal_can_be_edited_from_its_summary(
    fake: FakeTelegram, repo: SqlRepository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await finish_until_start(ada)
    await ada.press("Today · Sun 22 Nov")
    await ada.press("✅ Looks good — let's go")
    [goal] = await goals_of(repo, 1001)

    summary = await press_data(ada, f"plan:show:{goal.goal_id}")
    assert "Your plan" in summary.texts[-1]
    await ada.press("Daily")
    edited = await ada.send("write 300 words")

    assert "300 words" in edited.text
    assert "✅ Done" in edited.reply.button_labels
    saved = await ada.press("✅ Done")
    assert "Saved" in saved.texts[-1]
    [goal] = await goals_of(repo, 1001)
    assert (goal.status, goal.daily) == (GoalStatus.ACTIVE, "write 300 words")


async def test_plan_is_refused_kindly_at_five_active_goals(
    fake: FakeTelegram, repo: SqlRepository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    for number in range(5):
        goal = await repo.create_goal(NewGoal(1001, f"goal {number}"), clock())
        await repo.save_goal(replace(goal, status=GoalStatus.ACTIVE))

    reaction = await ada.send("/plan")

    assert "5 active goals" in reaction.text
    assert len(await goals_of(repo, 1001)) == 5


async def test_a_forged_button_cannot_touch_another_users_plan(
    fake: FakeTelegram, repo: SqlRepository
) -> None:
    ada, mallory = fake.user(1001, "Ada"), fake.user(1002, "Mallory")
    await set_up(ada)
    await set_up(mallory)
    await plan_until_monthly(ada)
    [ada_goal] = await goals_of(repo, 1001)

    for data in (
        f"plan:ok:m:{ada_goal.goal_id}",
        f"plan:edit:v:{ada_goal.goal_id}",
        f"plan:go:{ada_goal.goal_id}",
        f"plan:date:s:{ada_goal.goal_id}:20261123",
        "plan:ok:z:1",
        "plan:nonsense",
    ):
        forged = await press_data(mallory, data)
        assert forged.answer is not None
        assert forged.answer_text == "That plan isn't available any more."
        assert forged.sent == ()

    [after] = await goals_of(repo, 1001)
    assert after == ada_goal
    assert await goals_of(repo, 1002) == []


async def test_plan_before_set_up_points_to_start(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")

    reaction = await ada.send("/plan")

    assert "/start" in reaction.text


async def test_after_going_back_one_tap_keeps_the_answer_and_moves_on(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_until_monthly(ada)
    await ada.press("⬅️ Back")

    kept = await ada.press("✓ Keep “40,000 words of my first draft”")

    assert "Each plan month" in kept.texts[-1]
    assert "13,300 words" in kept.texts[-1]


async def test_a_win_typed_during_the_first_plan_is_not_sent_to_a_dead_end(ada: FakeUser) -> None:
    """No goal yet: /done would only answer "no active goal", so the reply does not offer it."""
    await ada.send("/plan")
    await ada.send("write a novel")

    typed = await ada.send("done")

    assert "Wins count once your plan is set up" in typed.text
    assert "/done" not in typed.text
    outcome = await ada.send("40,000 words of my first draft")  # the question stayed open
    assert "step 3 of 8" in outcome.text


async def test_in_the_evening_the_start_can_be_tomorrow(
    fake: FakeTelegram, clock: FrozenClock
) -> None:
    """A "today" chosen at nine in the evening is a miss by the next morning unless logged that
    night: tomorrow is offered beside it."""
    ada = fake.user(1001, "Ada")
    await set_up(ada)  # Berlin
    clock.set(datetime(2026, 11, 25, 20, 0, tzinfo=UTC))  # Wednesday, 21:00 in Berlin
    await finish_until_start(ada)

    labels = ada.last_message.button_labels
    assert labels[:2] == ["Today · Wed 25 Nov", "Tomorrow · Thu 26 Nov"]
    # On a Sunday evening the Monday button is tomorrow's (test_a_new_year_start_is_called_…).


async def test_in_the_morning_no_tomorrow_is_offered(
    fake: FakeTelegram, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=UTC))  # Wednesday, 09:00 in Berlin
    await finish_until_start(ada)

    labels = ada.last_message.button_labels
    assert labels[0] == "Today · Wed 25 Nov"
    assert not any(label.startswith("Tomorrow") for label in labels)
