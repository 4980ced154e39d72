"""Tests for streak checkpoints: going on from a StreakState gives what the whole log gives."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.models import EntryStatus, Goal, GoalStatus, Measure, StreakState
from bot.coach.progress.amounts import advance_goal
from bot.coach.progress.ladder import ladder_progress, records_needed_from
from bot.coach.progress.pace import on_track
from bot.coach.streaks.days import DayState, day_states, day_states_from, first_unjudged
from bot.coach.streaks.log import DayRecord
from bot.coach.streaks.summary import advance, judge_from, summarize, summarize_from

MONDAY = date(2024, 1, 1)
WORDS = Measure(480, "words")
NOW = datetime(2024, 1, 1, tzinfo=UTC)
ONE_DAY = timedelta(days=1)

# Targets a day may carry: usable ones in two unit families, and unusable ones.
TARGETS = (
    WORDS,
    Measure(300, "words"),
    Measure(30, "minutes"),
    Measure(1, "hours"),
    Measure(0, "words"),
    Measure(5, "pages"),
    None,
)
MINIMA = (None, Measure(100, "words"), Measure(10, "minutes"), Measure(0, "words"))
LEVELS = (
    None,
    Measure(40000, "words"),
    Measure(3300, "words"),
    Measure(600, "minutes"),
    Measure(20, "hours"),
    Measure(12, "pages"),
)
STATUSES = tuple(EntryStatus)


def random_log(rng: random.Random, first: date, last: date) -> dict[date, DayRecord]:
    """A folded log from ``first`` to ``last``, with gaps, of random statuses and amounts."""
    gap = rng.choice((0.0, 0.1, 0.4))
    weights = [rng.random() + 0.05 for _ in STATUSES]
    days = {}
    day = first
    while day <= last:
        if rng.random() >= gap:
            status = rng.choices(STATUSES, weights)[0]
            target = rng.choice(TARGETS)
            quantity = None
            if rng.random() < 0.6:
                base = target.quantity if target is not None and target.quantity > 0 else 100
                quantity = round(rng.uniform(0, 1.5) * base, rng.choice((0, 2)))
            days[day] = DayRecord(day, status, quantity, target)
        day += ONE_DAY
    return days


def after(days: dict[date, DayRecord], first: date) -> dict[date, DayRecord]:
    """The records from ``first`` on: all a checkpoint's user may read."""
    return {day: record for day, record in days.items() if day >= first}


def goal_with(rng: random.Random, start: date) -> Goal:
    return Goal(
        goal_id=1,
        user_id=1,
        status=GoalStatus.ACTIVE,
        priority=1,
        created_at=NOW,
        updated_at=NOW,
        outcome_measure=rng.choice(LEVELS),
        outcome_due=rng.choice((None, start + timedelta(weeks=12), start + timedelta(days=900))),
        monthly_measure=rng.choice(LEVELS),
        weekly_measure=rng.choice(LEVELS),
        daily_measure=rng.choice(TARGETS),
        mva_measure=rng.choice(MINIMA),
        start_date=start,
    )


@st.composite
def histories(
    draw: st.DrawFn,
) -> tuple[random.Random, date, date, dict[date, DayRecord], int, Measure | None]:
    """A random goal history: its start, today, the log, the skip allowance and the minimum."""
    # One seed, not a draw per day: three years of days drawn one by one would be slow.
    rng = random.Random(draw(st.integers(0, 2**64)))
    start = MONDAY + timedelta(days=draw(st.integers(0, 6)))
    today = start + timedelta(days=draw(st.integers(-3, 3 * 365)))
    # Records before the start and after today must be ignored, so there are some.
    days = random_log(rng, start - timedelta(days=10), today + timedelta(days=3))
    skips_per_week = draw(st.integers(0, 3))
    minimum = draw(st.sampled_from(MINIMA))
    return rng, start, today, days, skips_per_week, minimum


def checkpoint_day(rng: random.Random, start: date, today: date) -> date:
    """Any day before today, a few before the start included."""
    first = min(start, today) - timedelta(days=5)
    return first + timedelta(days=rng.randrange((today - first).days))


# --- Properties ------------------------------------------------------------------------------


@settings(deadline=None, max_examples=150)
@given(histories())
def test_summarize_from_any_checkpoint_equals_the_whole_fold(
    history: tuple[random.Random, date, date, dict[date, DayRecord], int, Measure | None],
) -> None:
    rng, start, today, days, skips, minimum = history
    whole = summarize(days, start, today, skips_per_week=skips, minimum=minimum)
    for _ in range(3):
        c = checkpoint_day(rng, start, today)
        state = advance(
            StreakState.initial(), days, start, c, skips_per_week=skips, minimum=minimum
        )
        assert state.judged_through == c
        recent = after(days, first_unjudged(state, start))
        assert min(recent, default=today) > c or c < start
        resumed = summarize_from(state, recent, start, today, skips_per_week=skips, minimum=minimum)
        assert resumed == whole  # exact: the same float operations in the same order
        states = day_states_from(state, recent, start, today, skips_per_week=skips, minimum=minimum)
        expected = day_states(days, start, today, skips_per_week=skips, minimum=minimum)
        assert states == {day: s for day, s in expected.items() if day > c}
        assert judge_from(state, recent, start, today, skips_per_week=skips, minimum=minimum) == (
            states,
            whole,
        )


