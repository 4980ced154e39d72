"""The scheduler through the real Application and fake Telegram (docs/product.md rules 9, 10, 13).

Scheduled messages go out at the user's local minute, never twice, never to someone who paused,
left or blocked the bot; a restart or downtime loses nothing that is still useful; Telegram's
errors are obeyed. The bot runs without its own jobs: each test moves the pinned clock and runs
one scheduler step (a tick, then a drain of the outbox), as the jobs would at that moment.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.coach.models import DeliveryStatus, EntryStatus, NewDelivery, NewEntry, UserStatus
from bot.config import Settings
from bot.scheduler.sender import LEASE, OutboxSender
from bot.services.delivery_journal import MAX_ATTEMPTS
from bot.views.nudges.morning import SLIPPED_LINES
from fake_telegram import FakeTelegram, MessageView
from storage.base import Repository
from tests.bot.journeys import set_up
from tests.bot.scheduling import (
    MONDAY,
    ONE_MINUTE,
    SUNDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    Step,
    add_goal,
    deliveries_of,
    driven_bot,
    enrol,
    keep,
    local,
    of_kind,
    outbox,
    seen,
    stored,
)
from tests.support import FrozenClock, bot_running

MORNING = "morning_nudge"
EVENING = "evening_reminder"
DAY_BUTTONS = [["✅ Done"], ["🪶 Did the minimum", "😴 Rest day"]]

pytestmark = pytest.mark.scheduler_by_hand


def day_buttons(message: MessageView) -> list[list[str]]:
    """The Done / minimum / rest rows, without a fresh-start commitment row above them."""
    return [row for row in message.buttons if not row[0].startswith("🤝")]


FRESH_START = "✨ Today is a fresh start"


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
    assert "/comeback makes restarting tiny" in third_miss.text
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


# --- restarts and downtime -----------------------------------------------------------------------


async def test_a_restart_in_the_middle_of_a_wave_neither_loses_nor_duplicates(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock
) -> None:
    ids = range(2001, 2031)
    async with driven_bot(fake, settings, clock) as (step, db):
        for user_id in ids:
            await enrol(fake, step.services, user_id, name=f"User{user_id}")
            await add_goal(db, user_id, clock(), start=MONDAY)
        first = await step.at(local(MONDAY, 7, 30), limit=10)
    assert first.sent == 10

    clock.advance(seconds=40)  # the bot comes back a moment later
    async with driven_bot(fake, settings, clock) as (step, db):
        rest = await step.run()
        again = await step.at(local(MONDAY, 7, 35))
        rows = await outbox(db)

    assert (rest.sent, again.handled) == (20, 0)
    assert [len(fake.user(user_id).messages) for user_id in ids] == [1] * 30
    assert len(of_kind(rows, MORNING)) == 30
    assert {row.status for row in of_kind(rows, MORNING)} == {DeliveryStatus.SENT}


@pytest.mark.parametrize(
    ("back_at", "sent"),
    [(time(11, 0), True), (time(12, 30), False)],
    ids=["back-at-11:00", "back-at-12:30"],
)
async def test_a_nudge_missed_while_down_is_sent_if_still_useful(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock, back_at: time, sent: bool
) -> None:
    async with driven_bot(fake, settings, clock) as (step, db):
        ada = await enrol(fake, step.services, 1001)
        await add_goal(db, 1001, clock(), start=MONDAY)
    # Down from Sunday night until late Monday morning: no tick at 7:30.

    clock.set(local(MONDAY, back_at.hour, back_at.minute))
    async with driven_bot(fake, settings, clock) as (step, db):
        report = await step.run()
        [row] = of_kind(await deliveries_of(db, 1001), MORNING)

    if sent:
        assert report.sent == 1
        assert ada.last_message.text.startswith("☀️")
        assert row.status is DeliveryStatus.SENT
    else:
        assert (report.handled, ada.messages) == (0, [])
        assert row.status is DeliveryStatus.SKIPPED
        assert row.last_error is not None
        assert row.last_error.startswith("stale")


async def test_the_scheduler_jobs_run_inside_the_bot(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock
) -> None:
    async with driven_bot(fake, settings, clock) as (step, db):
        ada = await enrol(fake, step.services, 1001)
        await add_goal(db, 1001, clock(), start=MONDAY)

    clock.set(local(MONDAY, 7, 30))
    async with bot_running(fake, settings, clock):  # with its tick job and sender task
        nudge = await ada.wait_for_message(lambda m: m.text.startswith("☀️"), timeout=5)

    assert nudge.date == local(MONDAY, 7, 30)
    assert len(ada.messages) == 1


# --- Telegram errors -----------------------------------------------------------------------------


async def test_a_429_is_obeyed_and_the_nudge_still_arrives(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY)
    # A scheduled send is not retried behind the sender's back (bot.bot_api): the 429 reaches
    # the sender, which pauses and retries after retry_after (and the whole bot waits it out).
    fake.faults.inject("retry_after", method="sendMessage", times=1, retry_after=1)
    due = local(MONDAY, 7, 30)

    throttled = await step.at(due)
    paused = await step.sender.drain()
    clock.advance(seconds=1)
    resumed = await step.sender.drain()

    assert (throttled.sent, throttled.retried) == (0, 1)
    assert throttled.paused_until == due + timedelta(seconds=1)
    assert (paused.handled, paused.paused_until) == (0, due + timedelta(seconds=1))
    assert resumed.sent == 1
    assert len(ada.messages) == 1
    calls = fake.calls_to("sendMessage", 1001)
    assert [c.error_code for c in calls] == [429, None]
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 2)


# A dropped connection may have delivered the nudge: uncertain, never resent
# (tests/bot/test_outbox_never_twice.py). Telegram's 5xx did nothing: retried.
@pytest.mark.parametrize("status", [500, 502])
async def test_a_failed_send_is_retried_after_a_backoff(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock, status: int
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY)
    fake.faults.inject("server_error", method="sendMessage", times=1, status=status)

    failed = await step.at(local(MONDAY, 7, 30))
    shown = len(ada.messages)
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    too_soon = await step.sender.drain()
    clock.advance(seconds=1)
    retried = await step.sender.drain()

    assert (failed.sent, failed.retried, shown) == (0, 1, 0)
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1)
    assert row.next_attempt_at == local(MONDAY, 7, 30) + timedelta(seconds=1)
    assert too_soon.handled == 0
    assert retried.sent == 1
    assert len(ada.messages) == 1


async def test_a_send_that_keeps_failing_is_given_up(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY)
    fake.faults.inject("server_error", method="sendMessage", times=None)

    await step.at(local(MONDAY, 7, 30))
    for _ in range(MAX_ATTEMPTS + 2):
        clock.advance(minutes=5)
        await step.run()

    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert row.status is DeliveryStatus.FAILED
    assert row.last_error is not None
    assert "gave up" in row.last_error
    assert len(fake.calls_to("sendMessage", 1001)) == MAX_ATTEMPTS
    assert ada.messages == []


async def test_a_user_who_blocked_the_bot_gets_nothing_until_they_write_again(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY)
    await ada.block_bot(notify_bot=False)

    blocked = await step.at(local(MONDAY, 7, 30))

    assert blocked.failed == 1
    assert (await stored(db, 1001)).status is UserStatus.BLOCKED
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert row.status is DeliveryStatus.FAILED
    assert row.last_error is not None
    assert row.last_error.startswith("forbidden")
    # A message already in the outbox for them is skipped, not sent.
    queued = await db.enqueue_delivery(
        NewDelivery(1001, EVENING, MONDAY, clock(), local(MONDAY, 22, 0)), clock()
    )
    assert queued is not None
    skipped = await step.sender.drain()
    assert skipped.reasons == {"user blocked the bot or was deleted": 1}
    # Nothing new is scheduled for them.
    tuesday = await step.at(local(TUESDAY, 7, 30))
    assert tuesday.handled == 0
    assert len(fake.calls_to("sendMessage", 1001)) == 1  # only the one that found the block

    await ada.unblock_bot(notify_bot=False)
    clock.set(local(TUESDAY, 21, 0))
    await ada.send("/start")
    assert (await stored(db, 1001)).status is UserStatus.ACTIVE
    wednesday = await step.at(local(WEDNESDAY, 7, 30))

    assert wednesday.sent == 1
    assert ada.last_message.text.startswith("☀️")


async def test_a_nudge_in_several_messages_is_not_repeated_when_a_later_one_fails(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY, vision="Write a novel")
    await add_goal(db, 1001, clock(), start=MONDAY, vision="Run a marathon")
    fake.faults.inject("slow", method="sendMessage", times=1, delay=0)  # the first card goes
    fake.faults.inject("server_error", method="sendMessage", times=1)  # the second does not

    first = await step.at(local(MONDAY, 7, 30))
    clock.advance(seconds=1)
    second = await step.sender.drain()

    assert (first.retried, second.sent) == (1, 1)
    texts = [m.text for m in ada.messages]
    assert len(texts) == 2
    assert "Write a novel" in texts[0]
    assert "Run a marathon" in texts[1]
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert row.telegram_message_id == ada.messages[0].message_id


async def test_a_nudge_cut_short_goes_on_from_its_row_with_a_new_sender(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    """The sender that sent the first card is gone (a crash, a restart, another instance takes
    over): what went out is on the delivery's row, so the next sender sends only the rest."""
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY, vision="Write a novel")
    await add_goal(db, 1001, clock(), start=MONDAY, vision="Run a marathon")
    fake.faults.inject("slow", method="sendMessage", times=1, delay=0)  # the first card goes
    fake.faults.inject("server_error", method="sendMessage", times=1)  # the second does not

    await step.at(local(MONDAY, 7, 30))
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert (row.status, row.cards_sent) == (DeliveryStatus.PENDING, 1)
    assert row.claimed_until is None  # the retry was recorded: nobody holds it

    clock.advance(seconds=1)
    services = step.services
    successor = OutboxSender(services.deliveries, step.app.bot, clock, rate=1000)
    report = await successor.drain()

    assert report.sent == 1
    texts = [m.text for m in ada.messages]
    assert len(texts) == 2
    assert "Write a novel" in texts[0]
    assert "Run a marathon" in texts[1]
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert (row.status, row.cards_sent) == (DeliveryStatus.SENT, 1)
    assert row.telegram_message_id == ada.messages[0].message_id


