"""The two-minute rule (docs/product.md rule 3): is a daily action small enough to never skip?

It is a heuristic, so the bot only *offers* a smaller version and a two-minute starter; the user
always has the last word.

The two-minute rule (:func:`looks_big`) flags a daily action when any of these holds:

* it lasts more than :data:`MAX_EASY_MINUTES` (20) minutes;
* one day is more than :data:`MAX_SHARE_OF_WEEK` (a third) of the weekly micro-goal;
* the quantity is above the everyday size for its unit (:data:`EVERYDAY_MAX`, e.g. 1,000 words);
* it chains three or more steps ("A, B and C"), or two with "then" ("A then B").
  A single "and" is allowed: "put on your running shoes and step out the door" is one act.

The 20-minute line means even the accepted example "one 45-minute focus block" gets an offer to
shrink; that is the rule working as intended, and the user may keep the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from bot.coach.breakdown import round_nice, round_nice_down
from bot.coach.goal_words import glossed
from bot.coach.lexicon import Languages, language_order, lexicon, primary
from bot.coach.models import Measure
from bot.coach.quantities.reading import MeasureMatch, find_measure
from bot.coach.quantities.units import is_countable, normalise_unit, to_minutes
from bot.coach.quantities.writing import format_measure, replace_measure


class BigReason(StrEnum):
    """Why a daily action looks too big to be impossible to skip."""

    LONG_DURATION = "long_duration"
    LARGE_SHARE = "large_share"  # more than a third of the weekly micro-goal in one day
    LARGE_QUANTITY = "large_quantity"  # above the everyday size for the unit
    MANY_STEPS = "many_steps"


@dataclass(frozen=True, slots=True)
class BigVerdict:
    """A daily action that looks big, and smaller versions to offer.

    Attributes:
        reasons: Every reason that applied, in a fixed order (duration, share, quantity, steps).
        smaller_text: The action cut down: one step only (the one with the quantity, else the
            first), with a smaller quantity.
        smaller: The smaller quantity, if the action has one.
        starter_text: The two-minute version ("put on your running shoes and step out the door").
    """

    reasons: tuple[BigReason, ...]
    smaller_text: str
    smaller: Measure | None
    starter_text: str


MAX_EASY_MINUTES = 20
"""A daily action longer than this (in minutes) gets an offer to shrink."""

SMALLER_MAX_MINUTES = 20
"""A shrunk duration is half the original, at most this many minutes, in steps of five."""

MAX_SHARE_OF_WEEK = 1 / 3
"""A day's quantity above this share of the weekly micro-goal is big (planned pace is 1/7)."""

EVERYDAY_MAX: dict[str, float] = {
    "words": 1000,
    "pages": 20,
    "chapters": 1,
    "books": 1,
    "km": 5,
    "miles": 3,
    "m": 5000,
    "steps": 15000,
    "pushups": 50,
    "situps": 50,
    "squats": 50,
    "pullups": 20,
    "burpees": 30,
    "lunges": 50,
    "reps": 50,
}
"""Daily quantities above these are big whatever the weekly goal (units not listed: no limit)."""

