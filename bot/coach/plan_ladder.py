"""The rungs of a plan, in the order the conversation asks them, and a typed answer to one.

docs/product.md rules 1–3: vision → 12-week outcome → monthly milestone → weekly micro-goal → daily
micro-action, plus the minimum viable action, an optional identity and a start date.
"""

from __future__ import annotations

from enum import StrEnum

from bot.coach.lexicon import Languages
from bot.coach.models import Measure
from bot.coach.quantities.reading import MeasureProblem, find_measure
from bot.coach.quantities.writing import format_measure

OUTCOME_WEEKS = 12
MAX_LEVEL_TEXT = 300
"""Longest answer for a level: a plan is a phone screen, not an essay."""


class PlanLevel(StrEnum):
    """One rung of the plan, in the order the conversation asks them."""

    VISION = "v"
    OUTCOME = "o"
    MONTHLY = "m"
    WEEKLY = "w"
    DAILY = "d"
    MVA = "a"
    IDENTITY = "i"
    START = "s"
    DUE = "u"  # the 12-week date: set with the start, edited from the summary


LEVEL_ORDER: tuple[PlanLevel, ...] = (
    PlanLevel.VISION,
    PlanLevel.OUTCOME,
    PlanLevel.MONTHLY,
    PlanLevel.WEEKLY,
    PlanLevel.DAILY,
    PlanLevel.MVA,
    PlanLevel.IDENTITY,
    PlanLevel.START,
)
SKIPPED_IDENTITY = ""
"""Stored for an identity the user chose to skip, so that it is not asked again."""


class AnswerProblem(StrEnum):
    """Why an answer cannot be stored."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_LETTERS = "no_letters"
    ZERO = "zero"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"
    MVA_NOT_SMALLER = "mva_not_smaller"
    DATE_UNREADABLE = "date_unreadable"
    DATE_INVALID = "date_invalid"
    DATE_PAST = "date_past"
    DATE_TOO_FAR = "date_too_far"
    DUE_BEFORE_START = "due_before_start"
    ALREADY_STARTED = "already_started"
    NOTHING_PROPOSED = "nothing_proposed"  # a typed "yes" where the bot offered nothing


def step_number(level: PlanLevel) -> int:
    """1-based position of a level in the conversation (the 12-week date counts as the start)."""
    if level is PlanLevel.DUE:
        level = PlanLevel.START
    return LEVEL_ORDER.index(level) + 1


def check_text(text: str, limit: int = MAX_LEVEL_TEXT) -> AnswerProblem | None:
    """Common checks for any typed level: not empty, not too long, some letters or digits."""
    stripped = text.strip()
    if not stripped:
        return AnswerProblem.EMPTY
    if len(stripped) > limit:
        return AnswerProblem.TOO_LONG
    if not any(char.isalnum() for char in stripped):
        return AnswerProblem.NO_LETTERS
    return None


def clean(text: str) -> str:
    """One line, single spaces."""
    return " ".join(text.split())


def read_amount(
    text: str, unit_hint: Measure | None, language: Languages = None
) -> tuple[str, Measure | None] | AnswerProblem:
    """Read a typed level: its text, and a quantity if it has one.

    A bare number takes the unit of the level above ("12,000" → 12,000 words); the stored text is
    then the formatted quantity, in the user's ``language``, so that the ladder reads well.
    """
    problem = check_text(text)
    if problem is not None:
        return problem
    cleaned = clean(text)
    found = find_measure(cleaned, default_unit=unit_hint.unit if unit_hint else None)
    if isinstance(found, MeasureProblem):
        if found in (MeasureProblem.NO_NUMBER, MeasureProblem.NO_UNIT):
            return cleaned, None
        return _MEASURE_PROBLEMS.get(found, AnswerProblem.TOO_LARGE)
    bare = (
        cleaned[:1].isdigit()
        and cleaned[: found.start].strip() == ""
        and cleaned[found.end :].strip() == ""
    )
    return (format_measure(found.measure, language=language) if bare else cleaned), found.measure


_MEASURE_PROBLEMS = {
    MeasureProblem.ZERO: AnswerProblem.ZERO,
    MeasureProblem.NEGATIVE: AnswerProblem.NEGATIVE,
    MeasureProblem.TOO_LARGE: AnswerProblem.TOO_LARGE,
    MeasureProblem.NOT_FINITE: AnswerProblem.TOO_LARGE,
    MeasureProblem.TOO_LONG: AnswerProblem.TOO_LONG,
}
