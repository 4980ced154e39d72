"""Tests for reading and formatting quantities with units."""

from __future__ import annotations

import math
import random

import pytest

from bot.coach.models import Measure
from bot.coach.quantities.reading import (
    MAX_QUANTITY,
    MeasureMatch,
    MeasureProblem,
    check_quantity,
    find_measure,
    make_measure,
    parse_measure,
    read_measure,
)
from bot.coach.quantities.units import (
    UnitKind,
    is_countable,
    normalise_unit,
    to_minutes,
    unit_kind,
)
from bot.coach.quantities.writing import format_measure, format_quantity, replace_measure


@pytest.mark.parametrize(
    ("text", "quantity", "unit"),
    [
        ("40,000 words", 40000, "words"),
        ("40k words", 40000, "words"),
        ("40K words", 40000, "words"),
        ("write 40000 words", 40000, "words"),
        ("Write 40 thousand words", 40000, "words"),
        ("run 5 km", 5, "km"),
        ("5km", 5, "km"),
        ("5 kilometres", 5, "km"),
        ("5 kilometers", 5, "km"),
        ("run 3 miles", 3, "miles"),
        ("walk 1 mile", 1, "miles"),
        ("run 400m", 400, "m"),
        ("save €3,000", 3000, "EUR"),
        ("save € 3000", 3000, "EUR"),
        ("3000€", 3000, "EUR"),
        ("3.000 €", 3000, "EUR"),
        ("3000 euros", 3000, "EUR"),
        ("EUR 3000", 3000, "EUR"),
        ("3k€", 3000, "EUR"),
        ("$500", 500, "USD"),
        ("500 dollars", 500, "USD"),
        ("$1.5M", 1_500_000, "USD"),
        ("£20", 20, "GBP"),
        ("save 500 pounds", 500, "GBP"),
        ("lose 10 pounds", 10, "lb"),
        ("lose 10 lbs", 10, "lb"),
        ("10 clients", 10, "clients"),
        ("sign 10 new clients", 10, "clients"),
        ("read 12 books", 12, "books"),
        ("read one book a week", 1, "books"),
        ("1.5 hours", 1.5, "hours"),
        ("1.5h", 1.5, "hours"),
        ("2 hrs", 2, "hours"),
        ("an hour", 1, "hours"),
        ("half an hour", 30, "minutes"),
        ("1h30", 90, "minutes"),
        ("2 hours 30 minutes", 150, "minutes"),
        ("1 hour and 15 min", 75, "minutes"),
        ("30 minutes", 30, "minutes"),
        ("30 min", 30, "minutes"),
        ("30 mins", 30, "minutes"),
        ("30min", 30, "minutes"),
        ("1 minute", 1, "minutes"),
        ("meditate 10 min", 10, "minutes"),
        ("one 45-minute focus block", 45, "minutes"),
        ("a five-minute walk", 5, "minutes"),
        ("20 pushups", 20, "pushups"),
        ("20 push-ups", 20, "pushups"),
        ("20 push ups", 20, "pushups"),
        ("3 sets of 10 pushups", 30, "pushups"),
        ("2,000 words", 2000, "words"),
        ("lose 5 kg", 5, "kg"),
        ("lose 2.5kg", 2.5, "kg"),
        ("1 000 words", 1000, "words"),
        ("1\u2009000 words", 1000, "words"),  # thin space
        ("1\u202f000 words", 1000, "words"),  # narrow no-break space
        ("1\u00a0000 words", 1000, "words"),  # no-break space
        ("10 000 steps", 10000, "steps"),
        ("2,5 km", 2.5, "km"),
        ("0,5 km", 0.5, "km"),
        ("2,500 km", 2500, "km"),  # three digits after a comma: thousands
        ("1.500 km", 1.5, "km"),  # a dot is a decimal point for continuous units
        ("15.000 words", 15000, "words"),  # ... but not for items
        ("1.000.000 words", 1_000_000, "words"),
        ("1,000,000 words", 1_000_000, "words"),
        ("1.000,5 km", 1000.5, "km"),
        ("1,000.5 km", 1000.5, "km"),
        (".5 km", 0.5, "km"),
        ("1M words", 1_000_000, "words"),
        ("5-10 pages", 5, "pages"),
        ("5 to 10 pages", 5, "pages"),
        ("read 10 pages of my novel", 10, "pages"),
        ("walk 30 minutes 5 days a week", 30, "minutes"),
        ("in 12 weeks write 40,000 words", 40000, "words"),
        ("read 10 books by 15 March", 10, "books"),
        ("10 paying subscribers a month", 10, "subscribers"),
        ("10 paying members a month", 10, "paying members"),
        ("draw 3 comic strips", 3, "comic strips"),
        ("10 sales calls", 10, "calls"),
        ("5%", 5, "%"),
        ("grow revenue 20 percent", 20, "%"),
        ("drink 2 litres of water", 2, "litres"),
        ("run a 5k", 5, "km"),
        ("do 10 minutes yoga", 10, "minutes"),
        ("10 pages. Then stretch", 10, "pages"),
        ("2^10 words", 1024, "words"),  # a power is worked out, never read as its exponent
        ("3×10^3 words", 3000, "words"),
        ("1.5 x 10^3 m", 1500, "m"),
        ("10² pushups", 100, "pushups"),
    ],
)
def test_parse_measure_reads_quantity_and_unit(text: str, quantity: float, unit: str) -> None:
    assert parse_measure(text) == Measure(quantity, unit)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("0 words", MeasureProblem.ZERO),
        ("0", MeasureProblem.ZERO),
        ("-5 km", MeasureProblem.NEGATIVE),
        ("-5", MeasureProblem.NEGATIVE),
        ("1e9 words", MeasureProblem.TOO_LARGE),
        ("1000000000 words", MeasureProblem.TOO_LARGE),
        ("20000000 steps", MeasureProblem.TOO_LARGE),
        ("1e400 words", MeasureProblem.TOO_LARGE),
        ("10^30 km", MeasureProblem.TOO_LARGE),
        ("10**400 words", MeasureProblem.TOO_LARGE),
        ("10³⁰ km", MeasureProblem.TOO_LARGE),
        ("2×10^30 km", MeasureProblem.TOO_LARGE),
        ("9" * 400 + " words", MeasureProblem.TOO_LARGE),
        ("lots", MeasureProblem.NO_NUMBER),
        ("lots of words", MeasureProblem.NO_NUMBER),
        ("", MeasureProblem.NO_NUMBER),
        ("NaN words", MeasureProblem.NO_NUMBER),
        ("inf km", MeasureProblem.NO_NUMBER),
        ("write a book", MeasureProblem.NO_NUMBER),
        ("by 15 March", MeasureProblem.NO_NUMBER),
        ("for 12 weeks", MeasureProblem.NO_NUMBER),
        ("3 times a week", MeasureProblem.NO_NUMBER),
        ("40000", MeasureProblem.NO_UNIT),
        ("finish chapter 1", MeasureProblem.NO_UNIT),
        ("x" * 501, MeasureProblem.TOO_LONG),
    ],
)
def test_read_measure_reports_problems(text: str, problem: MeasureProblem) -> None:
    assert read_measure(text) == problem
    assert parse_measure(text) is None


