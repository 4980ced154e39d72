"""Thirty-five days in which the levels always add up (docs/product.md rules 1, 8, 13 and 14).

Ada plans a novel starting on Monday, keeps twelve days, misses two, comes back at her minimum,
steps up day by day to full size again, and keeps on. Every day, what /today, /progress and /week
show must add up: the week's and the plan month's targets are the levels in force on their days
(a comeback step's own week, the plan's 3,300 at full size), what is done is what she logged,
and /week and /progress agree. Seen before: "50/1,900 words this week · 3,710/13,300 words this
month" at 50 words a day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from bot.coach.breakdown import round_level
from fake_telegram import FakeTelegram, FakeUser
from tests.bot.daily import TODAY, at
from tests.bot.journeys import press_data, set_up
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")

START = TODAY + timedelta(days=1)  # Monday 23 November
DAYS = 35
MISSED = {12, 13}  # days 13 and 14
PLAN_DAY, PLAN_WEEK, PLAN_MONTH = 480, 3_300, 13_300

_TODAY = re.compile(r"Today: write ([\d,]+) words")
_WEEK = re.compile(r"📅 This week \([^)]*\): (\d+)/(\d+) days · ([\d,]+)/([\d,]+) words")
_MONTH = re.compile(r"🗓 Plan month (\d+) \([^)]*\): (\d+)/(\d+) days · ([\d,]+)/([\d,]+) words")
_REVIEW = re.compile(r"📈 ([\d,]+)/([\d,]+) words this week")


def number(text: str) -> int:
    return int(text.replace(",", ""))


def found(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    match = pattern.search(text)
    assert match is not None, f"{pattern.pattern!r} not in {text!r}"
    return match.groups()


def week_of(daily: int) -> float:
    """The week in force with a day's size: the plan's at full size, else seven such days."""
    return PLAN_WEEK if daily == PLAN_DAY else round_level(daily * 7, "words").quantity


def month_of(daily: int) -> float:
    """The plan month in force with it: the plan's, else four such weeks."""
    return PLAN_MONTH if daily == PLAN_DAY else round_level(week_of(daily) * 4, "words").quantity


def period_target(
    first: date, length: int, today: date, daily_on: dict[date, int], level: object
) -> float:
    """A period's target by hand: each plan day's share of the level in force that day."""
    shares = []
    for offset in range(length):
        day = first + timedelta(days=offset)
        if day < START:
            continue
        size = daily_on.get(day, daily_on[today])  # days ahead keep today's size
        shares.append(week_of(size) / 7 if level == "week" else month_of(size) / 28)
    whole = [share * (7 if level == "week" else 28) for share in shares]
    if len(shares) == length and len(set(whole)) == 1:
        return whole[0]
    return round_level(sum(shares), "words").quantity


async def plan_a_novel_from_monday(ada: FakeUser) -> None:
    await ada.send("/plan")
    await ada.send("write a novel")
    await ada.send("40,000 words of my first draft")
    for label in ("👍 13,300 words", "👍 3,300 words", "👍 write 480 words", "👍 write 50 words"):
        await ada.press(label)
    await ada.press("Skip")
    await ada.press("Monday · Mon 23 Nov")
    done = await ada.press("✅ Looks good — let's go")
    assert "You're in" in done.texts[-1]


async def test_thirty_five_days_in_which_the_levels_always_add_up(
    fake: FakeTelegram, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_a_novel_from_monday(ada)
    goal_id = 1

    daily_on: dict[date, int] = {}  # the size in force at the end of each day
    logged: dict[date, int] = {}  # what each kept day added
    comeback_day = stepped_up = None
    for offset in range(DAYS):
        day = START + timedelta(days=offset)
        at(clock, day, 9)
        morning = await ada.send("/today")
        size = number(found(_TODAY, morning.text)[0])
        if offset in MISSED:
            daily_on[day] = size
            continue
        if comeback_day is None and offset == max(MISSED) + 1:
            assert "/comeback" in morning.text  # after two misses, the way back
            await ada.send("/comeback")
            started = await ada.press("🪶 Start with write 50 words")
            assert "From today: write 50 words (step 1 of 8)" in started.texts[-1]
            comeback_day, size = day, 50
        await ada.send("done")
        logged[day] = size
        ramp = comeback_day is not None and size < PLAN_DAY
        if ramp and day >= (comeback_day or day) + timedelta(days=6):
            moved = await press_data(ada, f"cm:up:{goal_id}")  # one step a day from day 21
            stepped_up = stepped_up or day
            assert "step" in moved.texts[-1] or "Full size again" in moved.texts[-1]
            size = number(found(_TODAY, (await ada.send("/today")).text)[0])
        daily_on[day] = size

        # What /progress shows adds up, level by level.
        progress = (await ada.send("/progress")).text
        kept_week, days_week, done_week, target_week = found(_WEEK, progress)
        month, kept_month, days_month, done_month, target_month = found(_MONTH, progress)
        monday = day - timedelta(days=day.weekday())
        week_days = [d for d in logged if monday <= d <= day]
        assert number(done_week) == sum(logged[d] for d in week_days), (day, progress)
        assert number(kept_week) == len(week_days)
        assert number(days_week) == (day - max(monday, START)).days + 1
        assert number(target_week) == period_target(monday, 7, day, daily_on, "week"), (
            day,
            progress,
        )
        month_start = START + timedelta(days=28 * (number(month) - 1))
        assert number(month) == offset // 28 + 1
        month_logged = [d for d in logged if month_start <= d <= day]
        assert number(done_month) == sum(logged[d] for d in month_logged), (day, progress)
        assert number(kept_month) == len(month_logged)
        assert number(days_month) == (day - month_start).days + 1
        assert number(target_month) == period_target(month_start, 28, day, daily_on, "month"), (
            day,
            progress,
        )

        # /week shows the same week, the same numbers.
        review = await ada.send("/week")
        assert found(_REVIEW, review.text) == (done_week, target_week), (day, review.text)

    # The story it told: the comeback at the minimum shrank the week to 350 words, the steps
    # grew it back, and the last weeks are the plan's own again.
    assert comeback_day == START + timedelta(days=14)
    assert stepped_up == START + timedelta(days=20)
    assert daily_on[comeback_day] == 50
    assert daily_on[START + timedelta(days=DAYS - 1)] == PLAN_DAY
    sunday_of_comeback_week = comeback_day + timedelta(days=6)
    assert period_target(comeback_day, 7, sunday_of_comeback_week, daily_on, "week") < 1_000
