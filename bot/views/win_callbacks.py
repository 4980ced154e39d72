"""Callback data of the daily-loop buttons: built and parsed here, never trusted.

Grammar (at most 64 bytes):

* ``w:<d|m|s>:<goal>:<yyyymmdd>`` — log done / the minimum / a rest day for that date;
* ``w:u:<goal>[:<yyyymmdd>]`` — undo the last entry of today (or of that date);
* ``wp:<goal>:<d|m|s|u>:<yyyymmdd>[:<quantity>:<unit>]`` — a typed win, for the goal picked;
* ``cm:<start|up|hold|down|grow|keep|pick>:<goal>`` — comeback and scaling;
* ``sk:<m|y|why>:<goal>`` — the streak picture (month, 12 months) and what strength means;
* ``sk:m:<goal>:<yyyymm>`` — the calendar of that month (previous / next month);
* ``pr:<goal>`` — progress of one goal (the pace chart); ``pr:c:<goal>`` — its 1% curve;
  ``pr:c:<goal>:<days>`` — the curve of a streak milestone just celebrated, as a new photo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.coach.models import EntryStatus, Measure
from bot.coach.wins import MAX_WIN_QUANTITY, WinKind, WinText
from bot.views.ids import parse_day, parse_id

MAX_BYTES = 64
_STATUS_CODES = {EntryStatus.DONE: "d", EntryStatus.MVA: "m", EntryStatus.SKIP: "s"}
_STATUSES = {code: status for status, code in _STATUS_CODES.items()}
_KIND_CODES = {WinKind.DONE: "d", WinKind.MVA: "m", WinKind.SKIP: "s", WinKind.UNDO: "u"}
_KINDS = {code: kind for kind, code in _KIND_CODES.items()}
COMEBACK_ACTIONS = ("start", "up", "hold", "down", "grow", "keep", "pick", "mine", "no")
STREAK_VIEWS = ("m", "y", "why")
PROGRESS_VIEWS = ("p", "c")


@dataclass(frozen=True, slots=True)
class LogDay:
    """Log a status for a goal on a date (a Done / minimum / rest button)."""

    goal_id: int
    status: EntryStatus
    day: date


@dataclass(frozen=True, slots=True)
class Undo:
    """Take back the last entry of a day (``None``: today)."""

    goal_id: int
    day: date | None = None


@dataclass(frozen=True, slots=True)
class PickGoal:
    """The goal a typed win was for."""

    goal_id: int
    win: WinText
    day: date


@dataclass(frozen=True, slots=True)
class Comeback:
    """A comeback or scaling button."""

    action: str
    goal_id: int


@dataclass(frozen=True, slots=True)
class StreakView:
    """Which streak picture or explanation to show (``month``: which month's calendar)."""

    view: str
    goal_id: int
    month: date | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    """Progress of one goal: the pace chart (``"p"``) or the 1% curve (``"c"``).

    ``milestone``: the streak milestone (days) a celebration offered the curve for.
    """

    goal_id: int
    view: str = "p"
    milestone: int | None = None


Action = LogDay | Undo | PickGoal | Comeback | StreakView | Progress
PATTERN = r"^(w|wp|cm|sk|pr):"


def log_day(goal_id: int, status: EntryStatus, day: date) -> str:
    """A Done / minimum / rest button for a date."""
    return f"w:{_STATUS_CODES[status]}:{goal_id}:{day:%Y%m%d}"


def undo(goal_id: int, day: date | None = None) -> str:
    """The Undo button: today's last entry, or the last entry of ``day``."""
    return f"w:u:{goal_id}" if day is None else f"w:u:{goal_id}:{day:%Y%m%d}"


def pick_goal(goal_id: int, win: WinText, day: date) -> str:
    """A goal button for a typed win that fitted several goals, for the day it was typed."""
    base = f"wp:{goal_id}:{_KIND_CODES[win.kind]}:{day:%Y%m%d}"
    if win.quantity is None:
        return base
    data = f"{base}:{win.quantity.quantity:g}:{win.quantity.unit}"
    return data if len(data.encode()) <= MAX_BYTES else base


def comeback(action: str, goal_id: int) -> str:
    """A comeback or scaling button."""
    if action not in COMEBACK_ACTIONS:
        raise ValueError(action)
    return f"cm:{action}:{goal_id}"


def streak_view(view: str, goal_id: int, month: date | None = None) -> str:
    """A streak picture or explanation button; with ``month``, that month's calendar."""
    if view not in STREAK_VIEWS or (month is not None and view != "m"):
        raise ValueError(view)
    return f"sk:{view}:{goal_id}" if month is None else f"sk:m:{goal_id}:{month:%Y%m}"


def progress(goal_id: int, view: str = "p") -> str:
    """A progress button: the pace chart (``"p"``) or the 1% curve (``"c"``)."""
    if view not in PROGRESS_VIEWS:
        raise ValueError(view)
    return f"pr:{goal_id}" if view == "p" else f"pr:{view}:{goal_id}"


def milestone_curve(goal_id: int, days: int) -> str:
    """The button under a streak milestone's celebration that shows the 1% curve."""
    return f"pr:c:{goal_id}:{days}"


def parse(data: str | None) -> Action | None:
    """Parse button data; ``None`` for anything malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    head, rest = parts[0], parts[1:]
    if head == "w":
        return _parse_log(rest)
    if head == "wp":
        return _parse_pick(rest)
    goal_id = parse_id(rest[-1]) if rest else None
    if head == "cm" and len(rest) == 2 and rest[0] in COMEBACK_ACTIONS and goal_id is not None:
        return Comeback(rest[0], goal_id)
    if head == "sk" and len(rest) == 2 and rest[0] in STREAK_VIEWS and goal_id is not None:
        return StreakView(rest[0], goal_id)
    if head == "sk" and len(rest) == 3 and rest[0] == "m":
        month = parse_day(rest[2] + "01")
        month_goal = parse_id(rest[1])
        if month is not None and month_goal is not None:
            return StreakView("m", month_goal, month)
    if head == "pr" and len(rest) == 1 and goal_id is not None:
        return Progress(goal_id)
    if head == "pr" and len(rest) == 2 and rest[0] == "c" and goal_id is not None:
        return Progress(goal_id, "c")
    if head == "pr" and len(rest) == 3 and rest[0] == "c":
        days, milestone_goal = parse_id(rest[2]), parse_id(rest[1])
        if days is not None and milestone_goal is not None:
            return Progress(milestone_goal, "c", days)
    return None


def _parse_log(rest: list[str]) -> Action | None:
    goal_id = parse_id(rest[1]) if len(rest) >= 2 else None
    if goal_id is None:
        return None
    if len(rest) == 2 and rest[0] == "u":
        return Undo(goal_id)
    day = parse_day(rest[2]) if len(rest) == 3 else None
    if day is None:
        return None
    if rest[0] == "u":
        return Undo(goal_id, day)
    if rest[0] not in _STATUSES:
        return None
    return LogDay(goal_id, _STATUSES[rest[0]], day)


def _parse_pick(rest: list[str]) -> Action | None:
    if len(rest) not in (3, 5) or rest[1] not in _KINDS:
        return None
    goal_id, day = parse_id(rest[0]), parse_day(rest[2])
    if goal_id is None or day is None:
        return None
    quantity = None
    if len(rest) == 5:
        try:
            amount = float(rest[3])
        except ValueError:
            return None
        if not (0 < amount <= MAX_WIN_QUANTITY):  # the same limit as a typed win
            return None
        quantity = Measure(amount, rest[4])
    win = WinText(_KINDS[rest[1]], quantity)
    return PickGoal(goal_id, win, day)