def test_a_dash_with_a_space_is_not_a_minus_sign() -> None:
    assert parse_measure("goal - 500 words") == Measure(500, "words")


def test_default_unit_is_used_for_a_bare_number() -> None:
    assert parse_measure("40000", default_unit="words") == Measure(40000, "words")
    assert parse_measure("30", default_unit="mins") == Measure(30, "minutes")
    assert parse_measure("5 km", default_unit="words") == Measure(5, "km")
    assert read_measure("0", default_unit="words") == MeasureProblem.ZERO


def test_a_later_number_with_a_unit_wins_over_an_earlier_bare_one() -> None:
    assert parse_measure("chapter 3: write 500 words") == Measure(500, "words")


def test_find_measure_reports_the_span() -> None:
    found = find_measure("I will run 5 km daily")
    assert isinstance(found, MeasureMatch)
    assert "I will run 5 km daily"[found.start : found.end] == "5 km"
    assert not found.compound
    money = find_measure("save €3,000 by June")
    assert isinstance(money, MeasureMatch)
    assert "save €3,000 by June"[money.start : money.end] == "€3,000"


@pytest.mark.parametrize(
    ("quantity", "problem"),
    [
        (1.0, None),
        (MAX_QUANTITY, None),
        (0.0, MeasureProblem.ZERO),
        (-5.0, MeasureProblem.NEGATIVE),
        (1e9, MeasureProblem.TOO_LARGE),
        (math.nan, MeasureProblem.NOT_FINITE),
        (math.inf, MeasureProblem.NOT_FINITE),
        (-math.inf, MeasureProblem.NOT_FINITE),
    ],
)
def test_check_quantity(quantity: float, problem: MeasureProblem | None) -> None:
    assert check_quantity(quantity) == problem


