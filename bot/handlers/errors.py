"""The one error handler: log with the traceback, apologise to the user."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from bot.handlers.common import sender_translator
from bot.views import errors as views

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log an unexpected exception and tell the user, without leaking details.

    Then no further handler runs for the update: the later groups build on the earlier ones
    (the user loaded first, the open question closed next), and one apology is enough.
    """
    log.error("Unhandled error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.effective_chat is not None:
            t = context.t if context.has_user else sender_translator(update)
            await update.effective_chat.send_message(views.apology(t).text)
    except TelegramError:
        # The apology itself failed (blocked, network): the log line above is what remains.
        log.warning("Could not send the apology after an error", exc_info=True)
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except TelegramError:
            # Most likely answered already by the handler before it failed.
            log.debug("Callback query was already answered", exc_info=True)
    raise ApplicationHandlerStop
