"""A real PTB Application talking to the fake through user actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from telegram import BotCommand, BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from fake_telegram import FakeTelegram
from fake_telegram.harness import running
from tests.fake_telegram.conftest import build_app, png_bytes


async def test_round_trip_command_html_and_buttons(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada = fake.user(1001, "Ada")
        reaction = await ada.send("/start")

        reply = reaction.reply
        assert reply.text == "Welcome, <friend>! Pick one:"
        assert reply.html == "<b>Welcome</b>, &lt;friend&gt;! Pick one:"
        assert reply.entities == ({"type": "bold", "offset": 0, "length": 7},)
        assert reply.buttons == [["Done ✅"], ["Skip", "Site"]]
        assert reply.button_data == [["win:done:1"], ["win:skip:1", None]]
        assert ada.last_message == reply

        echoed = await ada.send("hello there")
        assert echoed.text == "hello there"
        assert [m.text for m in ada.messages] == [reply.text, "hello there"]
        assert [m.from_bot for m in ada.history] == [False, True, False, True]


async def test_message_ids_and_shape_follow_the_bot_api(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)) as app:
        ada = fake.user(1001, "Ada", username="ada_l")
        reaction = await ada.send("/start")
        raw = reaction.reply.raw
        assert raw["message_id"] == 2  # the user's /start was #1 in this private chat
        assert raw["chat"] == {
            "id": 1001,
            "type": "private",
            "first_name": "Ada",
            "username": "ada_l",
        }
        assert raw["from"]["id"] == app.bot.id
        assert raw["from"]["is_bot"] is True
        assert raw["reply_markup"]["inline_keyboard"][1][1] == {
            "text": "Site",
            "url": "https://example.com",
        }

        bob = fake.user(2002, "Bob")
        assert (await bob.send("/start")).reply.message_id == 2  # ids are per chat


async def test_press_answers_and_edits_the_message(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada = fake.user(1001)
        first = (await ada.send("/start")).reply

        reaction = await ada.press("Done ✅")

        assert reaction.answer_text == "got win:done:1"
        assert reaction.sent == ()
        [edited] = reaction.edited
        assert edited.message_id == first.message_id
        assert edited.text == "You chose win:done:1"
        assert edited.buttons == []  # editMessageText without reply_markup drops the keyboard
        assert ada.last_message.edited


async def test_press_by_callback_data_on_an_older_message(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada = fake.user(1001)
        older = (await ada.send("/start")).reply
        newer = (await ada.send("/start")).reply

        reaction = await ada.press("win:skip:1", message=older)

        assert [m.message_id for m in reaction.edited] == [older.message_id]
        assert ada.message(newer.message_id).buttons == newer.buttons


async def test_press_unknown_button_lists_what_is_visible(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada = fake.user(1001)
        await ada.send("/start")
        with pytest.raises(AssertionError, match=r"no inline button 'Nope'[\s\S]*Done ✅"):
            await ada.press("Nope")


async def test_url_button_opens_the_link_without_an_update(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada = fake.user(1001)
        await ada.send("/start")
        reaction = await ada.press("Site")
        assert reaction.opened_url == "https://example.com"
        assert reaction.calls == ()


async def test_unanswered_callback_query_fails_the_action(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)) as app:
        ada = fake.user(1001)
        await ada.send("hi")
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Quiet", callback_data="silent")]])
        await app.bot.send_message(ada.id, "press me", reply_markup=markup)
        with pytest.raises(AssertionError, match="did not answer the callback query"):
            await ada.press("Quiet")


async def test_photo_upload_is_stored_and_visible(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)) as app:
        ada = fake.user(1001)
        reply = (await ada.send("/photo")).reply

        assert reply.photo == png_bytes()
        assert reply.text == "chart"
        sizes = reply.raw["photo"]
        assert sizes[-1]["width"] == 3
        assert sizes[-1]["height"] == 2

        # The returned file_id can be sent again, and downloaded through getFile.
        again = await app.bot.send_photo(ada.id, sizes[-1]["file_id"])
        assert ada.last_message.message_id == again.message_id
        file = await app.bot.get_file(sizes[-1]["file_id"])
        assert bytes(await file.download_as_bytearray()) == png_bytes()


async def test_document_keeps_bytes_name_and_mime_type(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada = fake.user(1001)
        reply = (await ada.send("/doc")).reply
        assert reply.document == b"day,done\n1,yes\n"
        assert reply.document_name == "wins.csv"
        assert reply.document_mime_type == "text/csv"


async def test_garbage_is_not_a_photo(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)) as app:
        ada = fake.user(1001)
        await ada.send("hi")
        with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
            await app.bot.send_photo(ada.id, b"not an image")


async def test_reply_keyboard_location_button_and_removal(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada = fake.user(1001)
        await ada.send("/keyboard")
        keyboard = ada.reply_keyboard
        assert keyboard is not None
        assert keyboard.labels == [["Share location"], ["Cancel"]]
        assert keyboard.one_time

        reaction = await ada.tap_keyboard("Share location", location=(48.8566, 2.3522))

        assert reaction.text == "Got 48.86,2.35"
        assert ada.reply_keyboard is None  # ReplyKeyboardRemove


async def test_tap_keyboard_text_button_and_missing_button(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada = fake.user(1001)
        await ada.send("/keyboard")
        assert (await ada.tap_keyboard("Cancel")).text == "Cancel"
        with pytest.raises(AssertionError, match=r"no reply keyboard button 'Nope'"):
            await ada.tap_keyboard("Nope")


async def test_sticker_and_shared_location(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada = fake.user(1001)
        assert (await ada.send_sticker()).text == "Nice sticker"
        assert (await ada.share_location(1.0, 2.0)).text == "Got 1.00,2.00"


async def test_bot_command_entities_like_telegram(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada = fake.user(1001)
        mine = await ada.send(f"/start@{fake.bot.username} now")
        assert len(mine.sent) == 1
        command = ada.history[0]
        assert command.entities == (
            {"type": "bot_command", "offset": 0, "length": len(fake.bot.username or "") + 7},
        )
        # A command addressed to another bot is not ours: CommandHandler ignores it.
        other = await ada.send("/start@SomeOtherBot")
        assert other.sent == ()


async def test_commands_menu(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)) as app:
        ada = fake.user(1001, language_code="de", started=True)
        await app.bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("plan", "Plan")])
        await app.bot.set_my_commands([BotCommand("start", "Los")], language_code="de")
        assert ada.command_menu() == [("start", "Los")]
        await app.bot.set_my_commands(
            [BotCommand("wins", "Your wins")], scope=BotCommandScopeChat(ada.id)
        )
        assert ada.command_menu() == [("wins", "Your wins")]
        assert [c.command for c in await app.bot.get_my_commands()] == ["start", "plan"]
        await app.bot.delete_my_commands()
        assert await app.bot.get_my_commands() == ()
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await app.bot.set_my_commands([BotCommand("Start", "capital letters")])


async def test_deleting_respects_the_48_hour_window() -> None:
    now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    clock = [now]
    async with FakeTelegram(clock=lambda: clock[0]) as fake, running(fake, build_app(fake)) as app:
        ada = fake.user(1001)
        reply = (await ada.send("/start")).reply
        assert reply.date == now
        sent = await app.bot.send_message(ada.id, "temporary")
        assert await app.bot.delete_message(ada.id, sent.message_id)
        assert ada.last_message.message_id == reply.message_id
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            await app.bot.delete_message(ada.id, sent.message_id)
        clock[0] = now + timedelta(hours=49)
        with pytest.raises(BadRequest, match=r"(?i)message can.t be deleted for everyone"):
            await app.bot.delete_message(ada.id, reply.message_id)


async def test_blocked_user_gets_403_and_the_bot_sees_my_chat_member(fake: FakeTelegram) -> None:
    from telegram.error import Forbidden

    async with running(fake, build_app(fake)) as app:
        ada = fake.user(1001)
        await ada.send("hi")
        reaction = await ada.block_bot()
        assert reaction.update_id is not None
        assert ada.has_blocked_bot
        with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
            await app.bot.send_message(ada.id, "anyone there?")
        with pytest.raises(AssertionError, match="blocked the bot"):
            await ada.send("hello?")
        await ada.unblock_bot()
        assert (await ada.send("back")).text == "back"


async def test_user_edits_their_message(fake: FakeTelegram) -> None:
    from telegram import Update
    from telegram.ext import ContextTypes, MessageHandler, filters

    async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.edited_message is not None
        await update.edited_message.reply_text(f"edited to {update.edited_message.text}")

    app = build_app(fake)
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, on_edit), group=-1)
    async with running(fake, app):
        ada = fake.user(1001)
        await ada.send("typo")
        [mine] = [m for m in ada.history if not m.from_bot]
        reaction = await ada.edit(mine, "fixed")
        # PTB's MessageHandler(filters.TEXT) sees edits too, so the echo answers as well.
        assert reaction.texts == ["edited to fixed", "fixed"]
        assert ada.message(mine.message_id).edited


async def test_blocking_without_a_running_bot(fake: FakeTelegram) -> None:
    from telegram import Bot
    from telegram.error import Forbidden

    ada = fake.user(1001, started=True)
    await ada.block_bot(notify_bot=False)
    async with Bot(fake.token, base_url=fake.base_url) as bot:
        with pytest.raises(Forbidden):
            await bot.send_message(ada.id, "nudge")
        await ada.unblock_bot(notify_bot=False)
        await bot.send_message(ada.id, "nudge")
    assert [m.text for m in ada.messages] == ["nudge"]
