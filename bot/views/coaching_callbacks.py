"""Callback data of the buttons on messages the bot sends by itself: built and parsed here.

Grammar (at most 64 bytes, never trusted):

* ``rv:<goal>:<quantity>:<yyyymmdd>`` — take the micro-goal the weekly review proposed for the
  week starting on that day (``rv:<goal>:<quantity>``, from older messages: next week);
* ``rp:d:<goal>:<yyyymmdd>`` — re-plan: move the 12-week date to that day;
* ``rp:s:<goal>:<quantity>`` — re-plan: aim for that amount by the 12-week date;
* ``rp:k:<goal>`` — keep the plan as it is;
* ``rp:n:<goal>`` — the next 12-week cycle: the same outcome again, twelve weeks on;
* ``fs:<yyyymmdd>`` — pick this fresh-start day (/freshstart);
* ``fc:<goal>`` — commit to this goal on a fresh-start morning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from bot.views.ids import parse_day, parse_id

REVIEW_PATTERN = r"^rv:"
REPLAN_PATTERN = r"^rp:"
FRESH_START_PATTERN = r"^fs:"
COMMIT_PATTERN = r"^fc:"


@dataclass(frozen=True, slots=True)
class AcceptWeekly:
    """Next week's micro-goal for a goal."""

    goal_id: int
    quantity: float
    week_of: date | None = None


def accept_weekly(goal_id: int, quantity: float, week_of: date) -> str:
    """Data for the weekly review's one-tap button: the amount, and the week it is for."""
    return f"rv:{goal_id}:{quantity:g}:{week_of:%Y%m%d}"


def pick_fresh_start(day: date) -> str:
    """Data for a fresh-start day button."""
    return f"fs:{day:%Y%m%d}"


def commit(goal_id: int) -> str:
    """Data for the fresh-start commitment button."""
    return f"fc:{goal_id}"


def parse_accept_weekly(data: str | None) -> AcceptWeekly | None:
    """``rv:`` data, or ``None`` when malformed."""
    parts = (data or "").split(":")
    if len(parts) not in (3, 4) or parts[0] != "rv":
        return None
    goal_id = parse_id(parts[1])
    try:
        quantity = float(parts[2])
    except ValueError:
        return None
    week_of = parse_day(parts[3]) if len(parts) == 4 else None
    if goal_id is None or not math.isfinite(quantity) or (len(parts) == 4 and week_of is None):
        return None
    return AcceptWeekly(goal_id, quantity, week_of)


def parse_fresh_start(data: str | None) -> date | None:
    """``fs:`` data, or ``None`` when malformed."""
    text = data or ""
    return parse_day(text.removeprefix("fs:")) if text.startswith("fs:") else None


def parse_commit(data: str | None) -> int | None:
    """``fc:`` data, or ``None`` when malformed."""
    text = data or ""
    return parse_id(text.removeprefix("fc:")) if text.startswith("fc:") else None


@dataclass(frozen=True, slots=True)
class Replan:
    """A re-plan button: move the date (``day``), resize (``quantity``) or keep (neither)."""

    goal_id: int
    day: date | None = None
    quantity: float | None = None
    next_cycle: bool = False


def replan_date(goal_id: int, day: date) -> str:
    """Data for "move the 12-week date to this day"."""
    return f"rp:d:{goal_id}:{day:%Y%m%d}"


def replan_size(goal_id: int, quantity: float) -> str:
    """Data for "aim for this amount by the 12-week date"."""
    return f"rp:s:{goal_id}:{quantity:g}"


def next_cycle(goal_id: int) -> str:
    """Data for "the next 12 weeks: the same outcome again"."""
    return f"rp:n:{goal_id}"


def replan_keep(goal_id: int) -> str:
    """Data for "keep the plan"."""
    return f"rp:k:{goal_id}"


def parse_replan(data: str | None) -> Replan | None:
    """``rp:`` data, or ``None`` when malformed."""
    parts = (data or "").split(":")
    if len(parts) < 3 or parts[0] != "rp":
        return None
    goal_id = parse_id(parts[2])
    if goal_id is None:
        return None
    if parts[1] == "k" and len(parts) == 3:
        return Replan(goal_id)
    if parts[1] == "n" and len(parts) == 3:
        return Replan(goal_id, next_cycle=True)
    if len(parts) != 4:
        return None
    if parts[1] == "d":
        day = parse_day(parts[3])
        return Replan(goal_id, day=day) if day is not None else None
    if parts[1] == "s":
        try:
            quantity = float(parts[3])
        except ValueError:
            return None
        return Replan(goal_id, quantity=quantity) if math.isfinite(quantity) else None
    return None
