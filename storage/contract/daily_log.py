"""The daily log, target levels, coach events and the counts of ``/stats``."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import NamedTuple, Protocol

from bot.coach.models import (
    CoachEventKind,
    DailyEntry,
    NewEntry,
    NewTargetLevel,
    StoreCounts,
    TargetLevel,
)


class GoalKey(NamedTuple):
    """A goal as its owner names it: whose, and which."""

    user_id: int
    goal_id: int


class LogWindow(NamedTuple):
    """A goal's days from ``since`` to ``until`` (both included), as its owner names it."""

    user_id: int
    goal_id: int
    since: date
    until: date


EventKey = tuple[int, CoachEventKind, str]
"""A one-off moment as :meth:`LogStore.mark_event` marks it: goal id, kind and key."""


class DeliveryMark(NamedTuple):
    """A one-off moment a scheduled message is about to say, on its user's goal."""

    user_id: int
    goal_id: int
    kind: CoachEventKind
    key: str
    delivery_id: int


class LogStore(Protocol):
    """The daily log, target levels, coach events and the counts of ``/stats``."""

    async def append_entry(self, new: NewEntry, now: datetime) -> DailyEntry:
        """Append an entry to the log (``recorded_at`` = ``now``).

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        ...

    async def list_entries(
        self,
        user_id: int,
        goal_id: int,
        since: date | None = None,
        until: date | None = None,
        *,
        include_undone: bool = False,
    ) -> list[DailyEntry]:
        """The goal's entries with ``since <= local_date <= until``, oldest first.

        Ordered by local date, then by the order they were appended. Undone entries are left out
        unless ``include_undone``. Empty if the goal is not the user's.
        """
        ...

    async def list_entries_in(self, windows: Collection[LogWindow]) -> list[DailyEntry]:
        """The entries of several goals' date ranges, in one read.

        For each window, the goal's entries with ``since <= local_date <= until``, undone ones
        left out; nothing for a goal that is not the window's user's. Ordered by goal, then as
        :meth:`list_entries` orders one goal's entries.
        """
        ...

    async def undo_entry(self, user_id: int, entry_id: int, now: datetime) -> DailyEntry:
        """Mark an entry undone (it stays in the log for history).

        Raises:
            NotFoundError: The entry does not exist or belongs to another user.
        """
        ...

    # --- target levels and coach events ------------------------------------------------------

    async def add_target_level(self, new: NewTargetLevel, now: datetime) -> TargetLevel:
        """Append a daily target to the goal's history (``created_at`` = ``now``).

        Levels are never changed or deleted (but with their goal): the target in force on a
        date is the latest level whose ``effective_from`` is on or before it.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        ...

    async def list_target_levels(self, user_id: int, goal_id: int) -> list[TargetLevel]:
        """The goal's levels by ``effective_from``, then in the order added; empty if not theirs."""
        ...

    async def list_target_levels_of(self, goals: Collection[GoalKey]) -> list[TargetLevel]:
        """The levels of several goals, in one read; nothing for a goal not its user's.

        Ordered by goal, then as :meth:`list_target_levels` orders one goal's levels.
        """
        ...

    async def withdraw_target_levels(self, user_id: int, goal_id: int, after: date) -> int:
        """Delete the goal's levels that come into force after ``after``.

        A level not in force yet (next week's goal, accepted in a review) is a plan, not
        history: a change made before its date replaces it. Levels in force on or before
        ``after`` are never touched.

        Returns:
            How many levels were withdrawn (0 for another user's goal).
        """
        ...

    async def mark_event(
        self,
        user_id: int,
        goal_id: int,
        kind: CoachEventKind,
        key: str,
        now: datetime,
        *,
        delivery_id: int | None = None,
    ) -> bool:
        """Record a one-off coaching moment (an offer made, a milestone celebrated).

        Args:
            user_id: Whose goal.
            goal_id: The goal the moment belongs to.
            kind: What kind of moment.
            key: Which one of its kind (a month's number, a lapse's first day).
            now: When it is marked.
            delivery_id: The scheduled message whose preparation marks it, if any. A delivery
                may be prepared again (sent again after Telegram refused it, or taken up by
                another sender half-way): the marks it made count as new for it again, so it
                says the same things each time.

        Returns:
            True the first time (goal, kind, key) is marked, and for the delivery that marked
            it; False ever after — so the caller shows the offer or the celebration only once.
            False for a goal that is not the user's.
        """
        ...

    async def mark_for_deliveries(
        self, marks: Collection[DeliveryMark], now: datetime
    ) -> dict[EventKey, int | None]:
        """Mark several moments, each for the delivery about to say it, all at once.

        Each is marked as :meth:`mark_event` would mark it for its delivery; a moment marked
        already keeps the delivery that marked it first.

        Returns:
            For each moment asked for that is marked now, the delivery that holds it: the one
            that asked, or the one that marked it before (``None``: marked by no delivery).
            Nothing for a goal that is not its user's.
        """
        ...

    async def marks_of(
        self, goals: Collection[GoalKey], kinds: Collection[CoachEventKind]
    ) -> dict[EventKey, int | None]:
        """The moments of these kinds already marked on several goals, in one read.

        Returns:
            For each mark, the delivery that made it (``None``: no delivery did), by goal, kind
            and key; nothing for a goal that is not its user's.
        """
        ...

    # --- counts (/stats) ---------------------------------------------------------------------

    async def counts(self) -> StoreCounts:
        """Users, goals and deliveries counted by status (statuses with none are left out)."""
        ...
