"""A win as one unit of work, on both engines: atomic, safe when concurrent, its checkpoint true.

The checkpoint row (``goal_states``) is a cache of the fold of the whole log. These tests hold
it to that: after any sequence of writes it equals a recomputation from the log, a failure
between the entry and the checkpoint leaves neither, and concurrent wins count once each.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.coach.models import (
    EntryStatus,
    Goal,
    GoalStatus,
    Measure,
    NewEntry,
    NewGoal,
    StreakState,
    User,
    UserProfile,
)
from bot.coach.progress.amounts import advance_goal
from bot.coach.streaks.log import fold_days
from bot.coach.streaks.summary import summarize
from bot.services.goal_day import WINDOW_DAYS, RecentLog
from bot.services.habit_results import Logged, Refused
from bot.services.habits import HabitService
from storage.open import open_sqlite
from storage.sql import SqlRepository
from tests.databases import BACKENDS, fresh_repository
from tests.support import FrozenClock

# 20:40 in Berlin on Sunday 22 November 2026.
NOW = datetime(2026, 11, 22, 19, 40, tzinfo=UTC)
TODAY = date(2026, 11, 22)
WORDS = Measure(480.0, "words")


@pytest.fixture(params=BACKENDS)
async def repo(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[SqlRepository]:
    async with fresh_repository(request.param, tmp_path) as repository:
        yield repository


async def writer(repo: SqlRepository, start: date) -> tuple[User, Goal]:
    """A user in Berlin with one active goal of 480 words a day, started on ``start``."""
    user, _ = await repo.upsert_user(UserProfile(1, 1, "Ada"), NOW)
    user = await repo.save_user(dataclasses.replace(user, timezone="Europe/Berlin"))
    goal = await repo.create_goal(NewGoal(1, "Write a novel", GoalStatus.ACTIVE), NOW)
    goal = await repo.save_goal(
        dataclasses.replace(
            goal,
            daily="write 480 words",
            daily_measure=WORDS,
            mva="write 50 words",
            mva_measure=Measure(50.0, "words"),
            start_date=start,
        )
    )
    return user, goal


async def checkpoint_of(repo: SqlRepository, goal: Goal) -> StreakState | None:
    found = await repo.get_goal_and_state(goal.user_id, goal.goal_id)
    assert found is not None
    return found[1]


async def recomputed(repo: SqlRepository, goal: Goal, through: date) -> StreakState:
    """The checkpoint as a full fold of the whole log would make it."""
    entries = await repo.list_entries(goal.user_id, goal.goal_id)
    return advance_goal(goal, StreakState(), fold_days(entries), through)


async def test_concurrent_wins_of_one_user_each_count_once(repo: SqlRepository) -> None:
    user, goal = await writer(repo, TODAY - timedelta(days=60))
    habits = HabitService(repo, FrozenClock(NOW))
    amounts = [110, 120, 130, 140, 150, 160]

    results = await asyncio.gather(
        *(habits.log_text(user, f"wrote {n} words") for n in amounts),
        habits.log(user, goal.goal_id, EntryStatus.DONE, Measure(170.0, "words")),
    )

    assert all(isinstance(result, Logged) for result in results)
    entries = await repo.list_entries(1, goal.goal_id, TODAY, TODAY)
    assert sorted(e.quantity or 0 for e in entries) == [*amounts, 170]
    today = fold_days(entries)[TODAY]
    assert today.quantity == sum(amounts) + 170
    assert await checkpoint_of(repo, goal) == await recomputed(
        repo, goal, TODAY - timedelta(days=WINDOW_DAYS)
    )


async def test_a_failure_between_the_entry_and_the_checkpoint_leaves_neither(
    repo: SqlRepository,
) -> None:
    user, goal = await writer(repo, TODAY - timedelta(days=60))

    class Failing(SqlRepository):
        async def save_goal_state(
            self, user_id: int, goal_id: int, state: StreakState | None, now: datetime
        ) -> None:
            raise RuntimeError("the process died between the entry and the checkpoint")

    failing = Failing(repo.engine)
    habits = HabitService(failing, FrozenClock(NOW))

    with pytest.raises(RuntimeError, match="died"):
        await habits.log(user, goal.goal_id, EntryStatus.DONE)

    assert await repo.list_entries(1, goal.goal_id) == []
    assert await checkpoint_of(repo, goal) is None
    # And the next try, on a healthy repository, counts the win once.
    logged = await HabitService(repo, FrozenClock(NOW)).log(user, goal.goal_id, EntryStatus.DONE)
    assert isinstance(logged, Logged)
    assert len(await repo.list_entries(1, goal.goal_id)) == 1


@pytest.mark.exhaustive
async def test_a_goal_older_than_any_window_counts_its_whole_log(repo: SqlRepository) -> None:
    start = TODAY - timedelta(days=3 * 365)
    user, goal = await writer(repo, start)
    day = start
    while day < TODAY:
        if day.day != 13:  # one missed day a month
            await repo.append_entry(NewEntry(goal.goal_id, 1, day, EntryStatus.DONE), NOW)
        day += timedelta(days=1)

    logged = await HabitService(repo, FrozenClock(NOW)).log(user, goal.goal_id, EntryStatus.DONE)

    assert isinstance(logged, Logged)
    whole = summarize(
        fold_days(await repo.list_entries(1, goal.goal_id)), start, TODAY, minimum=goal.mva_measure
    )
    assert logged.view.summary == whole
    assert whole.votes == (TODAY - start).days + 1 - 36
    assert await checkpoint_of(repo, goal) == await recomputed(
        repo, goal, TODAY - timedelta(days=WINDOW_DAYS)
    )


_STATUSES = st.sampled_from(
    [EntryStatus.DONE, EntryStatus.DONE, EntryStatus.MVA, EntryStatus.SKIP, EntryStatus.PAUSED]
)
_DAY = st.one_of(
    st.none(),  # a missed day: nothing logged
    st.tuples(_STATUSES, st.one_of(st.none(), st.floats(0, 900)), st.booleans()),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    # At least the window and a few days more, so the checkpoint always has days to fold.
    days=st.lists(_DAY, min_size=WINDOW_DAYS + 5, max_size=3 * 365),
    wins=st.lists(
        st.sampled_from(["done", "wrote 200 words", "undo", "did it yesterday"]), max_size=4
    ),
    gap=st.integers(0, 3),
)
async def test_the_kept_checkpoint_always_equals_a_full_recomputation(
    days: list[tuple[EntryStatus, float | None, bool] | None], wins: list[str], gap: int
) -> None:
    """Random logs of up to three years, then wins, undos and yesterdays through the service."""
    repo = open_sqlite(":memory:")
    try:
        start = TODAY - timedelta(days=len(days) + gap)
        user, goal = await writer(repo, start)
        for offset, kept in enumerate(days):
            if kept is None:
                continue
            status, quantity, undone = kept
            entry = await repo.append_entry(
                NewEntry(goal.goal_id, 1, start + timedelta(days=offset), status, quantity, WORDS),
                NOW,
            )
            if undone:
                await repo.undo_entry(1, entry.entry_id, NOW)
        clock = FrozenClock(NOW.replace(hour=9))  # 10:00 in Berlin: yesterday is still open
        habits = HabitService(repo, clock)
        for text in wins:
            with contextlib.suppress(Refused):  # an undo with nothing left to take back
                await habits.log_text(user, text)
            clock.advance(minutes=1)
        await habits.log(user, goal.goal_id, EntryStatus.MVA)

        entries = await repo.list_entries(1, goal.goal_id)
        kept_state = await checkpoint_of(repo, goal)
        horizon = TODAY - timedelta(days=WINDOW_DAYS)
        if start <= horizon:
            assert kept_state == advance_goal(goal, StreakState(), fold_days(entries), horizon)
        view = (await habits.today(user))[0]
        assert view.summary == summarize(fold_days(entries), start, TODAY, minimum=goal.mva_measure)
    finally:
        await repo.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    days=st.lists(_DAY, min_size=WINDOW_DAYS + 5, max_size=2 * 365),
    review_weekday=st.integers(0, 6),
    back=st.integers(1, 6),
)
async def test_a_past_days_ladder_from_todays_view_equals_the_one_read_from_the_log(
    days: list[tuple[EntryStatus, float | None, bool] | None], review_weekday: int, back: int
) -> None:
    """A month's review takes its ladder from the view it was prepared from when the view's
    checkpoint and days serve that day; it must be the ladder the whole log gives."""
    repo = open_sqlite(":memory:")
    try:
        start = TODAY - timedelta(days=len(days))
        user, goal = await writer(repo, start)
        user = await repo.save_user(dataclasses.replace(user, review_weekday=review_weekday))
        for offset, kept in enumerate(days):
            if kept is not None:
                status, quantity, undone = kept
                entry = await repo.append_entry(
                    NewEntry(goal.goal_id, 1, start + timedelta(days=offset), status, quantity),
                    NOW,
                )
                if undone:
                    await repo.undo_entry(1, entry.entry_id, NOW)
        habits = HabitService(repo, FrozenClock(NOW))
        await habits.log(user, goal.goal_id, EntryStatus.DONE)  # keeps a checkpoint
        [view] = await habits.today(user)
        day = TODAY - timedelta(days=back)

        assert view.log is not None
        served = view.log.ladder_at(day, review_weekday)
        whole = RecentLog(
            view.goal,
            StreakState(),
            tuple(await repo.list_entries(1, goal.goal_id, None, day)),
            view.levels,
        ).ladder(day, review_weekday)

        assert served is not None  # a checkpoint a window back serves the last week's days
        assert served == whole
        assert await habits.ladder_on(view, user, day) == whole
    finally:
        await repo.close()
