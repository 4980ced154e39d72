"""Tests for the numbers the pictures draw: they are the ladder's and the pace's, day by day."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings

from bot.coach.figures import PLAN_DAYS, Bar, pace_figure, plan_month_starts
from bot.coach.models import Measure, StreakState
from bot.coach.progress.amounts import advance_goal
from bot.coach.progress.ladder import ladder_progress, records_needed_from
from bot.coach.progress.pace import Pace, daily_totals, on_track
from bot.coach.streaks.log import DayRecord
from tests.coach.test_progress import START, log, novel
from tests.coach.test_streak_state import after, goal_with, histories

# --- Day by day ------------------------------------------------------------------------------


def test_daily_totals_add_up_each_day_and_count_today_once_logged() -> None:
    goal = novel()
    days = log(480, 500, None, "mva", "skip", 300)
    today = START + timedelta(days=6)  # the 7th day, not logged yet

    totals = daily_totals(goal, days, today)

    assert totals.start == START
    assert totals.through == today - timedelta(days=1)
    assert totals.amounts == (480, 980, 980, 980, 980, 1280)
    # Kept: the missed third day breaks nothing but is not kept; the rest day is.
    assert totals.kept == (1, 2, 2, 3, 4, 5)
    logged = daily_totals(goal, {**days, today: DayRecord(today, days[START].status, 20.0)}, today)
    assert logged.through == today
    assert logged.amounts is not None
    assert logged.amounts[-1] == 1280  # a DONE without a target holds no amount in words


def test_daily_totals_of_a_goal_without_a_numeric_outcome_count_days_only() -> None:
    goal = novel(outcome_measure=None)
    totals = daily_totals(goal, log("done", "done"), START + timedelta(days=2))
    assert totals.amounts is None
    assert totals.kept == (1, 2)


def test_daily_totals_before_the_start_are_empty() -> None:
    totals = daily_totals(novel(), {}, START - timedelta(days=1))
    assert totals.kept == ()
    assert totals.through is None


@settings(deadline=None, max_examples=120)
@given(histories())
def test_the_last_day_by_day_total_is_the_ladders_and_the_paces(
    history: tuple[random.Random, date, date, dict[date, DayRecord], int, Measure | None],
) -> None:
    rng, start, today, days, skips, _ = history
    goal = goal_with(rng, start)
    totals = daily_totals(goal, days, today, skips_per_week=skips)
    # The services read the ladder from a checkpoint: the chart must agree with that too.
    checkpoint = advance_goal(
        goal, StreakState.initial(), days, today - timedelta(days=1), skips_per_week=skips
    )
    ladder = ladder_progress(
        goal,
        after(days, records_needed_from(goal, checkpoint, today)),
        today,
        skips_per_week=skips,
        checkpoint=checkpoint,
    )
    pace = on_track(goal, days, today, skips_per_week=skips)
    assert totals.kept[-1:] == ((ladder.all_days.kept,) if totals.kept else ())
    if ladder.outcome is None:
        assert totals.amounts is None
        return
    assert totals.amounts is not None
    assert (totals.amounts[-1] if totals.amounts else 0.0) == ladder.outcome.done.quantity
    assert pace.total is not None
    assert (totals.amounts[-1] if totals.amounts else 0.0) == pace.total.quantity
    # Running totals never go down.
    assert list(totals.amounts) == sorted(totals.amounts)


# --- The pace chart --------------------------------------------------------------------------


def test_pace_figure_of_a_numeric_goal_uses_the_ladders_levels() -> None:
    goal = novel()
    today = START + timedelta(days=15)
    days = log(*([480] * 15))
    ladder = ladder_progress(goal, days, today)
    pace = on_track(goal, days, today)

    figure = pace_figure(goal, ladder, pace, daily_totals(goal, days, today))

    assert figure.unit == "words"
    assert figure.target == 40_000
    assert figure.end == goal.outcome_due
    assert figure.current == 15 * 480
    assert figure.projected_finish == pace.projected_finish
    assert pace.pace is Pace.ON_TRACK
    assert ladder.week is not None
    assert ladder.month is not None
    assert figure.week == Bar(ladder.week.done.quantity, 3300, "words")
    assert figure.month == Bar(15 * 480, 13300, "words")
    assert figure.cycle == Bar(15 * 480, 40_000, "words")
    # The plan line reaches the whole outcome at the end of the due date, evenly.
    assert figure.planned(START - timedelta(days=1)) == 0
    assert figure.planned(figure.end) == 40_000
    assert figure.planned(figure.end + timedelta(days=9)) == 40_000
    assert figure.planned(START) == 40_000 / figure.plan_days


def test_pace_figure_of_a_yes_no_goal_counts_kept_days_over_twelve_weeks() -> None:
    goal = novel(outcome_measure=None, weekly_measure=None, monthly_measure=None)
    today = START + timedelta(days=9)
    days = log(*(["done"] * 4), None, *(["done"] * 4))
    ladder = ladder_progress(goal, days, today)
    pace = on_track(goal, days, today)

    figure = pace_figure(goal, ladder, pace, daily_totals(goal, days, today))

    assert figure.unit is None
    assert figure.projected_finish is None
    assert figure.totals == (1, 2, 3, 4, 4, 5, 6, 7, 8)
    assert figure.target == PLAN_DAYS == 84
    assert figure.end == START + timedelta(days=83)
    assert figure.week == Bar(2, 7, None)  # week 2: its first two days, both kept
    assert figure.month == Bar(8, 28, None)
    assert figure.cycle == Bar(8, 84, None)


def test_past_its_twelve_weeks_a_yes_no_goals_bar_counts_the_days_kept_within_them() -> None:
    goal = novel(outcome_measure=None, weekly_measure=None, monthly_measure=None)
    today = START + timedelta(days=160)  # week 23
    days = log(*(["done"] * 10), None, *(["done"] * 149))  # one miss, on day 11
    ladder = ladder_progress(goal, days, today)

    figure = pace_figure(goal, ladder, on_track(goal, days, today), daily_totals(goal, days, today))

    assert ladder.all_days.kept == 159  # the line and the words above the bars go on counting
    assert figure.current == 159
    assert figure.cycle == Bar(83, 84, None)  # "83 / 84 days", never "159 / 84"


def test_a_reached_outcome_shows_no_projection_and_a_full_bar() -> None:
    goal = novel(outcome_measure=Measure(1000, "words"))
    today = START + timedelta(days=3)
    days = log(480, 480, 480)
    figure = pace_figure(
        goal,
        ladder_progress(goal, days, today),
        on_track(goal, days, today),
        daily_totals(goal, days, today),
    )
    assert figure.projected_finish is None
    assert figure.cycle.share == 1.0
    assert Bar(-5, 10, None).share == 0.0
    assert Bar(5, 0, None).share == 0.0


def test_plan_month_starts_every_four_weeks() -> None:
    assert plan_month_starts(START, START + timedelta(days=84)) == [
        START,
        START + timedelta(days=28),
        START + timedelta(days=56),
        START + timedelta(days=84),
    ]
    assert plan_month_starts(START, START) == [START]
