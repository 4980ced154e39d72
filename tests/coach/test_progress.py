"""Tests for progress up the ladder, the pace of the outcome and the compounding curve."""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.coach.models import EntryStatus, Goal, GoalStatus, Measure
from bot.coach.progress.amounts import LevelProgress, day_amount
from bot.coach.progress.curve import compounding, curve_position
from bot.coach.progress.ladder import ladder_progress
from bot.coach.progress.pace import MIN_DAYS_FOR_PACE, Pace, on_track
from bot.coach.progress.periods import DayTally, plan_period, review_week
from bot.coach.streaks.log import DayRecord

START = date(2025, 3, 3)  # a Monday
NOW = datetime(2025, 3, 1, tzinfo=UTC)
DAILY = Measure(480, "words")


def novel(**changes: object) -> Goal:
    """docs/product.md rule 1's example: 40,000 words in 12 weeks (13,300 a month, 3,300 a week)."""
    goal = Goal(
        goal_id=1,
        user_id=1,
        status=GoalStatus.ACTIVE,
        priority=1,
        created_at=NOW,
        updated_at=NOW,
        vision="Write a novel",
        outcome="Write 40,000 words",
        outcome_measure=Measure(40000, "words"),
        outcome_due=START + timedelta(weeks=12),
        monthly_measure=Measure(13300, "words"),
        weekly_measure=Measure(3300, "words"),
        daily="write 480 words",
        daily_measure=DAILY,
        start_date=START,
    )
    return dataclasses.replace(goal, **changes)  # type: ignore[arg-type]


def log(
    *amounts: float | str | None, start: date = START, target: Measure | None = DAILY
) -> dict[date, DayRecord]:
    """One value per day from ``start``: a number of words (DONE), "done" (no quantity),
    "mva", "skip", "paused", "missed", or None (no entry)."""
    days = {}
    for offset, amount in enumerate(amounts):
        day = start + timedelta(days=offset)
        if amount is None:
            continue
        if isinstance(amount, str):
            status = EntryStatus.DONE if amount == "done" else EntryStatus(amount)
            days[day] = DayRecord(day, status, None, target)
        else:
            days[day] = DayRecord(day, EntryStatus.DONE, float(amount), target)
    return days


# --- The ladder ------------------------------------------------------------------------------


def test_product_example_first_week() -> None:
    """ "3/5 days this week · 1,450/13,300 words this month": Saturday morning of week 1."""
    days = log(500, 470, None, "done", None)  # Mon–Fri; Thursday's plain "done" counts 480
    saturday = START + timedelta(days=5)
    progress = ladder_progress(novel(), days, saturday)
    assert (progress.week_number, progress.month_number) == (1, 1)
    assert (progress.week_start, progress.week_end) == (START, START + timedelta(days=6))
    assert progress.month_end == START + timedelta(days=27)
    assert (progress.week_days.kept, progress.week_days.elapsed) == (3, 5)  # today not logged
    assert progress.week == LevelProgress(Measure(1450, "words"), Measure(3300, "words"))
    assert progress.month == LevelProgress(Measure(1450, "words"), Measure(13300, "words"))
    assert progress.outcome is not None
    assert progress.outcome.done == Measure(1450, "words")
    assert progress.outcome.percent == 3  # 3.6% rounds down
    # Logging Saturday counts it at once.
    progress = ladder_progress(novel(), {**days, **log(480, start=saturday)}, saturday)
    assert (progress.week_days.kept, progress.week_days.elapsed) == (4, 6)
    assert progress.week is not None
    assert progress.week.done == Measure(1930, "words")


