"""What the bot proposes for a level of the plan, from the levels above it (rules 1–3)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.coach.breakdown import break_down
from bot.coach.goal_words import in_english, rate_days
from bot.coach.identity import suggest_identity
from bot.coach.levels import daily_from_weekly, weekly_from_monthly
from bot.coach.lexicon import Languages
from bot.coach.models import Goal, Measure
from bot.coach.mva import propose_mva
from bot.coach.plan_ladder import PlanLevel
from bot.coach.quantities.reading import MeasureProblem, find_measure
from bot.coach.quantities.units import UnitKind, unit_kind
from bot.coach.quantities.writing import format_measure, written_in


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the bot suggests for a level: a text and, where it has one, a quantity."""

    text: str
    measure: Measure | None = None


def propose(goal: Goal, level: PlanLevel, language: Languages = None) -> Proposal | None:
    """The bot's suggestion for a level, from the levels above it; ``None`` when it has none.

    Arithmetic is proposed only for outcomes that add up day by day (words, pages, minutes of
    practice, money saved…), never for a state or a one-off feat ("weigh 70 kg", "run 5 km
    without stopping", "1,000 subscribers"): dividing those by 84 days gives no real action.
    Amounts are written as the outcome writes its own ("написать 13 300 слов" from
    "написать 40 000 слов"), in ``language`` when it says nothing.
    """
    outcome = goal.outcome_measure if adds_up(goal.outcome or "", goal.outcome_measure) else None
    if level in (PlanLevel.MONTHLY, PlanLevel.WEEKLY, PlanLevel.DAILY) and outcome is not None:
        plan = break_down(outcome)
        if level is PlanLevel.MONTHLY:
            return _worded(goal, plan.monthly, language)
        if level is PlanLevel.WEEKLY:
            # From the outcome while the month is the proposed one; from the month otherwise.
            custom_month = goal.monthly_measure not in (None, plan.monthly)
            weekly = _weekly_from_monthly(goal.monthly_measure) if custom_month else plan.weekly
            if weekly is None or (not custom_month and plan.weekly_is_fractional):
                return None  # less than one item a week: the user says what a week holds
            return _worded(goal, weekly, language)
        # From the outcome while the week is the proposed one (40,000 words → 480 a day, not
        # 3,300 / 7 = 470); from the week when the user chose their own weekly number.
        custom_week = goal.weekly_measure not in (None, plan.weekly)
        daily = _daily_from_weekly(goal.weekly_measure) if custom_week else plan.daily
        return _worded(goal, daily, language, action=True) if daily is not None else None
    if level is PlanLevel.DAILY and goal.weekly_measure is not None and outcome is not None:
        daily = _daily_from_weekly(goal.weekly_measure)
        return _worded(goal, daily, language, action=True) if daily is not None else None
    if level is PlanLevel.MVA and goal.daily:
        mva = propose_mva(goal.daily, goal.daily_measure, language)
        return Proposal(mva.text, mva.measure)
    if level is PlanLevel.IDENTITY:
        # Read in the user's words too: "написать роман" suggests "I am a writer" (shown in
        # their language by the views).
        texts = (goal.vision, goal.outcome, goal.daily)
        return Proposal(suggest_identity(*(in_english(text, language) for text in texts if text)))
    return None


_FEAT = re.compile(
    r"\b(?:without stopping|non-?stop|in one go|in under|in less than|under \d|personal best|"
    r"pb|weigh|lose|gain|followers|subscribers|subs|fans|likes|views|rating|score|level|"
    r"grade|band|average)\b",
    re.IGNORECASE,
)
_ADDS_UP_KINDS = (UnitKind.COUNT, UnitKind.DURATION, UnitKind.MONEY, UnitKind.DISTANCE)


def adds_up(text: str, measure: Measure | None) -> bool:
    """Whether an outcome is a total reached by adding days up (so arithmetic makes sense)."""
    if measure is None or _FEAT.search(text):
        return False
    return unit_kind(measure.unit) in _ADDS_UP_KINDS


def lower_first(text: str) -> str:
    """An action as it reads mid-sentence: "Run 83 km" → "run 83 km".

    Only a capital followed by lower-case letters is lowered, so "I", "NASA" or "5K" stay.
    """
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word[0].isupper() and word[1:].islower():
        return text[0].lower() + text[1:]
    return text


def _worded(goal: Goal, measure: Measure, language: Languages, *, action: bool = False) -> Proposal:
    """A proposal worded like the outcome ("write 480 words" from "write 40,000 words")."""
    outcome = goal.outcome or ""
    found = find_measure(outcome)
    if not isinstance(found, MeasureProblem) and rate_days(outcome, language) is None:
        lead = outcome[: found.start].strip()
        if lead and lead[0].isalpha():
            # Keep the verb and the unit; drop what follows the quantity ("of my first draft").
            amount = format_measure(
                measure, language=written_in(outcome, found, language), accusative=True
            )
            return Proposal(f"{lower_first(lead)} {amount}", measure)
    verb = (goal.vision.split() or [""])[0].lower()
    if action and verb in _ACTION_VERBS:
        # "40,000 words of my first draft" toward "write a novel": the action is "write 480 words".
        return Proposal(f"{verb} {format_measure(measure)}", measure)
    if not isinstance(found, MeasureProblem):
        return Proposal(
            format_measure(measure, language=written_in(outcome, found, language)), measure
        )
    return Proposal(format_measure(measure, language=language), measure)


_ACTION_VERBS = frozenset(
    {
        "write",
        "run",
        "read",
        "walk",
        "swim",
        "cycle",
        "ride",
        "practice",
        "practise",
        "study",
        "learn",
        "meditate",
        "draw",
        "paint",
        "code",
        "save",
        "cook",
        "stretch",
        "jog",
        "row",
        "climb",
        "sing",
        "play",
        "journal",
        "hike",
    }
)


def _weekly_from_monthly(monthly: Measure | None) -> Measure | None:
    return None if monthly is None else weekly_from_monthly(monthly)


def _daily_from_weekly(weekly: Measure | None) -> Measure | None:
    return None if weekly is None else daily_from_weekly(weekly)
