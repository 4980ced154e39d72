"""Tests for reading and writing wall-clock times (bot.coach.clock_time)."""

from __future__ import annotations

from datetime import time

import pytest

from bot.coach.clock_time import (
    MAX_CLOCK_TIME_LENGTH,
    ClockTimeProblem,
    ClockTimeRejected,
    format_clock_time,
    parse_clock_time,
    read_clock_time,
)

ACCEPTED: list[tuple[str, time]] = [
    # separators
    ("7:30", time(7, 30)),
    ("07:30", time(7, 30)),
    ("7.30", time(7, 30)),
    ("19.30", time(19, 30)),
    ("19h30", time(19, 30)),
    ("7,30", time(7, 30)),
    ("7 : 30", time(7, 30)),
    ("0:00", time(0, 0)),
    ("23:59", time(23, 59)),
    ("00:05", time(0, 5)),
    # digits only
    ("7", time(7, 0)),
    ("07", time(7, 0)),
    ("19", time(19, 0)),
    ("0", time(0, 0)),
    ("0730", time(7, 30)),
    ("1930", time(19, 30)),
    ("730", time(7, 30)),
    ("0000", time(0, 0)),
    # hour marks
    ("19h", time(19, 0)),
    ("7 h", time(7, 0)),
    ("7 hrs", time(7, 0)),
    ("19:30h", time(19, 30)),
    # am / pm
    ("7am", time(7, 0)),
    ("7 am", time(7, 0)),
    ("7AM", time(7, 0)),
    ("7 A.M.", time(7, 0)),
    ("7a", time(7, 0)),
    ("7p", time(19, 0)),
    ("7:30pm", time(19, 30)),
    ("7:30 PM", time(19, 30)),
    ("7.30 p.m.", time(19, 30)),
    ("7.30 p. m.", time(19, 30)),
    ("7.30p.m.", time(19, 30)),
    ("730pm", time(19, 30)),
    ("12am", time(0, 0)),
    ("12:30 am", time(0, 30)),
    ("12pm", time(12, 0)),
    ("12:45 pm", time(12, 45)),
    ("11:59 pm", time(23, 59)),
    # words
    ("noon", time(12, 0)),
    ("Midday", time(12, 0)),
    ("midnight", time(0, 0)),
    ("12 noon", time(12, 0)),
    ("12:00 midnight", time(0, 0)),
    ("at noon please", time(12, 0)),
    # parts of the day
    ("7 in the morning", time(7, 0)),
    ("12:30 in the morning", time(0, 30)),
    ("7 in the evening", time(19, 0)),
    ("3 in the afternoon", time(15, 0)),
    ("12 in the afternoon", time(12, 0)),
    ("10 at night", time(22, 0)),
    ("2 at night", time(2, 0)),
    ("12 at night", time(0, 0)),
    ("19:30 in the evening", time(19, 30)),  # already 24-hour: the day part only agrees
    ("7pm in the morning", time(19, 0)),  # am/pm written out beats a day part
    # noise around the time
    ("at 7:30", time(7, 30)),
    ("7:30 please", time(7, 30)),
    ("At 7:30, please!", time(7, 30)),
    ("  7:30  ", time(7, 30)),
    ("around 7", time(7, 0)),
    ("7ish", time(7, 0)),
    ("7:30-ish", time(7, 30)),
    ("7 o'clock", time(7, 0)),
    ("7 o’clock sharp", time(7, 0)),
    ("nudge me at 7:30 every morning", time(7, 30)),
    ("I'd like 6:45 on weekdays", time(6, 45)),
    ("ok, 8", time(8, 0)),
    # half past / quarter past / quarter to: a plain hour reads as morning
    ("half past six", time(6, 30)),
    ("Half past 6!", time(6, 30)),
    ("half past seven please", time(7, 30)),
    ("quarter to seven", time(6, 45)),
    ("a quarter to seven", time(6, 45)),
    ("quarter past 7", time(7, 15)),
    ("quarter after nine", time(9, 15)),
    ("half past twelve", time(12, 30)),
    ("quarter to one", time(0, 45)),
    ("half past 18", time(18, 30)),
    ("half past six in the evening", time(18, 30)),
    ("half past ten at night", time(22, 30)),
    ("quarter to 7pm", time(18, 45)),
    ("half past six p.m.", time(18, 30)),
    ("quarter to 1pm", time(12, 45)),
    ("quarter to 12pm", time(11, 45)),
    # other scripts and widths
    ("７：３０", time(7, 30)),
    ("٧:٣٠", time(7, 30)),
]

