"""Tests for fresh-start landmarks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.coach.landmarks import (
    KIND_RANK,
    Landmark,
    LandmarkKind,
    birthday_in,
    first_of_next_month,
    landmarks_on,
    next_birthday,
    next_monday,
    next_quarter_start,
    twelve_weeks_after,
    upcoming_landmarks,
)

K = LandmarkKind
LEAPLING = date(1992, 2, 29)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 3, 10), date(2027, 3, 15)),  # Wednesday
        (date(2027, 3, 14), date(2027, 3, 15)),  # Sunday → tomorrow
        (date(2027, 3, 15), date(2027, 3, 22)),  # Monday → a week later
        (date(2027, 12, 31), date(2028, 1, 3)),  # across the year end
        (date(2028, 2, 28), date(2028, 3, 6)),  # across a leap day
    ],
)
def test_next_monday(today: date, expected: date) -> None:
    assert next_monday(today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 3, 10), date(2027, 4, 1)),
        (date(2027, 3, 1), date(2027, 4, 1)),  # the 1st itself → next month's
        (date(2027, 1, 31), date(2027, 2, 1)),
        (date(2027, 12, 31), date(2028, 1, 1)),  # 31 Dec → January of next year
        (date(2027, 12, 1), date(2028, 1, 1)),
        (date(2028, 2, 29), date(2028, 3, 1)),
    ],
)
def test_first_of_next_month(today: date, expected: date) -> None:
    assert first_of_next_month(today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 1, 1), date(2027, 4, 1)),
        (date(2027, 3, 31), date(2027, 4, 1)),
        (date(2027, 4, 1), date(2027, 7, 1)),  # a quarter start itself → the next one
        (date(2027, 6, 30), date(2027, 7, 1)),
        (date(2027, 8, 15), date(2027, 10, 1)),
        (date(2027, 10, 1), date(2028, 1, 1)),  # after Q4 → next year
        (date(2027, 12, 31), date(2028, 1, 1)),
    ],
)
def test_next_quarter_start(today: date, expected: date) -> None:
    assert next_quarter_start(today) == expected


@pytest.mark.parametrize(
    ("birthday", "today", "expected"),
    [
        (date(1990, 6, 15), date(2027, 3, 10), date(2027, 6, 15)),
        (date(1990, 6, 15), date(2027, 6, 14), date(2027, 6, 15)),
        (date(1990, 6, 15), date(2027, 6, 15), date(2028, 6, 15)),  # on the day → next year
        (date(1990, 1, 1), date(2027, 12, 31), date(2028, 1, 1)),
        (LEAPLING, date(2027, 1, 10), date(2027, 2, 28)),  # non-leap year → 28 February
        (LEAPLING, date(2027, 2, 28), date(2028, 2, 29)),
        (LEAPLING, date(2028, 1, 10), date(2028, 2, 29)),  # leap year → the real day
        (LEAPLING, date(2028, 2, 29), date(2029, 2, 28)),
        (LEAPLING, date(2028, 3, 1), date(2029, 2, 28)),
    ],
)
def test_next_birthday(birthday: date, today: date, expected: date) -> None:
    assert next_birthday(birthday, today) == expected


def test_birthday_in() -> None:
    assert birthday_in(LEAPLING, 2027) == date(2027, 2, 28)
    assert birthday_in(LEAPLING, 2028) == date(2028, 2, 29)
    assert birthday_in(date(1990, 3, 1), 2027) == date(2027, 3, 1)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2027, 3, 15), date(2027, 6, 7)),
        (date(2027, 11, 1), date(2028, 1, 24)),  # across the year end
        (date(2028, 1, 3), date(2028, 3, 27)),  # across a leap day
    ],
)
def test_twelve_weeks_after(start: date, end: date) -> None:
    assert twelve_weeks_after(start) == end
    assert (end - start).days == 84
    assert end.weekday() == start.weekday()


@pytest.mark.parametrize(
    ("day", "birthday", "extra", "expected"),
    [
        (date(2027, 3, 10), None, None, None),
        (date(2027, 3, 15), None, None, Landmark(date(2027, 3, 15), K.MONDAY)),
        (date(2027, 5, 1), None, None, Landmark(date(2027, 5, 1), K.MONTH_START)),
        (date(2027, 3, 1), None, None, Landmark(date(2027, 3, 1), K.MONTH_START, (K.MONDAY,))),
        (date(2027, 10, 1), None, None,
         Landmark(date(2027, 10, 1), K.QUARTER_START, (K.MONTH_START,))),
        (date(2027, 2, 28), LEAPLING, None, Landmark(date(2027, 2, 28), K.BIRTHDAY)),
        (date(2028, 2, 28), LEAPLING, None, Landmark(date(2028, 2, 28), K.MONDAY)),  # leap year
        (date(2027, 3, 10), None, date(2027, 3, 10), Landmark(date(2027, 3, 10), K.CUSTOM)),
    ],
)  # fmt: skip
def test_landmarks_on(
    day: date, birthday: date | None, extra: date | None, expected: Landmark | None
) -> None:
    assert landmarks_on(day, birthday, extra) == expected


def test_upcoming_landmarks_without_extras() -> None:
    assert upcoming_landmarks(date(2027, 3, 10)) == [
        Landmark(date(2027, 3, 15), K.MONDAY),
        Landmark(date(2027, 4, 1), K.QUARTER_START, (K.MONTH_START,)),
    ]


def test_upcoming_landmarks_with_birthday_and_custom_date() -> None:
    assert upcoming_landmarks(
        date(2027, 5, 20), birthday=date(1990, 5, 24), extra=date(2027, 6, 10)
    ) == [
        Landmark(date(2027, 5, 24), K.BIRTHDAY, (K.MONDAY,)),
        Landmark(date(2027, 6, 1), K.MONTH_START),
        Landmark(date(2027, 6, 10), K.CUSTOM),
        Landmark(date(2027, 7, 1), K.QUARTER_START, (K.MONTH_START,)),
    ]


def test_upcoming_landmarks_across_the_year_end() -> None:
    assert upcoming_landmarks(date(2027, 12, 31), birthday=LEAPLING) == [
        Landmark(date(2028, 1, 1), K.QUARTER_START, (K.MONTH_START,)),
        Landmark(date(2028, 1, 3), K.MONDAY),
        Landmark(date(2028, 2, 29), K.BIRTHDAY),
    ]


def test_a_monday_that_starts_a_month_and_a_quarter_is_one_landmark() -> None:
    # 1 March 2027 is a Monday; so is 1 November 2027.
    assert upcoming_landmarks(date(2027, 2, 25)) == [
        Landmark(date(2027, 3, 1), K.MONTH_START, (K.MONDAY,)),
        Landmark(date(2027, 4, 1), K.QUARTER_START, (K.MONTH_START,)),
    ]
    assert upcoming_landmarks(date(2027, 10, 28), extra=date(2027, 11, 1))[0] == Landmark(
        date(2027, 11, 1), K.CUSTOM, (K.MONTH_START, K.MONDAY)
    )


def test_past_or_today_custom_dates_are_left_out() -> None:
    today = date(2027, 3, 10)
    for extra in (today, today - timedelta(days=1)):
        kinds = [landmark.kind for landmark in upcoming_landmarks(today, extra=extra)]
        assert K.CUSTOM not in kinds


def test_upcoming_landmarks_invariants() -> None:
    """Every landmark is after today, dates are sorted and unique, the best kind names a day."""
    birthdays = [None, LEAPLING, date(1985, 1, 1), date(2000, 12, 31), date(1970, 7, 4)]
    today = date(2026, 12, 1)
    while today < date(2029, 3, 1):
        for birthday in birthdays:
            extra = today + timedelta(days=today.toordinal() % 40)
            landmarks = upcoming_landmarks(today, birthday, extra)
            days = [landmark.day for landmark in landmarks]
            assert all(day > today for day in days), (today, landmarks)
            assert days == sorted(set(days))
            assert days[0] <= today + timedelta(days=7)  # a Monday is never far
            for landmark in landmarks:
                ranks = [KIND_RANK[kind] for kind in (landmark.kind, *landmark.also)]
                assert ranks == sorted(ranks)
                assert len(set(ranks)) == len(ranks)
            kinds = {kind for lm in landmarks for kind in (lm.kind, *lm.also)}
            assert {K.MONDAY, K.MONTH_START, K.QUARTER_START} <= kinds
            assert (K.BIRTHDAY in kinds) == (birthday is not None)
            assert (K.CUSTOM in kinds) == (extra > today)
        today += timedelta(days=5)
