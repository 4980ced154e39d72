"""The evening reminder: tonight's open streaks, and the milestones due tomorrow (rule 12)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.coach.deadlines import DeadlineMoment
from bot.services.scheduled_messages import EveningReminder
from bot.views import wins as win_views
from bot.views.i18n import Translator
from bot.views.minimum import minimum as shown_minimum
from bot.views.nudges.common import pick, rotating
from bot.views.reply import Reply, clip, esc

# Rule 15: each rotating line below has eight templates or more (``rotating`` checks it).


_EVE = frozenset({DeadlineMoment.EVE})


def evening(t: Translator, reminder: EveningReminder) -> list[Reply]:
    """Tonight's open streaks, each with its buttons; milestones due tomorrow (rule 12)."""
    replies = []
    at_risk = {view.goal.goal_id for view in reminder.views}
    for view in reminder.eve:
        if view.goal.goal_id not in at_risk:
            lines = [t.marked(pick(MILESTONE_EVES, reminder.user.user_id, view.day, salt=14))]
            lines.extend(win_views.deadline_lines(t, view, _EVE))
            keyboard = InlineKeyboardMarkup(win_views.deadline_rows(t, view, _EVE))
            replies.append(Reply("\n".join(lines), keyboard))
    for index, view in enumerate(reminder.views):
        summary = view.summary
        values = {
            "streak": t.number(summary.current),
            "next": t.number(summary.current + 1),
            "votes": t.number(summary.votes),
            "name": f"<b>{esc(clip(view.goal.vision, 48))}</b>",
            "mva": f"<i>{esc(shown_minimum(t, view.goal.mva or view.target.text))}</i>",
        }
        text = t.marked(pick(EVENINGS, reminder.user.user_id, view.day, salt=7 + index), **values)
        eve = win_views.deadline_lines(t, view, _EVE)
        if eve:
            text += "\n\n" + "\n".join(eve)
        keyboard = win_views.with_rows(
            win_views.day_buttons(t, view), win_views.deadline_rows(t, view, _EVE)
        )
        replies.append(Reply(text, keyboard))
    return replies


MILESTONE_EVES = rotating(
    "🌙 A quick heads-up for tomorrow.",
    "🌙 One for tomorrow's list.",
    "🌙 Before you wind down: tomorrow has a date on it.",
    "🌙 Tomorrow brings a deadline you set.",
    "🌙 Just so tomorrow doesn't surprise you.",
    "🌙 A note for the morning.",
    "🌙 Tomorrow's the day you picked for this one.",
    "🌙 Looking ahead to tomorrow.",
)


EVENINGS = rotating(
    "🌙 Your <b>{streak}-day streak</b> for {name} is still open tonight. "
    "Even the minimum counts: {mva}.",
    "🌙 {streak} days in a row for {name} — tonight's square is still empty. Just {mva} fills it.",
    "🌙 Still time tonight for {name}: {streak} days so far, day {next} is one small "
    "action away. The minimum will do: {mva}.",
    "🌙 A quick one before bed? {name} is on {streak} days. Even {mva} keeps them going.",
    "🌙 Day {next} of {name} is up for grabs tonight, after {streak} in a row. "
    "Go small if you like: {mva}.",
    "🌙 {votes} wins so far for {name}, the last {streak} in a row — and today's still "
    "open. Just {mva} would be plenty.",
    "🌙 Your chain for {name} has {streak} links — room for one more tonight. "
    "Smallest version: {mva}.",
    "🌙 Evening check-in for {name}: {streak} days and counting. Even {mva} adds one.",
)
