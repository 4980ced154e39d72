"""The planning ladder: which level comes next, what to propose, how to read an answer.

docs/product.md rules 1–3: vision → 12-week outcome → monthly milestone → weekly micro-goal → daily
micro-action, plus the minimum viable action, an optional identity and a start date. Levels are
filled in this order; the next question is always the first level still empty, so a plan in
progress can be resumed from what is stored, and editing one level returns to the summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from bot.coach.breakdown import WEEKS_PER_MONTH, break_down, round_level
from bot.coach.dates import DateProblem, parse_date
from bot.coach.identity import MAX_IDENTITY_LENGTH, normalise_identity, suggest_identity
from bot.coach.landmarks import twelve_weeks_after
from bot.coach.levels import (
    Sizes,
    Source,
    daily_from_weekly,
    follow,
    reworded,
    weekly_from_monthly,
    with_sizes,
)
from bot.coach.lexicon import Languages, glossary
from bot.coach.models import Goal, Measure
from bot.coach.mva import propose_mva
from bot.coach.quantities.reading import MeasureProblem, find_measure
from bot.coach.quantities.units import UnitKind, normalise_unit, to_minutes, unit_kind
from bot.coach.quantities.writing import format_measure, written_in
from bot.coach.wins import convert
from bot.coach.wording import BigVerdict, VaguenessVerdict, looks_big, vagueness

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


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the bot suggests for a level: a text and, where it has one, a quantity."""

    text: str
    measure: Measure | None = None


def next_level(goal: Goal) -> PlanLevel | None:
    """The first level still empty, or ``None`` when the plan is complete."""
    for level in LEVEL_ORDER:
        if not is_filled(goal, level):
            return level
    return None


def is_filled(goal: Goal, level: PlanLevel) -> bool:
    """Whether a level has an answer (a skipped identity counts as answered)."""
    value: object = {
        PlanLevel.VISION: goal.vision or None,
        PlanLevel.OUTCOME: goal.outcome,
        PlanLevel.MONTHLY: goal.monthly,
        PlanLevel.WEEKLY: goal.weekly,
        PlanLevel.DAILY: goal.daily,
        PlanLevel.MVA: goal.mva,
        PlanLevel.IDENTITY: goal.identity,
        PlanLevel.START: goal.start_date,
        PlanLevel.DUE: goal.outcome_due,
    }[level]
    return value is not None


def step_number(level: PlanLevel) -> int:
    """1-based position of a level in the conversation (the 12-week date counts as the start)."""
    if level is PlanLevel.DUE:
        level = PlanLevel.START
    return LEVEL_ORDER.index(level) + 1


