"""Texts and buttons of the daily loop: /today, which goal a win was for, undo, refusals.

The answer to a win is :mod:`bot.views.logged`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.deadlines import DeadlineMoment
from bot.coach.models import EntryStatus, Goal
from bot.coach.streaks.days import DayState, chain
from bot.services.goal_day import GoalDay
from bot.services.habit_results import Ambiguous, RefusalReason, Refused, Undone
from bot.views import goal_callbacks as goal_cb
from bot.views import win_callbacks as cb
from bot.views.comeback import quiet_days
from bot.views.goal_callbacks import MilestoneAction
from bot.views.i18n import Translator, marked
from bot.views.minimum import minimum as shown_minimum
from bot.views.reply import Reply, clip, esc


def _refusal(t: Translator, reason: str) -> str:
    texts = {
        "no_goals": t(
            "You don't have an active goal yet — /plan sets one up in a couple of minutes."
        ),
        "goal_gone": t("That goal isn't available any more — /today shows your current ones."),
        "goal_paused": t("That goal is paused. Resume it in /goals whenever you're ready."),
        "too_late": t(
            "That day is closed now (yesterday stays open until midday). "
            "Today's a fresh one — /today."
        ),
        "skip_limit": t(
            "You've had your rest day this week. How about the minimum instead? "
            "It keeps the chain and takes two minutes."
        ),
        "nothing_to_undo": t("Nothing logged today yet, so nothing to undo."),
        "on_break": t(
            "This day is part of your break ⏸️ — it keeps your chain, so there's nothing to "
            "undo. /settings ends the break early."
        ),
        "not_ramping": t("This habit is at its full size already — nothing to step."),
        "not_measurable": t(
            "This daily action has no number to grow — edit it in /goals if you like."
        ),
        "negative": t("Negative amounts don't count — how much did you do?"),
        "zero": t("Zero is a rest, not a win — if you did some, tell me how much."),
        "too_large": t("That's more than one day can hold — mind checking the number?"),
        "not_a_number": t(
            "That number doesn't look right — try something like <i>wrote 400 words</i>."
        ),
        "vague_amount": t(
            "Love the energy! How much, roughly? e.g. <i>wrote 400 words</i> — or just "
            "say <i>done</i>."
        ),
        "too_long": t(
            "That's a long message — for a win, <i>done</i> or <i>wrote 400 words</i> is plenty."
        ),
    }
    return texts.get(reason, t("I couldn't log that one — /today has the buttons."))


def goal_title(goal: Goal) -> str:
    """The goal's name in a message, clipped and escaped."""
    return esc(clip(goal.vision, 48))


def _target_text(t: Translator, view: GoalDay) -> str:
    text = esc(view.target.text) if view.target.text else t("your daily action")
    ramp = view.target.ramp
    if not ramp:
        return text
    return t(
        "{action} (step {step} of {steps})",
        action=text,
        step=t.number(ramp[0]),
        steps=t.number(ramp[1]),
    )


def percent(t: Translator, value: float) -> str:
    """A percentage, rounded to a whole number: "42%"."""
    return t("{value}%", value=t.number(round(value)))


def streak_line(t: Translator, view: GoalDay) -> str:
    """The streak, the best run and the habit's strength, on one line."""
    summary = view.summary
    return t(
        "🔥 Streak {streak} · best {best} · strength {strength}",
        streak=t.number(summary.current),
        best=t.number(summary.best),
        strength=percent(t, summary.strength * 100),
    )


def day_buttons(t: Translator, view: GoalDay) -> InlineKeyboardMarkup:
    """Done / minimum / rest for today, or Undo once the day is kept (a day of a break keeps
    Done and the minimum: a win still counts)."""
    goal_id = view.goal.goal_id
    on_break = view.record is not None and view.record.status is EntryStatus.PAUSED
    if view.record is not None and not on_break:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(t("↩️ Undo"), callback_data=cb.Undo(goal_id, view.day).pack())]]
        )
    rows = [
        [
            InlineKeyboardButton(
                t("✅ Done"), callback_data=cb.LogDay(EntryStatus.DONE, goal_id, view.day).pack()
            )
        ],
        [
            InlineKeyboardButton(
                t("🪶 Did the minimum"),
                callback_data=cb.LogDay(EntryStatus.MVA, goal_id, view.day).pack(),
            ),
            InlineKeyboardButton(
                t("😴 Rest day"),
                callback_data=cb.LogDay(EntryStatus.SKIP, goal_id, view.day).pack(),
            ),
        ],
    ]
    if on_break:
        # The break keeps the day; a win still counts, a rest day would only use the week's.
        rows[1] = rows[1][:1]
    return InlineKeyboardMarkup(rows)


