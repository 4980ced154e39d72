"""When the 30-day system's end beats come: the month's review and the next cycle (rule 11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.coach.system import MonthEnded, cycle_ending, month_ended

START = date(2026, 10, 26)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (27, None),  # the month's last day: not over yet
        (28, MonthEnded(1, START, START + timedelta(days=27))),  # day 29
        (29, MonthEnded(1, START, START + timedelta(days=27))),  # day 30
        (30, None),
        (56, MonthEnded(2, START + timedelta(days=28), START + timedelta(days=55))),
        (0, None),
        (-3, None),  # before the start
    ],
)
def test_a_month_is_reviewed_on_the_first_two_mornings_after_it(
    day: int, expected: MonthEnded | None
) -> None:
    assert month_ended(START, START + timedelta(days=day)) == expected


@pytest.mark.parametrize(
    ("before_due", "expected"), [(8, False), (7, True), (5, True), (4, False), (0, False)]
)
def test_the_next_cycle_is_invited_on_the_first_days_of_the_last_week(
    before_due: int, *, expected: bool
) -> None:
    due = START + timedelta(weeks=12)
    assert cycle_ending(due, due - timedelta(days=before_due)) is expected