def test_make_measure_validates_and_normalises() -> None:
    assert make_measure(30, "mins") == Measure(30, "minutes")
    assert make_measure(0, "words") == MeasureProblem.ZERO
    assert make_measure(math.nan, "words") == MeasureProblem.NOT_FINITE


@pytest.mark.parametrize(
    ("unit", "canonical"),
    [
        ("min", "minutes"),
        ("mins", "minutes"),
        ("minute", "minutes"),
        ("Minutes", "minutes"),
        ("hr", "hours"),
        ("hrs", "hours"),
        ("h", "hours"),
        ("hour", "hours"),
        ("kilometres", "km"),
        ("kilometer", "km"),
        ("€", "EUR"),
        ("euros", "EUR"),
        ("$", "USD"),
        ("push-ups", "pushups"),
        ("Push Ups", "pushups"),
        ("book", "books"),
        ("story", "stories"),
        ("Comic  Strips", "comic strips"),
    ],
)
def test_normalise_unit(unit: str, canonical: str) -> None:
    assert normalise_unit(unit) == canonical


@pytest.mark.parametrize(
    ("unit", "kind", "countable"),
    [
        ("words", UnitKind.COUNT, True),
        ("books", UnitKind.COUNT, True),
        ("clients", UnitKind.COUNT, True),
        ("comic strips", UnitKind.COUNT, True),
        ("minutes", UnitKind.DURATION, False),
        ("km", UnitKind.DISTANCE, False),
        ("kg", UnitKind.MASS, False),
        ("EUR", UnitKind.MONEY, False),
        ("litres", UnitKind.VOLUME, False),
        ("%", UnitKind.OTHER, False),
    ],
)
def test_unit_kind(unit: str, kind: UnitKind, countable: bool) -> None:
    assert unit_kind(unit) is kind
    assert is_countable(unit) is countable


@pytest.mark.parametrize(
    ("measure", "minutes"),
    [
        (Measure(90, "seconds"), 1.5),
        (Measure(30, "minutes"), 30),
        (Measure(1.5, "hours"), 90),
        (Measure(1.5, "hrs"), 90),
        (Measure(5, "km"), None),
    ],
)
def test_to_minutes(measure: Measure, minutes: float | None) -> None:
    assert to_minutes(measure) == minutes


@pytest.mark.parametrize(
    ("quantity", "text"),
    [
        (13300, "13,300"),
        (13300.0, "13,300"),
        (40000, "40,000"),
        (2.5, "2.5"),
        (2.499, "2.5"),
        (0.25, "0.25"),
        (1.0, "1"),
        (480, "480"),
        (13333.333, "13,333.33"),
        (1_000_000, "1,000,000"),
        (0.004, "0.004"),
        (0.3, "0.3"),
        (0, "0"),
        (-2.5, "-2.5"),
        (math.nan, "nan"),
    ],
)
def test_format_quantity(quantity: float, text: str) -> None:
    assert format_quantity(quantity) == text


