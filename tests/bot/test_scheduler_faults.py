"""The scheduler across restarts, downtime and Telegram errors: nothing useful lost or doubled."""

from __future__ import annotations

import dataclasses
from datetime import time, timedelta

import pytest

from bot.coach.models import DeliveryStatus, NewDelivery, UserStatus
from bot.config import Settings
from bot.scheduler.sender import LEASE, OutboxSender
from bot.services.delivery_journal import MAX_ATTEMPTS
from fake_telegram import FakeTelegram
from storage.base import Repository
from tests.bot.scheduling import (
    EVENING,
    MONDAY,
    MORNING,
    TUESDAY,
    WEDNESDAY,
    Step,
    add_goal,
    deliveries_of,
    driven_bot,
    enrol,
    local,
    of_kind,
    outbox,
    stored,
)
from tests.support import FrozenClock, bot_running

pytestmark = pytest.mark.scheduler_by_hand


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