STARTERS: tuple[tuple[str, str], ...] = (
    (r"\b(push-?ups?|press-?ups?|squats?|sit-?ups?|burpees?|pull-?ups?|lunges?)\b", "do 2 {0}"),
    (r"\b(?:run|running|jog\w*)\b", "put on your running shoes and step out the door"),
    (r"\bwalk\w*", "put on your shoes and walk to the end of the street"),
    (r"\b(?:yoga|stretch\w*|mobility)\b", "roll out the mat and do one stretch"),
    (
        r"\b(?:gym|work ?out|workouts?|exercis\w*|train\w*|lift\w*)\b",
        "put on your workout clothes",
    ),
    (r"\b(?:meditat\w*|breath\w*|mindful\w*)", "sit down and take three slow breaths"),
    (r"\b(?:floss\w*)\b", "floss one tooth"),
    (r"\b(?:focus\w*|deep work|pomodoros?)\b", "set a timer and open the task for 2 minutes"),
    (r"\b(?:water|hydrat\w*)\b", "drink one glass of water"),
    (r"\b(?:journal\w*|diary)\b", "write one line in your journal"),
    (r"\bread\w*|\bbooks?\b|\bpages?\b", "read one page"),
    (r"\b(?:writ\w*|words?|novel|blog\w*|essay\w*|draft\w*)\b", "write one sentence"),
    (r"\b(?:code|coding|program\w*)\b", "open the project and write one line"),
    (
        r"\b(?:guitar|piano|violin|drums|ukulele|instrument|music|sing\w*)\b",
        "pick up the instrument and play one scale",
    ),
    (r"\b(?:draw\w*|sketch\w*|paint\w*)\b", "draw one small thing"),
    (
        r"\b(?:learn\w*|stud\w*|practi[sc]\w*|lessons?|flashcards?|spanish|french|german)\b",
        "open the book or app and do one exercise",
    ),
    (r"\b(?:clean\w*|tid\w*|declutter\w*)\b", "clear one surface"),
    (
        r"\b(?:call\w*|email\w*|clients?|customers?|outreach|pitch\w*)\b",
        "write the first line of one message",
    ),
    (r"\b(?:cook\w*|meals?)\b", "pick one recipe"),
)
"""Two-minute starters by topic; the first match wins, "{0}" is the unit as normalised."""

_STARTERS = tuple((re.compile(pattern, re.IGNORECASE), text) for pattern, text in STARTERS)

GENERIC_STARTER = "do just 2 minutes of it"

_STEP_SEPARATOR = re.compile(
    r"(?<!\d),|,(?!\d)|;|\+|&|\band\s+then\b|\bthen\b|\bafter\s+that\b|\bfollowed\s+by\b|\band\b",
    re.IGNORECASE,
)
_SEQUENCE = re.compile(r"\bthen\b|\bafter\s+that\b|\bfollowed\s+by\b", re.IGNORECASE)


def two_minute_starter(action_text: str, language: Languages = None) -> str:
    """The two-minute version of an action, from :data:`STARTERS`.

    Args:
        action_text: The daily action, e.g. "run 5 km", "correr 5 km".
        language: The user's language: the starter is its line for the same topic.

    Returns:
        A starter so small it is silly to skip, e.g. "put on your running shoes and step out
        the door"; :data:`GENERIC_STARTER` when no topic matches.
    """
    local = primary(language)
    text = glossed(action_text, language)
    for index, (pattern, starter) in enumerate(_STARTERS):
        match = pattern.search(text)
        if match is not None and local.starters:
            return local.starters[index]
        if match is not None:
            return starter.format(*(normalise_unit(group) for group in match.groups() if group))
    return local.generic_starter or GENERIC_STARTER


def looks_big(
    action_text: str,
    daily: Measure | None = None,
    weekly: Measure | None = None,
    language: Languages = None,
) -> BigVerdict | None:
    """Check a daily action against the two-minute rule (rule 3).

    Args:
        action_text: The daily action in the user's words.
        daily: Its quantity, if known; otherwise it is looked for in the text.
        weekly: The weekly micro-goal, to compare the day's share against.
        language: The user's language: its words for "and", "then" split steps, and the
            smaller version and the starter are written in it.

    Returns:
        ``None`` when the action looks small enough, otherwise why and smaller versions.
    """
    text = " ".join(action_text.split())
    measure = daily
    if measure is None:
        found = find_measure(text)
        measure = found.measure if isinstance(found, MeasureMatch) else None

    reasons: list[BigReason] = []
    minutes = to_minutes(measure) if measure is not None else None
    if minutes is not None and minutes > MAX_EASY_MINUTES:
        reasons.append(BigReason.LONG_DURATION)
    share = _share_of_week(measure, weekly)
    if share is not None and share > MAX_SHARE_OF_WEEK:
        reasons.append(BigReason.LARGE_SHARE)
    limit = EVERYDAY_MAX.get(normalise_unit(measure.unit)) if measure is not None else None
    if measure is not None and limit is not None and measure.quantity > limit:
        reasons.append(BigReason.LARGE_QUANTITY)
    separators, sequence = _step_words(language_order(language))
    steps = _steps(text, separators)
    if len(steps) >= 3 or (len(steps) == 2 and sequence.search(text)):
        reasons.append(BigReason.MANY_STEPS)
    if not reasons:
        return None

    smaller = _smaller(measure, weekly, reasons) if measure is not None else None
    smaller_text = _main_step(steps, measure) if BigReason.MANY_STEPS in reasons else text
    if smaller is not None and measure is not None:
        smaller_text = _with_measure(smaller_text, smaller, measure, language)
    return BigVerdict(tuple(reasons), smaller_text, smaller, two_minute_starter(text, language))


