"""Routes a plain message to the conversation step the user is in.

The step is read from storage on every message, so a restart never loses the thread. Feature
modules contribute their steps; this module knows none of them by name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.coach.models import User
from bot.context import BotContext
from bot.handlers.common import profile_of
from bot.services.dialogs import Dialog

Step = Callable[[Update, BotContext, User], Awaitable[None]]


def dialog_router(
    routes: Mapping[Dialog, Step], fallback: Step
) -> BaseHandler[Update, BotContext, None]:
    """One handler for every non-command message in a private chat."""

    async def route(update: Update, context: BotContext) -> None:
        user, _ = await context.services.accounts.seen(profile_of(update))
        dialog = Dialog.parse(user.dialog)
        step = routes.get(dialog) if dialog is not None else None
        await (step or fallback)(update, context, user)

    return MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND, route)