def test_weeks_and_months_roll_over_from_the_start_date() -> None:
    days = log(*([500] * 30))
    day30 = START + timedelta(days=29)  # day 30: week 5, month 2
    progress = ladder_progress(novel(), days, day30)
    assert (progress.week_number, progress.month_number) == (5, 2)
    assert progress.week_start == progress.month_start == START + timedelta(days=28)
    assert (progress.week_days.elapsed, progress.month_days.elapsed) == (2, 2)
    assert progress.all_days.elapsed == 30
    assert progress.week is not None
    assert progress.month is not None
    assert progress.outcome is not None
    assert progress.week.done.quantity == progress.month.done.quantity == 1000
    assert progress.outcome.done.quantity == 15000
    assert progress.outcome.percent == 37


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-3, (1, 0, 6)),  # before the start: week 1
        (0, (1, 0, 6)),
        (6, (1, 0, 6)),
        (7, (2, 7, 13)),
        (83, (12, 77, 83)),
        (84, (13, 84, 90)),  # plan weeks go on after the 12 weeks
    ],
)
def test_plan_weeks(offset: int, expected: tuple[int, int, int]) -> None:
    thursday = date(2025, 3, 6)  # plan weeks need not be ISO weeks
    number, first, last = plan_period(thursday, thursday + timedelta(days=offset), 7)
    assert (number, (first - thursday).days, (last - thursday).days) == expected


def test_each_day_counts_its_own_target() -> None:
    """A plain "done" adds the target in force that day, not today's."""
    comeback = Measure(100, "words")
    days = {
        **log("done", "done"),
        **log("done", "done", start=START + timedelta(days=2), target=comeback),
    }
    progress = ladder_progress(novel(), days, START + timedelta(days=3))
    assert progress.week is not None
    assert progress.week.done == Measure(2 * 480 + 2 * 100, "words")


def test_mva_skip_pause_and_missed_amounts() -> None:
    mva_with_words = DayRecord(START, EntryStatus.MVA, 50, DAILY)
    assert day_amount(mva_with_words) == Measure(50, "words")
    assert day_amount(DayRecord(START, EntryStatus.MVA, None, DAILY)) is None  # size unknown
    assert day_amount(DayRecord(START, EntryStatus.DONE, None, DAILY)) == DAILY
    assert day_amount(DayRecord(START, EntryStatus.DONE, None, None)) is None
    for status in (EntryStatus.SKIP, EntryStatus.PAUSED, EntryStatus.MISSED):
        assert day_amount(DayRecord(START, status, 100, DAILY)) is None
    days = {
        **log("skip", "paused", "missed", None),
        START + timedelta(days=4): dataclasses.replace(
            mva_with_words, day=START + timedelta(days=4)
        ),
    }
    progress = ladder_progress(novel(), days, START + timedelta(days=4))
    assert progress.week is not None
    assert progress.week.done.quantity == 50
    assert progress.week_days == DayTally(wins=1, skips=1, paused=1, missed=2)


def test_durations_convert_between_minutes_and_hours() -> None:
    goal = novel(
        outcome_measure=Measure(20, "hours"),
        monthly_measure=Measure(400, "minutes"),
        weekly_measure=Measure(100, "minutes"),
        daily_measure=Measure(15, "minutes"),
    )
    minutes = Measure(15, "minutes")
    days = {
        **log(30, 15, "done", target=minutes),
        **log(0.5, start=START + timedelta(days=3), target=Measure(1, "hours")),
    }
    progress = ladder_progress(goal, days, START + timedelta(days=3))
    assert progress.week == LevelProgress(Measure(90, "minutes"), Measure(100, "minutes"))
    assert progress.outcome is not None
    assert progress.outcome.done == Measure(1.5, "hours")


def test_mismatched_units_show_days_only() -> None:
    goal = novel(daily_measure=Measure(45, "minutes"))  # words outcome, minutes a day
    progress = ladder_progress(
        goal, log("done", "done", target=Measure(45, "minutes")), START + timedelta(days=1)
    )
    assert progress.week is progress.month is progress.outcome is None
    assert progress.week_days.kept == 2


def test_days_in_another_unit_are_left_out() -> None:
    days = {**log(500), **log(20, start=START + timedelta(days=1), target=Measure(20, "minutes"))}
    progress = ladder_progress(novel(), days, START + timedelta(days=1))
    assert progress.week is not None
    assert progress.week.done.quantity == 500


