"""Answers to "where are you?" and "when should I nudge you?", in set-up and in /settings."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.coach.clock_time import ClockTimeRejected, is_night
from bot.coach.models import User
from bot.coach.timezones import ZoneChoices, ZoneRejected
from bot.context import BotContext
from bot.handlers.common import drop_buttons, edit_or_send, send
from bot.handlers.questions import Asking, Fallback
from bot.services.accounts import NudgeSaved, TimezoneAnswer, ZoneSaved
from bot.services.questions import Asked, Question
from bot.views import callbacks, onboarding, places, settings
from bot.views import errors as error_views

ZONE_STEPS = (Question.ONBOARDING_TIMEZONE, Question.SETTINGS_TIMEZONE)
NUDGE_STEPS = (Question.ONBOARDING_NUDGE, Question.SETTINGS_NUDGE)


async def _zone_answer(update: Update, context: BotContext, user: User, state: Asked) -> None:
    message = update.effective_message
    if message is None:
        return
    accounts = context.services.accounts
    outcome: TimezoneAnswer
    if message.location is not None:
        outcome = await accounts.timezone_from_location(
            user.user_id, message.location.latitude, message.location.longitude
        )
    else:
        outcome = await accounts.answer_timezone(user.user_id, message.text or "")
    if isinstance(outcome, ZoneChoices):
        await send(update, places.zone_choices(context.t, outcome))
    elif isinstance(outcome, ZoneRejected):
        await send(
            update,
            places.zone_problem(
                context.t,
                outcome.problem,
                message.text or "",
                context.services.options.default_timezone,
            ),
        )
    else:
        await _zone_saved(update, context, outcome, was_onboarding=not user.is_onboarded)


def shared_location(otherwise: Fallback) -> Fallback:
    """A location shared while no question is open: its time zone, offered with a button (the
    one thing a location tells this bot); any other message goes to ``otherwise``."""

    async def read(update: Update, context: BotContext, user: User) -> None:
        message = update.effective_message
        if message is None or message.location is None or not user.is_onboarded:
            await otherwise(update, context, user)
            return
        accounts = context.services.accounts
        zone = accounts.zone_at(message.location.latitude, message.location.longitude)
        if isinstance(zone, ZoneRejected):
            await otherwise(update, context, user)
            return
        # Offered, not changed: a location shared for another reason must not move the nudges.
        await send(
            update, places.location_zone(context.t, zone, accounts.now_in(zone), user.timezone)
        )

    return read


async def _zone_saved(
    update: Update, context: BotContext, saved: ZoneSaved, *, was_onboarding: bool
) -> None:
    zone = saved.user.timezone or "UTC"
    await send(update, places.zone_saved(context.t, saved.label, zone, saved.local_now))
    if was_onboarding:  # a change from /settings is done with the confirmation
        await _next_question(update, context, saved.user)


async def _nudge_answer(update: Update, context: BotContext, user: User, state: Asked) -> None:
    message = update.effective_message
    if message is None:
        return
    outcome = await context.services.accounts.answer_nudge_time(user.user_id, message.text or "")
    if isinstance(outcome, ClockTimeRejected):
        await send(update, places.nudge_problem(context.t, outcome.problem))
        return
    await _nudge_saved(
        update, context, outcome, was_onboarding=user.dialog == Question.ONBOARDING_NUDGE
    )


async def _nudge_saved(
    update: Update, context: BotContext, saved: NudgeSaved, *, was_onboarding: bool
) -> None:
    user, t = saved.user, context.t
    if was_onboarding and user.dialog is not None:  # set-up goes on (no time zone yet)
        await _next_question(update, context, user)
    elif was_onboarding and user.timezone is not None and user.nudge_time is not None:
        await edit_or_send(update, onboarding.setup_done(t, user.timezone, user.nudge_time))
    elif user.nudge_time is not None:
        await edit_or_send(update, settings.nudge_changed(t, user.nudge_time))


async def _next_question(update: Update, context: BotContext, user: User) -> None:
    """After an answer: ask the next set-up question, or close set-up."""
    step, t = Question.parse(user.dialog), context.t
    if step == Question.ONBOARDING_TIMEZONE:
        await send(update, places.zone_question(t))
    elif step == Question.ONBOARDING_NUDGE:
        await send(update, places.nudge_question(t))
    elif user.timezone is not None and user.nudge_time is not None and step is None:
        # Only reached when the zone came last in set-up (nudge time was chosen first).
        await send(update, onboarding.setup_done(t, user.timezone, user.nudge_time))


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    accounts = context.services.accounts
    user = context.user
    action = callbacks.parse(query.data)
    if isinstance(action, callbacks.PickZone):
        outcome = await accounts.choose_timezone(user.user_id, action.zone)
        if isinstance(outcome, ZoneRejected):
            await query.answer(error_views.stale_button(context.t))
            return
        await query.answer()
        await drop_buttons(update)
        await _zone_saved(update, context, outcome, was_onboarding=not user.is_onboarded)
    elif isinstance(action, callbacks.TypeZone):
        if Question.parse(user.dialog) not in ZONE_STEPS:
            await context.services.questions.ask(
                user.user_id,
                Question.SETTINGS_TIMEZONE if user.is_onboarded else Question.ONBOARDING_TIMEZONE,
            )
        await query.answer()
        await drop_buttons(update)
        await send(
            update, places.none_of_these(context.t, context.services.options.default_timezone)
        )
    elif isinstance(action, callbacks.PickNudgeTime) and is_night(action.value):
        # The offered buttons are all daytime: a night time can only be forged data.
        await query.answer(error_views.stale_button(context.t))
    elif isinstance(action, callbacks.PickNudgeTime):
        saved = await accounts.choose_nudge_time(user.user_id, action.value)
        await query.answer()
        await _nudge_saved(update, context, saved, was_onboarding=not user.is_onboarded)
    elif isinstance(action, callbacks.TypeNudgeTime):
        if Question.parse(user.dialog) not in NUDGE_STEPS:
            await context.services.questions.ask(
                user.user_id,
                Question.SETTINGS_NUDGE if user.is_onboarded else Question.ONBOARDING_NUDGE,
            )
        await query.answer()
        await send(update, places.nudge_type_prompt(context.t))
    else:
        await query.answer(error_views.stale_button(context.t))


QUESTIONS = (
    Asking(
        Question.ONBOARDING_TIMEZONE, _zone_answer, onboarding.setup_paused, outlives_commands=True
    ),
    Asking(
        Question.ONBOARDING_NUDGE, _nudge_answer, onboarding.setup_paused, outlives_commands=True
    ),
    Asking(Question.SETTINGS_TIMEZONE, _zone_answer, settings.change_cancelled),
    Asking(Question.SETTINGS_NUDGE, _nudge_answer, settings.change_cancelled),
)
"""Set-up's questions outlive other commands: /start and the rest resume or explain them."""


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The zone and nudge-time buttons."""
    return [CallbackQueryHandler(_on_button, pattern=callbacks.PLACES_PATTERN)]