async def test_a_claimed_delivery_waits_for_its_lease_and_is_then_sent_by_another_sender(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY)
    clock.set(local(MONDAY, 7, 30))
    await step.services.scheduler.tick()
    [_] = await step.services.deliveries.claim(10, LEASE)  # by a sender that then died

    before_the_lease_ends = await step.sender.drain()
    clock.advance(seconds=LEASE.total_seconds())
    after_it = await step.sender.drain()

    assert before_the_lease_ends.handled == 0
    assert after_it.sent == 1
    assert len(ada.messages) == 1
    assert "Write a novel" in ada.messages[0].text


async def test_one_broken_user_does_not_stop_everyone_else(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    await enrol(fake, step.services, 1000, name="Broken")
    ada = await enrol(fake, step.services, 1001)
    for user_id in (1000, 1001):
        await add_goal(db, user_id, clock(), start=MONDAY)
    # A zone this machine's tz database does not know (e.g. an older tzdata after a deploy).
    broken = await stored(db, 1000)
    await db.save_user(dataclasses.replace(broken, timezone="Mars/Olympus_Mons"))
    # ... with a message already in the outbox, due before Ada's.
    await db.enqueue_delivery(
        NewDelivery(1000, MORNING, MONDAY, local(MONDAY, 7, 0), local(MONDAY, 12, 0)), clock()
    )

    report = await step.at(local(MONDAY, 7, 30))

    # The unknown zone falls back to UTC instead of locking the user out, and Ada is served.
    assert report.sent == 2
    assert report.failed == 0
    assert ada.last_message.text.startswith("☀️")
    [row] = of_kind(await deliveries_of(db, 1000), MORNING)
    assert row.status is DeliveryStatus.SENT


# --- settings changes and DST --------------------------------------------------------------------


async def test_changing_the_nudge_time_reschedules_at_once(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await add_goal(db, 1001, clock(), start=MONDAY)
    assert (await stored(db, 1001)).next_due_at == local(MONDAY, 7, 30)

    await ada.send("/settings")
    await ada.press("⏰ Nudge time")
    await ada.press("8:30")

    assert (await stored(db, 1001)).next_due_at == local(MONDAY, 8, 30)
    chat = len(ada.messages)
    old_time = await step.at(local(MONDAY, 7, 30))
    before = await step.at(local(MONDAY, 8, 29))
    new_time = await step.at(local(MONDAY, 8, 30))
    assert (old_time.sent, before.sent, new_time.sent) == (0, 0, 1)
    assert len(ada.messages) == chat + 1
    assert ada.last_message.date == local(MONDAY, 8, 30)


async def test_a_later_nudge_time_on_the_same_day_does_not_nudge_twice(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await add_goal(db, 1001, clock(), start=MONDAY)
    await step.at(local(MONDAY, 7, 30))
    clock.set(local(MONDAY, 8, 0))
    await ada.send("/settings")
    await ada.press("⏰ Nudge time")
    await ada.press("8:30")
    chat = len(ada.messages)

    same_day = await step.at(local(MONDAY, 8, 30))
    next_day = await step.at(local(TUESDAY, 8, 30))

    assert (same_day.sent, next_day.sent) == (0, 1)
    assert len(ada.messages) == chat + 1
    assert ada.last_message.date == local(TUESDAY, 8, 30)


async def test_changing_the_time_zone_reschedules_at_once(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await add_goal(db, 1001, clock(), start=SUNDAY)

    await ada.send("/settings")
    await ada.press("🌍 Time zone")
    await ada.send("Tokyo")

    due = local(MONDAY, 7, 30, tokyo)  # it is already Monday 5:40 in Tokyo
    assert due == datetime(2026, 11, 22, 22, 30, tzinfo=UTC)
    assert (await stored(db, 1001)).next_due_at == due
    chat = len(ada.messages)
    before = await step.at(due - ONE_MINUTE)
    on_time = await step.at(due)
    berlin_time = await step.at(local(MONDAY, 7, 30))
    assert (before.sent, on_time.sent, berlin_time.sent) == (0, 1, 0)
    assert len(ada.messages) == chat + 1


@pytest.mark.parametrize(
    ("day", "due"),
    [
        # Spring forward: 2:00 → 3:00, so 2:30 does not exist; sent at 3:00 CEST (1:00 UTC).
        (date(2027, 3, 28), datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),
        # Fall back: 3:00 → 2:00, so 2:30 happens twice; sent at the first (CEST, 0:30 UTC).
        (date(2026, 10, 25), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
    ],
    ids=["spring-forward", "fall-back"],
)
async def test_a_nudge_inside_a_dst_change_is_sent_once(
    fake: FakeTelegram, step: Step, db: Repository, *, clock: FrozenClock, day: date, due: datetime
) -> None:
    clock.set(local(day - timedelta(days=1), 22, 0))  # the evening's messages are past
    ada = await enrol(fake, step.services, 1001, nudge=time(2, 30))
    await add_goal(db, 1001, clock(), start=day)
    assert (await stored(db, 1001)).next_due_at == due

    before = await step.at(due - ONE_MINUTE)
    on_time = await step.at(due)
    after = [await step.at(due + timedelta(minutes=m)) for m in range(10, 181, 10)]

    assert (before.sent, on_time.sent, sum(r.sent for r in after)) == (0, 1, 0)
    [nudge] = ada.messages
    assert nudge.date == due
    assert nudge.date.astimezone(ZoneInfo("Europe/Berlin")).time() in (time(3, 0), time(2, 30))


# --- who gets nothing ----------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["before-the-tick", "between-tick-and-send"])
async def test_paused_deleted_and_blocked_users_get_nothing(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock, when: str
) -> None:
    names = ("Active", "Paused", "Blocked", "Deleted", "Erased")
    users = {}
    for offset, name in enumerate(names):
        user = await enrol(fake, step.services, 1001 + offset, name=name)
        await add_goal(db, user.id, clock(), start=MONDAY)
        users[name] = user

    async def leave() -> None:
        paused = await stored(db, users["Paused"].id)
        await db.save_user(dataclasses.replace(paused, paused_until=TUESDAY))
        await db.set_user_status(users["Blocked"].id, UserStatus.BLOCKED, clock())
        await db.set_user_status(users["Deleted"].id, UserStatus.DELETED, clock())
        await db.delete_user(users["Erased"].id)

    clock.set(local(MONDAY, 7, 30))
    if when == "before-the-tick":
        await leave()
        await step.services.scheduler.tick()
    else:
        await step.services.scheduler.tick()
        await leave()
    report = await step.sender.drain()

    assert report.sent == 1
    assert [name for name, user in users.items() if user.messages] == ["Active"]
    if when == "between-tick-and-send":
        assert report.reasons == {
            "user is on a pause": 1,
            "user blocked the bot or was deleted": 2,
        }


async def test_the_day_after_a_pause_is_a_fresh_start(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    goal = await add_goal(db, 1001, clock(), start=SUNDAY)
    await keep(db, goal, SUNDAY, now=clock())
    for day in (MONDAY, TUESDAY):  # the holiday, as the log records it
        await db.append_entry(NewEntry(goal.goal_id, 1001, day, EntryStatus.PAUSED), clock())
    user = await stored(db, 1001)
    await db.save_user(dataclasses.replace(user, paused_until=TUESDAY))
    await step.services.scheduler.reschedule(await stored(db, 1001))
    assert (await stored(db, 1001)).next_due_at == local(WEDNESDAY, 7, 30)

    paused = [await step.at(local(day, 7, 30)) for day in (MONDAY, TUESDAY)]
    back = await step.at(local(WEDNESDAY, 7, 30))

    assert [r.handled for r in paused] == [0, 0]
    assert back.sent == 1
    assert f"{FRESH_START} — the day you picked" in ada.last_message.text


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
