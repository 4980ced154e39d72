"""The planning conversation: which level comes next, and storing an answer to it.

docs/product.md rules 1–3 and 14. Levels (:mod:`bot.coach.plan_ladder`) are filled in their
order; the next question is always the first level still empty, so a plan in progress can be
resumed from what is stored, and editing one level returns to the summary. A changed month,
week or day carries to the others (:func:`carry`), and the 12-week outcome can be re-planned
(:func:`with_replan`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.coach.breakdown import WEEKS_PER_MONTH, break_down, round_level
from bot.coach.dates import DateProblem, parse_date
from bot.coach.goal_words import rate_days
from bot.coach.identity import MAX_IDENTITY_LENGTH, normalise_identity
from bot.coach.landmarks import twelve_weeks_after
from bot.coach.levels import Sizes, Source, daily_from_weekly, follow, reworded, with_sizes
from bot.coach.lexicon import Languages
from bot.coach.models import Goal, Measure
from bot.coach.plan_ladder import (
    LEVEL_ORDER,
    OUTCOME_WEEKS,
    SKIPPED_IDENTITY,
    AnswerProblem,
    PlanLevel,
    check_text,
    clean,
    read_amount,
)
from bot.coach.proposals import adds_up, propose
from bot.coach.quantities.conversion import convert
from bot.coach.quantities.units import normalise_unit, to_minutes
from bot.coach.two_minute import BigVerdict, looks_big
from bot.coach.vagueness import VaguenessVerdict, vagueness


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


def previous_level(level: PlanLevel) -> PlanLevel | None:
    """The level asked before this one, for "Back"."""
    if level is PlanLevel.DUE:
        return PlanLevel.START
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index - 1] if index > 0 else None


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


def _over_horizon(text: str, measure: Measure | None, language: Languages) -> Measure | None:
    """An outcome stated as a rate ("300 words a day") is planned as its 12-week total."""
    if measure is None:
        return None
    days = rate_days(text, language)
    if days is None:
        return measure
    return Measure(measure.quantity * days * OUTCOME_WEEKS, measure.unit)


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
    # Only what makes it this goal is carried over, so a level added to Goal starts empty too.
    return Goal(
        goal_id=goal.goal_id,
        user_id=goal.user_id,
        status=goal.status,
        priority=goal.priority,
        created_at=goal.created_at,
        updated_at=goal.updated_at,
    )


def with_vision(goal: Goal, text: str) -> Goal | AnswerProblem:
    """Store the vision (free text)."""
    problem = check_text(text)
    if problem is not None:
        return problem
    return replace(goal, vision=clean(text))
