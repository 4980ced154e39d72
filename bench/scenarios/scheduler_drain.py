"""The scheduler benchmark's drain: the real bot's sender empties the wave's outbox into the fake
Telegram at a given rate, and what the fake received is checked against the outbox's order."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bench.bots import chat_partner, describe_rate_limiter, small_wins
from bench.population import Population
from bench.report import fmt_count
from bench.scenario import RunContext
from bench.timing import RunningClock, Stopwatch, busiest_second, rate_between
from bench.wave import WAVE
from bot.coach.models import Delivery
from bot.scheduler.sender import OutboxSender
from fake_telegram import ApiCall, FakeTelegram

SENDER_BATCH = 500
"""Deliveries per drain pass, as ``OutboxSender.run`` asks for."""


@dataclass(frozen=True)
class Drain:
    """One measured drain: the sender's rate limit, how many messages, the fake's flood limit."""

    rate: float
    messages: int
    flood_limit: int | None = None

    @property
    def label(self) -> str:
        """How the table names it."""
        return f"{self.rate:g}/s"


class SchedulerCheckError(AssertionError):
    """The tick or the drain did something else than the benchmark relies on."""


@dataclass
class Drained:
    """What one drain did, seen by the sender and by the fake."""

    drain: Drain
    clock: Stopwatch
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    pauses: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    delivered: list[ApiCall] = field(default_factory=list)  # successful sendMessage, in order
    rejected: int = 0  # sendMessage answered 429
    storage_calls: int = 0

    @property
    def fake_rate(self) -> float:
        """Messages per second between the first and the last the fake accepted."""
        return rate_between([call.at for call in self.delivered])

    @property
    def after_first_second(self) -> float:
        """The same, leaving out the first second (the limiter's initial burst)."""
        if not self.delivered:
            return float("nan")
        start = self.delivered[0].at + 1.0
        later = [call.at for call in self.delivered if call.at >= start]
        if len(later) < 2:
            return float("nan")
        return (len(later) - 1) / (later[-1] - start)

    @property
    def busiest_second(self) -> int:
        """The most messages the fake accepted within any one second."""
        return busiest_second([call.at for call in self.delivered])


async def _drain(
    fake: FakeTelegram,
    sender: OutboxSender,
    drain: Drain,
    clock: RunningClock,
) -> Drained:
    """Drain ``drain.messages`` deliveries in passes, waiting out pauses as ``run`` would."""
    mark = fake.mark()
    result = Drained(drain, Stopwatch())
    handled = 0
    while handled < drain.messages:
        report = await sender.drain(min(SENDER_BATCH, drain.messages - handled))
        handled += report.handled
        result.sent += report.sent
        result.skipped += report.skipped
        result.failed += report.failed
        result.retried += report.retried
        result.reasons.update(report.reasons)
        if report.paused_until is not None:
            result.pauses += 1
            await asyncio.sleep(max(0.0, (report.paused_until - clock()).total_seconds()))
        elif report.handled == 0:
            break  # nothing more is due now (retries wait for their time)
    result.clock.stop()
    calls = [call for call in fake.calls_since(mark) if call.method == "sendMessage"]
    result.delivered = [call for call in calls if call.ok]
    result.rejected = sum(1 for call in calls if call.error_code == 429)
    return result


@dataclass(frozen=True)
class OrderCheck:
    """How the messages the fake received line up with the outbox."""

    messages: int
    chats: int
    in_due_order: bool
    outbox_order: int  # messages at the position the outbox order gives them
    first_due: datetime | None
    last_due: datetime | None


def _order(delivered: Sequence[ApiCall], expected: Sequence[Delivery]) -> OrderCheck:
    by_chat = {delivery.user_id: delivery for delivery in expected}
    chats = [call.chat_id for call in delivered]
    due = [by_chat[chat].due_at for chat in chats if chat is not None and chat in by_chat]
    if len(due) != len(chats):
        raise SchedulerCheckError("the fake received a message for a chat not in the outbox")
    return OrderCheck(
        messages=len(chats),
        chats=len(set(chats)),
        in_due_order=all(a <= b for a, b in itertools.pairwise(due)),
        outbox_order=sum(
            1 for chat, delivery in zip(chats, expected, strict=False) if chat == delivery.user_id
        ),
        first_due=min(due, default=None),
        last_due=max(due, default=None),
    )


async def drain_all(
    population: Population, drains: Sequence[Drain], context: RunContext
) -> tuple[list[Drained], OrderCheck, str, dict[str, float]]:
    """Each of ``drains`` in turn on the wave's outbox, with the real bot sending to the fake.

    Returns:
        Each drain's figures, how the messages lined up with the outbox, the bot's rate limiter
        described, and the repository calls per message of the last drain.
    """
    total = sum(drain.messages for drain in drains)
    clock = RunningClock(WAVE)
    async with (
        FakeTelegram(clock=clock, journal_size=total * 2 + 1_000, action_timeout=120.0) as fake,
        small_wins(fake, population.path, clock=clock, run_scheduler=False) as bot,
    ):
        assert bot.storage is not None
        # A batch more than the drains send: a delivery put back for a retry lets later ones
        # overtake it, and their chats must exist too.
        expected = await bot.storage.inner.pending_deliveries(WAVE, total + SENDER_BATCH)
        for delivery in expected:
            # Chat id = user id in the population; the user "started" the bot long ago.
            chat_partner(fake, delivery.user_id, f"User {delivery.user_id}")
        services = bot.app.bot_data.services
        clock.run()
        results: list[Drained] = []
        storage_per_message: dict[str, float] = {}
        for drain in drains:
            if drain.flood_limit is not None:
                await asyncio.sleep(1.1)  # the fake's flood window starts empty, as after idle
            fake.flood_limit = drain.flood_limit
            context.progress(
                f"draining {fmt_count(drain.messages)} at {drain.label}"
                + (f", fake flood limit {drain.flood_limit}/s" if drain.flood_limit else "")
            )
            sender = OutboxSender(services.deliveries, bot.app.bot, clock, rate=drain.rate)
            before = Counter(bot.storage.calls)
            done = await _drain(fake, sender, drain, clock)
            used = Counter(bot.storage.calls) - before
            done.storage_calls = sum(used.values())
            results.append(done)
            if drain is drains[-1]:
                storage_per_message = {
                    name: count / max(done.sent, 1) for name, count in used.most_common()
                }
        fake.flood_limit = None
        delivered = [call for result in results for call in result.delivered]
        return (
            results,
            _order(delivered, expected),
            describe_rate_limiter(bot.app),
            storage_per_message,
        )
