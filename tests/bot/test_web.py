"""Webhook mode, /healthz and /metrics through the real Application and the fake Telegram.

In webhook mode the fake posts each update to the bot's own web server, as Telegram does after
``setWebhook``; a person running the bot (or Docker, or Prometheus) reads ``/healthz`` and
``/metrics`` from the same server. In polling mode the two are served on ``METRICS_PORT``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.config import Settings
from bot.context import BotApplication
from bot.scheduler.jobs import TICK_JOB
from bot.web import SECRET_HEADER, WebServer
from fake_telegram import FakeTelegram
from tests.bot.scheduling import MONDAY, add_goal, driven_bot, enrol, local
from tests.databases import ADMIN_URL, POSTGRES
from tests.support import (
    WEBHOOK_SECRET,
    FrozenClock,
    bot_on_webhook,
    bot_running,
    settings_for,
    webhook_settings,
)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        yield session


@pytest.fixture
async def webhook_bot(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path
) -> AsyncIterator[tuple[BotApplication, WebServer]]:
    settings = webhook_settings(fake, f"sqlite:///{tmp_path / 'bot.db'}")
    async with bot_on_webhook(fake, settings, clock) as running:
        yield running


def url(server: WebServer | BotApplication, path: str) -> str:
    port = server.port if isinstance(server, WebServer) else server.bot_data.monitor.port
    return f"http://127.0.0.1:{port}{path}"


def an_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    """What Telegram posts when a person sends a command."""
    person = {"id": user_id, "is_bot": False, "first_name": "Mallory"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_790_000_000,
            "chat": {"id": user_id, "type": "private", "first_name": "Mallory"},
            "from": person,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a /metrics page by (name, labels)."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def get_json(http: aiohttp.ClientSession, address: str) -> tuple[int, dict[str, Any]]:
    async with http.get(address) as response:
        assert response.content_type == "application/json"
        body: dict[str, Any] = await response.json()
        return response.status, body


# --- webhook mode ------------------------------------------------------------------------------


async def test_in_webhook_mode_people_are_answered_through_the_webhook(
    fake: FakeTelegram, webhook_bot: tuple[BotApplication, WebServer]
) -> None:
    _, server = webhook_bot
    ada = fake.user(1001, "Ada")

    reaction = await ada.send("/start")

    assert "Hi, Ada" in reaction.text
    assert fake.state.webhook.url == url(server, "/telegram")
    assert fake.state.webhook.secret_token == WEBHOOK_SECRET
    assert fake.state.updates.polls == 0  # nothing was fetched with getUpdates


@pytest.mark.parametrize(
    "headers",
    [{}, {SECRET_HEADER: "a-guess"}, {SECRET_HEADER: WEBHOOK_SECRET + "x"}],
    ids=["missing", "wrong", "longer"],
)
async def test_a_request_without_the_right_secret_is_refused_and_never_handled(
    fake: FakeTelegram,
    webhook_bot: tuple[BotApplication, WebServer],
    http: aiohttp.ClientSession,
    headers: dict[str, str],
) -> None:
    app, server = webhook_bot
    before = fake.mark()

    async with http.post(
        url(server, "/telegram"), json=an_update(990_001, 6666, "/start"), headers=headers
    ) as response:
        status = response.status

    assert status == 403
    assert await app.bot_data.services.accounts.get(6666) is None
    assert fake.calls_since(before) == []  # no reply, no anything
    assert not fake.is_processed(990_001)


async def test_an_update_with_the_right_secret_is_handled(
    fake: FakeTelegram,
    webhook_bot: tuple[BotApplication, WebServer],
    http: aiohttp.ClientSession,
) -> None:
    app, server = webhook_bot
    fake.user(6667, "Mallory", started=True)

    async with http.post(
        url(server, "/telegram"),
        json=an_update(990_002, 6667, "/start"),
        headers={SECRET_HEADER: WEBHOOK_SECRET},
    ) as response:
        assert response.status == 200
    await fake.wait_processed(990_002)

    assert await app.bot_data.services.accounts.get(6667) is not None
    assert "Hi, Mallory" in fake.user(6667).last_message.text


async def test_telegram_keeps_an_update_the_bot_refused_and_delivers_it_once_the_secret_is_right(
    fake: FakeTelegram, webhook_bot: tuple[BotApplication, WebServer]
) -> None:
    ada = fake.user(1001, "Ada")
    fake.state.webhook.secret_token = "an-old-secret"  # as if WEBHOOK_SECRET had just changed

    update_id = ada.post("/start")
    await fake.wait_for(
        lambda: "403" in (fake.state.webhook.last_error_message or ""), what="a refused delivery"
    )

    assert not fake.is_processed(update_id)
    assert ada.messages == []

    fake.state.webhook.secret_token = WEBHOOK_SECRET
    reaction = await ada.reaction(update_id)

    assert "Hi, Ada" in reaction.text


async def test_a_body_that_is_not_an_update_is_refused(
    webhook_bot: tuple[BotApplication, WebServer], http: aiohttp.ClientSession
) -> None:
    _, server = webhook_bot

    async with http.post(
        url(server, "/telegram"), data=b"{not json", headers={SECRET_HEADER: WEBHOOK_SECRET}
    ) as response:
        assert response.status == 400


# --- /healthz ----------------------------------------------------------------------------------


async def test_healthz_reports_a_healthy_bot_with_its_figures(
    fake: FakeTelegram,
    webhook_bot: tuple[BotApplication, WebServer],
    http: aiohttp.ClientSession,
) -> None:
    _, server = webhook_bot

    status, body = await get_json(http, url(server, "/healthz"))

    assert status == 200
    assert body["status"] == "ok"
    assert body["problems"] == []
    assert body["database"] == "ok"
    assert body["outbox_backlog"] == 0
    assert body["last_sent_age_seconds"] is None  # nothing was ever sent
    assert set(body) >= {"last_tick_age_seconds", "outbox_oldest_due_age_seconds"}


async def test_healthz_turns_unhealthy_when_the_scheduler_stops_ticking_and_recovers_after_a_tick(
    webhook_bot: tuple[BotApplication, WebServer],
    http: aiohttp.ClientSession,
    clock: FrozenClock,
) -> None:
    app, server = webhook_bot
    assert app.job_queue is not None
    [tick] = app.job_queue.get_jobs_by_name(TICK_JOB)
    tick.enabled = False  # the tick job stops firing, as if it were stuck

    clock.advance(minutes=6)
    status, body = await get_json(http, url(server, "/healthz"))

    assert status == 503
    assert body["status"] == "unhealthy"
    assert body["problems"] == ["no scheduler tick for 360 s"]

    await tick.run(app)
    status, body = await get_json(http, url(server, "/healthz"))

    assert status == 200
    assert body["last_tick_age_seconds"] == 0


async def test_healthz_and_the_webhook_answer_503_before_the_bot_is_ready(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    from bot.app import build_application

    settings = webhook_settings(fake, f"sqlite:///{tmp_path / 'bot.db'}")
    application = build_application(settings, clock=clock)
    server = WebServer(application)
    await server.start("127.0.0.1", 0)
    try:
        status, body = await get_json(http, url(server, "/healthz"))
    finally:
        await server.stop()

    assert status == 503
    assert body["status"] == "starting"


# --- /metrics ----------------------------------------------------------------------------------


async def test_metrics_count_updates_by_type_and_time_their_handling(
    fake: FakeTelegram,
    webhook_bot: tuple[BotApplication, WebServer],
    http: aiohttp.ClientSession,
) -> None:
    _, server = webhook_bot
    ada = fake.user(1001, "Ada")
    await ada.send("/start")
    await ada.send("Berlin")
    await ada.press("7:30")

    async with http.get(url(server, "/metrics")) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=")
        page = samples(await response.text())

    assert page["smallwins_updates_total", (("type", "message"),)] == 2
    assert page["smallwins_updates_total", (("type", "callback_query"),)] == 1
    assert page["smallwins_update_handling_seconds_count", ()] == 3
    assert page["smallwins_update_handling_seconds_sum", ()] > 0
    assert page["smallwins_database_up", ()] == 1
    assert page["smallwins_outbox_backlog", ()] == 0
    assert page["smallwins_scheduled_sends_total", (("outcome", "sent"),)] == 0
    assert page["smallwins_telegram_rate_limited_total", ()] == 0


async def test_metrics_count_telegram_s_429s_and_the_wait_they_asked_for(
    fake: FakeTelegram,
    webhook_bot: tuple[BotApplication, WebServer],
    http: aiohttp.ClientSession,
) -> None:
    _, server = webhook_bot
    ada = fake.user(1001, "Ada")
    fake.faults.inject("retry_after", method="sendMessage", retry_after=1)

    reaction = await ada.send("/start")

    assert "Hi, Ada" in reaction.text  # retried after the wait
    async with http.get(url(server, "/metrics")) as response:
        page = samples(await response.text())
    assert page["smallwins_telegram_rate_limited_total", ()] == 1
    assert page["smallwins_telegram_retry_after_seconds_total", ()] == 1


async def test_each_bot_counts_only_its_own_updates(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    first = webhook_settings(fake, f"sqlite:///{tmp_path / 'first.db'}")
    second = settings_for(fake, tmp_path / "second.db").model_copy(update={"metrics_port": 0})
    async with bot_on_webhook(fake, first, clock):
        await fake.user(1001, "Ada").send("/start")
        await fake.user(1002, "Bob").send("/start")
    async with bot_running(fake, second, clock) as app:
        await fake.user(1003, "Cy").send("/start")
        async with http.get(url(app, "/metrics")) as response:
            page = samples(await response.text())

    assert page["smallwins_updates_total", (("type", "message"),)] == 1


async def test_metrics_count_scheduler_ticks_and_the_users_they_planned(
    fake: FakeTelegram,
    webhook_bot: tuple[BotApplication, WebServer],
    http: aiohttp.ClientSession,
    clock: FrozenClock,
) -> None:
    app, server = webhook_bot
    assert app.job_queue is not None
    [tick] = app.job_queue.get_jobs_by_name(TICK_JOB)
    tick.enabled = False  # run by hand below, at a pinned moment
    for user_id, name in ((1001, "Ada"), (1002, "Bo")):
        await enrol(fake, app.bot_data.services, user_id, name=name)

    clock.set(local(MONDAY, 7, 30))
    await tick.run(app)
    async with http.get(url(server, "/metrics")) as response:
        page = samples(await response.text())

    assert page["smallwins_scheduler_users_planned_total", ()] == 2
    assert page["smallwins_scheduler_deliveries_enqueued_total", ()] == 2
    assert page["smallwins_scheduler_tick_seconds_count", ()] == 1


async def test_metrics_count_scheduled_sends_by_outcome(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock
) -> None:
    async with driven_bot(fake, settings, clock) as (step, db):
        for user_id, name in ((1001, "Ada"), (1002, "Bo"), (1003, "Cy")):
            await enrol(fake, step.services, user_id, name=name)
            await add_goal(db, user_id, clock(), start=MONDAY)
        await fake.user(1002).block_bot(notify_bot=False)
        fake.faults.inject("server_error", method="sendMessage", chat_id=1003)

        await step.at(local(MONDAY, 7, 30))
        page = samples(generate_latest(step.app.bot_data.monitor.metrics.registry).decode())

    sends = {
        labels[0][1]: value
        for (name, labels), value in page.items()
        if name == "smallwins_scheduled_sends_total"
    }
    assert sends == {
        "sent": 1,
        "blocked": 1,
        "retried": 1,
        "deferred": 0,
        "skipped": 0,
        "failed": 0,
        "uncertain": 0,
    }


# --- polling mode ------------------------------------------------------------------------------


async def test_in_polling_mode_metrics_port_serves_healthz_and_metrics(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    settings: Settings = settings_for(fake, tmp_path / "bot.db").model_copy(
        update={"metrics_port": 0, "webhook_listen": "127.0.0.1"}
    )
    async with bot_running(fake, settings, clock) as app:
        await fake.user(1001, "Ada").send("/start")

        status, health = await get_json(http, url(app, "/healthz"))
        async with http.get(url(app, "/metrics")) as response:
            page = samples(await response.text())
        async with http.post(url(app, "/telegram"), json={}) as response:
            webhook_status = response.status

    assert status == 200
    assert health["status"] == "ok"
    assert page["smallwins_updates_total", (("type", "message"),)] == 1
    assert webhook_status == 404  # polling mode takes no updates over HTTP
    assert app.bot_data.monitor.port is None  # stopped with the bot


async def test_without_metrics_port_polling_mode_serves_nothing(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path
) -> None:
    async with bot_running(fake, settings_for(fake, tmp_path / "bot.db"), clock) as app:
        await fake.user(1001, "Ada").send("/start")

        assert app.bot_data.monitor.port is None


# --- the database going away -------------------------------------------------------------------


@contextlib.asynccontextmanager
async def database_outage(name: str) -> AsyncIterator[Callable[[], Awaitable[None]]]:
    """Lets a test take the PostgreSQL database away (refuse and cut every connection); it is
    always given back at the end."""
    admin = await asyncpg.connect(ADMIN_URL)

    async def take_away() -> None:
        await admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
        )

    try:
        yield take_away
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        await admin.close()


async def test_healthz_turns_unhealthy_when_the_database_goes_away_and_healthy_when_it_returns(
    fake: FakeTelegram, clock: FrozenClock, http: aiohttp.ClientSession
) -> None:
    repository = await POSTGRES.fresh()
    settings = webhook_settings(fake, POSTGRES.url)
    try:
        async with bot_on_webhook(fake, settings, clock, repository) as (_, server):
            assert (await get_json(http, url(server, "/healthz")))[0] == 200
            async with database_outage(POSTGRES.name) as take_away:
                await take_away()
                status, body = await get_json(http, url(server, "/healthz"))
                async with http.get(url(server, "/metrics")) as response:
                    database_up = samples(await response.text())["smallwins_database_up", ()]

            assert status == 503
            assert body["database"] == "unreachable"
            assert len(body["problems"]) == 1
            assert body["problems"][0].startswith("the database is unreachable (")
            assert database_up == 0

            # The database is back: the next check says so.
            status, body = await get_json(http, url(server, "/healthz"))
            assert (status, body["database"]) == (200, "ok")
    finally:
        await repository.close()
