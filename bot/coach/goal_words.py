"""What a goal's own words say: whether it is a pace, how often it happens, what it is about.

The rules read English; a goal in another language is glossed first (:func:`in_english`).
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.coach.lexicon import Languages, glossary
from bot.coach.models import Goal
from bot.coach.quantities.units import UnitKind, unit_kind

_PER_DAY = re.compile(
    r"\b(?:a|per|each|every)\s+(?:single\s+)?(?:day|morning|evening|night)\b|\b(?:daily|nightly)\b",
    re.IGNORECASE,
)
_DAYS_A_WEEK = re.compile(r"\b([1-7])\s*(?:days|times|x)\s*(?:a|per|each|every)\s+week\b", re.I)
_PER_WEEK = re.compile(r"\b(?:a|per|each|every)\s+week\b|\bweekly\b", re.IGNORECASE)


def rate_days(text: str, language: Languages = None) -> int | None:
    """The days a week a pace counts ("300 words a day" 7, "3 times a week" 3, "weekly" 1).

    Args:
        text: A goal's text.
        language: The user's language (English is read too).

    Returns:
        The days a week, or ``None`` when the text states no pace (a total).
    """
    text = in_english(text, language)
    days = _DAYS_A_WEEK.search(text)
    if days:
        return int(days.group(1))
    if _PER_DAY.search(text):
        return 7
    if _PER_WEEK.search(text):
        return 1
    return None


def is_rate(outcome: str | None, language: Languages = None) -> bool:
    """Whether an outcome is a pace ("5 minutes a day", "3 times a week"), not a total.

    Such an outcome is planned as its 12-week total, but its month and week are the same pace
    added up (a day × 28 for a four-week month), never a total divided by three.
    """
    return rate_days(outcome or "", language) is not None


def in_english(text: str, language: Languages = None) -> str:
    """A goal's text with ``language``'s words glossed into the English the rules read.

    "300 слов в день" reads "300 слов a day", "3 veces a la semana" "3 times a week"; English
    (and words the glossary does not know) stay as written, lowercased.
    """
    return glossary("goal", language).apply(text.lower())


class Theme(StrEnum):
    """What kind of goal it is, so that examples in a question fit it (a runner gets no novel)."""

    WRITING = "writing"
    READING = "reading"
    MOVING = "moving"
    PRACTICE = "practice"
    MONEY = "money"
    OTHER = "other"


_THEME_WORDS: tuple[tuple[Theme, re.Pattern[str]], ...] = (
    (
        Theme.WRITING,
        re.compile(r"\b(?:writ\w*|wrote|novel|blog\w*|essays?|poems?|journal\w*)\b", re.I),
    ),
    (Theme.READING, re.compile(r"\b(?:read\w*|books?)\b", re.I)),
    (
        Theme.MOVING,
        re.compile(
            r"\b(?:run\w*|ran|jog\w*|marathon|walk\w*|swim\w*|cycl\w*|bik\w*|rid\w*|hik\w*|"
            r"\d+k)\b",
            re.I,
        ),
    ),
    (Theme.MONEY, re.compile(r"\b(?:sav\w*|budget\w*|debt)\b", re.I)),
    (
        Theme.PRACTICE,
        re.compile(
            r"\b(?:meditat\w*|practi[cs]\w*|yoga|piano|guitar|violin|sing(?:ing)?|stretch\w*|"
            r"stud\w*|learn\w*|draw\w*|paint\w*|cod\w*)\b",
            re.I,
        ),
    ),
)
_THEME_OF_KIND = {
    UnitKind.DISTANCE: Theme.MOVING,
    UnitKind.DURATION: Theme.PRACTICE,
    UnitKind.MONEY: Theme.MONEY,
}


def theme(goal: Goal, language: Languages = None) -> Theme:
    """The kind of goal, from its words (vision, outcome, daily action) or else its unit."""
    text = in_english(
        " ".join(part for part in (goal.vision, goal.outcome, goal.daily) if part), language
    )
    for found, pattern in _THEME_WORDS:
        if pattern.search(text):
            return found
    measure = goal.outcome_measure or goal.monthly_measure or goal.daily_measure
    if measure is not None:
        if measure.unit in ("words",):
            return Theme.WRITING
        if measure.unit in ("pages", "books", "chapters"):
            return Theme.READING
        return _THEME_OF_KIND.get(unit_kind(measure.unit), Theme.OTHER)
    return Theme.OTHER


_HOW_OFTEN = re.compile(
    r"\b(?:a|per|each|every|once\s+a|twice\s+a)\s+(?:single\s+)?"
    r"(?:day|morning|afternoon|evening|night|weekday|week|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b|\b(?:daily|nightly|weekly|weekdays)\b|"
    r"\b\d+\s*(?:days|times|x)\s*(?:a|per|each|every)\s+(?:day|week)\b",
    re.IGNORECASE,
)


def says_how_often(text: str | None, language: Languages = None) -> bool:
    """Whether an action already says when it happens ("every morning", "daily", "3x a week",
    "каждое утро", "todos los días"), in ``language`` or English.

    A message quoting it then adds no "every day" of its own: the frequency is said once.
    """
    return bool(_HOW_OFTEN.search(in_english(text or "", language)))


def glossed(text: str, language: Languages) -> str:
    """The text in the English the rules read; English text is left exactly as typed."""
    gloss = glossary("goal", language)
    return gloss.apply(" ".join(text.lower().split())) if gloss else text
