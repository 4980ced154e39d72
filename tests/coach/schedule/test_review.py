"""The weekly review: the proposal from the hit rate, next week's amount and the week's verdict."""

from __future__ import annotations

import math

import pytest

from bot.coach.models import Measure
from bot.coach.schedule.review import (
    ReviewBasis,
    ReviewProposal,
    judge_week,
    next_weekly,
    review_proposal,
)


@pytest.mark.parametrize(
    ("hit_rate", "expected"),
    [
        (1.0, ReviewProposal.GROW),
        (0.85, ReviewProposal.GROW),
        (17 / 20, ReviewProposal.GROW),
        (6 / 7, ReviewProposal.GROW),
        (0.8499, ReviewProposal.HOLD),
        (5 / 7, ReviewProposal.HOLD),
        (0.5, ReviewProposal.HOLD),
        (0.4999, ReviewProposal.EASE),
        (3 / 7, ReviewProposal.EASE),
        (0.0, ReviewProposal.EASE),
    ],
)
def test_review_proposal(hit_rate: float, expected: ReviewProposal) -> None:
    assert review_proposal(hit_rate) is expected


@pytest.mark.parametrize("hit_rate", [-0.01, 1.01, math.nan, math.inf])
def test_review_proposal_refuses_impossible_rates(hit_rate: float) -> None:
    with pytest.raises(ValueError, match="hit rate"):
        review_proposal(hit_rate)


GROW, HOLD, EASE = ReviewProposal.GROW, ReviewProposal.HOLD, ReviewProposal.EASE


@pytest.mark.parametrize(
    ("weekly", "mva", "proposal", "days", "expected"),
    [
        (Measure(3300, "words"), None, GROW, 7, Measure(3600, "words")),
        (Measure(3, "books"), None, GROW, 7, Measure(4, "books")),  # at least one more
        (Measure(210, "minutes"), None, GROW, 7, Measure(230, "minutes")),
        (Measure(3300, "words"), Measure(100, "words"), HOLD, 7, Measure(3300, "words")),
        # Ease: halfway down to the MVA's week (700 words), rounded down.
        (Measure(3300, "words"), Measure(100, "words"), EASE, 7, Measure(2000, "words")),
        (Measure(3300, "words"), Measure(100, "words"), EASE, 5, Measure(1900, "words")),
        (Measure(800, "words"), Measure(100, "words"), EASE, 7, Measure(750, "words")),
        (Measure(5, "km"), Measure(500, "m"), EASE, 7, Measure(4.2, "km")),
        (Measure(700, "words"), Measure(100, "words"), EASE, 7, Measure(700, "words")),
        (Measure(500, "words"), Measure(100, "words"), EASE, 7, Measure(500, "words")),
        # No comparable MVA: halfway down to nothing.
        (Measure(3300, "words"), None, EASE, 7, Measure(1600, "words")),
        (Measure(3300, "words"), Measure(10, "minutes"), EASE, 7, Measure(1600, "words")),
        (Measure(1, "books"), None, EASE, 7, Measure(1, "books")),  # cannot be lighter
    ],
)
def test_next_weekly(
    weekly: Measure, mva: Measure | None, proposal: ReviewProposal, days: int, expected: Measure
) -> None:
    assert next_weekly(weekly, mva, proposal, days_per_week=days) == expected


@pytest.mark.parametrize(("weekly", "days"), [(Measure(0, "words"), 7), (Measure(100, "words"), 0)])
def test_next_weekly_refuses_bad_input(weekly: Measure, days: int) -> None:
    with pytest.raises(ValueError, match=r"quantity|days_per_week"):
        next_weekly(weekly, None, EASE, days_per_week=days)


AMOUNT, DAYS, SHORT = ReviewBasis.AMOUNT, ReviewBasis.DAYS, ReviewBasis.SHORT


@pytest.mark.parametrize(
    ("days", "rate", "done", "target", "expected"),
    [
        # One, two or three days are no week: hold, whatever they were.
        (1, 1.0, 480, 470, (HOLD, SHORT)),
        (3, 0.0, 0, 1400, (HOLD, SHORT)),
        # A week of amounts is judged by its amount, not by its kept days.
        (7, 1.0, 850, 2100, (EASE, AMOUNT)),
        (7, 1.0, 3360, 3300, (GROW, AMOUNT)),
        (7, 0.57, 3300, 3300, (GROW, AMOUNT)),  # four big days met the week
        (7, 1.0, 2900, 3300, (HOLD, AMOUNT)),  # 88%: not met, no growth
        (5, 0.6, 1500, 3300, (EASE, AMOUNT)),
        # Without an amount, the kept days.
        (7, 6 / 7, None, None, (GROW, DAYS)),
        (4, 0.5, None, None, (HOLD, DAYS)),
        (7, 2 / 7, None, 3300, (EASE, DAYS)),
    ],
)
def test_judge_week(
    days: int,
    rate: float,
    done: float | None,
    target: float | None,
    expected: tuple[ReviewProposal, ReviewBasis],
) -> None:
    verdict = judge_week(planned_days=days, hit_rate=rate, done=done, target=target)
    assert verdict is not None
    assert (verdict.proposal, verdict.basis, verdict.planned_days) == (*expected, days)


def test_judge_week_without_a_planned_day_says_nothing_and_refuses_nonsense() -> None:
    assert judge_week(planned_days=0, hit_rate=None) is None
    with pytest.raises(ValueError, match="negative"):
        judge_week(planned_days=-1, hit_rate=1.0)
    with pytest.raises(ValueError, match="hit rate"):
        judge_week(planned_days=2, hit_rate=1.5)
