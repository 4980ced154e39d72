"""What the daily loop's use cases answer: a win counted, taken back, refused or ambiguous."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.coach.celebrations import TargetReached
from bot.coach.cheers import Cheer
from bot.coach.models import (
    EntryStatus,
    Goal,
    Measure,
)
from bot.coach.progress.ladder import LadderProgress
from bot.coach.wins import WinProblem, WinText
from bot.services.goal_day import GoalDay
from bot.services.unit_of_work import Refusal


@dataclass(frozen=True, slots=True)
class Logged:
    """A win (or an MVA day, or a rest day) was counted."""

    view: GoalDay
    status: EntryStatus
    added: Measure | None
    is_today: bool
    duplicate: bool
    milestone: int | None
    progress: LadderProgress | None
    identity_day: bool
    step_up_ready: bool
    scale_up_offer: Measure | None
    unconverted: Measure | None = None
    """A typed amount whose unit does not add up to the target's (km toward words): the day
    counted, the number did not."""
    identity_forming: bool = False
    """This win is the one (between votes 7 and 14, once per goal) that says the belief is
    forming (rule 6)."""
    reached: tuple[TargetReached, ...] = ()
    back_after: int = 0
    """Quiet days in a row before this win (0 for a repeat): a long break ended today."""
    """The week's or the month's target, reached by this win (each celebrated once)."""
    cheer: Cheer | None = None
    """The line about what the user just did, for a new Done (``None`` otherwise)."""


@dataclass(frozen=True, slots=True)
class Undone:
    """The day's last entry was taken back."""

    view: GoalDay  # today, after the undo
    day: date  # the day whose entry was taken back (today, or yesterday until midday)


class RefusalReason(StrEnum):
    """Why a win, an undo or a change of the habit's size was refused; each has its own words."""

    NO_GOALS = "no_goals"
    GOAL_GONE = "goal_gone"
    GOAL_PAUSED = "goal_paused"
    NOT_STARTED = "not_started"
    TOO_LATE = "too_late"
    SKIP_LIMIT = "skip_limit"
    NOTHING_TO_UNDO = "nothing_to_undo"
    ON_BREAK = "on_break"  # the day is part of a break: kept by it, nothing of the user's to undo
    # What a typed win's amount can be refused for (``bot.coach.wins.WinProblem``).
    NEGATIVE = WinProblem.NEGATIVE.value
    ZERO = WinProblem.ZERO.value
    TOO_LARGE = WinProblem.TOO_LARGE.value
    NOT_A_NUMBER = WinProblem.NOT_A_NUMBER.value
    VAGUE_AMOUNT = WinProblem.VAGUE_AMOUNT.value
    TOO_LONG = WinProblem.TOO_LONG.value
    # The comeback's ramp and the week-4 growth (``bot.services.comeback``).
    NOT_RAMPING = "not_ramping"
    STEPPED_TODAY = "stepped_today"
    NOT_MEASURABLE = "not_measurable"
    ON_RAMP = "on_ramp"
    GROWN_TODAY = "grown_today"


class Refused(Refusal):
    """Nothing was logged or changed, for a reason the user should hear.

    Attributes:
        reason: Why.
        goal: The goal it was about, when there is one to name.
        day: The day it was about (``NOT_STARTED``: the goal's first day).
    """

    def __init__(
        self, reason: RefusalReason, goal: Goal | None = None, day: date | None = None
    ) -> None:
        """Say why, and about what."""
        super().__init__(reason.value)
        self.reason = reason
        self.goal = goal
        self.day = day


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """Several goals fit a typed win: the user picks one."""

    win: WinText
    goals: tuple[Goal, ...]
    day: date  # the day the win is for, fixed now: a button pressed tomorrow keeps it
