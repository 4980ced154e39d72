"""Texts and buttons of the daily loop: /today, logging a win, undo, refusals."""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.celebrations import Period, TargetReached
from bot.coach.cheers import Cheer, CheerKind
from bot.coach.dates import format_date
from bot.coach.deadlines import DeadlineMoment
from bot.coach.figures import CURVE_MILESTONES
from bot.coach.identity import identity_words
from bot.coach.models import EntryStatus, Goal, Measure
from bot.coach.progress import LadderProgress
from bot.coach.quantities import format_measure, format_quantity
from bot.coach.streaks import DayState, chain
from bot.services.habits import Ambiguous, GoalDay, Logged, Refused, Undone
from bot.views import goal_callbacks as goal_cb
from bot.views import win_callbacks as cb
from bot.views.goal_callbacks import MilestoneAction
from bot.views.reply import Reply, clip, esc

_MILESTONES = {
    7: "🏅 <b>A full week in a row!</b> The first week is the hardest — you did it.",
    14: "🏅 <b>Two weeks straight!</b> This is becoming a rhythm.",
    21: "🏅 <b>21 days!</b> Three weeks of showing up. Momentum is real now.",
    30: "🏆 <b>30 days in a row!</b> A whole month of small wins.",
    66: "🌱 <b>66 days!</b> Research says this is about when a habit becomes automatic.",
    100: "💯 <b>100 days in a row!</b> Triple digits. Take a moment to feel that.",
    365: "🎆 <b>365 days!</b> A full year, every single day. Legendary.",
}
_WEEK_AGAIN = "🏅 <b>Back to a full week in a row!</b> You know the way now — and you found it."
"""A later 7-day streak: "the first week is the hardest" is only for the first one."""

_REFUSALS = {
    "no_goals": "You don't have an active goal yet — /plan sets one up in a couple of minutes.",
    "goal_gone": "That goal isn't available any more — /today shows your current ones.",
    "goal_paused": "That goal is paused. Resume it in /goals whenever you're ready.",
    "too_late": "That day is closed now (yesterday stays open until midday). "
    "Today's a fresh one — /today.",
    "skip_limit": "You've had your rest day this week. How about the minimum instead? "
    "It keeps the chain and takes two minutes.",
    "nothing_to_undo": "Nothing logged today yet, so nothing to undo.",
    "not_ramping": "This habit is at its full size already — nothing to step.",
    "not_measurable": "This daily action has no number to grow — edit it in /goals if you like.",
    "negative": "Negative amounts don't count — how much did you do?",
    "zero": "Zero is a rest, not a win — if you did some, tell me how much.",
    "too_large": "That's more than one day can hold — mind checking the number?",
    "not_a_number": "That number doesn't look right — try something like <i>wrote 400 words</i>.",
    "vague_amount": "Love the energy! How much, roughly? e.g. <i>wrote 400 words</i> — or just "
    "say <i>done</i>.",
    "too_long": "That's a long message — for a win, <i>done</i> or <i>wrote 400 words</i> is "
    "plenty.",
}


def _name(goal: Goal) -> str:
    return esc(clip(goal.vision, 48))


def _target_text(view: GoalDay) -> str:
    text = view.target.text or "your daily action"
    ramp = view.target.ramp
    step = f" (step {ramp[0]} of {ramp[1]})" if ramp else ""
    return f"{esc(text)}{step}"


def _streak_line(view: GoalDay) -> str:
    summary = view.summary
    strength = round(summary.strength * 100)
    return f"🔥 Streak {summary.current} · best {summary.best} · strength {strength}%"


def day_buttons(view: GoalDay) -> InlineKeyboardMarkup:
    """Done / minimum / rest for today, or Undo once the day is kept."""
    goal_id = view.goal.goal_id
    if view.record is not None:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton("↩️ Undo", callback_data=cb.undo(goal_id, view.day))]]
        )
    rows = [
        [
            InlineKeyboardButton(
                "✅ Done", callback_data=cb.log_day(goal_id, EntryStatus.DONE, view.day)
            )
        ],
        [
            InlineKeyboardButton(
                "🪶 Did the minimum", callback_data=cb.log_day(goal_id, EntryStatus.MVA, view.day)
            ),
            InlineKeyboardButton(
                "😴 Rest day", callback_data=cb.log_day(goal_id, EntryStatus.SKIP, view.day)
            ),
        ],
    ]
    return InlineKeyboardMarkup(rows)


