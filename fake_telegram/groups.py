"""Groups and channels: the chats that are not a user's private chat with the bot.

A bot added to a group sees commands and replies there (privacy mode), and buttons it sent to the
group can be pressed by any member; a channel's posts arrive as ``channel_post`` updates without
a sender. Tests use them to check that nothing personal leaks into, or is changed from, them::

    group = fake.group(-1001234567, "Runners")
    reaction = await group.send(ada, "/today")
    reaction = await group.press(ada, "w:done:1", message=...)
"""

# Waiting with a `timeout` argument is this test API's contract (e.g. wait_for(pred, timeout)).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from fake_telegram.client import BotError, FakeUser, collect
from fake_telegram.formatting import format_text
from fake_telegram.hub import Hub
from fake_telegram.state import CallbackQueryState, ChatState, GroupInfo, StoredMessage
from fake_telegram.views import MessageView, Reaction


class FakeGroup:
    """A group (or supergroup) with the bot in it (create with ``fake.group``)."""

    def __init__(self, fake: Hub, chat: ChatState) -> None:
        self._fake = fake
        self.chat = chat

    @property
    def id(self) -> int:
        """The group's chat id (negative)."""
        return self.chat.id

    @property
    def messages(self) -> list[MessageView]:
        """The bot's messages in the group, oldest first."""
        state = self._fake.state
        return [MessageView.of(state, m) for m in self.chat.visible() if m.from_bot]

    async def send(
        self,
        member: FakeUser,
        text: str,
        *,
        edit_of: MessageView | None = None,
        timeout: float | None = None,
    ) -> Reaction:
        """``member`` writes ``text`` in the group (or edits their earlier message to it)."""
        plain, entities = format_text(text, None)
        state = self._fake.state
        if edit_of is not None:
            stored = self.chat.messages[edit_of.message_id]
            stored.text, stored.entities = plain, entities
            stored.edit_date = state.now()
            stored.edit_count += 1
            kind = "edited_message"
        else:
            stored = StoredMessage(
                message_id=self.chat.new_message_id(),
                chat_id=self.id,
                from_bot=False,
                date=state.now(),
                text=plain,
                entities=entities,
                sender_id=member.id,
            )
            self.chat.messages[stored.message_id] = stored
            kind = "message"
        return await self._act(member, kind, state.message_json(stored), None, timeout)

    def last_sent_by(self, member: FakeUser) -> MessageView:
        """The member's newest message in the group."""
        state = self._fake.state
        for stored in reversed(self.chat.visible()):
            if stored.sender_id == member.id:
                return MessageView.of(state, stored)
        raise AssertionError(f"{member.first_name} has written nothing in {self.chat.to_api()}")

    async def press(
        self,
        member: FakeUser,
        data: str,
        *,
        message: MessageView | None = None,
        timeout: float | None = None,
    ) -> Reaction:
        """``member`` presses a button with callback ``data`` on a message in the group.

        Any member can press any button of a group message; a modified client can send any
        data. ``message`` defaults to the newest message in the group (the bot's or not).
        """
        state = self._fake.state
        stored = (
            self.chat.messages[message.message_id]
            if message is not None
            else self.chat.visible()[-1]
            if self.chat.visible()
            else self._placeholder()
        )
        query = CallbackQueryState(
            id=str(secrets.randbits(63)),
            user_id=member.id,
            chat_id=self.id,
            message_id=stored.message_id,
            data=data,
            created=asyncio.get_running_loop().time(),
        )
        state.callback_queries[query.id] = query
        body = {
            "id": query.id,
            "from": member.info.to_api(),
            "message": state.message_json(stored),
            "chat_instance": self.chat.chat_instance,
            "data": data,
        }
        return await self._act(member, "callback_query", body, query.id, timeout)

    async def add_bot(self, by: FakeUser, *, timeout: float | None = None) -> Reaction:
        """``by`` adds the bot to the group: a ``my_chat_member`` update."""
        state = self._fake.state
        bot = state.bot.to_api()
        body = {
            "chat": self.chat.to_api(),
            "from": by.info.to_api(),
            "date": state.timestamp(),
            "old_chat_member": {"user": bot, "status": "left"},
            "new_chat_member": {"user": bot, "status": "member"},
        }
        return await self._act(by, "my_chat_member", body, None, timeout)

    def _placeholder(self) -> StoredMessage:
        state = self._fake.state
        stored = StoredMessage(
            message_id=self.chat.new_message_id(),
            chat_id=self.id,
            from_bot=True,
            date=state.now(),
            text="A message from the bot",
        )
        self.chat.messages[stored.message_id] = stored
        return stored

    async def _act(
        self,
        member: FakeUser,
        kind: str,
        body: dict[str, Any],
        query_id: str | None,
        timeout: float | None,
    ) -> Reaction:
        fake = self._fake
        since = fake.mark()
        update_id = fake.state.updates.push(kind, body)
        return await wait_reaction(
            fake,
            update_id,
            since,
            query_id=query_id,
            chat_ids=(self.id, member.id),
            timeout=timeout,
        )


class FakeChannel:
    """A channel the bot is an administrator of (create with ``fake.channel``)."""

    def __init__(self, fake: Hub, chat: ChatState) -> None:
        self._fake = fake
        self.chat = chat

    @property
    def id(self) -> int:
        """The channel's chat id (negative)."""
        return self.chat.id

    async def post(self, text: str, *, timeout: float | None = None) -> Reaction:
        """An administrator posts ``text``: a ``channel_post`` update without a sender."""
        plain, entities = format_text(text, None)
        state = self._fake.state
        stored = StoredMessage(
            message_id=self.chat.new_message_id(),
            chat_id=self.id,
            from_bot=False,
            date=state.now(),
            text=plain,
            entities=entities,
        )
        self.chat.messages[stored.message_id] = stored
        fake = self._fake
        since = fake.mark()
        update_id = fake.state.updates.push("channel_post", state.message_json(stored))
        return await wait_reaction(
            fake, update_id, since, query_id=None, chat_ids=(self.id,), timeout=timeout
        )


async def wait_reaction(
    fake: Hub,
    update_id: int,
    since: int,
    *,
    query_id: str | None,
    chat_ids: tuple[int, ...],
    timeout: float | None,
) -> Reaction:
    """Wait until the bot processed ``update_id``; what it did in ``chat_ids``.

    Like :meth:`FakeUser.reaction`: raises :class:`BotError` on handler errors and asserts that
    a callback query was answered.
    """
    await fake.wait_processed(update_id, timeout, since)
    reaction = collect(fake, update_id, since, query_id, chat_ids)
    if reaction.errors and fake.raise_errors:
        raise BotError(reaction, list(reaction.errors)) from reaction.errors[0].error
    if query_id is not None and fake.require_callback_answers and reaction.answer is None:
        raise AssertionError(f"the bot did not answer the callback query\n{reaction}")
    return reaction


def group_chat(fake: Hub, chat_id: int, title: str, kind: str) -> ChatState:
    """The stored chat of a group or channel, created on first use."""
    if chat_id >= 0:
        raise ValueError("group and channel ids are negative")
    chats = fake.state.chats
    chat = chats.get(chat_id)
    if chat is None:
        chat = chats[chat_id] = ChatState(
            user=fake.state.bot, group=GroupInfo(chat_id, title, kind)
        )
    return chat
