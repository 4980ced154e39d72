"""Callback data of the /plan buttons: built and parsed here, never trusted.

Grammar (at most 64 bytes): ``plan:<action>[:<level>]:<goal id>[:<yyyymmdd>]``, plus
``plan:resume`` and ``plan:fresh``. Levels are the one-letter codes of ``PlanLevel``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.coach.planning import PlanLevel
from bot.views.ids import parse_day, parse_id

PREFIX = "plan"
PATTERN = r"^plan:"
_WITH_LEVEL = ("ok", "alt", "edit", "date")
_WITHOUT_LEVEL = ("keep", "skip", "back", "go", "show")


@dataclass(frozen=True, slots=True)
class PlanAction:
    """A pressed /plan button."""

    action: str
    goal_id: int | None = None
    level: PlanLevel | None = None
    day: date | None = None


def build(
    action: str, goal_id: int, level: PlanLevel | None = None, day: date | None = None
) -> str:
    """Data for a button that acts on one goal."""
    parts = [PREFIX, action]
    if level is not None:
        parts.append(level.value)
    parts.append(str(goal_id))
    if day is not None:
        parts.append(day.strftime("%Y%m%d"))
    return ":".join(parts)


def resume() -> str:
    """Continue the plan in progress."""
    return "plan:resume"


def fresh() -> str:
    """Start the plan in progress over."""
    return "plan:fresh"


def parse(data: str | None) -> PlanAction | None:
    """Parse button data; ``None`` for anything malformed."""
    if not data or len(data) > 64:
        return None
    parts = data.split(":")
    if parts[0] != PREFIX or len(parts) < 2:
        return None
    action, rest = parts[1], parts[2:]
    if action in ("resume", "fresh") and not rest:
        return PlanAction(action)
    level: PlanLevel | None = None
    if action in _WITH_LEVEL:
        if not rest:
            return None
        try:
            level = PlanLevel(rest[0])
        except ValueError:
            return None
        rest = rest[1:]
    elif action not in _WITHOUT_LEVEL:
        return None
    goal_id = parse_id(rest[0]) if rest else None
    if goal_id is None:
        return None
    rest = rest[1:]
    day: date | None = None
    if action == "date":
        day = parse_day(rest[0]) if len(rest) == 1 else None
        if day is None:
            return None
    elif rest:
        return None
    return PlanAction(action, goal_id, level, day)
