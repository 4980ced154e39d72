"""The instants the time-zone tests read answers at, and readers that insist on a kind of answer."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from bot.coach.timezones import (
    ZoneChoices,
    ZoneFound,
    parse_timezone_answer,
)

MINUS = "\N{MINUS SIGN}"
WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


def found(text: str, now: datetime = WINTER) -> ZoneFound:
    answer = parse_timezone_answer(text, now)
    assert isinstance(answer, ZoneFound), answer
    return answer


def choices(text: str, now: datetime = WINTER) -> ZoneChoices:
    answer = parse_timezone_answer(text, now)
    assert isinstance(answer, ZoneChoices), answer
    return answer


def offset_minutes(zone: str, now: datetime) -> int:
    offset = now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    assert offset is not None
    return round(offset.total_seconds() / 60)


def sample_instants(step_days: int) -> Iterator[datetime]:
    instant = datetime(2026, 1, 1, tzinfo=UTC)
    while instant < datetime(2028, 1, 1, tzinfo=UTC):
        yield instant
        instant += timedelta(days=step_days)
