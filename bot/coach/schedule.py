"""When the bot writes first: the messages it sends by itself, at the user's local times.

docs/product.md "What the bot sends by itself" and rules 9, 10 and 13. Everything here is a pure
function of the user's settings and of ``now`` (an aware UTC instant passed in): this module
never reads the clock. The tick job asks :func:`due_slots` what is owed since the user's stored
next due time, writes one outbox row per slot (unique per user, kind and local date, so a slot
seen twice is written once) and stores :func:`next_due` as the user's next due time. Whether a
slot is worth sending (a goal not kept yet, a streak of two, the user's silence) is decided by
the caller at enqueue or send time, with :func:`nudge_kind`, :func:`silence_allows` and
:func:`fresh_start_allowed`.

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
  goes; the settings dialog should warn, see :func:`in_quiet_hours`). A slot also stops being
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
* **DST.** Local times keep their wall-clock value across changes. A time that does not exist
  (spring forward) is sent at the first valid minute after the gap (02:30 in Berlin on the
  last Sunday of March → 03:00); a time that occurs twice (fall back) is sent at its first
  occurrence only, once: there is one slot per local date. See :func:`local_instant`.
* **Paused days** (on or before ``paused_until``) have no slots at all, not even the eve of the
  pause's end, and are no landmarks. The day after the pause is a fresh-start landmark
  (``LandmarkKind.CUSTOM``, like a date chosen with /freshstart), asked on that morning.
* **Catch-up after downtime.** :func:`due_slots` returns every slot due since the user's stored
  next due time, at most :data:`CATCH_UP_LOOKBACK` back, each flagged ``stale`` once its useful
  window has passed, so the caller records it as skipped instead of sending it. The window is
  inclusive at both ends: a slot seen twice costs nothing (the outbox key absorbs it), a slot
  missed at the boundary would be lost.
* **Silence** is counted in local days since the user last wrote to the bot, pressed a button
  or logged anything, not counting a pause (:func:`silent_days`). On day 7 the morning brings
  one gentle message and nothing else; from day 8 to day 60 only fresh-start prompts, at most
  one a week; after 60 days nothing until the user writes.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.coach.breakdown import round_nice_down
from bot.coach.comeback import scaled_up
from bot.coach.landmarks import Landmark, LandmarkKind, landmarks_on
from bot.coach.models import (
    DEFAULT_EVENING_TIME,
    DEFAULT_QUIET_END,
    DEFAULT_QUIET_START,
    DEFAULT_REVIEW_TIME,
    DEFAULT_REVIEW_WEEKDAY,
    Measure,
    User,
    UserStatus,
)
from bot.coach.progress.periods import MIN_WEEK_DAYS
from bot.coach.quantities.reading import check_quantity
from bot.coach.quantities.units import is_countable
from bot.coach.wins import convert

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

GENTLE_AFTER_SILENT_DAYS = 7
"""On this day of silence the bot sends one gentle message."""

SILENT_GIVE_UP_DAYS = 60
"""After this many silent days the bot writes nothing until the user does."""

SILENT_FRESH_START_GAP_DAYS = 7
"""Silent users (and users neither steady nor lapsed) get at most one fresh start a week."""

REVIEW_GROW_AT = 0.85
REVIEW_HOLD_AT = 0.5
"""Weekly hit-rate thresholds: from 0.85 grow, from 0.5 hold, below ease toward the MVA."""

REVIEW_GROWTH = 0.10
"""A good week grows next week's micro-goal by this share (the product's +10 %)."""

REVIEW_MIN_DAYS = MIN_WEEK_DAYS
"""A week with fewer planned days than this (a plan's first days) proposes holding."""

REVIEW_AMOUNT_GROW_AT = 1.0
REVIEW_AMOUNT_HOLD_AT = 0.5
"""The week's amount over its target: met it, grow; from half of it, hold; below, ease."""


@functools.lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    # zoneinfo's own strong cache holds 8 zones; a wave of users in a dozen zones would
    # otherwise re-read zone files from disk for almost every user.
    return ZoneInfo(name)


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


class NudgeChoice(StrEnum):
    """What the morning slot says, from the user's misses and silence (:func:`nudge_kind`)."""

    PLAIN = "plain"  # the usual nudge with its one-tap buttons
    COMEBACK_OFFER = "comeback_offer"  # never miss twice: offer /comeback instead
    GENTLE = "gentle"  # the one message on the 7th silent day
    FRESH_START_ONLY = "fresh_start_only"  # silent 8-60 days: only on an allowed landmark
    NONE = "none"  # silent more than 60 days: nothing until the user writes


class ReviewProposal(StrEnum):
    """Next week's micro-goal, proposed from this week's hit rate (:func:`review_proposal`)."""

    GROW = "grow"  # hit rate ≥ 0.85: +10 %
    HOLD = "hold"  # 0.5 ≤ hit rate < 0.85: keep it
    EASE = "ease"  # hit rate < 0.5: a step toward the minimum viable action


class ReviewBasis(StrEnum):
    """What a week was judged by (:func:`judge_week`)."""

    AMOUNT = "amount"  # the week's amount against its target: what the proposal is about
    DAYS = "days"  # kept days: the week has no amount to judge
    SHORT = "short"  # fewer than REVIEW_MIN_DAYS planned days: too soon, hold


@dataclass(frozen=True, slots=True)
class WeekVerdict:
    """How the week went, and what that proposes for the next one.

    Attributes:
        proposal: Grow, hold or ease.
        basis: What it was judged by.
        planned_days: The week's planned days so far (kept and missed, pauses left out).
    """

    proposal: ReviewProposal
    basis: ReviewBasis
    planned_days: int


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    """The part of a user's settings that decides when the bot writes first.

    Attributes:
        zone: IANA time zone name.
        nudge_time: Local time of the morning nudge; ``None``: no nudge (not chosen yet).
        evening_enabled: Whether the evening streak reminder is on.
        evening_time: Local time of the evening reminder.
        quiet_start: Start of the quiet hours (local).
        quiet_end: End of the quiet hours (local); equal to ``quiet_start``: no quiet hours.
        review_weekday: Day of the weekly review, as ``date.weekday()`` (0 is Monday).
        review_time: Local time of the weekly review.
        birthday: Date of birth (a landmark), if known.
        paused_until: Last local date of a pause (holiday), if any.
        fresh_start_date: A landmark the user chose with /freshstart, if any.
        active: False for blocked or deleted users: nothing is scheduled for them.
    """

    zone: str
    nudge_time: time | None = None
    evening_enabled: bool = True
    evening_time: time = DEFAULT_EVENING_TIME
    quiet_start: time = DEFAULT_QUIET_START
    quiet_end: time = DEFAULT_QUIET_END
    review_weekday: int = DEFAULT_REVIEW_WEEKDAY
    review_time: time = DEFAULT_REVIEW_TIME
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
            nudge_time=user.nudge_time,
            evening_enabled=user.evening_enabled,
            evening_time=user.evening_time,
            quiet_start=user.quiet_start,
            quiet_end=user.quiet_end,
            review_weekday=user.review_weekday,
            review_time=user.review_time,
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
        return _as_utc(instant).astimezone(self.tz).date()

    def is_paused(self, day: date) -> bool:
        """Whether a local date is inside the user's pause.

        Args:
            day: The local date.

        Returns:
            True on or before ``paused_until``.
        """
        return self.paused_until is not None and day <= self.paused_until


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
        return _as_utc(now) >= self.expires_at


# --- Local time ----------------------------------------------------------------------------------


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


def _quiet_end_after(wall: datetime, end: time) -> datetime:
    """The end of the quiet window that ``wall`` is in (today, or tomorrow after midnight)."""
    end_today = datetime.combine(wall.date(), end)
    return end_today if wall.time() < end else end_today + _ONE_DAY


def _next_quiet_start(wall: datetime, start: time, end: time) -> datetime | None:
    """The next beginning of the quiet hours strictly after ``wall``; ``None`` without any."""
    if start == end:
        return None
    start_today = datetime.combine(wall.date(), start)
    return start_today if start_today > wall else start_today + _ONE_DAY


# --- Slots ---------------------------------------------------------------------------------------


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
        wall = _quiet_end_after(wall, settings.quiet_end)
    useful_until = datetime.combine(day, _USEFUL_UNTIL[kind])
    if useful_until <= wall:
        useful_until = wall + LATE_GRACE
    until = min(useful_until, datetime.combine(day + _ONE_DAY, _MIDNIGHT))
    if wall >= until:
        return None  # moved past the end of its usefulness by the quiet hours
    quiet_again = _next_quiet_start(wall, *quiet)
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
    start, end = _as_utc(start), _as_utc(end)
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
    now = _as_utc(now)
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
    now = _as_utc(now)
    start = now if since is None else max(_as_utc(since), now - lookback)
    return [replace(slot, stale=slot.is_stale(now)) for slot in slots_between(settings, start, now)]


# --- Lapses, silence and fresh starts ------------------------------------------------------------


def silent_days(last_seen: date, today: date, *, paused_until: date | None = None) -> int:
    """Local days of silence: since the user last wrote, pressed a button or logged anything.

    A pause is not silence: the count starts again after ``paused_until``.

    Args:
        last_seen: The local date of the user's last message, button press or logged win.
        today: The user's local date.
        paused_until: The last day of the user's latest pause, if any.

    Returns:
        0 when the user was seen today (or is paused), 1 the day after, and so on.
    """
    since = max(last_seen, paused_until) if paused_until is not None else last_seen
    return max((today - since).days, 0)


def nudge_kind(
    missed_in_a_row: int, silent_days: int, *, comeback_offered: bool = False
) -> NudgeChoice:
    """What the morning slot should say (never miss twice; a gentle fade after silence).

    ======================  ==================================================
    silent days             choice
    ======================  ==================================================
    more than 60            NONE: nothing until the user writes
    8 to 60                 FRESH_START_ONLY (see :func:`fresh_start_allowed`)
    exactly 7               GENTLE: the one gentle message
    0 to 6                  COMEBACK_OFFER from the 2nd miss in a row, unless
                            already offered in this lapse; else PLAIN
    ======================  ==================================================

    Args:
        missed_in_a_row: Planned days missed in a row up to yesterday (rest and paused days
            do not count).
        silent_days: See :func:`silent_days`.
        comeback_offered: The comeback was already offered in this lapse
            (``CoachEventKind.COMEBACK_OFFERED``): not again, a plain nudge instead.

    Returns:
        The choice.

    Raises:
        ValueError: If a count is negative.
    """
    if missed_in_a_row < 0 or silent_days < 0:
        raise ValueError(f"day counts cannot be negative: {missed_in_a_row}, {silent_days}")
    if silent_days > SILENT_GIVE_UP_DAYS:
        return NudgeChoice.NONE
    if silent_days > GENTLE_AFTER_SILENT_DAYS:
        return NudgeChoice.FRESH_START_ONLY
    if silent_days == GENTLE_AFTER_SILENT_DAYS:
        return NudgeChoice.GENTLE
    if missed_in_a_row >= 2 and not comeback_offered:
        return NudgeChoice.COMEBACK_OFFER
    return NudgeChoice.PLAIN


def silence_allows(kind: Kind, silent_days: int) -> bool:
    """Whether a kind of message may go to a user silent for so many days.

    Up to 6 silent days everything may go; on day 7 only the morning slot (with the gentle
    message); from day 8 to day 60 only fresh-start prompts (the eve, and the morning of a
    landmark); after day 60 nothing.

    Args:
        kind: The slot's kind.
        silent_days: See :func:`silent_days`.

    Returns:
        Whether the silence rule lets it through (the other rules still apply).

    Raises:
        ValueError: If the count is negative.
    """
    if silent_days < 0:
        raise ValueError(f"a day count cannot be negative, got {silent_days}")
    if silent_days > SILENT_GIVE_UP_DAYS:
        return False
    if silent_days > GENTLE_AFTER_SILENT_DAYS:
        return kind in {Kind.MORNING_NUDGE, Kind.FRESH_START_EVE}
    if silent_days == GENTLE_AFTER_SILENT_DAYS:
        return kind is Kind.MORNING_NUDGE
    return True


def fresh_start_allowed(
    landmark: Landmark,
    *,
    last_prompted: date | None,
    steady: bool,
    lapsed: bool,
    silent_days: int = 0,
) -> bool:
    """Whether to offer this landmark as a fresh start (its eve and its morning).

    The eve and the morning of one landmark are one prompt: record the *landmark's* date as
    ``last_prompted`` when either is sent, and the other half is allowed too. In order:

    1. silent more than 60 days: never;
    2. the landmark already prompted (``last_prompted == landmark.day``): yes, its other half;
    3. a date the user chose, or the end of their pause (``CUSTOM``): always;
    4. silent 8 to 60 days: at most one a week;
    5. lapsed users come first: every landmark;
    6. steady users: at most one a calendar month (in practice the 1st of each month);
    7. everyone else (new, or one miss): at most one a week.

    Args:
        landmark: The landmark (tomorrow's for the eve, today's for the morning).
        last_prompted: The landmark date of the last fresh-start prompt, if any.
        steady: The user keeps their habits (e.g. a streak of a week or more).
        lapsed: The user is in a lapse (two or more missed in a row); wins over ``steady``.
        silent_days: See :func:`silent_days`.

    Returns:
        Whether to send the prompt.

    Raises:
        ValueError: If ``silent_days`` is negative.
    """
    if silent_days < 0:
        raise ValueError(f"a day count cannot be negative, got {silent_days}")
    if silent_days > SILENT_GIVE_UP_DAYS:
        return False
    if last_prompted == landmark.day:
        return True
    if LandmarkKind.CUSTOM in (landmark.kind, *landmark.also):
        return True
    week_passed = (
        last_prompted is None or (landmark.day - last_prompted).days >= SILENT_FRESH_START_GAP_DAYS
    )
    if silent_days > GENTLE_AFTER_SILENT_DAYS:
        return week_passed
    if lapsed:
        return True
    if steady:
        return last_prompted is None or (last_prompted.year, last_prompted.month) < (
            landmark.day.year,
            landmark.day.month,
        )
    return week_passed


# --- The weekly review ---------------------------------------------------------------------------


def review_proposal(hit_rate: float) -> ReviewProposal:
    """Next week's micro-goal from this week's hit rate.

    Args:
        hit_rate: Kept days over planned days this week, 0 to 1.

    Returns:
        GROW from 0.85 (inclusive), HOLD from 0.5 (inclusive), EASE below.

    Raises:
        ValueError: If ``hit_rate`` is not within 0..1.
    """
    if not 0.0 <= hit_rate <= 1.0:  # also refuses NaN
        raise ValueError(f"a hit rate is within 0..1, got {hit_rate!r}")
    if hit_rate >= REVIEW_GROW_AT:
        return ReviewProposal.GROW
    if hit_rate >= REVIEW_HOLD_AT:
        return ReviewProposal.HOLD
    return ReviewProposal.EASE


def judge_week(
    *,
    planned_days: int,
    hit_rate: float | None,
    done: float | None = None,
    target: float | None = None,
) -> WeekVerdict | None:
    """Judge the user's week by the measure the proposal is about (rule 13).

    * Fewer than :data:`REVIEW_MIN_DAYS` planned days: HOLD (one good day is no trend, and a
      plan's first days are not a week).
    * With an amount and its target (the weekly micro-goal has a number and the days add up
      to it): the amount decides — met it, GROW; from half of it, HOLD; below, EASE. A week of
      kept days at 850 of 2,100 words is not "a strong week".
    * Otherwise the kept days decide (:func:`review_proposal`); there is then no amount to
      propose, so the caller proposes none.

    Args:
        planned_days: Kept and missed days of the week so far (paused days left out).
        hit_rate: Kept over planned days, 0 to 1; ``None`` without planned days.
        done: What the week's days add up to, in the target's unit.
        target: The week's target (for the days of the week in the plan).

    Returns:
        The verdict; ``None`` when the week has no planned day yet.

    Raises:
        ValueError: If a count or amount is negative, or the hit rate is outside 0..1.
    """
    if planned_days < 0 or (done is not None and done < 0):
        raise ValueError(f"counts and amounts cannot be negative: {planned_days}, {done}")
    if planned_days == 0 or hit_rate is None:
        return None
    if planned_days < REVIEW_MIN_DAYS:
        review_proposal(hit_rate)  # still checks the rate
        return WeekVerdict(ReviewProposal.HOLD, ReviewBasis.SHORT, planned_days)
    if done is not None and target is not None and target > 0:
        share = done / target
        if share >= REVIEW_AMOUNT_GROW_AT:
            proposal = ReviewProposal.GROW
        elif share >= REVIEW_AMOUNT_HOLD_AT:
            proposal = ReviewProposal.HOLD
        else:
            proposal = ReviewProposal.EASE
        return WeekVerdict(proposal, ReviewBasis.AMOUNT, planned_days)
    return WeekVerdict(review_proposal(hit_rate), ReviewBasis.DAYS, planned_days)


def next_weekly(
    weekly: Measure,
    mva: Measure | None,
    proposal: ReviewProposal,
    *,
    days_per_week: int = 7,
) -> Measure:
    """Next week's micro-goal for a proposal, rounded to a nice number.

    * GROW: +10 % (:func:`bot.coach.comeback.scaled_up`: nice, and always above this week's).
    * HOLD: unchanged.
    * EASE: halfway down to the MVA's week (the daily MVA × ``days_per_week``), rounded down
      to a nice number and never below the MVA's week; halfway down to nothing when the MVA
      has no quantity in a comparable unit. Already at the MVA's week: unchanged.

    Args:
        weekly: This week's micro-goal.
        mva: The daily minimum viable action, if any.
        proposal: From :func:`review_proposal`.
        days_per_week: Planned days a week, 1 to 7.

    Returns:
        The proposed micro-goal (in ``weekly``'s unit, except that growth may express a
        short duration in minutes).

    Raises:
        ValueError: If ``weekly``'s quantity is unusable or ``days_per_week`` is not 1..7.
    """
    problem = check_quantity(weekly.quantity)
    if problem is not None:
        raise ValueError(f"unusable quantity {weekly.quantity!r}: {problem}")
    if not 1 <= days_per_week <= 7:
        raise ValueError(f"days_per_week must be 1..7, got {days_per_week}")
    if proposal is ReviewProposal.HOLD:
        return weekly
    if proposal is ReviewProposal.GROW:
        return scaled_up(weekly, REVIEW_GROWTH)
    daily_minimum = convert(mva, weekly.unit) if mva is not None else None
    floor = max(daily_minimum or 0.0, 0.0) * days_per_week
    current = float(weekly.quantity)
    if not math.isfinite(floor) or floor >= current:
        return weekly
    eased = max(round_nice_down((current + floor) / 2, countable=is_countable(weekly.unit)), floor)
    return Measure(eased, weekly.unit) if eased < current else weekly


# --- Helpers -------------------------------------------------------------------------------------


def _as_utc(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("expected an aware datetime")
    return instant.astimezone(UTC)
