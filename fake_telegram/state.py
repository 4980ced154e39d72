"""Everything the fake Telegram remembers: users, chats, messages, queries."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fake_telegram.html import Entity
from fake_telegram.markup import InlineKeyboard, ReplyKeyboard
from fake_telegram.media import FileStore, StoredFile, document_json, photo_sizes
from fake_telegram.updates import UpdateQueue

Clock = Callable[[], datetime]


def real_clock() -> datetime:
    """The default clock: aware UTC now."""
    return datetime.now(UTC)


@dataclass
class UserInfo:
    """A Telegram user (or the bot itself)."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_api(self) -> dict[str, Any]:
        """``User`` JSON."""
        result: dict[str, Any] = {
            "id": self.id,
            "is_bot": self.is_bot,
            "first_name": self.first_name,
        }
        if self.last_name:
            result["last_name"] = self.last_name
        if self.username:
            result["username"] = self.username
        if self.language_code and not self.is_bot:
            result["language_code"] = self.language_code
        return result

    def private_chat(self) -> dict[str, Any]:
        """``Chat`` JSON of the private chat with this user."""
        result: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            result["last_name"] = self.last_name
        if self.username:
            result["username"] = self.username
        return result


@dataclass
class GroupInfo:
    """A group, supergroup or channel the bot is in (ids are negative, like Telegram's)."""

    id: int
    title: str
    type: str = "supergroup"  # "group", "supergroup" or "channel"

    def to_api(self) -> dict[str, Any]:
        """``Chat`` JSON."""
        return {"id": self.id, "type": self.type, "title": self.title}


@dataclass
class StoredMessage:
    """One message in a chat, in its current state (after edits)."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: datetime
    text: str | None = None
    entities: list[Entity] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[Entity] = field(default_factory=list)
    source: str | None = None  # the text/caption exactly as the bot sent it (e.g. raw HTML)
    parse_mode: str | None = None
    inline_keyboard: InlineKeyboard | None = None
    photo: StoredFile | None = None
    document: StoredFile | None = None
    content: dict[str, Any] = field(default_factory=dict)  # location, sticker, contact ...
    reply_to: int | None = None
    edit_date: datetime | None = None
    edit_count: int = 0
    deleted: bool = False
    protected: bool = False
    sender_id: int | None = None  # who wrote it in a group (a private chat has one user)


@dataclass
class ChatState:
    """A chat with the bot: private with one user, or a group or channel (``group``)."""

    user: UserInfo
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    reply_keyboard: ReplyKeyboard | None = None
    keyboard_hidden: bool = False
    force_reply_to: int | None = None
    blocked: bool = False
    deactivated: bool = False
    chat_actions: list[str] = field(default_factory=list)
    chat_instance: str = field(default_factory=lambda: str(secrets.randbits(62)))
    group: GroupInfo | None = None

    @property
    def id(self) -> int:
        """The chat id: the user's id for a private chat, the group's (negative) otherwise."""
        return self.group.id if self.group is not None else self.user.id

    def to_api(self) -> dict[str, Any]:
        """``Chat`` JSON."""
        return self.group.to_api() if self.group is not None else self.user.private_chat()

    def new_message_id(self) -> int:
        """Message ids are per chat and shared by both sides, like in real private chats."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def visible(self) -> list[StoredMessage]:
        """Messages not deleted, oldest first."""
        return [m for _, m in sorted(self.messages.items()) if not m.deleted]


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to a callback query."""

    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int


@dataclass
class CallbackQueryState:
    """A button press waiting for (or having received) ``answerCallbackQuery``."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created: float  # event-loop time
    answer: CallbackAnswer | None = None


@dataclass(frozen=True)
class ApiCall:
    """One Bot API request as the fake saw it, for assertions and diagnostics."""

    seq: int
    method: str
    params: dict[str, Any]
    chat_id: int | None
    ok: bool
    result: Any = None
    error_code: int | None = None
    description: str | None = None
    fault: str | None = None
    at: float = 0.0  # event-loop time the request was answered (recorded)
    arrived: float = 0.0  # event-loop time the request arrived (before any injected delay)

    def summary(self) -> str:
        """One line for failure messages."""
        shown = {k: v for k, v in self.params.items() if k not in ("chat_id",)}
        outcome = "ok" if self.ok else f"{self.error_code} {self.description}"
        text = ", ".join(f"{k}={v!r}" for k, v in shown.items())
        if len(text) > 300:
            text = text[:297] + "..."
        fault = f" [injected {self.fault}]" if self.fault else ""
        return f"#{self.seq} {self.method}({text}) -> {outcome}{fault}"


@dataclass
class WebhookState:
    """What setWebhook stored."""

    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    allowed_updates: list[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class Settings:
    """Behaviour switches of a FakeTelegram."""

    strict_html: bool = True
    callback_query_timeout: float | None = 15.0


class TelegramState:
    """The whole world of one fake bot."""

    def __init__(self, bot: UserInfo, clock: Clock, settings: Settings, queue: UpdateQueue) -> None:
        self.bot = bot
        self.clock = clock
        self.settings = settings
        self.updates = queue
        self.users: dict[int, UserInfo] = {}
        self.chats: dict[int, ChatState] = {}
        self.files = FileStore()
        self.callback_queries: dict[str, CallbackQueryState] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.webhook = WebhookState()
        self.logged_out = False

    def now(self) -> datetime:
        """The fake's current time (the injected clock)."""
        return self.clock()

    def timestamp(self) -> int:
        """Unix time for ``date`` fields."""
        return int(self.clock().timestamp())

    def users_json(self) -> dict[int, Entity]:
        """Known users as User JSON (for ``tg://user?id=`` links)."""
        return {uid: user.to_api() for uid, user in self.users.items()}

    def message_json(self, message: StoredMessage, *, with_reply: bool = True) -> dict[str, Any]:
        """``Message`` JSON exactly as the Bot API returns it."""
        chat = self.chats[message.chat_id]
        result: dict[str, Any] = {"message_id": message.message_id}
        if chat.group is not None and chat.group.type == "channel":
            result["sender_chat"] = chat.to_api()  # channel posts have no "from"
        else:
            sender = self.bot if message.from_bot else chat.user
            if message.sender_id is not None and not message.from_bot:
                sender = self.users.get(message.sender_id, sender)
            result["from"] = sender.to_api()
        result["chat"] = chat.to_api()
        result["date"] = int(message.date.timestamp())
        if message.edit_date is not None:
            result["edit_date"] = int(message.edit_date.timestamp())
        if message.protected:
            result["has_protected_content"] = True
        if with_reply and message.reply_to is not None:
            replied = chat.messages.get(message.reply_to)
            if replied is not None and not replied.deleted:
                result["reply_to_message"] = self.message_json(replied, with_reply=False)
        if message.text is not None:
            result["text"] = message.text
            if message.entities:
                result["entities"] = message.entities
        if message.photo is not None:
            result["photo"] = photo_sizes(message.photo)
        if message.document is not None:
            result["document"] = document_json(message.document)
        if message.caption:
            result["caption"] = message.caption
            if message.caption_entities:
                result["caption_entities"] = message.caption_entities
        result.update(message.content)
        if message.inline_keyboard is not None:
            result["reply_markup"] = message.inline_keyboard.to_api()
        return result
