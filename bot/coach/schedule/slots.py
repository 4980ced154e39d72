"""The messages the bot sends by itself on each local date: when they are due, until when.

The kinds of message, their local time and how long they stay useful:

=================  ============================================  ===============================
kind               local time                                    useful until (local)
=================  ============================================  ===============================
morning nudge      ``nudge_time``, every day                     12:00
evening reminder   ``evening_time`` (default 20:00), if enabled  23:00
weekly review      ``review_weekday`` at ``review_time``         23:00
                   (default Sunday 18:00)
fresh-start eve    the day before a landmark, one hour before    23:00
                   ``evening_time`` (19:00 by default)
=================  ============================================  ===============================

Every window also ends where the next quiet hours begin (22:00 by default, so the evening
messages stay useful until 22:00 for most users) and at the latest at local midnight.

On a landmark itself the morning nudge carries the fresh-start question (``Slot.landmark``,
:func:`landmark_today`): it is the same morning message, not a second one.

Decisions:

* **Quiet hours** (default 22:00–07:00; the window may wrap midnight; equal start and end mean
  no quiet hours) are never written in, with one exception. A slot whose local time falls in
  them moves to the end of the quiet window if that is still before it stops being useful,
  and is dropped otherwise (an evening reminder at 22:30 with quiet hours from 22:00 never
  goes; the settings dialog should warn, see
  :func:`~bot.coach.schedule.settings.in_quiet_hours`). A slot also stops being
  useful when the next quiet hours begin, so a catch-up after downtime never lands in them.
* **The exception: the morning nudge is sent at the time the user chose**, even inside quiet
  hours: a 06:30 nudge with quiet hours until 07:00 goes at 06:30. Quiet hours protect the
  user from messages they did not pick; moving their own alarm would break the one promise
  they asked for, and early risers commonly keep the default 07:00 end.
* **A slot that is due at or after its "useful until" time** (a nudge set for 13:00, an
  evening reminder for 23:15) stays useful for :data:`LATE_GRACE` instead, so it can be sent.
  No slot is useful past the local midnight that ends its day: the outbox key is the local
  date, and "today" in an evening reminder must still mean today.
* **The fresh-start eve goes an hour before the evening time**, so it follows the user's own
  evening rhythm and never arrives together with the streak reminder; it is scheduled even
  when the streak reminder is switched off (a different reason to write).
* **Paused days** (on or before ``paused_until``) have no slots at all, not even the eve of the
  pause's end, and are no landmarks. The day after the pause is a fresh-start landmark
  (``LandmarkKind.CUSTOM``, like a date chosen with /freshstart), asked on that morning.
* **Catch-up after downtime.** :func:`due_slots` returns every slot due since the user's stored
  next due time, at most :data:`CATCH_UP_LOOKBACK` back, each flagged ``stale`` once its useful
  window has passed, so the caller records it as skipped instead of sending it. The window is
  inclusive at both ends: a slot seen twice costs nothing (the outbox key absorbs it), a slot
  missed at the boundary would be lost.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.coach.landmarks import Landmark, landmarks_on
from bot.coach.schedule.settings import (
    ScheduleSettings,
    as_utc,
    in_quiet_hours,
    local_instant,
    next_quiet_start,
    quiet_end_after,
)

NUDGE_USEFUL_UNTIL = time(12, 0)
"""A morning nudge delivered after noon is no longer a morning nudge."""

EVENING_USEFUL_UNTIL = time(23, 0)
"""Evening messages (reminder, review, fresh-start eve) are not sent later than this."""

LATE_GRACE = timedelta(hours=1)
"""How long a slot due at or after its kind's "useful until" time stays useful."""

FRESH_START_EVE_LEAD = timedelta(hours=1)
"""The fresh-start eve goes this long before the user's evening time (19:00 by default)."""

CATCH_UP_LOOKBACK = timedelta(days=2)
"""How far back :func:`due_slots` looks; every slot older than this has long expired."""

LOOKAHEAD_DAYS = 8
"""How many local days :func:`next_due` looks ahead: the weekly review recurs within 7."""


_MIDNIGHT = time(0, 0)
_ONE_DAY = timedelta(days=1)


