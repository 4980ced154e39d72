"""The days, zones and settings the scheduling rule tests share."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.coach.landmarks import LandmarkKind
from bot.coach.schedule.settings import ScheduleSettings
from bot.coach.schedule.slots import (
    Kind,
)

K = Kind
L = LandmarkKind
BERLIN = ZoneInfo("Europe/Berlin")
WED = date(2027, 3, 10)  # an ordinary Wednesday: no landmark today or tomorrow


T0 = datetime(2027, 1, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def settings(zone: str = "Europe/Berlin", **overrides: Any) -> ScheduleSettings:
    values: dict[str, Any] = {"nudge_time": time(8, 0)}
    values.update(overrides)
    return ScheduleSettings(zone, **values)
