"""Texts, captions and buttons of /streak and /progress."""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.charts.curve import CurveWords
from bot.charts.pace import PaceWords
from bot.charts.strength import StrengthWords
from bot.coach.dates import MONTH_ABBR, format_date
from bot.coach.figures import (
    PLAN_WEEKS,
    Bar,
    CurveFigure,
    PaceFigure,
    StrengthFigure,
    plan_month_starts,
)
from bot.coach.models import Goal, Measure
from bot.coach.progress import YEAR_DAYS, LadderProgress, OnTrack, Pace, curve_position
from bot.coach.quantities import format_measure, format_quantity
from bot.coach.streaks import CHAIN_SYMBOLS, HALF_LIFE_DAYS, DayState, chain
from bot.services.habits import GoalDay
from bot.views import win_callbacks as cb
from bot.views.reply import Reply, clip, esc

_LEGEND = " ".join(
    f"{CHAIN_SYMBOLS[state]} {label}"
    for state, label in (
        (DayState.DONE, "done"),
        (DayState.PARTIAL, "partly"),
        (DayState.MVA, "minimum"),
        (DayState.SKIP, "rest"),
        (DayState.MISSED, "missed"),
    )
)


def _wins(count: int) -> str:
    return f"{count} win" if count == 1 else f"{count} wins"


def _name(goal: Goal) -> str:
    return esc(clip(goal.vision, 48))


def caption_title(goal: Goal) -> str:
    """The title printed on the calendar picture (plain text)."""
    return clip(goal.vision, 60)


def caption_subtitle(view: GoalDay) -> str:
    """The line under the title on the picture (plain text)."""
    summary = view.summary
    return (
        f"Streak {summary.current} · best {summary.best} · "
        f"strength {round(summary.strength * 100)}%"
    )


def streak_caption(view: GoalDay) -> str:
    """The caption of the calendar picture: the chain as text and the numbers."""
    summary = view.summary
    lines = [
        f"<b>{_name(view.goal)}</b>",
        chain(view.states, view.day),
        f"🔥 Streak <b>{summary.current}</b> · best {summary.best}",
        f"💪 Strength {round(summary.strength * 100)}% · {_wins(summary.votes)} so far",
    ]
    level = view.target.level
    restarted_today = level is not None and level.effective_from >= view.day
    if summary.missed_in_a_row == 1:
        lines.append("Yesterday slipped — one miss is an accident. Today counts double in spirit.")
    elif summary.missed_in_a_row >= 2 and not restarted_today:
        lines.append("A couple of quiet days. /comeback makes restarting tiny.")
    lines.append(_LEGEND)
    return "\n".join(lines)


def first_month(view: GoalDay) -> date:
    """The first month the calendar goes back to: the goal's start (never after this month)."""
    this = view.day.replace(day=1)
    start = view.goal.start_date
    return this if start is None else min(this, start.replace(day=1))


def shown_month(view: GoalDay, month: date | None) -> date:
    """The month to draw: the one asked for, kept between the goal's first month and this one."""
    this = view.day.replace(day=1)
    if month is None:
        return this
    return min(this, max(first_month(view), month.replace(day=1)))


