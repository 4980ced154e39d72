"""The levels in force and how a change to one level carries to the others (rule 14)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.coach.levels import (
    Sizes,
    Source,
    follow,
    in_force,
    period_target,
    reworded,
    with_sizes,
)
from bot.coach.models import Goal, LevelKind, Measure, TargetLevel
from bot.coach.plan_ladder import PlanLevel
from bot.coach.planning import carry, with_replan
from bot.coach.progress.ladder import ladder_progress
from bot.coach.progress.pace import OnTrack, on_track, replan_options
from tests.coach.test_progress import START, log, novel

NOW = datetime(2025, 3, 1, tzinfo=UTC)
PLAN = Sizes(Measure(13_300, "words"), Measure(3_300, "words"), Measure(480, "words"))


def words(quantity: float) -> Measure:
    return Measure(quantity, "words")


def level(
    day: date,
    kind: LevelKind,
    daily: Measure | None,
    *,
    weekly: Measure | None = None,
    monthly: Measure | None = None,
    level_id: int = 1,
) -> TargetLevel:
    text = f"write {int(daily.quantity)} words" if daily else "just open the file"
    return TargetLevel(
        1,
        1,
        day,
        kind,
        text,
        daily,
        weekly=weekly,
        monthly=monthly,
        level_id=level_id,
        created_at=NOW,
    )


# --- following ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "measure", "expected"),
    [
        # The writer's accepted 3,600 words a week: 3,600 / 7 = 514 → 510 a day, 14,400 a month.
        (Source.WEEKLY, words(3_600), Sizes(words(14_400), words(3_600), words(510))),
        # A comeback at 50 words a day: 350 a week, 1,400 a month (not 3,300 and 13,300).
        (Source.DAILY, words(50), Sizes(words(1_400), words(350), words(50))),
        # The week-4 scale-up: 550 a day is 3,850 → 3,900 a week, 15,600 a month.
        (Source.DAILY, words(550), Sizes(words(15_600), words(3_900), words(550))),
        # An edited month: 12,000 is 3,000 a week and 430 a day.
        (Source.MONTHLY, words(12_000), Sizes(words(12_000), words(3_000), words(430))),
    ],
)
def test_the_other_levels_follow_the_one_that_changed(
    source: Source, measure: Measure, expected: Sizes
) -> None:
    assert follow(PLAN, source, measure) == expected


def test_the_runner_whose_week_grew_runs_more_each_day() -> None:
    """Seen: the week went 23 → 25 → 28 → 31 km while the day stayed 3.3 km."""
    runner = Sizes(Measure(92, "km"), Measure(23, "km"), Measure(3.3, "km"))
    sizes = runner
    for week, day, month in ((25, 3.6, 100), (28, 4, 110), (31, 4.4, 120)):
        sizes = follow(sizes, Source.WEEKLY, Measure(week, "km"))
        assert sizes == Sizes(Measure(month, "km"), Measure(week, "km"), Measure(day, "km"))


def test_a_level_keeps_its_own_unit_and_what_measures_something_else_stays() -> None:
    practice = Sizes(Measure(14, "hours"), Measure(3.5, "hours"), Measure(30, "minutes"))
    grown = follow(practice, Source.DAILY, Measure(35, "minutes"))
    assert grown == Sizes(Measure(16, "hours"), Measure(4.1, "hours"), Measure(35, "minutes"))
    sessions = Sizes(Measure(12, "sessions"), Measure(3, "sessions"), Measure(5, "km"))
    assert follow(sessions, Source.DAILY, Measure(6, "km")) == dataclasses.replace(
        sessions, daily=Measure(6, "km")
    )
    assert follow(Sizes(daily=words(480)), Source.DAILY, words(500)) == Sizes(daily=words(500))


def test_a_quantity_that_cannot_be_a_level_is_refused() -> None:
    with pytest.raises(ValueError, match="unusable"):
        follow(PLAN, Source.DAILY, words(0))


def test_wording_keeps_the_verb_and_the_rest() -> None:
    assert reworded("write 480 words", words(510)) == "write 510 words"
    assert reworded("3,300 words a week", words(3_600)) == "3,600 words a week"
    assert reworded("one chapter", words(2_000)) == "2,000 words"
    assert reworded(None, words(2_000)) == "2,000 words"
    goal = with_sizes(novel(weekly="3,300 words"), follow(PLAN, Source.WEEKLY, words(3_600)))
    assert (goal.monthly, goal.weekly, goal.daily) == (
        "14,400 words",
        "3,600 words",
        "write 510 words",
    )


# --- edits through /plan ---------------------------------------------------------------------


def plan(**changes: object) -> Goal:
    levels: dict[str, object] = {"monthly": "13,300 words", "weekly": "3,300 words"}
    return novel(**(levels | changes))


def test_an_edit_from_the_summary_carries_up_and_down() -> None:
    before = plan()
    after = dataclasses.replace(before, daily="write 300 words", daily_measure=words(300))

    carried = carry(before, after, PlanLevel.DAILY)

    assert (carried.weekly_measure, carried.monthly_measure) == (words(2_100), words(8_400))
    assert carried.daily == "write 300 words"


def test_going_down_the_ladder_the_level_above_stays_as_chosen() -> None:
    """First pass: the week is answered before the day exists; the month just chosen stays."""
    before = plan(daily=None, daily_measure=None, weekly=None, weekly_measure=None)
    after = dataclasses.replace(before, weekly="3,000 words", weekly_measure=words(3_000))

    assert carry(before, after, PlanLevel.WEEKLY) == after


def test_a_week_asked_again_after_a_new_outcome_brings_the_day_along() -> None:
    before = plan(weekly=None, weekly_measure=None)
    after = dataclasses.replace(before, weekly="2,000 words", weekly_measure=words(2_000))

    carried = carry(before, after, PlanLevel.WEEKLY)

    assert carried.daily_measure == words(290)  # 2,000 / 7
    assert carried.monthly_measure == words(13_300)  # just answered: kept


def test_an_unchanged_amount_or_another_level_carries_nothing() -> None:
    before = plan()
    reworded_only = dataclasses.replace(before, daily="write 480 words before breakfast")
    assert carry(before, reworded_only, PlanLevel.DAILY) == reworded_only
    assert carry(before, before, PlanLevel.MVA) == before


# --- in force -----------------------------------------------------------------------------------


def test_the_plan_applies_until_the_first_level_then_the_latest() -> None:
    goal = plan()
    mva = level(START + timedelta(days=14), LevelKind.MVA, words(50))  # stored without sizes
    grown = level(
        START + timedelta(days=30),
        LevelKind.SCALED_UP,
        words(550),
        weekly=words(3_900),
        monthly=words(15_600),
        level_id=2,
    )
    levels = [mva, grown]

    assert in_force(goal, levels, START).sizes == PLAN
    assert in_force(goal, levels, START).level is None
    assert in_force(goal, levels, mva.effective_from).sizes == Sizes(
        words(1_400), words(350), words(50)
    )
    assert in_force(goal, levels, grown.effective_from).sizes == Sizes(
        words(15_600), words(3_900), words(550)
    )
    assert in_force(goal, levels, grown.effective_from).text == "write 550 words"
    without_number = level(START, LevelKind.MVA, None)
    assert in_force(goal, [without_number], START).sizes == Sizes()


# --- a period's target --------------------------------------------------------------------------


def days_from(first: date, count: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(count)]


def test_a_period_with_one_level_throughout_has_exactly_that_target() -> None:
    odd = Sizes(weekly=words(1_950))  # a typed week that is not a "nice" number
    target = period_target(
        days_from(START, 7), lambda _: odd, Source.WEEKLY, "words", full_length=7
    )
    assert target == words(1_950)


def test_a_short_or_mixed_period_adds_up_its_days() -> None:
    # The plan's first week has four days: 4 × 3,300 / 7 = 1,886 → 1,900.
    short = period_target(
        days_from(START, 4), lambda _: PLAN, Source.WEEKLY, "words", full_length=7
    )
    assert short == words(1_900)

    # Two weeks of a plan month at full size, two at the comeback's 50 words a day.
    def sizes_on(day: date) -> Sizes:
        return PLAN if day < START + timedelta(days=14) else follow(PLAN, Source.DAILY, words(50))

    month = period_target(days_from(START, 28), sizes_on, Source.MONTHLY, "words", full_length=28)
    assert month == words(7_400)  # 14 × 13,300/28 + 14 × 1,400/28 = 7,350 → 7,400
    assert period_target([], sizes_on, Source.MONTHLY, "words", full_length=28) is None
    no_number = period_target(
        days_from(START, 7), lambda _: Sizes(), Source.WEEKLY, "words", full_length=7
    )
    assert no_number is None
    with pytest.raises(ValueError, match="weekly or monthly"):
        period_target(days_from(START, 7), sizes_on, Source.DAILY, "words", full_length=7)


def test_the_ladder_on_the_comeback_ramp_asks_for_the_steps_week_and_month() -> None:
    """Seen: "50/1,900 words this week · 3,710/13,300 words this month" at 50 words a day."""
    goal = plan()
    comeback = START + timedelta(days=14)
    levels = [level(comeback, LevelKind.MVA, words(50))]
    days = log(*([480] * 12), None, None, *([50] * 7))
    today = comeback + timedelta(days=6)

    ladder = ladder_progress(goal, days, today, levels=levels)

    assert ladder.week is not None
    assert ladder.month is not None
    assert ladder.week.target == words(350)
    assert ladder.week.done == words(350)
    assert ladder.month.target == words(7_400)
    assert ladder.month.done == words(480 * 12 + 50 * 7)


def test_paused_days_have_no_share_of_the_week() -> None:
    goal = plan()
    days = log(480, 480, "paused", "paused", "paused")
    ladder = ladder_progress(goal, days, START + timedelta(days=4))

    assert ladder.week is not None
    assert ladder.week.target == words(1_900)  # 4 days of 3,300 / 7 (three paused)


# --- re-planning the outcome -----------------------------------------------------------------


def behind(per_day: float, done_days: int) -> OnTrack:
    """The writer's pace after ``done_days`` days at ``per_day`` words (due in 12 weeks)."""
    goal = plan()
    days = log(*([per_day] * done_days))
    return on_track(goal, days, START + timedelta(days=done_days - 1))