@settings(deadline=None, max_examples=150)
@given(histories())
def test_advancing_in_chunks_equals_advancing_once(
    history: tuple[random.Random, date, date, dict[date, DayRecord], int, Measure | None],
) -> None:
    rng, start, today, days, skips, _ = history
    goal = goal_with(rng, start)
    end = checkpoint_day(rng, start, today)
    once = advance_goal(goal, StreakState.initial(), days, end, skips_per_week=skips)
    first = min(start, today) - timedelta(days=5)
    span = (end - first).days
    cuts = sorted(rng.sample(range(span), min(span, rng.randint(1, 12))))
    state = StreakState.initial()
    for cut in [*(first + timedelta(days=offset) for offset in cuts), end]:
        # Each chunk reads only its own records, as the storage layer would.
        chunk = {d: r for d, r in after(days, first_unjudged(state, start)).items() if d <= cut}
        state = advance_goal(goal, state, chunk, cut, skips_per_week=skips)
    assert state == once
    plain = advance(
        StreakState.initial(), days, start, end, skips_per_week=skips, minimum=goal.mva_measure
    )
    # The streak figures do not depend on whether amounts are kept.
    assert plain == StreakState(
        **{**{f: getattr(once, f) for f in once.__slots__}, "amount": plain.amount}
    )


@settings(deadline=None, max_examples=150)
@given(histories())
def test_progress_from_a_checkpoint_equals_the_whole_history(
    history: tuple[random.Random, date, date, dict[date, DayRecord], int, Measure | None],
) -> None:
    rng, start, today, days, skips, _ = history
    goal = goal_with(rng, start)
    review = rng.choice((None, *range(7)))  # the plan week, or the user's review week
    whole_ladder = ladder_progress(goal, days, today, skips_per_week=skips, review_weekday=review)
    whole_pace = on_track(goal, days, today, skips_per_week=skips)
    for _ in range(2):
        c = rng.choice((today - ONE_DAY, checkpoint_day(rng, start, today)))
        checkpoint = advance_goal(goal, StreakState.initial(), days, c, skips_per_week=skips)
        ladder = ladder_progress(
            goal,
            after(days, records_needed_from(goal, checkpoint, today)),
            today,
            skips_per_week=skips,
            checkpoint=checkpoint,
            review_weekday=review,
        )
        assert ladder == whole_ladder
        pace = on_track(
            goal,
            after(days, first_unjudged(checkpoint, start)),
            today,
            skips_per_week=skips,
            checkpoint=checkpoint,
        )
        assert pace == whole_pace


# --- Examples --------------------------------------------------------------------------------


def records(pattern: str, start: date = MONDAY) -> dict[date, DayRecord]:
    """One letter a day from ``start``: D done, S skip, P paused, X missed, ``.`` nothing."""
    status = {
        "D": EntryStatus.DONE,
        "S": EntryStatus.SKIP,
        "P": EntryStatus.PAUSED,
        "X": EntryStatus.MISSED,
    }
    return {
        start + timedelta(days=i): DayRecord(start + timedelta(days=i), status[letter], None, WORDS)
        for i, letter in enumerate(pattern)
        if letter != "."
    }


@pytest.mark.parametrize(
    ("pattern", "through", "expected", "today"),
    [
        # Wednesday's skip used the week's allowance: Thursday's skip is a miss.
        ("DDSS", 2, {"run": 3, "week_skips": 1, "rest_days": 1}, (DayState.MISSED, 0, 0)),
        # The allowance is new on Monday, whatever the checkpoint carried over.
        ("DDDDDDS" + "S", 6, {"run": 7, "week_skips": 1}, (DayState.SKIP, 8, 0)),
        # A checkpoint on a paused day: the pause bridges the run without lengthening it.
        ("DDPPD", 3, {"run": 2, "paused_days": 2, "last_kept": 3}, (DayState.DONE, 3, 0)),
        # Two missed days before today, one of them after the checkpoint.
        ("DD..D", 2, {"run": 0, "missed_run": 1, "missed_days": 1}, (DayState.DONE, 1, 2)),
        # A checkpoint before the start folds nothing.
        ("DDD", -3, {"judged_through": -3}, (DayState.DONE, 3, 0)),
    ],
)
def test_checkpoint_examples(
    pattern: str,
    through: int,
    expected: dict[str, int],
    today: tuple[DayState, int, int],
) -> None:
    """``today``: today's state, then the summary's current streak and missed_in_a_row."""
    days = records(pattern)
    today_state, current, missed_in_a_row = today
    last = MONDAY + timedelta(days=len(pattern) - 1)
    c = MONDAY + timedelta(days=through)
    state = advance(StreakState.initial(), days, MONDAY, c)
    for name, value in expected.items():
        wanted = (
            MONDAY + timedelta(days=value) if name in {"judged_through", "last_kept"} else value
        )
        assert getattr(state, name) == wanted, name
    recent = after(days, c + ONE_DAY)
    summary = summarize_from(state, recent, MONDAY, last)
    assert summary == summarize(days, MONDAY, last)
    assert (summary.current, summary.missed_in_a_row) == (current, missed_in_a_row)
    assert day_states_from(state, recent, MONDAY, last)[last] is today_state


