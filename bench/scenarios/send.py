"""send: the outbox sender against a local Bot API that can take it, at 30/s and at 1,000/s.

The wave of the ``scheduler`` scenario (users in twelve zones, all owed their morning nudge at
one instant, one goal each with four weeks of history, so each nudge is their card and the end
of their first plan month: two messages) is ticked into the outbox; then the real bot's
``OutboxSender`` drains it, through its own services and Telegram client, into
``bench.local_bot_api``: a minimal aiohttp Bot API in a process of its own, which only says yes
and notes when each message arrived. The rate is counted there:

* **msg/s**: (messages - 1) / (last - first arrival);
* **of limit**: msg/s over the sender's rate;
* **busiest second**: the most messages that arrived within any one second (what Telegram's
  flood control counts): never above the limit;
* **CPU ms/msg**: the benchmark process (the bot: deciding what each nudge says, the requests,
  the records) per message; the local Bot API's CPU is its own process's.

Each rate drains its own share of the outbox, in the sender's own passes (``OutboxSender.run``
would call ``drain`` the same way). SQLite and PostgreSQL (when its server answers).

Last, on PostgreSQL only, **two instances**: two bots on the one database each run their sender
as the bot does (``OutboxSender.run``: one leads through the advisory lock, the other waits),
and half-way through the database session holding the lock is ended (as a network fault or an
administrator would): the other instance takes the sending over. What counts there is the
busiest second (the takeover's included) and that every chat got its messages once; the rate
over the whole drain includes the takeover's pause.
"""

from __future__ import annotations

import asyncio
import math
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aiohttp
import asyncpg

from bench.population import PopulationSpec
from bench.population_postgres import postgres_unreachable
from bench.report import Report, fmt_count, fmt_ms, fmt_rate, fmt_ratio
from bench.scenario import RunContext, Scenario
from bench.timing import RunningClock, busiest_second, rate_between
from bench.wave import WAVE, WAVE_ZONES
from bench.wins.databases import discard, populate
from bot.app import build_application
from bot.config import Settings
from bot.context import BotApplication
from bot.lifecycle import settle_heap
from bot.monitoring import Metrics
from bot.scheduler.sender import OutboxSender

TOKEN = "7000:AAE-local-bot-api-for-the-send-benchmark"
POSTGRES_URL_VARIABLE = "BENCH_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/bench_send_{pid}"
TARGETS = {30.0: 0.95, 1000.0: 0.9}
WEBHOOK_SECRET = "local-bot-api-bench"
OUTCOMES = ("sent", "skipped", "failed", "blocked", "uncertain")


@dataclass(frozen=True)
class Drain:
    """One measured drain: the sender's rate and how many deliveries it sends."""

    rate: float
    deliveries: int
    instances: int = 1

    @property
    def label(self) -> str:
        """How the table names it."""
        return f"{self.rate:g}/s" + (f", {self.instances} instances" if self.instances > 1 else "")


@dataclass(frozen=True)
class SendSizes:
    """How much each drain sends.

    Attributes:
        days: Days of history per goal.
        drains: The drains, in order, each on its own share of the outbox.
    """

    days: int
    drains: tuple[Drain, ...]

    @property
    def users(self) -> int:
        """Users in the wave: one delivery each."""
        return sum(drain.deliveries for drain in self.drains)


FULL = SendSizes(days=28, drains=(Drain(30, 300), Drain(1000, 3000), Drain(1000, 3000, 2)))
QUICK = SendSizes(days=7, drains=(Drain(30, 20), Drain(1000, 200), Drain(1000, 200, 2)))


@dataclass
class Drained:
    """What one drain did."""

    engine: str
    drain: Drain
    sent: int = 0
    skipped: int = 0
    other: int = 0
    cpu: float = 0.0
    wall: float = 0.0
    arrivals: list[float] = field(default_factory=list)
    chats: list[int] = field(default_factory=list)
    refused: int = 0
    cuts: int = 0

    @property
    def chats_reached(self) -> int:
        """Distinct chats that got a message."""
        return len(set(self.chats))

    @property
    def each_once(self) -> bool:
        """Every chat sent to got the same number of messages (the wave's users are alike: one
        with more got a card twice, one with fewer lost one), and as many chats as were sent."""
        counts = set(Counter(self.chats).values())
        return len(counts) <= 1 and self.chats_reached == self.sent

    @property
    def rate(self) -> float:
        """Messages per second between the first and the last arrival."""
        return rate_between(self.arrivals)

    @property
    def busiest_second(self) -> int:
        """The most arrivals within any one second."""
        return busiest_second(self.arrivals)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def local_bot_api() -> AsyncIterator[str]:
    """``bench.local_bot_api`` in its own process; yields its base URL."""
    port = _free_port()
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.local_bot_api",
        str(port),
        stdout=subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        if (await asyncio.wait_for(server.stdout.readline(), timeout=30)).strip() != b"ready":
            raise RuntimeError("the local Bot API did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.kill()
        await server.wait()


async def _api(base: str, method: str, path: str) -> Any:
    async with aiohttp.ClientSession() as session, session.request(method, base + path) as reply:
        return await reply.json()


@asynccontextmanager
async def the_bot(
    database_url: str, base: str, clock: RunningClock, *, webhook: bool = False
) -> AsyncIterator[BotApplication]:
    """The real bot on ``database_url``, talking to the local Bot API, its jobs not started.

    ``webhook``: configured for a webhook (its server not started), as a second instance on one
    PostgreSQL database must be (one polling instance per bot).
    """
    settings = Settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        telegram_api_base_url=f"{base}/bot",
        database_url=database_url,
        webhook_url="https://bench.invalid/telegram" if webhook else None,
        webhook_secret=WEBHOOK_SECRET if webhook else None,
    )
    app = build_application(settings, clock=clock, run_scheduler=False)
    await app.initialize()
    try:
        assert app.post_init is not None
        await app.post_init(app)
        settle_heap()  # as python -m bot does once it serves
        yield app
    finally:
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        await app.shutdown()


