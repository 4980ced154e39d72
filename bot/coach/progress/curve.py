"""The 1%-a-day curve (docs/product.md rule 7): 1% better or worse each day, compounded."""

from __future__ import annotations

import math
from dataclasses import dataclass

DAILY_GAIN = 0.01
"""Rule 7: 1% better (or worse) each day."""

YEAR_DAYS = 365


@dataclass(frozen=True, slots=True)
class CurvePosition:
    """Where a user is on the 1%-a-day curve (rule 7); numbers only, texts are the views'.

    Attributes:
        days: Days counted (usually the identity votes).
        growth: ``1.01 ** days``.
        decay: ``0.99 ** days``.
        year_growth: ``1.01 ** 365`` (≈37.8), the end of the first year.
        share_of_year: ``days / 365``.
        share_of_gain: How much of the first year's gain is already there,
            ``(growth − 1) / (year_growth − 1)``: about 1% after a month, which is why the first
            weeks feel slow.
        next_doubling_day: The day count at which ``growth`` next reaches a power of two
            (70 for 2×, 140 for 4×, …).
    """

    days: int
    growth: float
    decay: float
    year_growth: float
    share_of_year: float
    share_of_gain: float
    next_doubling_day: int


def compounding(days_kept: int) -> tuple[float, float]:
    """1% better and 1% worse a day, compounded (rule 7).

    Args:
        days_kept: Days counted.

    Returns:
        ``(1.01 ** days_kept, 0.99 ** days_kept)``; for 365 days ≈ (37.8, 0.03).

    Raises:
        ValueError: If ``days_kept`` is negative.
    """
    if days_kept < 0:
        raise ValueError(f"days_kept must not be negative, got {days_kept}")
    return (1 + DAILY_GAIN) ** days_kept, (1 - DAILY_GAIN) ** days_kept


def curve_position(days_kept: int) -> CurvePosition:
    """Where ``days_kept`` sits on the compounding curve, for an honest word on slow starts.

    Args:
        days_kept: Days counted (usually :attr:`~bot.coach.streaks.summary.StreakSummary.votes`).

    Returns:
        The numbers; see :class:`CurvePosition`.

    Raises:
        ValueError: If ``days_kept`` is negative.
    """
    growth, decay = compounding(days_kept)
    year_growth, _ = compounding(YEAR_DAYS)
    doublings = math.floor(math.log2(growth) + 1e-12) + 1
    next_doubling = math.ceil(doublings * math.log(2) / math.log1p(DAILY_GAIN))
    return CurvePosition(
        days=days_kept,
        growth=growth,
        decay=decay,
        year_growth=year_growth,
        share_of_year=days_kept / YEAR_DAYS,
        share_of_gain=(growth - 1) / (year_growth - 1),
        next_doubling_day=next_doubling,
    )
