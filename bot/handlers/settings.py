"""/settings: show the user's settings and change them."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.coach.dates import DateProblem
from bot.coach.models import User
from bot.context import BotContext
from bot.handlers.common import edit_or_send, send, settle_choice
from bot.handlers.questions import Asking
from bot.services import days
from bot.services.questions import Asked, Question
from bot.views import callbacks, places
from bot.views import errors as error_views
from bot.views import settings as views
from bot.views.reply import Reply


async def _show(update: Update, context: BotContext) -> None:
    user = context.user
    if user.timezone is None or user.nudge_time is None:
        await send(update, views.not_set_up(context.t))
        return
    await send(update, _overview(context, user))


def _overview(context: BotContext, user: User, *, lead: str = "") -> Reply:
    now = context.now()
    local_now = days.local_now(user, now)
    today = context.services.habits.day(user)
    return views.overview(context.t, user, local_now, now, today, lead=lead)


async def _holiday_back(update: Update, context: BotContext) -> None:
    """ "« Back" under the holiday lengths: nothing changes; the message shows the settings."""
    user = context.user
    if user.timezone is None or user.nudge_time is None:
        await edit_or_send(update, views.not_set_up(context.t))
        return
    await edit_or_send(update, _overview(context, user, lead=views.holiday_cancelled(context.t)))


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    if isinstance(callbacks.parse(query.data), callbacks.HolidayBack):
        await query.answer()
        await _holiday_back(update, context)
        return
    accounts = context.services.accounts
    user = context.user
    action = callbacks.parse(query.data)
    if not isinstance(
        action,
        callbacks.ChangeSetting
        | callbacks.PickReviewDay
        | callbacks.PauseFor
        | callbacks.PickLanguage,
    ):
        await query.answer(error_views.stale_button(context.t))
        return
    await query.answer()
    t = context.t
    if isinstance(action, callbacks.PickLanguage):
        # Any time, set up or not: the answer comes in the language just chosen.
        context.user = await accounts.set_language(user.user_id, action.language)
        await edit_or_send(update, views.language_changed(context.t))
        return
    if not user.is_onboarded:
        await send(update, views.not_set_up(t))
        return
    if isinstance(action, callbacks.PickReviewDay):
        await settle_choice(update)
        saved = await accounts.set_review_day(user.user_id, action.weekday)
        await send(update, views.review_changed(t, saved.review_weekday, saved.review_time))
    elif isinstance(action, callbacks.PauseFor):
        await settle_choice(update)
        habits = context.services.habits
        if user.paused_until is not None and user.paused_until >= habits.day(user):
            await send(update, views.already_on_holiday(t, user.paused_until, habits.day(user)))
            return
        until = await context.services.holidays.pause(user, action.weeks)
        await send(update, views.paused(t, until, habits.day(user)))
    else:
        await _change(update, context, user, action.name)


async def _change(update: Update, context: BotContext, user: User, name: str) -> None:
    accounts, t = context.services.accounts, context.t
    if name == "tz":
        await context.services.questions.ask(user.user_id, Question.SETTINGS_TIMEZONE)
        await send(
            update,
            places.zone_question(context.t, suggested=context.services.options.default_timezone),
        )
    elif name == "nudge":
        await context.services.questions.ask(user.user_id, Question.SETTINGS_NUDGE)
        await send(update, places.nudge_question(context.t))
    elif name == "evening":
        saved = await accounts.toggle_evening(user.user_id)
        await send(update, views.evening_changed(t, saved.evening_enabled, saved.evening_time))
    elif name == "review":
        await send(update, views.review_days(t))
    elif name == "lang":
        await send(update, views.languages(t))
    elif name == "birthday":
        await context.services.questions.ask(user.user_id, Question.SETTINGS_BIRTHDAY)
        await send(update, views.ask_birthday(t))
    elif name == "pause":
        await send(update, views.holiday_lengths(t))
    else:
        await context.services.holidays.end_pause(user)
        await send(update, views.resumed(t))


async def _birthday_answer(update: Update, context: BotContext, user: User, state: Asked) -> None:
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    today = context.services.habits.day(user)
    outcome = await context.services.accounts.answer_birthday(user.user_id, text, today)
    if isinstance(outcome, DateProblem):
        await send(update, views.birthday_problem(context.t, outcome))
    elif outcome.birthday is not None:
        await send(update, views.birthday_changed(context.t, outcome.birthday))


QUESTIONS = (Asking(Question.SETTINGS_BIRTHDAY, _birthday_answer),)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The /settings command and its buttons."""
    return [
        CommandHandler("settings", _show, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(_on_button, pattern=callbacks.SETTINGS_PATTERN),
    ]
