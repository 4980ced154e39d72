"""Groups and channels: the coach is one-to-one (issue 15, defect 1).

A user's private chat id is set only from their private chat. In a group the bot answers in one
line pointing to the private chat, shows nothing personal and changes nothing; a channel's posts
and the bot being added to a group go without a reply and without side effects.
"""

from __future__ import annotations

import pytest

from bot.context import BotApplication
from bot.views.errors import stale_button
from bot.views.help import private_only
from bot.views.i18n import ENGLISH_TRANSLATOR
from fake_telegram import FakeTelegram, FakeUser
from storage.base import Repository
from tests.bot.daily import TODAY, add_novel, day_data, entries_of
from tests.bot.journeys import set_up, stored_user
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")

ADA = 7001
GROUP = -1001234567
POINTER = private_only(ENGLISH_TRANSLATOR).text


@pytest.fixture
async def ada(fake: FakeTelegram) -> FakeUser:
    user = fake.user(ADA, "Ada")
    await set_up(user)
    return user


async def test_buttons_pressed_in_a_group_leave_the_private_chat_and_the_log_alone(
    fake: FakeTelegram, bot: BotApplication, ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, user_id=ADA, now=clock())
    group = fake.group(GROUP)
    await group.send(ada, "/today")  # the bot answers with its one line: a message to press on
    presses = [
        day_data(novel, "d", TODAY),  # Done
        day_data(novel, "m", TODAY),  # the minimum
        f"w:u:{novel.goal_id}",  # undo
        f"sk:m:{novel.goal_id}",  # the chain
        f"pr:{novel.goal_id}",  # progress
        "tz:Europe/Lisbon",  # a time zone
        "nt:0600",  # a nudge time
        "set:tz",  # settings
        f"plan:show:{novel.goal_id}",
        "acct:delete:yes:20261122",  # erase everything
    ]

    for data in presses:
        reaction = await group.press(ada, data)

        assert reaction.answer_text == POINTER, data
        assert reaction.sent == (), data
        assert reaction.edited == (), data

    user = await stored_user(bot, ADA)
    assert user.chat_id == ADA
    assert user.timezone == "Europe/Berlin"
    assert await entries_of(db, novel) == []
    assert fake.calls_to("sendMessage", GROUP)[1:] == []  # only the pointer to /today


async def test_commands_and_words_in_a_group_get_one_line_and_show_nothing_personal(
    fake: FakeTelegram, bot: BotApplication, ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    await add_novel(db, user_id=ADA, now=clock())
    group = fake.group(GROUP)

    for text in ("/today", "/goals", "/export", "/streak@SmallWinsTestBot", "/start", "/delete"):
        reaction = await group.send(ada, text)

        assert reaction.texts == [POINTER], text
        assert reaction.reply.button_labels == ["Open a private chat"], text

    for text in ("done", "wrote 400 words", "hello"):
        reaction = await group.send(ada, text)

        assert reaction.sent == (), text

    user = await stored_user(bot, ADA)
    assert user.chat_id == ADA
    assert all("novel" not in m.text.lower() for m in group.messages)


async def test_someone_who_only_ever_wrote_in_a_group_is_not_stored(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    bo = fake.user(7002, "Bo")
    group = fake.group(GROUP)

    await group.send(bo, "/start")
    await group.press(bo, "nt:0700")

    assert await bot.bot_data.services.accounts.get(bo.id) is None


async def test_the_bot_added_to_a_group_and_channel_posts_go_without_side_effects(
    fake: FakeTelegram, bot: BotApplication, ada: FakeUser
) -> None:
    group = fake.group(GROUP)
    channel = fake.channel(-1009876543)

    added = await group.add_bot(by=ada)
    posted = await channel.post("done")
    command = await channel.post("/start")

    assert added.sent == ()
    assert posted.sent == ()
    assert command.sent == ()
    assert (await stored_user(bot, ADA)).chat_id == ADA
    assert fake.calls_to("sendMessage", channel.id) == []


# --- edits, chat-member changes and buttons without a message (defects 5 and 9) ------------------


async def test_editing_a_logged_done_logs_nothing_more(
    fake: FakeTelegram, ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, user_id=ADA, now=clock())
    await ada.send("done")
    [logged] = await entries_of(db, novel)
    typed = [m for m in ada.history if not m.from_bot][-1]

    again = await ada.edit(typed, "done")
    more = await ada.edit(typed, "wrote 900 words")

    assert again.sent == ()
    assert more.sent == ()
    assert await entries_of(db, novel) == [logged]


async def test_an_edited_command_does_not_run_again(fake: FakeTelegram, ada: FakeUser) -> None:
    await ada.send("/help")
    typed = [m for m in ada.history if not m.from_bot][-1]

    edited = await ada.edit(typed, "/delete")

    assert edited.sent == ()


async def test_blocking_and_unblocking_change_nothing_stored(
    fake: FakeTelegram, bot: BotApplication, ada: FakeUser
) -> None:
    before = await stored_user(bot, ADA)

    blocked = await ada.block_bot()
    unblocked = await ada.unblock_bot()

    assert blocked.sent == ()
    assert unblocked.sent == ()
    assert await stored_user(bot, ADA) == before


@pytest.mark.parametrize("inaccessible", [False, True])
async def test_a_button_without_a_message_is_answered(
    fake: FakeTelegram, ada: FakeUser, db: Repository, clock: FrozenClock, *, inaccessible: bool
) -> None:
    novel = await add_novel(db, user_id=ADA, now=clock())

    reaction = await ada.press_without_message(
        day_data(novel, "d", TODAY), inaccessible=inaccessible
    )

    assert reaction.answer_text == stale_button(ENGLISH_TRANSLATOR)
    assert reaction.errors == ()
    assert await entries_of(db, novel) == []