@pytest.mark.parametrize(
    ("measure", "text", "adjective"),
    [
        (Measure(40000, "words"), "40,000 words", "40,000-word"),
        (Measure(1, "books"), "1 book", "1-book"),
        (Measure(2, "books"), "2 books", "2-book"),
        (Measure(1, "stories"), "1 story", "1-story"),
        (Measure(5, "km"), "5 km", "5-km"),
        (Measure(0.4, "km"), "0.4 km", "0.4-km"),
        (Measure(45, "minutes"), "45 minutes", "45-minute"),
        (Measure(1, "minutes"), "1 minute", "1-minute"),
        (Measure(3000, "EUR"), "€3,000", "€3,000"),
        (Measure(500, "USD"), "$500", "$500"),
        (Measure(200, "CHF"), "200 CHF", "200-CHF"),
        (Measure(5, "%"), "5%", "5%"),
        (Measure(3, "comic strips"), "3 comic strips", "3 comic strips"),
        (Measure(1, "comic strips"), "1 comic strip", "1 comic strip"),
        (Measure(1, "paying members"), "1 paying member", "1 paying member"),
        (Measure(1, "cookies"), "1 cookie", "1 cookie"),
        (Measure(1, "hobbies"), "1 hobby", "1 hobby"),
        (Measure(1, "sandwiches"), "1 sandwich", "1 sandwich"),
        (Measure(1, "series"), "1 series", "1 series"),
        (Measure(1, "bonus"), "1 bonus", "1 bonus"),
    ],
)
def test_format_measure(measure: Measure, text: str, adjective: str) -> None:
    assert format_measure(measure) == text
    assert format_measure(measure, adjective=True) == adjective


@pytest.mark.parametrize(
    ("text", "new", "expected"),
    [
        ("run 45 minutes", Measure(20, "minutes"), "run 20 minutes"),
        ("one 45-minute focus block", Measure(20, "minutes"), "one 20-minute focus block"),
        ("write 2,000 words daily", Measure(100, "words"), "write 100 words daily"),
        ("save €30 a day", Measure(3, "EUR"), "save €3 a day"),
    ],
)
def test_replace_measure(text: str, new: Measure, expected: str) -> None:
    found = find_measure(text)
    assert isinstance(found, MeasureMatch)
    assert replace_measure(text, found, new) == expected


def test_formatted_measures_read_back_to_themselves() -> None:
    for measure in [
        Measure(40000, "words"),
        Measure(13300, "words"),
        Measure(2.5, "km"),
        Measure(3000, "EUR"),
        Measure(1, "books"),
        Measure(30, "minutes"),
        Measure(20, "pushups"),
        Measure(1_500_000, "USD"),
        Measure(12, "comic strips"),
    ]:
        assert parse_measure(format_measure(measure)) == measure


_PIECES = [
    *"0123456789 ,.-–/:€$£%kKmMhe",
    "words", "min", "hours", "km", "a", "an", "half", "hour", "of", "sets", "to", "days",
    "March", "and", "1 000", "\u2009", "−", "pounds", "save", "run", "5k", "1e9", "x", "push ups",
]  # fmt: skip


def test_random_text_gives_a_valid_measure_or_a_problem() -> None:
    rng = random.Random(20270310)
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        found = find_measure(text)
        if isinstance(found, MeasureMatch):
            assert check_quantity(found.measure.quantity) is None, (text, found)
            assert found.measure.unit, (text, found)
            assert 0 <= found.start < found.end <= len(text), (text, found)
        else:
            assert isinstance(found, MeasureProblem), (text, found)
