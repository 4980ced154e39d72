"""The callback-data grammar of /goals: every goal, milestone and step button's data.

Grammar (ids are positive decimal integers, dates ``YYYYMMDD``; at most 64 bytes)::

    g:list                     the goal list
    g:arch                     the archived goals
    g:<action>:<goal_id>       open up down pause resume archive archok restore ms msadd
    ms:<action>:<milestone_id> open tick reopen move del delok nodue step done
    ms:due:<milestone_id>:<yyyymmdd>     a deadline picked with a button
    ms:new:<milestone_id>:<yyyymmdd>     a new date, one tap, after a deadline passed

``ms:done`` ticks a milestone from a row on another message (the morning card, /today, the
evening message): that row goes, the rest of the message stays.
    st:<action>:<milestone_id>:<step_id> tick del

The goal card's "Edit plan" button carries ``plan:show:<goal_id>``, built by the /plan grammar
(``bot.views.plan_callbacks``), whose handler answers it.

Data comes from the client, so parsing never trusts it: anything malformed parses to ``None``,
and an id that parses is still checked against the pressing user by the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

_E = TypeVar("_E", bound=StrEnum)

MAX_CALLBACK_BYTES = 64
MAX_ID = 2**63 - 1
"""Ids are SQLite/PostgreSQL BIGINTs: a larger number cannot name anything."""


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


@dataclass(frozen=True, slots=True)
class ShowGoals:
    """Show the goal list (``archived``: the archived goals instead)."""

    archived: bool = False


@dataclass(frozen=True, slots=True)
class GoalButton:
    """A button about one goal."""

    action: GoalAction
    goal_id: int


@dataclass(frozen=True, slots=True)
class MilestoneButton:
    """A button about one milestone."""

    action: MilestoneAction
    milestone_id: int


@dataclass(frozen=True, slots=True)
class PickDeadline:
    """A deadline picked with a button on the "when is it due?" question."""

    milestone_id: int
    due: date


@dataclass(frozen=True, slots=True)
class NewDate:
    """A new date picked with one tap after a milestone's deadline passed (no question open)."""

    milestone_id: int
    due: date


@dataclass(frozen=True, slots=True)
class StepButton:
    """A button about one step of a milestone."""

    action: StepAction
    milestone_id: int
    step_id: int


GoalsCallback = ShowGoals | GoalButton | MilestoneButton | PickDeadline | NewDate | StepButton
PATTERN = r"^(g|ms|st):"
"""Matches the data this grammar owns (for the handler's ``CallbackQueryHandler``)."""


def show_goals() -> str:
    """Data of "« All goals"."""
    return "g:list"


def show_archived() -> str:
    """Data of "Archived (n)"."""
    return "g:arch"


def goal(action: GoalAction, goal_id: int) -> str:
    """Data of a goal button."""
    return _checked(f"g:{action.value}:{_id(goal_id)}")


def milestone(action: MilestoneAction, milestone_id: int) -> str:
    """Data of a milestone button."""
    return _checked(f"ms:{action.value}:{_id(milestone_id)}")


def pick_deadline(milestone_id: int, due: date) -> str:
    """Data of a deadline button."""
    return _checked(f"ms:due:{_id(milestone_id)}:{due:%Y%m%d}")


def new_date(milestone_id: int, due: date) -> str:
    """Data of a one-tap new date for a milestone whose deadline passed."""
    return _checked(f"ms:new:{_id(milestone_id)}:{due:%Y%m%d}")


def step(action: StepAction, milestone_id: int, step_id: int) -> str:
    """Data of a step button."""
    return _checked(f"st:{action.value}:{_id(milestone_id)}:{_id(step_id)}")


def parse(data: str | None) -> GoalsCallback | None:
    """Parse button data; ``None`` for anything this version does not understand."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    parts = data.split(":")
    match parts:
        case ["g", "list"]:
            return ShowGoals()
        case ["g", "arch"]:
            return ShowGoals(archived=True)
        case ["g", action, raw_id]:
            goal_action = _enum(GoalAction, action)
            goal_id = _parse_id(raw_id)
            if goal_action is None or goal_id is None:
                return None
            return GoalButton(goal_action, goal_id)
        case ["ms", ("due" | "new") as kind, raw_id, raw_date]:
            milestone_id, due = _parse_id(raw_id), _parse_date(raw_date)
            if milestone_id is None or due is None:
                return None
            return PickDeadline(milestone_id, due) if kind == "due" else NewDate(milestone_id, due)
        case ["ms", action, raw_id]:
            milestone_action = _enum(MilestoneAction, action)
            milestone_id = _parse_id(raw_id)
            if milestone_action is None or milestone_id is None:
                return None
            return MilestoneButton(milestone_action, milestone_id)
        case ["st", action, raw_milestone, raw_step]:
            step_action = _enum(StepAction, action)
            milestone_id, step_id = _parse_id(raw_milestone), _parse_id(raw_step)
            if step_action is None or milestone_id is None or step_id is None:
                return None
            return StepButton(step_action, milestone_id, step_id)
    return None


def _enum(kind: type[_E], value: str) -> _E | None:
    try:
        return kind(value)
    except ValueError:
        return None


def _id(value: int) -> int:
    if not 1 <= value <= MAX_ID:
        raise ValueError(f"not an id: {value!r}")
    return value


def _parse_id(text: str) -> int | None:
    # isdecimal() alone would accept other scripts' digits ("٣"); ids are ASCII.
    if not text.isascii() or not text.isdecimal() or len(text) > 19:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def _parse_date(text: str) -> date | None:
    if len(text) != 8 or not text.isascii() or not text.isdecimal():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data
