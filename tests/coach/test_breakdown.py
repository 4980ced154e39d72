"""Tests for the arithmetic breakdown of a measurable outcome."""

from __future__ import annotations

import math

import pytest

from bot.coach.breakdown import Breakdown, break_down, round_nice, round_nice_down
from bot.coach.models import Measure
from bot.coach.quantities.units import is_countable, to_minutes


def test_the_example_of_rule_1() -> None:
    """docs/product.md rule 1: 40,000 words → ≈13,300 a month, ≈3,300 a week, ≈480 a day."""
    result = break_down(Measure(40000, "words"))
    assert result.monthly == Measure(13300, "words")
    assert result.weekly == Measure(3300, "words")
    assert result.daily == Measure(480, "words")
    assert not result.daily_is_fractional
    assert not result.weekly_is_fractional
    assert result.weeks == 12
    assert result.exact_daily == pytest.approx(40000 / 84)


@pytest.mark.parametrize(
    ("value", "countable", "expected"),
    [
        (13333.33, False, 13300),
        (3333.33, False, 3300),
        (476.19, False, 480),
        (0.42, False, 0.4),
        (0.35, False, 0.4),  # no binary artefact: 0.35 rounds up
        (0.047, False, 0.05),
        (133333, False, 133000),
        (1_234_567, False, 1_230_000),
        (1000, False, 1000),
        (999, False, 1000),
        (105, False, 110),
        (23.8, False, 24),
        (3.33, False, 3.3),
        (3.33, True, 3),
        (0.33, True, 1),  # never 0 for items
        (0.9, True, 1),
        (1.5, True, 2),
        (7.5, False, 7.5),
    ],
)
def test_round_nice(value: float, countable: bool, expected: float) -> None:
    assert round_nice(value, countable=countable) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "countable", "expected"),
    [
        (476.19, False, 470),
        (13399, False, 13300),
        (0.49, False, 0.4),
        (1.9, True, 1),
        (0.3, True, 1),
    ],
)
def test_round_nice_down(value: float, countable: bool, expected: float) -> None:
    assert round_nice_down(value, countable=countable) == pytest.approx(expected)


@pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf])
def test_round_nice_rejects_nonsense(value: float) -> None:
    with pytest.raises(ValueError, match="positive finite"):
        round_nice(value)


@pytest.mark.parametrize(
    ("outcome", "weeks", "monthly", "weekly", "daily"),
    [
        (Measure(40000, "words"), 12, Measure(13300, "words"), Measure(3300, "words"),
         Measure(480, "words")),
        (Measure(60, "km"), 12, Measure(20, "km"), Measure(5, "km"), Measure(0.7, "km")),
        (Measure(35, "km"), 12, Measure(12, "km"), Measure(2.9, "km"), Measure(0.4, "km")),
        (Measure(3000, "EUR"), 12, Measure(1000, "EUR"), Measure(250, "EUR"),
         Measure(36, "EUR")),
        (Measure(840, "pushups"), 12, Measure(280, "pushups"), Measure(70, "pushups"),
         Measure(10, "pushups")),
        (Measure(100, "hours"), 12, Measure(33, "hours"), Measure(8.3, "hours"),
         Measure(70, "minutes")),
        (Measure(1000, "minutes"), 12, Measure(330, "minutes"), Measure(85, "minutes"),
         Measure(10, "minutes")),
        (Measure(4, "kg"), 12, Measure(1.3, "kg"), Measure(0.3, "kg"), Measure(0.05, "kg")),
        (Measure(40000, "words"), 8, Measure(20000, "words"), Measure(5000, "words"),
         Measure(710, "words")),
        (Measure(40000, "words"), 2, Measure(40000, "words"), Measure(20000, "words"),
         Measure(2900, "words")),
        (Measure(26, "weekly posts"), 26, Measure(4, "weekly posts"), Measure(1, "weekly posts"),
         None),
    ],
)  # fmt: skip
def test_break_down(
    outcome: Measure, weeks: int, monthly: Measure, weekly: Measure, daily: Measure | None
) -> None:
    result = break_down(outcome, weeks=weeks)
    assert result.monthly == monthly
    assert result.weekly == weekly
    assert result.daily == daily


