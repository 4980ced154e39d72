"""Callback data of the daily-loop buttons, on the typed base (see ``callback_data``).

* ``w:<d|m|s>:<goal>:<yyyymmdd>`` — log done / the minimum / a rest day for that date;
* ``w:u:<goal>[:<yyyymmdd>]`` — undo the last entry of today (or of that date);
* ``wp:<goal>:<d|m|s|u>:<yyyymmdd>[:<quantity>:<unit>]`` — a typed win, for the goal picked;
* ``cm:<start|up|hold|down|grow|keep|pick|mine|no>:<goal>`` — comeback and scaling;
* ``sk:<m|y|why>:<goal>`` — the streak picture (month, 12 months) and what strength means;
* ``sk:m:<goal>:<yyyymm>`` — the calendar of that month (previous / next month);
* ``pr:<goal>`` — progress of one goal (the pace chart); ``pr:c:<goal>`` — its 1% curve;
  ``pr:c:<goal>:<days>`` — the curve of a streak milestone just celebrated, as a new photo.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated

from bot.coach.models import EntryStatus, Measure
from bot.coach.wins import MAX_WIN_QUANTITY, WinKind, WinText
from bot.views.callback_data import (
    MAX_BYTES,
    MAX_ID,
    CallbackData,
    Coded,
    Month,
    OneOf,
    Text,
    parse_among,
    pattern_of,
)

STATUS_CODES = Coded(((EntryStatus.DONE, "d"), (EntryStatus.MVA, "m"), (EntryStatus.SKIP, "s")))
KIND_CODES = Coded(
    ((WinKind.DONE, "d"), (WinKind.MVA, "m"), (WinKind.SKIP, "s"), (WinKind.UNDO, "u"))
)
COMEBACK_ACTIONS = ("start", "up", "hold", "down", "grow", "keep", "pick", "mine", "no")
STREAK_VIEWS = ("m", "y", "why")


@dataclass(frozen=True)
class LogDay(CallbackData, prefix="w"):
    """Log a status for a goal on a date (a Done / minimum / rest button)."""

    status: Annotated[EntryStatus, STATUS_CODES]
    goal_id: int
    day: date


@dataclass(frozen=True)
class Undo(CallbackData, prefix="w:u"):
    """Take back the last entry of a day (``None``: today)."""

    goal_id: int
    day: date | None = None


@dataclass(frozen=True)
class PickGoal(CallbackData, prefix="wp"):
    """The goal a typed win was for, the win (its kind and amount) and the day it was typed."""

    goal_id: int
    kind: Annotated[WinKind, KIND_CODES]
    day: date
    amount: float | None = None
    unit: Annotated[str, Text(64)] | None = None

    def __post_init__(self) -> None:
        """An amount comes with its unit, within the limits of a typed win."""
        if (self.amount is None) != (self.unit is None):
            raise ValueError("an amount needs its unit")
        if self.amount is not None and not 0 < self.amount <= MAX_WIN_QUANTITY:
            raise ValueError(f"not a win's amount: {self.amount!r}")

    @classmethod
    def of(cls, goal_id: int, win: WinText, day: date) -> PickGoal:
        """The button for ``win``, read from text that fitted several goals."""
        if win.quantity is None:
            return cls(goal_id, win.kind, day)
        return cls(goal_id, win.kind, day, win.quantity.quantity, win.quantity.unit)

    @property
    def win(self) -> WinText:
        """The typed win the button logs."""
        quantity = None if self.amount is None else Measure(self.amount, self.unit or "")
        return WinText(self.kind, quantity)

    @classmethod
    def largest(cls) -> PickGoal:
        """The longest data that still carries the amount (a longer unit drops it: see pack)."""
        longest = cls(MAX_ID, WinKind.UNDO, date(9999, 12, 31), 1.23457e-05, "x")
        room = MAX_BYTES - len(CallbackData.pack(longest).encode())
        return replace(longest, unit="x" * (1 + room))

    def pack(self) -> str:
        """The data; without the amount when the unit makes it too long (the win still counts)."""
        try:
            return super().pack()
        except ValueError:
            if self.amount is None:
                raise
            return replace(self, amount=None, unit=None).pack()


@dataclass(frozen=True)
class Comeback(CallbackData, prefix="cm"):
    """A comeback or scaling button."""

    action: Annotated[str, OneOf(COMEBACK_ACTIONS)]
    goal_id: int


@dataclass(frozen=True)
class StreakView(CallbackData, prefix="sk"):
    """Which streak picture or explanation to show (``month``: which month's calendar)."""

    view: Annotated[str, OneOf(STREAK_VIEWS)]
    goal_id: int
    month: Annotated[date, Month()] | None = None

    def __post_init__(self) -> None:
        """Only the month view names a month."""
        if self.month is not None and self.view != "m":
            raise ValueError(f"a month on the {self.view!r} view")

    @classmethod
    def largest(cls) -> StreakView:
        """A month's calendar: longer than any other view's data."""
        return cls("m", MAX_ID, date(9999, 12, 1))


@dataclass(frozen=True)
class Progress(CallbackData, prefix="pr"):
    """Progress of one goal: the pace chart."""

    goal_id: int


@dataclass(frozen=True)
class Curve(CallbackData, prefix="pr:c"):
    """The 1% curve of one goal (``milestone``: the streak milestone, in days, it celebrates)."""

    goal_id: int
    milestone: int | None = None


LOGGING = (LogDay, Undo, PickGoal)
"""The buttons that log or take back a win (``bot.handlers.wins``)."""
PICTURES = (StreakView, Progress, Curve)
"""The streak and progress pictures (``bot.handlers.streak``)."""
PICTURE_TYPES = StreakView | Progress | Curve
PICTURES_PATTERN = pattern_of(*PICTURES)
Action = LogDay | Undo | PickGoal | Comeback | PICTURE_TYPES
PATTERN = pattern_of(*LOGGING, Comeback, *PICTURES)


def parse(data: str | None) -> Action | None:
    """Any of these buttons' data; ``None`` for anything malformed."""
    parsed = parse_among(data, (*LOGGING, Comeback, *PICTURES))
    return parsed if isinstance(parsed, Action) else None