def test_a_checkpoint_before_the_start_is_empty() -> None:
    state = advance(StreakState.initial(), records("DDD"), MONDAY, MONDAY - ONE_DAY)
    assert state == StreakState(judged_through=MONDAY - ONE_DAY)
    assert first_unjudged(state, MONDAY) == MONDAY
    assert state.kept_days == 0


def test_a_goal_not_started_yet() -> None:
    start = MONDAY + timedelta(days=10)
    state = advance(StreakState.initial(), {}, start, MONDAY)
    assert summarize_from(state, {}, start, MONDAY + ONE_DAY) == summarize({}, start, MONDAY)


def test_advance_is_idempotent_and_does_not_fold_back() -> None:
    days = records("DDSD")
    state = advance(StreakState.initial(), days, MONDAY, MONDAY + timedelta(days=2))
    assert advance(state, {}, MONDAY, MONDAY + timedelta(days=2)) == state
    with pytest.raises(ValueError, match="fold back"):
        advance(state, days, MONDAY, MONDAY + ONE_DAY)


def test_a_checkpoint_must_be_before_today() -> None:
    days = records("DDD")
    today = MONDAY + timedelta(days=2)
    state = advance(StreakState.initial(), days, MONDAY, today)
    with pytest.raises(ValueError, match="cannot be finished"):
        summarize_from(state, days, MONDAY, today)


def test_negative_skip_allowance_is_refused() -> None:
    with pytest.raises(ValueError, match="skips_per_week"):
        advance(StreakState.initial(), {}, MONDAY, MONDAY, skips_per_week=-1)
    with pytest.raises(ValueError, match="skips_per_week"):
        advance(StreakState.initial(), {}, MONDAY, MONDAY - ONE_DAY, skips_per_week=-1)


def novel(start: date) -> Goal:
    return Goal(
        goal_id=1,
        user_id=1,
        status=GoalStatus.ACTIVE,
        priority=1,
        created_at=NOW,
        updated_at=NOW,
        outcome_measure=Measure(40000, "words"),
        outcome_due=start + timedelta(weeks=12),
        monthly_measure=Measure(13300, "words"),
        weekly_measure=Measure(3300, "words"),
        daily_measure=WORDS,
        start_date=start,
    )


def test_progress_from_a_checkpoint_inside_a_plan_month_started_midweek() -> None:
    """Month 2 starts on a Thursday; the Tuesday skip before it spends that ISO week's rest."""
    start = date(2024, 1, 4)  # a Thursday
    goal = novel(start)
    month2 = start + timedelta(days=28)  # Thursday 1 February
    days = records("D" * 26 + "S" + "D" + "SDDD", start)  # skips on Tue 30 Jan and Thu 1 Feb
    today = month2 + timedelta(days=3)
    checkpoint = advance_goal(goal, StreakState.initial(), days, today - ONE_DAY)
    needed = records_needed_from(goal, checkpoint, today)
    assert needed == month2 - timedelta(days=3)  # the ISO Monday before the plan month
    ladder = ladder_progress(goal, after(days, needed), today, checkpoint=checkpoint)
    assert ladder == ladder_progress(goal, days, today)
    assert ladder.month_days.missed == 1  # Thursday's skip was over the allowance
    assert ladder.outcome is not None
    assert ladder.outcome.done == Measure(480 * 30, "words")
    pace = on_track(goal, after(days, today), today, checkpoint=checkpoint)
    assert pace == on_track(goal, days, today)


def test_progress_needs_the_outcome_amount_in_the_checkpoint() -> None:
    goal = novel(MONDAY)
    days = records("DDDD")
    plain = advance(StreakState.initial(), days, MONDAY, MONDAY + ONE_DAY)
    assert plain.amount is None
    today = MONDAY + timedelta(days=3)
    with pytest.raises(ValueError, match="advance_goal"):
        ladder_progress(goal, days, today, checkpoint=plain)
    with pytest.raises(ValueError, match="amount_of"):
        advance_goal(goal, plain, days, today - ONE_DAY)
    # A checkpoint that folded nothing yet can still start keeping amounts.
    early = advance(StreakState.initial(), days, MONDAY, MONDAY - ONE_DAY)
    assert advance_goal(goal, early, days, MONDAY).amount == 480
