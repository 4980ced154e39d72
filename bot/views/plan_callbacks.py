"""Callback data of the /plan buttons, on the typed base (see ``callback_data``).

* ``plan:<ok|alt|edit>:<level>:<goal>`` — take the suggestion, take the alternative, or edit
  that level (levels are the one-letter codes of ``PlanLevel``);
* ``plan:date:<level>:<goal>:<yyyymmdd>`` — a date picked for that level;
* ``plan:<keep|skip|back|go|show>:<goal>`` — keep mine, skip, one question back, confirm the
  plan, show the plan;
* ``plan:resume`` / ``plan:fresh`` — continue the plan in progress / start it over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.coach.plan_ladder import PlanLevel
from bot.views.callback_data import CallbackData, parse_among, pattern_of


class LevelAction(StrEnum):
    """What a button about one level of the plan does."""

    ACCEPT = "ok"
    ALTERNATIVE = "alt"
    EDIT = "edit"


@dataclass(frozen=True)
class AtLevel(CallbackData, prefix="plan"):
    """Take the suggestion, take the alternative, or edit one level of a goal's plan."""

    action: LevelAction
    level: PlanLevel
    goal_id: int


@dataclass(frozen=True)
class PickDate(CallbackData, prefix="plan:date"):
    """A date picked with a button for one level (the start, the 12-week date)."""

    level: PlanLevel
    goal_id: int
    day: date


@dataclass(frozen=True)
class OnGoal(CallbackData):
    """A button about a whole plan (the base of the five below)."""

    goal_id: int


class KeepMine(OnGoal, prefix="plan:keep"):
    """Keep what I wrote (not the suggestion)."""


class Skip(OnGoal, prefix="plan:skip"):
    """Skip this question."""


class Back(OnGoal, prefix="plan:back"):
    """One question back."""


class Confirm(OnGoal, prefix="plan:go"):
    """Confirm the plan: the goal goes live."""


class Show(OnGoal, prefix="plan:show"):
    """Show the plan (the summary, to edit)."""


@dataclass(frozen=True)
class Resume(CallbackData, prefix="plan:resume"):
    """Continue the plan in progress."""


@dataclass(frozen=True)
class StartOver(CallbackData, prefix="plan:fresh"):
    """Start the plan in progress over."""


PlanButton = AtLevel | PickDate | KeepMine | Skip | Back | Confirm | Show | Resume | StartOver
BUTTONS = (AtLevel, PickDate, KeepMine, Skip, Back, Confirm, Show, Resume, StartOver)
PATTERN = pattern_of(*BUTTONS)


def parse(data: str | None) -> PlanButton | None:
    """Any /plan button's data; ``None`` for anything malformed."""
    parsed = parse_among(data, BUTTONS)
    return parsed if isinstance(parsed, PlanButton) else None