def streak_buttons(
    view: GoalDay, others: list[Goal], *, year: bool, month: date | None = None
) -> InlineKeyboardMarkup:
    """Previous / next month, the months since the start, what strength means, other goals."""
    goal_id = view.goal.goal_id
    this, first = view.day.replace(day=1), first_month(view)
    rows = []
    if not year:
        shown = shown_month(view, month)
        nav = []
        if shown > first:
            before = (shown - timedelta(days=1)).replace(day=1)
            nav.append(
                InlineKeyboardButton(
                    f"‹ {MONTH_ABBR[before.month - 1]}",
                    callback_data=cb.streak_view("m", goal_id, before),
                )
            )
        if shown < this:
            after = (shown + timedelta(days=31)).replace(day=1)
            nav.append(
                InlineKeyboardButton(
                    f"{MONTH_ABBR[after.month - 1]} ›",
                    callback_data=cb.streak_view("m", goal_id, after),
                )
            )
        if nav:
            rows.append(nav)
    strength = InlineKeyboardButton("❓ Strength", callback_data=cb.streak_view("why", goal_id))
    if year:
        switch = InlineKeyboardButton("📅 This month", callback_data=cb.streak_view("m", goal_id))
        rows.append([switch, strength])
    elif first < this:
        # The months since the start, up to a year: "Since Sep" says how far it goes back.
        a_year_ago = date(this.year - 1, this.month, 1)
        label = (
            "🗓 Last 12 months" if first <= a_year_ago else f"🗓 Since {MONTH_ABBR[first.month - 1]}"
        )
        switch = InlineKeyboardButton(label, callback_data=cb.streak_view("y", goal_id))
        rows.append([switch, strength])
    else:
        rows.append([strength])  # a goal begun this month: its month is all there is
    rows.extend(
        [
            InlineKeyboardButton(
                f"➡️ {clip(goal.vision, 40)}", callback_data=cb.streak_view("m", goal.goal_id)
            )
        ]
        for goal in others
    )
    return InlineKeyboardMarkup(rows)


def strength_explained(view: GoalDay) -> Reply:
    """The strength score in plain words."""
    return Reply(
        f"💪 <b>Strength</b> is {round(view.summary.strength * 100)}% for {_name(view.goal)}.\n\n"
        "It's a running score that remembers your recent days more than old ones: each kept "
        f"day nudges it up, each miss nudges it down, and a day's weight halves every "
        f"{HALF_LIFE_DAYS} days. Rest days and pauses leave it as it is.\n\n"
        "So one miss after a good month barely dents it — unlike a streak, it never drops to "
        "zero overnight. (It's the formula of the Loop Habit Tracker.)"
    )


def strength_words(view: GoalDay, figure: StrengthFigure) -> StrengthWords:
    """The words printed on the strength line (plain text)."""
    return StrengthWords(
        title=caption_title(view.goal),
        subtitle=f"Strength since {format_date(figure.start, view.day)}",
        value=f"{round(figure.current * 100)}%",
        guides=("50%", "100%"),
        first=_day_month(figure.start),
        last="Today",
    )


def no_goals() -> Reply:
    """/streak or /progress without an active goal."""
    return Reply("No active goal yet — /plan sets one up in a couple of minutes.")


_PACE = {
    Pace.AHEAD: "ahead of plan 🚀",
    Pace.ON_TRACK: "on track ✅",
    Pace.BEHIND: "behind plan — the minimum still counts, every day",
    Pace.REACHED: "reached! 🎉",
    Pace.TOO_EARLY: "too early to tell — keep stacking days",
    Pace.UNMEASURED: "",
}


