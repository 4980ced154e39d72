"""Choosing the cheer after a win (rule 15): the first win, a top-up, a rotation by day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.coach.cheers import (
    CHEER_VARIANTS,
    CheerKind,
    DayAmount,
    WinFacts,
    best_day,
    choose_cheer,
    day_amount,
    day_facts,
    run_start,
)
from bot.coach.models import EntryStatus, Measure
from bot.coach.streaks.log import DayRecord

DAY = date(2026, 11, 22)
WORDS = Measure(480, "words")


def facts(votes: int = 9) -> WinFacts:
    return WinFacts(streak=3, best_before=3, votes=votes, strength=40, run_start=DAY)


def test_the_first_win_and_a_top_up_have_their_own_lines() -> None:
    assert choose_cheer(1, 1, DAY, facts(votes=1), top_up=False).kind is CheerKind.FIRST
    assert choose_cheer(1, 1, DAY, facts(votes=1), top_up=True).kind is CheerKind.TOP_UP
    assert choose_cheer(1, 1, DAY, facts(), top_up=True).kind is CheerKind.TOP_UP
    assert choose_cheer(1, 1, DAY, facts(), top_up=False).kind is CheerKind.ROTATING


@given(
    user_id=st.integers(min_value=1, max_value=2**40),
    goal_id=st.integers(min_value=1, max_value=10**6),
    first=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 1, 1)),
)
def test_a_steady_week_never_takes_a_template_twice(
    user_id: int, goal_id: int, first: date
) -> None:
    week = [first + timedelta(days=n) for n in range(7)]
    chosen = [choose_cheer(user_id, goal_id, day, facts(), top_up=False) for day in week]
    assert len({cheer.index for cheer in chosen}) == 7
    assert all(0 <= cheer.index < CHEER_VARIANTS for cheer in chosen)
    # The same day asks again (a restart, a retried update): the same cheer.
    assert choose_cheer(user_id, goal_id, first, facts(), top_up=False) == chosen[0]


def test_the_biggest_day_lately_is_the_biggest_amount_before_today() -> None:
    records = {
        DAY - timedelta(days=3): DayRecord(DAY - timedelta(days=3), EntryStatus.DONE, 700, WORDS),
        DAY - timedelta(days=2): DayRecord(DAY - timedelta(days=2), EntryStatus.DONE, None, WORDS),
        DAY - timedelta(days=1): DayRecord(DAY - timedelta(days=1), EntryStatus.MVA, 900, WORDS),
        DAY: DayRecord(DAY, EntryStatus.DONE, 2_000, WORDS),
    }

    found = best_day(records, DAY)

    assert found is not None
    assert (found.day, day_amount(found)) == (DAY - timedelta(days=3), 700)  # not the minimum
    assert day_amount(records[DAY - timedelta(days=2)]) == 480  # a plain Done is the target
    assert best_day({}, DAY) is None


def test_the_days_facts_speak_of_numbers_only_when_the_target_has_a_unit() -> None:
    earlier = DayRecord(DAY - timedelta(days=3), EntryStatus.DONE, 700, WORDS)
    today = DayRecord(DAY, EntryStatus.DONE, 900, WORDS)

    assert day_facts({earlier.day: earlier, DAY: today}, DAY, "words") == DayAmount(
        900, "words", best=700, best_on=earlier.day
    )
    assert day_facts({DAY: today}, DAY, "words") == DayAmount(900, "words")  # nothing to beat
    assert day_facts({DAY: today}, DAY, None) is None  # a plain done/not-done action
    assert day_facts({earlier.day: earlier}, DAY, "words") is None  # today not logged


def test_a_run_starts_streak_days_back() -> None:
    assert run_start(DAY, 5) == DAY - timedelta(days=4)
    assert run_start(DAY, 0) == DAY