def test_non_numeric_goal() -> None:
    goal = novel(
        outcome_measure=None, monthly_measure=None, weekly_measure=None, daily_measure=None
    )
    days = log("done", "done", None, "skip", "done", target=None)
    today = START + timedelta(days=5)
    progress = ladder_progress(goal, days, today)
    assert progress.week is progress.month is progress.outcome is None
    assert (progress.week_days.kept, progress.week_days.elapsed) == (4, 5)
    verdict = on_track(goal, days, today)
    assert verdict.pace is Pace.UNMEASURED
    assert verdict.hit_rate == pytest.approx(4 / 5)
    assert verdict.total is None


@pytest.mark.parametrize(
    ("tally", "kept", "elapsed", "hit_rate"),
    [
        (DayTally(), 0, 0, None),
        (DayTally(wins=3, missed=1), 3, 4, 0.75),
        (DayTally(wins=3, skips=1, missed=1), 4, 5, 0.8),  # a rest day is kept
        (DayTally(wins=3, paused=7, missed=1), 10, 11, 0.75),  # a holiday is left out
        (DayTally(paused=7), 7, 7, None),
    ],
)
def test_tally(tally: DayTally, kept: int, elapsed: int, hit_rate: float | None) -> None:
    assert (tally.kept, tally.elapsed) == (kept, elapsed)
    assert tally.hit_rate == (None if hit_rate is None else pytest.approx(hit_rate))


@pytest.mark.parametrize(
    ("done", "target", "percent"),
    [
        (1450, 40000, 3),
        (4400, 40000, 11),
        (29, 100, 29),
        (3300, 3300, 100),
        (3299.9, 3300, 99),
        (5000, 3300, 151),
        (0, 3300, 0),
    ],
)
def test_level_percent(done: float, target: float, percent: int) -> None:
    level = LevelProgress(Measure(done, "words"), Measure(target, "words"))
    assert level.percent == percent
    assert level.fraction == pytest.approx(done / target)


def test_goal_without_start_date_is_refused() -> None:
    with pytest.raises(ValueError, match="start date"):
        ladder_progress(novel(start_date=None), {}, START)
    with pytest.raises(ValueError, match="start date"):
        on_track(novel(start_date=None), {}, START)


# --- On track --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("per_day", "pace"),
    [
        (600, Pace.AHEAD),  # 40,000 at 600 a day: 67 days of 84
        (476, Pace.ON_TRACK),  # the plan's own pace: 84 days
        (440, Pace.ON_TRACK),  # 91 days: a week late is within the margin
        (400, Pace.BEHIND),  # 100 days
    ],
)
def test_projection(per_day: float, pace: Pace) -> None:
    today = START + timedelta(days=14)  # day 15, not logged yet: 14 days count
    verdict = on_track(novel(), log(*([per_day] * 14)), today)
    assert verdict.pace is pace
    assert verdict.total == Measure(per_day * 14, "words")
    assert verdict.per_day == pytest.approx(per_day)
    expected_finish = START + timedelta(days=13 + math.ceil((40000 - per_day * 14) / per_day))
    assert verdict.projected_finish == expected_finish
    assert verdict.days_early == (START + timedelta(weeks=12) - expected_finish).days
    # What is needed from today (day 15, offset 14) to the due date (offset 84) inclusive.
    assert verdict.needed_per_day == pytest.approx((40000 - per_day * 14) / (84 - 13))


def test_too_early_to_judge_the_pace() -> None:
    few = MIN_DAYS_FOR_PACE - 1
    verdict = on_track(novel(), log(*([100] * few)), START + timedelta(days=few))
    assert verdict.pace is Pace.TOO_EARLY
    assert verdict.projected_finish is not None  # the numbers are there, the verdict waits
    assert on_track(novel(), {}, START).pace is Pace.TOO_EARLY
    assert on_track(novel(), {}, START - timedelta(days=3)).pace is Pace.TOO_EARLY


