"""The scheduler through the real Application and fake Telegram (docs/product.md rules 9, 10, 13).

Scheduled messages go out at the user's local minute, never twice: the morning nudge, the evening
reminder, the weekly review and the fresh-start eve. The bot runs without its own jobs: each test
moves the pinned clock and runs one scheduler step (a tick, then a drain of the outbox), as the
jobs would at that moment.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.coach.models import DeliveryStatus, EntryStatus
from bot.views.nudges.fresh_start import FRESH_START_LINES
from bot.views.nudges.momentum import NEW_RUN_MOMENTUM
from bot.views.nudges.morning import SLIPPED_LINES
from fake_telegram import FakeTelegram, MessageView
from storage.base import Repository
from tests.bot.scheduling import (
    EVENING,
    FRESH_START,
    MONDAY,
    MORNING,
    ONE_MINUTE,
    SUNDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
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


DAY_BUTTONS = [["✅ Done"], ["🪶 Did the minimum", "😴 Rest day"]]


def day_buttons(message: MessageView) -> list[list[str]]:
    """The Done / minimum / rest rows, without a fresh-start commitment row above them."""
    return [row for row in message.buttons if not row[0].startswith("🤝")]


# --- the morning nudge ---------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
async def test_the_morning_nudge_arrives_at_the_local_minute_once(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock, zone: str
) -> None:
    tz = ZoneInfo(zone)
    day = clock().astimezone(tz).date() + timedelta(days=1)  # the next local morning
    ada = await enrol(fake, step.services, 1001, zone=zone, nudge=time(7, 30))
    await add_goal(db, 1001, clock(), start=day)
    due = local(day, 7, 30, tz)
    next_due = (await stored(db, 1001)).next_due_at
    assert next_due is not None
    assert next_due <= due

    before = await step.at(due - ONE_MINUTE)
    assert (before.sent, ada.messages) == (0, [])
    on_time = await step.at(due)
    later = await step.at(due + ONE_MINUTE)

    assert (on_time.sent, later.sent) == (1, 0)
    [nudge] = ada.messages
    assert nudge.date == due
    assert nudge.text.startswith("☀️")
    assert "Ada" in nudge.text.splitlines()[0]
    assert "write 480 words" in nudge.text
    assert day_buttons(nudge) == DAY_BUTTONS
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert (row.local_date, row.status, row.sent_at) == (day, DeliveryStatus.SENT, due)
    assert row.telegram_message_id == nudge.message_id


async def test_done_on_the_nudge_logs_the_win_and_edits_the_nudge(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=MONDAY)
    await step.at(local(MONDAY, 7, 30))
    [nudge] = ada.messages
    clock.advance(minutes=20)

    pressed = await ada.press("✅ Done", message=nudge)

    assert pressed.answer is not None
    assert pressed.sent == ()
    assert [m.message_id for m in pressed.edited] == [nudge.message_id]
    shown = ada.message(nudge.message_id)
    assert "Streak 1" in shown.text
    assert shown.buttons == [["↩️ Undo"]]
    [entry] = await db.list_entries(1001, goal.goal_id)
    assert (entry.local_date, entry.status) == (MONDAY, EntryStatus.DONE)


async def test_every_week_carries_a_momentum_line_with_the_users_own_figures(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    # Four users on the same (ordinary) Tuesday morning, in week 2, 3, 4 and 5 of their habit,
    # each having kept every day so far (no comeback offer in the way).
    users = []
    for week in (2, 3, 4, 5):
        user = await enrol(fake, step.services, 1000 + week, name=f"Week{week}")
        start = TUESDAY - timedelta(weeks=week - 1)
        goal = await add_goal(db, user.id, clock(), start=start)
        await keep(db, goal, *_days(start, TUESDAY), now=clock())
        users.append(user)

    report = await step.at(local(TUESDAY, 7, 30))

    assert report.sent == 4
    lines = [user.last_message.text.splitlines()[-1] for user in users]
    for line in lines:  # the last line speaks to them: a number of theirs, not the stats line
        assert not line.startswith("🔥"), line
        assert re.search(r"\d", line), line
    assert len(set(lines)) == 4  # each user's rotation starts at their own place
    assert not any(FRESH_START in user.last_message.text for user in users)  # a Tuesday


async def test_the_morning_after_a_first_win_speaks_of_a_new_run_not_of_a_miss(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    """One win on Monday, nothing missed: Tuesday's line is about day two (no "1 wins", no
    miss that never happened)."""
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=MONDAY)
    await keep(db, goal, MONDAY, now=clock())

    await step.at(local(TUESDAY, 7, 30))

    line = ada.last_message.text.splitlines()[-1]
    assert line in NEW_RUN_MOMENTUM
    assert "miss" not in ada.last_message.text
    assert "1 wins" not in ada.last_message.text


async def test_landmark_mornings_carry_the_fresh_start_line(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    first_of_december = date(2026, 12, 1)  # a Tuesday
    texts = {}
    kept_until = SUNDAY
    for day in (MONDAY, TUESDAY, first_of_december):
        await keep(db, goal, *_days(kept_until, day), now=clock())
        kept_until = day
        clock.set(local(day, 7, 0))
        await seen(step.services, ada)
        await step.at(local(day, 7, 30))
        texts[day] = ada.last_message.text

    assert "fresh start — a new week" in texts[MONDAY]
    assert FRESH_START not in texts[TUESDAY]
    assert "fresh start — a new month" in texts[first_of_december]


async def test_the_first_of_january_is_the_new_year_on_its_eve_and_its_morning(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    new_years_eve, new_year = date(2026, 12, 31), date(2027, 1, 1)
    await keep(db, goal, *_days(SUNDAY, new_years_eve), now=clock())
    clock.set(local(new_years_eve, 9, 0))
    await seen(step.services, ada)

    await step.at(local(new_years_eve, 19, 0))
    eve = ada.last_message.text
    await keep(db, goal, new_years_eve, now=clock())
    clock.set(local(new_year, 7, 0))
    await seen(step.services, ada)
    await step.at(local(new_year, 7, 30))
    morning = ada.last_message.text

    assert "Tomorrow is a fresh start — the New Year." in eve
    assert "Today is a fresh start — the New Year." in morning
    for text in (eve, morning):
        assert "quarter" not in text
        assert "new month" not in text


async def test_a_lapse_of_two_days_turns_the_nudge_into_the_comeback_offer(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=SUNDAY)  # never logged

    await step.at(local(MONDAY, 7, 30))
    one_miss = ada.last_message
    await step.at(local(TUESDAY, 7, 30))
    two_misses = ada.last_message

    assert any(line in one_miss.text for line in SLIPPED_LINES)  # an accident: the plain card
    assert day_buttons(one_miss) == DAY_BUTTONS
    assert "two is a signal" in two_misses.text  # never miss twice: the comeback offer
    assert "write 50 words" in two_misses.text
    assert two_misses.buttons[0] == ["🪶 Start with write 50 words"]
    started = await ada.press("🪶 Start with write 50 words", message=two_misses)
    assert started.answer is not None


async def test_a_comeback_on_a_landmark_morning_asks_for_no_commitment_it_has_no_button_for(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=SUNDAY - timedelta(days=1))  # never logged

    await step.at(local(MONDAY, 7, 30))

    offer = ada.last_message
    assert "Today is a fresh start — a new week." in offer.text
    assert "two is a signal" in offer.text
    assert not any(line in offer.text for line in FRESH_START_LINES)
    assert offer.buttons[0] == ["🪶 Start with write 50 words"]


async def test_the_comeback_is_offered_once_per_lapse(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)  # never logged

    await step.at(local(TUESDAY, 7, 30))
    offered = ada.last_message
    await step.at(local(WEDNESDAY, 7, 30))
    third_miss = ada.last_message
    await keep(db, goal, WEDNESDAY, now=clock())
    await seen(step.services, ada)
    await step.at(local(SUNDAY + timedelta(weeks=1), 7, 30))  # Thu-Sat missed: a new lapse
    new_lapse = ada.last_message

    assert "two is a signal" in offered.text
    assert "two is a signal" not in third_miss.text  # no second offer: the plain card
    assert "/comeback" not in third_miss.text  # and no daily push towards it either
    assert day_buttons(third_miss) == DAY_BUTTONS
    assert "two is a signal" in new_lapse.text


# --- the evening reminder ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kept", "reason"),
    [
        ((SUNDAY, MONDAY, TUESDAY), None),  # a 3-day streak still open tonight
        ((SUNDAY, MONDAY, TUESDAY, WEDNESDAY), "nothing at risk tonight"),  # today is kept
        ((TUESDAY,), "nothing at risk tonight"),  # a streak of 1 is not worth a reminder
    ],
    ids=["open-streak-of-3", "kept-today", "streak-of-1"],
)
async def test_the_evening_reminder_protects_an_open_streak_of_two_or_more(
    fake: FakeTelegram,
    step: Step,
    db: Repository,
    *,
    clock: FrozenClock,
    kept: tuple[date, ...],
    reason: str | None,
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await keep(db, goal, *kept, now=clock())
    await step.at(local(WEDNESDAY, 7, 30))
    after_morning = len(ada.messages)

    early = await step.at(local(WEDNESDAY, 19, 59))
    evening = await step.at(local(WEDNESDAY, 20, 0))

    assert early.handled == 0
    [row] = [
        r for r in of_kind(await deliveries_of(db, 1001), EVENING) if r.local_date == WEDNESDAY
    ]
    if reason is None:
        assert evening.sent == 1
        reminder = ada.last_message
        assert re.search(r"\b3\b", reminder.text), reminder.text  # the streak, in its words
        assert day_buttons(reminder) == DAY_BUTTONS
        assert row.status is DeliveryStatus.SENT
    else:
        assert (evening.sent, evening.skipped, evening.reasons) == (0, 1, {reason: 1})
        assert (row.status, row.last_error) == (DeliveryStatus.SKIPPED, reason)
        assert len(ada.messages) == after_morning


async def test_the_evening_reminder_is_never_sent_twice_the_same_day(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await keep(db, goal, SUNDAY, MONDAY, TUESDAY, now=clock())
    clock.set(local(WEDNESDAY, 20, 0))
    await db.set_next_due(1001, local(WEDNESDAY, 20, 0))

    for _ in range(2):  # two ticks, two drains at the same minute
        await step.services.scheduler.tick()
        await step.sender.drain()
    await step.at(local(WEDNESDAY, 20, 5))
    await db.set_next_due(1001, local(WEDNESDAY, 20, 0))  # the slot seen again, e.g. a restart
    again = await step.at(local(WEDNESDAY, 20, 10))

    assert again.handled == 0
    reminders = [m for m in ada.messages if m.text.startswith("🌙")]
    assert len(reminders) == 1
    rows = [r for r in of_kind(await deliveries_of(db, 1001), EVENING) if r.local_date == WEDNESDAY]
    assert [r.status for r in rows] == [DeliveryStatus.SENT]


# --- the weekly review and the fresh-start eve ---------------------------------------------------


async def test_sunday_brings_the_weekly_review_and_the_fresh_start_eve(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=MONDAY)
    next_sunday = SUNDAY + timedelta(weeks=1)
    await keep(db, goal, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, now=clock())
    clock.set(local(next_sunday, 9, 0))
    await seen(step.services, ada)

    review = await step.at(local(next_sunday, 18, 0))
    review_text = ada.last_message.text
    eve = await step.at(local(next_sunday, 19, 0))
    eve_text = ada.last_message.text

    assert (review.sent, eve.sent) == (1, 1)
    assert "Your week in review" in review_text
    assert "4/6 days" in review_text
    assert "Tomorrow is a fresh start — a new week" in eve_text


async def test_a_silent_user_gets_no_weekly_review(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY)
    in_two_weeks = SUNDAY + timedelta(weeks=2)  # nothing heard from Ada since she set up

    report = await step.at(local(in_two_weeks, 18, 0))

    assert report.reasons == {"silent for a week or more: only the morning and fresh starts": 1}
    assert ada.messages == []


def _days(first: date, before: date) -> list[date]:
    """Every date from ``first`` up to the day before ``before``."""
    return [first + timedelta(days=n) for n in range((before - first).days)]


async def test_a_fresh_start_morning_asks_for_a_commitment_with_one_tap(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await keep(db, goal, SUNDAY, now=clock())
    clock.set(local(MONDAY, 7, 0))
    await seen(step.services, ada)
    await step.at(local(MONDAY, 7, 30))

    nudge = ada.last_message
    commit = next(label for label in nudge.button_labels if label.startswith("🤝 I'm in"))
    reaction = await ada.press(commit)

    assert "Committed" in reaction.texts[-1]
    assert "✅ Done" in ada.message(nudge.message_id).button_labels  # the day is still open


async def test_two_landmark_eves_in_a_row_during_a_lapse_do_not_say_the_same_thing(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    """Sunday's eve (a new week) and Monday's (a new month, 1 December) both point a lapsed
    habit to /comeback, each in its own words (rule 15)."""
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=SUNDAY)  # never logged: a lapse
    sunday, monday = date(2026, 11, 29), date(2026, 11, 30)
    eves = []
    for day in (sunday, monday):
        clock.set(local(day, 12, 0))
        await seen(step.services, ada)  # she still writes, so every landmark is hers
        await step.at(local(day, 19, 0))
        eves.append([m.text for m in ada.messages if "Tomorrow is a fresh start" in m.text][-1])

    pointers = [eve.splitlines()[-1] for eve in eves]
    assert all("/comeback" in pointer for pointer in pointers)
    assert pointers[0] != pointers[1]
