"""/goals: goals by priority, with their milestones; reorder, pause, archive; milestones, steps.

Buttons edit the message they belong to and are always answered; a button naming something
that is not the pressing user's gets a toast and changes nothing (the service checks).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.coach.models import User
from bot.context import BotContext
from bot.handlers.common import drop_button_row, edit_or_send, send
from bot.handlers.questions import Asking
from bot.services.goals import (
    DueAnswer,
    DueSet,
    GoalsError,
    GoalService,
    MilestoneTitleRejected,
    StepTitleRejected,
)
from bot.services.questions import Asked, Question
from bot.views import errors as error_views
from bot.views import goal_callbacks as cb
from bot.views import goals as views
from bot.views.goal_callbacks import GoalAction, MilestoneAction, StepAction
from bot.views.i18n import Translator
from bot.views.reply import Reply

Shown = tuple[Reply, str | None]
"""What a button leads to: the view to put in its message, and a toast (or none)."""


async def _show(update: Update, context: BotContext) -> None:
    user = context.user
    await send(
        update, views.overview(context.t, await context.services.goals.overview(user.user_id))
    )


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    action = cb.parse(query.data)
    if action is None:
        await query.answer(error_views.stale_button(context.t))
        return
    if isinstance(action, cb.MilestoneButton) and action.action is MilestoneAction.DONE_HERE:
        await _done_here(update, context, action.milestone_id)
        return
    try:
        reply, toast = await _pressed(context.t, action, user.user_id, context.services.goals)
    except GoalsError as error:
        await query.answer(views.refusal_toast(context.t, error))
        return
    await query.answer(toast)
    await edit_or_send(update, reply)


async def _done_here(update: Update, context: BotContext, milestone_id: int) -> None:
    """A milestone ticked from a daily message: its row goes, the word comes as a new message."""
    query = update.callback_query
    if query is None:
        return
    try:
        result = await context.services.goals.tick(context.user.user_id, milestone_id)
    except GoalsError as error:
        await query.answer(views.refusal_toast(context.t, error))
        return
    reply, toast = views.ticked_here(context.t, result)
    await query.answer(toast)
    await drop_button_row(update)
    if result.celebrate:
        await send(update, reply)


async def _pressed(
    t: Translator, action: cb.GoalsCallback, user_id: int, goals: GoalService
) -> Shown:
    match action:
        case cb.ShowArchived():
            return views.archived_list(t, await goals.archived(user_id)), None
        case cb.ShowGoals():
            return views.overview(t, await goals.overview(user_id)), None
        case cb.GoalButton():
            return await _goal_button(t, action, user_id, goals)
        case cb.MilestoneButton():
            return await _milestone_button(t, action, user_id, goals)
        case cb.PickDeadline(milestone_id, due):
            return _due_chosen(t, await goals.choose_due(user_id, milestone_id, due))
        case cb.NewDate(milestone_id, due):
            return _due_chosen(t, await goals.new_date(user_id, milestone_id, due))
        case cb.StepButton(StepAction.TICK, milestone_id, step_id):
            return views.step_toggled(t, await goals.toggle_step(user_id, milestone_id, step_id))
        case cb.StepButton(_, milestone_id, step_id):
            return views.step_deleted(t, await goals.delete_step(user_id, milestone_id, step_id))


async def _goal_button(
    t: Translator, button: cb.GoalButton, user_id: int, goals: GoalService
) -> Shown:
    goal_id = button.goal_id
    match button.action:
        case GoalAction.OPEN:
            return views.goal_card(t, await goals.card(user_id, goal_id)), None
        case GoalAction.UP:
            return views.moved(t, await goals.move(user_id, goal_id, -1), up=True)
        case GoalAction.DOWN:
            return views.moved(t, await goals.move(user_id, goal_id, +1), up=False)
        case GoalAction.PAUSE:
            return views.paused(t, await goals.pause(user_id, goal_id))
        case GoalAction.RESUME:
            return views.resumed(t, await goals.resume(user_id, goal_id))
        case GoalAction.ARCHIVE:
            return views.archive_confirm(t, await goals.card(user_id, goal_id)), None
        case GoalAction.ARCHIVE_CONFIRMED:
            return views.archived_done(t, await goals.archive(user_id, goal_id))
        case GoalAction.RESTORE:
            return views.restored(t, await goals.restore(user_id, goal_id))
        case GoalAction.MILESTONES:
            return views.milestone_list(t, await goals.milestones(user_id, goal_id)), None
        case GoalAction.ADD_MILESTONE:
            return views.milestone_question(t, await goals.ask_milestone(user_id, goal_id)), None


async def _milestone_button(
    t: Translator, button: cb.MilestoneButton, user_id: int, goals: GoalService
) -> Shown:
    milestone_id = button.milestone_id
    match button.action:
        case MilestoneAction.OPEN:
            return views.milestone_card(t, await goals.milestone(user_id, milestone_id)), None
        case MilestoneAction.TICK:
            return views.ticked(t, await goals.tick(user_id, milestone_id))
        case MilestoneAction.REOPEN:
            return views.reopened(t, await goals.reopen(user_id, milestone_id))
        case MilestoneAction.MOVE:
            card = await goals.ask_due(user_id, milestone_id)
            return views.due_question(t, card.milestone, card.today), None
        case MilestoneAction.DELETE:
            return views.delete_confirm(t, await goals.milestone(user_id, milestone_id)), None
        case MilestoneAction.DELETE_CONFIRMED:
            return views.milestone_deleted(t, await goals.delete_milestone(user_id, milestone_id))
        case MilestoneAction.NO_DEADLINE:
            return _due_chosen(t, await goals.choose_due(user_id, milestone_id, None))
        case MilestoneAction.ADD_STEP:
            return views.step_question(t, await goals.ask_step(user_id, milestone_id)), None
        case MilestoneAction.DONE_HERE:  # answered by _done_here; here it ticks in place
            return views.ticked(t, await goals.tick(user_id, milestone_id))


def _due_chosen(t: Translator, answer: DueAnswer) -> Shown:
    if isinstance(answer, DueSet):
        return views.due_set(t, answer), views.due_toast(t, saved=True)
    return views.due_problem(t, answer, None), views.due_toast(t, saved=False)


# --- answers to the questions -------------------------------------------------------------------


def _text(update: Update) -> str | None:
    message = update.effective_message
    return message.text if message is not None else None


async def _milestone_title(update: Update, context: BotContext, user: User, state: Asked) -> None:
    try:
        answer = await context.services.goals.answer_milestone_title(
            user.user_id, state.subject, _text(update)
        )
    except GoalsError as error:
        await send(update, views.refusal(context.t, error))
        return
    if isinstance(answer, MilestoneTitleRejected):
        await send(update, views.milestone_title_problem(context.t, answer))
    else:
        await send(update, views.milestone_added(context.t, answer))


async def _milestone_date(update: Update, context: BotContext, user: User, state: Asked) -> None:
    text = _text(update)
    try:
        answer = await context.services.goals.answer_due(user.user_id, state.subject, text)
    except GoalsError as error:
        await send(update, views.refusal(context.t, error))
        return
    if isinstance(answer, DueSet):
        await send(update, views.due_set(context.t, answer))
    else:
        await send(update, views.due_problem(context.t, answer, text))


async def _step_title(update: Update, context: BotContext, user: User, state: Asked) -> None:
    try:
        answer = await context.services.goals.answer_step(
            user.user_id, state.subject, _text(update)
        )
    except GoalsError as error:
        await send(update, views.refusal(context.t, error))
        return
    if isinstance(answer, StepTitleRejected):
        await send(update, views.step_title_problem(context.t, answer))
    else:
        await send(update, views.step_added(context.t, answer))


QUESTIONS = (
    Asking(Question.GOALS_MILESTONE_TITLE, _milestone_title, views.milestone_cancelled),
    Asking(Question.GOALS_MILESTONE_DATE, _milestone_date, views.due_cancelled),
    Asking(Question.GOALS_STEP_TITLE, _step_title, views.step_cancelled),
)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The /goals command and its buttons."""
    return [
        CommandHandler("goals", _show, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(_on_button, pattern=cb.PATTERN),
    ]
