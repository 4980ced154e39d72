"""Tests for the minimum viable action and scaling back up."""

from __future__ import annotations

import pytest

from bot.coach.models import Measure
from bot.coach.mva import NO_MEASURE_MVA, MvaProposal, propose_mva, scale_up
from bot.coach.quantities.units import to_minutes


@pytest.mark.parametrize(
    ("text", "daily", "mva_text", "mva"),
    [
        # The three examples from docs/product.md rule 8.
        ("run 5 miles", None, "a 10-minute walk", Measure(10, "minutes")),
        ("write 2,000 words", None, "write 100 words", Measure(100, "words")),
        ("meditate for 30 minutes", None, "meditate for 2 minutes", Measure(2, "minutes")),
        # More.
        ("do 20 pushups", None, "do 2 pushups", Measure(2, "pushups")),
        ("do 100 pushups", None, "do 10 pushups", Measure(10, "pushups")),
        ("read 20 pages", None, "read 1 page", Measure(1, "pages")),
        ("read 50 pages", None, "read 2 pages", Measure(2, "pages")),
        ("write 480 words", None, "write 50 words", Measure(50, "words")),
        # A unit's floor never makes the minimum most of the action (two-minute rule).
        ("write 30 words", None, "write 4 words", Measure(4, "words")),
        ("write 60 words", None, "write 9 words", Measure(9, "words")),
        ("write 430 words", None, "write 50 words", Measure(50, "words")),
        ("walk 430 steps", None, "walk 60 steps", Measure(60, "steps")),
        ("do 10 pushups", None, "do 1 pushup", Measure(1, "pushups")),
        ("read 1 page", None, "read 1 page", Measure(1, "pages")),
        ("meditate 1 hour", None, "meditate 2 minutes", Measure(2, "minutes")),
        ("stretch 1 minute", None, "stretch 1 minute", Measure(1, "minutes")),
        ("one 45-minute focus block", None, "one 2-minute focus block", Measure(2, "minutes")),
        ("swim 2 km", None, "a 10-minute swim", Measure(10, "minutes")),
        ("cycle 20 km", None, "a 10-minute ride", Measure(10, "minutes")),
        ("jog 5k", None, "a 10-minute walk", Measure(10, "minutes")),
        ("walk 10,000 steps", None, "walk 1,000 steps", Measure(1000, "steps")),
        ("save €10", None, "save €1", Measure(1, "EUR")),
        ("sketch 3 comic strips", None, "sketch 1 comic strip", Measure(1, "comic strips")),
        # The measure stored separately from the text.
        ("morning pages", Measure(750, "words"), "morning pages: 50 words", Measure(50, "words")),
        ("evening run", Measure(8, "km"), "a 10-minute walk", Measure(10, "minutes")),
        ("practice", Measure(1.5, "hours"), "practice: 2 minutes", Measure(2, "minutes")),
        ("play piano 1 hour", Measure(60, "minutes"), "play piano 2 minutes",
         Measure(2, "minutes")),
        # No measure at all.
        ("floss", None, NO_MEASURE_MVA, None),
        ("", None, NO_MEASURE_MVA, None),
    ],
)  # fmt: skip
def test_propose_mva(text: str, daily: Measure | None, mva_text: str, mva: Measure | None) -> None:
    assert propose_mva(text, daily) == MvaProposal(mva_text, mva)


def test_mva_unpacks_as_a_pair() -> None:
    text, measure = propose_mva("write 2,000 words")
    assert text == "write 100 words"
    assert measure == Measure(100, "words")


def test_mva_is_never_bigger_than_the_action() -> None:
    units = ["words", "pages", "pushups", "steps", "books", "minutes", "hours", "EUR", "kg"]
    for unit in units:
        for quantity in (0.5, 1, 2, 3, 10, 20, 45, 99, 480, 2000, 10000):
            daily = Measure(quantity, unit)
            _, mva = propose_mva("do it", daily)
            assert mva is not None
            assert mva.quantity > 0
            daily_minutes, mva_minutes = to_minutes(daily), to_minutes(mva)
            if daily_minutes is not None and mva_minutes is not None:
                assert mva_minutes <= daily_minutes
            else:
                assert mva.unit == unit
                assert mva.quantity <= quantity


def test_a_counted_minimum_is_a_small_share_of_the_action() -> None:
    for unit in ["words", "pages", "pushups", "steps", "books", "EUR", "lessons"]:
        for quantity in (1, 3, 7, 10, 30, 60, 99, 430, 480, 600, 2000, 10000):
            _, mva = propose_mva("do it", Measure(quantity, unit))
            assert mva is not None
            assert mva.quantity <= max(1.0, quantity * 0.15), (quantity, unit, mva)


@pytest.mark.parametrize(
    ("current", "target", "expected"),
    [
        (Measure(100, "words"), Measure(2000, "words"), Measure(110, "words")),
        (Measure(920, "words"), Measure(2000, "words"), Measure(1000, "words")),
        (Measure(1900, "words"), Measure(2000, "words"), Measure(2000, "words")),
        (Measure(2, "pushups"), Measure(20, "pushups"), Measure(3, "pushups")),
        (Measure(2, "minutes"), Measure(30, "minutes"), Measure(3, "minutes")),
        (Measure(2, "minutes"), Measure(1, "hours"), Measure(3, "minutes")),
        (Measure(0.5, "km"), Measure(5, "km"), Measure(0.6, "km")),
        (Measure(2000, "words"), Measure(2000, "words"), Measure(2000, "words")),
        (Measure(2500, "words"), Measure(2000, "words"), Measure(2000, "words")),
        (Measure(10, "minutes"), Measure(5, "miles"), None),
    ],
)
def test_scale_up(current: Measure, target: Measure, expected: Measure | None) -> None:
    assert scale_up(current, target) == expected


def test_scaling_up_climbs_back_to_the_target_in_steps_of_at_most_15_percent() -> None:
    for start, target in [
        (Measure(100, "words"), Measure(2000, "words")),
        (Measure(2, "pushups"), Measure(20, "pushups")),
        (Measure(2, "minutes"), Measure(30, "minutes")),
        (Measure(0.5, "km"), Measure(5, "km")),
    ]:
        current, steps = start, 0
        while current.quantity < target.quantity:
            following = scale_up(current, target)
            assert following is not None
            assert following.quantity > current.quantity
            if current.quantity >= 10:
                assert following.quantity <= current.quantity * 1.15 + 1e-9
            current, steps = following, steps + 1
            assert steps < 60
        assert current == target
