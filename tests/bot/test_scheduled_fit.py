"""Scheduled messages fit the user's situation (docs/product.md rules 9–11, 13 and 15).

The commitment confirms the target in force that day; the eve of a plan's day one says so; a
steady user is never pointed to /comeback; a day already kept gets no morning card; and a steady
user never reads the same sentence twice within a week. The bot runs without its own jobs: each
test moves the pinned clock and runs one scheduler step, as the jobs would at that moment.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from bot.coach.models import DeliveryStatus
from fake_telegram import FakeTelegram
from storage.base import Repository
from tests.bot.scheduling import (
    MONDAY,
    SUNDAY,
    Step,
    add_goal,
    deliveries_of,
    enrol,
    keep,
    local,
    of_kind,
    seen,
    stored,
)
from tests.support import FrozenClock

pytestmark = pytest.mark.scheduler_by_hand


# --- 1. the commitment confirms the target in force that day ------------------------------------


async def test_the_fresh_start_commitment_confirms_the_comeback_step_not_the_full_size(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY - timedelta(days=7))  # never kept
    started = await step.services.comeback.start(await stored(db, 1001), goal.goal_id)
    assert "write 50 words" in str(started)
    await keep(db, goal, SUNDAY, now=clock())  # the first day at the minimum
    clock.set(local(MONDAY, 7, 0))
    await seen(step.services, ada)
    await step.at(local(MONDAY, 7, 30))  # Monday: a fresh start (a new week)

    nudge = ada.last_message
    commit = next(label for label in nudge.button_labels if label.startswith("🤝 I'm in"))
    assert commit.startswith("🤝 I'm in: write 50 words")
    reaction = await ada.press(commit, message=nudge)

    confirmed = reaction.texts[-1]
    assert "Committed" in confirmed
    assert "From today: write 50 words" in confirmed
    assert "480" not in confirmed


# --- 2. the eve of the plan's own day one --------------------------------------------------------


async def test_the_eve_of_a_plans_first_day_says_tomorrow_is_day_one_and_what_to_do(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    next_sunday = SUNDAY + timedelta(weeks=1)
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=next_sunday + timedelta(days=1))  # starts Monday
    clock.set(local(next_sunday, 9, 0))
    await seen(step.services, ada)

    report = await step.at(local(next_sunday, 19, 0))

    assert report.sent == 1
    eve = ada.last_message.text
    assert "Tomorrow is day one" in eve
    assert "Write a novel" in eve
    assert "write 480 words" in eve
    assert "/plan" not in eve  # the plan is made: no invitation to make one
    assert "/comeback" not in eve


# --- 3. a steady user is never pointed to /comeback ---------------------------------------------


async def test_a_steady_user_is_never_pointed_to_comeback(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    start = SUNDAY - timedelta(days=22)  # by 1 December a 31-day streak, never a miss
    first_of_december = date(2026, 12, 1)
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=start)
    next_sunday = SUNDAY + timedelta(weeks=1)
    await keep(db, goal, *days_from(start, next_sunday), now=clock())

    # A week without a word to the bot (wins logged elsewhere): the gentle message.
    gentle = await step.at(local(next_sunday, 7, 30))
    await keep(db, goal, next_sunday, now=clock())
    clock.set(local(next_sunday + timedelta(days=1), 9, 0))
    await seen(step.services, ada)
    # The eve of 1 December (a new month: steady users get this one), then its morning.
    eve = await step.at(local(next_sunday + timedelta(days=1), 19, 0))
    await keep(db, goal, next_sunday + timedelta(days=1), now=clock())
    morning = await step.at(local(first_of_december, 7, 30))
    evening = await step.at(local(first_of_december, 20, 0))

    assert [r.sent for r in (gentle, eve, morning, evening)] == [1, 1, 1, 1]
    assert "31" in ada.last_message.text  # the evening reminder speaks to the streak
    for message in ada.messages:
        assert "/comeback" not in message.text, message.text


def days_from(first: date, before: date) -> list[date]:
    """Every date from ``first`` up to the day before ``before``."""
    return [first + timedelta(days=n) for n in range((before - first).days)]


# --- 4. no morning card for a day already kept ---------------------------------------------------

MORNING = "morning_nudge"
ALREADY_KEPT = "every goal already kept today"


@pytest.mark.parametrize("when", ["before-the-tick", "between-tick-and-send"])
async def test_no_morning_card_for_a_day_already_kept(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock, when: str
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await keep(db, goal, SUNDAY, now=clock())
    clock.set(local(MONDAY, 6, 15))
    await seen(step.services, ada)  # an early riser logs before the nudge
    if when == "before-the-tick":
        await keep(db, goal, MONDAY, now=clock())
        report = await step.at(local(MONDAY, 7, 30))
    else:
        clock.set(local(MONDAY, 7, 30))
        await step.services.scheduler.tick()
        await keep(db, goal, MONDAY, now=clock())  # the win lands before the send
        report = await step.sender.drain()

    assert (report.sent, report.skipped, report.reasons) == (0, 1, {ALREADY_KEPT: 1})
    assert ada.messages == []
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert (row.status, row.last_error) == (DeliveryStatus.SKIPPED, ALREADY_KEPT)


async def test_the_morning_brings_only_the_goals_still_open(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    novel = await add_goal(db, 1001, clock(), start=SUNDAY)
    await add_goal(db, 1001, clock(), start=SUNDAY, vision="Run a 10k")
    await keep(db, novel, MONDAY, now=clock())

    report = await step.at(local(MONDAY, 7, 30))

    assert report.sent == 1
    [card] = ada.messages
    assert "Run a 10k" in card.text
    assert "Write a novel" not in card.text


# --- 5. a steady user never reads the same sentence twice in a week -----------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str, own: tuple[str, ...]) -> list[str]:
    """A message's sentences, with the user's own goal text taken out.

    Lines without a letter (the chain of squares, an emoji) are pictures, not sentences.
    """
    for words in sorted(own, key=len, reverse=True):
        text = text.replace(words, "…")
    found = (" ".join(part.split()) for part in _SENTENCE_END.split(text))
    return [part for part in found if any(ch.isalpha() for ch in part.replace("…", ""))]


async def test_a_steady_user_reads_no_sentence_twice_within_a_week(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    start = SUNDAY - timedelta(days=20)
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=start)
    await keep(db, goal, *days_from(start, MONDAY), now=clock())
    own = tuple(text for text in (goal.vision, goal.daily, goal.mva) if text)

    received: list[tuple[date, str]] = []  # each scheduled message as it arrived

    async def run_until(moment: datetime) -> None:
        before = len(ada.messages)
        await step.at(moment)
        received.extend((day, m.text) for m in ada.messages[before:])

    for offset in range(14):  # Monday 23 November to Sunday 6 December
        day = MONDAY + timedelta(days=offset)
        clock.set(local(day, 7, 0))
        await seen(step.services, ada)
        await run_until(local(day, 7, 30))
        if offset % 3 != 2:  # most days in the morning, on the nudge
            # The card, not a message after it (the month's review comes on day 29).
            nudge = next(m for m in reversed(ada.messages) if "✅ Done" in m.button_labels)
            clock.set(local(day, 8, 0))
            await ada.press("✅ Done", message=nudge)
        for hour in (18, 19, 20):  # the weekly review, a fresh-start eve, the reminder
            await run_until(local(day, hour, 0))
        if offset % 3 == 2:  # else late, on the evening reminder
            clock.set(local(day, 21, 0))
            await ada.press("✅ Done", message=ada.last_message)
        assert (await step.services.habits.today(await stored(db, 1001)))[0].summary.kept_today

    kinds = {text.split()[0] for _, text in received}
    assert {"☀️", "🌙", "📅", "✨"} <= kinds  # morning, evening, review and eve all came
    # Every morning and every late evening had its message: a skipped one would leave days
    # unchecked and the rotation untested.
    fortnight = [MONDAY + timedelta(days=n) for n in range(14)]
    assert [day for day, text in received if text.startswith("☀️")] == fortnight
    late = [day for n, day in enumerate(fortnight) if n % 3 == 2]
    assert [day for day, text in received if text.startswith("🌙")] == late
    seen_on: dict[str, date] = {}
    for day, text in received:
        for sentence in sentences(text, own):
            last = seen_on.get(sentence)
            assert last is None or (day - last).days >= 7, (sentence, last, day)
            seen_on[sentence] = day
