"""The sender's pace, counted in each second: never above the rate, and close to it.

Nothing here sleeps. The sender's waits (its send times, the leadership checks and retries, the
pause between passes) run on a :class:`~tests.support.SteppedTimer`: virtual seconds that move
only when every task waits on them. The fake Telegram dates each message with the pinned
clock, which moves with them, so its messages are counted per second of that time.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from bench.scenarios.send import cut_the_sender
from bot.coach.models import Delivery
from bot.context import BotApplication
from bot.scheduler import sender as sender_module
from bot.scheduler.pacing import CATCH_UP, JITTER, Pacer
from bot.scheduler.sender import OutboxSender
from bot.services.delivery_journal import DeliveryJournal
from fake_telegram import FakeTelegram
from storage.open import open_repository
from tests.bot.scheduling import MONDAY, add_goal, driven_bot, enrol, local
from tests.databases import POSTGRES
from tests.support import (
    FrozenClock,
    SteppedTimer,
    bot_on_webhook,
    settings_for,
    settle,
    webhook_settings,
)

RATE = 4
DUE = local(MONDAY, 7, 30)


def busiest_second(turns: Iterable[float]) -> int:
    """The most turns in any one second [t, t + 1)."""
    times = sorted(turns)
    return max(
        (sum(1 for other in times[i:] if other < start + 1.0) for i, start in enumerate(times)),
        default=0,
    )


async def drive(timer: SteppedTimer, waits: int, done: Callable[[], bool]) -> None:
    """Step virtual time whenever ``waits`` tasks wait on it, until ``done()``."""
    while not done():
        await settle(timer, waits, unless=done)
        if not done() and not timer.step():
            raise AssertionError("nothing waits on the timer and the work is not done")


async def test_turns_come_at_fixed_times_and_never_more_than_the_rate_in_a_second(
    clock: FrozenClock,
) -> None:
    timer = SteppedTimer(clock)
    pacer = Pacer(RATE, timer)
    turns: list[float] = []

    async def sender(count: int) -> None:
        for _ in range(count):
            turns.append(await pacer.turn())

    senders = [asyncio.create_task(sender(10)) for _ in range(3)]
    await drive(timer, 1, lambda: all(task.done() for task in senders))

    gaps = [b - a for a, b in itertools.pairwise(turns)]
    assert len(turns) == 30
    assert busiest_second(turns) == RATE
    assert min(gaps) == pytest.approx(1 / RATE)  # at fixed times, one every 1/rate seconds
    assert turns[-1] - turns[0] <= 29 / RATE * (1 + JITTER)  # at the rate, but for the slack


async def test_after_a_stall_the_sender_starts_afresh_without_a_burst(clock: FrozenClock) -> None:
    timer = SteppedTimer(clock)
    pacer = Pacer(RATE, timer)
    turns: list[float] = []

    async def sender() -> None:
        for index in range(12):
            turns.append(await pacer.turn())
            if index == 5:  # six turns, then the database holds it up for 2.5 s
                await timer.sleep_until(timer.now() + 2.5)

    task = asyncio.create_task(sender())
    await drive(timer, 1, task.done)

    gaps = [b - a for a, b in itertools.pairwise(turns)]
    assert min(gaps) == pytest.approx(1 / RATE)  # no two turns closer than the rate allows
    assert busiest_second(turns) == RATE
    assert turns[6] == pytest.approx(turns[5] + 2.5)  # the next one goes when it can


async def test_a_hiccup_of_a_few_milliseconds_at_a_high_rate_is_made_up(
    clock: FrozenClock,
) -> None:
    """At 1,000 a second a turn is a millisecond away: a sender held up for 20 ms (the event
    loop busy with another message's work) makes the missed turns up at twice the rate, then
    keeps its fixed times; one held up for half a second starts afresh."""
    timer = SteppedTimer(clock)
    pacer = Pacer(1000, timer)
    turns: list[float] = []
    held_up_until = 0.0

    async def sender() -> None:
        nonlocal held_up_until
        for index in range(100):
            turns.append(await pacer.turn())
            if index == 9:
                await timer.sleep_until(timer.now() + CATCH_UP / 5)
            if index == 79:
                held_up_until = timer.now() + CATCH_UP * 5
                await timer.sleep_until(held_up_until)

    task = asyncio.create_task(sender())
    await drive(timer, 1, task.done)

    gaps = [b - a for a, b in itertools.pairwise(turns)]
    assert min(gaps) >= 0.0005 - 1e-9  # catching up, never closer than half the interval
    assert turns[79] - turns[0] == pytest.approx(0.079)  # the 20 ms hiccup cost no turn
    assert turns[80] == pytest.approx(held_up_until)  # the long one starts afresh, no burst
    assert turns[99] - turns[80] == pytest.approx(0.019)
    assert busiest_second(turns) <= 1000


async def test_requests_held_up_after_their_turn_still_leave_no_more_than_the_rate_a_second(
    clock: FrozenClock,
) -> None:
    """A slow commit between a message's turn and its request (its mark) puts that request
    late; the next ones, quick, would leave closer than 1/rate behind it: counted at the
    instants they leave, no second holds more than the rate."""
    timer = SteppedTimer(clock)
    pacer = Pacer(RATE, timer)
    turns: list[float] = []
    left: list[float] = []

    async def sender() -> None:
        for index in range(12):
            turns.append(await pacer.turn())
            if index in {0, 6}:  # these two marks take 200 ms to commit, the others none
                await timer.sleep_until(timer.now() + 0.2)
            left.append(await pacer.depart())

    task = asyncio.create_task(sender())
    await drive(timer, 1, task.done)

    assert busiest_second(turns) == RATE
    assert busiest_second(left) == RATE  # the turns alone would have let five go in a second
    assert left[-1] - left[0] < 11 / RATE + 0.5  # and it keeps the pace


async def test_a_wave_goes_out_at_the_rate_and_never_above_it(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path
) -> None:
    people = range(2001, 2021)
    async with driven_bot(fake, settings_for(fake, tmp_path / "bot.db"), clock) as (step, db):
        for user_id in people:
            await enrol(fake, step.services, user_id, name=f"P{user_id}")
            await add_goal(db, user_id, clock(), start=MONDAY)
        clock.set(DUE)
        await step.services.scheduler.tick()
        timer = SteppedTimer(clock)
        sender = OutboxSender(step.services.deliveries, step.app.bot, clock, rate=RATE, timer=timer)
        mark = fake.mark()

        draining = asyncio.create_task(sender.drain())
        await drive(timer, 1, draining.done)
        report = await draining

    sent = [call for call in fake.calls_since(mark) if call.method == "sendMessage" and call.ok]
    seconds = Counter(call.result["date"] for call in sent)
    assert report.sent == len(people)
    assert sorted(call.chat_id or 0 for call in sent) == list(people)  # each once
    assert max(seconds.values()) == RATE  # never above the rate, and at it
    assert len(seconds) == len(people) // RATE  # 20 messages in 5 seconds


async def test_a_card_whose_mark_took_longer_than_the_lead_check_waits_for_the_next_sender(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database holds the fourth card's mark up for 1.5 s, and meanwhile another instance
    takes the sending over: this one's word that it sends is then over a second old, so it asks
    again and the card stays. Its row says it did not go: it goes, once, when this instance
    sends again (and is not lost as 'may have arrived')."""
    people = range(4001, 4009)
    leads = {"now": True}
    marks: list[int] = []
    async with driven_bot(fake, settings_for(fake, tmp_path / "bot.db"), clock) as (step, db):
        for user_id in people:
            await enrol(fake, step.services, user_id, name=f"P{user_id}")
            await add_goal(db, user_id, clock(), start=MONDAY)
        clock.set(DUE)
        await step.services.scheduler.tick()
        timer = SteppedTimer(clock)
        deliveries = step.services.deliveries

        async def lead(bot_id: int) -> bool:
            return leads["now"]

        writing = DeliveryJournal.sending

        async def slow_fourth(
            journal: DeliveryJournal, delivery: Delivery, card: int, sent: int, first: int | None
        ) -> None:
            await writing(journal, delivery, card, sent, first)
            marks.append(delivery.user_id)
            if len(marks) == 4:
                leads["now"] = False  # another instance took the lock meanwhile
                await timer.sleep_until(timer.now() + 1.5)

        monkeypatch.setattr(deliveries, "lead", lead)
        monkeypatch.setattr(DeliveryJournal, "sending", slow_fourth)
        sender = OutboxSender(deliveries, step.app.bot, clock, rate=RATE, timer=timer)
        mark = fake.mark()
        stop = asyncio.Event()
        running = asyncio.create_task(sender.run(stop))

        def chats() -> list[int]:
            return [
                call.chat_id or 0
                for call in fake.calls_since(mark)
                if call.method == "sendMessage" and call.ok
            ]

        try:
            await drive(timer, 1, lambda: timer.now() >= 10)
            while_away = chats()
            leads["now"] = True  # the other instance stopped: this one sends again
            await drive(timer, 1, lambda: len(chats()) >= len(people))
        finally:
            stop.set()
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)

    assert while_away == list(people)[:3]  # the fourth's card did not go while it did not lead
    assert marks[3] == people[3]
    assert sorted(chats()) == list(people)  # then it went, once, and so did everyone else