_STATE_LINES: Final[Mapping[DayState, str]] = {
    DayState.DONE: marked("✅ Done today"),
    DayState.PARTIAL: marked("🟧 Part done today — every bit counts"),
    DayState.MVA: marked("🪶 Minimum done today — day kept"),
    DayState.SKIP: marked("😴 Rest day today — the chain holds"),
    DayState.PAUSED: marked("⏸️ Paused"),
    DayState.MISSED: marked("Not kept today"),
    DayState.PENDING: marked("Not logged yet today"),
}
"""How today stands on the /today card, per state of the day."""


def deadline_lines(
    t: Translator,
    view: GoalDay,
    moments: frozenset[DeadlineMoment] = frozenset(DeadlineMoment),
) -> list[str]:
    """The goal's milestones due tomorrow, today or past their date (rule 12), kindly."""
    lines = []
    for deadline in view.deadlines:
        if deadline.moment not in moments:
            continue
        title = esc(clip(deadline.milestone.title, 80))
        if deadline.moment is DeadlineMoment.EVE:
            lines.append(t("🏁 Tomorrow: <b>{title}</b> is due.", title=title))
        elif deadline.moment is DeadlineMoment.DAY:
            lines.append(t("🏁 Due today: <b>{title}</b> — one push and it's done.", title=title))
        else:
            lines.append(
                t(
                    "📌 <b>{title}</b> was due {day} — still worth doing, or give it a new date "
                    "in /goals.",
                    title=title,
                    day=t.day(deadline.due, view.day),
                )
            )
    return lines


def deadline_rows(
    t: Translator,
    view: GoalDay,
    moments: frozenset[DeadlineMoment] = frozenset(DeadlineMoment),
) -> list[list[InlineKeyboardButton]]:
    """One-tap "done" rows for the milestones :func:`deadline_lines` speaks of."""
    return [
        [
            InlineKeyboardButton(
                t("🏁 {title} — done", title=clip(deadline.milestone.title, 32)),
                callback_data=goal_cb.MilestoneButton(
                    MilestoneAction.DONE_HERE, deadline.milestone.milestone_id
                ).pack(),
            )
        ]
        for deadline in view.deadlines
        if deadline.moment in moments
    ]


def with_rows(
    keyboard: InlineKeyboardMarkup, rows: list[list[InlineKeyboardButton]]
) -> InlineKeyboardMarkup:
    """A keyboard with more rows under it."""
    return InlineKeyboardMarkup([*[list(row) for row in keyboard.inline_keyboard], *rows])


def goal_today(t: Translator, view: GoalDay) -> Reply:
    """One goal in /today: today's action, its state, the chain and the buttons."""
    goal = view.goal
    if not view.started and goal.start_date is not None:
        return Reply(
            f"<b>{goal_title(goal)}</b>\n"
            + t(
                "Starts {day} — then: {action}. Enjoy the run-up!",
                day=t.day(goal.start_date, view.day),
                action=esc(goal.daily or ""),
            )
        )
    lines = [f"<b>{goal_title(goal)}</b>", t("Today: {action}", action=_target_text(t, view))]
    if goal.mva and goal.mva != view.target.text:
        hard_day = esc(shown_minimum(t, goal.mva))
        lines.append(t("Hard day? The minimum counts: {minimum}", minimum=hard_day))
    lines.append(t.lookup(_STATE_LINES, view.state) or "")
    lines.append(chain(view.states, view.day))
    lines.append(streak_line(t, view))
    level = view.target.level
    restarted_today = level is not None and level.effective_from >= view.day
    if view.summary.missed_in_a_row >= 2 and view.record is None and not restarted_today:
        couple = t("A couple of quiet days — /comeback makes restarting tiny.")
        lines.append(quiet_days(t, view.summary.missed_in_a_row, couple))
    elif view.summary.missed_in_a_row == 1 and view.record is None:
        lines.append(t("Yesterday slipped — an accident, not a pattern. Today's a good day."))
    lines.extend(deadline_lines(t, view))
    keyboard = with_rows(day_buttons(t, view), deadline_rows(t, view))
    return Reply("\n".join(line for line in lines if line), keyboard)