def previous_level(level: PlanLevel) -> PlanLevel | None:
    """The level asked before this one, for "Back"."""
    if level is PlanLevel.DUE:
        return PlanLevel.START
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index - 1] if index > 0 else None


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


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A monthly milestone that, kept for the whole cycle, falls short of the 12-week outcome.

    Attributes:
        months: Months in the cycle (three four-week months).
        monthly: The month as the user set it.
        reached: What ``months`` such months add up to.
        outcome: The 12-week outcome, in the same unit as ``reached``.
        proposal: The month that would reach the outcome.
    """

    months: int
    monthly: Measure
    reached: Measure
    outcome: Measure
    proposal: Measure


SHORTFALL_TOLERANCE = 0.95
"""Rounding a proposal (13,300 × 3 = 39,900 of 40,000) is not falling short."""


def monthly_shortfall(goal: Goal) -> Shortfall | None:
    """Whether the month, kept for the whole cycle, reaches the 12-week outcome (rule 14).

    ``None`` when it does, or when the two cannot be compared (no numbers, a state or a feat,
    different kinds of unit).
    """
    outcome, monthly = goal.outcome_measure, goal.monthly_measure
    if outcome is None or monthly is None or not adds_up(goal.outcome or "", outcome):
        return None
    if normalise_unit(outcome.unit) == normalise_unit(monthly.unit):
        have, want, unit = monthly.quantity, outcome.quantity, normalise_unit(monthly.unit)
    else:
        have_minutes, want_minutes = to_minutes(monthly), to_minutes(outcome)
        if have_minutes is None or want_minutes is None:
            return None
        have, want, unit = have_minutes, want_minutes, "minutes"
    months = OUTCOME_WEEKS // WEEKS_PER_MONTH
    if have * months >= want * SHORTFALL_TOLERANCE:
        return None
    return Shortfall(
        months,
        monthly,
        Measure(have * months, unit),
        Measure(want, unit),
        break_down(outcome).monthly,
    )


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
    glossed = in_english(outcome, language)
    if (
        not isinstance(found, MeasureProblem)
        and not _PER_DAY.search(glossed)
        and not (_PER_WEEK.search(glossed))
    ):
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


_SOURCES = {
    PlanLevel.MONTHLY: Source.MONTHLY,
    PlanLevel.WEEKLY: Source.WEEKLY,
    PlanLevel.DAILY: Source.DAILY,
}


def carry(before: Goal, after: Goal, level: PlanLevel, language: Languages = None) -> Goal:
    """Rule 14: a changed month, week or day carries to the others by planning's arithmetic.

    The levels below the changed one follow whenever they are filled (a month edited from the
    summary brings its week and day along; a week answered again after a new outcome brings
    the day). The levels above follow only when the plan was complete before the change (an
    edit from the summary), not while the conversation is still going down the ladder: there
    the level above was just chosen and the next question proposes from it.

    Args:
        before: The goal before the answer.
        after: The goal with the answer stored.
        level: The level answered.
        language: The user's language, for a level that gets its first wording.

    Returns:
        ``after`` with the other levels following; unchanged when the answer's amount did not
        change or has none, or for any other level.
    """
    source = _SOURCES.get(level)
    measure = {
        PlanLevel.MONTHLY: after.monthly_measure,
        PlanLevel.WEEKLY: after.weekly_measure,
        PlanLevel.DAILY: after.daily_measure,
    }.get(level)
    old = {
        PlanLevel.MONTHLY: before.monthly_measure,
        PlanLevel.WEEKLY: before.weekly_measure,
        PlanLevel.DAILY: before.daily_measure,
    }.get(level)
    if source is None or measure is None or measure == old:
        return after
    plan = Sizes.of_plan(after)
    followed = follow(plan, source, measure)
    complete = all(
        is_filled(before, rung) for rung in (PlanLevel.MONTHLY, PlanLevel.WEEKLY, PlanLevel.DAILY)
    )
    order = (PlanLevel.MONTHLY, PlanLevel.WEEKLY, PlanLevel.DAILY)
    rank = order.index(level)

    def pick(rung: PlanLevel, new: Measure | None, kept: Measure | None) -> Measure | None:
        below = order.index(rung) > rank
        return new if below or complete else kept

    return with_sizes(
        after,
        Sizes(
            pick(PlanLevel.MONTHLY, followed.monthly, plan.monthly),
            pick(PlanLevel.WEEKLY, followed.weekly, plan.weekly),
            pick(PlanLevel.DAILY, followed.daily, plan.daily),
        ),
        language,
    )


def with_replan(
    goal: Goal,
    *,
    done: float,
    today: date,
    outcome: Measure | None = None,
    due: date | None = None,
    language: Languages = None,
) -> Goal:
    """Re-plan the 12-week outcome: a new amount or a new date (rule 14).

    What is left (the outcome less what is ``done``) is spread over the days left, a week at a
    time (as planning spreads the outcome over its 12 weeks); the week is the source and the
    day and month follow it (:func:`bot.coach.levels.follow`). Levels that measure something
    else stay.

    Args:
        goal: The goal, with a measurable outcome and a due date.
        done: What is done toward the outcome so far, in its unit.
        today: The user's local date (the first day the new levels apply).
        outcome: The new outcome's amount, if it changes.
        due: The new date, if it changes.
        language: The user's language, for a level that gets its first wording.

    Returns:
        The re-planned goal; unchanged when it has no measurable outcome or date, or nothing
        is left to do.
    """
    new_outcome, new_due = outcome or goal.outcome_measure, due or goal.outcome_due
    if new_outcome is None or new_due is None or new_due < today:
        return goal
    changed = replace(goal, outcome_due=new_due)
    if outcome is not None:
        changed = replace(
            changed, outcome=reworded(goal.outcome, outcome, language), outcome_measure=outcome
        )
    left = new_outcome.quantity - done
    if left <= 0:
        return changed
    # What is left over the days left, a week at a time: the week is the source.
    days_left = (new_due - today).days + 1
    week = round_level(left * 7 / days_left, new_outcome.unit)
    sizes = Sizes.of_plan(changed)
    weekly, daily = sizes.weekly, sizes.daily
    if weekly is not None and convert(week, weekly.unit) is not None:
        return with_sizes(changed, follow(sizes, Source.WEEKLY, week), language)
    per_day = daily_from_weekly(week)
    if daily is not None and per_day is not None and convert(per_day, daily.unit) is not None:
        return with_sizes(changed, follow(sizes, Source.DAILY, per_day), language)
    return changed


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


@dataclass(frozen=True, slots=True)
class OutcomeRead:
    """A typed 12-week outcome, and whether it is too vague to measure."""

    goal: Goal
    verdict: VaguenessVerdict


def with_outcome(goal: Goal, text: str, language: Languages = None) -> OutcomeRead | AnswerProblem:
    """Store a typed outcome; a changed quantity clears the month and week proposals.

    The vagueness check reads ``language``'s words first (and English).
    """
    read = read_amount(text, None, language)
    if isinstance(read, AnswerProblem):
        return read
    outcome, measure = clean(text), _over_horizon(text, read[1], language)
    changed = replace(goal, outcome=outcome, outcome_measure=measure)
    if measure != goal.outcome_measure and goal.outcome is not None:
        # The month and week were derived from the old number: ask them again.
        changed = replace(
            changed, monthly=None, monthly_measure=None, weekly=None, weekly_measure=None
        )
    return OutcomeRead(changed, vagueness(outcome, language))


def with_suggested_outcome(goal: Goal, language: Languages = None) -> Goal:
    """Replace a vague outcome by the bot's measurable rewrite (in ``language``)."""
    verdict = vagueness(goal.outcome or goal.vision, language)
    suggestion = verdict.suggestion or goal.outcome or ""
    read = read_amount(suggestion, None, language)
    measure = (
        _over_horizon(suggestion, read[1], language)
        if not isinstance(read, AnswerProblem)
        else None
    )
    return replace(goal, outcome=suggestion, outcome_measure=measure)