class Kind(StrEnum):
    """Why the bot writes first; one delivery per kind per user and local date at most.

    See the module docstring for each kind's local time and how long it stays useful.
    """

    MORNING_NUDGE = "morning_nudge"  # also carries the comeback offer and landmark questions
    EVENING_REMINDER = "evening_reminder"  # "protect your streak", opt-out
    WEEKLY_REVIEW = "weekly_review"
    FRESH_START_EVE = "fresh_start_eve"  # "tomorrow is a fresh start", the day before


_USEFUL_UNTIL: dict[Kind, time] = {
    Kind.MORNING_NUDGE: NUDGE_USEFUL_UNTIL,
    Kind.EVENING_REMINDER: EVENING_USEFUL_UNTIL,
    Kind.WEEKLY_REVIEW: EVENING_USEFUL_UNTIL,
    Kind.FRESH_START_EVE: EVENING_USEFUL_UNTIL,
}
_KIND_ORDER: dict[Kind, int] = {kind: index for index, kind in enumerate(Kind)}


@dataclass(frozen=True, slots=True)
class Slot:
    """One scheduled message: what, for which local date, when, and until when.

    Attributes:
        kind: Why the bot writes.
        local_date: The user's local date the message belongs to (the outbox key).
        due_at: When to send it (aware UTC).
        expires_at: From this instant on it is stale: record it as skipped, do not send it.
        landmark: For the morning nudge, today's landmark (ask for a commitment); for the
            fresh-start eve, tomorrow's (announce it). ``None`` otherwise.
        stale: Set by :func:`due_slots` when ``now`` is at or past ``expires_at``.
    """

    kind: Kind
    local_date: date
    due_at: datetime
    expires_at: datetime
    landmark: Landmark | None = None
    stale: bool = False

    def is_stale(self, now: datetime) -> bool:
        """Whether the slot's useful window has passed.

        Args:
            now: The current instant (aware).

        Returns:
            True from ``expires_at`` on.
        """
        return as_utc(now) >= self.expires_at


def landmark_today(settings: ScheduleSettings, day: date) -> Landmark | None:
    """The fresh-start landmark on a local date, for the morning nudge to ask for a commitment.

    Mondays, the 1st of the month, quarter starts, the birthday, the date chosen with
    /freshstart and the day after a pause (the last two as ``LandmarkKind.CUSTOM``).

    Args:
        settings: The user's schedule settings.
        day: The local date.

    Returns:
        The landmark, or ``None`` (also on paused days: a holiday Monday is no fresh start).
    """
    if settings.is_paused(day):
        return None
    pause_end = settings.paused_until + _ONE_DAY if settings.paused_until else None
    chosen = day if day in {settings.fresh_start_date, pause_end} else None
    return landmarks_on(day, settings.birthday, chosen)


def slots_on(settings: ScheduleSettings, day: date) -> list[Slot]:
    """Every message scheduled for one local date, by due time.

    A pure function of the settings: whether each message is worth sending (a streak to
    protect, the user's silence, the fresh-start frequency) is decided by the caller.

    Args:
        settings: The user's schedule settings.
        day: The local date.

    Returns:
        The day's slots, soonest first; none for an inactive user or a paused day.
    """
    if not settings.active or settings.is_paused(day):
        return []
    found: list[Slot | None] = []
    if settings.nudge_time is not None:
        landmark = landmark_today(settings, day)
        found.append(_slot(settings, Kind.MORNING_NUDGE, day, settings.nudge_time, landmark))
    if settings.evening_enabled:
        found.append(_slot(settings, Kind.EVENING_REMINDER, day, settings.evening_time))
    if day.weekday() == settings.review_weekday:
        found.append(_slot(settings, Kind.WEEKLY_REVIEW, day, settings.review_time))
    tomorrow = landmark_today(settings, day + _ONE_DAY)
    if tomorrow is not None:
        found.append(_slot(settings, Kind.FRESH_START_EVE, day, _eve_time(settings), tomorrow))
    slots = [slot for slot in found if slot is not None]
    return sorted(slots, key=lambda slot: (slot.due_at, _KIND_ORDER[slot.kind]))


def _eve_time(settings: ScheduleSettings) -> time:
    # An evening time before 01:00 would put the eve on the previous day: start of day instead
    # (any date will do for the arithmetic; one past date.min keeps the subtraction in range).
    evening = datetime.combine(date.min + _ONE_DAY, settings.evening_time)
    start_of_day = datetime.combine(evening.date(), _MIDNIGHT)
    return max(evening - FRESH_START_EVE_LEAD, start_of_day).time()


