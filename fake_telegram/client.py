"""The user side: a simulated Telegram user who talks to the bot.

Every action queues the update a real client would cause, waits until the bot
has fully processed it (no sleeping: the TrackingApplication reports back), and
returns a :class:`~fake_telegram.views.Reaction` with what the bot did.
"""

# Waiting with a `timeout` argument is this test API's contract (e.g. wait_for(pred, timeout)).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from typing import Any

from fake_telegram.formatting import MAX_TEXT, format_text
from fake_telegram.hub import Hub, RecordedError
from fake_telegram.state import CallbackQueryState, ChatState, StoredMessage, UserInfo
from fake_telegram.views import MessageView, Reaction, ReplyKeyboardView

_SENDING = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
_EDITING = frozenset(
    {"editMessageText", "editMessageCaption", "editMessageMedia", "editMessageReplyMarkup"}
)
DEFAULT_LOCATION = (51.5074, -0.1278)


class BotError(AssertionError):
    """The bot's handlers raised while processing a user action (see ``attach``)."""

    def __init__(self, reaction: Reaction, errors: list[RecordedError]) -> None:
        listed = "\n".join(f"  {e.describe()}" for e in errors)
        super().__init__(f"the bot raised while processing the update:\n{listed}\n{reaction}")
        self.reaction = reaction
        self.errors = errors


