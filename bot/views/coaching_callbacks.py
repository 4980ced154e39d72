"""Callback data of the buttons on messages the bot sends by itself (see ``callback_data``).

* ``rv:<goal>:<quantity>[:<yyyymmdd>]`` — take the micro-goal the weekly review proposed for the
  week starting on that day (without the day, from older messages: next week);
* ``rp:d:<goal>:<yyyymmdd>`` — re-plan: move the 12-week date to that day;
* ``rp:s:<goal>:<quantity>`` — re-plan: aim for that amount by the 12-week date;
* ``rp:k:<goal>`` — keep the plan as it is;
* ``rp:n:<goal>`` — the next 12-week cycle: the same outcome again, twelve weeks on;
* ``fs:<yyyymmdd>`` — pick this fresh-start day (/freshstart);
* ``fc:<goal>`` — commit to this goal on a fresh-start morning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.views.callback_data import CallbackData, pattern_of


@dataclass(frozen=True)
class OnGoal(CallbackData):
    """A button about one goal (the base of every button here but the fresh-start day)."""

    goal_id: int


@dataclass(frozen=True)
class AcceptWeekly(OnGoal, prefix="rv"):
    """Next week's micro-goal for a goal."""

    quantity: float
    week_of: date | None = None


@dataclass(frozen=True)
class ReplanDate(OnGoal, prefix="rp:d"):
    """Move the 12-week date to ``day``."""

    day: date


@dataclass(frozen=True)
class ReplanSize(OnGoal, prefix="rp:s"):
    """Aim for ``quantity`` by the 12-week date."""

    quantity: float


class KeepPlan(OnGoal, prefix="rp:k"):
    """Keep the plan as it is."""


class NextCycle(OnGoal, prefix="rp:n"):
    """The next 12 weeks: the same outcome again."""


@dataclass(frozen=True)
class PickFreshStart(CallbackData, prefix="fs"):
    """This fresh-start day."""

    day: date


class CommitTo(OnGoal, prefix="fc"):
    """Commit to this goal on a fresh-start morning."""


Replan = ReplanDate | ReplanSize | KeepPlan | NextCycle
REPLANS = (ReplanDate, ReplanSize, KeepPlan, NextCycle)
REPLAN_PATTERN = pattern_of(*REPLANS)
