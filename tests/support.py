"""Test helpers shared by the bot tests: a pinned clock and the bot wired to the fake Telegram."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator, Callable
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
from fake_telegram.inprocess import InProcessRequest
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


class SteppedTimer:
    """Virtual seconds for the sender's waits (``bot.scheduler.pacing.Timer``): no sleeping.

    A wait registers when it ends; nothing wakes until the test calls :meth:`step`, which moves
    time to the earliest end and wakes every wait due by then. The :class:`FrozenClock` moves
    along, so the fake Telegram dates each message in virtual time. :func:`settle` lets every
    task run until the expected number of them wait here again.
    """

    def __init__(self, clock: FrozenClock) -> None:
        """Start at virtual second 0, the clock's present instant."""
        self._clock = clock
        self._start = clock()
        self._now = 0.0
        self._waits: list[tuple[float, int, asyncio.Future[None]]] = []
        self._count = itertools.count()

    def now(self) -> float:
        """Virtual seconds since the start."""
        return self._now

    @property
    def waiting(self) -> int:
        """How many waits are open now."""
        return sum(1 for _, _, future in self._waits if not future.done())

    async def sleep_until(self, instant: float) -> None:
        """Return once time has been stepped to ``instant``."""
        if instant <= self._now:
            await asyncio.sleep(0)
            return
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waits, (instant, next(self._count), future))
        await future

    async def wait(self, event: asyncio.Event, seconds: float) -> None:
        """Return when ``event`` is set or ``seconds`` of virtual time have passed."""
        if event.is_set():
            return
        timeout = asyncio.ensure_future(self.sleep_until(self._now + seconds))
        woken = asyncio.ensure_future(event.wait())
        try:
            await asyncio.wait({timeout, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (timeout, woken):
                task.cancel()
            await asyncio.gather(timeout, woken, return_exceptions=True)

    def step(self) -> bool:
        """Move to the earliest open wait's end and wake all due by then; False if none."""
        while self._waits and self._waits[0][2].done():
            heapq.heappop(self._waits)
        if not self._waits:
            return False
        self._now = max(self._now, self._waits[0][0])
        self._clock.set(self._start + timedelta(seconds=self._now))
        while self._waits and self._waits[0][0] <= self._now:
            _, _, future = heapq.heappop(self._waits)
            if not future.done():
                future.set_result(None)
        return True


async def settle(timer: SteppedTimer, waits: int, *, unless: Callable[[], bool]) -> None:
    """Yield until ``waits`` waits are open on ``timer`` (or ``unless()``): every task has run
    as far as it can before time moves. Never sleeps: real I/O completes meanwhile."""
    for _ in range(1_000_000):
        if timer.waiting >= waits or unless():
            return
        await asyncio.sleep(0)
    raise AssertionError(f"{timer.waiting} waits open, not {waits}")


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
    http: bool = False,
) -> AsyncIterator[BotApplication]:
    """The real Application, polling the fake, until the block ends (a clean stop).

    With ``run_scheduler=False`` the tick job and the sender task are not started, so a test
    can drive them step by step (``services.scheduler.tick()`` and an ``OutboxSender``).

    PTB's calls reach the fake in-process (``fake_telegram.inprocess``: the same answers, no
    sockets), unless ``http``: then over HTTP, as in production (the transport's own faults:
    a cut connection, a slow answer, the server gone). The scheduler's sender always posts
    over HTTP.
    """
    application = build_application(
        settings,
        clock=clock,
        repository=repository,
        application_class=TrackingApplication,
        run_scheduler=run_scheduler,
        request=None if http else InProcessRequest(fake),
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
