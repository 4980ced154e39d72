"""/help, /cancel, and a helpful answer to anything else — never silence."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.coach.models import User
from bot.context import BotContext
from bot.handlers.common import send
from bot.services.dialogs import Dialog
from bot.views import errors as error_views
from bot.views import goals as goal_views
from bot.views import help as views
from bot.views import onboarding
from bot.views import plan as plan_views
from bot.views import settings as settings_views
from bot.views.reply import Reply

_ONBOARDING = (Dialog.ONBOARDING_TIMEZONE, Dialog.ONBOARDING_NUDGE)
_SETTINGS = (Dialog.SETTINGS_TIMEZONE, Dialog.SETTINGS_NUDGE)


async def _help(update: Update, context: BotContext) -> None:
    await send(update, views.help_text(context.t))


async def _cancel(update: Update, context: BotContext) -> None:
    context.user, dropped = await context.services.accounts.drop_question(context.user)
    if dropped is None:
        reply = views.nothing_to_cancel(context.t)
    elif dropped in _ONBOARDING:
        reply = onboarding.setup_paused(context.t)
    elif dropped in _SETTINGS:
        reply = settings_views.change_cancelled(context.t)
    elif dropped.value.startswith("plan."):
        reply = plan_views.paused(context.t)
    elif dropped in goal_views.GOAL_QUESTIONS:
        reply = goal_views.question_cancelled(context.t, dropped)
    else:
        reply = views.cancelled(context.t)
    # A location keyboard may still be up from a time zone question: take it away.
    await send(update, Reply(reply.text, ReplyKeyboardRemove()))


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


async def _close_question(update: Update, context: BotContext) -> None:
    user = context.user
    # Set-up questions stay open: /start, /settings and the rest resume or explain them.
    if user.dialog and Dialog.parse(user.dialog) not in _ONBOARDING:
        # The command's own handler runs next with this same context: it sees no question.
        context.user, _ = await context.services.accounts.drop_question(user)


def close_open_question() -> BaseHandler[Update, BotContext, None]:
    """Runs before every command except /cancel (which reports what it closed)."""
    return MessageHandler(
        filters.ChatType.PRIVATE & filters.COMMAND & ~filters.Regex(r"^/cancel(@\w+)?\b"),
        _close_question,
    )


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Commands of this module."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("help", _help, filters=private),
        CommandHandler("cancel", _cancel, filters=private),
    ]


def last_resort_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Registered after everything else: unknown commands, unknown buttons."""
    return [
        MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, _unknown_command),
        CallbackQueryHandler(_stale_button),
    ]
