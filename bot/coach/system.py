"""The end of the 30-day system: the month's review, and the invitation to the next cycle.

docs/product.md rule 11: after week 4 comes the planning of week 5, and after twelve weeks the
next 12-week cycle. The bot says both by itself, in the morning message (the user's own time),
each once (the service marks them). ``today`` is always a parameter.

Decisions:

* **The month's review** comes on the first mornings of the next plan month (plan days 29
  and 30 for the first month, 57 and 58 for the second, …): the month is complete then, so
  its numbers are final, and it is the moment to plan the month ahead (week 5 after the
  first). A second morning catches a user whose first morning sent nothing (a paused day).
* **The invitation to the next cycle** comes on the first mornings of the last week before
  the 12-week date (days 78 to 80 with the default date), while there is a week left to plan
  the next twelve; a moved date moves it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.coach.progress.periods import MONTH_DAYS, WEEK_DAYS

MONTH_REVIEW_MORNINGS = 2
"""On how many mornings after a plan month ends its review may still come."""

CYCLE_INVITE_MORNINGS = 3
"""On how many mornings of the last week the invitation to the next cycle may still come."""


@dataclass(frozen=True, slots=True)
class MonthEnded:
    """A plan month that has just ended.

    Attributes:
        number: Its number (1 for the plan's first four weeks).
        first: Its first day.
        last: Its last day (yesterday or the day before).
    """

    number: int
    first: date
    last: date


def month_ended(start: date, today: date) -> MonthEnded | None:
    """The plan month to review this morning, if one has just ended.

    Args:
        start: The plan's start date.
        today: The user's local date.

    Returns:
        The month, on the first :data:`MONTH_REVIEW_MORNINGS` days after it; else ``None``.
    """
    days = (today - start).days
    if days < MONTH_DAYS or days % MONTH_DAYS >= MONTH_REVIEW_MORNINGS:
        return None
    number = days // MONTH_DAYS
    first = start + timedelta(days=(number - 1) * MONTH_DAYS)
    return MonthEnded(number, first, first + timedelta(days=MONTH_DAYS - 1))


def cycle_ending(due: date, today: date) -> bool:
    """Whether to invite the next 12-week cycle this morning (the last week's first days).

    Args:
        due: The 12-week outcome's date.
        today: The user's local date.

    Returns:
        True on the first :data:`CYCLE_INVITE_MORNINGS` days of the week before ``due``.
    """
    last_week = due - timedelta(days=WEEK_DAYS)
    return last_week <= today < last_week + timedelta(days=CYCLE_INVITE_MORNINGS)
