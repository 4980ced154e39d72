"""Test helpers shared by the bot tests: a pinned clock and the bot wired to the fake Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import build_application
from bot.config import Settings
from bot.context import BotApplication
from bot.scheduler.jobs import TICK_JOB
from bot.web import WebServer, webhook_running
from fake_telegram import FakeTelegram, TrackingApplication
from fake_telegram.harness import running
from storage.base import Repository


class FrozenClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        """Start at an aware instant."""
        if start.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self.current = start.astimezone(UTC)

    def __call__(self) -> datetime:
        """The pinned time."""
        return self.current

    def advance(self, **delta: float) -> datetime:
        """Move forward, e.g. ``advance(minutes=5)``."""
        self.current += timedelta(**delta)
        return self.current

    def set(self, moment: datetime) -> None:
        """Jump to an aware instant."""
        self.current = moment.astimezone(UTC)


def settings_for(fake: FakeTelegram, database: Path) -> Settings:
    """Settings pointing the bot at the fake and at a database file; no .env is read.

    The scheduler ticks once, right after start, then only after an hour of real time: the
    clock is pinned, so a tick that came every 30 s would land at whatever moment a slow test
    (a loaded machine, a long journey) had reached, and send what that moment is owed in the
    middle of a reaction. Tests that want the scheduled messages drive it (``step``).
    """
    return Settings(
        _env_file=None,
        telegram_bot_token=fake.token,
        telegram_api_base_url=fake.base_url,
        database_url=f"sqlite:///{database}",
        scheduler_tick_seconds=3600,
    )


WEBHOOK_SECRET = "the-webhook-secret_42"


def webhook_settings(fake: FakeTelegram, database: str) -> Settings:
    """Settings for webhook mode on an ephemeral port of 127.0.0.1; no .env is read.

    ``WEBHOOK_URL`` only switches the mode on: :func:`bot_on_webhook` tells the fake the URL
    with the port the system chose.
    """
    return Settings(
        _env_file=None,
        telegram_bot_token=fake.token,
        telegram_api_base_url=fake.base_url,
        database_url=database,
        webhook_url="http://127.0.0.1/telegram",
        webhook_secret=WEBHOOK_SECRET,
        webhook_listen="127.0.0.1",
        port=0,
    )


@asynccontextmanager
async def bot_on_webhook(
    fake: FakeTelegram,
    settings: Settings,
    clock: FrozenClock,
    repository: Repository | None = None,
    *,
    run_scheduler: bool = True,
    public_url: str | None = None,
) -> AsyncIterator[tuple[BotApplication, WebServer]]:
    """The real Application in webhook mode: the fake posts every update to its web server.

    With ``public_url`` (a load balancer in front of several instances) the bot registers that
    URL with the fake instead of its own address.
    """
    application = build_application(
        settings,
        clock=clock,
        repository=repository,
        application_class=TrackingApplication,
        run_scheduler=run_scheduler,
    )
    fake.attach(application)
    try:
        async with webhook_running(
            application,
            settings,
            url_for_port=lambda port: (
                public_url or f"http://127.0.0.1:{port}{settings.webhook_path}"
            ),
        ) as server:
            yield application, server
    finally:
        fake.detach(application)


@asynccontextmanager
async def bot_running(
    fake: FakeTelegram,
    settings: Settings,
    clock: FrozenClock,
    repository: Repository | None = None,
    *,
    run_scheduler: bool = True,
) -> AsyncIterator[BotApplication]:
    """The real Application, polling the fake, until the block ends (a clean stop).

    With ``run_scheduler=False`` the tick job and the sender task are not started, so a test
    can drive them step by step (``services.scheduler.tick()`` and an ``OutboxSender``).
    """
    application = build_application(
        settings,
        clock=clock,
        repository=repository,
        application_class=TrackingApplication,
        run_scheduler=run_scheduler,
    )
    async with running(fake, application):
        if run_scheduler:
            await _first_tick_now(application, settings.scheduler_tick_seconds)
        yield application


async def _first_tick_now(application: BotApplication, interval: float) -> None:
    """Run the scheduler's first tick before the test acts, and the next one an interval later.

    Left to the job queue's own timer (a second after start), the first tick would fall at
    whatever the test's pinned clock says by then: on a busy machine, in the evening a journey
    has moved to, with a reminder landing between a message and its reply.
    """
    job_queue = application.job_queue
    assert job_queue is not None
    for job in job_queue.get_jobs_by_name(TICK_JOB):
        await job.run(application)
        job.job.modify(next_run_time=datetime.now(UTC) + timedelta(seconds=interval))
