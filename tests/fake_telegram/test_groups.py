"""Groups, channels and buttons without a message, as the Bot API shapes them."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from fake_telegram import FakeTelegram
from fake_telegram.harness import running
from tests.fake_telegram.conftest import build_app

GROUP = -1001234567


async def test_a_group_message_names_the_group_and_its_sender(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
        group = fake.group(GROUP, "Runners")

        reaction = await group.send(bo, "hello group")
        await group.send(ada, "/start")

        assert reaction.text == "hello group"  # the echo went to the group
        raw = group.last_sent_by(bo).raw
        assert raw["chat"] == {"id": GROUP, "type": "supergroup", "title": "Runners"}
        assert raw["from"]["id"] == bo.id
        assert group.messages[-1].raw["chat"]["id"] == GROUP
        assert fake.calls_to("sendMessage", ada.id) == []


async def test_a_button_in_a_group_is_pressed_by_any_member(fake: FakeTelegram) -> None:
    async with running(fake, build_app(fake)):
        ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
        group = fake.group(GROUP)
        await group.send(ada, "/start")

        reaction = await group.press(bo, "win:done:1", message=group.messages[-1])

        assert reaction.answer_text == "got win:done:1"
        assert group.messages[-1].text == "You chose win:done:1"


async def test_channel_posts_edits_and_inline_buttons_reach_the_bot(fake: FakeTelegram) -> None:
    seen: list[dict[str, Any]] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update.to_dict())
        if update.callback_query is not None:
            await update.callback_query.answer()

    app = build_app(fake)
    app.add_handler(TypeHandler(Update, record), group=-1)
    async with running(fake, app):
        ada = fake.user(1001, "Ada")
        group = fake.group(GROUP)
        await fake.channel(-1009876543, "News").post("big news")
        await group.send(ada, "first")
        await group.send(ada, "second", edit_of=group.last_sent_by(ada))
        await group.add_bot(by=ada)
        await ada.press_without_message("silent")
        await ada.press_without_message("silent", inaccessible=True)

    post, _, edited, member, inline, old = seen
    assert post["channel_post"]["sender_chat"]["type"] == "channel"
    assert "from" not in post["channel_post"]
    assert edited["edited_message"]["text"] == "second"
    assert member["my_chat_member"]["new_chat_member"]["status"] == "member"
    assert "message" not in inline["callback_query"]
    assert "inline_message_id" in inline["callback_query"]
    assert old["callback_query"]["message"]["date"] == 0
