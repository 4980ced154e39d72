"""What a view produces: a message text (Telegram HTML) and its keyboard."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

Keyboard = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


CAPTION_LIMIT = 1024
"""Telegram's limit on a photo's caption, in UTF-16 code units after the HTML is parsed."""


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to show the user: a text, or a picture (PNG) with ``text`` as its caption."""

    text: str
    keyboard: Keyboard | None = None
    photo: bytes | None = None


def caption_fits(text: str) -> bool:
    """Whether Telegram HTML ``text`` fits a photo's caption."""
    plain = html.unescape(re.sub(r"<[^>]*>", "", text))
    return len(plain.encode("utf-16-le")) // 2 <= CAPTION_LIMIT


def with_picture(reply: Reply, picture: bytes) -> list[Reply]:
    """``reply`` as the picture's caption; a text too long for a caption follows the picture,
    which then takes the text's first line."""
    if caption_fits(reply.text):
        return [Reply(reply.text, reply.keyboard, picture)]
    return [Reply(reply.text.split("\n", 1)[0], None, picture), reply]


def esc(value: object) -> str:
    """Escape anything user-provided for Telegram HTML."""
    return html.escape(str(value), quote=False)


def clip(value: str, limit: int = 40) -> str:
    """Shorten a user's text for quoting it back."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"
