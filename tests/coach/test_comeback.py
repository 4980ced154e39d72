"""Tests for the comeback: lapse rules, the ramp back to the full target, the 30-day offer."""

from __future__ import annotations

import itertools
import random

import pytest

from bot.coach.comeback import (
    DEFAULT_STEP_SHARE,
    IDENTITY_DAYS,
    RampLabel,
    RampPosition,
    after_lapse,
    comeback_due,
    identity_milestone,
    is_accident,
    locate,
    ramp_steps,
    ready_to_step_up,
    scaled_up,
    start_ramp,
    thirty_day_offer,
)
from bot.coach.models import Measure
from bot.coach.quantities.conversion import convert
from bot.coach.quantities.units import is_countable


def _m(quantity: float, unit: str) -> Measure:
    return Measure(float(quantity), unit)


def _numbers(steps: tuple[Measure | None, ...], unit: str) -> list[float]:
    values: list[float] = []
    for step in steps:
        assert step is not None
        value = convert(step, unit)
        assert value is not None
        values.append(value)
    return values


# --- The ramp ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mva", "target", "expected"),
    [
        # The product's examples: 2,000 words → 100; 30 minutes of meditation → 2.
        (_m(100, "words"), _m(2000, "words"), [100, 390, 680, 970, 1300, 1600, 2000]),
        (_m(2, "minutes"), _m(30, "minutes"), [2, 6, 10, 15, 20, 25, 30]),
        (_m(2, "pushups"), _m(20, "pushups"), [2, 5, 8, 11, 14, 17, 20]),
        (_m(1, "pages"), _m(20, "pages"), [1, 4, 7, 10, 13, 16, 20]),
        (_m(1000, "steps"), _m(10000, "steps"), [1000, 2400, 3800, 5200, 6600, 8000, 10000]),
        (_m(0.5, "km"), _m(5, "km"), [0.5, 1.2, 1.9, 2.6, 3.3, 4, 5]),
        # Close together: one step.
        (_m(19, "pushups"), _m(20, "pushups"), [19, 20]),
        (_m(1, "books"), _m(2, "books"), [1, 2]),
    ],
)
def test_ramp_steps_examples(mva: Measure, target: Measure, expected: list[float]) -> None:
    steps = ramp_steps(mva, target)
    assert _numbers(steps, target.unit) == expected
    assert steps[0] == mva
    assert steps[-1] == target


def test_ramp_steps_smaller_share_takes_more_steps() -> None:
    steps = ramp_steps(_m(100, "words"), _m(2000, "words"), step_share=0.10)
    assert _numbers(steps, "words") == [
        100, 290, 480, 670, 860, 1100, 1300, 1500, 1700, 1900, 2000
    ]  # fmt: skip


def test_ramp_steps_between_minutes_and_hours_climbs_in_minutes() -> None:
    steps = ramp_steps(_m(2, "minutes"), _m(1, "hours"))
    assert steps[-1] == _m(1, "hours")
    assert all(step is not None and step.unit == "minutes" for step in steps[:-1])
    assert _numbers(steps, "minutes") == [2, 10, 20, 30, 40, 50, 60]


def test_ramp_steps_between_miles_and_km_climbs_in_the_target_unit() -> None:
    steps = ramp_steps(_m(1, "km"), _m(3, "miles"))
    assert steps[0] == _m(1, "km")
    assert all(step is not None and step.unit == "miles" for step in steps[1:])
    values = _numbers(steps, "miles")
    assert values == sorted(set(values))


@pytest.mark.parametrize(
    ("mva", "target"),
    [
        (_m(10, "minutes"), _m(5, "km")),  # a 10-minute walk on the way back to a 5 km run
        (_m(10, "minutes"), _m(3, "miles")),
        (_m(100, "words"), _m(20, "pages")),
        (_m(1, "EUR"), _m(10, "USD")),
        (None, _m(20, "pushups")),  # "just start: 2 minutes of it"
        (_m(2, "minutes"), None),
        (None, None),
    ],
)
def test_ramp_steps_not_comparable_is_two_steps(
    mva: Measure | None, target: Measure | None
) -> None:
    assert ramp_steps(mva, target) == (mva, target)