_STATE_LINES = {
    DayState.DONE: "✅ Done today",
    DayState.PARTIAL: "🟧 Part done today — every bit counts",
    DayState.MVA: "🪶 Minimum done today — day kept",
    DayState.SKIP: "😴 Rest day today — the chain holds",
    DayState.PAUSED: "⏸️ Paused",
    DayState.MISSED: "Not kept today",
    DayState.PENDING: "Not logged yet today",
}


def deadline_lines(
    view: GoalDay, moments: frozenset[DeadlineMoment] = frozenset(DeadlineMoment)
) -> list[str]:
    """The goal's milestones due tomorrow, today or past their date (rule 12), kindly."""
    lines = []
    for deadline in view.deadlines:
        if deadline.moment not in moments:
            continue
        title = f"<b>{esc(clip(deadline.milestone.title, 80))}</b>"
        if deadline.moment is DeadlineMoment.EVE:
            lines.append(f"🏁 Tomorrow: {title} is due.")
        elif deadline.moment is DeadlineMoment.DAY:
            lines.append(f"🏁 Due today: {title} — one push and it's done.")
        else:
            lines.append(
                f"📌 {title} was due {format_date(deadline.due, view.day)} — still worth doing, "
                "or give it a new date in /goals."
            )
    return lines


def deadline_rows(
    view: GoalDay, moments: frozenset[DeadlineMoment] = frozenset(DeadlineMoment)
) -> list[list[InlineKeyboardButton]]:
    """One-tap "done" rows for the milestones :func:`deadline_lines` speaks of."""
    return [
        [
            InlineKeyboardButton(
                f"🏁 {clip(deadline.milestone.title, 32)} — done",
                callback_data=goal_cb.milestone(
                    MilestoneAction.DONE_HERE, deadline.milestone.milestone_id
                ),
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


def goal_today(view: GoalDay) -> Reply:
    """One goal in /today: today's action, its state, the chain and the buttons."""
    goal = view.goal
    if not view.started and goal.start_date is not None:
        return Reply(
            f"<b>{_name(goal)}</b>\nStarts {format_date(goal.start_date, view.day)} — "
            f"then: {esc(goal.daily or '')}. Enjoy the run-up!"
        )
    lines = [f"<b>{_name(goal)}</b>", f"Today: {_target_text(view)}"]
    if goal.mva and goal.mva != view.target.text:
        lines.append(f"Hard day? The minimum counts: {esc(goal.mva)}")
    lines.append(_STATE_LINES.get(view.state, ""))
    lines.append(chain(view.states, view.day))
    lines.append(_streak_line(view))
    level = view.target.level
    restarted_today = level is not None and level.effective_from >= view.day
    if view.summary.missed_in_a_row >= 2 and view.record is None and not restarted_today:
        lines.append("A couple of quiet days — /comeback makes restarting tiny.")
    elif view.summary.missed_in_a_row == 1 and view.record is None:
        lines.append("Yesterday slipped — an accident, not a pattern. Today's a good day.")
    lines.extend(deadline_lines(view))
    keyboard = with_rows(day_buttons(view), deadline_rows(view))
    return Reply("\n".join(line for line in lines if line), keyboard)


def no_goals() -> Reply:
    """/today or /done without an active goal."""
    return Reply(_REFUSALS["no_goals"])


def which_goal(views: list[GoalDay], status: EntryStatus) -> Reply:
    """/done with several goals: which one?"""
    rows = [
        [
            InlineKeyboardButton(
                f"{'✅' if v.record else '▫️'} {clip(v.goal.vision, 40)}",
                callback_data=cb.log_day(v.goal.goal_id, status, v.day),
            )
        ]
        for v in views
    ]
    return Reply("Nice! Which goal was it for?", InlineKeyboardMarkup(rows))


def ambiguous(result: Ambiguous) -> Reply:
    """A typed win that fits several goals."""
    rows = [
        [
            InlineKeyboardButton(
                clip(goal.vision, 40),
                callback_data=cb.pick_goal(goal.goal_id, result.win, result.day),
            )
        ]
        for goal in result.goals
    ]
    return Reply("Nice! Which goal was that for?", InlineKeyboardMarkup(rows))


def refused(result: Refused) -> Reply:
    """Why nothing was logged, kindly."""
    text = _REFUSALS.get(result.reason, "I couldn't log that one — /today has the buttons.")
    if result.reason == "not_started" and result.goal is not None and result.day is not None:
        text = (
            f"<b>{_name(result.goal)}</b> starts {format_date(result.day, result.day)} — "
            "save the energy for day one!"
        )
    return Reply(text)


def question_still_open(*, undo: bool) -> Reply:
    """A bare "done" (or "undo") typed while a question is open: it stays open."""
    if undo:
        return Reply(
            "The question above is still open — answer it, or /cancel it, and then send "
            "<i>undo</i> again."
        )
    return Reply(
        "Sounds like a win! 🎉 The question above is still open, though: answer it, or send "
        "/done to log the win (that closes the question)."
    )


def refusal_toast(result: Refused) -> str:
    """The same, short enough for a button's toast (no HTML)."""
    toasts = {
        "goal_gone": "That goal isn't available any more.",
        "goal_paused": "That goal is paused — resume it in /goals.",
        "too_late": "That day is closed now — today's a fresh one.",
        "skip_limit": "Rest day already taken this week — try the minimum?",
        "nothing_to_undo": "Nothing to undo today.",
        "not_started": "This plan hasn't started yet.",
        "not_ramping": "This habit is at its full size already.",
        "not_measurable": "This daily action has no number to grow.",
        "on_ramp": "Let's finish the climb back first.",
        "stepped_today": "One step a day — the next one can wait.",
        "grown_today": "Already grown today ✓",
    }
    return toasts.get(result.reason, "Couldn't log that one.")


def logged(result: Logged) -> Reply:
    """The reply to a win: the chain, the streak, what it adds up to, a celebration."""
    view = result.view
    goal = view.goal
    lines = [_headline(result)]
    if result.unconverted is not None:
        lines.append(_unconverted_line(result.unconverted, view))
    lines.append(chain(view.states, view.day))
    lines.append(_streak_line(view))
    if result.progress is not None:
        ladder = _ladder_line(result.progress)
        if ladder:
            lines.append(f"📈 {ladder}")
    if goal.identity and result.status is not EntryStatus.SKIP and view.summary.votes:
        lines.append(f"🪪 Vote {view.summary.votes} for “{esc(goal.identity)}”")
    beats = []
    if result.milestone is not None:
        beats.append(_milestone_line(result.milestone, view))
    if result.identity_day:
        beats.append(_identity_marked_line(view))
    if result.identity_forming:
        beats.append(_belief_forming_line(view))
    beats.extend(_reached_line(reached) for reached in result.reached)
    if beats:
        lines.append("")
        lines.extend(beats)
    elif result.cheer is not None:
        lines.append(cheer_line(result.cheer, view.day))
    # The day goes into the button: an Undo pressed tomorrow still undoes this day's entry.
    logged_day = view.day if result.is_today else view.day - timedelta(days=1)
    rows = [[InlineKeyboardButton("↩️ Undo", callback_data=cb.undo(goal.goal_id, logged_day))]]
    if result.milestone in CURVE_MILESTONES:
        # The picture is one tap away rather than sent unasked: the celebration stays the
        # message, and the drawing is only paid for by those who want to look.
        data = cb.milestone_curve(goal.goal_id, result.milestone)
        rows.append([InlineKeyboardButton("📈 See it on the 1% curve", callback_data=data)])
    if result.step_up_ready and view.target.ramp is not None:
        step, steps = view.target.ramp
        lines.append("")
        lines.append(f"7 kept days at step {step} of {steps}. Ready to grow it a little?")
        rows.insert(0, _step_buttons(goal.goal_id))
    elif result.scale_up_offer is not None:
        lines.append("")
        lines.append(
            f"{view.summary.current} steady days! Ready for 10–15% more: "
            f"<b>{esc(format_measure(result.scale_up_offer))}</b> a day?"
        )
        rows.insert(
            0,
            [
                InlineKeyboardButton(
                    f"⬆️ {format_measure(result.scale_up_offer)}",
                    callback_data=cb.comeback("grow", goal.goal_id),
                ),
                InlineKeyboardButton(
                    "Keep it as is", callback_data=cb.comeback("keep", goal.goal_id)
                ),
            ],
        )
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def _unconverted_line(typed: Measure, view: GoalDay) -> str:
    """A typed amount in a unit that does not convert: the day counts, the number does not."""
    target = view.target.measure
    into = esc(target.unit) if target is not None and target.unit else "this goal's unit"
    return f"{esc(typed.unit)} don't add up to {into}, so I counted the day without the number."


def _milestone_line(days: int, view: GoalDay) -> str:
    summary = view.summary
    # Kept days before this run: fewer than 7 means no earlier run can have reached a week.
    first_week = summary.best <= days and summary.kept_days - summary.current < days
    if days == 7 and not first_week:
        return _WEEK_AGAIN
    return _MILESTONES.get(days, f"🏅 <b>{days} days!</b>")


def cheer_line(cheer: Cheer, today: date) -> str:
    """The cheer under a win: one sentence or two about what the user just did (rule 15).

    Every rotating template, and each template's fallback when its facts are missing, says
    something no other template says, so the daily rotation never repeats a sentence in a week.
    """
    f = cheer.facts
    if cheer.kind is CheerKind.FIRST:
        return "Your first win — the chain starts right here. 🔗"
    if cheer.kind is CheerKind.TOP_UP:
        if f.day_amount is not None and f.unit:
            return f"That makes {_amount(f.day_amount, f.unit)} today. 🙌"
        return "Counted — and the day was already kept. Bonus round! 🙌"
    index = cheer.index
    if index == 0:
        if f.streak >= 2:
            return f"{f.streak} days running now — the chain gets harder to break. 🔗"
        return "A new run starts with today. That's how every long one began."
    if index == 1:
        if f.day_amount is not None and f.unit and f.best_day is not None:
            if f.day_amount > f.best_day:
                return f"{_amount(f.day_amount, f.unit)} — your biggest day in five weeks! 🚀"
            on = format_date(f.best_day_on, today) if f.best_day_on else "lately"
            return (
                f"{_amount(f.day_amount, f.unit)} banked. Your high mark lately: "
                f"{_amount(f.best_day, f.unit)}, on {on}."
            )
        return f"Done and counted: {f.votes} wins in the bank now."
    if index == 2:
        return f"Win number {f.votes}. Every single one of them counts. ✨"
    if index == 3:
        if f.streak > f.best_before and f.streak >= 3:
            if f.votes > f.streak:  # wins before this run: it beats an earlier one
                return f"A new personal best: {f.streak} days in a row! 🏆"
            return f"{f.streak} days in a row — your longest run so far, and still going."
        if f.best_before > f.streak:
            gap = f.best_before - f.streak
            return f"{gap} more to match your best run of {f.best_before} days."
        return "Showing up, again. That's the whole trick."
    if index == 4:
        week, target = f.week_done, f.week_target
        if week is not None and target is not None and target.quantity > week.quantity:
            left = format_measure(Measure(target.quantity - week.quantity, target.unit))
            return f"{esc(left)} to go for this week's {esc(format_measure(target))}."
        if week is not None and target is not None:
            return f"This week's {esc(format_measure(target))} is in the bag — the rest is bonus."
        return "The chain grows. Nice work, truly."
    if index == 5:
        return f"Habit strength {f.strength}% — it remembers every kept day. 💪"
    if index == 6:
        if f.streak >= 3:
            return f"Not a day dropped since {format_date(f.run_start, today)}."
        return "Future you says thanks."
    if f.total is not None:
        return f"{esc(format_measure(f.total))} since you started. Small wins, real distance."
    return "Done is better than perfect — and done it is. 💪"


def _amount(quantity: float, unit: str) -> str:
    return esc(format_measure(Measure(quantity, unit)))


def _reached_line(reached: TargetReached) -> str:
    """A level's target reached by this win, with the numbers (once per period)."""
    done = format_quantity(reached.progress.done.quantity)
    target = esc(format_measure(reached.progress.target))
    icon, name = ("🎯", "week") if reached.period is Period.WEEK else ("🏆", "plan month")
    left = reached.days_left
    if left == 0:
        when = f"On the {name}'s last day — right on time."
    elif left == 1:
        when = "With a day to spare."
    else:
        when = f"With {left} days to spare."
    return f"{icon} <b>This {name}'s target reached: {done}/{target}!</b> {when}"


def _belief_forming_line(view: GoalDay) -> str:
    """Rule 6, once between votes 7 and 14: the belief is forming, in the user's own words."""
    votes = view.summary.votes
    identity = view.goal.identity
    if identity:
        return (
            f"🌱 {votes} days of proof for “{esc(identity)}”. The belief is forming: it's "
            "starting to feel true, not just hoped for."
        )
    return (
        f"🌱 {votes} days of proof. The belief is forming: this is turning into something you "
        "simply do."
    )


def _identity_marked_line(view: GoalDay) -> str:
    """Rule 6, once on the 66th vote: the habit is part of who the user is."""
    votes = view.summary.votes
    identity = view.goal.identity
    if identity:
        return (
            f"🪪 <b>{votes} days of proof.</b> Not a hope any more — "
            f"{esc(identity_words(identity))}. That's who you are now."
        )
    return (
        f"🪪 <b>{votes} days of proof.</b> Not something you're trying any more — it's part of "
        "who you are now."
    )


def _step_buttons(goal_id: int) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton("⬆️ Step up", callback_data=cb.comeback("up", goal_id)),
        InlineKeyboardButton("Hold", callback_data=cb.comeback("hold", goal_id)),
        InlineKeyboardButton("⬇️ Step down", callback_data=cb.comeback("down", goal_id)),
    ]


def _headline(result: Logged) -> str:
    view = result.view
    name = _name(view.goal)
    when = "" if result.is_today else f" ({format_date(view.day - timedelta(days=1), view.day)})"
    if result.duplicate:
        return f"Already counted ✓ <b>{name}</b>{when}"
    if result.status is EntryStatus.MVA:
        return f"🪶 The minimum counts — day kept for <b>{name}</b>{when}."
    if result.status is EntryStatus.SKIP:
        return f"😴 Rest day for <b>{name}</b>{when} — enjoy it, the chain holds."
    if result.added is not None:
        return f"✅ <b>{esc(format_measure(result.added))}</b> logged for <b>{name}</b>{when}!"
    return f"✅ Done: <b>{esc(view.target.text or 'today')}</b> for <b>{name}</b>{when}!"


def _ladder_line(progress: LadderProgress) -> str:
    parts = [f"{progress.week_days.kept}/{progress.week_days.elapsed or 1} days this week"]
    month = f"in plan month {progress.month_number}"
    for label, level in (("this week", progress.week), (month, progress.month)):
        if level is not None:
            done = format_quantity(level.done.quantity)
            parts.append(f"{done}/{esc(format_measure(level.target))} {label}")
    if progress.outcome is not None:
        parts.append(f"{progress.outcome.percent}% of the 12-week outcome")
    return " · ".join(parts)


def undone(result: Undone) -> Reply:
    """After Undo."""
    view = result.view
    state = _STATE_LINES.get(view.state, "Not logged yet today")
    when = "" if result.day == view.day else f" for {format_date(result.day, view.day)}"
    return Reply(
        f"↩️ Undone{when}. <b>{_name(view.goal)}</b>: {state}.\n{chain(view.states, view.day)}",
        day_buttons(view),
    )


def measure_text(measure: Measure | None) -> str:
    """A measure for a sentence ("480 words"), or nothing."""
    return esc(format_measure(measure)) if measure else ""


def day_label(day: date, today: date) -> str:
    """ "today", "yesterday" or a date."""
    if day == today:
        return "today"
    return format_date(day, today)
