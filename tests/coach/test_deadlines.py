"""Where a milestone's deadline stands today (rule 12): tomorrow, today, passed, or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.coach.deadlines import DeadlineMoment, deadline_moment, deadlines, passed_key
from bot.coach.models import Milestone

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


def milestone(
    due: date | None, *, done: bool = False, milestone_id: int = 1, position: int = 1
) -> Milestone:
    return Milestone(
        milestone_id=milestone_id,
        goal_id=1,
        user_id=1,
        title=f"Milestone {milestone_id}",
        position=position,
        created_at=NOW,
        due_date=due,
        done_at=NOW if done else None,
    )


@pytest.mark.parametrize(
    ("offset", "moment"),
    [
        (2, None),  # two days ahead: too early to mention
        (1, DeadlineMoment.EVE),
        (0, DeadlineMoment.DAY),
        (-1, DeadlineMoment.PASSED),
        (-30, DeadlineMoment.PASSED),
    ],
)
def test_the_moment_follows_the_date(offset: int, moment: DeadlineMoment | None) -> None:
    assert deadline_moment(milestone(TODAY + timedelta(days=offset)), TODAY) is moment


def test_done_and_undated_milestones_have_no_moment() -> None:
    assert deadline_moment(milestone(TODAY, done=True), TODAY) is None
    assert deadline_moment(milestone(None), TODAY) is None


def test_deadlines_come_earliest_first_and_skip_the_rest() -> None:
    listed = [
        milestone(TODAY + timedelta(days=1), milestone_id=1, position=1),
        milestone(None, milestone_id=2, position=2),
        milestone(TODAY - timedelta(days=2), milestone_id=3, position=3),
        milestone(TODAY, milestone_id=4, position=4, done=True),
        milestone(TODAY + timedelta(days=9), milestone_id=5, position=5),
    ]

    found = deadlines(listed, TODAY)

    assert [(d.milestone.milestone_id, d.moment) for d in found] == [
        (3, DeadlineMoment.PASSED),
        (1, DeadlineMoment.EVE),
    ]
    assert found[0].due == TODAY - timedelta(days=2)


def test_a_moved_date_is_remembered_apart_from_the_first() -> None:
    first = milestone(TODAY - timedelta(days=1))
    moved = milestone(TODAY + timedelta(days=3))
    assert passed_key(first) == "1:2026-11-24"
    assert passed_key(first) != passed_key(moved)