def test_a_pace_that_misses_the_date_offers_the_date_it_reaches_and_the_amount() -> None:
    pace = behind(200, 21)
    today = START + timedelta(days=20)

    replan = replan_options(pace, today)

    assert replan is not None
    assert replan.total == words(4_200)
    assert replan.finish == today + timedelta(days=179)  # 35,800 more at 200 a day
    assert replan.reachable == words(17_200)  # 4,200 + 200 × 65 days left
    assert replan.needed_per_day == 35_800 / 64  # from today to the date


def test_no_offer_on_track_too_early_past_the_date_or_too_far() -> None:
    assert replan_options(behind(480, 21), START + timedelta(days=20)) is None  # on track
    assert replan_options(behind(100, 3), START + timedelta(days=2)) is None  # too early
    late = behind(200, 21)
    assert replan_options(late, START + timedelta(weeks=13)) is None  # the date has passed
    crawl = replan_options(behind(20, 21), START + timedelta(days=20))
    assert crawl is not None
    assert crawl.finish is None  # years away: only a smaller outcome is offered
    assert crawl.reachable == words(1_700)  # 420 + 20 × 65


def test_a_re_planned_outcome_breaks_down_what_is_left_over_the_days_left() -> None:
    goal = plan()
    today = START + timedelta(days=21)

    smaller = with_replan(goal, done=4_200, today=today, outcome=words(17_200))

    assert smaller.outcome == "Write 17,200 words"
    assert smaller.outcome_due == goal.outcome_due
    # 13,000 left in 64 days: 1,422 ≈ 1,400 a week, 200 a day, 5,600 a plan month.
    assert Sizes.of_plan(smaller) == Sizes(words(5_600), words(1_400), words(200))
    later = with_replan(goal, done=4_200, today=today, due=today + timedelta(days=179))
    assert later.outcome_measure == goal.outcome_measure
    assert later.daily_measure == words(200)  # the pace it was moved for
    assert with_replan(goal, done=50_000, today=today, outcome=words(40_000)).daily_measure == (
        goal.daily_measure
    )  # nothing left to break down