_PER_DAY = re.compile(
    r"\b(?:a|per|each|every)\s+(?:single\s+)?(?:day|morning|evening|night)\b|\b(?:daily|nightly)\b",
    re.IGNORECASE,
)
_DAYS_A_WEEK = re.compile(r"\b([1-7])\s*(?:days|times|x)\s*(?:a|per|each|every)\s+week\b", re.I)
_PER_WEEK = re.compile(r"\b(?:a|per|each|every)\s+week\b|\bweekly\b", re.IGNORECASE)


def is_rate(outcome: str | None, language: Languages = None) -> bool:
    """Whether an outcome is a pace ("5 minutes a day", "3 times a week"), not a total.

    Such an outcome is planned as its 12-week total, but its month and week are the same pace
    added up (a day × 28 for a four-week month), never a total divided by three.
    """
    text = in_english(outcome or "", language)
    return bool(_DAYS_A_WEEK.search(text) or _PER_DAY.search(text) or _PER_WEEK.search(text))


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


def _over_horizon(text: str, measure: Measure | None, language: Languages) -> Measure | None:
    """An outcome stated as a rate ("300 words a day") is planned as its 12-week total."""
    if measure is None:
        return None
    text = in_english(text, language)
    days = _DAYS_A_WEEK.search(text)
    if days:
        return Measure(measure.quantity * int(days.group(1)) * OUTCOME_WEEKS, measure.unit)
    if _PER_DAY.search(text):
        return Measure(measure.quantity * 7 * OUTCOME_WEEKS, measure.unit)
    if _PER_WEEK.search(text):
        return Measure(measure.quantity * OUTCOME_WEEKS, measure.unit)
    return measure


def with_level(
    goal: Goal, level: PlanLevel, text: str, language: Languages = None
) -> Goal | AnswerProblem:
    """Store a typed month, week, daily action or MVA (quantities in the unit above them)."""
    hint = {
        PlanLevel.MONTHLY: goal.outcome_measure,
        PlanLevel.WEEKLY: goal.monthly_measure or goal.outcome_measure,
        PlanLevel.DAILY: goal.weekly_measure or goal.outcome_measure,
        PlanLevel.MVA: goal.daily_measure,
    }.get(level)
    read = read_amount(text, hint, language)
    if isinstance(read, AnswerProblem):
        return read
    return _set(goal, level, read[0], read[1])


def with_proposal(goal: Goal, level: PlanLevel, language: Languages = None) -> Goal | None:
    """Accept the bot's proposal for a level; ``None`` if there is none to accept."""
    proposal = propose(goal, level, language)
    if proposal is None:
        return None
    if level is PlanLevel.IDENTITY:
        return replace(goal, identity=proposal.text)
    result = _set(goal, level, proposal.text, proposal.measure)
    return result if isinstance(result, Goal) else None


