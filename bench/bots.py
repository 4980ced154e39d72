"""The applications under measurement, each running against the fake Telegram.

* :func:`small_wins` - the real bot from ``bot.app.build_application`` on a SQLite file, with
  its storage wrapped in a :class:`StorageMeter` (through the public ``repository=`` argument)
  so a run can say how long updates waited on the database.
* :func:`do_nothing` - the yardstick: a bare PTB application whose one handler replies "ok".

Both record, through ``TrackingApplication``'s update listener, the ``perf_counter`` instant each
update finished processing (:class:`ProcessedTimes`), so latency is measured from the moment a
simulated user's update was queued to the moment the bot was done with it - not to the moment a
waiting coroutine happened to be woken up.
"""

from __future__ import annotations

import inspect
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.app import build_application
from bot.clock import Clock
from bot.config import Settings
from fake_telegram import FakeTelegram, FakeUser, TrackingApplication
from fake_telegram.harness import application_builder, running
from storage.base import Repository
from storage.sqlite import SqliteRepository

# The instant the tests pin as well: a Sunday evening, 21:40 in Berlin, 15:40 in New York.
PINNED_NOW = datetime(2026, 11, 22, 20, 40, tzinfo=UTC)

AnyTrackingApplication = TrackingApplication[Any, Any, Any, Any, Any, Any]


def pinned_clock(moment: datetime = PINNED_NOW) -> Clock:
    """A clock stuck at ``moment``, so every run renders the same texts."""
    if moment.tzinfo is None:
        raise ValueError("the clock needs an aware datetime")
    fixed = moment.astimezone(UTC)
    return lambda: fixed


def fake_telegram(clock: Clock | None = None) -> FakeTelegram:
    """A fake Bot API server set up for load rather than for assertions.

    The journal is kept short because every ``reaction()`` scans it: the default 20,000 calls
    would make the simulated users, not the bot, the cost being measured. Two thousand calls is
    far more than can happen between one update being queued and processed here. The action
    timeout is long because under load an update may wait behind many others.
    """
    return FakeTelegram(clock=clock, journal_size=2_000, action_timeout=120.0)


def chat_partner(fake: FakeTelegram, user_id: int, first_name: str) -> FakeUser:
    """A simulated user with an open chat, kept out of the fake's per-send user list.

    The fake serialises every user it knows on each sendMessage (for ``tg://user?id=`` links,
    ``fake_telegram/methods_messages.py``: ``state.users_json()``), so each registered user adds
    0.4-0.8 µs to every message the bot sends (with 5,000 users known, the do-nothing app fell
    from about 250 to 120-170 updates/s). A benchmark that talks to hundreds or thousands of
    users would otherwise measure that growing cost. The chat and the
    :class:`FakeUser` keep working (they hold the user themselves); only ``tg://user`` links to
    this user would no longer resolve, and the bot sends none.
    """
    user = fake.user(user_id, first_name, started=True)
    fake.state.users.pop(user_id, None)
    return user


class ProcessedTimes:
    """When each update finished processing (``perf_counter``), by update id."""

    def __init__(self) -> None:
        """Start empty; pass :meth:`record` to ``add_update_listener``."""
        self._at: dict[int, float] = {}

    def record(self, update: object) -> None:
        """The update listener: note the time now."""
        update_id = getattr(update, "update_id", None)
        if isinstance(update_id, int):
            self._at[update_id] = time.perf_counter()

    def at(self, update_id: int) -> float:
        """The instant ``update_id`` was done (it must have been processed)."""
        return self._at[update_id]


