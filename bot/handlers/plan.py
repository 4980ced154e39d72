"""/plan: the five-level planning conversation, one question at a time."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.coach.models import User
from bot.coach.plan_ladder import PlanLevel
from bot.context import BotContext
from bot.handlers.common import send, settle_choice
from bot.handlers.questions import Asking
from bot.services.planning import (
    Activated,
    AtCap,
    DailyTooBig,
    DraftWaiting,
    GoalMissing,
    OutcomeTooVague,
    PlanView,
    Rejected,
)
from bot.services.questions import Asked, Question
from bot.views import plan as views
from bot.views import plan_callbacks as cb
from bot.views.reply import Reply

Outcome = PlanView | Rejected | OutcomeTooVague | DailyTooBig | Activated | AtCap | DraftWaiting


async def _plan(update: Update, context: BotContext) -> None:
    user = context.user
    if not user.is_onboarded:
        await send(update, views.not_set_up(context.t))
        return
    await send(update, await _render(context, user, await context.services.planning.begin(user)))


async def _answer(update: Update, context: BotContext, user: User, state: Asked) -> None:
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    try:
        outcome = await context.services.planning.answer(user, state, text)
    except GoalMissing:
        await context.services.questions.cancel(user.user_id)
        await send(update, views.not_available(context.t))
        return
    await send(update, await _render(context, user, outcome))


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    action = cb.parse(query.data)
    if action is None or not user.is_onboarded:
        await query.answer(views.gone(context.t))
        return
    planning = context.services.planning
    try:
        outcome: Outcome | None
        match action:
            case cb.Resume():
                outcome = await planning.resume(user)
            case cb.StartOver():
                outcome = await planning.start_over(user)
            case _:
                outcome = await _goal_action(context, user, action)
    except GoalMissing:
        await query.answer(views.gone(context.t))
        return
    if outcome is None:
        await query.answer(views.gone(context.t))
        return
    await query.answer()
    await settle_choice(update)
    await send(update, await _render(context, user, outcome))


async def _goal_action(context: BotContext, user: User, action: cb.PlanButton) -> Outcome:
    planning = context.services.planning
    match action:
        case cb.AtLevel(action=cb.LevelAction.ACCEPT, level=level, goal_id=goal_id):
            return await planning.accept(user, goal_id, level)
        case cb.AtLevel(action=cb.LevelAction.ALTERNATIVE, level=level, goal_id=goal_id):
            return await planning.use_alternative(user, goal_id, level)
        case cb.AtLevel(level=level, goal_id=goal_id):
            return await planning.edit(user, goal_id, level)
        case cb.PickDate(level=level, goal_id=goal_id, day=day):
            return await planning.set_date(user, goal_id, level, day)
        case cb.KeepMine(goal_id=goal_id):
            return await planning.keep(user, goal_id)
        case cb.Skip(goal_id=goal_id):
            return await planning.skip_identity(user, goal_id)
        case cb.Back(goal_id=goal_id):
            return await planning.back(user, goal_id)
        case cb.Confirm(goal_id=goal_id):
            return await planning.confirm(user, goal_id)
        case cb.Show(goal_id=goal_id):
            return await planning.show(user, goal_id)
    raise GoalMissing(None)  # resume and start over are answered before


async def _render(context: BotContext, user: User, outcome: Outcome) -> Reply:
    """The view for whatever the planning service answered."""
    t = context.t
    if isinstance(outcome, PlanView):
        if outcome.level is None:
            return views.summary(t, outcome.goal, outcome.today)
        return views.question(
            t,
            outcome.goal,
            outcome.level,
            outcome.today,
            outcome.birthday,
            evening=outcome.evening,
        )
    if isinstance(outcome, Rejected):
        view = outcome.view
        level = view.level or PlanLevel.START
        return views.problem(
            t,
            view.goal,
            level,
            outcome.problem,
            view.today,
            birthday=view.birthday,
            evening=view.evening,
        )
    if isinstance(outcome, OutcomeTooVague):
        return views.too_vague(t, outcome.view.goal, outcome.verdict)
    if isinstance(outcome, DailyTooBig):
        return views.too_big(t, outcome.view.goal, outcome.verdict)
    if isinstance(outcome, Activated):
        if not outcome.was_draft:
            return views.saved(t, outcome.goal)
        return views.activated(
            t, outcome.goal, context.services.planning.today(user), user.nudge_time
        )
    if isinstance(outcome, AtCap):
        return views.at_cap(t, outcome.active)
    return views.draft_waiting(t, outcome.goal)


QUESTIONS = tuple(
    Asking(question, _answer, views.paused)
    for question in (
        Question.PLAN_VISION,
        Question.PLAN_OUTCOME,
        Question.PLAN_OUTCOME_CHECK,
        Question.PLAN_MONTHLY,
        Question.PLAN_WEEKLY,
        Question.PLAN_DAILY,
        Question.PLAN_DAILY_CHECK,
        Question.PLAN_MVA,
        Question.PLAN_IDENTITY,
        Question.PLAN_START,
        Question.PLAN_DUE,
    )
)
"""Every /plan question is answered by ``_answer``; /cancel keeps the draft for later."""


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The /plan command and its buttons."""
    return [
        CommandHandler("plan", _plan, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(_on_button, pattern=cb.PATTERN),
    ]
