"""getUpdates, restarts, webhooks and shutdown behaviour."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram import Bot, Update
from telegram.error import Conflict
from telegram.ext import ContextTypes, MessageHandler, filters

from fake_telegram import FakeTelegram
from fake_telegram.harness import application_builder, running
from tests.fake_telegram.conftest import App, build_app

ADA = 1001


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=fake.base_url) as client:
        yield client


async def test_offset_confirms_and_unconfirmed_updates_come_back(
    fake: FakeTelegram, bot: Bot
) -> None:
    ada = fake.user(ADA)
    first, second = ada.post("one"), ada.post("two")

    assert [u.update_id for u in await bot.get_updates()] == [first, second]
    assert [u.update_id for u in await bot.get_updates()] == [first, second]  # not confirmed
    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second]
    assert [u.update_id for u in await bot.get_updates(offset=second + 1)] == []
    third = ada.post("three")
    assert [u.update_id for u in await bot.get_updates(limit=5)] == [third]


async def test_negative_offset_keeps_only_the_newest(fake: FakeTelegram, bot: Bot) -> None:
    ada = fake.user(ADA)
    ids = [ada.post(f"#{n}") for n in range(4)]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[-1:]
    assert [u.update_id for u in await bot.get_updates()] == ids[-1:]


async def test_long_poll_returns_as_soon_as_an_update_arrives(fake: FakeTelegram, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for(lambda: fake.state.updates.long_polling, what="the long poll")
    update_id = fake.user(ADA).post("wake up")
    updates = await asyncio.wait_for(poll, 5)
    assert [u.update_id for u in updates] == [update_id]
    message = updates[0].message
    assert message is not None
    assert message.text == "wake up"


async def test_a_second_poll_ends_the_first_with_conflict(fake: FakeTelegram) -> None:
    async with (
        Bot(fake.token, base_url=fake.base_url) as first,
        Bot(fake.token, base_url=fake.base_url) as second,
    ):
        older = asyncio.create_task(first.get_updates(timeout=30))
        await fake.wait_for(lambda: fake.state.updates.long_polling, what="the first long poll")
        newer = asyncio.create_task(second.get_updates(timeout=30))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(older, 5)
        update_id = fake.user(ADA).post("hi")
        assert [u.update_id for u in await asyncio.wait_for(newer, 5)] == [update_id]


async def test_stopping_the_server_ends_pending_long_polls() -> None:
    async with FakeTelegram() as fake, Bot(fake.token, base_url=fake.base_url) as client:
        poll = asyncio.create_task(client.get_updates(timeout=30))
        await fake.wait_for(lambda: fake.state.updates.long_polling, what="the long poll")
        await fake.stop()
        # The poll asked for 30 s: only being ended by the stop returns it within the guard.
        assert await asyncio.wait_for(poll, 10) == ()


async def test_allowed_updates_filter_and_drop(fake: FakeTelegram, bot: Bot) -> None:
    ada = fake.user(ADA)
    await bot.get_updates(allowed_updates=["callback_query"])
    message_id = ada.post("ignored")
    assert await bot.get_updates() == ()  # the setting sticks until changed
    assert fake.is_processed(message_id)  # dropped updates do not keep actions waiting
    assert await bot.get_updates(allowed_updates=[]) == ()  # default set; "ignored" is gone
    later = ada.post("seen")
    assert [u.update_id for u in await bot.get_updates()] == [later]


async def test_restart_redelivers_only_what_was_not_processed(fake: FakeTelegram) -> None:
    seen: list[str] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        seen.append(str(update.effective_message.text))

    def make() -> App:
        app: App = application_builder(fake).build()
        app.add_handler(MessageHandler(filters.TEXT, record))
        return app

    ada = fake.user(ADA)
    async with running(fake, make()):
        await ada.send("before restart")
    queued = ada.post("while the bot is down")  # nobody polls now
    assert not fake.is_processed(queued)
    async with running(fake, make()):
        await ada.reaction(queued)
        await ada.send("after restart")
    assert seen == ["before restart", "while the bot is down", "after restart"]


async def test_stopping_the_app_does_not_wait_out_its_long_poll(fake: FakeTelegram) -> None:
    async def start_poll_and_stop() -> None:
        async with running(fake, build_app(fake), poll_timeout=30):
            await fake.wait_for(lambda: fake.state.updates.long_polling, what="polling to start")

    # A stop that waited for the 30 s poll to end would trip this guard.
    await asyncio.wait_for(start_poll_and_stop(), 10)


async def test_drop_pending_updates_on_start(fake: FakeTelegram) -> None:
    ada = fake.user(ADA)
    stale = ada.post("stale")
    async with running(fake, build_app(fake), drop_pending_updates=True):
        assert fake.is_processed(stale)  # dropped, never handled
        assert (await ada.send("fresh")).text == "fresh"


async def test_webhook_delivery_with_secret_token(fake: FakeTelegram, bot: Bot) -> None:
    received: list[tuple[dict[str, object], str | None]] = []
    arrived = asyncio.Event()

    async def receive(request: web.Request) -> web.Response:
        received.append(
            (
                json.loads(await request.text()),
                request.headers.get("X-Telegram-Bot-Api-Secret-Token"),
            )
        )
        arrived.set()
        return web.Response(text="ok")

    hook = web.Application()
    hook.router.add_post("/hook", receive)
    runner = web.AppRunner(hook, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        assert await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        update_id = fake.user(ADA).post("via webhook")
        await asyncio.wait_for(arrived.wait(), 5)
        [(payload, secret)] = received
        assert payload["update_id"] == update_id
        assert secret == "s3cret"
        await fake.wait_for(lambda: fake.state.updates.pending_count == 0, what="the confirmation")
        info = await bot.get_webhook_info()
        assert info.url.endswith("/hook")
        assert info.pending_update_count == 0
        assert await bot.delete_webhook()
        assert await bot.get_updates() == ()
    finally:
        await runner.cleanup()


async def test_webhook_url_rules(bot: Bot) -> None:
    from telegram.error import BadRequest

    with pytest.raises(BadRequest, match=r"(?i)https url must be provided"):
        await bot.set_webhook("http://example.com/hook")
    with pytest.raises(BadRequest, match=r"(?i)ports 80, 88, 443 or 8443"):
        await bot.set_webhook("https://example.com:1234/hook")


async def test_the_server_can_restart_on_the_same_address(fake: FakeTelegram, bot: Bot) -> None:
    url = fake.base_url
    await fake.stop()
    await fake.start()
    assert fake.base_url == url
    assert (await bot.get_me()).username == fake.bot.username
    update_id = fake.user(ADA).post("after restart")
    assert [u.update_id for u in await bot.get_updates(timeout=5)] == [update_id]