REJECTED: list[tuple[str, ClockTimeProblem]] = [
    ("", ClockTimeProblem.EMPTY),
    ("   ", ClockTimeProblem.EMPTY),
    ("\n\t", ClockTimeProblem.EMPTY),
    ("7" * (MAX_CLOCK_TIME_LENGTH + 1), ClockTimeProblem.TOO_LONG),
    ("at 7:30 " + "please " * 5, ClockTimeProblem.TOO_LONG),
    ("25:61", ClockTimeProblem.OUT_OF_RANGE),
    ("24:00", ClockTimeProblem.OUT_OF_RANGE),
    ("24", ClockTimeProblem.OUT_OF_RANGE),
    ("7:60", ClockTimeProblem.OUT_OF_RANGE),
    ("13pm", ClockTimeProblem.OUT_OF_RANGE),
    ("13:30 pm", ClockTimeProblem.OUT_OF_RANGE),
    ("0am", ClockTimeProblem.OUT_OF_RANGE),
    ("0:30 pm", ClockTimeProblem.OUT_OF_RANGE),
    ("2561", ClockTimeProblem.OUT_OF_RANGE),
    ("99", ClockTimeProblem.OUT_OF_RANGE),
    ("banana", ClockTimeProblem.UNPARSEABLE),
    ("half to seven", ClockTimeProblem.UNPARSEABLE),
    ("quarter past 25", ClockTimeProblem.UNPARSEABLE),
    ("quarter to 7:30", ClockTimeProblem.UNPARSEABLE),
    ("half past sixteen", ClockTimeProblem.UNPARSEABLE),
    ("7 or 8", ClockTimeProblem.UNPARSEABLE),
    ("in 2 hours", ClockTimeProblem.UNPARSEABLE),
    ("banana 7:30", ClockTimeProblem.UNPARSEABLE),
    ("7:5", ClockTimeProblem.UNPARSEABLE),
    ("7:30:00", ClockTimeProblem.UNPARSEABLE),
    ("12345", ClockTimeProblem.UNPARSEABLE),
    ("7, 30", ClockTimeProblem.UNPARSEABLE),
    ("1 noon", ClockTimeProblem.UNPARSEABLE),
    ("noon midnight", ClockTimeProblem.UNPARSEABLE),
    ("7 morning evening", ClockTimeProblem.UNPARSEABLE),
    ("🙂", ClockTimeProblem.UNPARSEABLE),
    ("7時", ClockTimeProblem.UNPARSEABLE),
    ("-", ClockTimeProblem.UNPARSEABLE),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepts(text: str, expected: time) -> None:
    assert parse_clock_time(text) == expected


@pytest.mark.parametrize(("text", "problem"), REJECTED)
def test_rejects(text: str, problem: ClockTimeProblem) -> None:
    assert parse_clock_time(text) == ClockTimeRejected(problem)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (time(7, 30), "7:30"),
        (time(19, 5), "19:05"),
        (time(0, 0), "0:00"),
        (time(12, 0), "12:00"),
        (time(23, 59, 59), "23:59"),
    ],
)
def test_format(value: time, shown: str) -> None:
    assert format_clock_time(value) == shown


def test_every_minute_of_the_day_round_trips() -> None:
    for minute_of_day in range(24 * 60):
        value = time(*divmod(minute_of_day, 60))
        assert parse_clock_time(format_clock_time(value)) == value
        assert parse_clock_time(f"{value.hour:02d}{value.minute:02d}") == value


def test_every_minute_round_trips_in_twelve_hour_form() -> None:
    for minute_of_day in range(24 * 60):
        value = time(*divmod(minute_of_day, 60))
        twelve = value.hour % 12 or 12
        meridiem = "am" if value.hour < 12 else "pm"
        assert parse_clock_time(f"{twelve}:{value.minute:02d} {meridiem}") == value
        assert parse_clock_time(f"{twelve}.{value.minute:02d}{meridiem[0]}.m.") == value


@pytest.mark.parametrize("text", ["7", "19", "0730", "730", "ok 7"])
def test_bare_numbers_are_no_time_when_not_allowed(text: str) -> None:
    assert read_clock_time(text, bare_numbers=False) is None
    assert isinstance(read_clock_time(text, bare_numbers=True), time)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7pm", time(19, 0)),
        ("19h", time(19, 0)),
        ("7:30", time(7, 30)),
        ("930pm", time(21, 30)),
        ("9 in the evening", time(21, 0)),
        ("noon", time(12, 0)),
        ("it's half past six", time(6, 30)),
    ],
)
def test_marked_times_count_without_bare_numbers(text: str, expected: time) -> None:
    assert read_clock_time(text, bare_numbers=False) == expected


def test_read_clock_time_says_none_for_no_time_at_all() -> None:
    assert read_clock_time("Berlin", bare_numbers=True) is None
    assert read_clock_time("Berlin 9pm", bare_numbers=True) is ClockTimeProblem.UNPARSEABLE


def test_long_input_is_rejected_before_it_is_read() -> None:
    # How fast, with the awkward inputs below: `make bench` (bench/scenarios/budgets.py).
    assert parse_clock_time("7:30 " * 1000) == ClockTimeRejected(ClockTimeProblem.TOO_LONG)


@pytest.mark.parametrize(
    "text",
    ["1" * 40, "1:" * 20, "1 " * 20, "1h" * 20, "a." * 20, "am " * 13, "p.m." * 10, ":" * 40],
)
def test_awkward_input_is_an_answer_not_an_error(text: str) -> None:
    assert isinstance(parse_clock_time(text), time | ClockTimeRejected)
