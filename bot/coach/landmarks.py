"""Fresh-start landmarks (docs/product.md rule 10): Mondays, the 1st, quarter starts, birthdays.

People start more readily on days that feel like a new chapter. The bot announces the next
landmark a day ahead and asks for a commitment on the day; this module only finds the dates.

Decisions:

* **"Next" is strictly after today.** On a Monday, the next Monday is a week later; on 1 April,
  the next quarter starts on 1 July; on a birthday, the next birthday is next year's. Whether
  *today* is a landmark is a separate question: :func:`landmarks_on`.
* **A 29 February birthday** is celebrated on 28 February in non-leap years (still in
  February, and the day before it would have been).
* **One landmark per day.** When several fall on the same day, the most meaningful kind is kept
  (:data:`KIND_RANK`: birthday, then a date the user chose, quarter start, month start,
  Monday) and the others are listed in ``also``.
* **A 12-week cycle** starting on day *S* ends 84 days later: :func:`twelve_weeks_after`
  returns *S* + 84 days, the same weekday twelve weeks on.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.coach.dates import next_weekday

CYCLE_WEEKS = 12


class LandmarkKind(StrEnum):
    """What makes a day a fresh start."""

    MONDAY = "monday"
    MONTH_START = "month_start"
    QUARTER_START = "quarter_start"
    BIRTHDAY = "birthday"
    CUSTOM = "custom"  # a date the user named (the end of a holiday, a start they chose)


KIND_RANK: dict[LandmarkKind, int] = {
    LandmarkKind.BIRTHDAY: 0,
    LandmarkKind.CUSTOM: 1,
    LandmarkKind.QUARTER_START: 2,
    LandmarkKind.MONTH_START: 3,
    LandmarkKind.MONDAY: 4,
}
"""Lower is more meaningful; decides which kind names a day with several."""


@dataclass(frozen=True, slots=True)
class Landmark:
    """A fresh-start date.

    Attributes:
        day: The date.
        kind: The most meaningful reason the day is a landmark.
        also: Other kinds that fall on the same day, most meaningful first.
    """

    day: date
    kind: LandmarkKind
    also: tuple[LandmarkKind, ...] = ()


def next_monday(today: date) -> date:
    """The first Monday strictly after today (a week later when today is a Monday).

    Args:
        today: The user's local date.

    Returns:
        A Monday 1 to 7 days after ``today``.
    """
    return next_weekday(today, 0)


def first_of_next_month(today: date) -> date:
    """The 1st of the month after today's (1 January of next year in December).

    Args:
        today: The user's local date.

    Returns:
        The 1st of next month.
    """
    if today.month == 12:
        return date(today.year + 1, 1, 1)
    return date(today.year, today.month + 1, 1)


def next_quarter_start(today: date) -> date:
    """The next 1 January, 1 April, 1 July or 1 October strictly after today.

    Args:
        today: The user's local date.

    Returns:
        The start of the next quarter.
    """
    quarter_month = (today.month - 1) // 3 * 3 + 4
    if quarter_month > 12:
        return date(today.year + 1, 1, 1)
    return date(today.year, quarter_month, 1)


def birthday_in(birthday: date, year: int) -> date:
    """The birthday's date in ``year``; 29 February becomes 28 February in non-leap years.

    Args:
        birthday: The date of birth (its year is ignored).
        year: The year to place it in.

    Returns:
        The birthday in ``year``.
    """
    if birthday.month == 2 and birthday.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, birthday.month, birthday.day)


def next_birthday(birthday: date, today: date) -> date:
    """The user's next birthday strictly after today.

    Args:
        birthday: The date of birth (its year is ignored).
        today: The user's local date.

    Returns:
        This year's birthday if it is still ahead, else next year's.
    """
    this_year = birthday_in(birthday, today.year)
    return this_year if this_year > today else birthday_in(birthday, today.year + 1)


def twelve_weeks_after(start: date) -> date:
    """The end of a 12-week cycle that starts on ``start``: 84 days later, same weekday.

    Args:
        start: The first day of the cycle.

    Returns:
        ``start`` + 12 weeks.
    """
    return start + timedelta(weeks=CYCLE_WEEKS)


def landmarks_on(
    day: date, birthday: date | None = None, extra: date | None = None
) -> Landmark | None:
    """Whether ``day`` itself is a fresh start, e.g. to ask for a commitment on the day.

    Args:
        day: The date to check (usually today).
        birthday: The user's date of birth, if known.
        extra: A date the user chose as a fresh start, if any.

    Returns:
        The landmark on that day, or ``None``.
    """
    kinds: list[LandmarkKind] = []
    if day.weekday() == 0:
        kinds.append(LandmarkKind.MONDAY)
    if day.day == 1:
        kinds.append(LandmarkKind.MONTH_START)
        if day.month in {1, 4, 7, 10}:
            kinds.append(LandmarkKind.QUARTER_START)
    if birthday is not None and birthday_in(birthday, day.year) == day:
        kinds.append(LandmarkKind.BIRTHDAY)
    if extra is not None and extra == day:
        kinds.append(LandmarkKind.CUSTOM)
    return _merge(day, kinds) if kinds else None


def upcoming_landmarks(
    today: date, birthday: date | None = None, extra: date | None = None
) -> list[Landmark]:
    """The next fresh starts after today, one per day, soonest first.

    Always includes the next Monday, the next 1st of the month and the next quarter start;
    the next birthday and the ``extra`` date when given (``extra`` only if after today).

    Args:
        today: The user's local date.
        birthday: The user's date of birth, if known.
        extra: A date the user named as a fresh start, if any.

    Returns:
        Landmarks strictly after today, sorted by date, one per date.
    """
    found: dict[date, list[LandmarkKind]] = {}

    def add(day: date, kind: LandmarkKind) -> None:
        found.setdefault(day, []).append(kind)

    add(next_monday(today), LandmarkKind.MONDAY)
    add(first_of_next_month(today), LandmarkKind.MONTH_START)
    add(next_quarter_start(today), LandmarkKind.QUARTER_START)
    if birthday is not None:
        add(next_birthday(birthday, today), LandmarkKind.BIRTHDAY)
    if extra is not None and extra > today:
        add(extra, LandmarkKind.CUSTOM)
    # A listed day may be a landmark of other kinds too (a Monday that is also the 1st).
    for day, kinds in found.items():
        on_day = landmarks_on(day, birthday, extra)
        if on_day is not None:
            kinds.extend(kind for kind in (on_day.kind, *on_day.also) if kind not in kinds)
    return [_merge(day, kinds) for day, kinds in sorted(found.items())]


def _merge(day: date, kinds: list[LandmarkKind]) -> Landmark:
    ranked = sorted(set(kinds), key=KIND_RANK.__getitem__)
    return Landmark(day, ranked[0], tuple(ranked[1:]))
