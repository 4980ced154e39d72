"""The user's schedule settings, and their local wall-clock times as instants.

Decisions:

* **DST.** Local times keep their wall-clock value across changes. A time that does not exist
  (spring forward) is sent at the first valid minute after the gap (02:30 in Berlin on the
  last Sunday of March → 03:00); a time that occurs twice (fall back) is sent at its first
  occurrence only, once: there is one slot per local date. See :func:`local_instant`.
* **Quiet hours** (default 22:00–07:00) may wrap midnight; equal start and end mean no quiet
  hours (:func:`in_quiet_hours`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.coach.models import ScheduleTimes, User, UserStatus

_ONE_DAY = timedelta(days=1)


@functools.lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    # zoneinfo's own strong cache holds 8 zones; a wave of users in a dozen zones would
    # otherwise re-read zone files from disk for almost every user.
    return ZoneInfo(name)


@dataclass(frozen=True, slots=True)
class ScheduleSettings(ScheduleTimes):
    """The part of a user's settings that decides when the bot writes first.

    Its times are :class:`~bot.coach.models.ScheduleTimes`' (passed by name; a ``nudge_time``
    of ``None``: no nudge, not chosen yet).

    Attributes:
        zone: IANA time zone name.
        birthday: Date of birth (a landmark), if known.
        paused_until: Last local date of a pause (holiday), if any.
        fresh_start_date: A landmark the user chose with /freshstart, if any.
        active: False for blocked or deleted users: nothing is scheduled for them.
    """

    zone: str
    birthday: date | None = None
    paused_until: date | None = None
    fresh_start_date: date | None = None
    active: bool = True

    def __post_init__(self) -> None:
        """Check the settings, so that a bad value fails where it is built.

        Raises:
            ValueError: On an unknown time zone, a weekday outside 0..6 or an aware time.
        """
        try:
            ZoneInfo(self.zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.zone!r}") from exc
        if not 0 <= self.review_weekday <= 6:
            raise ValueError(f"review_weekday must be 0..6, got {self.review_weekday}")
        times = (
            self.nudge_time,
            self.evening_time,
            self.quiet_start,
            self.quiet_end,
            self.review_time,
        )
        if any(at is not None and at.tzinfo is not None for at in times):
            raise ValueError("schedule times are local wall-clock times: pass naive times")

    @classmethod
    def from_user(cls, user: User, *, fresh_start_date: date | None = None) -> ScheduleSettings:
        """The schedule settings of a stored user.

        Args:
            user: The user; must have a time zone (check ``user.timezone`` first).
            fresh_start_date: The landmark the user chose with /freshstart, if any.

        Returns:
            The settings; inactive (nothing scheduled) unless the user's status is active.

        Raises:
            ValueError: If the user has no time zone yet or a setting is invalid.
        """
        if user.timezone is None:
            raise ValueError(f"user {user.user_id} has no time zone: nothing can be scheduled")
        return cls(
            zone=user.timezone,
            **schedule_times(user),
            birthday=user.birthday,
            paused_until=user.paused_until,
            fresh_start_date=fresh_start_date,
            active=user.status is UserStatus.ACTIVE,
        )

    @property
    def tz(self) -> ZoneInfo:
        """The time zone, from a process-wide cache (zoneinfo itself keeps only a few)."""
        return _zone(self.zone)

    def local_date(self, instant: datetime) -> date:
        """The user's local date at an instant.

        Args:
            instant: An aware datetime.

        Returns:
            The date on the user's wall calendar at that instant.
        """
        return as_utc(instant).astimezone(self.tz).date()

    def is_paused(self, day: date) -> bool:
        """Whether a local date is inside the user's pause.

        Args:
            day: The local date.

        Returns:
            True on or before ``paused_until``.
        """
        return self.paused_until is not None and day <= self.paused_until


class ScheduleTimesByName(TypedDict):
    """:class:`~bot.coach.models.ScheduleTimes`' fields by name, to pass on as keywords."""

    nudge_time: time | None
    evening_enabled: bool
    evening_time: time
    quiet_start: time
    quiet_end: time
    review_weekday: int
    review_time: time


