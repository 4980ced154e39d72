"""/goals (being built)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from bot.context import BotContext
from bot.handlers.router import Step
from bot.services.dialogs import Dialog


def dialog_routes() -> dict[Dialog, Step]:
    """The conversation steps this module answers."""
    return {}


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Commands and buttons of this module."""
    return []
