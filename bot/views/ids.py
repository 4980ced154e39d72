"""Reading ids and dates out of callback data, which comes from the client and is never trusted."""

from __future__ import annotations

from datetime import date

MAX_ID = 2**63 - 1
"""The largest id storage can hold: a bigger forged number must not reach the database."""


def parse_id(text: str) -> int | None:
    """A positive id written in ASCII digits, or ``None``."""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def parse_day(text: str) -> date | None:
    """A ``yyyymmdd`` date, or ``None``."""
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