def schedule_times(source: ScheduleTimes) -> ScheduleTimesByName:
    """The times a user chose: what decides their schedule besides the zone and their dates.

    Args:
        source: A stored user, or a cohort of users who chose alike.

    Returns:
        Their nudge, evening, quiet hours and review choices.
    """
    return ScheduleTimesByName(
        nudge_time=source.nudge_time,
        evening_enabled=source.evening_enabled,
        evening_time=source.evening_time,
        quiet_start=source.quiet_start,
        quiet_end=source.quiet_end,
        review_weekday=source.review_weekday,
        review_time=source.review_time,
    )


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall-clock time, with the DST rules of this module.

    A time inside a spring-forward gap becomes the first valid minute after the gap (02:30 in
    Berlin on 28 March 2027 → 03:00 CEST). A time that occurs twice at a fall-back is its
    first occurrence (``fold=0``).

    Args:
        day: The local date.
        at: The local wall-clock time (naive).
        zone: The time zone.

    Returns:
        An aware UTC datetime.

    Raises:
        ValueError: If ``at`` carries a time zone.
    """
    if at.tzinfo is not None:
        raise ValueError("a local wall-clock time must be naive")
    wall = datetime.combine(day, at).replace(fold=0)
    # fold=0 reads an ambiguous time as its first occurrence; a time that does not exist
    # does not survive the round trip back to the wall clock.
    instant = wall.replace(tzinfo=zone).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == wall:
        return instant
    return _after_gap(wall, zone)


def _after_gap(wall: datetime, zone: ZoneInfo) -> datetime:
    """The first whole local minute after the DST gap that swallowed ``wall``."""
    # Inside a gap, fold=1 reads the wall time with the offset after the change and fold=0
    # with the one before (PEP 495): the first is an instant before the gap, the second one
    # after it. The change lies between them; find it to the second by bisection (a gap is
    # rarely more than an hour, so about a dozen steps).
    # Whole seconds from a whole second, so the search lands exactly on the change.
    low = wall.replace(tzinfo=zone, fold=1, microsecond=0).astimezone(UTC)
    high = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    seconds = int((high - low).total_seconds())
    while seconds > 1:
        middle = low + timedelta(seconds=seconds // 2)
        if middle.astimezone(zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
        seconds = int((high - low).total_seconds())
    shown = high.astimezone(zone)
    if shown.second or shown.microsecond:
        high += timedelta(seconds=60 - shown.second, microseconds=-shown.microsecond)
    return high


def in_quiet_hours(at: time, start: time, end: time) -> bool:
    """Whether a local time falls in the quiet hours ``[start, end)``.

    Args:
        at: The local time.
        start: When the quiet hours begin.
        end: When they end; before ``start`` for a window over midnight (22:00–07:00).

    Returns:
        True inside the window; always False when ``start == end`` (no quiet hours).
    """
    if start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end


def quiet_end_after(wall: datetime, end: time) -> datetime:
    """The end of the quiet window that ``wall`` is in (today, or tomorrow after midnight)."""
    end_today = datetime.combine(wall.date(), end)
    return end_today if wall.time() < end else end_today + _ONE_DAY


def next_quiet_start(wall: datetime, start: time, end: time) -> datetime | None:
    """The next beginning of the quiet hours strictly after ``wall``; ``None`` without any."""
    if start == end:
        return None
    start_today = datetime.combine(wall.date(), start)
    return start_today if start_today > wall else start_today + _ONE_DAY


def as_utc(instant: datetime) -> datetime:
    """An aware instant in UTC.

    Raises:
        ValueError: If ``instant`` is naive.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("expected an aware datetime")
    return instant.astimezone(UTC)
