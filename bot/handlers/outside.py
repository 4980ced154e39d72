"""Updates from outside a user's private chat: answered politely, with no side effects.

The coach is one-to-one. A user's chat id (where scheduled messages go) is taken only from their
private chat, and nothing personal is shown or changed anywhere else. This gate runs before
anything loads a user (``bot.handlers.users``) and ends every update it takes:

* a command, a reply to the bot or a mention in a group: one line pointing to the private chat;
* a button pressed in a group: a toast saying the same;
* a button on a message the bot cannot see (an inline message, an inaccessible old message):
  the usual "expired" toast, so the user's spinner stops;
* edited messages: an edit is not a new message (editing "done" must not log a second win);
* channel posts, the bot added to or removed from a chat, and any other update kind: nothing.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.context import BotContext
from bot.handlers.common import in_private_chat, send, sender_translator
from bot.views import errors as error_views
from bot.views import help as views

log = logging.getLogger(__name__)

GROUP = -3
"""Before the user is loaded (``bot.handlers.users.GROUP``)."""


async def _gate(update: Update, context: BotContext) -> None:
    if in_private_chat(update):
        return
    try:
        if update.callback_query is not None:
            await _answer_button(update.callback_query, update)
        elif update.message is not None and _speaks_to_the_bot(update.message, context):
            await send(update, views.private_only(sender_translator(update), context.bot.username))
    except TelegramError:
        # A group that removed the bot, a query too old to answer: nothing more to do.
        log.info("Could not answer an update from outside a private chat", exc_info=True)
    raise ApplicationHandlerStop


async def _answer_button(query: CallbackQuery, update: Update) -> None:
    chat = update.effective_chat
    t = sender_translator(update)
    if chat is not None and chat.type != ChatType.PRIVATE:
        await query.answer(views.private_only_toast(t))
    else:
        await query.answer(error_views.stale_button(t))


def _speaks_to_the_bot(message: Message, context: BotContext) -> bool:
    """A command, a reply to one of the bot's messages, or a mention of the bot."""
    if message.chat.type == ChatType.CHANNEL:
        return False
    text = message.text or ""
    if text.startswith("/"):
        return True
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.is_bot:
        return replied.from_user.id == context.bot.id
    mention = f"@{context.bot.username}".lower()
    return any(
        entity.type == MessageEntity.MENTION and message.parse_entity(entity).lower() == mention
        for entity in message.entities
    )


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The gate, for every update (``register`` adds it in ``GROUP``)."""
    return [TypeHandler(Update, _gate)]
