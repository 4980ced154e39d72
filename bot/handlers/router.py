"""Routes a plain message to the conversation step the user is in.

The step is the stored one, loaded with the user at the start of every update
(``bot.handlers.users``), so a restart never loses the thread. Feature modules contribute their
steps; this module knows none of them by name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.coach.models import User
from bot.context import BotContext
from bot.services.dialogs import Dialog, DialogState

Step = Callable[[Update, BotContext, User, DialogState], Awaitable[None]]
Fallback = Callable[[Update, BotContext, User], Awaitable[None]]


def dialog_router(
    routes: Mapping[Dialog, Step],
    fallback: Fallback,
    interrupts: Callable[[str], bool] = lambda text: False,
) -> BaseHandler[Update, BotContext, None]:
    """One handler for every non-command message in a private chat.

    Args:
        routes: The step each open question's answer goes to.
        fallback: Where a message goes when no question is open.
        interrupts: Messages that are never an answer (a plain "done" typed long after a
            question was left open): the question is closed and the message goes to
            ``fallback``, so it is not stored as, say, a goal's daily action.
    """

    async def route(update: Update, context: BotContext) -> None:
        user = context.user
        message = update.effective_message
        text = message.text if message is not None and message.text else ""
        if user.dialog and text and interrupts(text):
            user, _ = await context.services.accounts.drop_question(user)
            context.user = user
        state = DialogState.decode(user.dialog)
        step = routes.get(state.step) if state is not None else None
        if state is None or step is None:
            await fallback(update, context, user)
        else:
            await step(update, context, user, state)

    return MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND, route)
