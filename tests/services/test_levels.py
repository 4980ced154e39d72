"""The levels add up after any sequence of changes, through the real use cases (rule 14).

Hypothesis drives a writer's plan through weekly proposals accepted, comeback steps up and
down, the week-4 scale-up, edits through /plan and re-plans of the outcome, days apart, and
after every change checks what the bot would show: on every day the month, week and day in
force follow from the level that changed by planning's arithmetic; this week (the user's,
Monday to Sunday) keeps its target when next week's is accepted; and the week's and month's
targets on the ladder add up the levels in force on their days.
"""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.coach.breakdown import break_down, round_level
from bot.coach.comeback import scaled_up
from bot.coach.levels import Sizes
from bot.coach.models import Goal, GoalStatus, Measure, NewGoal, TargetLevel, User, UserProfile
from bot.coach.progress.periods import MONTH_DAYS, WEEK_DAYS, plan_period, review_week
from bot.services.comeback import ComebackService, RampMoved
from bot.services.goal_day import target_on
from bot.services.habit_results import Refused
from bot.services.habits import HabitService
from bot.services.planning import GoalMissing, PlanningService
from bot.services.questions import Asked, Question
from bot.services.replan import ReplanRefused, ReplanService
from storage.open import open_sqlite
from storage.sql import SqlRepository
from tests.support import FrozenClock

TODAY = date(2026, 11, 22)
START = TODAY - timedelta(days=20)
MORNING = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
OUTCOME_PLAN = Sizes(Measure(13_300, "words"), Measure(3_300, "words"), Measure(480, "words"))


async def writer(repo: SqlRepository) -> tuple[User, Goal]:
    """40,000 words in 12 weeks, planned by proposals, started 20 days ago."""
    user, _ = await repo.upsert_user(UserProfile(1, 1, "Ada"), MORNING)
    user = await repo.save_user(
        dataclasses.replace(user, timezone="Europe/Berlin", nudge_time=time(7, 30))
    )
    goal = await repo.create_goal(NewGoal(1, "Write a novel", GoalStatus.ACTIVE), MORNING)
    goal = await repo.save_goal(
        dataclasses.replace(
            goal,
            outcome="40,000 words",
            outcome_measure=Measure(40_000, "words"),
            outcome_due=START + timedelta(weeks=12),
            monthly="13,300 words",
            monthly_measure=OUTCOME_PLAN.monthly,
            weekly="3,300 words",
            weekly_measure=OUTCOME_PLAN.weekly,
            daily="write 480 words",
            daily_measure=OUTCOME_PLAN.daily,
            mva="write 50 words",
            mva_measure=Measure(50, "words"),
            start_date=START,
        )
    )
    return user, goal


def adds_up(sizes: Sizes) -> bool:
    """The triple follows one of its levels by planning's arithmetic (or is the first plan)."""
    month, week, day = sizes.monthly, sizes.weekly, sizes.daily
    if sizes == OUTCOME_PLAN:
        return True
    if month is None or week is None or day is None:
        return False
    from_day = Sizes(
        round_level(round_level(day.quantity * 7, "words").quantity * 4, "words"),
        round_level(day.quantity * 7, "words"),
        day,
    )
    from_week = Sizes(
        round_level(week.quantity * 4, "words"), week, break_down(week, weeks=1).daily
    )
    weekly_of_month = break_down(month, weeks=4).weekly
    from_month = Sizes(month, weekly_of_month, break_down(weekly_of_month, weeks=1).daily)
    return sizes in (from_day, from_week, from_month)


def period_oracle(
    goal: Goal, levels: list[TargetLevel], first: date, last: date, length: int
) -> float:
    """A period's target by hand: each day's share of the level in force that day."""
    total, shares, seen = 0.0, 0, set()
    day = max(first, START)
    while day <= last:
        sizes = target_on(goal, levels, day).sizes
        level = sizes.weekly if length == WEEK_DAYS else sizes.monthly
        assert level is not None
        total += level.quantity / length
        seen.add(level)
        shares += 1
        day += timedelta(days=1)
    if shares == length and len(seen) == 1:
        return seen.pop().quantity
    return round_level(total, "words").quantity