def no_goals(t: Translator) -> Reply:
    """/today or /done without an active goal."""
    return Reply(_refusal(t, "no_goals"))


def which_goal(t: Translator, views: list[GoalDay], status: EntryStatus) -> Reply:
    """/done with several goals: which one?"""
    rows = [
        [
            InlineKeyboardButton(
                f"{'✅' if v.record else '▫️'} {clip(v.goal.vision, 40)}",
                callback_data=cb.LogDay(status, v.goal.goal_id, v.day).pack(),
            )
        ]
        for v in views
    ]
    return Reply(t("Nice! Which goal was it for?"), InlineKeyboardMarkup(rows))


def ambiguous(t: Translator, result: Ambiguous) -> Reply:
    """A typed win that fits several goals."""
    rows = [
        [
            InlineKeyboardButton(
                clip(goal.vision, 40),
                callback_data=cb.PickGoal.of(goal.goal_id, result.win, result.day).pack(),
            )
        ]
        for goal in result.goals
    ]
    return Reply(t("Nice! Which goal was that for?"), InlineKeyboardMarkup(rows))


def refused(t: Translator, result: Refused) -> Reply:
    """Why nothing was logged, kindly."""
    if (
        result.reason is RefusalReason.NOT_STARTED
        and result.goal is not None
        and result.day is not None
    ):
        return Reply(
            t(
                "<b>{goal}</b> starts {day} — save the energy for day one!",
                goal=goal_title(result.goal),
                day=t.day(result.day, result.day),
            )
        )
    return Reply(_refusal(t, result.reason))


def question_still_open(t: Translator, *, undo: bool, has_goal: bool = True) -> Reply:
    """A bare "done" (or "undo") typed while a question is open: it stays open. Without a goal
    yet (the first plan under way) there is nothing to log or undo: the plan comes first."""
    if not has_goal:
        return Reply(
            t(
                "That's the spirit! 🎉 Wins count once your plan is set up — answer the question "
                "above and you're nearly there."
            )
        )
    if undo:
        return Reply(
            t(
                "The question above is still open — answer it, or /cancel it, and then send "
                "<i>undo</i> again."
            )
        )
    return Reply(
        t(
            "Sounds like a win! 🎉 The question above is still open, though: answer it, or "
            "send /done to log the win (that closes the question)."
        )
    )


def refusal_toast(t: Translator, result: Refused) -> str:
    """The same, short enough for a button's toast (no HTML)."""
    toasts = {
        "goal_gone": t("That goal isn't available any more."),
        "goal_paused": t("That goal is paused — resume it in /goals."),
        "too_late": t("That day is closed now — today's a fresh one."),
        "skip_limit": t("Rest day already taken this week — try the minimum?"),
        "nothing_to_undo": t("Nothing to undo today."),
        "on_break": t("Part of your break — nothing to undo."),
        "not_started": t("This plan hasn't started yet."),
        "not_ramping": t("This habit is at its full size already."),
        "not_measurable": t("This daily action has no number to grow."),
        "on_ramp": t("Let's finish the climb back first."),
        "stepped_today": t("One step a day — the next one can wait."),
        "grown_today": t("Already grown today ✓"),
    }
    return toasts.get(result.reason, t("Couldn't log that one."))


def undone(t: Translator, result: Undone) -> Reply:
    """After Undo."""
    view = result.view
    state = t.lookup(_STATE_LINES, view.state) or t("Not logged yet today")
    values = {"goal": goal_title(view.goal), "state": state}
    if result.day == view.day:
        line = t("↩️ Undone. <b>{goal}</b>: {state}.", **values)
    else:
        line = t(
            "↩️ Undone for {day}. <b>{goal}</b>: {state}.",
            day=t.day(result.day, view.day),
            **values,
        )
    return Reply(f"{line}\n{chain(view.states, view.day)}", day_buttons(t, view))
