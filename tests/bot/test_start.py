"""/start through the real Application and the fake Telegram: the first conversation."""

from __future__ import annotations

from datetime import time

import pytest

from bot.coach.models import User
from bot.context import BotApplication
from fake_telegram import FakeTelegram

pytestmark = pytest.mark.usefixtures("bot")


async def stored_user(bot: BotApplication, user_id: int) -> User | None:
    return await bot.bot_data.services.accounts.get(user_id)


async def test_a_new_user_is_welcomed_and_asked_where_they_are(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")

    reaction = await ada.send("/start")

    assert "Hi, Ada" in reaction.text
    assert "Where are you?" in reaction.text
    keyboard = ada.reply_keyboard
    assert keyboard is not None
    assert keyboard.labels == [["📍 Share my location"]]


async def test_city_then_nudge_button_completes_set_up(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")

    zone = await ada.send("Berlin")

    assert zone.texts[0] == "Got it: Berlin, where it's 21:40 now."
    assert ada.reply_keyboard is None  # the location keyboard is gone
    assert "morning nudge" in zone.texts[1]
    assert ada.last_message.buttons[0] == ["6:30", "7:00", "7:30"]

    done = await ada.press("7:30")

    assert done.answer is not None
    assert "All set" in ada.last_message.text
    assert "7:30" in ada.last_message.text
    assert "/plan" in ada.last_message.text
    assert ada.last_message.buttons == []  # the time buttons were replaced, not left to press
    user = await stored_user(bot, 1001)
    assert user is not None
    assert (user.timezone, user.nudge_time, user.dialog) == ("Europe/Berlin", time(7, 30), None)


async def test_typed_local_time_offers_matching_zones(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")

    choices = await ada.send("15:40")  # UTC-5 right now

    assert "UTC-5" in choices.text or "UTC−5" in choices.text
    assert "New York" in choices.reply.button_labels
    picked = await ada.press("New York")
    assert any("New York" in text for text in picked.texts)
    assert "morning nudge" in ada.last_message.text


async def test_shared_location_sets_the_zone(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")

    reaction = await ada.tap_keyboard("📍 Share my location", location=(35.68, 139.69))

    assert "Tokyo" in reaction.texts[0]


async def test_typed_nudge_time_is_accepted(fake: FakeTelegram, bot: BotApplication) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")
    await ada.send("Europe/Lisbon")

    reaction = await ada.send("6:45")

    assert "6:45" in reaction.text
    user = await stored_user(bot, 1001)
    assert user is not None
    assert user.nudge_time == time(6, 45)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Mars/Olympus", "couldn't find"),
        ("banana", "couldn't find"),
        ("+25", "−12 to +14"),
        ("🙂🙂🙂", "couldn't find"),
        ("x" * 4096, "a lot of text"),
        ("25:61", "isn't on any clock"),
    ],
)
async def test_bad_zone_answers_get_one_friendly_line_and_the_question_again(
    fake: FakeTelegram, bot: BotApplication, answer: str, expected: str
) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")

    reaction = await ada.send(answer)

    assert expected in reaction.text
    assert "Where are you?" in reaction.text
    assert len(reaction.text) < 400
    user = await stored_user(bot, 1001)
    assert user is not None
    assert user.timezone is None
    assert user.dialog == "onboarding.timezone"


async def test_a_sticker_instead_of_a_zone_is_answered_kindly(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")

    reaction = await ada.send_sticker()

    assert "Where are you?" in reaction.text


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("25:61", "0:00 to 23:59"), ("banana", "didn't catch a time"), ("y" * 4096, "plenty")],
)
async def test_bad_nudge_times_are_corrected(
    fake: FakeTelegram, bot: BotApplication, answer: str, expected: str
) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")
    await ada.send("Berlin")

    reaction = await ada.send(answer)

    assert expected in reaction.text
    assert reaction.reply.buttons[0] == ["6:30", "7:00", "7:30"]
    user = await stored_user(bot, 1001)
    assert user is not None
    assert user.nudge_time is None
    assert user.timezone == "Europe/Berlin"


async def test_start_again_wipes_nothing(fake: FakeTelegram, bot: BotApplication) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")
    await ada.send("Berlin")
    await ada.press("8:00")

    again = await ada.send("/start")

    assert "Welcome back, Ada" in again.text
    assert "8:00" in again.text
    user = await stored_user(bot, 1001)
    assert user is not None
    assert (user.timezone, user.nudge_time) == ("Europe/Berlin", time(8, 0))


async def test_hello_before_start_still_gets_the_welcome(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada", language_code="es")
    await ada.send("hola")

    start = await ada.send("/start")

    assert start.text.startswith("👋 ¡Hola, Ada! Soy Small Wins.")  # not "¡Qué bueno verte!"
    assert "¿Dónde estás?" in start.text


async def test_start_midway_repeats_the_open_question(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")
    await ada.send("Tokyo")

    again = await ada.send("/start")

    assert "finish setting up" in again.text
    assert "morning nudge" in again.text


async def test_users_do_not_see_each_others_answers(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
    await ada.send("/start")
    await bo.send("/start")
    await ada.send("Berlin")
    await bo.send("Tokyo")

    assert all("Tokyo" not in m.text for m in ada.messages)
    assert all("Berlin" not in m.text for m in bo.messages)
    ada_user, bo_user = await stored_user(bot, 1001), await stored_user(bot, 1002)
    assert ada_user is not None
    assert bo_user is not None
    assert (ada_user.timezone, bo_user.timezone) == ("Europe/Berlin", "Asia/Tokyo")
