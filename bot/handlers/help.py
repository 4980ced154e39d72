"""/help, and a helpful answer to anything else — never silence (/cancel: ``questions``)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.coach.models import User
from bot.context import BotContext
from bot.handlers.common import send
from bot.views import errors as error_views
from bot.views import help as views


async def _help(update: Update, context: BotContext) -> None:
    await send(update, views.help_text(context.t))


async def _unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    command = (message.text or "/").split()[0] if message else "/"
    await send(update, views.unknown_command(context.t, command))


async def _stale_button(update: Update, context: BotContext) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(error_views.stale_button(context.t))


async def idle(update: Update, context: BotContext, user: User) -> None:
    """A message while no question is open: point somewhere useful."""
    message = update.effective_message
    text = message.text or "" if message else ""
    t = context.t
    chatter = views.small_talk(t, text, user.first_name, set_up=user.is_onboarded)
    await send(update, chatter or views.idle_text(t, set_up=user.is_onboarded))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Commands of this module."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("help", _help, filters=private),
    ]


def last_resort_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Registered after everything else: unknown commands, unknown buttons."""
    return [
        MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, _unknown_command),
        CallbackQueryHandler(_stale_button),
    ]
