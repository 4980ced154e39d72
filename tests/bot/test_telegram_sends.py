"""The sender's own requests say what PTB's would: the bot's defaults and the same keyboards."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    WebAppInfo,
)

from bot.scheduler.telegram_sends import markup
from fake_telegram import FakeTelegram
from tests.bot.scheduling import MONDAY, add_goal, driven_bot, enrol, local
from tests.support import FrozenClock, settings_for


@pytest.mark.parametrize(
    "keyboard",
    [
        pytest.param(
            InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton("✅ Done", callback_data="wd:1:d")],
                    [
                        InlineKeyboardButton("🌱 Minimum", callback_data="wd:1:m"),
                        InlineKeyboardButton("Help", url="https://example.org/help"),
                    ],
                ]
            ),
            id="callbacks and a link",
        ),
        pytest.param(
            InlineKeyboardMarkup(
                [[InlineKeyboardButton("Open", web_app=WebAppInfo("https://example.org"))]]
            ),
            id="a web app button: PTB's way",
        ),
        pytest.param(ReplyKeyboardMarkup([[KeyboardButton("Berlin")]]), id="a reply keyboard"),
    ],
)
def test_a_keyboard_is_written_as_ptb_writes_it(
    keyboard: InlineKeyboardMarkup | ReplyKeyboardMarkup,
) -> None:
    assert markup(keyboard) == keyboard.to_dict()


async def test_a_scheduled_nudge_carries_the_bots_defaults(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path
) -> None:
    async with driven_bot(fake, settings_for(fake, tmp_path / "bot.db"), clock) as (step, db):
        ada = await enrol(fake, step.services, 1001)
        await add_goal(db, 1001, clock(), start=MONDAY)
        mark = fake.mark()

        report = await step.at(local(MONDAY, 7, 30))

    [call] = [call for call in fake.calls_since(mark) if call.method == "sendMessage"]
    assert report.sent == 1
    assert call.params["parse_mode"] == "HTML"
    assert call.params["link_preview_options"] == {"is_disabled": True}
    assert ada.last_message.buttons  # the one-tap buttons came through