def test_fewer_than_one_item_a_day_asks_for_a_process_action() -> None:
    result = break_down(Measure(12, "books"))
    assert result.monthly == Measure(4, "books")
    assert result.weekly == Measure(1, "books")
    assert result.daily is None
    assert result.daily_is_fractional
    assert not result.weekly_is_fractional


def test_fewer_than_one_item_a_week_is_raised_to_one() -> None:
    result = break_down(Measure(10, "clients"))
    assert result.monthly == Measure(3, "clients")
    assert result.weekly == Measure(1, "clients")
    assert result.weekly_is_fractional
    assert result.daily_is_fractional
    assert result.daily is None


def test_continuous_units_are_never_fractional() -> None:
    result = break_down(Measure(5, "km"))
    assert result.daily == Measure(0.06, "km")
    assert not result.daily_is_fractional


def test_days_per_week_spreads_the_week_over_fewer_days() -> None:
    result = break_down(Measure(40000, "words"), days_per_week=5)
    assert result.weekly == Measure(3300, "words")
    assert result.daily == Measure(670, "words")
    assert result.days_per_week == 5


def test_units_are_normalised() -> None:
    result = break_down(Measure(1200, "mins"))
    assert result.outcome == Measure(1200, "minutes")
    assert result.weekly.unit == "minutes"


@pytest.mark.parametrize(
    ("outcome", "weeks", "days_per_week"),
    [
        (Measure(0, "words"), 12, 7),
        (Measure(-5, "words"), 12, 7),
        (Measure(math.nan, "words"), 12, 7),
        (Measure(math.inf, "words"), 12, 7),
        (Measure(1e9, "words"), 12, 7),
        (Measure(100, "words"), 0, 7),
        (Measure(100, "words"), 105, 7),
        (Measure(100, "words"), 12, 0),
        (Measure(100, "words"), 12, 8),
    ],
)
def test_break_down_rejects_nonsense(outcome: Measure, weeks: int, days_per_week: int) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - several messages, one contract
        break_down(outcome, weeks=weeks, days_per_week=days_per_week)


def _in_outcome_unit(measure: Measure, result: Breakdown) -> float:
    minutes = to_minutes(measure)
    outcome_minutes = to_minutes(Measure(1, result.outcome.unit))
    if minutes is not None and outcome_minutes is not None:
        return minutes / outcome_minutes
    return measure.quantity


def test_invariants_over_many_outcomes() -> None:
    """Never 0, whole items, and monthly ≥ weekly ≥ daily, over a wide range of outcomes."""
    quantities = [0.1, 0.5, 1, 2, 3, 5, 7, 10, 12, 24, 50, 99, 100, 333, 999, 1000, 4321, 40000]
    quantities += [123_456, 9_999_999]
    units = ["words", "books", "clients", "km", "miles", "EUR", "hours", "minutes", "kg", "%"]
    for quantity in quantities:
        for unit in units:
            for weeks in (1, 4, 6, 12, 13, 52, 104):
                for days in (3, 5, 7):
                    result = break_down(Measure(quantity, unit), weeks=weeks, days_per_week=days)
                    levels = [result.monthly, result.weekly]
                    if result.daily is not None:
                        levels.append(result.daily)
                    for level in levels:
                        assert level.quantity > 0, (quantity, unit, weeks, level)
                        if is_countable(unit):
                            assert level.quantity == int(level.quantity)
                            assert level.quantity >= 1
                    sizes = [_in_outcome_unit(level, result) for level in levels]
                    assert sizes == sorted(sizes, reverse=True), (quantity, unit, weeks, sizes)
                    assert _in_outcome_unit(result.monthly, result) <= max(quantity, 1)
                    assert (result.daily is None) == result.daily_is_fractional
