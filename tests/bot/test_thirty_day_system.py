"""The end of the 30-day system, delivered by the scheduler in the morning (rule 11).

After four weeks the bot reviews the plan month with the user's numbers and invites planning
the month ahead (week 5); a week before the 12-week date it invites the next cycle. Each comes
once, at the user's own morning time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.coach.models import EntryStatus, Goal, NewEntry
from fake_telegram import FakeTelegram
from storage.base import Repository
from tests.bot.daily import add_novel
from tests.bot.journeys import press_data
from tests.bot.scheduling import MONDAY, TUESDAY, Step, enrol, local
from tests.support import FrozenClock

pytestmark = pytest.mark.scheduler_by_hand


async def keep(db: Repository, goal: Goal, *days: date, now: datetime) -> None:
    """Done at full size on each day (the Done button stores the day's target)."""
    for day in days:
        entry = NewEntry(
            goal.goal_id, goal.user_id, day, EntryStatus.DONE, target=goal.daily_measure
        )
        await db.append_entry(entry, now)


async def test_after_four_weeks_the_month_is_reviewed_once_with_her_numbers(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    start = MONDAY - timedelta(days=28)  # Monday 26 October: plan month 1 ends on Sunday
    goal = await add_novel(db, now=clock(), start=start)
    kept = [start + timedelta(days=n) for n in range(28) if n not in (9, 10)]
    await keep(db, goal, *kept, now=clock())

    await step.at(local(MONDAY, 7, 30))  # day 29: the first morning of plan month 2

    review = next(m for m in ada.messages if "Plan month 1" in m.text)
    assert review.text.startswith(
        "🗓 Plan month 1 of Write a novel is done (Mon 26 Oct – Sun 22 Nov)"
    )
    # 26 kept days of 480 words against the month's 13,300.
    assert "✅ 26 of 28 days kept · 12,480/13,300 words (93%) · best run 17" in review.text
    assert "Most of the way there" in review.text
    assert "Plan month 2 starts now (week 5): <b>" not in review.text  # rendered, not raw HTML
    assert "Plan month 2 starts now (week 5): write 480 words a day, 3,300 words a week" in (
        review.text
    )
    assert review.button_labels == ["👍 Keep the plan", "✏️ Adjust the plan"]
    assert any("Today: write 480 words" in m.text for m in ada.messages)  # the card too

    count = len(ada.messages)
    await step.at(local(TUESDAY, 7, 30))  # day 30: still in the window, but said once
    assert not any("Plan month 1" in m.text for m in ada.messages[count:])

    kept_plan = await ada.press("👍 Keep the plan", message=review)
    assert "👍 The plan stays: 40,000 words of my first draft by" in kept_plan.texts[-1]
    adjust = await press_data(ada, f"plan:show:{goal.goal_id}")  # what "Adjust" carries
    assert "Your plan" in adjust.texts[-1]


async def test_days_on_a_break_are_told_apart_from_days_kept_in_the_month(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    start = MONDAY - timedelta(days=28)
    goal = await add_novel(db, now=clock(), start=start)
    days = [start + timedelta(days=n) for n in range(28)]
    await keep(db, goal, *days[:12], *days[20:], now=clock())  # 20 kept, 2 missed before it
    for day in days[14:20]:  # a six-day break in between, as the log records it
        await db.append_entry(NewEntry(goal.goal_id, 1001, day, EntryStatus.PAUSED), clock())

    await step.at(local(MONDAY, 7, 30))

    review = next(m for m in ada.messages if "Plan month 1" in m.text)
    assert "✅ 20 of 22 days kept · ⏸️ 6 days on a break · " in review.text  # not "26 of 28"
    assert "9,600/10,500 words (91%)" in review.text  # the break's days off the target too


async def test_a_month_with_no_kept_day_gets_no_review_of_its_zeros(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    """No "0 of 28 days kept · 0/13,300 words (0%)": the morning says what it says anyway."""
    ada = await enrol(fake, step.services, 1001)
    start = MONDAY - timedelta(days=28)
    await add_novel(db, now=clock(), start=start)

    await step.at(local(MONDAY, 7, 30))

    assert ada.messages  # the morning itself went
    assert not any("Plan month 1" in m.text for m in ada.messages)
    assert not any("0 of 28" in m.text for m in ada.messages)


async def test_a_week_before_the_12_week_date_the_next_cycle_is_invited(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    start = MONDAY - timedelta(days=77)  # the 12-week date is next Monday
    goal = await add_novel(db, now=clock(), start=start)
    await keep(db, goal, *(start + timedelta(days=n) for n in range(77)), now=clock())

    await step.at(local(MONDAY, 7, 30))

    invite = next(m for m in ada.messages if "🏁" in m.text)
    assert invite.text.startswith(
        "🏁 The last week of your 12 weeks for Write a novel: the date is Mon 30 Nov."
    )
    assert "So far: 36,960/40,000 words (92%)." in invite.text
    assert invite.button_labels == [
        "🗺 Next 12 weeks: another 40,000 words",
        "✏️ Plan them my way",
    ]

    next_cycle = await ada.press("🗺 Next 12 weeks: another 40,000 words", message=invite)

    assert next_cycle.texts[-1].startswith(
        "🗺 The next 12 weeks for Write a novel: 76,960 words of my first draft by Mon 22 Feb 2027. "
        "From today: write 430 words a day, 3,000 words a week, 12,000 words a plan month."
    )
    stored = await db.get_goal(1001, goal.goal_id)
    assert stored is not None
    assert stored.outcome_due == start + timedelta(weeks=24)
    # Another 40,000 words over the 92 days to the new date: 3,043 ≈ 3,000 a week.
    assert stored.weekly_measure is not None
    assert stored.weekly_measure.quantity == 3_000
    count = len(ada.messages)
    await step.at(local(TUESDAY, 7, 30))
    assert not any("🏁" in m.text for m in ada.messages[count:])  # invited once