def test_ramp_steps_mva_already_at_target() -> None:
    assert ramp_steps(_m(20, "pushups"), _m(20, "pushups")) == (_m(20, "pushups"),)
    assert ramp_steps(_m(60, "minutes"), _m(1, "hours")) == (_m(1, "hours"),)
    assert ramp_steps(_m(30, "pushups"), _m(20, "pushups")) == (_m(20, "pushups"),)


def test_ramp_steps_normalises_units() -> None:
    assert ramp_steps(_m(2, "mins"), _m(30, "min"))[-1] == _m(30, "minutes")


@pytest.mark.parametrize("share", [0.0, 0.01, 0.51, 1.0, -0.1])
def test_ramp_steps_refuses_odd_shares(share: float) -> None:
    with pytest.raises(ValueError, match="step_share"):
        ramp_steps(_m(2, "minutes"), _m(30, "minutes"), step_share=share)


@pytest.mark.parametrize("bad", [0.0, -5.0, float("nan"), float("inf")])
def test_ramp_steps_refuses_odd_quantities(bad: float) -> None:
    with pytest.raises(ValueError, match="unusable"):
        ramp_steps(_m(bad, "words"), _m(2000, "words"))
    with pytest.raises(ValueError, match="unusable"):
        ramp_steps(_m(100, "words"), _m(bad, "words"))


UNITS = ("words", "pages", "pushups", "steps", "minutes", "seconds", "km", "miles", "kg", "EUR")


def test_ramp_steps_random_pairs_increase_and_end_at_target() -> None:
    rng = random.Random(20240612)
    for _ in range(3000):
        unit = rng.choice(UNITS)
        whole = is_countable(unit)
        low = rng.choice([1, 2, 5, 10, 50, 100, 1000]) * rng.uniform(0.1, 3)
        high = low * rng.uniform(1.01, 60)
        if whole:
            low, high = float(max(1, round(low))), float(max(2, round(high)))
        if low >= high:
            continue
        share = rng.choice([0.1, 0.12, DEFAULT_STEP_SHARE, 0.2])
        mva, target = _m(low, unit), _m(high, unit)
        steps = ramp_steps(mva, target, step_share=share)
        values = _numbers(steps, unit)
        context = (mva, target, share, values)
        assert steps[0] == mva, context
        assert steps[-1] == target, context
        assert all(a < b for a, b in itertools.pairwise(values)), context
        # About 1/share steps, whatever the ratio between MVA and target.
        assert len(steps) <= 1.5 / share + 2, context
        if whole:
            assert all(value == int(value) for value in values), context


def test_ramp_steps_random_durations_across_units() -> None:
    rng = random.Random(7)
    for _ in range(500):
        mva = _m(rng.choice([30, 60, 90]), "seconds") if rng.random() < 0.3 else None
        mva = mva or _m(rng.randint(1, 10), "minutes")
        target = rng.choice([_m(rng.randint(11, 90), "minutes"), _m(rng.randint(1, 3), "hours")])
        steps = ramp_steps(mva, target)
        values = _numbers(steps, "minutes")
        assert steps[0] == mva
        assert steps[-1] == target
        assert all(a < b for a, b in itertools.pairwise(values)), values


# --- The position on the ramp -------------------------------------------------------------------

LADDER = ramp_steps(_m(100, "words"), _m(2000, "words"))


def test_ramp_position_start() -> None:
    position = start_ramp(_m(100, "words"), _m(2000, "words"))
    assert position == RampPosition(LADDER, 0)
    assert position.current == _m(100, "words")
    assert not position.is_full
    assert position.label == RampLabel(1, 7, _m(100, "words"))


def test_ramp_position_step_up_to_the_top_and_no_further() -> None:
    position = RampPosition(LADDER)
    for expected in range(1, len(LADDER)):
        position = position.step_up()
        assert position.index == expected
    assert position.is_full
    assert position.current == _m(2000, "words")
    assert position.label == RampLabel(7, 7, _m(2000, "words"))
    assert position.step_up() == position


