"""Tests for reading and formatting dates typed by people."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bot.coach.dates import (
    MAX_TEXT_LENGTH,
    DateProblem,
    add_months,
    format_date,
    last_day_of_month,
    next_weekday,
    parse_date,
    split_deadline,
)

WED = date(2027, 3, 10)  # a Wednesday
NEW_YEARS_EVE = date(2027, 12, 31)  # a Friday
LEAP_DAY = date(2028, 2, 29)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("today", WED, WED),
        ("Today", WED, WED),
        ("tomorrow", WED, date(2027, 3, 11)),
        ("tomorrow!", WED, date(2027, 3, 11)),
        ("the day after tomorrow", WED, date(2027, 3, 12)),
        ("Friday", WED, date(2027, 3, 12)),
        ("friday", WED, date(2027, 3, 12)),
        ("fri", WED, date(2027, 3, 12)),
        ("next Friday", WED, date(2027, 3, 12)),
        ("this Friday", WED, date(2027, 3, 12)),
        ("on Friday", WED, date(2027, 3, 12)),
        ("by Friday", WED, date(2027, 3, 12)),
        ("Wednesday", WED, date(2027, 3, 17)),  # today's weekday means a week later
        ("next wednesday", WED, date(2027, 3, 17)),
        ("Tuesday", WED, date(2027, 3, 16)),
        ("Friday", NEW_YEARS_EVE, date(2028, 1, 7)),
        ("Monday", NEW_YEARS_EVE, date(2028, 1, 3)),
        ("15 March", WED, date(2027, 3, 15)),
        ("15 Mar", WED, date(2027, 3, 15)),
        ("15th March", WED, date(2027, 3, 15)),
        ("15th of March", WED, date(2027, 3, 15)),
        ("March 15", WED, date(2027, 3, 15)),
        ("March 15th", WED, date(2027, 3, 15)),
        ("Fri 19 March", WED, date(2027, 3, 19)),
        ("10 March", WED, WED),  # today is on or after today
        ("9 March", WED, date(2028, 3, 9)),  # next occurrence, not the past
        ("1 January", NEW_YEARS_EVE, date(2028, 1, 1)),
        ("15 March 2028", WED, date(2028, 3, 15)),
        ("March 15, 2028", WED, date(2028, 3, 15)),
        ("15/03", WED, date(2027, 3, 15)),
        ("3/4", WED, date(2027, 4, 3)),  # day first
        ("15.03", WED, date(2027, 3, 15)),
        ("15-03", WED, date(2027, 3, 15)),
        ("15.03.2027", WED, date(2027, 3, 15)),
        ("15/03/2027", WED, date(2027, 3, 15)),
        ("15/03/28", WED, date(2028, 3, 15)),
        ("2027-03-15", WED, date(2027, 3, 15)),
        ("2027/03/15", WED, date(2027, 3, 15)),
        ("2027-4-5", WED, date(2027, 4, 5)),
        ("in 2 weeks", WED, date(2027, 3, 24)),
        ("in two weeks", WED, date(2027, 3, 24)),
        ("2 weeks", WED, date(2027, 3, 24)),
        ("in a couple of weeks", WED, date(2027, 3, 24)),
        ("in 10 days", WED, date(2027, 3, 20)),
        ("10 days from now", WED, date(2027, 3, 20)),
        ("in 0 days", WED, WED),
        ("in a week", WED, date(2027, 3, 17)),
        ("in a month", WED, date(2027, 4, 10)),
        ("in a month", date(2027, 1, 31), date(2027, 2, 28)),
        ("in a month", date(2028, 1, 31), date(2028, 2, 29)),
        ("in 3 months", date(2027, 11, 30), date(2028, 2, 29)),
        ("in a year", LEAP_DAY, date(2029, 2, 28)),
        ("end of month", WED, date(2027, 3, 31)),
        ("end of the month", WED, date(2027, 3, 31)),
        ("end of month", date(2027, 3, 31), date(2027, 3, 31)),
        ("end of month", date(2028, 2, 1), LEAP_DAY),
        ("end of month", date(2027, 2, 1), date(2027, 2, 28)),
        ("end of next month", WED, date(2027, 4, 30)),
        ("end of next month", NEW_YEARS_EVE, date(2028, 1, 31)),
        ("end of week", WED, date(2027, 3, 14)),
        ("end of the week", date(2027, 3, 14), date(2027, 3, 14)),
        ("end of the year", WED, NEW_YEARS_EVE),
        ("next week", WED, date(2027, 3, 15)),
        ("next month", WED, date(2027, 4, 1)),
        ("next month", NEW_YEARS_EVE, date(2028, 1, 1)),
        ("next month", date(2027, 1, 31), date(2027, 2, 1)),
        ("next year", WED, date(2028, 1, 1)),
        ("29 February", WED, LEAP_DAY),  # waits for a leap year
        ("29 February", date(2028, 1, 10), LEAP_DAY),
        ("29 February", date(2028, 3, 1), date(2032, 2, 29)),
        ("29/02", WED, LEAP_DAY),
        ("2028-02-29", WED, LEAP_DAY),
        ("  15   March  ", WED, date(2027, 3, 15)),
    ],
)
def test_parse_date(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    ("text", "today", "problem"),
    [
        ("", WED, DateProblem.EMPTY),
        ("   ", WED, DateProblem.EMPTY),
        ("x" * (MAX_TEXT_LENGTH + 1), WED, DateProblem.TOO_LONG),
        ("someday", WED, DateProblem.UNPARSEABLE),
        ("blah", WED, DateProblem.UNPARSEABLE),
        ("the 15th", WED, DateProblem.UNPARSEABLE),
        ("15", WED, DateProblem.UNPARSEABLE),
        ("31 February", WED, DateProblem.INVALID),
        ("30 February", WED, DateProblem.INVALID),
        ("31 April", WED, DateProblem.INVALID),
        ("2027-02-29", WED, DateProblem.INVALID),  # 2027 is not a leap year
        ("29.02.2027", WED, DateProblem.INVALID),
        ("32/01", WED, DateProblem.INVALID),
        ("15/13", WED, DateProblem.INVALID),
        ("0/3", WED, DateProblem.INVALID),
        ("2027-13-01", WED, DateProblem.INVALID),
        ("yesterday", WED, DateProblem.PAST),
        ("1/1/2020", WED, DateProblem.PAST),
        ("2027-03-09", WED, DateProblem.PAST),
        ("9 March 2027", WED, DateProblem.PAST),
        ("in 9999 days", WED, DateProblem.TOO_FAR),
        ("in 20 years", WED, DateProblem.TOO_FAR),
        ("31/12/9999", WED, DateProblem.TOO_FAR),
        ("2040-01-01", WED, DateProblem.TOO_FAR),
    ],
)
def test_parse_date_problems(text: str, today: date, problem: DateProblem) -> None:
    assert parse_date(text, today) == problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", date(2027, 3, 9)),
        ("1/1/2020", date(2020, 1, 1)),
        ("15 March 1990", date(1990, 3, 15)),
        ("29 February 1992", date(1992, 2, 29)),
    ],
)
def test_parse_date_allows_past_dates_when_asked(text: str, expected: date) -> None:
    assert parse_date(text, WED, allow_past=True) == expected


def test_parse_date_still_checks_validity_when_past_dates_are_allowed() -> None:
    assert parse_date("29 February 1991", WED, allow_past=True) == DateProblem.INVALID


def test_parse_date_never_returns_a_past_date() -> None:
    texts = [
        "today", "tomorrow", "monday", "sunday", "next friday", "1 january", "31 december",
        "29 february", "15/03", "1.1", "in 3 days", "in a month", "end of month", "end of week",
        "next month", "next week", "next year", "end of the year", "31 march", "30/04",
    ]  # fmt: skip
    today = date(2026, 12, 20)
    while today < date(2029, 1, 10):
        for text in texts:
            result = parse_date(text, today)
            assert isinstance(result, date), (text, today, result)
            assert result >= today, (text, today, result)
        today += timedelta(days=3)


@pytest.mark.parametrize(
    ("day", "today", "text"),
    [
        (date(2027, 3, 15), WED, "Mon 15 Mar"),
        (date(2027, 3, 12), WED, "Fri 12 Mar"),
        (date(2028, 1, 3), NEW_YEARS_EVE, "Mon 3 Jan 2028"),
        (LEAP_DAY, WED, "Tue 29 Feb 2028"),
        (date(2026, 12, 31), WED, "Thu 31 Dec 2026"),
    ],
)
def test_format_date(day: date, today: date, text: str) -> None:
    assert format_date(day, today) == text


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, LEAP_DAY),
        (date(2027, 12, 15), 1, date(2028, 1, 15)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2027, 1, 15), -1, date(2026, 12, 15)),
        (LEAP_DAY, 12, date(2029, 2, 28)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 2, 3), date(2027, 2, 28)),
        (date(2028, 2, 3), LEAP_DAY),
        (date(2027, 12, 1), date(2027, 12, 31)),
        (date(2027, 4, 30), date(2027, 4, 30)),
    ],
)
def test_last_day_of_month(day: date, expected: date) -> None:
    assert last_day_of_month(day) == expected


def test_next_weekday_is_strictly_after_today() -> None:
    today = date(2027, 3, 1)  # a Monday
    for offset in range(14):
        day = today + timedelta(days=offset)
        for weekday in range(7):
            result = next_weekday(day, weekday)
            assert result.weekday() == weekday
            assert 1 <= (result - day).days <= 7


def test_random_text_gives_a_date_or_a_problem() -> None:
    pieces = [
        *"0123456789 /.-", "march", "friday", "next", "in", "days", "weeks", "month", "end",
        "of", "the", "2027", "29", "feb", "today", "tomorrow", "a", "year", "th", "on",
    ]  # fmt: skip
    rng = random.Random(2027)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        result = parse_date(text, WED)
        if isinstance(result, date):
            assert WED <= result <= date(2037, 3, 10), (text, result)
        else:
            assert isinstance(result, DateProblem), (text, result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Outline the plot by Friday", ("Outline the plot", date(2027, 3, 12))),
        ("Outline the plot by Friday.", ("Outline the plot", date(2027, 3, 12))),
        ("Finish chapter 1 by 15 March", ("Finish chapter 1", date(2027, 3, 15))),
        ("Send the draft, due in 2 weeks", ("Send the draft", date(2027, 3, 24))),
        ("Book the venue - before the end of the month", ("Book the venue", date(2027, 3, 31))),
        ("Call the printer on Monday", ("Call the printer", date(2027, 3, 15))),
        ("Outline by hand by Friday", ("Outline by hand", date(2027, 3, 12))),
        ("Submit it (by 1 April)", ("Submit it", date(2027, 4, 1))),
        ("Run 5k until 20/03", ("Run 5k", date(2027, 3, 20))),
    ],
)
def test_split_deadline_takes_a_trailing_deadline_off_a_title(
    text: str, expected: tuple[str, date]
) -> None:
    assert split_deadline(text, WED) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Outline the plot",
        "Work on chapter 1",
        "Plan the Friday party",
        "by Friday",  # nothing would be left of the title
        "Finish by yesterday",  # past: the date question asks again
        "Read until the end",
        "Write 300 words by hand",
    ],
)
def test_split_deadline_leaves_titles_without_a_deadline(text: str) -> None:
    assert split_deadline(text, WED) is None
