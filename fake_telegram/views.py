"""Snapshots of what the user sees: messages, buttons, keyboards, and the bot's reaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fake_telegram.hub import RecordedError
from fake_telegram.markup import KeyboardButton, ReplyKeyboard
from fake_telegram.state import ApiCall, CallbackAnswer, ChatState, StoredMessage, TelegramState


@dataclass(frozen=True)
class Button:
    """An inline button as the user sees it."""

    text: str
    kind: str  # "callback_data", "url", ...
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class MessageView:
    """A message in its state at the time of the snapshot (after edits).

    ``text`` is the plain text the user reads -- the caption for photos and
    documents; ``html`` is the markup the bot sent when it used a parse mode.
    """

    message_id: int
    from_bot: bool
    text: str
    html: str | None
    parse_mode: str | None
    entities: tuple[dict[str, Any], ...]
    keyboard: tuple[tuple[Button, ...], ...]
    date: datetime
    edited: bool
    edit_count: int
    deleted: bool
    reply_to: int | None
    photo: bytes | None
    document: bytes | None
    document_name: str | None
    document_mime_type: str | None
    content: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def buttons(self) -> list[list[str]]:
        """Inline button labels, row by row."""
        return [[b.text for b in row] for row in self.keyboard]

    @property
    def button_labels(self) -> list[str]:
        """All inline button labels in reading order."""
        return [b.text for row in self.keyboard for b in row]

    @property
    def button_data(self) -> list[list[str | None]]:
        """Callback data of the inline buttons, row by row (None for URL buttons etc.)."""
        return [[b.callback_data for b in row] for row in self.keyboard]

    def has_button(self, label_or_data: str) -> bool:
        """Is there a button with this label or callback data?"""
        return any(label_or_data in (b.text, b.callback_data) for row in self.keyboard for b in row)

    def describe(self) -> str:
        """One line for failure messages."""
        body = self.text.replace("\n", "\\n")
        if len(body) > 120:
            body = body[:117] + "..."
        extras = []
        if self.photo is not None:
            extras.append("photo")
        if self.document is not None:
            extras.append(f"document {self.document_name!r}")
        if self.keyboard:
            extras.append(f"buttons {self.buttons}")
        suffix = f" [{'; '.join(extras)}]" if extras else ""
        who = "bot" if self.from_bot else "user"
        return f"#{self.message_id} {who}: {body!r}{suffix}"

    @classmethod
    def of(cls, state: TelegramState, message: StoredMessage) -> MessageView:
        """Snapshot a stored message."""
        rows: tuple[tuple[Button, ...], ...] = ()
        if message.inline_keyboard is not None:
            rows = tuple(
                tuple(
                    Button(
                        text=b.text,
                        kind=b.kind,
                        callback_data=b.callback_data,
                        url=b.value if b.kind == "url" else None,
                    )
                    for b in row
                )
                for row in message.inline_keyboard.rows
            )
        text = message.text if message.text is not None else (message.caption or "")
        entities = message.entities if message.text is not None else message.caption_entities
        document = message.document
        return cls(
            message_id=message.message_id,
            from_bot=message.from_bot,
            text=text,
            html=message.source if message.parse_mode else None,
            parse_mode=message.parse_mode,
            entities=tuple(entities),
            keyboard=rows,
            date=message.date,
            edited=message.edit_date is not None,
            edit_count=message.edit_count,
            deleted=message.deleted,
            reply_to=message.reply_to,
            photo=message.photo.data if message.photo is not None else None,
            document=document.data if document is not None else None,
            document_name=document.file_name if document is not None else None,
            document_mime_type=document.mime_type if document is not None else None,
            content=dict(message.content),
            raw=state.message_json(message) if not message.deleted else {},
        )


@dataclass(frozen=True)
class ReplyKeyboardView:
    """The reply keyboard currently shown instead of the user's own keyboard."""

    rows: tuple[tuple[KeyboardButton, ...], ...]
    one_time: bool
    hidden: bool
    persistent: bool
    placeholder: str | None

    @property
    def labels(self) -> list[list[str]]:
        """Button labels, row by row."""
        return [[b.text for b in row] for row in self.rows]

    @classmethod
    def of(cls, chat: ChatState) -> ReplyKeyboardView | None:
        """The chat's current reply keyboard, if any."""
        keyboard: ReplyKeyboard | None = chat.reply_keyboard
        if keyboard is None:
            return None
        return cls(
            rows=keyboard.rows,
            one_time=keyboard.one_time,
            hidden=chat.keyboard_hidden,
            persistent=keyboard.persistent,
            placeholder=keyboard.placeholder,
        )


@dataclass(frozen=True)
class Reaction:
    """What the bot did in this user's chat in response to one user action."""

    update_id: int | None
    calls: tuple[ApiCall, ...] = ()
    sent: tuple[MessageView, ...] = ()
    edited: tuple[MessageView, ...] = ()
    deleted: tuple[int, ...] = ()
    chat_actions: tuple[str, ...] = ()
    answer: CallbackAnswer | None = None
    opened_url: str | None = None
    errors: tuple[RecordedError, ...] = ()

    @property
    def failed(self) -> tuple[ApiCall, ...]:
        """Requests Telegram rejected (the bot saw an exception for each)."""
        return tuple(c for c in self.calls if not c.ok)

    @property
    def texts(self) -> list[str]:
        """Texts (or captions) of the messages sent, in order."""
        return [m.text for m in self.sent]

    @property
    def reply(self) -> MessageView:
        """The single message the bot sent; AssertionError unless exactly one."""
        if len(self.sent) != 1:
            raise AssertionError(
                f"expected exactly one message from the bot, got {len(self.sent)}:\n{self}"
            )
        return self.sent[0]

    @property
    def text(self) -> str:
        """Text of the single message sent (see :attr:`reply`)."""
        return self.reply.text

    @property
    def answer_text(self) -> str | None:
        """The callback answer's text (toast or alert), if any."""
        return self.answer.text if self.answer else None

    def __str__(self) -> str:
        lines = [f"Reaction to update {self.update_id}:"]
        lines += [f"  sent {m.describe()}" for m in self.sent]
        lines += [f"  edited {m.describe()}" for m in self.edited]
        lines += [f"  deleted #{message_id}" for message_id in self.deleted]
        if self.chat_actions:
            lines.append(f"  chat actions {list(self.chat_actions)}")
        if self.answer is not None:
            alert = " (alert)" if self.answer.show_alert else ""
            lines.append(f"  answered callback query: {self.answer.text!r}{alert}")
        lines += [f"  FAILED {c.summary()}" for c in self.failed]
        lines += [f"  ERROR {e.describe()}" for e in self.errors]
        if len(lines) == 1:
            lines.append("  (nothing)")
        return "\n".join(lines)
