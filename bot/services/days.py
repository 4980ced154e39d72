"""The user's day: one definition for every use case, so /plan, /goals and wins agree."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.coach.models import User

DAY_BOUNDARY = timedelta(hours=2)
"""A late evening belongs to its day: before 02:00 local time it is still the day before."""


def user_zone(user: User) -> tzinfo:
    """The user's time zone; UTC if none is stored or it is unknown on this machine."""
    try:
        return ZoneInfo(user.timezone) if user.timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        # A zone dropped from tzdata (or a database moved to another host) must not lock the
        # user out: UTC keeps the bot answering until they pick a zone again.
        return UTC


def local_now(user: User, instant: datetime) -> datetime:
    """The user's wall-clock time at an instant."""
    return instant.astimezone(user_zone(user))


def user_day(user: User, instant: datetime) -> date:
    """The user's day at an instant, with the 02:00 day boundary."""
    return (local_now(user, instant) - DAY_BOUNDARY).date()