def test_ramp_position_step_down_to_the_mva_and_no_further() -> None:
    position = RampPosition(LADDER, 3)
    assert position.step_down().index == 2
    assert position.step_down().step_down().step_down().index == 0
    assert RampPosition(LADDER, 0).step_down() == RampPosition(LADDER, 0)


def test_ramp_position_hold() -> None:
    position = RampPosition(LADDER, 2)
    assert position.hold() == position
    assert position.hold().label == RampLabel(3, 7, _m(680, "words"))


def test_ramp_position_of_one_step_is_full() -> None:
    position = RampPosition((_m(20, "pushups"),))
    assert position.is_full
    assert position.step_up() == position
    assert position.step_down() == position


def test_ramp_position_without_quantities() -> None:
    position = start_ramp(None, _m(20, "pushups"))
    assert position.current is None  # the MVA as written
    assert position.step_up().current == _m(20, "pushups")
    assert position.step_up().is_full


@pytest.mark.parametrize("index", [-1, 7, 100])
def test_ramp_position_refuses_index_outside(index: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        RampPosition(LADDER, index)


def test_ramp_position_refuses_empty_ladder() -> None:
    with pytest.raises(ValueError, match="at least one"):
        RampPosition(())


@pytest.mark.parametrize(
    ("current", "index"),
    [
        (_m(100, "words"), 0),
        (_m(680, "words"), 2),
        (_m(700, "words"), 2),  # between steps: the one below
        (_m(2000, "words"), 6),
        (_m(5000, "words"), 6),
        (_m(50, "words"), 0),
        (_m(10, "minutes"), 0),  # another kind of unit
        (None, 0),
    ],
)
def test_locate(current: Measure | None, index: int) -> None:
    assert locate(LADDER, current) == RampPosition(LADDER, index)


def test_locate_converts_units() -> None:
    ladder = ramp_steps(_m(2, "minutes"), _m(1, "hours"))
    assert locate(ladder, _m(1, "hours")).is_full
    assert locate(ladder, _m(0.5, "hours")).current == _m(30, "minutes")


# --- Lapses and readiness -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kept", "days_needed", "ready"),
    [
        (0, 7, False),
        (6, 7, False),
        (7, 7, True),
        (8, 7, True),
        (9, 10, False),
        (10, 10, True),
        (13, 14, False),
        (14, 14, True),
        # Clamped to 7..14.
        (3, 3, False),
        (7, 3, True),
        (14, 30, True),
        (13, 30, False),
    ],
)
def test_ready_to_step_up(kept: int, days_needed: int, ready: bool) -> None:
    assert ready_to_step_up(kept, days_needed=days_needed) is ready


def test_ready_to_step_up_default_is_seven_days() -> None:
    assert not ready_to_step_up(6)
    assert ready_to_step_up(7)


@pytest.mark.parametrize(
    ("missed", "accident", "due"),
    [(0, False, False), (1, True, False), (2, False, True), (3, False, True), (30, False, True)],
)
def test_never_miss_twice(missed: int, accident: bool, due: bool) -> None:
    assert is_accident(missed) is accident
    assert comeback_due(missed) is due


def test_after_lapse_keeps_the_current_step() -> None:
    for index in range(len(LADDER)):
        position = RampPosition(LADDER, index)
        assert after_lapse(position) == position
    assert after_lapse(RampPosition(LADDER, 4)).current == _m(1300, "words")


def test_a_ramp_walkthrough() -> None:
    position = start_ramp(_m(2, "minutes"), _m(30, "minutes"))
    kept = 0
    for day in range(200):
        lapse = day in {20, 21, 50}
        kept = 0 if lapse else kept + 1
        if lapse:
            position = after_lapse(position)
        elif ready_to_step_up(kept) and not position.is_full:
            position, kept = position.step_up(), 0
    assert position.is_full
    assert position.current == _m(30, "minutes")


