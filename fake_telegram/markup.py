"""Reply markup: validation like the Bot API and the keyboards a user sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fake_telegram.errors import ApiError, bad_request

MAX_CALLBACK_DATA_BYTES = 64

_INLINE_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_REPLY_REQUESTS = (
    "request_location",
    "request_contact",
    "request_poll",
    "request_users",
    "request_chat",
    "web_app",
)


@dataclass(frozen=True)
class InlineButton:
    """One inline keyboard button as stored on a message."""

    text: str
    kind: str  # "callback_data", "url", ...
    value: Any

    @property
    def callback_data(self) -> str | None:
        """The callback data, for callback buttons."""
        return self.value if self.kind == "callback_data" else None

    def to_api(self) -> dict[str, Any]:
        """Button JSON as Telegram echoes it in ``Message.reply_markup``."""
        return {"text": self.text, self.kind: self.value}


@dataclass(frozen=True)
class InlineKeyboard:
    """An ``InlineKeyboardMarkup`` attached to a message."""

    rows: tuple[tuple[InlineButton, ...], ...]

    def to_api(self) -> dict[str, Any]:
        """Markup JSON as returned inside a Message."""
        return {"inline_keyboard": [[b.to_api() for b in row] for row in self.rows]}

    def buttons(self) -> list[InlineButton]:
        """All buttons, row by row."""
        return [b for row in self.rows for b in row]


@dataclass(frozen=True)
class KeyboardButton:
    """One reply keyboard button."""

    text: str
    request: str | None = None  # "request_location", "request_contact", ...
    options: Any = None


@dataclass(frozen=True)
class ReplyKeyboard:
    """A ``ReplyKeyboardMarkup``: the keyboard that replaces the user's own."""

    rows: tuple[tuple[KeyboardButton, ...], ...]
    one_time: bool = False
    persistent: bool = False
    resize: bool = False
    placeholder: str | None = None
    selective: bool = False

    def labels(self) -> list[list[str]]:
        """Button labels, row by row."""
        return [[b.text for b in row] for row in self.rows]


@dataclass(frozen=True)
class RemoveKeyboard:
    """``ReplyKeyboardRemove``."""

    selective: bool = False


@dataclass(frozen=True)
class ForceReply:
    """``ForceReply``: the client opens a reply to the bot's message."""

    placeholder: str | None = None
    selective: bool = False


@dataclass(frozen=True)
class ParsedMarkup:
    """The ``reply_markup`` parameter after validation."""

    inline: InlineKeyboard | None = None
    reply: ReplyKeyboard | None = None
    remove: RemoveKeyboard | None = None
    force_reply: ForceReply | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def _markup_error() -> ApiError:
    return bad_request("can't parse reply keyboard markup JSON object")


def _inline_button(raw: object) -> InlineButton:
    if not isinstance(raw, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = raw.get("text")
    if not isinstance(text, str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    actions = [key for key in _INLINE_ACTIONS if key in raw]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    kind = actions[0]
    value = raw[kind]
    if kind == "callback_data":
        if not isinstance(value, str):
            raise bad_request(
                'can\'t parse inline keyboard button: Field "callback_data" must be of type String'
            )
        if not 1 <= len(value.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    elif kind == "url" and (
        not isinstance(value, str) or not value.lower().startswith(("http://", "https://", "tg://"))
    ):
        raise bad_request(f"inline keyboard button URL '{value}' is invalid: Wrong HTTP URL")
    if not text:
        raise bad_request("BUTTON_TEXT_INVALID")
    return InlineButton(text=text, kind=kind, value=value)


def _rows(raw: object, what: str) -> list[list[object]]:
    if not isinstance(raw, list) or not all(isinstance(row, list) for row in raw):
        raise bad_request(
            f"can't parse reply keyboard markup JSON object: {what} must be an Array of Arrays"
        )
    return [list(row) for row in raw]


def _reply_button(raw: object) -> KeyboardButton:
    if isinstance(raw, str):
        return KeyboardButton(text=raw)
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise bad_request(
            "can't parse keyboard button: KeyboardButton must be a String or an Object"
        )
    requests = [key for key in _REPLY_REQUESTS if raw.get(key)]
    request = requests[0] if requests else None
    return KeyboardButton(
        text=raw["text"], request=request, options=raw.get(request) if request else None
    )


def parse_reply_markup(raw: object, *, inline_only: bool = False) -> ParsedMarkup | None:
    """Validate ``reply_markup`` like Telegram; ``inline_only`` for the edit methods."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _markup_error()
    if "inline_keyboard" in raw:
        rows = tuple(
            tuple(_inline_button(b) for b in row)
            for row in _rows(raw["inline_keyboard"], "inline_keyboard")
        )
        return ParsedMarkup(inline=InlineKeyboard(rows), raw=raw)
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in raw:
        rows_reply = tuple(
            tuple(_reply_button(b) for b in row) for row in _rows(raw["keyboard"], "keyboard")
        )
        placeholder = raw.get("input_field_placeholder")
        keyboard = ReplyKeyboard(
            rows=rows_reply,
            one_time=bool(raw.get("one_time_keyboard")),
            persistent=bool(raw.get("is_persistent")),
            resize=bool(raw.get("resize_keyboard")),
            placeholder=placeholder if isinstance(placeholder, str) else None,
            selective=bool(raw.get("selective")),
        )
        return ParsedMarkup(reply=keyboard, raw=raw)
    if raw.get("remove_keyboard"):
        return ParsedMarkup(remove=RemoveKeyboard(bool(raw.get("selective"))), raw=raw)
    if raw.get("force_reply"):
        placeholder = raw.get("input_field_placeholder")
        return ParsedMarkup(
            force_reply=ForceReply(
                placeholder if isinstance(placeholder, str) else None, bool(raw.get("selective"))
            ),
            raw=raw,
        )
    raise _markup_error()
