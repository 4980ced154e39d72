"""Inline buttons: forged or stale data is answered kindly and changes nothing; old buttons are
harmless; a press only ever changes the user who pressed.

Every press goes through the fake's check that the callback query was answered (no spinner left).
"""

from __future__ import annotations

from datetime import time

import pytest

from bot.context import BotApplication
from bot.views.errors import stale_button
from bot.views.i18n import ENGLISH_TRANSLATOR
from fake_telegram import FakeTelegram
from tests.bot.journeys import press_data, set_up, stored_user

pytestmark = pytest.mark.usefixtures("bot")

FORGED = (
    "tz:Mars/Olympus",  # no such zone
    "tz:../../etc/passwd",
    "tz:",
    "nt:9999",  # no such time
    "nt:2460",
    "nt:7:30",
    "nt:-130",
    "nt:",
    "set:evil",  # no such setting
    "set:",
    "zzz",  # no prefix at all
    "retired:v0:1",  # a button of a feature this version does not have
    "ü" * 32,  # 64 bytes of junk
    "tz:" + "é" * 30 + "x",  # 64 bytes that look like a zone
    "nt:" + "0" * 62,  # over Telegram's 64 bytes
)


async def test_forged_button_data_gets_a_toast_and_changes_nothing(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    overview = (await ada.send("/settings")).reply
    before = await stored_user(bot, 1001)

    for data in FORGED:
        reaction = await press_data(ada, data)

        assert reaction.answer_text == stale_button(ENGLISH_TRANSLATOR), data
        assert (reaction.sent, reaction.edited) == ((), ()), data
    assert ada.message(overview.message_id) == overview
    assert await stored_user(bot, 1001) == before


async def test_forged_data_mid_set_up_leaves_the_question_open(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")

    for data in FORGED:
        reaction = await press_data(ada, data)

        assert reaction.answer_text == stale_button(ENGLISH_TRANSLATOR), data
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.nudge_time, user.dialog) == (None, None, "onboarding.timezone")
    assert "Got it: Berlin" in (await ada.send("Berlin")).texts[0]


async def test_a_forged_but_real_zone_is_just_a_choice_the_user_could_type(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await ada.send("/settings")

    reaction = await press_data(ada, "tz:Asia/Tokyo")

    assert reaction.answer is not None
    assert reaction.texts == ["Got it: Tokyo, where it's 5:40 now."]
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.nudge_time, user.dialog) == ("Asia/Tokyo", time(7, 30), None)


async def test_a_settings_button_before_set_up_points_to_start(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")

    reaction = await press_data(ada, "set:tz")

    assert reaction.answer is not None
    assert "/start" in reaction.text
    assert (await stored_user(bot, 1001)).dialog == "onboarding.timezone"


async def test_an_old_nudge_button_still_sets_the_time(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    """A closed choice the user once was offered: honouring it is harmless and what they meant."""
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await ada.send("/settings")
    old_question = (await ada.press("⏰ Nudge time")).reply
    await ada.send("/cancel")
    await ada.send("/help")

    reaction = await ada.press("9:00", message=old_question)

    assert reaction.answer is not None
    assert ada.message(old_question.message_id).text == (
        "Done — your morning nudge comes at 9:00 from now on."
    )
    assert ada.message(old_question.message_id).buttons == []
    user = await stored_user(bot, 1001)
    assert (user.nudge_time, user.dialog) == (time(9, 0), None)


async def test_an_old_nudge_button_does_not_drop_the_open_zone_question(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await ada.send("/settings")
    old_question = (await ada.press("⏰ Nudge time")).reply
    await ada.send("/settings")
    await ada.press("🌍 Time zone")

    pressed = await ada.press("6:30", message=old_question)
    answered = await ada.send("Tokyo")

    assert pressed.answer is not None
    assert "6:30" in ada.message(old_question.message_id).text
    assert answered.texts == ["Got it: Tokyo, where it's 5:40 now."]
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.nudge_time, user.dialog) == ("Asia/Tokyo", time(6, 30), None)


async def test_old_settings_buttons_open_the_question_again(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    overview = (await ada.send("/settings")).reply
    await ada.press("🌍 Time zone")
    await ada.send("Lisbon")

    again = await ada.press("🌍 Time zone", message=overview)

    assert again.answer is not None
    assert "Where are you?" in again.text
    assert (await stored_user(bot, 1001)).dialog == "settings.timezone"


async def test_a_confirmation_that_cannot_be_edited_in_comes_as_a_new_message(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/settings")
    await ada.press("⏰ Nudge time")
    fake.faults.inject(
        "bad_request", method="editMessageText", description="message can't be edited"
    )

    reaction = await ada.press("8:00")

    assert reaction.answer is not None
    assert reaction.text == "Done — your morning nudge comes at 8:00 from now on."
    assert (await stored_user(bot, 1001)).nudge_time == time(8, 0)


async def test_two_users_pressing_buttons_never_affect_each_other(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
    await set_up(ada, "Berlin", "7:30")
    await set_up(bo, "Tokyo", "6:30")
    await ada.send("/settings")
    await bo.send("/settings")

    await ada.press("⏰ Nudge time")
    await bo.press("🌍 Time zone")
    ada_done = await ada.press("9:00")
    bo_done = await bo.send("Lisbon")

    assert ada_done.edited[0].text == "Done — your morning nudge comes at 9:00 from now on."
    assert bo_done.texts == ["Got it: Lisbon, where it's 20:40 now."]
    ada_user, bo_user = await stored_user(bot, 1001), await stored_user(bot, 1002)
    assert (ada_user.timezone, ada_user.nudge_time, ada_user.dialog) == (
        "Europe/Berlin",
        time(9, 0),
        None,
    )
    assert (bo_user.timezone, bo_user.nudge_time, bo_user.dialog) == (
        "Europe/Lisbon",
        time(6, 30),
        None,
    )
    assert all("Got it: Lisbon" not in m.text for m in ada.messages)
    assert all("comes at 9:00" not in m.text for m in bo.messages)


async def test_a_press_changes_only_the_user_who_pressed(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    """Callback data names no user: whoever presses is the one changed, whatever the data."""
    ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
    await set_up(ada, "Berlin", "7:30")
    await set_up(bo, "Tokyo", "6:30")
    ada_before = await stored_user(bot, 1001)
    mark = fake.mark()
    presses: list[tuple[str, str, object]] = [
        ("nt:0600", "nudge_time", time(6, 0)),
        ("tz:America/New_York", "timezone", "America/New_York"),
        ("set:nudge", "dialog", "settings.nudge"),
    ]

    for data, field, value in presses:
        reaction = await press_data(bo, data)

        assert reaction.answer is not None, data
        assert getattr(await stored_user(bot, 1002), field) == value, data
    assert await stored_user(bot, 1001) == ada_before
    assert [call for call in fake.calls_since(mark) if call.chat_id == ada.id] == []


async def test_every_press_is_answered_exactly_once(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/settings")
    await ada.press("⏰ Nudge time")
    await ada.press("Another time…")
    await ada.press("🌍 Time zone")
    await press_data(ada, "zzz")

    answers = fake.calls_to("answerCallbackQuery")
    queries = {call.params["callback_query_id"] for call in answers}

    assert len(answers) == len(queries) == 5  # 7:30 in set-up, then four presses here
    assert all(call.ok for call in answers)
