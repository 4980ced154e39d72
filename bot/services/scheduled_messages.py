"""What a scheduled message holds, decided at send time from the data as it is then.

:mod:`bot.services.composing` decides it (the weekly review: :mod:`bot.services.weekly_review`),
:mod:`bot.views.nudges` words it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.coach.deadlines import Deadline, DeadlineMoment
from bot.coach.landmarks import Landmark
from bot.coach.models import Goal, User
from bot.coach.progress.ladder import LadderProgress
from bot.coach.system import MonthEnded
from bot.services.comeback import ComebackOffer
from bot.services.goal_day import GoalDay


@dataclass(frozen=True, slots=True)
class NudgeCard:
    """One goal in the morning nudge: its day, and a comeback offer after two missed days.

    Attributes:
        view: The goal today.
        comeback: The comeback offer, after two missed days.
        week_number: The plan's week.
        deadlines: The goal's milestones to mention in the card: due today, and due tomorrow
            for a user without the evening message.
    """

    view: GoalDay
    comeback: ComebackOffer | None
    week_number: int
    deadlines: frozenset[DeadlineMoment] = frozenset()


@dataclass(frozen=True, slots=True)
class MilestoneNote:
    """A milestone's word on its own in the morning, beside (or instead of) the cards.

    Attributes:
        goal: The milestone's goal.
        deadline: Its date passed yesterday or before (said once per date), or it is due today
            (or tomorrow, for a user without the evening message) while the goal's day is
            already kept, so no card carries it.
        today: The user's local date.
    """

    goal: Goal
    deadline: Deadline
    today: date


@dataclass(frozen=True, slots=True)
class MorningNudge:
    """The morning message: today's actions with one-tap buttons, and milestone notes."""

    user: User
    cards: tuple[NudgeCard, ...]
    landmark: Landmark | None
    gentle: bool  # after a silent week: one soft message instead of the usual nudge
    notes: tuple[MilestoneNote, ...] = ()
    system: tuple[MonthReview | CycleInvite, ...] = ()  # the 30-day system's beats


@dataclass(frozen=True, slots=True)
class MonthReview:
    """A plan month has just ended: its numbers, and planning the month ahead (rule 11).

    Attributes:
        view: The goal today (its levels in force for the month ahead).
        month: The month that ended.
        ladder: The ladder at the end of its last day.
    """

    view: GoalDay
    month: MonthEnded
    ladder: LadderProgress


@dataclass(frozen=True, slots=True)
class CycleInvite:
    """The 12-week date is a week away: an invitation to plan the next cycle (rule 11).

    Attributes:
        view: The goal today.
        due: The 12-week date.
        ladder: The ladder today (the outcome's progress so far).
    """

    view: GoalDay
    due: date
    ladder: LadderProgress | None


@dataclass(frozen=True, slots=True)
class EveningReminder:
    """Streaks still open tonight, and milestones due tomorrow.

    Attributes:
        user: Who it goes to.
        views: The goals whose streak is open tonight.
        eve: Goals with a milestone due tomorrow (each view carries its deadlines).
    """

    user: User
    views: tuple[GoalDay, ...]
    eve: tuple[GoalDay, ...] = ()


@dataclass(frozen=True, slots=True)
class FreshStartEve:
    """Tomorrow is a fresh start: a landmark, the first day of a plan, or both.

    Attributes:
        user: Who it goes to.
        landmark: Tomorrow's landmark, when it may be offered (rule 10's frequency); ``None``
            when only a plan's day one is announced.
        day_one: Goals whose plan starts tomorrow: the eve says so, and what the action is.
        running: The goals already under way, to speak to how they are going.
    """

    user: User
    landmark: Landmark | None
    day_one: tuple[GoalDay, ...] = ()
    running: tuple[GoalDay, ...] = ()


@dataclass(frozen=True, slots=True)
class Skip:
    """Nothing worth sending; the reason is recorded on the delivery."""

    reason: str


@dataclass(frozen=True, slots=True)
class Later:
    """Not now: the delivery waits until ``until`` (the end of the recipient's quiet hours)."""

    until: datetime
    reason: str
