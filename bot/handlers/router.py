"""Routes a plain message to the conversation step the user is in.

The step is the stored one, loaded with the user at the start of every update
(``bot.handlers.users``), so a restart never loses the thread. Feature modules contribute their
steps; this module knows none of them by name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.coach.answers import WhileAsked, read_while_asked
from bot.coach.models import User
from bot.context import BotContext
from bot.services.dialogs import Dialog, DialogState

Step = Callable[[Update, BotContext, User, DialogState], Awaitable[None]]
Fallback = Callable[[Update, BotContext, User], Awaitable[None]]


def dialog_router(
    routes: Mapping[Dialog, Step],
    fallback: Fallback,
    held: Fallback | None = None,
    verbatim: frozenset[Dialog] = frozenset(),
) -> BaseHandler[Update, BotContext, None]:
    """One handler for every non-command message in a private chat.

    While a question is open, a message is its answer (``bot.coach.answers``), with two
    exceptions: a win with an amount ("wrote 400 words") closes the question and goes to
    ``fallback``, which logs it; a bare "done" goes to ``held``, which keeps the question and
    says how to log, instead of storing "done" as, say, a goal's daily action.

    Args:
        routes: The step each open question's answer goes to.
        fallback: Where a message goes when no question is open.
        held: Where a message meant for the log goes while a question is open (default: the
            step, as an answer).
        verbatim: Steps whose answer is any text, never read as a win (a note to someone:
            "Well done!" is the note, not a log).
    """

    async def route(update: Update, context: BotContext) -> None:
        user = context.user
        message = update.effective_message
        text = message.text if message is not None and message.text else ""
        asked = DialogState.decode(user.dialog)
        free = asked is not None and asked.step in verbatim
        reading = (
            read_while_asked(text, user.language)
            if user.dialog and text and not free
            else WhileAsked.ANSWER
        )
        if reading is WhileAsked.WIN:
            user, _ = await context.services.accounts.drop_question(user)
            context.user = user
        elif reading is WhileAsked.LOGGING and held is not None and routes_to_a_step(user):
            await held(update, context, user)
            return
        state = DialogState.decode(user.dialog)
        step = routes.get(state.step) if state is not None else None
        if state is None or step is None:
            await fallback(update, context, user)
        else:
            await step(update, context, user, state)

    def routes_to_a_step(user: User) -> bool:
        state = DialogState.decode(user.dialog)
        return state is not None and state.step in routes

    return MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND, route)
