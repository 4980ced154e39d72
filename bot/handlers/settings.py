"""/settings: show the user's settings and change them."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from bot.handlers.common import profile_of, send
from bot.services.dialogs import Dialog
from bot.views import callbacks, places
from bot.views import errors as error_views
from bot.views import settings as views


async def _show(update: Update, context: BotContext) -> None:
    user, _ = await context.services.accounts.seen(profile_of(update))
    if user.timezone is None or user.nudge_time is None:
        await send(update, views.not_set_up())
        return
    now = context.now()
    local_now = now.astimezone(ZoneInfo(user.timezone))
    await send(update, views.overview(user.timezone, user.nudge_time, local_now, now))


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    accounts = context.services.accounts
    user, _ = await accounts.seen(profile_of(update))
    action = callbacks.parse(query.data)
    if not isinstance(action, callbacks.ChangeSetting):
        await query.answer(error_views.stale_button())
        return
    await query.answer()
    if not user.is_onboarded:
        await send(update, views.not_set_up())
    elif action.name == "tz":
        await accounts.ask(user.user_id, Dialog.SETTINGS_TIMEZONE)
        await send(update, places.zone_question())
    else:
        await accounts.ask(user.user_id, Dialog.SETTINGS_NUDGE)
        await send(update, places.nudge_question())


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The /settings command and its buttons."""
    return [
        CommandHandler("settings", _show, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(_on_button, pattern=r"^set:"),
    ]
