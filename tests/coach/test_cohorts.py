"""Which users' own dates keep them out of their cohort: the window and its birthdays."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.coach.cohorts import DateWindow, is_personal, personal_window
from bot.coach.models import User

NOW = datetime(2026, 12, 28, 7, 0, tzinfo=UTC)
USER = User(1, 1, "Ann", NOW, NOW, timezone="Europe/Berlin", next_due_at=NOW)


def test_the_window_reaches_from_the_catch_up_to_the_week_ahead_with_a_margin() -> None:
    assert personal_window(NOW, NOW) == DateWindow(date(2026, 12, 25), date(2027, 1, 8))
    # Due long ago: the catch-up looks back two days at most.
    assert personal_window(NOW - timedelta(days=30), NOW).first == date(2026, 12, 23)


def test_birthdays_are_ranges_of_month_and_day_split_at_new_year() -> None:
    window = DateWindow(date(2026, 12, 25), date(2027, 1, 8))

    assert window.birthday_spans() == (((12, 25), (12, 31)), ((1, 1), (1, 8)))


def test_a_window_ending_on_28_february_catches_29_february_birthdays() -> None:
    assert DateWindow(date(2027, 2, 20), date(2027, 2, 28)).birthday_spans() == (
        ((2, 20), (2, 29)),
    )


@pytest.mark.parametrize(
    ("own", "personal"),
    [
        ({}, False),
        ({"birthday": date(1990, 1, 3)}, True),  # the 3rd, next week
        ({"birthday": date(1990, 6, 3)}, False),
        ({"paused_until": date(2026, 12, 24)}, False),  # over before the window
        ({"paused_until": date(2026, 12, 25)}, True),  # its next day is a fresh start
        ({"fresh_start_on": date(2027, 1, 8)}, True),
        ({"fresh_start_on": date(2027, 1, 9)}, False),
    ],
)
def test_a_user_is_personal_when_one_of_their_dates_is_in_the_window(
    own: dict[str, Any], personal: bool
) -> None:
    window = personal_window(NOW, NOW)

    assert is_personal(dataclasses.replace(USER, **own), window) is personal