_CHANGES = st.one_of(
    st.tuples(st.just("wait"), st.integers(1, 4)),
    st.tuples(st.sampled_from(["comeback", "up", "down", "hold", "grow"]), st.just(0)),
    st.tuples(st.just("weekly"), st.sampled_from([80, 90, 110, 120])),
    st.tuples(st.sampled_from(["edit_m", "edit_w", "edit_d"]), st.sampled_from([70, 90, 125])),
    st.tuples(st.sampled_from(["resize", "move"]), st.sampled_from([60, 80, 95])),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(changes=st.lists(_CHANGES, min_size=1, max_size=14))
@example(
    changes=[
        ("resize", 60),
        ("resize", 60),
        ("move", 60),
        ("weekly", 80),
        ("edit_m", 70),
        ("edit_m", 70),
        ("comeback", 0),
    ]
)
@pytest.mark.exhaustive
async def test_after_any_changes_the_levels_follow_the_one_that_changed(
    changes: list[tuple[str, int]],
) -> None:
    repo = open_sqlite(":memory:")
    try:
        user, goal = await writer(repo)
        clock = FrozenClock(MORNING)
        habits = HabitService(repo, clock)
        comeback = ComebackService(repo, clock, habits)
        planning = PlanningService(repo, clock)
        replan = ReplanService(repo, clock, habits)
        for change, amount in changes:
            today = habits.day(user)
            before = await repo.list_target_levels(1, goal.goal_id)
            before_today = target_on(goal, before, today)
            expected_today: Measure | None = None
            accepted: Measure | None = None
            if change == "wait":
                clock.advance(days=amount)
                continue
            if change == "comeback":
                started = await comeback.start(user, goal.goal_id)
                assert isinstance(started, RampMoved)
                # A new lapse mid-ramp goes on from the step reached; else from the minimum.
                ramp = before_today.ramp
                climbing = ramp is not None and ramp[0] < ramp[1]
                # The ramp starts at the minimum, or at the action itself once edits made the
                # action no bigger than the minimum (comeback.ramp_steps).
                mva, daily = goal.mva_measure, goal.daily_measure
                smallest = daily if mva and daily and mva.quantity >= daily.quantity else mva
                expected_today = before_today.measure if climbing else smallest
            elif change in ("up", "down", "hold"):
                with contextlib.suppress(Refused):  # not on a ramp, or stepped today already
                    await comeback.move(user, goal.goal_id, change)
            elif change == "grow":
                with contextlib.suppress(Refused):  # on a ramp, or grown today already
                    await comeback.grow(user, goal.goal_id)
                    assert goal.daily_measure is not None
                    expected_today = scaled_up(goal.daily_measure)
            elif change == "weekly":
                assert goal.weekly_measure is not None
                wanted = round_level(goal.weekly_measure.quantity * amount / 100, "words")
                try:
                    await planning.set_weekly(user, goal.goal_id, wanted.quantity)
                    accepted = wanted
                except GoalMissing:
                    assert before_today.level is not None  # refused only while climbing back
            elif change in ("resize", "move"):
                assert goal.outcome_measure is not None
                assert goal.outcome_due is not None
                try:
                    if change == "resize":
                        smaller = goal.outcome_measure.quantity * amount / 100
                        await replan.resize(user, goal.goal_id, smaller)
                    else:
                        later = goal.outcome_due + timedelta(days=amount)
                        await replan.move_date(user, goal.goal_id, later)
                except ReplanRefused:
                    pass  # less than is done already
            else:
                step = {"edit_m": Question.PLAN_MONTHLY, "edit_w": Question.PLAN_WEEKLY}.get(
                    change, Question.PLAN_DAILY
                )
                current = {
                    Question.PLAN_MONTHLY: goal.monthly_measure,
                    Question.PLAN_WEEKLY: goal.weekly_measure,
                    Question.PLAN_DAILY: goal.daily_measure,
                }[step]
                assert current is not None
                typed = round_level(current.quantity * amount / 100, "words")
                await planning.answer(
                    user, Asked(step, goal.goal_id), f"{typed.quantity:.0f} words"
                )
            stored = await repo.get_goal(1, goal.goal_id)
            assert stored is not None
            goal = stored
            levels = await repo.list_target_levels(1, goal.goal_id)

            # The plan itself adds up, and so do the levels in force on every day.
            assert adds_up(Sizes.of_plan(goal)), Sizes.of_plan(goal)
            for offset in range((today - START).days + 15):
                day = START + timedelta(days=offset)
                assert adds_up(target_on(goal, levels, day).sizes), (day, change)
            now_today = target_on(goal, levels, today)
            if expected_today is not None:
                assert now_today.sizes.daily == expected_today
            if accepted is not None:
                # This week keeps its target; next week's is the one accepted.
                assert now_today.sizes == before_today.sizes
                _, week_end = review_week(today, user.review_weekday)
                next_week = target_on(goal, levels, week_end + timedelta(days=1)).sizes
                assert next_week.weekly == accepted

            # The ladder's targets add up the days of the week and the month.
            _, ladder, _ = await habits.progress(user, goal)
            assert ladder is not None
            assert ladder.week is not None
            assert ladder.month is not None
            week = review_week(today, user.review_weekday)
            month = plan_period(START, today, MONTH_DAYS)
            assert ladder.week.target.quantity == period_oracle(
                goal, levels, week[0], week[1], WEEK_DAYS
            )
            assert ladder.month.target.quantity == period_oracle(
                goal, levels, month[1], month[2], MONTH_DAYS
            )
    finally:
        await repo.close()
