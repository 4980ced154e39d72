"""Thirty days with Small Wins, one pinned day at a time (docs/product.md rules 4, 5, 8, 9, 11).

Ada plans a novel through /plan starting today, logs twelve wins in every way the bot offers,
misses two days, takes the comeback offer at her minimum, keeps it for a week, and climbs back
to her full daily action. What she sees at the key moments, and the history the bot stored,
are checked along the way.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.coach.models import EntryStatus, GoalStatus, LevelKind, Measure
from fake_telegram import FakeTelegram, FakeUser, Reaction
from storage.base import Repository
from tests.bot.daily import PNG_SIGNATURE, TODAY, chain_of, entries_of, levels_of, next_day
from tests.bot.journeys import press_data, set_up
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


async def plan_a_novel_from_today(ada: FakeUser) -> None:
    await ada.send("/plan")
    await ada.send("write a novel")
    await ada.send("40,000 words of my first draft")
    await ada.press("👍 13,300 words")
    await ada.press("👍 3,300 words")
    await ada.press("👍 write 480 words")
    await ada.press("👍 write 50 words")
    await ada.press("👍 I am a writer")
    await ada.press("Today · Sun 22 Nov")
    done = await ada.press("✅ Looks good — let's go")
    assert "You're in" in done.texts[-1]


async def tap_done_on_today(ada: FakeUser) -> str:
    await ada.send("/today")
    return (await ada.press("✅ Done")).edited[0].text


async def test_thirty_days_with_a_lapse_a_comeback_and_the_ramp_back(
    fake: FakeTelegram, db: Repository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_a_novel_from_today(ada)
    [goal] = await db.list_goals(1001)
    assert (goal.status, goal.start_date) == (GoalStatus.ACTIVE, TODAY)
    identity_vote = "for “I am a writer”"

    # Days 1–12: twelve wins, logged every way there is.
    first = await tap_done_on_today(ada)
    assert "✅ Done: write 480 words for write a novel!" in first
    assert f"🪪 Vote 1 {identity_vote}" in first
    next_day(clock)
    assert "Streak 2" in (await ada.send("/done")).text
    next_day(clock)
    assert "✅ 500 words logged" in (await ada.send("wrote 500 words")).text
    next_day(clock)
    await ada.send("/today")
    minimum = await ada.press("🪶 Did the minimum")
    assert "The minimum counts — day kept" in minimum.edited[0].text
    next_day(clock)
    await ada.send("did it")
    next_day(clock)
    await ada.send("✅")
    next_day(clock)
    seventh: Reaction = await ada.send("wrote 480 words")
    (celebration,) = seventh.sent
    assert "🏅 A full week in a row!" in celebration.text
    assert chain_of(celebration) == "🟩🟩🟩🟨🟩🟩🟩"
    assert "Streak 7 · best 7" in celebration.text
    assert f"Vote 7 {identity_vote}" in celebration.text
    # The 1% curve with the user on it, one tap away, honest about the slow start.
    (curve,) = (await ada.press("📈 See it on the 1% curve")).sent
    assert curve.photo is not None
    assert curve.text.startswith("📈 7 days in a row. On the 1% curve, your 7 wins make 1.07×")
    for text in ("done", "/done", "wrote 480 words", "did it"):
        next_day(clock)
        logged = await ada.send(text)
    next_day(clock)
    twelfth = await tap_done_on_today(ada)
    assert "Streak 12 · best 12" in twelfth
    assert "A full week" not in logged.text  # celebrated once

    # Days 13 and 14 pass without a word; day 15 brings the comeback offer on /today.
    next_day(clock)
    one_miss = await ada.send("/today")
    assert "Yesterday slipped — an accident, not a pattern." not in one_miss.text  # day 13 open
    assert "Streak 12" in one_miss.text  # alive through the whole next day
    next_day(clock)
    after_one = await ada.send("/today")
    assert "Yesterday slipped — an accident, not a pattern." in after_one.text
    next_day(clock)
    day_15 = await ada.send("/today")
    assert chain_of(day_15.reply).endswith("🟩🟩⬜⬜▫️")
    assert "Streak 0 · best 12" in day_15.text
    assert "A couple of quiet days — /comeback makes restarting tiny." in day_15.text

    offer = await ada.send("/comeback")
    assert "For write a novel, start at the minimum: write 50 words." in offer.text
    assert "write 50 words → write 110 words → write 170 words" in offer.text
    started = await ada.press("🪶 Start with write 50 words")
    assert "From today: write 50 words (step 1 of 8)" in started.texts[-1]
    at_minimum = await ada.send("/today")
    assert "Today: write 50 words (step 1 of 8)" in at_minimum.text
    assert "/comeback" not in at_minimum.text

    # Days 15–21: seven kept days at the minimum, then a step up.
    await ada.press("✅ Done")
    for text in ("done", "wrote 50 words", "/done", "did it", "done"):
        next_day(clock)
        await ada.send(text)
    next_day(clock)
    day_21 = await ada.send("wrote 60 words")
    (celebration,) = day_21.sent
    assert "7 kept days at step 1 of 8. Ready to grow it a little?" in celebration.text
    # The week (Monday to Sunday, her review day) and the plan month follow the step: 7 × 50 =
    # 350 words a week; the month adds two weeks at full size and two at the minimum: 7,400 —
    # not the plan's 3,300 and 13,300.
    assert (
        "6/6 days this week · 310/350 words this week · 5,710/7,400 words in plan month 1"
        in celebration.text
    )
    assert "🏅 Back to a full week in a row!" in celebration.text  # a new run, a new week
    (curve,) = (await ada.press("📈 See it on the 1% curve")).sent
    assert "your 19 wins make 1.21×" in curve.text  # every win still counts on the curve
    up = await ada.press("⬆️ Step up")
    assert "write 110 words (step 2 of 8)" in up.texts[-1]

    # Days 22–27: Ada is keen and steps up after each day; day 27 is full size again.
    moves = []
    for _ in range(6):
        next_day(clock)
        await ada.send("done")
        moves.append((await press_data(ada, f"cm:up:{goal.goal_id}")).texts[-1])
    assert "170 words (step 3 of 8)" in moves[0]
    assert moves[-1] == "🏁 Full size again: write 480 words. What a comeback!"

    # Days 28–30 at full size; day 28 is two weeks in a row since the restart.
    next_day(clock)
    day_28 = await tap_done_on_today(ada)
    assert "✅ Done: write 480 words" in day_28
    assert "🏅 Two weeks straight!" in day_28
    for _ in range(2):
        next_day(clock)
        last = await ada.send("done")
    assert "Streak 16 · best 16" in last.text
    assert f"Vote 28 {identity_vote}" in last.text
    streak = await ada.send("/streak")
    assert streak.reply.photo is not None
    assert streak.reply.photo.startswith(PNG_SIGNATURE)
    assert "Streak 16 · best 16" in streak.text

    # The stored history: every day judged against the target in force that day.
    entries = await entries_of(db, goal)
    days = [e.local_date for e in entries]
    assert days == [TODAY + timedelta(days=n) for n in (*range(12), *range(14, 30))]
    statuses = [e.status for e in entries]
    assert statuses.count(EntryStatus.MVA) == 1
    assert statuses.count(EntryStatus.DONE) == 27
    words = [e.target.quantity if e.target else None for e in entries]
    assert words == [480] * 12 + [50] * 7 + [110, 170, 230, 290, 350, 410] + [480] * 3
    assert [e.quantity for e in entries][2] == 500
    levels = await levels_of(db, goal)
    assert [(lv.kind, lv.step) for lv in levels] == [
        (LevelKind.MVA, 1),
        *[(LevelKind.RAMP, step) for step in range(2, 8)],
        (LevelKind.FULL, 8),
    ]
    assert levels[0].effective_from == TODAY + timedelta(days=14)
    stored = await db.get_goal(1001, goal.goal_id)
    assert stored is not None
    assert stored.daily_measure == Measure(480, "words")  # the plan itself never shrank
