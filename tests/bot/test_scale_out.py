"""Scaling out: two real instances on one PostgreSQL database, as ``deploy/compose.yaml`` runs
them.

* Behind one webhook (a load balancer sends Telegram's updates to each instance in turn), many
  people writing at once, each person's messages spread over both instances and handled side by
  side: every win is counted once, a "done" sent twice at once logs one win.
* A morning wave, and the instance sending it is killed half-way (its sender stops dead and its
  database connections drop): its sender role moves to the other instance, the deliveries it had
  claimed wait for their lease to end (the pinned clock moves past it) and then go out, the one
  it was sending when it died is not sent again. Everyone gets the morning message exactly once,
  and Telegram (the fake, with flood control) never sees more than its limit in any second.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from bot.coach.models import EntryStatus
from bot.context import BotApplication
from bot.scheduler import sender as sender_module
from bot.scheduler.sender import LEASE, OutboxSender
from bot.web import WebServer
from fake_telegram import FakeTelegram
from storage.open import open_repository
from storage.sql import SqlRepository
from tests.balancer import RoundRobin
from tests.bot.daily import add_habit, add_novel, entries_of
from tests.bot.journeys import set_up
from tests.bot.scheduling import MONDAY, add_goal, enrol, local
from tests.databases import POSTGRES
from tests.support import WEBHOOK_SECRET, FrozenClock, bot_on_webhook, webhook_settings

CADDYFILE = Path(__file__).resolve().parents[2] / "deploy" / "Caddyfile"

WRITERS = 6
SESSIONS = 6
"""Each writer logs this many sessions of words at once."""
DOERS = 8
"""Each doer sends "done" twice at once."""

USERS = 240
"""People due at the same minute: at ``SEND_RATE`` their morning takes 10 s."""
SEND_RATE = 25.0
"""The instances' ``SEND_RATE``, the default."""
CLAIM_SECONDS = 6.0
"""Seconds' worth of deliveries a sender claims at a time: 150 at ``SEND_RATE`` (15 s, 375, in
production). Fewer than ``USERS``: the killed instance leaves claimed and unclaimed deliveries
behind, as in a production wave larger than one claim, and the wave takes 10 s, not 30 s."""
LIMIT = 30
"""Messages a second the fake Telegram takes, as Telegram does; one more in a second gets a 429.
Two instances sending at once would pass it (and be refused), one at ``SEND_RATE`` never does."""
KILLED_AT = 80
"""Morning messages sent before the sending instance is killed (mid-send of the next one)."""


@pytest.fixture
async def fake(clock: FrozenClock) -> AsyncIterator[FakeTelegram]:
    """The fake Telegram with flood control, as Telegram counts a bot's messages."""
    async with FakeTelegram(clock=clock, flood_limit=LIMIT) as server:
        yield server


@pytest.fixture
async def database() -> str:
    """This run's PostgreSQL database, emptied; the instances open it themselves."""
    repository = await POSTGRES.fresh()
    await repository.close()
    return POSTGRES.url