def _slot(
    settings: ScheduleSettings,
    kind: Kind,
    day: date,
    at: time,
    landmark: Landmark | None = None,
) -> Slot | None:
    """Place one slot: quiet hours, its useful window, then UTC. ``None`` when dropped."""
    wall = datetime.combine(day, at)
    quiet = (settings.quiet_start, settings.quiet_end)
    if kind is not Kind.MORNING_NUDGE and in_quiet_hours(at, *quiet):
        wall = quiet_end_after(wall, settings.quiet_end)
    useful_until = datetime.combine(day, _USEFUL_UNTIL[kind])
    if useful_until <= wall:
        useful_until = wall + LATE_GRACE
    until = min(useful_until, datetime.combine(day + _ONE_DAY, _MIDNIGHT))
    if wall >= until:
        return None  # moved past the end of its usefulness by the quiet hours
    quiet_again = next_quiet_start(wall, *quiet)
    if quiet_again is not None:
        until = min(until, quiet_again)
    zone = settings.tz
    due = local_instant(wall.date(), wall.time(), zone)
    # max(): only a day-long gap (Samoa, 2011) could put the end before the start.
    expires = max(local_instant(until.date(), until.time(), zone), due)
    return Slot(kind, day, due, expires, landmark)


def slots_between(settings: ScheduleSettings, start: datetime, end: datetime) -> list[Slot]:
    """Every slot due between two instants, both ends included, soonest first.

    Args:
        settings: The user's schedule settings.
        start: The first instant (aware).
        end: The last instant (aware).

    Returns:
        Slots with ``start <= due_at <= end``, by due time.
    """
    start, end = as_utc(start), as_utc(end)
    if end < start:
        return []
    # A slot is due on its local date or, at the latest, at the midnight that ends it.
    day = settings.local_date(start) - _ONE_DAY
    last = settings.local_date(end)
    found: list[Slot] = []
    while day <= last:
        found.extend(slot for slot in slots_on(settings, day) if start <= slot.due_at <= end)
        day += _ONE_DAY
    return sorted(found, key=lambda slot: (slot.due_at, _KIND_ORDER[slot.kind]))


def next_due(
    settings: ScheduleSettings, now: datetime, *, horizon_days: int = LOOKAHEAD_DAYS
) -> datetime | None:
    """When the scheduler should next look at the user: the first slot due strictly after now.

    A pause is skipped over (the search starts on the day after it), so a long holiday still
    yields the morning it ends.

    Args:
        settings: The user's schedule settings.
        now: The current instant (aware).
        horizon_days: How many local days to look ahead.

    Returns:
        The earliest ``due_at`` after ``now`` (UTC), or ``None`` for an inactive user or when
        nothing falls within the horizon.
    """
    if not settings.active:
        return None
    now = as_utc(now)
    today = settings.local_date(now)
    # Yesterday too: a slot belongs to its local date but may be due at the midnight ending it.
    first = today - _ONE_DAY
    if settings.paused_until is not None and settings.paused_until >= first:
        first = settings.paused_until + _ONE_DAY
    last = max(today, first) + timedelta(days=horizon_days)
    best: datetime | None = None
    day = first
    while day <= last:
        for slot in slots_on(settings, day):
            if slot.due_at > now and (best is None or slot.due_at < best):
                best = slot.due_at
        # Slots of a later date are due no earlier than that date's midnight.
        if best is not None and best <= local_instant(day + _ONE_DAY, _MIDNIGHT, settings.tz):
            return best
        day += _ONE_DAY
    return best


def due_slots(
    settings: ScheduleSettings,
    since: datetime | None,
    now: datetime,
    *,
    lookback: timedelta = CATCH_UP_LOOKBACK,
) -> list[Slot]:
    """The slots owed at ``now``: due since the user's last due time, stale ones flagged.

    Args:
        settings: The user's schedule settings.
        since: The user's stored next due time (or the last check); ``None``: never
            scheduled, so nothing is owed from the past.
        now: The current instant (aware).
        lookback: How far back to look at most, however old ``since`` is.

    Returns:
        Slots with ``max(since, now - lookback) <= due_at <= now``, soonest first; those whose
        useful window has passed have ``stale=True`` (record them as skipped).
    """
    now = as_utc(now)
    start = now if since is None else max(as_utc(since), now - lookback)
    return [replace(slot, stale=slot.is_stale(now)) for slot in slots_between(settings, start, now)]
