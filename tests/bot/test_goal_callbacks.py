"""The /goals callback-data grammar: what is built parses back, and fits in 64 bytes."""

from __future__ import annotations

from datetime import date

import pytest

from bot.views import goal_callbacks as cb


def test_callback_data_round_trips_and_fits_telegrams_limit() -> None:
    big = 2**63 - 1
    built = [
        cb.show_goals(),
        cb.show_archived(),
        *(cb.goal(action, big) for action in cb.GoalAction),
        *(cb.milestone(action, big) for action in cb.MilestoneAction),
        cb.pick_deadline(big, date(2099, 12, 31)),
        cb.new_date(big, date(2099, 12, 31)),
        *(cb.step(action, big, big) for action in cb.StepAction),
    ]
    for data in built:
        assert len(data.encode()) <= 64
        assert cb.parse(data) is not None, data
    assert cb.parse(cb.goal(cb.GoalAction.UP, 17)) == cb.GoalButton(cb.GoalAction.UP, 17)
    assert cb.parse(cb.pick_deadline(5, date(2027, 3, 15))) == cb.PickDeadline(5, date(2027, 3, 15))
    assert cb.parse(cb.new_date(5, date(2027, 3, 15))) == cb.NewDate(5, date(2027, 3, 15))
    assert cb.parse("ms:done:5") == cb.MilestoneButton(cb.MilestoneAction.DONE_HERE, 5)
    assert cb.parse(cb.step(cb.StepAction.TICK, 5, 9)) == cb.StepButton(cb.StepAction.TICK, 5, 9)
    assert cb.parse("plan:show:3") is None  # the /plan grammar's, not ours
    with pytest.raises(ValueError, match="not an id"):
        cb.goal(cb.GoalAction.OPEN, 0)


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
