"""Tests for the vagueness and two-minute-rule heuristics."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bot.coach.models import Measure
from bot.coach.streaks.days import DayState
from bot.coach.two_minute import (
    EVERYDAY_MAX,
    GENERIC_STARTER,
    MAX_EASY_MINUTES,
    STARTERS,
    BigReason,
    looks_big,
    two_minute_starter,
)
from bot.coach.vagueness import (
    GENERIC_SUGGESTION,
    SUGGESTIONS,
    VaguenessReason,
    suggest_rewrite,
    vagueness,
)
from bot.coach.wording import (
    VARIANTS,
    Figures,
    MomentumKind,
    figures,
    momentum,
    variant,
    weekly_variant,
)

R = VaguenessReason


@pytest.mark.parametrize(
    ("text", "reason", "suggestion"),
    [
        ("get better at writing", R.COMPARATIVE, "write 300 words a day"),
        ("be healthier", R.COMPARATIVE, "walk 30 minutes 5 days a week"),
        ("be more productive", R.COMPARATIVE, "one 45-minute focus block each morning"),
        ("write more", R.COMPARATIVE, "write 300 words a day"),
        ("read more books", R.COMPARATIVE, "read 10 pages a day"),
        ("sleep better", R.COMPARATIVE, "go to bed by 23:00 on weeknights"),
        ("practise guitar more", R.COMPARATIVE, "practise the guitar for 15 minutes a day"),
        ("exercise regularly", R.VAGUE_FREQUENCY, "work out for 20 minutes 3 times a week"),
        ("get fit", R.STATE, "work out for 20 minutes 3 times a week"),
        ("be productive", R.STATE, "one 45-minute focus block each morning"),
        ("I want to lose weight", R.STATE, "lose 4 kg in 12 weeks"),
        ("be happy", R.STATE, "write down 3 good things each evening"),
        ("be kind", R.STATE, GENERIC_SUGGESTION),
        ("learn Spanish", R.NO_MEASURE, "practise Spanish for 15 minutes a day"),
        ("I'd like to learn Japanese.", R.NO_MEASURE, "practise Japanese for 15 minutes a day"),
        ("learn chess", R.NO_MEASURE, "spend 15 minutes a day learning chess"),
        ("learn to cook", R.NO_MEASURE, "spend 15 minutes a day learning to cook"),
        ("save money", R.NO_MEASURE, "put 10% of every paycheck into savings"),
        ("grow my business", R.NO_MEASURE, "contact 5 potential clients a week"),
        ("write a book", R.NO_MEASURE, "write 300 words a day"),
        ("exercise", R.NO_MEASURE, "work out for 20 minutes 3 times a week"),
        ("knit", R.NO_MEASURE, "knit for 15 minutes a day"),
        ("hello", R.NO_MEASURE, GENERIC_SUGGESTION),
    ],
)
def test_vague_texts_get_a_reason_and_a_rewrite(
    text: str, reason: VaguenessReason, suggestion: str
) -> None:
    verdict = vagueness(text)
    assert verdict.is_vague
    assert verdict.reason is reason
    assert verdict.suggestion == suggestion
    assert verdict.measure is None


@pytest.mark.parametrize(
    ("text", "reason", "measure"),
    [
        ("write 40,000 words", R.HAS_MEASURE, Measure(40000, "words")),
        ("write 300 words a day", R.HAS_MEASURE, Measure(300, "words")),
        ("one 45-minute focus block", R.HAS_MEASURE, Measure(45, "minutes")),
        ("I want to run 5 km", R.HAS_MEASURE, Measure(5, "km")),
        ("save €3,000", R.HAS_MEASURE, Measure(3000, "EUR")),
        ("sign 10 clients", R.HAS_MEASURE, Measure(10, "clients")),
        ("write more: 300 words a day", R.HAS_MEASURE, Measure(300, "words")),
        ("finish the first draft", R.HAS_DONE_TEST, None),
        ("Submit the application", R.HAS_DONE_TEST, None),
        ("outline the plot", R.HAS_DONE_TEST, None),
        ("run a marathon", R.HAS_DONE_TEST, None),
        ("get my driving licence", R.HAS_DONE_TEST, None),
        ("write chapter 1", R.HAS_DONE_TEST, None),
        ("meditate every morning", R.HAS_FREQUENCY, None),
        ("call mum twice a week", R.HAS_FREQUENCY, None),
        ("floss daily", R.HAS_FREQUENCY, None),
        ("go to the gym on Mondays", R.HAS_FREQUENCY, None),
    ],
)
def test_specific_texts_pass(text: str, reason: VaguenessReason, measure: Measure | None) -> None:
    verdict = vagueness(text)
    assert not verdict.is_vague
    assert verdict.reason is reason
    assert verdict.suggestion is None
    assert verdict.measure == measure


@pytest.mark.parametrize("text", ["", "   ", "...", "I want to"])
def test_empty_texts(text: str) -> None:
    verdict = vagueness(text)
    assert verdict.reason is R.EMPTY
    assert verdict.is_vague


def test_every_suggestion_is_itself_specific() -> None:
    for _, suggestion in SUGGESTIONS:
        filled = suggestion.format("Spanish")
        assert not vagueness(filled).is_vague, filled
    assert not vagueness(GENERIC_SUGGESTION).is_vague
    for text in ["knit", "learn chess", "learn to cook", "be kind", "hello", "write more"]:
        assert not vagueness(suggest_rewrite(text)).is_vague, text


B = BigReason


@pytest.mark.parametrize(
    ("text", "daily", "weekly", "reasons", "smaller_text", "smaller"),
    [
        ("run 45 minutes", None, None, (B.LONG_DURATION,), "run 20 minutes",
         Measure(20, "minutes")),
        ("one 45-minute focus block", None, None, (B.LONG_DURATION,), "one 20-minute focus block",
         Measure(20, "minutes")),
        ("meditate for 30 minutes", None, None, (B.LONG_DURATION,), "meditate for 15 minutes",
         Measure(15, "minutes")),
        ("study 2 hours", None, None, (B.LONG_DURATION,), "study 20 minutes",
         Measure(20, "minutes")),
        ("write 2,000 words", None, Measure(3300, "words"), (B.LARGE_SHARE, B.LARGE_QUANTITY),
         "write 470 words", Measure(470, "words")),
        ("write 1,500 words", None, Measure(20000, "words"), (B.LARGE_QUANTITY,),
         "write 750 words", Measure(750, "words")),
        ("do 100 pushups", None, None, (B.LARGE_QUANTITY,), "do 50 pushups",
         Measure(50, "pushups")),
        ("read", Measure(10, "pages"), Measure(14, "pages"), (B.LARGE_SHARE,), "read: 2 pages",
         Measure(2, "pages")),
        ("morning pages", Measure(2, "hours"), None, (B.LONG_DURATION,),
         "morning pages: 20 minutes", Measure(20, "minutes")),
        ("practise", Measure(30, "minutes"), Measure(70, "minutes"),
         (B.LONG_DURATION, B.LARGE_SHARE), "practise: 10 minutes", Measure(10, "minutes")),
        ("write 500 words, edit a chapter and post on Instagram", None, None, (B.MANY_STEPS,),
         "write 500 words", None),
        ("warm up, run 45 minutes, stretch", None, None, (B.LONG_DURATION, B.MANY_STEPS),
         "run 20 minutes", Measure(20, "minutes")),
        ("run 1 hour then stretch", None, None, (B.LONG_DURATION, B.MANY_STEPS),
         "run 20 minutes", Measure(20, "minutes")),
        ("tidy the desk then answer emails", None, None, (B.MANY_STEPS,), "tidy the desk", None),
    ],
)  # fmt: skip
def test_looks_big(
    *,
    text: str,
    daily: Measure | None,
    weekly: Measure | None,
    reasons: tuple[BigReason, ...],
    smaller_text: str,
    smaller: Measure | None,
) -> None:
    verdict = looks_big(text, daily, weekly)
    assert verdict is not None
    assert verdict.reasons == reasons
    assert verdict.smaller_text == smaller_text
    assert verdict.smaller == smaller
    assert verdict.starter_text


@pytest.mark.parametrize(
    ("text", "daily", "weekly"),
    [
        ("write 480 words", None, Measure(3300, "words")),  # the product's own proposal
        ("write 480 words", None, None),
        ("meditate 10 minutes", None, None),
        ("meditate 20 minutes", None, None),  # exactly at the line
        ("put on running shoes and walk out the door", None, None),  # one "and" is one act
        ("read and take notes", None, None),
        ("read 10 pages", None, Measure(70, "pages")),
        ("floss", None, None),
        ("write", Measure(300, "words"), Measure(2100, "words")),
        ("run 3 km", None, Measure(5, "kg")),  # different units: no share to compare
    ],
)
def test_small_actions_pass(text: str, daily: Measure | None, weekly: Measure | None) -> None:
    assert looks_big(text, daily, weekly) is None


@pytest.mark.parametrize(
    ("text", "starter"),
    [
        ("run 5 km", "put on your running shoes and step out the door"),
        ("go jogging", "put on your running shoes and step out the door"),
        ("walk 10,000 steps", "put on your shoes and walk to the end of the street"),
        ("do 20 push-ups", "do 2 pushups"),
        ("50 squats", "do 2 squats"),
        ("write 500 words", "write one sentence"),
        ("read 20 pages", "read one page"),
        ("meditate 30 minutes", "sit down and take three slow breaths"),
        ("one 45-minute focus block", "set a timer and open the task for 2 minutes"),
        ("practise Spanish", "open the book or app and do one exercise"),
        ("floss", "floss one tooth"),
        ("do the thing", GENERIC_STARTER),
    ],
)
def test_two_minute_starter(text: str, starter: str) -> None:
    assert two_minute_starter(text) == starter


def test_starters_are_small() -> None:
    for _, starter in STARTERS:
        assert looks_big(starter.format("pushups")) is None, starter
    assert looks_big(GENERIC_STARTER) is None


def test_smaller_versions_are_smaller_and_never_zero() -> None:
    for minutes in range(MAX_EASY_MINUTES + 1, 300, 7):
        verdict = looks_big(f"practise {minutes} minutes")
        assert verdict is not None
        assert verdict.smaller is not None
        assert 2 <= verdict.smaller.quantity < minutes
    for unit, limit in EVERYDAY_MAX.items():
        for factor in (1.01, 1.5, 3, 10):
            quantity = round(limit * factor) + 1
            verdict = looks_big("do it", Measure(quantity, unit))
            assert verdict is not None, (unit, quantity)
            assert verdict.smaller is not None
            assert 0 < verdict.smaller.quantity < quantity, (unit, quantity, verdict)


def test_random_text_never_breaks_the_heuristics() -> None:
    pieces = [
        "write", "more", "be", "get fit", "45-minute", "30 min", "2,000 words", "and", ",",
        "then", "every day", "learn", "Spanish", "run", "5 km", "finish", "the", "draft", " ",
        "€", "0", "-5", "1e9", "lots",
    ]  # fmt: skip
    rng = random.Random(7)
    for _ in range(1500):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        verdict = vagueness(text)
        assert (verdict.suggestion is not None) == (verdict.is_vague and verdict.reason != R.EMPTY)
        big = looks_big(text, None, Measure(rng.choice([1, 100, 3300]), "words"))
        if big is not None:
            assert big.reasons
            assert big.smaller_text
            assert big.starter_text


# --- Variety in scheduled messages (rule 15) ---------------------------------------------------


def test_a_week_of_days_never_repeats_a_variant_and_a_restart_changes_nothing() -> None:
    monday = date(2026, 11, 23)
    for user_id in (1, 2, 1001):
        week = [variant(user_id, monday + timedelta(days=n)) for n in range(7)]
        assert len(set(week)) == 7
        assert week == [variant(user_id, monday + timedelta(days=n)) for n in range(7)]
    assert VARIANTS >= 7
    assert {variant(u, monday) for u in range(1, 9)} != {variant(1, monday)}  # users differ
    weeks = [weekly_variant(7, monday + timedelta(weeks=n)) for n in range(VARIANTS)]
    assert len(set(weeks)) == VARIANTS


def test_the_figures_are_the_users_own() -> None:
    today = date(2026, 11, 26)  # a Thursday
    states = {today - timedelta(days=n): DayState.DONE for n in range(1, 15)}
    states[today - timedelta(days=7)] = DayState.MISSED  # last Thursday
    states[today] = DayState.PENDING
    found = figures(states, today, streak=6, best=7, votes=13, strength=0.5, plan_week=2)
    assert (found.kept_week, found.days_week, found.strength) == (6, 7, 50)
    # Six weekdays kept 2 of 2: none of them is "the strongest".
    assert found.weekday is None
    three_weeks = {today - timedelta(days=n): DayState.DONE for n in range(1, 22)}
    for n in range(1, 8):  # one miss on every weekday but Monday
        if (today - timedelta(days=n)).weekday() != 0:
            three_weeks[today - timedelta(days=n)] = DayState.MISSED
    mondays = figures(three_weeks, today, streak=3, best=9, votes=15, strength=0.5, plan_week=3)
    assert mondays.weekday == 0
    assert (mondays.weekday_kept, mondays.weekday_days) == (3, 3)
    steady = figures(
        {today - timedelta(days=n): DayState.DONE for n in range(1, 15)},
        today,
        streak=14,
        best=14,
        votes=14,
        strength=0.6,
        plan_week=2,
    )
    assert steady.weekday is None  # no weekday stands out when none was missed


@pytest.mark.parametrize(
    ("streak", "votes", "kind"),
    [
        (5, 5, MomentumKind.STREAK),
        (1, 1, MomentumKind.NEW_RUN),  # day two of a new user: no miss to speak of
        (1, 9, MomentumKind.NEW_RUN),
        (0, 9, MomentumKind.RESTART),
        (0, 0, MomentumKind.FIRST),
    ],
)
def test_the_momentum_family_fits_the_situation(
    streak: int, votes: int, kind: MomentumKind
) -> None:
    today = date(2026, 11, 26)
    found = Figures(streak, max(streak, 3), votes, 3, 7, 40, 2)
    indexes = {momentum(5, today + timedelta(days=n), found).index for n in range(7)}
    assert momentum(5, today, found).kind is kind
    assert len(indexes) == 7