async def _drain(
    app: BotApplication, base: str, engine: str, drain: Drain, clock: RunningClock
) -> Drained:
    services = app.bot_data.services
    sender = OutboxSender(services.deliveries, app.bot, clock, rate=drain.rate)
    await _api(base, "POST", "/reset")
    result = Drained(engine, drain)
    handled = 0
    started, cpu = time.perf_counter(), time.process_time()
    while handled < drain.deliveries:
        report = await sender.drain(min(500, drain.deliveries - handled))
        handled += report.handled
        result.sent += report.sent
        result.skipped += report.skipped
        result.other += report.failed + report.uncertain + report.retried
        if report.handled == 0:
            break
    result.wall, result.cpu = time.perf_counter() - started, time.process_time() - cpu
    await _arrived(base, result)
    return result


async def _arrived(base: str, result: Drained) -> None:
    stats = await _api(base, "GET", "/stats")
    result.arrivals = sorted(time for times in stats["arrivals"].values() for time in times)
    result.chats = [int(chat) for chat in stats["chats"]]
    result.refused = int(stats["refused"])


async def _two_instances(
    apps: tuple[BotApplication, BotApplication],
    url: str,
    base: str,
    drain: Drain,
    clock: RunningClock,
) -> Drained:
    """Both instances' senders run as the bot runs them; the leader's lock is cut half-way."""
    metrics = [Metrics() for _ in apps]
    senders = [
        OutboxSender(
            app.bot_data.services.deliveries, app.bot, clock, rate=drain.rate, metrics=counted
        )
        for app, counted in zip(apps, metrics, strict=True)
    ]
    await _api(base, "POST", "/reset")
    result = Drained("postgresql", drain)

    def handled() -> int:
        return int(
            sum(m.sends.labels(outcome)._value.get() for m in metrics for outcome in OUTCOMES)
        )

    stop = asyncio.Event()
    started, cpu = time.perf_counter(), time.process_time()
    runs = [asyncio.create_task(sender.run(stop)) for sender in senders]
    seconds = 60 + 3 * drain.deliveries / drain.rate  # long enough, unless something is wrong
    try:
        await _until(lambda: handled() >= drain.deliveries // 2, seconds)
        result.cuts = await cut_the_sender(url, apps[0].bot.id)
        await _until(lambda: handled() >= drain.deliveries, seconds)
    finally:
        # As the bot stops its sender: the pass in hand ends and its records are written.
        stop.set()
        for sender in senders:
            sender.wake.set()
        await asyncio.wait(runs, timeout=10)
        for run in runs:
            run.cancel()
        await asyncio.gather(*runs, return_exceptions=True)
    result.wall, result.cpu = time.perf_counter() - started, time.process_time() - cpu
    result.sent = int(sum(m.sends.labels("sent")._value.get() for m in metrics))
    result.skipped = int(sum(m.sends.labels("skipped")._value.get() for m in metrics))
    result.other = handled() - result.sent - result.skipped
    await _arrived(base, result)
    return result


async def _until(done: Callable[[], bool], seconds: float) -> None:
    """Look at ``done()`` every 50 ms, for at most ``seconds``."""
    for _ in range(math.ceil(seconds / 0.05)):
        if done():
            return
        await asyncio.sleep(0.05)


async def cut_the_sender(url: str, bot_id: int) -> int:
    """End the database session holding the sender's advisory lock (its instance is not told).

    Returns how many sessions were ended (one while an instance sends).
    """
    conn = await asyncpg.connect(url)
    try:
        return int(
            await conn.fetchval(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks"
                " WHERE locktype = 'advisory' AND granted AND objid = hashtext($1)::oid"
                # Advisory locks are per database: other runs hold the same name in theirs.
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                f"small-wins sender {bot_id}",
            )
        )
    finally:
        await conn.close()


def _urls(context: RunContext) -> dict[str, str]:
    engines = context.engines or ("sqlite", "postgresql")
    urls = {}
    for engine in engines:
        if engine == "sqlite":
            urls[engine] = f"sqlite:///{context.workdir / 'send.db'}"
        else:
            base = os.environ.get(POSTGRES_URL_VARIABLE) or DEFAULT_POSTGRES_URL.format(
                pid=os.getpid()
            )
            urls[engine] = base
    return urls


async def run(sizes: SendSizes, context: RunContext) -> Report:
    """Build the wave on each engine, tick it, drain it at each rate, and report."""
    report = Report(
        "send",
        "OutboxSender into a local Bot API that can take it: 30/s and 1,000/s, SQLite and"
        " PostgreSQL",
    )
    spec = PopulationSpec(
        users=sizes.users,
        days=sizes.days,
        last_day=WAVE.date() - timedelta(days=1),
        next_due_at=WAVE,
        zones=WAVE_ZONES,
        nudge_at=WAVE,
    )
    results: list[Drained] = []
    async with local_bot_api() as base:
        for engine, url in _urls(context).items():
            if engine == "postgresql" and (why := await postgres_unreachable(url)) is not None:
                report.notes.append(f"PostgreSQL skipped: its server does not answer: {why}")
                continue
            context.progress(f"{engine}: building {fmt_count(sizes.users)} users")
            await populate(url, spec)
            try:
                clock = RunningClock(WAVE)
                async with the_bot(url, base, clock) as app:
                    ticked = await app.bot_data.services.scheduler.tick()
                    if ticked.enqueued != sizes.users:
                        raise AssertionError(f"the wave queued {ticked}")
                    clock.run()
                    for drain in sizes.drains:
                        if drain.instances > 1 and engine != "postgresql":
                            continue  # SQLite serves one instance
                        context.progress(f"{engine}: draining {drain.deliveries} at {drain.label}")
                        if drain.instances > 1:
                            async with the_bot(url, base, clock, webhook=True) as other:
                                results.append(
                                    await _two_instances((app, other), url, base, drain, clock)
                                )
                        else:
                            results.append(await _drain(app, base, engine, drain, clock))
            finally:
                await discard(url)
    _table(report, results)
    _notes(report, sizes)
    return report


ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _table(report: Report, results: list[Drained]) -> None:
    table = report.table(
        "OutboxSender into the local Bot API (rates from its arrival times)",
        "engine",
        "limit",
        "deliveries",
        "messages",
        "msg/s",
        "of limit",
        "busiest second",
        "chats, each once",
        "CPU ms/msg",
        "target",
    )
    for result in results:
        drain = result.drain
        share = result.rate / drain.rate
        target = None if drain.instances > 1 else TARGETS.get(drain.rate)
        under = result.busiest_second <= drain.rate and result.each_once
        if drain.instances > 1:
            # The rate over the drain includes the takeover's pause: the busiest second counts.
            goal = f"≤ {drain.rate:g} a second, lock cut {result.cuts}×"
            met = "met" if under and result.cuts == 1 else "MISSED"
        else:
            goal = "—" if target is None else f"≥ {target:.2f}×"
            met = "—" if target is None else ("met" if share >= target and under else "MISSED")
        table.add(
            ENGINE_NAMES[result.engine],
            drain.label,
            f"{result.sent} sent"
            + (f", {result.skipped} skipped" if result.skipped else "")
            + (f", {result.other} other" if result.other else ""),
            fmt_count(len(result.arrivals)),
            fmt_rate(result.rate),
            fmt_ratio(share),
            fmt_count(result.busiest_second),
            f"{fmt_count(result.chats_reached)}, {'yes' if result.each_once else 'NO'}",
            fmt_ms(result.cpu / max(len(result.arrivals), 1)),
            f"{goal} {met}" if met != "—" else goal,
        )


def _notes(report: Report, sizes: SendSizes) -> None:
    report.notes += [
        f"Wave: {fmt_count(sizes.users)} users due at {WAVE:%Y-%m-%d %H:%M} UTC, one goal each "
        f"with {sizes.days} days of history: a nudge is the goal's card and, on day 28, the "
        "plan month's review (two messages).",
        "Sender: OutboxSender(rate=...).drain() in passes of up to 500, with the real bot's "
        "services, journal and Telegram client (text posted over aiohttp, photos through PTB). "
        "The local Bot API (bench/local_bot_api.py) runs in its own process.",
        "busiest second: most arrivals in any sliding 1-second window; 'target': the issue's "
        "share of the limit, the busiest second at or under it, and every chat its messages "
        "once.",
        "2 instances (PostgreSQL): a second bot on the database, both senders run as the bot "
        "runs them (OutboxSender.run: advisory lock, 2 s grace for a new sender); once half the "
        "deliveries are handled, the session holding the lock is ended (pg_terminate_backend). "
        "msg/s there includes the takeover's pause; CPU is both instances' (one process).",
    ]


SCENARIO: Scenario[SendSizes] = Scenario(
    name="send",
    summary="outbox sender into a local Bot API at 30/s and 1,000/s (rate, busiest second)",
    full=FULL,
    quick=QUICK,
    run=run,
)

__all__ = ["FULL", "QUICK", "SCENARIO", "SendSizes"]
