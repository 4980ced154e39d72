"""A restart (SIGTERM, deploy, crash) never loses the thread of a conversation."""

from __future__ import annotations

import logging
from datetime import time

import pytest

from bot.config import Settings
from fake_telegram import FakeTelegram
from tests.bot.journeys import set_up
from tests.support import FrozenClock, bot_running


async def test_a_restart_mid_conversation_continues_where_the_user_was(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    async with bot_running(fake, settings, clock):
        await ada.send("/start")
        await ada.send("Berlin")

    async with bot_running(fake, settings, clock) as restarted:
        reaction = await ada.send("7:15")
        user = await restarted.bot_data.services.accounts.get(1001)

    assert "All set" in reaction.text
    assert user is not None
    assert (user.timezone, user.nudge_time) == ("Europe/Berlin", time(7, 15))


async def test_messages_sent_while_the_bot_was_down_are_answered_after_restart(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    async with bot_running(fake, settings, clock):
        await ada.send("/start")

    waiting = ada.post("Lisbon")  # sent while no bot is polling
    async with bot_running(fake, settings, clock):
        reaction = await ada.reaction(waiting)

    assert "Lisbon" in reaction.texts[0]


async def test_a_restart_in_the_middle_continues_at_the_same_level(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    async with bot_running(fake, settings, clock):
        await set_up(ada)
        await ada.send("/plan")
        await ada.send("write a novel")
        await ada.send("40,000 words of my first draft")

    async with bot_running(fake, settings, clock):
        reaction = await ada.send("14,000")

    assert "Each week" in reaction.text
    assert "3,500 words" in reaction.text  # a quarter of the month the user typed


async def test_the_operators_default_zone_is_offered_as_a_one_tap_answer(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock
) -> None:
    berlin = settings.model_copy(update={"default_timezone": "Europe/Berlin"})
    ada = fake.user(1001, "Ada")
    async with bot_running(fake, berlin, clock) as app:
        await ada.send("/start")
        keyboard = ada.reply_keyboard
        assert keyboard is not None
        assert keyboard.labels == [["📍 Share my location"], ["Europe/Berlin"]]
        reaction = await ada.tap_keyboard("Europe/Berlin")
        user = await app.bot_data.services.accounts.get(1001)

    assert "Berlin" in reaction.texts[0]
    assert user is not None
    assert user.timezone == "Europe/Berlin"


async def test_stats_are_for_admins_only(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.handlers.account")
    admin_settings = settings.model_copy(update={"admin_user_ids": (1001,)})
    ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
    async with bot_running(fake, admin_settings, clock):
        await set_up(ada)
        await bo.send("/start")
        stats = await ada.send("/stats")
        hidden = await bo.send("/stats")

    assert "Users: active 2" in stats.text
    assert "I don't know /stats" in hidden.text
    # How the owner finds the id to add: the log names it.
    assert "/stats asked by Telegram id 1002, not in ADMIN_USER_IDS" in caplog.text
    assert "Telegram id 1001" not in caplog.text
