"""What an operator watches: Prometheus metrics and the scheduler's heartbeat, one set per bot.

Every ``Application`` gets its own :class:`Monitor` (and so its own ``CollectorRegistry``): two
bots in one process, as in the tests, never mix their figures. The web server (``bot.web``)
exposes them on ``/metrics`` and judges ``/healthz`` from the heartbeat and the outbox.

Measured where each thing happens:

* updates by type and how long handling took: :class:`MeasuredUpdates`, the update processor
  every update passes through, whether it came from polling or a webhook;
* Telegram's 429s and the ``retry_after`` it asked for: ``bot.bot_api.BotApiLimiter``, which
  every Bot API request passes through (replies and scheduled messages alike);
* scheduled sends by outcome: the outbox sender (``bot.scheduler.sender``);
* tick duration and users planned: the tick job (``bot.scheduler.jobs``);
* outbox backlog and age: read from the database at each scrape.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from telegram import Update

from bot.coach.models import OutboxHealth
from bot.logging_setup import handling
from bot.services.health import Heartbeat
from bot.updates import CONCURRENT_UPDATES, ChatOrderedUpdates

# Handling an update is mostly a few database statements and one or two Bot API calls.
_UPDATE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_TICK_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0)

SEND_OUTCOMES = ("sent", "skipped", "retried", "deferred", "blocked", "failed", "uncertain")
"""What became of one attempt at a scheduled delivery (the ``outcome`` label)."""


class Metrics:
    """The bot's Prometheus metrics, registered in a registry of their own."""

    def __init__(self) -> None:
        """Create every metric (at zero) in a fresh registry."""
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self.updates = Counter(
            "smallwins_updates",
            "Telegram updates handled, by type (message, callback_query, ...).",
            ["type"],
            registry=registry,
        )
        self.update_seconds = Histogram(
            "smallwins_update_handling_seconds",
            "Time from taking an update off the queue to the end of its handlers.",
            buckets=_UPDATE_BUCKETS,
            registry=registry,
        )
        self.sends = Counter(
            "smallwins_scheduled_sends",
            "Attempts at scheduled deliveries (nudges, reminders, reviews), by outcome.",
            ["outcome"],
            registry=registry,
        )
        self.rate_limited = Counter(
            "smallwins_telegram_rate_limited",
            "Bot API requests Telegram answered with 429 Too Many Requests.",
            registry=registry,
        )
        self.retry_after_seconds = Counter(
            "smallwins_telegram_retry_after_seconds",
            "Seconds Telegram asked the bot to wait, summed over its 429 answers.",
            registry=registry,
        )
        self.outbox_backlog = Gauge(
            "smallwins_outbox_backlog",
            "Scheduled deliveries due now and not yet sent (read at each scrape).",
            registry=registry,
        )
        self.outbox_oldest_age = Gauge(
            "smallwins_outbox_oldest_due_age_seconds",
            "How late the oldest delivery of the backlog is (0 without a backlog).",
            registry=registry,
        )
        self.last_sent_age = Gauge(
            "smallwins_outbox_last_sent_age_seconds",
            "Seconds since a scheduled delivery was last sent (-1: never).",
            registry=registry,
        )
        self.database_up = Gauge(
            "smallwins_database_up",
            "1 when the database answered the last scrape's query, else 0.",
            registry=registry,
        )
        self.tick_seconds = Histogram(
            "smallwins_scheduler_tick_seconds",
            "How long one scheduler tick took.",
            buckets=_TICK_BUCKETS,
            registry=registry,
        )
        self.users_planned = Counter(
            "smallwins_scheduler_users_planned",
            "Due users the scheduler planned (what they are owed, when to look again).",
            registry=registry,
        )
        self.deliveries_enqueued = Counter(
            "smallwins_scheduler_deliveries_enqueued",
            "Deliveries the scheduler put in the outbox.",
            registry=registry,
        )
        for outcome in SEND_OUTCOMES:
            self.sends.labels(outcome)  # shown at 0 before the first one, not missing

    def update_handled(self, update: object, seconds: float) -> None:
        """Count one processed update and how long its handlers took."""
        self.updates.labels(update_type(update)).inc()
        self.update_seconds.observe(seconds)

    def send(self, outcome: str) -> None:
        """Count one attempt at a scheduled delivery (one of :data:`SEND_OUTCOMES`)."""
        self.sends.labels(outcome).inc()

    def telegram_rate_limited(self, retry_after: timedelta) -> None:
        """Count a 429 and the wait it asked for."""
        self.rate_limited.inc()
        self.retry_after_seconds.inc(max(retry_after.total_seconds(), 0.0))

    def ticked(self, users: int, enqueued: int, seconds: float) -> None:
        """Record one scheduler tick."""
        self.tick_seconds.observe(seconds)
        self.users_planned.inc(users)
        self.deliveries_enqueued.inc(enqueued)

    def outbox(self, health: OutboxHealth | None, now: datetime) -> None:
        """Refresh the outbox gauges from a fresh reading (``None``: the database is down)."""
        if health is None:
            self.database_up.set(0)
            return
        self.database_up.set(1)
        self.outbox_backlog.set(health.backlog)
        self.outbox_oldest_age.set(_age(health.oldest_due_at, now) or 0.0)
        last_sent = _age(health.last_sent_at, now)
        self.last_sent_age.set(-1.0 if last_sent is None else last_sent)


def update_type(update: object) -> str:
    """The kind of an update (``message``, ``callback_query``, ...); ``other`` for the rest."""
    if isinstance(update, Update):
        for kind in Update.ALL_TYPES:
            if getattr(update, kind, None) is not None:
                return kind
    return "other"


def _log_facts(update: object) -> tuple[int | None, int | None, list[str]]:
    """The update's id, its sender's id, and what the person typed in it."""
    if not isinstance(update, Update):
        return None, None, []
    # Not effective_message: a button's message is the bot's own text, not what was typed.
    message = update.message or update.edited_message
    typed = [] if message is None else [message.text or "", message.caption or ""]
    user = update.effective_user
    return update.update_id, None if user is None else user.id, typed


def _age(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else max((now - moment).total_seconds(), 0.0)


@dataclass
class Monitor:
    """One bot's metrics and heartbeat, and where they are served.

    Attributes:
        metrics: The Prometheus metrics.
        heartbeat: When the scheduler last ticked here.
        port: The port ``/healthz`` and ``/metrics`` answer on (``None``: not served).
    """

    metrics: Metrics = field(default_factory=Metrics)
    heartbeat: Heartbeat = field(default_factory=Heartbeat)
    port: int | None = None


class MeasuredUpdates(ChatOrderedUpdates):
    """The update processor (chats side by side, each in order: ``bot.updates``), timing and
    counting every update it runs.

    It also tells the logs which update is in hand (``bot.logging_setup.handling``): its ids
    go into JSON lines, and what the person typed is hidden from every line above DEBUG.
    """

    def __init__(self, metrics: Metrics, max_concurrent_updates: int = CONCURRENT_UPDATES) -> None:
        """Count into ``metrics``; at most ``max_concurrent_updates`` updates run at once."""
        super().__init__(max_concurrent_updates)
        self._metrics = metrics

    async def handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the handlers for ``update`` and record how long they took."""
        started = time.perf_counter()
        try:
            with handling(*_log_facts(update)):
                await coroutine
        finally:
            self._metrics.update_handled(update, time.perf_counter() - started)