def progress(
    view: GoalDay, ladder: LadderProgress | None, pace: OnTrack | None, others: list[Goal]
) -> Reply:
    """The five-level ladder with progress at each level, the pace and the 1% curve."""
    goal = view.goal
    lines = [f"📊 <b>{_name(goal)}</b>"]
    if ladder is None or pace is None:
        start = format_date(goal.start_date, view.day) if goal.start_date else "soon"
        lines.append(f"Starts {start}. The ladder fills up from day one.")
        return Reply("\n".join(lines), _progress_buttons(view, others))
    lines[0] += f" · week {ladder.week_number} of 12"
    # The caption of the pace chart (at most 1,024 characters): the user's own words clipped.
    outcome_line = f"🎯 12 weeks: {esc(clip(goal.outcome or '—', 80))}"
    if ladder.outcome is not None:
        outcome_line += f" — {_amount(ladder.outcome.done.quantity, ladder.outcome.target)}"
        outcome_line += f" ({ladder.outcome.percent}%)"
    lines.append(outcome_line)
    verdict = _PACE.get(pace.pace, "")
    if verdict:
        line = f"   Pace: {verdict}"
        if pace.projected_finish is not None and pace.pace in (
            Pace.AHEAD,
            Pace.ON_TRACK,
            Pace.BEHIND,
        ):
            line += f" (at this pace: {format_date(pace.projected_finish, view.day)})"
        lines.append(line)
    today = view.day
    month_span = _span(ladder.month_start, ladder.month_end, today)
    month = (
        f"🗓 Plan month {ladder.month_number} ({month_span}): "
        f"{ladder.month_days.kept}/{ladder.month_days.elapsed} days"
    )
    if ladder.month is not None:
        month += f" · {_amount(ladder.month.done.quantity, ladder.month.target)}"
    lines.append(month)
    # The plan's first week may be short: it is shown from the plan's first day.
    week_from = max(ladder.week_start, goal.start_date or ladder.week_start)
    week_span = _span(week_from, ladder.week_end, today)
    week = f"📅 This week ({week_span}): {ladder.week_days.kept}/{ladder.week_days.elapsed} days"
    if ladder.week is not None:
        week += f" · {_amount(ladder.week.done.quantity, ladder.week.target)}"
    lines.append(week)
    kept = "done ✓" if view.record is not None else "still open"
    lines.append(f"✅ Today: {esc(clip(view.target.text, 80))} — {kept}")
    curve = curve_position(view.summary.votes)
    lines.append(
        f"📈 1% a day: {_wins(view.summary.votes)} → {curve.growth:.2f}× — early weeks feel slow "
        "for everyone; the curve bends later."
    )
    return Reply("\n".join(lines), _progress_buttons(view, others, showing="p"))


def _span(first: date, last: date, today: date) -> str:
    if first == last:
        return format_date(first, today)
    return f"{format_date(first, today)} – {format_date(last, today)}"


def _amount(done: float, target: Measure) -> str:
    return f"{format_quantity(done)}/{esc(format_measure(target))}"


def _progress_buttons(
    view: GoalDay, others: list[Goal], *, showing: str | None = None
) -> InlineKeyboardMarkup:
    """The other view (pace or curve) when a picture is shown, the streak, the other goals."""
    goal_id = view.goal.goal_id
    streak = InlineKeyboardButton("🔥 Streak", callback_data=cb.streak_view("m", goal_id))
    switch = {
        "p": InlineKeyboardButton("📈 1% curve", callback_data=cb.progress(goal_id, "c")),
        "c": InlineKeyboardButton("📊 Pace", callback_data=cb.progress(goal_id)),
    }.get(showing or "")
    rows = [[switch, streak] if switch is not None else [streak]]
    rows.extend(
        [
            InlineKeyboardButton(
                f"➡️ {clip(goal.vision, 40)}", callback_data=cb.progress(goal.goal_id)
            )
        ]
        for goal in others
    )
    return InlineKeyboardMarkup(rows)


# --- The pace chart's words ---------------------------------------------------------------------

_PACE_SHORT = {
    Pace.AHEAD: "ahead of plan",
    Pace.ON_TRACK: "on track",
    Pace.BEHIND: "behind plan",
    Pace.REACHED: "reached!",
    Pace.TOO_EARLY: "too early to tell",
}