async def test_a_sender_that_lost_its_lead_during_its_grace_sends_nothing(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This instance becomes the sender, and its connection is cut during the grace it waits
    before its first message: it asks again before that message, instead of sending for a
    second on the word it had before the grace (while the other one starts)."""
    answers = iter([True])  # then never again
    async with driven_bot(fake, settings_for(fake, tmp_path / "bot.db"), clock) as (step, db):
        for user_id in range(5001, 5005):
            await enrol(fake, step.services, user_id, name=f"P{user_id}")
            await add_goal(db, user_id, clock(), start=MONDAY)
        clock.set(DUE)
        await step.services.scheduler.tick()
        timer = SteppedTimer(clock)

        async def lead(bot_id: int) -> bool:
            return next(answers, False)

        monkeypatch.setattr(step.services.deliveries, "lead", lead)
        sender = OutboxSender(step.services.deliveries, step.app.bot, clock, rate=RATE, timer=timer)
        mark = fake.mark()
        stop = asyncio.Event()
        running = asyncio.create_task(sender.run(stop))
        try:
            await drive(timer, 1, lambda: timer.now() >= 8)
        finally:
            stop.set()
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)

    assert [call for call in fake.calls_since(mark) if call.method == "sendMessage"] == []


async def test_two_instances_never_go_above_the_rate_together_when_the_sender_changes(
    fake: FakeTelegram, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sending instance's database connection is cut twice mid-wave (as a network fault
    would): it stops within a second, the other one takes over after its grace; nobody gets a
    message twice, and no second holds more than the rate."""
    repository = await POSTGRES.fresh()
    await repository.close()
    settings = webhook_settings(fake, POSTGRES.url).model_copy(update={"send_rate": RATE})
    people = range(3001, 3041)
    monkeypatch.setattr(sender_module, "CLAIM_SECONDS", 2.0)  # small passes: many checks
    async with (
        bot_on_webhook(fake, settings, clock, run_scheduler=False) as (first, _),
        bot_on_webhook(fake, settings, clock, run_scheduler=False) as (second, _),
    ):
        db = await open_repository(POSTGRES.url)
        try:
            for user_id in people:
                await enrol(fake, first.bot_data.services, user_id, name=f"P{user_id}")
                await add_goal(db, user_id, clock(), start=MONDAY)
        finally:
            await db.close()
        clock.set(DUE)
        await first.bot_data.services.scheduler.tick()
        timer = SteppedTimer(clock)
        mark = fake.mark()
        stop = asyncio.Event()
        senders = [_sender(app, clock, timer) for app in (first, second)]
        runs = [asyncio.create_task(sender.run(stop)) for sender in senders]

        def delivered() -> int:
            return sum(1 for call in fake.calls_since(mark) if call.method == "sendMessage")

        cuts = 0
        try:
            for when in (12, 26):  # messages sent before each cut
                await drive(timer, 2, _at_least(delivered, when))
                cuts += await cut_the_sender(POSTGRES.url, first.bot.id)
            await drive(timer, 2, _at_least(delivered, len(people)))
        finally:
            stop.set()  # as the bot stops: a sender waiting for its next send time is ended
            for run in runs:
                run.cancel()
            await asyncio.gather(*runs, return_exceptions=True)
        sent_by = [_sent_by(app) for app in (first, second)]

    sent = [call for call in fake.calls_since(mark) if call.method == "sendMessage" and call.ok]
    seconds = Counter(call.result["date"] for call in sent)
    assert cuts == 2
    assert sorted(call.chat_id or 0 for call in sent) == list(people)  # each once, none lost
    assert max(seconds.values()) <= RATE  # together, never above the rate
    assert all(count > 0 for count in sent_by)  # the sending moved between them


def _sender(app: BotApplication, clock: FrozenClock, timer: SteppedTimer) -> OutboxSender:
    services = app.bot_data.services
    metrics = app.bot_data.monitor.metrics
    return OutboxSender(
        services.deliveries, app.bot, clock, rate=RATE, metrics=metrics, timer=timer
    )


def _at_least(count: Callable[[], int], wanted: int) -> Callable[[], bool]:
    return lambda: count() >= wanted


def _sent_by(app: BotApplication) -> float:
    """Scheduled messages this instance sent (its own metrics)."""
    return float(app.bot_data.monitor.metrics.sends.labels("sent")._value.get())
