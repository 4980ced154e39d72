"""Who wrote: the sender is loaded once per update, before any feature handler runs.

PTB's ``contexttypesbot.py`` pattern: a ``TypeHandler`` in a group of its own ahead of the
others puts the user on the context that every later handler of the same update receives, so
no handler loads (or writes) the user again.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, TypeHandler

from bot.context import BotContext
from bot.handlers.common import in_private_chat, profile_of

GROUP = -2
"""Before group -1 (commands close an open question there) and the feature handlers (group 0).

PTB runs at most one handler per group, so the load needs a group to itself.
"""


async def _arrive(update: Update, context: BotContext) -> None:
    # Group messages, channel posts, edits and chat-member changes never get here (the gate in
    # ``bot.handlers.outside`` ends them): their chat is not the user's private chat, which is
    # what ``chat_id`` stores, and a "bot was blocked" update is not the user writing again.
    if not in_private_chat(update):
        return
    user, is_new = await context.services.accounts.arrive(profile_of(update))
    context.arrived(user, is_new=is_new)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The loader, for every update (``register`` adds it in ``GROUP``)."""
    return [TypeHandler(Update, _arrive)]
