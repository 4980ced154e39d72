"""The /goals callback-data grammar: what is built parses back, and fits in 64 bytes."""

from __future__ import annotations

from datetime import date

import pytest

from bot.views import goal_callbacks as cb


def test_callback_data_round_trips_and_fits_telegrams_limit() -> None:
    big = 2**63 - 1
    built = [
        cb.ShowGoals().pack(),
        cb.ShowArchived().pack(),
        *(cb.GoalButton(action, big).pack() for action in cb.GoalAction),
        *(cb.MilestoneButton(action, big).pack() for action in cb.MilestoneAction),
        cb.PickDeadline(big, date(2099, 12, 31)).pack(),
        cb.NewDate(big, date(2099, 12, 31)).pack(),
        *(cb.StepButton(action, big, big).pack() for action in cb.StepAction),
    ]
    for data in built:
        assert len(data.encode()) <= 64
        assert cb.parse(data) is not None, data
    assert cb.parse(cb.GoalButton(cb.GoalAction.UP, 17).pack()) == cb.GoalButton(
        cb.GoalAction.UP, 17
    )
    assert cb.parse(cb.PickDeadline(5, date(2027, 3, 15)).pack()) == cb.PickDeadline(
        5, date(2027, 3, 15)
    )
    assert cb.parse(cb.NewDate(5, date(2027, 3, 15)).pack()) == cb.NewDate(5, date(2027, 3, 15))
    assert cb.parse("ms:done:5") == cb.MilestoneButton(cb.MilestoneAction.DONE_HERE, 5)
    assert cb.parse(cb.StepButton(cb.StepAction.TICK, 5, 9).pack()) == cb.StepButton(
        cb.StepAction.TICK, 5, 9
    )
    assert cb.parse("plan:show:3") is None  # the /plan grammar's, not ours
    with pytest.raises(ValueError, match="not an id"):
        cb.GoalButton(cb.GoalAction.OPEN, 0).pack()


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "g",
        "g:open",
        "g:open:",
        "g:open:1 ",
        "g:open:+1",
        "g:open:1e3",
        "ms:due:1:2027315",
        "ms:new:1:20270230",
        "ms:new:0:20270301",
        "st:tick:1:x",
        "x" * 65,
        "g:list:1",
        "ms:open:1:2",
    ],
)
def test_malformed_data_parses_to_nothing(data: str | None) -> None:
    assert cb.parse(data) is None
