"""/help, the command menu, /cancel, and a helpful answer to anything the bot does not expect.

Not covered: a message in a group chat ("message me privately"). The fake Telegram simulates
private chats only, so a group update cannot be sent to the bot through it.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.context import BotApplication
from fake_telegram import FakeTelegram, FakeUser
from tests.bot.journeys import set_up, stored_user
from tests.support import FrozenClock, bot_running

pytestmark = pytest.mark.usefixtures("bot")

CORE_COMMANDS = {"start", "settings", "cancel", "help"}


async def test_the_command_menu_is_registered_at_start_up(fake: FakeTelegram) -> None:
    calls = fake.calls_to("setMyCommands")

    assert [call.ok for call in calls] == [True] * 4  # English for all, then each language
    assert [call.params.get("language_code") for call in calls] == [None, "ru", "es", "pt"]
    menu = fake.user(1001, "Ada").command_menu()
    assert {name for name, _ in menu} >= CORE_COMMANDS
    assert all(0 < len(description) <= 256 for _, description in menu)


async def test_the_bots_description_is_left_as_the_owner_wrote_it_unless_set(
    fake: FakeTelegram,
) -> None:
    assert fake.calls_to("setMyDescription") == []
    assert fake.calls_to("setMyShortDescription") == []


async def test_the_description_setting_becomes_the_bots_description_at_start_up(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock, tmp_path: Path
) -> None:
    described = settings.model_copy(
        update={
            "bot_description": "A coach for big goals, one tiny daily win at a time.",
            "bot_short_description": "Tiny daily wins toward a big goal.",
            # Its own file: the module's bot runs meanwhile, and SQLite serves one instance.
            "database_url": f"sqlite:///{tmp_path / 'described.db'}",
        }
    )

    async with bot_running(fake, described, clock):
        pass

    (long,) = fake.calls_to("setMyDescription")
    (short,) = fake.calls_to("setMyShortDescription")
    assert long.ok
    assert long.params["description"] == described.bot_description
    assert short.ok
    assert short.params["short_description"] == described.bot_short_description


async def test_help_lists_every_command_of_the_menu(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    menu = ada.command_menu()

    for command in ("/help", "/HELP", "/help@SmallWinsTestBot"):
        shown = await ada.send(command)

        for name, _ in menu:
            assert f"/{name}" in shown.text, command
        assert shown.reply.buttons == [], command


async def test_help_says_everything_settings_can_change_in_one_short_line(
    fake: FakeTelegram,
) -> None:
    ada = fake.user(1001, "Ada")

    shown = await ada.send("/help")

    line = next(line for line in shown.text.split("\n") if line.startswith("/settings"))
    for covered in ("time zone", "nudge", "evening reminder", "review day", "birthday", "holiday"):
        assert covered in line.lower(), covered
    assert len(line) <= 90
    assert dict(ada.command_menu())["settings"] == line.removeprefix("/settings — ")


UNKNOWN_COMMANDS = (
    ("/foo", "/foo"),
    ("/foo with words after it", "/foo"),
    ("/foo@SmallWinsTestBot", "/foo@SmallWinsTestBot"),
    ("/" + "a" * 64, "/" + "a" * 30 + "…"),  # the longest command a client sends
)


async def test_an_unknown_command_gets_a_short_pointer_to_help(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")

    for command, echoed in UNKNOWN_COMMANDS:
        reaction = await ada.send(command)

        assert reaction.text == f"I don't know {echoed} yet. /help shows what I can do."


async def test_an_unknown_command_does_not_drop_the_open_question(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")

    await ada.send("/foo")
    answered = await ada.send("Berlin")

    assert answered.texts[0] == "Got it: Berlin, where it's 21:40 now."
    assert (await stored_user(bot, 1001)).timezone == "Europe/Berlin"


async def test_cancel_with_nothing_open_says_so(fake: FakeTelegram, bot: BotApplication) -> None:
    new, settled = fake.user(1001, "Ada"), fake.user(1002, "Bo")
    await set_up(settled)

    for user in (new, settled):
        reaction = await user.send("/cancel")

        assert reaction.text == "Nothing to cancel — you're all good.", user.first_name
        assert (await stored_user(bot, user.id)).dialog is None


async def test_cancel_during_set_up_pauses_it_and_start_resumes(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")
    await ada.send("Berlin")

    paused = await ada.send("/cancel")
    idle = await ada.send("8:00")
    resumed = await ada.send("/start")

    assert "set-up is paused" in paused.text
    assert "/start" in idle.text
    assert "morning nudge" in resumed.text
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.nudge_time) == ("Europe/Berlin", None)


async def _say(user: FakeUser, what: str) -> str:
    if what == "sticker":
        return (await user.send_sticker()).text
    if what == "location":
        return (await user.share_location(48.85, 2.35)).text
    return (await user.send(what)).text


async def test_anything_before_set_up_points_to_start(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")

    for what in ("hello", "sticker", "location"):
        text = await _say(ada, what)

        assert "tap /start" in text, what
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.dialog) == (None, None)  # nothing was taken as an answer


async def test_anything_while_idle_after_set_up_gets_a_helpful_reply(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "8:00")

    for what in ("hello", "sticker", "7:30", "Tokyo"):
        text = await _say(ada, what)

        assert "/help" in text, what
        assert len(text) < 300, what
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.nudge_time, user.dialog) == ("Europe/Berlin", time(8, 0), None)


@pytest.mark.parametrize(
    ("said", "expected"),
    [("hi", "Hi Ada! 👋"), ("Thanks!", "Anytime!"), ("help", "/today —")],
)
async def test_small_talk_gets_a_friendly_answer(
    fake: FakeTelegram, said: str, expected: str
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)

    reaction = await ada.send(said)

    assert expected in reaction.text


async def test_a_location_shared_while_idle_offers_its_time_zone_and_changes_nothing_unasked(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "8:00")

    same = await ada.share_location(52.52, 13.40)  # Berlin: already her zone
    paris = await ada.share_location(48.85, 2.35)

    assert "your nudges already follow it ✓" in same.text
    assert "That place is on <b>" not in paris.text  # HTML rendered, not shown
    assert "Move your nudges there?" in paris.text
    assert paris.reply.button_labels == ["🌍 Use Paris time"]
    assert (await stored_user(bot, 1001)).timezone == "Europe/Berlin"  # nothing changed yet
    await ada.press("🌍 Use Paris time")
    assert (await stored_user(bot, 1001)).timezone == "Europe/Paris"
    assert "Paris" in ada.last_message.text
