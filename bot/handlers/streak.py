"""/streak (the chain as text and as a calendar picture) and /progress (the pace chart with
the ladder as its caption, and the 1% curve)."""

from __future__ import annotations

import asyncio
from datetime import date

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.charts.calendar import CalendarCaption, render_month, render_year
from bot.charts.curve import render_curve
from bot.charts.pace import render_pace
from bot.charts.strength import render_strength
from bot.coach.figures import curve_figure, pace_figure, strength_figure
from bot.coach.models import Goal, User
from bot.context import BotContext
from bot.handlers.common import drop_button_row, send, show_picture
from bot.services.habit_results import RefusalReason, Refused
from bot.views import streak as views
from bot.views import win_callbacks as cb
from bot.views import wins as win_views
from bot.views.reply import Reply


async def _started_first(context: BotContext, user: User) -> list[Goal]:
    """Active goals by priority, those whose plan starts later after the started ones."""
    habits = context.services.habits
    goals = await habits.active_goals(user) if user.is_onboarded else []
    today = habits.day(user)
    return sorted(goals, key=lambda g: g.start_date is not None and g.start_date > today)


async def _streak(update: Update, context: BotContext) -> None:
    user = context.user
    goals = await _started_first(context, user)
    if not goals:
        await send(update, views.no_goals(context.t))
        return
    await _send_calendar(update, context, user, goals[0], goals, year=False)


async def _progress(update: Update, context: BotContext) -> None:
    user = context.user
    goals = await _started_first(context, user)
    if not goals:
        await send(update, views.no_goals(context.t))
        return
    await _send_progress(update, context, user, goals[0], goals)


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    user = context.user
    habits = context.services.habits
    action = cb.parse(query.data)
    goal_id = action.goal_id if isinstance(action, cb.PICTURE_TYPES) else None
    goal = await habits.get_goal(user, goal_id) if goal_id is not None else None
    if goal is None or habits.check_goal(goal) is not None or not user.is_onboarded:
        await query.answer(
            win_views.refusal_toast(
                context.t, habits.check_goal(goal) or Refused(RefusalReason.GOAL_GONE)
            )
        )
        return
    await query.answer()
    goals = await _started_first(context, user)
    match action:
        case cb.Curve(milestone=int(days)):
            await _send_milestone_curve(update, context, user, goal, days)
        case cb.Curve() | cb.Progress():
            curve = isinstance(action, cb.Curve)
            await _send_progress(update, context, user, goal, goals, curve=curve)
        case cb.StreakView(view="why"):
            await _send_strength(update, context, user, goal)
        case cb.StreakView(view=view, month=month):
            await _send_calendar(update, context, user, goal, goals, year=view == "y", month=month)


async def _send_milestone_curve(
    update: Update, context: BotContext, user: User, goal: Goal, days: int
) -> None:
    """The 1% curve a streak milestone's celebration offered: a new photo under it."""
    view = await context.services.habits.goal_day(user, goal)
    figure = curve_figure(view.summary.votes)
    # Drawing takes tens of milliseconds: off the event loop, so other chats are not held up.
    picture = await asyncio.to_thread(
        render_curve, figure, views.curve_words(context.t, view, figure)
    )
    # The button goes (one curve per celebration); the celebration and its Undo stay.
    await drop_button_row(update)
    await send(update, Reply(views.milestone_curve(context.t, view, days), None, picture))


async def _send_calendar(
    update: Update,
    context: BotContext,
    user: User,
    goal: Goal,
    goals: list[Goal],
    *,
    year: bool,
    month: date | None = None,
) -> None:
    """The calendar (a month, or the months since the start) with the chain as its caption."""
    view = await context.services.habits.goal_day(user, goal)
    t = context.t
    caption = CalendarCaption(
        views.caption_title(goal), views.caption_subtitle(t, view), views.chart_labels(t)
    )
    states = {day: state.value for day, state in view.states.items()}
    # Drawing takes tens of milliseconds: off the event loop, so other chats are not held up.
    if year:
        start = view.goal.start_date
        picture = await asyncio.to_thread(render_year, states, view.day, caption, start)
    else:
        shown = views.shown_month(view, month)
        picture = await asyncio.to_thread(render_month, states, shown, view.day, caption)
    others = [g for g in goals if g.goal_id != goal.goal_id]
    buttons = views.streak_buttons(t, view, others, year=year, month=month)
    await show_picture(update, picture, Reply(views.streak_caption(t, view), buttons))


async def _send_strength(update: Update, context: BotContext, user: User, goal: Goal) -> None:
    """What strength is, under a small line of the goal's strength since the start."""
    habits = context.services.habits
    view = await habits.goal_day(user, goal)
    reply = views.strength_explained(context.t, view)
    figure = strength_figure(await habits.strength_series(user, view.goal))
    if figure is None:
        await send(update, reply)  # not started yet: no line to draw
        return
    picture = await asyncio.to_thread(
        render_strength, figure, views.strength_words(context.t, view, figure)
    )
    # A new message, not an edit: the calendar it was asked from stays in view.
    await send(update, Reply(reply.text, reply.keyboard, picture))


async def _send_progress(
    update: Update,
    context: BotContext,
    user: User,
    goal: Goal,
    goals: list[Goal],
    *,
    curve: bool = False,
) -> None:
    """The pace chart (or the 1% curve) with its caption; the ladder as text before the start."""
    habits = context.services.habits
    view, ladder, pace = await habits.progress(user, goal)
    others = [g for g in goals if g.goal_id != goal.goal_id]
    if curve:
        on_curve = curve_figure(view.summary.votes)
        curve_words = views.curve_words(context.t, view, on_curve)
        picture = await asyncio.to_thread(render_curve, on_curve, curve_words)
        await show_picture(update, picture, views.curve_caption(context.t, view, others))
        return
    reply: Reply = views.progress(context.t, view, ladder, pace, others)
    totals = await habits.daily_totals(user, view.goal)
    if ladder is None or pace is None or totals is None:
        await send(update, reply)  # not started yet: nothing to draw
        return
    figure = pace_figure(view.goal, ladder, pace, totals)
    words = views.pace_words(context.t, view, ladder, pace, figure)
    # Drawing takes tens of milliseconds: off the event loop, so other chats are not held up.
    picture = await asyncio.to_thread(render_pace, figure, words)
    await show_picture(update, picture, reply)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/streak, /progress and their buttons."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("streak", _streak, filters=private),
        CommandHandler("progress", _progress, filters=private),
        CallbackQueryHandler(_on_button, pattern=cb.PICTURES_PATTERN),
    ]
