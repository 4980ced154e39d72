"""Timestamps at the storage boundary, shared by every table's SQL (see ``storage.sql``).

Stored as TEXT in UTC, fixed width ``2026-11-22T15:04:05.123456Z``, so that comparing and
ordering the text compares and orders the instants, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime


def ts(value: datetime) -> str:
    """An aware datetime as stored text.

    Raises:
        TypeError: Not a datetime.
        ValueError: A naive datetime (the storage layer needs aware ones).
    """
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: the storage layer needs aware datetimes")
    u = value.astimezone(UTC)
    # Formatted by hand: strftime('%Y') does not zero-pad years below 1000 on every platform.
    return (
        f"{u.year:04d}-{u.month:02d}-{u.day:02d}"
        f"T{u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d}Z"
    )


def ts_or_none(value: datetime | None) -> str | None:
    """:func:`ts`, or ``None``."""
    return None if value is None else ts(value)


def parse_ts(text: str | None) -> datetime | None:
    """Stored text as an aware UTC datetime, or ``None``."""
    return None if text is None else parse_ts_required(text)


def parse_ts_required(text: str) -> datetime:
    """Stored text as an aware UTC datetime."""
    parsed = datetime.fromisoformat(text)
    # Stored by ts(), so already UTC ("...Z"); only hand-written rows need converting.
    return parsed if parsed.tzinfo is UTC else parsed.astimezone(UTC)