# --- The 30-day system and identity -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kept", "offer"),
    [(0, False), (7, False), (20, False), (21, True), (24, True), (28, True), (29, False)],
)
def test_thirty_day_offer(kept: int, offer: bool) -> None:
    assert thirty_day_offer(kept) is offer
    assert thirty_day_offer(kept, already_offered=True) is False


def test_thirty_day_offer_is_made_once_in_the_window() -> None:
    offered = False
    offers = 0
    for kept in range(1, 40):
        if thirty_day_offer(kept, already_offered=offered):
            offered, offers = True, offers + 1
    assert offers == 1


@pytest.mark.parametrize(
    ("target", "share", "expected"),
    [
        (_m(480, "words"), 0.15, _m(550, "words")),
        (_m(480, "words"), 0.10, _m(530, "words")),
        (_m(30, "minutes"), 0.15, _m(35, "minutes")),
        (_m(20, "pushups"), 0.15, _m(23, "pushups")),
        (_m(20, "pushups"), 0.10, _m(22, "pushups")),
        (_m(2, "pushups"), 0.15, _m(3, "pushups")),  # at least one more
        (_m(1, "pages"), 0.10, _m(2, "pages")),
        (_m(1, "hours"), 0.15, _m(70, "minutes")),  # below two hours reads better in minutes
        (_m(3, "hours"), 0.15, _m(3.4, "hours")),
        (_m(5, "km"), 0.15, _m(5.8, "km")),
        (_m(10000, "steps"), 0.10, _m(11000, "steps")),
        (_m(2, "mins"), 0.15, _m(3, "minutes")),
    ],
)
def test_scaled_up(target: Measure, share: float, expected: Measure) -> None:
    assert scaled_up(target, share) == expected


def test_scaled_up_always_grows() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        unit = rng.choice(UNITS)
        quantity = rng.uniform(0.1, 5000)
        if is_countable(unit):
            quantity = float(max(1, round(quantity)))
        target = _m(quantity, unit)
        grown = scaled_up(target, rng.choice([0.1, 0.12, 0.15]))
        before, after = convert(target, grown.unit), grown.quantity
        assert before is not None
        assert after > before, (target, grown)


@pytest.mark.parametrize("share", [0.05, 0.09, 0.16, 0.5])
def test_scaled_up_refuses_shares_outside_ten_to_fifteen(share: float) -> None:
    with pytest.raises(ValueError, match="share"):
        scaled_up(_m(480, "words"), share)


def test_scaled_up_refuses_odd_quantities() -> None:
    with pytest.raises(ValueError, match="unusable"):
        scaled_up(_m(float("nan"), "words"))


@pytest.mark.parametrize(
    ("kept_total", "identity"), [(0, False), (65, False), (66, True), (67, True), (365, True)]
)
def test_identity_milestone(kept_total: int, identity: bool) -> None:
    assert identity_milestone(kept_total) is identity
    assert IDENTITY_DAYS == 66


@pytest.mark.parametrize(
    "call",
    [
        lambda: ready_to_step_up(-1),
        lambda: is_accident(-1),
        lambda: comeback_due(-1),
        lambda: thirty_day_offer(-1),
        lambda: identity_milestone(-1),
    ],
)
def test_negative_counts_are_bugs(call: object) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match="negative"):
        call()


TYPICAL = [
    (_m(100, "words"), _m(2000, "words")),
    (_m(50, "words"), _m(480, "words")),
    (_m(2, "minutes"), _m(30, "minutes")),
    (_m(2, "minutes"), _m(1, "hours")),
    (_m(2, "pushups"), _m(20, "pushups")),
    (_m(1, "pages"), _m(20, "pages")),
    (_m(1000, "steps"), _m(10000, "steps")),
    (_m(0.5, "km"), _m(5, "km")),
]


@pytest.mark.parametrize(("mva", "target"), TYPICAL)
@pytest.mark.parametrize("share", [0.10, 0.15])
def test_ramp_steps_typical_habits_take_six_to_twelve_steps(
    mva: Measure, target: Measure, share: float
) -> None:
    assert 6 <= len(ramp_steps(mva, target, step_share=share)) <= 12
