"""Milestone deadlines in the daily loop (docs/product.md rule 12).

A milestone with a deadline ("outline the plot by Friday") is mentioned where the user already
looks each day, so its date never comes as a surprise:

* **the evening before** (:attr:`DeadlineMoment.EVE`): in the evening message (or, for a user
  who switched the evening reminder off, in that morning's card) and in /today;
* **on the day** (:attr:`DeadlineMoment.DAY`): in the morning nudge and in /today, with a
  one-tap "done";
* **once it has passed** (:attr:`DeadlineMoment.PASSED`) while still open: one kind word the
  next morning (the service remembers it per milestone and date, :func:`passed_key`) offering
  a new date with buttons, and a gentle line in /today. A date that went by is a guess that
  was off, never a failure.

Done milestones and undated ones have no moment. ``today`` is always a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.coach.models import Milestone


class DeadlineMoment(StrEnum):
    """Where an open milestone's deadline stands today."""

    EVE = "eve"  # due tomorrow
    DAY = "day"  # due today
    PASSED = "passed"  # the date went by and it is still open


@dataclass(frozen=True, slots=True)
class Deadline:
    """An open milestone whose deadline is near or has passed.

    Attributes:
        milestone: The milestone (its ``due_date`` is set).
        moment: Where its date stands today.
    """

    milestone: Milestone
    moment: DeadlineMoment

    @property
    def due(self) -> date:
        """The deadline."""
        assert self.milestone.due_date is not None  # only dated milestones have a moment
        return self.milestone.due_date


def deadline_moment(milestone: Milestone, today: date) -> DeadlineMoment | None:
    """Where a milestone's deadline stands on ``today``.

    Args:
        milestone: Any milestone.
        today: The user's local date.

    Returns:
        EVE the day before its date, DAY on it, PASSED after it; ``None`` when it is done, has
        no date, or its date is two or more days ahead.
    """
    due = milestone.due_date
    if milestone.done_at is not None or due is None:
        return None
    if due == today + timedelta(days=1):
        return DeadlineMoment.EVE
    if due == today:
        return DeadlineMoment.DAY
    if due < today:
        return DeadlineMoment.PASSED
    return None


def deadlines(milestones: Iterable[Milestone], today: date) -> tuple[Deadline, ...]:
    """The open milestones worth a word today, earliest date first (then in list order).

    Args:
        milestones: A goal's milestones (or several goals').
        today: The user's local date.

    Returns:
        One :class:`Deadline` per milestone due tomorrow, today, or past its date.
    """
    found = []
    for milestone in milestones:
        moment = deadline_moment(milestone, today)
        if moment is not None:
            found.append(Deadline(milestone, moment))
    return tuple(sorted(found, key=lambda d: (d.due, d.milestone.position)))


def passed_key(milestone: Milestone) -> str:
    """What the service remembers once the passed date was spoken of: the milestone and the
    date, so a moved date that passes again gets its own word."""
    due = milestone.due_date
    return f"{milestone.milestone_id}:{due.isoformat() if due else '-'}"