def pace_words(
    view: GoalDay, ladder: LadderProgress, pace: OnTrack, figure: PaceFigure
) -> PaceWords:
    """The words printed on the pace chart (plain text; the picture has no emoji font)."""
    counts_days = figure.unit is None
    verdict = _PACE_SHORT.get(pace.pace)
    if verdict is None or counts_days:
        days = ladder.all_days
        verdict = f"{days.kept} of {days.elapsed} days kept"
    if figure.unit is None:
        target = f"{format_quantity(figure.target)} days"
        legend = ("Days kept", "One a day", "")
    else:
        target = format_measure(Measure(figure.target, figure.unit))
        legend = ("Done so far", "Plan", "At this pace")
    finish = figure.projected_finish
    axis = [*plan_month_starts(figure.start, figure.end), figure.end]
    return PaceWords(
        title=caption_title(view.goal),
        subtitle=f"{_plan_week(ladder.week_number)} · {verdict}",
        target=target,
        today="Today",
        finish=None if finish is None else f"At this pace: {format_date(finish, view.day)}",
        legend=legend,
        axis=tuple((day, _day_month(day)) for day in dict.fromkeys(axis)),
        bars=(
            ("This week", _bar_value(figure.week)),
            (f"Plan month {ladder.month_number}", _bar_value(figure.month)),
            ("12 weeks", _bar_value(figure.cycle)),
        ),
    )


def _plan_week(number: int) -> str:
    """ "Week 3 of 12"; after the 12 weeks just "Week 13"."""
    return f"Week {number} of 12" if number <= PLAN_WEEKS else f"Week {number}"


def _day_month(day: date) -> str:
    return f"{day.day} {MONTH_ABBR[day.month - 1]}"


def _bar_value(bar: Bar) -> str:
    if bar.unit is None:
        return f"{format_quantity(bar.done)} / {format_quantity(bar.target)} days"
    return f"{format_quantity(bar.done)} / {format_measure(Measure(bar.target, bar.unit))}"


# --- The 1% curve ---------------------------------------------------------------------------------


def curve_words(view: GoalDay, figure: CurveFigure) -> CurveWords:
    """The words printed on the 1% curve (plain text)."""
    position = figure.position
    wins = position.days
    doubling = figure.first_doubling
    year = YEAR_DAYS
    # "x", not "×": the picture's font has no "×", and a line in another font looks patched.
    # Only the year's end is marked: a label low on the flat part would crowd the dot.
    marks = [(year, f"{position.year_growth:.1f}x after a year")]
    axis = [(0, "Start"), (100, "100"), (200, "200"), (300, "300"), (year, "1 year")]
    if figure.horizon > year:
        axis = [(0, "Start"), (year, "1 year")]
        if figure.horizon >= year + 100:
            axis.append((figure.horizon, f"{figure.horizon} days"))
    if wins < doubling:
        note = (
            "Early weeks look flat for everyone: that's the curve, not you.",
            f"Keep stacking days: it doubles by day {doubling}, then bends upward.",
        )
    elif wins < year:
        share = round(position.share_of_gain * 100)
        note = (
            "You're past the flat part: the curve is bending now.",
            f"{share}% of the year's climb is done; the steep part is next.",
        )
    else:
        note = (
            f"A year of 1% days: {position.growth:.1f}x where you started.",
            "From here the curve only gets steeper.",
        )
    return CurveWords(
        title="1% better a day",
        subtitle=caption_title(view.goal),
        here="You are here",
        here_detail=f"{_wins(wins)} · {position.growth:.2f}x",
        marks=tuple(marks),
        axis=tuple(axis),
        note=note,
    )


def curve_caption(view: GoalDay, others: list[Goal]) -> Reply:
    """The caption and buttons of the 1% curve in /progress."""
    position = curve_position(view.summary.votes)
    return Reply(
        f"📈 <b>{_name(view.goal)}</b> · 1% a day\n"
        f"{_wins(position.days)} → {position.growth:.2f}×. One percent a day is 2× by day 70 "
        f"and ≈{position.year_growth:.1f}× after a year — the start is flat for everyone.",
        _progress_buttons(view, others, showing="c"),
    )


def milestone_curve(view: GoalDay, days: int) -> str:
    """The caption of the 1% curve sent with a streak milestone's celebration."""
    position = curve_position(view.summary.votes)
    return (
        f"📈 {days} days in a row. On the 1% curve, your {_wins(position.days)} make "
        f"{position.growth:.2f}×: the flat start is behind you a little more each day."
    )
