"""The weekly review: how the week went, and next week's micro-goal (docs/product.md rule 13)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from bot.coach.breakdown import round_nice_down
from bot.coach.comeback import scaled_up
from bot.coach.models import Measure
from bot.coach.progress.periods import MIN_WEEK_DAYS
from bot.coach.quantities.conversion import convert
from bot.coach.quantities.reading import check_quantity
from bot.coach.quantities.units import is_countable

REVIEW_GROW_AT = 0.85
REVIEW_HOLD_AT = 0.5
"""Weekly hit-rate thresholds: from 0.85 grow, from 0.5 hold, below ease toward the MVA."""

REVIEW_GROWTH = 0.10
"""A good week grows next week's micro-goal by this share (the product's +10 %)."""

REVIEW_MIN_DAYS = MIN_WEEK_DAYS
"""A week with fewer planned days than this (a plan's first days) proposes holding."""

REVIEW_AMOUNT_GROW_AT = 1.0
REVIEW_AMOUNT_HOLD_AT = 0.5
"""The week's amount over its target: met it, grow; from half of it, hold; below, ease."""


class ReviewProposal(StrEnum):
    """Next week's micro-goal, proposed from this week's hit rate (:func:`review_proposal`)."""

    GROW = "grow"  # hit rate ≥ 0.85: +10 %
    HOLD = "hold"  # 0.5 ≤ hit rate < 0.85: keep it
    EASE = "ease"  # hit rate < 0.5: a step toward the minimum viable action


class ReviewBasis(StrEnum):
    """What a week was judged by (:func:`judge_week`)."""

    AMOUNT = "amount"  # the week's amount against its target: what the proposal is about
    DAYS = "days"  # kept days: the week has no amount to judge
    SHORT = "short"  # fewer than REVIEW_MIN_DAYS planned days: too soon, hold


@dataclass(frozen=True, slots=True)
class WeekVerdict:
    """How the week went, and what that proposes for the next one.

    Attributes:
        proposal: Grow, hold or ease.
        basis: What it was judged by.
        planned_days: The week's planned days so far (kept and missed, pauses left out).
    """

    proposal: ReviewProposal
    basis: ReviewBasis
    planned_days: int


def review_proposal(hit_rate: float) -> ReviewProposal:
    """Next week's micro-goal from this week's hit rate.

    Args:
        hit_rate: Kept days over planned days this week, 0 to 1.

    Returns:
        GROW from 0.85 (inclusive), HOLD from 0.5 (inclusive), EASE below.

    Raises:
        ValueError: If ``hit_rate`` is not within 0..1.
    """
    if not 0.0 <= hit_rate <= 1.0:  # also refuses NaN
        raise ValueError(f"a hit rate is within 0..1, got {hit_rate!r}")
    if hit_rate >= REVIEW_GROW_AT:
        return ReviewProposal.GROW
    if hit_rate >= REVIEW_HOLD_AT:
        return ReviewProposal.HOLD
    return ReviewProposal.EASE


def judge_week(
    *,
    planned_days: int,
    hit_rate: float | None,
    done: float | None = None,
    target: float | None = None,
) -> WeekVerdict | None:
    """Judge the user's week by the measure the proposal is about (rule 13).

    * Fewer than :data:`REVIEW_MIN_DAYS` planned days: HOLD (one good day is no trend, and a
      plan's first days are not a week).
    * With an amount and its target (the weekly micro-goal has a number and the days add up
      to it): the amount decides — met it, GROW; from half of it, HOLD; below, EASE. A week of
      kept days at 850 of 2,100 words is not "a strong week".
    * Otherwise the kept days decide (:func:`review_proposal`); there is then no amount to
      propose, so the caller proposes none.

    Args:
        planned_days: Kept and missed days of the week so far (paused days left out).
        hit_rate: Kept over planned days, 0 to 1; ``None`` without planned days.
        done: What the week's days add up to, in the target's unit.
        target: The week's target (for the days of the week in the plan).

    Returns:
        The verdict; ``None`` when the week has no planned day yet.

    Raises:
        ValueError: If a count or amount is negative, or the hit rate is outside 0..1.
    """
    if planned_days < 0 or (done is not None and done < 0):
        raise ValueError(f"counts and amounts cannot be negative: {planned_days}, {done}")
    if planned_days == 0 or hit_rate is None:
        return None
    if planned_days < REVIEW_MIN_DAYS:
        review_proposal(hit_rate)  # still checks the rate
        return WeekVerdict(ReviewProposal.HOLD, ReviewBasis.SHORT, planned_days)
    if done is not None and target is not None and target > 0:
        share = done / target
        if share >= REVIEW_AMOUNT_GROW_AT:
            proposal = ReviewProposal.GROW
        elif share >= REVIEW_AMOUNT_HOLD_AT:
            proposal = ReviewProposal.HOLD
        else:
            proposal = ReviewProposal.EASE
        return WeekVerdict(proposal, ReviewBasis.AMOUNT, planned_days)
    return WeekVerdict(review_proposal(hit_rate), ReviewBasis.DAYS, planned_days)


def next_weekly(
    weekly: Measure,
    mva: Measure | None,
    proposal: ReviewProposal,
    *,
    days_per_week: int = 7,
) -> Measure:
    """Next week's micro-goal for a proposal, rounded to a nice number.

    * GROW: +10 % (:func:`bot.coach.comeback.scaled_up`: nice, and always above this week's).
    * HOLD: unchanged.
    * EASE: halfway down to the MVA's week (the daily MVA × ``days_per_week``), rounded down
      to a nice number and never below the MVA's week; halfway down to nothing when the MVA
      has no quantity in a comparable unit. Already at the MVA's week: unchanged.

    Args:
        weekly: This week's micro-goal.
        mva: The daily minimum viable action, if any.
        proposal: From :func:`review_proposal`.
        days_per_week: Planned days a week, 1 to 7.

    Returns:
        The proposed micro-goal (in ``weekly``'s unit, except that growth may express a
        short duration in minutes).

    Raises:
        ValueError: If ``weekly``'s quantity is unusable or ``days_per_week`` is not 1..7.
    """
    problem = check_quantity(weekly.quantity)
    if problem is not None:
        raise ValueError(f"unusable quantity {weekly.quantity!r}: {problem}")
    if not 1 <= days_per_week <= 7:
        raise ValueError(f"days_per_week must be 1..7, got {days_per_week}")
    if proposal is ReviewProposal.HOLD:
        return weekly
    if proposal is ReviewProposal.GROW:
        return scaled_up(weekly, REVIEW_GROWTH)
    daily_minimum = convert(mva, weekly.unit) if mva is not None else None
    floor = max(daily_minimum or 0.0, 0.0) * days_per_week
    current = float(weekly.quantity)
    if not math.isfinite(floor) or floor >= current:
        return weekly
    eased = max(round_nice_down((current + floor) / 2, countable=is_countable(weekly.unit)), floor)
    return Measure(eased, weekly.unit) if eased < current else weekly