def _set(goal: Goal, level: PlanLevel, text: str, measure: Measure | None) -> Goal | AnswerProblem:
    if level is PlanLevel.MONTHLY:
        return replace(goal, monthly=text, monthly_measure=measure)
    if level is PlanLevel.WEEKLY:
        return replace(goal, weekly=text, weekly_measure=measure)
    if level is PlanLevel.DAILY:
        return replace(goal, daily=text, daily_measure=measure)
    if level is PlanLevel.MVA:
        if _not_smaller(measure, goal.daily_measure):
            return AnswerProblem.MVA_NOT_SMALLER
        return replace(goal, mva=text, mva_measure=measure)
    raise ValueError(f"level {level} is not a quantity level")


def _not_smaller(mva: Measure | None, daily: Measure | None) -> bool:
    if mva is None or daily is None:
        return False
    if mva.unit == daily.unit:
        return mva.quantity >= daily.quantity
    mva_minutes, daily_minutes = to_minutes(mva), to_minutes(daily)
    return mva_minutes is not None and daily_minutes is not None and mva_minutes >= daily_minutes


def daily_size_check(goal: Goal, language: Languages = None) -> BigVerdict | None:
    """The two-minute rule: a smaller version to offer if the daily action looks big (its
    steps and the smaller version read and written in ``language``)."""
    if not goal.daily:
        return None
    return looks_big(goal.daily, goal.daily_measure, goal.weekly_measure, language)


def with_smaller_daily(goal: Goal, language: Languages = None) -> Goal:
    """Take the smaller daily action the two-minute rule offered."""
    verdict = daily_size_check(goal, language)
    if verdict is None:
        return goal
    return replace(goal, daily=verdict.smaller_text, daily_measure=verdict.smaller)


def with_identity(goal: Goal, text: str) -> Goal | AnswerProblem:
    """Store a typed identity statement."""
    problem = check_text(text, MAX_IDENTITY_LENGTH)
    if problem is not None:
        return problem
    return replace(goal, identity=normalise_identity(text))


def with_start(goal: Goal, start: date) -> Goal:
    """Set the start; the 12-week date follows it unless the user chose their own, still later."""
    default_due = twelve_weeks_after(start)
    due = goal.outcome_due
    if goal.start_date is not None and due == twelve_weeks_after(goal.start_date):
        due = default_due  # the old date was the default: keep it 12 weeks after the start
    if due is None or due <= start:
        due = default_due
    return replace(goal, start_date=start, outcome_due=due)


def read_date(text: str, today: date) -> date | AnswerProblem:
    """A typed date, today or later."""
    parsed = parse_date(text, today)
    if isinstance(parsed, DateProblem):
        return _DATE_PROBLEMS[parsed]
    return parsed


_DATE_PROBLEMS = {
    DateProblem.EMPTY: AnswerProblem.EMPTY,
    DateProblem.TOO_LONG: AnswerProblem.TOO_LONG,
    DateProblem.UNPARSEABLE: AnswerProblem.DATE_UNREADABLE,
    DateProblem.INVALID: AnswerProblem.DATE_INVALID,
    DateProblem.PAST: AnswerProblem.DATE_PAST,
    DateProblem.TOO_FAR: AnswerProblem.DATE_TOO_FAR,
}


def with_due(goal: Goal, due: date) -> Goal | AnswerProblem:
    """Set the 12-week date by hand; it must come after the start."""
    start = goal.start_date
    if start is not None and due <= start:
        return AnswerProblem.DUE_BEFORE_START
    return replace(goal, outcome_due=due)


def skip_identity(goal: Goal) -> Goal:
    """The identity is optional."""
    return replace(goal, identity=SKIPPED_IDENTITY)


def blank(goal: Goal) -> Goal:
    """The same draft with every level emptied (start over)."""
    return replace(
        goal,
        vision="",
        outcome=None,
        outcome_measure=None,
        outcome_due=None,
        monthly=None,
        monthly_measure=None,
        weekly=None,
        weekly_measure=None,
        daily=None,
        daily_measure=None,
        mva=None,
        mva_measure=None,
        identity=None,
        start_date=None,
    )


def with_vision(goal: Goal, text: str) -> Goal | AnswerProblem:
    """Store the vision (free text)."""
    problem = check_text(text)
    if problem is not None:
        return problem
    return replace(goal, vision=clean(text))
