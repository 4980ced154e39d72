"""Five steady weeks with Small Wins: every promised beat, once, in its place (docs/product.md
rules 6, 9, 12, 13, 14 and 15).

Ada plans a novel on a Sunday evening, starting Monday, and then writes every single day for
35 days. Most mornings she taps Done on the nudge; on Wednesdays she writes before the nudge
(and gets no morning card); on Thursdays she logs in the evening, on the reminder. On her second
day she adds a milestone, "Outline the plot by Friday". The scheduler runs at each of her local
slots (the morning nudge, the weekly review, a fresh-start eve, the evening reminder) with the
clock pinned, as its jobs would.

What she must see: the belief forming, in her own words, once; the milestone the evening before
and on the day, in the messages and in /today, and a word when she ticks it; each week's target
celebrated once, by the win that reaches it; and, being steady, never a pointer to /comeback.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from fake_telegram import FakeTelegram, FakeUser, MessageView
from tests.bot.journeys import set_up
from tests.bot.scheduling import MONDAY, Step, local
from tests.support import FrozenClock

DAYS = 35
PLOT = "Outline the plot"
WEEK_REACHED = re.compile(r"This week's target reached: ([\d,]+)/([\d,]+) words!")

pytestmark = pytest.mark.scheduler_by_hand


async def plan_a_novel_from_monday(ada: FakeUser) -> None:
    await ada.send("/plan")
    await ada.send("write a novel")
    await ada.send("40,000 words of my first draft")
    await ada.press("👍 13,300 words")
    await ada.press("👍 3,300 words")
    await ada.press("👍 write 480 words")
    await ada.press("👍 write 50 words")
    await ada.press("👍 I am a writer")
    await ada.press("Monday · Mon 23 Nov")
    done = await ada.press("✅ Looks good — let's go")
    assert "You're in" in done.texts[-1]


async def add_milestone(ada: FakeUser, title: str) -> str:
    await ada.send("/goals")
    await ada.press("1. write a novel")
    await ada.press("🏁 Milestones")
    await ada.press("➕ Add milestone")
    return (await ada.send(title)).text


def number(text: str) -> int:
    return int(text.replace(",", ""))


async def test_five_steady_weeks_bring_every_beat_once(
    fake: FakeTelegram, step: Step, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await plan_a_novel_from_monday(ada)

    wins: dict[date, str] = {}  # the reply to each day's win
    mornings: dict[date, list[MessageView]] = {}  # what each morning's slot brought
    todays: dict[date, str] = {}  # /today, when she looked
    evening_of_the_eve: MessageView | None = None
    milestone_card: MessageView | None = None
    tick_word = ""

    async def run_at(day: date, hour: int, minute: int = 0) -> list[MessageView]:
        before = len(ada.messages)
        await step.at(local(day, hour, minute))
        return [m for m in ada.messages[before:] if m.from_bot]

    for n in range(DAYS):
        day = MONDAY + timedelta(days=n)
        early, late = day.weekday() == 2, day.weekday() == 3  # Wednesday, Thursday
        if early:  # she writes before the nudge
            clock.set(local(day, 6, 30))
            wins[day] = (await ada.send("wrote 520 words")).text
        mornings[day] = await run_at(day, 7, 30)
        if n == 1:  # Tuesday: the milestone, its deadline typed in its title
            clock.set(local(day, 7, 45))
            added = await add_milestone(ada, f"{PLOT} by Friday")
            assert "due Fri 27 Nov" in added
        if day in (date(2026, 11, 26), date(2026, 11, 27)):  # the milestone's eve and day
            clock.set(local(day, 7, 50))
            todays[day] = (await ada.send("/today")).text
        if not early and not late:  # on the nudge, after breakfast
            card = next(m for m in mornings[day] if "✅ Done" in m.button_labels)
            clock.set(local(day, 8, 0))
            if any(label.startswith(f"🏁 {PLOT}") for label in card.button_labels):
                milestone_card = card
                ticked = await ada.press(f"🏁 {PLOT} — done", message=card)
                tick_word = ticked.texts[0]
            wins[day] = (await ada.press("✅ Done", message=card)).edited[0].text
        for hour in (18, 19):  # the weekly review, a fresh-start eve
            await run_at(day, hour)
        evening = await run_at(day, 20)
        if late:  # on the evening reminder
            reminder = next(m for m in evening if "✅ Done" in m.button_labels)
            if PLOT in reminder.text:
                evening_of_the_eve = reminder
            clock.set(local(day, 21, 0))
            wins[day] = (await ada.press("✅ Done", message=reminder)).edited[0].text
        else:
            assert evening == [], evening  # the day is kept: nothing to protect tonight

    last_day = MONDAY + timedelta(days=DAYS - 1)
    assert "Streak 35 · best 35" in wins[last_day]

    # The identity beat: once, in her own words, the day after her first full week.
    forming = [day for day, text in wins.items() if "The belief is forming" in text]
    assert forming == [MONDAY + timedelta(days=7)]
    assert "8 days of proof for “I am a writer”" in wins[forming[0]]

    # The milestone: the evening before and on the day, in the messages and in /today.
    thursday, friday = date(2026, 11, 26), date(2026, 11, 27)
    assert evening_of_the_eve is not None
    assert f"🏁 Tomorrow: {PLOT} is due." in evening_of_the_eve.text
    assert f"🏁 Tomorrow: {PLOT} is due." in todays[thursday]
    assert milestone_card is not None
    assert milestone_card.text.startswith("☀️")
    assert f"🏁 Due today: {PLOT}" in milestone_card.text
    assert f"🏁 Due today: {PLOT}" in todays[friday]
    assert PLOT in tick_word
    assert "Right on the day you set" in tick_word
    mentions = [m for m in ada.messages if m.from_bot and PLOT in m.text]
    assert all(m.date >= local(date(2026, 11, 24), 7) for m in mentions)

    # Wednesdays: the day was kept before 7:30, so no morning card came.
    for day, brought in mornings.items():
        if day.weekday() == 2:
            assert brought == [], brought
        else:
            assert [m.text[:2] for m in brought if "✅ Done" in m.button_labels] == ["☀️"]

    # Each plan week's target is celebrated once, by the win that reaches it.
    for week in range(DAYS // 7):
        days = [MONDAY + timedelta(days=7 * week + d) for d in range(7)]
        said = [(day, WEEK_REACHED.search(wins[day])) for day in days]
        celebrated = [(day, found) for day, found in said if found is not None]
        assert len(celebrated) == 1, (week, said)
        [(_, found)] = celebrated
        assert number(found.group(1)) >= number(found.group(2))

    # A steady user is never pointed to a comeback.
    for message in ada.messages:
        assert "/comeback" not in message.text, message.text