class StorageMeter:
    """A repository wrapper counting calls and the wall time spent awaiting them.

    A delegating proxy rather than a subclass so it works for any backend and stays correct when
    the contract grows. Because PTB processes one update at a time here, the time an update
    spends awaiting storage is time the whole bot waits: that is what ``seconds`` adds up.
    """

    def __init__(self, inner: Repository) -> None:
        """Wrap ``inner``; use :meth:`as_repository` where a ``Repository`` is expected."""
        self.inner = inner
        self.calls: Counter[str] = Counter()
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        """Every coroutine method of the inner repository, timed."""
        attribute = getattr(self.inner, name)
        if name == "close" or not inspect.iscoroutinefunction(attribute):
            return attribute
        method = cast(Callable[..., Awaitable[Any]], attribute)

        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls[name] += 1

        return timed

    def as_repository(self) -> Repository:
        """This meter, typed as the Repository it stands in for."""
        # The proxy is structurally a Repository at run time (every attribute is forwarded);
        # mypy cannot see through __getattr__, hence the cast.
        return cast(Repository, self)

    def snapshot(self) -> tuple[int, float]:
        """(calls so far, seconds so far): subtract two snapshots to measure a stretch."""
        return sum(self.calls.values()), self.seconds


@dataclass(frozen=True)
class RunningBot:
    """An application polling the fake, with what the benchmark observes of it."""

    app: AnyTrackingApplication
    processed: ProcessedTimes
    storage: StorageMeter | None  # None for applications without storage


def describe_rate_limiter(app: AnyTrackingApplication) -> str:
    """The bot's rate limiter and, for PTB's AIORateLimiter, its overall budget."""
    limiter = app.bot.rate_limiter
    if limiter is None:
        return "none"
    name = type(limiter).__name__
    # PTB exposes no accessor for the configured budget; read it for the description only.
    overall = getattr(limiter, "_base_limiter", None)
    rate, period = getattr(overall, "max_rate", None), getattr(overall, "time_period", None)
    if isinstance(rate, int | float) and isinstance(period, int | float):
        return f"{name}, {rate:g} requests per {period:g} s over requests that carry a chat_id"
    return name


def _tracked(app: object) -> AnyTrackingApplication:
    if not isinstance(app, TrackingApplication):
        raise TypeError("the benchmark needs a TrackingApplication to know when updates finish")
    return app


@asynccontextmanager
async def small_wins(
    fake: FakeTelegram,
    database: Path,
    *,
    clock: Clock,
    rate_limiter: bool = True,
    run_scheduler: bool = True,
) -> AsyncIterator[RunningBot]:
    """The real bot, built by the composition root, polling ``fake``, storing in ``database``.

    Args:
        fake: A started fake Telegram.
        database: A SQLite file (created, migrated).
        clock: The bot's clock.
        rate_limiter: ``False`` removes the bot's ``AIORateLimiter`` after building - a
            diagnostic that shows what the code itself costs once the 30-requests-per-second
            throttle is out of the way. Not a supported setting of the bot.
        run_scheduler: Passed to ``build_application``: ``False`` leaves out the tick job and
            the outbox sender (scheduler benchmarks may want to drive them step by step).
    """
    settings = Settings(
        _env_file=None,
        telegram_bot_token=fake.token,
        telegram_api_base_url=fake.base_url,
        database_url=f"sqlite:///{database}",
    )
    meter = StorageMeter(await SqliteRepository.open(database))
    try:
        app = _tracked(
            build_application(
                settings,
                clock=clock,
                repository=meter.as_repository(),
                application_class=TrackingApplication,
                run_scheduler=run_scheduler,
            )
        )
        if not rate_limiter:
            # No public way to unset it after build(); ExtBot consults this attribute on every
            # request and in initialize()/shutdown(), so clearing it before start is consistent.
            app.bot._rate_limiter = None
        processed = ProcessedTimes()
        app.add_update_listener(processed.record)
        async with running(fake, app):
            yield RunningBot(app, processed, meter)
    finally:
        await meter.inner.close()


async def _reply_ok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message("ok")


@asynccontextmanager
async def do_nothing(fake: FakeTelegram) -> AsyncIterator[RunningBot]:
    """A bare PTB application (PTB's defaults, no rate limiter) replying "ok" to every update."""
    app = _tracked(application_builder(fake).build())
    app.add_handler(TypeHandler(Update, _reply_ok))
    processed = ProcessedTimes()
    app.add_update_listener(processed.record)
    async with running(fake, app):
        yield RunningBot(app, processed, None)