def test_reached_behind_and_no_pace() -> None:
    reached = on_track(novel(), log(20000, 20000), START + timedelta(days=1))
    assert reached.pace is Pace.REACHED
    assert reached.needed_per_day is None
    nothing = on_track(novel(), log(*(["missed"] * 10)), START + timedelta(days=10))
    assert (nothing.pace, nothing.projected_finish, nothing.per_day) == (Pace.BEHIND, None, 0)
    due = START + timedelta(weeks=12)
    late = on_track(novel(), log(*([600] * 60)), due + timedelta(days=1))
    assert late.pace is Pace.BEHIND  # past the due date, not reached
    assert late.needed_per_day is None


def test_pauses_do_not_slow_the_pace() -> None:
    days = log(*([600] * 7 + ["paused"] * 7))
    verdict = on_track(novel(), days, START + timedelta(days=14))
    assert verdict.per_day == pytest.approx(600)
    assert verdict.hit_rate == 1.0


def test_no_due_date() -> None:
    verdict = on_track(novel(outcome_due=None), log(*([500] * 10)), START + timedelta(days=10))
    assert verdict.pace is Pace.UNMEASURED
    assert verdict.total == Measure(5000, "words")
    assert verdict.projected_finish == START + timedelta(days=9 + 70)
    assert verdict.days_early is None


# --- Compounding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "growth", "decay"),
    [(0, 1.0, 1.0), (1, 1.01, 0.99), (30, 1.3478, 0.7397), (365, 37.7834, 0.0255)],
)
def test_compounding(days: int, growth: float, decay: float) -> None:
    assert compounding(days) == pytest.approx((growth, decay), abs=1e-4)


def test_compounding_rounds_as_the_product_says() -> None:
    growth, decay = compounding(365)
    assert round(growth, 1) == 37.8
    assert round(decay, 2) == 0.03


def test_curve_position() -> None:
    month = curve_position(30)
    assert month.share_of_year == pytest.approx(30 / 365)
    assert month.share_of_gain < 0.01  # a month in: under 1% of the year's gain
    assert month.year_growth == pytest.approx(37.7834, abs=1e-4)
    assert month.next_doubling_day == 70
    assert curve_position(0).next_doubling_day == 70
    assert curve_position(70).next_doubling_day == 140
    assert curve_position(365).share_of_gain == pytest.approx(1.0)
    with pytest.raises(ValueError, match="negative"):
        compounding(-1)


@pytest.mark.parametrize(
    ("day", "review_weekday", "expected"),
    [
        # Sunday reviews: Monday to Sunday, whichever day of it.
        (date(2026, 11, 22), 6, (date(2026, 11, 16), date(2026, 11, 22))),
        (date(2026, 11, 23), 6, (date(2026, 11, 23), date(2026, 11, 29))),
        (date(2026, 11, 25), 6, (date(2026, 11, 23), date(2026, 11, 29))),
        # Wednesday reviews: Thursday to Wednesday.
        (date(2026, 11, 22), 2, (date(2026, 11, 19), date(2026, 11, 25))),
        (date(2026, 11, 25), 2, (date(2026, 11, 19), date(2026, 11, 25))),
    ],
)
def test_review_week_is_the_seven_days_ending_on_the_review_day(
    day: date, review_weekday: int, expected: tuple[date, date]
) -> None:
    assert review_week(day, review_weekday) == expected


def test_the_ladder_counts_the_users_week_not_the_plan_week() -> None:
    """Started on a Thursday, reviewed on Sundays: this week is Monday to today."""
    thursday = date(2025, 3, 6)
    goal = novel(start_date=thursday)
    days = log(480, 480, 480, 480, 500, 500, start=thursday)  # Thu … Tue
    tuesday = thursday + timedelta(days=5)

    ladder = ladder_progress(goal, days, tuesday, review_weekday=6)

    assert (ladder.week_start, ladder.week_end) == (date(2025, 3, 10), date(2025, 3, 16))
    assert ladder.week_days.kept == 2
    assert ladder.week is not None
    assert ladder.week.done == Measure(1_000, "words")
    assert ladder.week_number == 1  # still the plan's first week of twelve
    first_week = ladder_progress(goal, days, thursday, review_weekday=6)
    assert first_week.week_plan_days == 4  # Thursday to Sunday
    assert first_week.week is not None
    assert first_week.week.target == Measure(1_900, "words")  # 4 × 3,300 / 7