def address(server: WebServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def updates_handled(app: BotApplication) -> float:
    """Updates this instance handled (its own metrics)."""
    [family] = [
        f
        for f in app.bot_data.monitor.metrics.registry.collect()
        if f.name == ("smallwins_updates")
    ]
    return sum(sample.value for sample in family.samples if sample.name.endswith("_total"))


async def test_two_instances_behind_one_webhook_count_every_win_once(
    fake: FakeTelegram, clock: FrozenClock, database: str
) -> None:
    settings = webhook_settings(fake, database)
    async with (
        RoundRobin(settings.webhook_path) as balancer,
        bot_on_webhook(fake, settings, clock, run_scheduler=False, public_url=balancer.url) as (
            first,
            one,
        ),
        bot_on_webhook(fake, settings, clock, run_scheduler=False, public_url=balancer.url) as (
            second,
            two,
        ),
    ):
        balancer.upstreams[:] = [address(one), address(two)]
        writers = [fake.user(5000 + n, f"W{n}") for n in range(WRITERS)]
        doers = [fake.user(6000 + n, f"D{n}") for n in range(DOERS)]
        # Set-up is a conversation: its answers alternate between the instances too.
        await asyncio.gather(*(set_up(person) for person in writers + doers))
        db = await open_repository(database)
        try:
            novels = [await add_novel(db, user_id=p.id, now=clock()) for p in writers]
            walks = [
                await add_habit(db, "Feel fit", "walk to work", None, now=clock(), user_id=p.id)
                for p in doers
            ]

            # Everyone at once: a burst of sessions from each writer, two "done"s from each doer.
            sessions = {p.id: [100 + 10 * n + p.id % 7 for n in range(SESSIONS)] for p in writers}
            posted = [
                (p, p.post(f"wrote {words} words")) for p in writers for words in sessions[p.id]
            ]
            posted += [(p, p.post("done")) for p in doers for _ in range(2)]
            reactions = await asyncio.gather(*(p.reaction(update) for p, update in posted))

            logged = {novel.user_id: await entries_of(db, novel) for novel in novels}
            walked = [await entries_of(db, walk) for walk in walks]
        finally:
            await db.close()
        handled = [updates_handled(first), updates_handled(second)]

    for writer in writers:
        entries = logged[writer.id]
        assert sorted(e.quantity or 0 for e in entries) == sorted(sessions[writer.id])
        assert all(e.status is EntryStatus.DONE for e in entries)
    for entries in walked:
        assert [e.status for e in entries] == [EntryStatus.DONE]  # two "done"s, one win
    assert all(reaction.sent for reaction in reactions)  # every message was answered
    assert sum(handled) == sum(balancer.forwarded.values())  # each update handled once
    assert len(balancer.forwarded) == 2  # both instances took updates
    assert min(handled) > 0
    assert fake.bot_errors() == []


@dataclass
class Instance:
    """One running instance of the bot, with the sender ``bot.scheduler.jobs`` would start."""

    app: BotApplication
    server: WebServer
    repository: SqlRepository
    stop: asyncio.Event
    task: asyncio.Task[None]

    @classmethod
    def start(
        cls, app: BotApplication, server: WebServer, repository: SqlRepository, clock: FrozenClock
    ) -> Instance:
        services = app.bot_data.services
        sender = OutboxSender(
            services.deliveries,
            app.bot,
            clock,
            rate=SEND_RATE,
            metrics=app.bot_data.monitor.metrics,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(sender.run(stop), name=f"outbox-sender-{server.port}")
        return cls(app, server, repository, stop, task)

    @property
    def sent(self) -> float:
        """Scheduled messages this instance sent and recorded (its own metrics)."""
        return float(self.app.bot_data.monitor.metrics.sends.labels("sent")._value.get())

    @property
    def uncertain(self) -> float:
        return float(self.app.bot_data.monitor.metrics.sends.labels("uncertain")._value.get())

    async def kill(self) -> None:
        """The process dies: nothing of it runs any more, and its connections drop."""
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        await self.server.stop()
        if self.app.job_queue is not None:
            await self.app.job_queue.stop(wait=False)

    def drop_connections(self) -> None:
        """The server sees its connections close (as at a process' death): its locks go."""
        self.repository.engine.pool.terminate()  # type: ignore[attr-defined]

    async def close(self) -> None:
        self.stop.set()
        if not self.task.done():
            await asyncio.wait_for(self.task, timeout=5)


async def everyone_due_on_monday(fake: FakeTelegram, app: BotApplication, database: str) -> None:
    """USERS people set up as Ada is (Berlin, a nudge at 7:30, one goal), chats open."""
    services = app.bot_data.services
    await enrol(fake, services, 1, name="Ada")
    db = await open_repository(database)
    try:
        await add_goal(db, 1, services.clock(), start=MONDAY)
    finally:
        await db.close()
    conn = await asyncpg.connect(database)
    try:
        for table, key in (("users", "user_id"), ("goals", "goal_id")):
            columns = [
                row[0]
                for row in await conn.fetch(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = $1"
                    " AND column_name NOT IN ('user_id', 'chat_id', $2) ORDER BY ordinal_position",
                    table,
                    key,
                )
            ]
            listed = ", ".join(columns)
            ids = "user_id, chat_id" if table == "users" else "user_id"
            copies = "g, g" if table == "users" else "g"
            await conn.execute(
                f"INSERT INTO {table} ({ids}, {listed}) SELECT {copies}, {listed}"
                f" FROM {table}, generate_series(2, $1) AS g WHERE user_id = 1",
                USERS,
            )
    finally:
        await conn.close()
    for user_id in range(2, USERS + 1):
        fake.user(user_id, f"P{user_id}", started=True)


async def claimed_by_the_dead(database: str) -> tuple[set[int], int]:
    """The users whose morning message the killed sender had claimed and not recorded, and the
    one it was sending when it died."""
    conn = await asyncpg.connect(database)
    try:
        rows = await conn.fetch(
            "SELECT user_id, sending FROM outbox WHERE status = 'pending'"
            " AND claimed_until IS NOT NULL"
        )
    finally:
        await conn.close()
    [in_flight] = [row["user_id"] for row in rows if row["sending"] is not None]
    return {row["user_id"] for row in rows}, in_flight


async def until_nothing_is_pending(app: BotApplication) -> None:
    """Wait until every delivery has an outcome (each check is a database round trip)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while loop.time() < deadline:
        health = await app.bot_data.services.health.outbox()
        if health is not None and health.backlog == 0:
            return
    raise AssertionError("the outbox still holds pending deliveries after 60 s")


def most_in_one_second(arrivals: list[float]) -> int:
    """The most requests that arrived within any one second (a sliding window)."""
    ordered = sorted(arrivals)
    most, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_a_morning_wave_survives_the_sending_instance_being_killed(
    fake: FakeTelegram, clock: FrozenClock, database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sender_module, "CLAIM_SECONDS", CLAIM_SECONDS)
    settings = webhook_settings(fake, database).model_copy(update={"send_rate": SEND_RATE})
    repositories = [await open_repository(database) for _ in range(2)]
    instances: list[Instance] = []
    async with contextlib.AsyncExitStack() as stack:
        for repository in repositories:
            stack.push_async_callback(repository.close)
        started = [
            await stack.enter_async_context(
                bot_on_webhook(fake, settings, clock, repository, run_scheduler=False)
            )
            for repository in repositories
        ]
        await everyone_due_on_monday(fake, started[0][0], database)
        clock.set(local(MONDAY, 7, 30))
        await started[1][0].bot_data.services.scheduler.tick()  # the wave: USERS nudges due
        # The next message after KILLED_AT reaches the chat, but its answer never comes back
        # to the sender: the instance is killed while it waits.
        fake.faults.inject("slow", method="sendMessage", after=KILLED_AT, delay=600)
        instances = [
            Instance.start(app, server, repository, clock)
            for (app, server), repository in zip(started, repositories, strict=True)
        ]
        for instance in instances:
            stack.push_async_callback(instance.close)

        await fake.wait_for(
            lambda: fake.arrivals.count("sendMessage") > KILLED_AT,
            timeout=120,
            what=f"{KILLED_AT + 1} morning messages",
        )
        [dead] = [instance for instance in instances if instance.sent > 0]
        [standby] = [instance for instance in instances if instance is not dead]
        await dead.kill()
        claimed, in_flight = await claimed_by_the_dead(database)
        dead.drop_connections()

        # The standby takes the sender role and sends what nobody had claimed.
        await fake.wait_for(
            lambda: fake.arrivals.count("sendMessage") >= USERS - len(claimed) + 1,
            timeout=120,
            what="the morning messages nobody had claimed",
        )
        waiting = [uid for uid in claimed - {in_flight} if fake.user(uid).messages]
        clock.advance(seconds=LEASE.total_seconds() + 1)  # the killed instance's leases end
        await fake.wait_for(
            lambda: fake.arrivals.count("sendMessage") >= USERS,
            timeout=120,
            what="every morning message",
        )
        await until_nothing_is_pending(standby.app)
        leads = await standby.app.bot_data.services.deliveries.lead(standby.app.bot.id)

    received = Counter(len(fake.user(user_id).messages) for user_id in range(1, USERS + 1))
    sends = fake.calls_to("sendMessage")
    assert received == {1: USERS}  # everyone got the morning message exactly once
    assert waiting == []  # nobody else sent what the killed instance had claimed
    assert len(claimed) > 1
    assert leads  # the sender role moved
    assert dead.sent == KILLED_AT
    assert standby.sent == USERS - KILLED_AT - 1
    assert standby.uncertain == 1  # the message on its way when the instance died: not resent
    assert [call for call in sends if not call.ok] == []  # no 429, no error
    assert most_in_one_second([call.arrived for call in sends]) <= LIMIT


@asynccontextmanager
async def caddy_in_front(upstreams: list[WebServer], folder: Path) -> AsyncIterator[str]:
    """Caddy running ``deploy/Caddyfile`` on a port of 127.0.0.1 (plain HTTP: no certificate),
    sending the webhook's path to these instances; yields its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    environment = {
        **os.environ,
        "BOT_DOMAIN": f"http://127.0.0.1:{port}",
        "BOT_UPSTREAMS": " ".join(f"127.0.0.1:{server.port}" for server in upstreams),
        "CADDY_ADMIN": "off",
        "XDG_DATA_HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder),
    }
    process = await asyncio.create_subprocess_exec(
        "caddy",
        "run",
        "--adapter",
        "caddyfile",
        "--config",
        str(CADDYFILE),
        env=environment,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        async with asyncio.timeout(30):
            while b"serving initial configuration" not in (line := await process.stderr.readline()):
                assert line, "Caddy ended before it served"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        await process.wait()


@pytest.mark.skipif(shutil.which("caddy") is None, reason="needs caddy")
async def test_caddy_sends_telegram_s_webhook_to_both_instances_and_nothing_else(
    fake: FakeTelegram, clock: FrozenClock, database: str, tmp_path: Path
) -> None:
    settings = webhook_settings(fake, database)
    async with contextlib.AsyncExitStack() as stack:
        started = [
            await stack.enter_async_context(
                bot_on_webhook(fake, settings, clock, run_scheduler=False)
            )
            for _ in range(2)
        ]
        proxy = await stack.enter_async_context(
            caddy_in_front([server for _, server in started], tmp_path)
        )
        # Telegram posts to the proxy, with the secret each instance checks.
        await started[0][0].bot.set_webhook(
            proxy + settings.webhook_path, secret_token=WEBHOOK_SECRET
        )
        people = [fake.user(7000 + n, f"C{n}") for n in range(8)]
        answers = [await person.send("/help") for person in people]
        http = await stack.enter_async_context(aiohttp.ClientSession())
        statuses = {}
        for method, path in (("GET", "/healthz"), ("GET", "/metrics"), ("POST", "/telegram")):
            async with http.request(method, proxy + path, json={}) as response:
                statuses[method, path] = response.status
        handled = [updates_handled(app) for app, _ in started]

    assert all("/settings" in answer.text for answer in answers)
    assert min(handled) > 0  # both instances took updates
    assert sum(handled) == len(people)
    assert statuses == {
        ("GET", "/healthz"): 404,  # not routed from outside
        ("GET", "/metrics"): 404,
        ("POST", "/telegram"): 403,  # routed, and refused by the bot without the secret
    }
    assert fake.bot_errors() == []