def _share_of_week(measure: Measure | None, weekly: Measure | None) -> float | None:
    if measure is None or weekly is None or weekly.quantity <= 0:
        return None
    day_minutes, week_minutes = to_minutes(measure), to_minutes(weekly)
    if day_minutes is not None and week_minutes is not None:
        return day_minutes / week_minutes
    if normalise_unit(measure.unit) != normalise_unit(weekly.unit):
        return None
    return measure.quantity / weekly.quantity


def _smaller(measure: Measure, weekly: Measure | None, reasons: list[BigReason]) -> Measure | None:
    """Half the action (durations: half, at most 20 minutes), or the weekly pace if smaller."""
    minutes = to_minutes(measure)
    if minutes is not None:
        if BigReason.LONG_DURATION not in reasons and BigReason.LARGE_SHARE not in reasons:
            return None
        target = min(minutes / 2, SMALLER_MAX_MINUTES)
        week_minutes = to_minutes(weekly) if weekly is not None else None
        if week_minutes is not None:
            target = min(target, week_minutes / 7)
        return Measure(max(2.0, float(target // 5 * 5)), "minutes")
    if BigReason.LARGE_SHARE not in reasons and BigReason.LARGE_QUANTITY not in reasons:
        return None
    unit = normalise_unit(measure.unit)
    countable = is_countable(unit)
    target = measure.quantity / 2
    if weekly is not None and normalise_unit(weekly.unit) == unit:
        target = min(target, round_nice(weekly.quantity / 7, countable=countable))
    return Measure(round_nice_down(target, countable=countable), unit)


def _with_measure(text: str, smaller: Measure, measure: Measure, language: Languages) -> str:
    """Put the smaller quantity where the old one is, or after the text when it has none."""
    inside = find_measure(text)
    if isinstance(inside, MeasureMatch) and _same_amount(inside.measure, measure):
        return replace_measure(text, inside, smaller, language)
    return f"{text}: {format_measure(smaller, language=language)}"


def _same_amount(a: Measure, b: Measure) -> bool:
    a_minutes, b_minutes = to_minutes(a), to_minutes(b)
    if a_minutes is not None and b_minutes is not None:
        return a_minutes == b_minutes
    return normalise_unit(a.unit) == normalise_unit(b.unit) and a.quantity == b.quantity


def _main_step(steps: list[str], measure: Measure | None) -> str:
    """The step carrying the quantity (the heart of the action), else the first one."""
    if measure is not None:
        for step in steps:
            found = find_measure(step)
            if isinstance(found, MeasureMatch) and _same_amount(found.measure, measure):
                return step
    return steps[0]


def _steps(text: str, separators: re.Pattern[str]) -> list[str]:
    return [part.strip(" .") for part in separators.split(text) if part.strip(" .")]


@cache
def _step_words(order: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The step separators and "then" words of the languages given, English included."""
    separators = [_STEP_SEPARATOR.pattern, *(lexicon(code).step_separators for code in order)]
    sequence = [_SEQUENCE.pattern, *(lexicon(code).sequence for code in order)]
    return (
        re.compile("|".join(part for part in separators if part), re.IGNORECASE),
        re.compile("|".join(part for part in sequence if part), re.IGNORECASE),
    )
