"""The callback-data grammar of /goals, on the typed base (see ``callback_data``).

Ids are positive decimal integers, dates ``yyyymmdd``::

    g:list                     the goal list
    g:arch                     the archived goals
    g:<action>:<goal_id>       open up down pause resume archive archok restore ms msadd
    ms:<action>:<milestone_id> open tick reopen move del delok nodue step done
    ms:due:<milestone_id>:<yyyymmdd>     a deadline picked with a button
    ms:new:<milestone_id>:<yyyymmdd>     a new date, one tap, after a deadline passed
    st:<action>:<milestone_id>:<step_id> tick del

``ms:done`` ticks a milestone from a row on another message (the morning card, /today, the
evening message): that row goes, the rest of the message stays.

The goal card's "Edit plan" button carries ``plan:show:<goal_id>``, built by the /plan grammar
(``bot.views.plan_callbacks``), whose handler answers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.views.callback_data import CallbackData, parse_among, pattern_of


class GoalAction(StrEnum):
    """What a goal button does."""

    OPEN = "open"
    UP = "up"
    DOWN = "down"
    PAUSE = "pause"
    RESUME = "resume"
    ARCHIVE = "archive"  # asks to confirm
    ARCHIVE_CONFIRMED = "archok"
    RESTORE = "restore"
    MILESTONES = "ms"
    ADD_MILESTONE = "msadd"


class MilestoneAction(StrEnum):
    """What a milestone button does."""

    OPEN = "open"
    TICK = "tick"
    REOPEN = "reopen"
    MOVE = "move"
    DELETE = "del"  # asks to confirm
    DELETE_CONFIRMED = "delok"
    NO_DEADLINE = "nodue"
    ADD_STEP = "step"
    DONE_HERE = "done"  # ticked from a row on a daily message


class StepAction(StrEnum):
    """What a step button does."""

    TICK = "tick"  # ticks an open step, reopens a done one
    DELETE = "del"


@dataclass(frozen=True)
class ShowGoals(CallbackData, prefix="g:list"):
    """Show the goal list."""


@dataclass(frozen=True)
class ShowArchived(CallbackData, prefix="g:arch"):
    """Show the archived goals."""


@dataclass(frozen=True)
class GoalButton(CallbackData, prefix="g"):
    """A button about one goal."""

    action: GoalAction
    goal_id: int


@dataclass(frozen=True)
class MilestoneButton(CallbackData, prefix="ms"):
    """A button about one milestone."""

    action: MilestoneAction
    milestone_id: int


@dataclass(frozen=True)
class OnMilestoneDay(CallbackData):
    """A date for one milestone (the base of the two buttons below)."""

    milestone_id: int
    due: date


class PickDeadline(OnMilestoneDay, prefix="ms:due"):
    """A deadline picked with a button on the "when is it due?" question."""


class NewDate(OnMilestoneDay, prefix="ms:new"):
    """A new date picked with one tap after a milestone's deadline passed (no question open)."""


@dataclass(frozen=True)
class StepButton(CallbackData, prefix="st"):
    """A button about one step of a milestone."""

    action: StepAction
    milestone_id: int
    step_id: int


GoalsCallback = (
    ShowGoals | ShowArchived | GoalButton | MilestoneButton | PickDeadline | NewDate | StepButton
)
BUTTONS = (ShowGoals, ShowArchived, GoalButton, MilestoneButton, PickDeadline, NewDate, StepButton)
PATTERN = pattern_of(*BUTTONS)
"""Matches the data this grammar owns (for the handler's ``CallbackQueryHandler``)."""


def parse(data: str | None) -> GoalsCallback | None:
    """Any /goals button's data; ``None`` for anything this version does not understand."""
    parsed = parse_among(data, BUTTONS)
    return parsed if isinstance(parsed, GoalsCallback) else None
