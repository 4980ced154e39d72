"""What a view produces: a message text (Telegram HTML) and its keyboard."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

Keyboard = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to show the user."""

    text: str
    keyboard: Keyboard | None = None


def esc(value: object) -> str:
    """Escape anything user-provided for Telegram HTML."""
    return html.escape(str(value), quote=False)


def clip(value: str, limit: int = 40) -> str:
    """Shorten a user's text for quoting it back."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"
