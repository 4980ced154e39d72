"""A scheduled message is never sent twice (issue 15, defect 3).

The sender records each attempt on the delivery's row before the request leaves. When the
outcome cannot be known (the connection dropped after the request went, or the bot died in the
middle of a send), the delivery is marked uncertain and not sent again: the product promises
never twice, and one missed nudge is kinder than two. A failure known to happen before the
request left (Telegram's 429 or 5xx, a connection that could not be made) is retried as before.
Uncertain deliveries are counted in /stats and in the metrics.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from bot.coach.models import DeliveryStatus
from bot.config import Settings
from bot.scheduler.sender import LEASE, OutboxSender
from fake_telegram import FakeTelegram
from storage.base import Repository
from tests.bot.scheduling import (
    MONDAY,
    Step,
    add_goal,
    deliveries_of,
    enrol,
    keep,
    local,
    of_kind,
)
from tests.support import FrozenClock, settings_for

# Over real HTTP: what is lost here is a real connection (cut, refused), as in production.
pytestmark = [pytest.mark.scheduler_by_hand, pytest.mark.real_http]
MORNING = "morning_nudge"
DUE = local(MONDAY, 7, 30)


@pytest.fixture
def settings(fake: FakeTelegram, tmp_path: Path) -> Settings:
    return settings_for(fake, tmp_path / "bot.db").model_copy(update={"admin_user_ids": (1001,)})


async def test_a_nudge_whose_answer_was_lost_is_not_sent_again(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY)
    # Telegram delivers the nudge, then the connection drops before the bot hears back.
    fake.faults.inject("drop", method="sendMessage", takes_effect=True)

    first = await step.at(DUE)
    clock.advance(minutes=10)
    later = await step.run()

    assert len(ada.messages) == 1  # once, not twice
    assert (first.uncertain, later.handled) == (1, 0)
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert row.status is DeliveryStatus.UNCERTAIN
    assert row.last_error is not None
    assert "may have arrived" in row.last_error


async def test_a_nudge_interrupted_mid_send_is_not_sent_again_after_a_restart(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY)
    # Telegram takes the nudge at once but answers late; the bot dies before the answer.
    fake.faults.inject("slow", method="sendMessage", delay=30.0)
    clock.set(DUE)
    await step.services.scheduler.tick()
    sending = asyncio.create_task(step.sender.drain())
    await fake.wait_for(lambda: bool(ada.messages), what="the nudge in Ada's chat")
    sending.cancel()  # kill -9: nothing after this line of the sender runs
    with pytest.raises(asyncio.CancelledError):
        await sending

    clock.advance(seconds=LEASE.total_seconds() + 1)  # the dead sender's claim runs out
    restarted = OutboxSender(step.services.deliveries, step.app.bot, clock, rate=1000)
    after = await restarted.drain()

    assert len(ada.messages) == 1
    assert (after.sent, after.uncertain) == (0, 1)
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert row.status is DeliveryStatus.UNCERTAIN


async def test_a_nudge_that_could_not_reach_telegram_is_sent_later(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY)
    await fake.stop()  # connection refused: the request never left

    refused = await step.at(DUE)
    await fake.start()
    clock.advance(seconds=1)
    retried = await step.sender.drain()

    assert (refused.retried, refused.uncertain) == (1, 0)
    assert retried.sent == 1
    assert len(ada.messages) == 1
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert row.status is DeliveryStatus.SENT


async def test_a_month_review_that_could_not_reach_telegram_comes_with_the_retry(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    # Four weeks in: this morning's nudge carries the review of plan month 1, a beat marked
    # said when the nudge is prepared.
    goal = await add_goal(db, 1001, clock(), start=MONDAY - timedelta(days=28))
    await keep(db, goal, MONDAY - timedelta(days=2), now=clock())  # a month with a kept day
    await fake.stop()  # connection refused: the request never left

    refused = await step.at(DUE)
    await fake.start()
    clock.advance(seconds=1)
    retried = await step.sender.drain()

    assert (refused.retried, retried.sent) == (1, 1)
    # Prepared again for the retry, the nudge still says what it was going to say.
    assert [m for m in ada.messages if "Plan month 1" in m.text]
    await step.run()
    assert sum("Plan month 1" in m.text for m in ada.messages) == 1  # and only once


async def test_only_the_card_whose_answer_was_lost_is_uncertain_the_others_go_once(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)
    await add_goal(db, 1001, clock(), start=MONDAY)
    await add_goal(db, 1001, clock(), start=MONDAY, vision="Run a marathon")
    # The second card's answer is lost: it may be in the chat; the first one surely is.
    fake.faults.inject("drop", method="sendMessage", takes_effect=True, after=1)

    report = await step.at(DUE)
    clock.advance(minutes=10)
    await step.run()

    assert report.uncertain == 1
    assert len(ada.messages) == 2  # each card once
    [row] = of_kind(await deliveries_of(db, 1001), MORNING)
    assert (row.status, row.cards_sent) == (DeliveryStatus.UNCERTAIN, 1)


async def test_stats_and_metrics_count_the_uncertain_deliveries(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = await enrol(fake, step.services, 1001)  # and an admin (ADMIN_USER_IDS below)
    await add_goal(db, 1001, clock(), start=MONDAY)
    fake.faults.inject("drop", method="sendMessage", takes_effect=True)
    await step.at(DUE)

    stats = await ada.send("/stats")

    assert "uncertain 1" in stats.text
    registry = step.app.bot_data.monitor.metrics.registry
    assert (
        registry.get_sample_value("smallwins_scheduled_sends_total", {"outcome": "uncertain"}) == 1
    )
