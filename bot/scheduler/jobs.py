"""Starts and stops the scheduler inside the running Application.

Two moving parts, whatever the number of users: one JobQueue job ticks every
``SCHEDULER_TICK_SECONDS`` (the database decides who is due), and one background task drains the
outbox at ``SEND_RATE``. Nothing lives only in scheduler memory: a restart picks up from the
users' stored next due times and the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from telegram.ext import ContextTypes

from bot.context import BotApplication
from bot.scheduler.sender import OutboxSender

log = logging.getLogger(__name__)

TICK_JOB = "scheduler-tick"
LAST_SEEN_JOB = "last-seen-flush"
LAST_SEEN_SECONDS = 30.0
"""How often buffered "last seen" times are written: a crash loses at most this much of them.

Acceptable because only the silence rules read them, and those count whole days (see
``bot.services.accounts.LastSeen``).
"""


@dataclass
class SchedulerRuntime:
    """The running scheduler: its sender and the task draining the outbox."""

    sender: OutboxSender
    stop: asyncio.Event
    task: asyncio.Task[None] | None = None


def start(
    application: BotApplication, *, tick_seconds: float, send_rate: float
) -> SchedulerRuntime:
    """Register the tick job and start the sender task."""
    services = application.bot_data.services
    monitor = application.bot_data.monitor
    sender = OutboxSender(
        services.deliveries,
        application.bot,
        services.clock,
        rate=send_rate,
        metrics=monitor.metrics,
    )
    runtime = SchedulerRuntime(sender, asyncio.Event())
    heartbeat = monitor.heartbeat
    heartbeat.started_at, heartbeat.interval = services.clock(), tick_seconds

    async def tick(context: ContextTypes.DEFAULT_TYPE) -> None:
        heartbeat.tick_started_at = services.clock()
        try:
            report = await services.scheduler.tick()
        finally:
            # A tick that failed did not finish: /healthz notices when none has for too long.
            heartbeat.tick_started_at = None
        heartbeat.tick_finished_at = services.clock()
        monitor.metrics.ticked(report.users, report.enqueued, report.seconds)
        if report.users:
            log.info(
                "Scheduler tick: %d users, %d messages queued in %.3f s",
                report.users,
                report.enqueued,
                report.seconds,
            )
        if report.enqueued:
            sender.wake.set()

    if application.job_queue is None:
        raise RuntimeError("the scheduler needs python-telegram-bot's job-queue extra")
    application.job_queue.run_repeating(
        tick,  # type: ignore[arg-type]
        interval=tick_seconds,
        first=1.0,
        name=TICK_JOB,
        # A tick that overlaps the next one is skipped, not queued: the next one catches up.
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )
    runtime.task = asyncio.create_task(sender.run(runtime.stop), name="outbox-sender")
    return runtime


def start_last_seen_flush(
    application: BotApplication, *, interval: float = LAST_SEEN_SECONDS
) -> None:
    """Register the job that writes the buffered "last seen" times in one batch.

    It runs whether or not the scheduler does (tests that drive the scheduler by hand still
    see users' messages end their silence); the last flush happens at shutdown (``bot.app``).
    """
    accounts = application.bot_data.services.accounts

    async def flush(context: ContextTypes.DEFAULT_TYPE) -> None:
        await accounts.flush_seen()

    if application.job_queue is None:
        raise RuntimeError("the last-seen flush needs python-telegram-bot's job-queue extra")
    application.job_queue.run_repeating(
        flush,  # type: ignore[arg-type]
        interval=interval,
        first=interval,
        name=LAST_SEEN_JOB,
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )


SENDER_STOP_SECONDS = 1.5
"""How long the sender may take to finish the message in hand at shutdown (``bot.lifecycle``
gives the whole stop a deadline); after that it is cancelled."""


async def stop(runtime: SchedulerRuntime) -> None:
    """Let the sender finish the message in hand, then end it."""
    runtime.stop.set()
    runtime.sender.wake.set()
    if runtime.task is not None:
        try:
            await asyncio.wait_for(runtime.task, timeout=SENDER_STOP_SECONDS)
        except TimeoutError:
            runtime.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runtime.task