class FakeUser:
    """One simulated user and their private chat with the bot (create with ``fake.user``)."""

    def __init__(self, fake: Hub, info: UserInfo) -> None:
        self._fake = fake
        self.info = info
        self.location = DEFAULT_LOCATION
        self.phone_number = f"+1555{info.id % 10_000_000:07d}"
        self._seen = 0
        self._marks: dict[int, tuple[int, str | None]] = {}

    @property
    def id(self) -> int:
        """The user id (also the private chat id)."""
        return self.info.id

    @property
    def first_name(self) -> str:
        """The user's first name."""
        return self.info.first_name

    # -- chat state ----------------------------------------------------------------------------

    def open_chat(self) -> ChatState:
        """The private chat, created on first use (a user who never wrote has none)."""
        chats = self._fake.state.chats
        if self.id not in chats:
            chats[self.id] = ChatState(user=self.info)
        return chats[self.id]

    @property
    def _chat(self) -> ChatState | None:
        return self._fake.state.chats.get(self.id)

    @property
    def messages(self) -> list[MessageView]:
        """The bot's messages the user can see, oldest first, in their current state."""
        return [m for m in self.history if m.from_bot]

    @property
    def history(self) -> list[MessageView]:
        """Both sides of the conversation (deleted messages left out)."""
        chat = self._chat
        if chat is None:
            return []
        return [MessageView.of(self._fake.state, m) for m in chat.visible()]

    @property
    def last_message(self) -> MessageView:
        """The bot's newest visible message."""
        messages = self.messages
        if not messages:
            raise AssertionError(f"the bot has sent {self.first_name} no messages")
        return messages[-1]

    def message(self, message_id: int) -> MessageView:
        """One message of the chat by id (deleted ones included)."""
        chat = self._chat
        stored = chat.messages.get(message_id) if chat else None
        if stored is None:
            raise AssertionError(f"no message #{message_id} in the chat with {self.first_name}")
        return MessageView.of(self._fake.state, stored)

    @property
    def reply_keyboard(self) -> ReplyKeyboardView | None:
        """The reply keyboard the user currently has (None after ReplyKeyboardRemove)."""
        chat = self._chat
        return ReplyKeyboardView.of(chat) if chat else None

    @property
    def chat_actions(self) -> list[str]:
        """Every chat action ("typing", ...) the bot sent in this chat."""
        chat = self._chat
        return list(chat.chat_actions) if chat else []

    @property
    def has_blocked_bot(self) -> bool:
        """Whether the user has blocked the bot."""
        chat = self._chat
        return bool(chat and chat.blocked)

    def command_menu(self) -> list[tuple[str, str]]:
        """The command list this user's client shows, resolved like Telegram does."""
        state = self._fake.state
        language = self.info.language_code or ""
        scopes: list[dict[str, Any]] = [
            {"type": "chat", "chat_id": self.id},
            {"type": "all_private_chats"},
            {"type": "default"},
        ]
        # A client's "pt-br" gets the menu set for "pt" (Telegram keys menus by ISO 639-1).
        languages = dict.fromkeys((language, language.split("-")[0], ""))
        for scope in scopes:
            for lang in languages:
                key = (_scope_key(scope), lang)
                if key in state.commands:
                    return [(c["command"], c["description"]) for c in state.commands[key]]
        return []

    # -- actions ----------------------------------------------------------------------------------

    async def send(
        self,
        text: str,
        *,
        reply_to: int | MessageView | None = None,
        timeout: float | None = None,
    ) -> Reaction:
        """Type and send a text; "/cmd" and "/cmd@bot" get a bot_command entity."""
        return await self.reaction(self.post(text, reply_to=reply_to), timeout=timeout)

    def post(self, text: str, *, reply_to: int | MessageView | None = None) -> int:
        """Queue a text message without waiting; returns the update id (see :meth:`reaction`)."""
        plain, entities = format_text(text, None)
        if not plain:
            raise ValueError("Telegram clients do not send empty or blank messages")
        if len(plain) > MAX_TEXT:
            raise ValueError(f"a message holds at most {MAX_TEXT} characters")
        return self._post_message({"text": plain, "entities": entities}, reply_to)

    async def share_location(
        self, latitude: float, longitude: float, *, timeout: float | None = None
    ) -> Reaction:
        """Send a location (as the attachment menu or a request_location button does)."""
        content = {"location": {"latitude": latitude, "longitude": longitude}}
        return await self.reaction(self._post_message({"content": content}, None), timeout=timeout)

    async def send_sticker(self, emoji: str = "👍", *, timeout: float | None = None) -> Reaction:
        """Send a sticker: a typical non-text message."""
        stored = self._fake.state.files.add(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "sticker")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self.reaction(
            self._post_message({"content": {"sticker": sticker}}, None), timeout=timeout
        )

    async def press(
        self,
        label_or_data: str,
        *,
        message: int | MessageView | None = None,
        timeout: float | None = None,
    ) -> Reaction:
        """Press the inline button with this label (or callback data).

        Looks at the newest bot message that has such a button, or at ``message``.
        """
        chat = self._require_chat()
        candidates = self._button_messages(chat, message)
        for by_label in (True, False):
            for stored in candidates:
                keyboard = stored.inline_keyboard
                assert keyboard is not None
                for button in keyboard.buttons():
                    key = button.text if by_label else button.callback_data
                    if key == label_or_data:
                        return await self._press(chat, stored, button.kind, button.value, timeout)
        raise AssertionError(self._no_button(label_or_data, candidates, message))

    async def press_data(
        self,
        data: str,
        *,
        message: int | MessageView | None = None,
        timeout: float | None = None,
    ) -> Reaction:
        """Send a callback query with any data, as a modified client can (forged buttons).

        The query points at ``message`` (default: the bot's newest message), like a real
        forged query does, whether or not that message has such a button.
        """
        chat = self._require_chat()
        target = message if message is not None else self.last_message
        message_id = target if isinstance(target, int) else target.message_id
        stored = chat.messages[message_id]
        return await self._press(chat, stored, "callback_data", data, timeout)

    async def press_without_message(
        self, data: str, *, inaccessible: bool = False, timeout: float | None = None
    ) -> Reaction:
        """A callback query that carries no usable message.

        By default it comes from a message sent via inline mode (``inline_message_id``, no
        ``message``); with ``inaccessible`` it points at a message too old for the bot to see
        (an ``InaccessibleMessage``: ``date`` 0).
        """
        chat = self.open_chat()
        state = self._fake.state
        query = CallbackQueryState(
            id=str(secrets.randbits(63)),
            user_id=self.id,
            chat_id=chat.id,
            message_id=0,
            data=data,
            created=asyncio.get_running_loop().time(),
        )
        state.callback_queries[query.id] = query
        body: dict[str, Any] = {
            "id": query.id,
            "from": self.info.to_api(),
            "chat_instance": chat.chat_instance,
            "data": data,
        }
        if inaccessible:
            body["message"] = {"chat": chat.to_api(), "message_id": 1, "date": 0}
        else:
            body["inline_message_id"] = f"inline-{secrets.randbits(40)}"
        return await self.reaction(self._queue("callback_query", body, query.id), timeout=timeout)

    async def tap_keyboard(
        self,
        label: str,
        *,
        location: tuple[float, float] | None = None,
        timeout: float | None = None,
    ) -> Reaction:
        """Tap a reply-keyboard button: sends its text, or the location/contact it requests."""
        chat = self._require_chat()
        keyboard = chat.reply_keyboard
        if keyboard is None:
            raise AssertionError(
                f"{self.first_name} has no reply keyboard (none sent, or it was removed)"
            )
        found = [b for row in keyboard.rows for b in row if b.text == label]
        if not found:
            raise AssertionError(
                f"no reply keyboard button {label!r}; the keyboard shows {keyboard.labels()}"
            )
        button = found[0]
        if keyboard.one_time:
            chat.keyboard_hidden = True
        if button.request is None:
            return await self.send(button.text, timeout=timeout)
        if button.request == "request_location":
            latitude, longitude = location or self.location
            return await self.share_location(latitude, longitude, timeout=timeout)
        if button.request == "request_contact":
            contact = {
                "phone_number": self.phone_number,
                "first_name": self.first_name,
                "user_id": self.id,
            }
            if self.info.last_name:
                contact["last_name"] = self.info.last_name
            content = {"contact": contact}
            return await self.reaction(
                self._post_message({"content": content}, None), timeout=timeout
            )
        raise AssertionError(f"the fake cannot tap {button.request} buttons ({label!r})")

    async def block_bot(self, *, notify_bot: bool = True, timeout: float | None = None) -> Reaction:
        """Block the bot: sends become 403 and the bot gets a my_chat_member update.

        ``notify_bot=False`` only flips the state (no update; works without a running app).
        """
        chat = self.open_chat()
        chat.blocked = True
        if not notify_bot:
            return Reaction(update_id=None)
        return await self._member_update("member", "kicked", timeout)

    async def unblock_bot(
        self, *, notify_bot: bool = True, timeout: float | None = None
    ) -> Reaction:
        """Unblock the bot (my_chat_member back to "member")."""
        chat = self.open_chat()
        chat.blocked = False
        if not notify_bot:
            return Reaction(update_id=None)
        return await self._member_update("kicked", "member", timeout)

    async def edit(
        self, message: int | MessageView, text: str, *, timeout: float | None = None
    ) -> Reaction:
        """Edit one of the user's own text messages (the bot gets ``edited_message``)."""
        chat = self._require_chat()
        message_id = message.message_id if isinstance(message, MessageView) else message
        stored = chat.messages.get(message_id)
        if stored is None or stored.deleted or stored.from_bot or stored.text is None:
            raise AssertionError(f"#{message_id} is not a text message {self.first_name} can edit")
        plain, entities = format_text(text, None)
        if not plain:
            raise ValueError("a message cannot be edited to be empty")
        state = self._fake.state
        stored.text, stored.entities = plain, entities
        stored.edit_date = state.now()
        stored.edit_count += 1
        update_id = self._queue("edited_message", state.message_json(stored))
        return await self.reaction(update_id, timeout=timeout)

    def deactivate(self) -> None:
        """Delete the account: sends become 403 "user is deactivated"."""
        self.open_chat().deactivated = True

    # -- waiting ----------------------------------------------------------------------------------

    async def reaction(self, update_id: int, *, timeout: float | None = None) -> Reaction:
        """Wait until the bot processed ``update_id`` (from :meth:`post`); what it did."""
        since, query_id = self._marks.pop(update_id, (0, None))
        fake = self._fake
        await fake.wait_processed(update_id, timeout, since)
        reaction = self._collect(update_id, since, query_id)
        self._seen = max([self._seen, *(m.message_id for m in self.messages)])
        if reaction.errors and fake.raise_errors:
            raise BotError(reaction, list(reaction.errors)) from reaction.errors[0].error
        if query_id is not None and fake.require_callback_answers and reaction.answer is None:
            raise AssertionError(
                "the bot did not answer the callback query (the user's client shows a spinner "
                "until answerCallbackQuery); call `await update.callback_query.answer()`\n"
                f"{reaction}"
            )
        return reaction

    async def next_message(self, timeout: float | None = None) -> MessageView:
        """Wait for a bot message newer than anything this user has seen, e.g. from a job."""
        return await self.wait_for_message(lambda _m: True, timeout=timeout)

    async def wait_for_message(
        self, predicate: Callable[[MessageView], bool], timeout: float | None = None
    ) -> MessageView:
        """Wait for an unseen bot message matching ``predicate``; marks it seen."""
        found: list[MessageView] = []

        def check() -> bool:
            chat = self._chat
            if chat is None:
                return False
            for stored in chat.visible():
                if stored.from_bot and stored.message_id > self._seen:
                    view = MessageView.of(self._fake.state, stored)
                    if predicate(view):
                        found.append(view)
                        return True
            return False

        await self._fake.wait_for(check, timeout, what=f"a new bot message to {self.first_name}")
        self._seen = max(self._seen, found[0].message_id)
        return found[0]

    # -- internals --------------------------------------------------------------------------------

    def _require_chat(self) -> ChatState:
        chat = self._chat
        if chat is None:
            raise AssertionError(f"{self.first_name} has not talked to the bot yet")
        if chat.blocked:
            raise AssertionError(f"{self.first_name} has blocked the bot; call unblock_bot() first")
        return chat

    def _queue(self, kind: str, body: dict[str, Any], query_id: str | None = None) -> int:
        since = self._fake.mark()
        update_id = self._fake.state.updates.push(kind, body)
        self._marks[update_id] = (since, query_id)
        return update_id

    def _post_message(self, fields: dict[str, Any], reply_to: int | MessageView | None) -> int:
        chat = self.open_chat()
        if chat.blocked:
            raise AssertionError(f"{self.first_name} has blocked the bot; call unblock_bot() first")
        state = self._fake.state
        target = reply_to.message_id if isinstance(reply_to, MessageView) else reply_to
        if target is None and chat.force_reply_to is not None:
            target = chat.force_reply_to
        chat.force_reply_to = None
        message = StoredMessage(
            message_id=chat.new_message_id(),
            chat_id=self.id,
            from_bot=False,
            date=state.now(),
            reply_to=target,
            **fields,
        )
        chat.messages[message.message_id] = message
        return self._queue("message", state.message_json(message))

    def _button_messages(
        self, chat: ChatState, message: int | MessageView | None
    ) -> list[StoredMessage]:
        if message is not None:
            message_id = message.message_id if isinstance(message, MessageView) else message
            stored = chat.messages.get(message_id)
            if stored is None or stored.deleted or not stored.from_bot:
                raise AssertionError(f"bot message #{message_id} is not in the chat (deleted?)")
            return [stored] if stored.inline_keyboard is not None else []
        return [m for m in reversed(chat.visible()) if m.from_bot and m.inline_keyboard is not None]

    def _no_button(
        self, wanted: str, candidates: list[StoredMessage], message: int | MessageView | None
    ) -> str:
        where = "that message" if message is not None else "any visible bot message"
        lines = [f"no inline button {wanted!r} on {where}."]
        if not candidates:
            lines.append("No visible bot message has inline buttons.")
        for stored in candidates:
            view = MessageView.of(self._fake.state, stored)
            lines.append(
                f"  #{view.message_id} {view.text[:60]!r}: {view.buttons} data={view.button_data}"
            )
        return "\n".join(lines)

    async def _press(
        self, chat: ChatState, stored: StoredMessage, kind: str, value: Any, timeout: float | None
    ) -> Reaction:
        if kind == "url":
            return Reaction(update_id=None, opened_url=str(value))
        if kind != "callback_data":
            raise AssertionError(f"the fake can press callback and URL buttons, not {kind} buttons")
        state = self._fake.state
        query = CallbackQueryState(
            id=str(secrets.randbits(63)),
            user_id=self.id,
            chat_id=chat.id,
            message_id=stored.message_id,
            data=str(value),
            created=asyncio.get_running_loop().time(),
        )
        state.callback_queries[query.id] = query
        body = {
            "id": query.id,
            "from": self.info.to_api(),
            "message": state.message_json(stored),
            "chat_instance": chat.chat_instance,
            "data": query.data,
        }
        return await self.reaction(self._queue("callback_query", body, query.id), timeout=timeout)

    async def _member_update(self, old: str, new: str, timeout: float | None) -> Reaction:
        state = self._fake.state
        bot = state.bot.to_api()

        def member(status: str) -> dict[str, Any]:
            return {
                "user": bot,
                "status": status,
                **({"until_date": 0} if status == "kicked" else {}),
            }

        body = {
            "chat": self.info.private_chat(),
            "from": self.info.to_api(),
            "date": state.timestamp(),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        return await self.reaction(self._queue("my_chat_member", body), timeout=timeout)

    def _collect(self, update_id: int, since: int, query_id: str | None) -> Reaction:
        return collect(self._fake, update_id, since, query_id, (self.id,))


def collect(
    fake: Hub,
    update_id: int,
    since: int,
    query_id: str | None,
    chat_ids: tuple[int, ...],
) -> Reaction:
    """What the bot did in the chats ``chat_ids`` since ``since`` (one user action's reaction)."""
    state = fake.state
    calls = tuple(
        c
        for c in fake.calls_since(since)
        if c.chat_id in chat_ids
        or (query_id is not None and c.params.get("callback_query_id") == query_id)
    )
    sent: list[tuple[int, int]] = []
    edited: list[tuple[int, int]] = []
    deleted: list[int] = []
    actions: list[str] = []
    for call in calls:
        if not call.ok:
            continue
        chat_id = call.chat_id if call.chat_id is not None else 0
        if call.method in _SENDING and isinstance(call.result, dict):
            sent.append((chat_id, int(call.result["message_id"])))
        elif call.method in _EDITING and isinstance(call.params.get("message_id"), int):
            key = (chat_id, call.params["message_id"])
            if key not in edited:
                edited.append(key)
        elif call.method == "deleteMessage" and isinstance(call.params.get("message_id"), int):
            deleted.append(call.params["message_id"])
        elif call.method == "deleteMessages" and isinstance(call.params.get("message_ids"), list):
            deleted.extend(i for i in call.params["message_ids"] if isinstance(i, int))
        elif call.method == "sendChatAction":
            actions.append(str(call.params.get("action")))

    def views(keys: list[tuple[int, int]]) -> tuple[MessageView, ...]:
        found = []
        for chat_id, message_id in keys:
            chat = state.chats.get(chat_id)
            if chat is not None and message_id in chat.messages:
                found.append(MessageView.of(state, chat.messages[message_id]))
        return tuple(found)

    query = state.callback_queries.get(query_id) if query_id else None
    return Reaction(
        update_id=update_id,
        calls=calls,
        sent=views(sent),
        edited=views(edited),
        deleted=tuple(deleted),
        chat_actions=tuple(actions),
        answer=query.answer if query else None,
        errors=tuple(fake.bot_errors(update_id)),
    )


def _scope_key(scope: dict[str, Any]) -> str:
    return json.dumps(scope, sort_keys=True)
