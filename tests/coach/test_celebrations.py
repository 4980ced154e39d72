"""Which win reaches the week's or the month's target (rules 1 and 4): the crossing only."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.coach.celebrations import Period, any_target_met, targets_reached
from bot.coach.progress.ladder import ladder_progress
from tests.coach.test_progress import START, log, novel


def test_the_win_that_crosses_the_weeks_target_reaches_it() -> None:
    goal = novel()
    today = START + timedelta(days=2)
    before = ladder_progress(goal, log(1200, 1200), today)
    after = ladder_progress(goal, log(1200, 1200, 900), today)

    [reached] = targets_reached(before, after)

    assert reached.period is Period.WEEK
    assert (reached.progress.done.quantity, reached.progress.target.quantity) == (3300, 3300)
    assert (reached.start, reached.end) == (after.week_start, after.week_end)
    assert reached.days_left == (after.week_end - today).days == 4


def test_a_win_after_the_target_is_met_reaches_nothing() -> None:
    goal = novel()
    today = START + timedelta(days=3)
    before = ladder_progress(goal, log(1200, 1200, 900), today)
    after = ladder_progress(goal, log(1200, 1200, 900, 480), today)

    assert any_target_met(after)
    assert targets_reached(before, after) == ()


def test_week_and_month_can_be_reached_by_one_win() -> None:
    goal = novel(monthly_measure=novel().weekly_measure)  # a month as small as the week
    today = START + timedelta(days=6)
    before = ladder_progress(goal, log(480, 480, 480, 480, 480, 480), today)
    after = ladder_progress(goal, log(480, 480, 480, 480, 480, 480, 480), today)

    reached = targets_reached(before, after)

    assert [r.period for r in reached] == [Period.WEEK, Period.MONTH]
    assert reached[0].days_left == 0  # the week's last day


def test_a_level_without_a_target_is_never_reached() -> None:
    goal = novel(weekly_measure=None, monthly_measure=None)
    today = START + timedelta(days=1)
    after = ladder_progress(goal, log(5000, 5000), today)

    assert not any_target_met(after)
    assert targets_reached(None, after) == ()


@given(st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=28))
def test_each_period_is_reached_once_whatever_the_amounts(amounts: list[int]) -> None:
    """Day by day through a plan month: every crossing is reported once, and only crossings."""
    goal = novel()
    crossings: dict[tuple[Period, object], int] = {}
    for index in range(len(amounts)):
        today = START + timedelta(days=index)
        before = ladder_progress(goal, log(*amounts[:index]), today)
        after = ladder_progress(goal, log(*amounts[: index + 1]), today)
        for reached in targets_reached(before, after):
            key = (reached.period, reached.start)
            crossings[key] = crossings.get(key, 0) + 1
            assert reached.progress.fraction >= 1
    assert all(count == 1 for count in crossings.values())
    total = sum(amounts)
    assert ((Period.MONTH, START) in crossings) == (total >= 13_300)
