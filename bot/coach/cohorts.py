"""Cohorts: users whose schedule is the same, so that a tick plans them once for all.

What :mod:`bot.coach.schedule` owes a user at an instant depends on a handful of settings
(time zone, nudge time, evening reminder, quiet hours, weekly review), on when the scheduler
last looked at them (their stored next due time) and on three dates of their own: a birthday,
the end of a pause and a fresh start chosen with /freshstart. A wave of 100,000 users due in the
same minute falls into a few dozen groups that share the settings and the due time; each group
is planned once and written with one set-based statement (``bot.services.scheduling``).

The three personal dates matter only when they fall near the days the tick looks at (the catch-up
window before ``now`` and the week ahead in which the next due time is sought). A user with such a
date near is *personal* and is planned on their own; everyone else is planned as their cohort,
which gives them exactly what planning them one by one would (the tests compare the two).

Decisions:

* **One window for every zone.** The days the tick looks at are local dates, and a zone's date
  is at most one day away from the UTC date; the window is widened by that day and one more on
  each side, so it needs no zone (a few more users are personal than strictly need to be, which
  costs a little time and changes nothing they receive).
* **Birthdays by month and day.** A birthday is a landmark on its day and month whatever its
  year; a 29 February birthday is kept on 28 February in other years, so a window that ends on
  28 February also catches 29 February birthdays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.coach.models import NewDelivery, ScheduleTimes, User, UserStatus
from bot.coach.schedule.settings import schedule_times
from bot.coach.schedule.slots import CATCH_UP_LOOKBACK, LOOKAHEAD_DAYS

WINDOW_MARGIN = timedelta(days=3)
"""Days added before the first day the tick looks at, and after the last one: one for the
midnight a slot may be due at, one for the distance between a local and the UTC date, one
spare. See the module docstring."""

_ONE_DAY = timedelta(days=1)

MonthDay = tuple[int, int]
"""A birthday's (month, day), as a landmark compares it."""


@dataclass(frozen=True, slots=True)
class Cohort(ScheduleTimes):
    """The settings and due time that decide what a user is owed at a tick.

    Two users of one cohort are owed the same messages (each their own copy) and get the same
    next due time, unless one of them is personal (see :func:`is_personal`). Its schedule
    times are :class:`~bot.coach.models.ScheduleTimes`' (passed by name).

    Attributes:
        timezone: IANA time zone name (``None``: not chosen yet).
        since: The users' stored next due time: what is owed is counted from it.
    """

    timezone: str | None
    since: datetime

    @classmethod
    def of(cls, user: User) -> Cohort:
        """The cohort of a due user.

        Raises:
            ValueError: The user has no next due time (they are not due at all).
        """
        if user.next_due_at is None:
            raise ValueError(f"user {user.user_id} is not due: no next due time")
        return cls(timezone=user.timezone, **schedule_times(user), since=user.next_due_at)

    def member(self) -> User:
        """A user of this cohort with none of the personal dates, to plan the cohort by.

        Its user id is 0: what is planned for it goes to every member under their own id.
        """
        return User(
            user_id=0,
            chat_id=0,
            first_name="",
            created_at=self.since,
            updated_at=self.since,
            timezone=self.timezone,
            **schedule_times(self),
            status=UserStatus.ACTIVE,
            next_due_at=self.since,
        )


@dataclass(frozen=True, slots=True)
class CohortPlan:
    """What one tick decided for every user of a cohort who is not personal.

    Attributes:
        cohort: Whom it is for.
        deliveries: Messages to put in the outbox, one copy per member (their ``user_id`` is 0
            here: each member's own goes in its place).
        stale: Messages whose moment passed while the bot was down: recorded as skipped.
        next_due_at: When the scheduler should look at the members again (``None``: never).
    """

    cohort: Cohort
    deliveries: tuple[NewDelivery, ...]
    stale: tuple[NewDelivery, ...]
    next_due_at: datetime | None


@dataclass(frozen=True, slots=True)
class DueBatch:
    """Users claimed for one step of a tick: all due at ``since``, ids in a range.

    Attributes:
        since: Their stored next due time (every user of a batch has the same).
        first_user_id: The lowest user id in the batch (a batch runs in user id order).
        last_user_id: The highest.
        size: How many users were claimed.
    """

    since: datetime
    first_user_id: int
    last_user_id: int
    size: int


@dataclass(frozen=True, slots=True)
class DateWindow:
    """The local dates a personal date must fall in (or, for a pause, reach) to matter.

    Attributes:
        first: The first date, in any zone.
        last: The last date, in any zone.
    """

    first: date
    last: date

    def birthday_spans(self) -> tuple[tuple[MonthDay, MonthDay], ...]:
        """The birthdays that fall in the window, as (month, day) ranges, both ends included.

        One range, or two when the window crosses New Year. A range that ends on 28 February
        ends on 29 February instead: that birthday is kept on the 28th in other years.
        """
        spans: list[tuple[MonthDay, MonthDay]] = []
        start = self.first
        while start <= self.last:
            end = min(self.last, date(start.year, 12, 31))
            high = (end.month, end.day)
            spans.append(((start.month, start.day), (2, 29) if high == (2, 28) else high))
            start = end + _ONE_DAY
        return tuple(spans)


def personal_window(since: datetime, now: datetime) -> DateWindow:
    """The window in which a birthday, a pause or a chosen fresh start changes a tick's plan.

    The tick looks at the local dates from the day before the catch-up starts (a slot may be
    due at the midnight that ends its day) through the end of the week ahead in which the next
    due time is sought, and at the landmark of the day after each; see the module docstring
    for the margins.

    Args:
        since: The users' stored next due time.
        now: The tick's instant (aware).

    Returns:
        The window, in dates that hold for every zone.
    """
    start = max(since, now - CATCH_UP_LOOKBACK).astimezone(UTC).date()
    end = now.astimezone(UTC).date() + timedelta(days=LOOKAHEAD_DAYS)
    return DateWindow(start - WINDOW_MARGIN, end + WINDOW_MARGIN)


def is_personal(user: User, window: DateWindow) -> bool:
    """Whether the user's own dates may change their plan, so they are planned on their own.

    Args:
        user: A due user.
        window: :func:`personal_window` of the tick and the user's due time.

    Returns:
        True when their birthday (by month and day) or chosen fresh start falls in the window,
        or their pause lasts into it.
    """
    if user.paused_until is not None and user.paused_until >= window.first:
        return True
    if user.fresh_start_on is not None and window.first <= user.fresh_start_on <= window.last:
        return True
    if user.birthday is None:
        return False
    born = (user.birthday.month, user.birthday.day)
    return any(low <= born <= high for low, high in window.birthday_spans())
