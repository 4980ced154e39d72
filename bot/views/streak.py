"""Texts, captions and buttons of /streak and /progress."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.charts.curve import CurveWords
from bot.charts.pace import PaceWords
from bot.charts.strength import StrengthWords
from bot.charts.style import ChartLabels
from bot.coach.figures import (
    PLAN_WEEKS,
    Bar,
    CurveFigure,
    PaceFigure,
    StrengthFigure,
    plan_month_starts,
)
from bot.coach.models import Goal, Measure
from bot.coach.progress.curve import YEAR_DAYS, curve_position
from bot.coach.progress.ladder import LadderProgress
from bot.coach.progress.pace import OnTrack, Pace
from bot.coach.streaks.days import CHAIN_SYMBOLS, DayState, chain
from bot.coach.streaks.summary import HALF_LIFE_DAYS
from bot.services.goal_day import GoalDay
from bot.views import win_callbacks as cb
from bot.views.comeback import quiet_days
from bot.views.i18n import Translator, marked
from bot.views.reply import Reply, clip, esc


def _legend(t: Translator, squares: str) -> str:
    """What the chain's squares mean: the five kinds of day, and a pause or today when shown."""
    words = [
        (DayState.DONE, t.ctx("legend", "done")),
        (DayState.PARTIAL, t.ctx("legend", "partly")),
        (DayState.MVA, t.ctx("legend", "minimum")),
        (DayState.SKIP, t.ctx("legend", "rest")),
        (DayState.MISSED, t.ctx("legend", "missed")),
    ]
    for state, word in (
        (DayState.PAUSED, t.ctx("legend", "paused")),
        (DayState.PENDING, t.ctx("legend", "today, still open")),
    ):
        if CHAIN_SYMBOLS[state] in squares:
            words.append((state, word))
    return " ".join(f"{CHAIN_SYMBOLS[state]} {word}" for state, word in words)


def chart_labels(t: Translator) -> ChartLabels:
    """Month and weekday names and the legend of the calendar pictures, in ``t``'s language."""
    return ChartLabels(
        month_names=tuple(t.month(month) for month in range(1, 13)),
        short_month_names=tuple(t.month(month, "abbreviated") for month in range(1, 13)),
        weekday_initials=(
            t.ctx("weekday initial", "M"),
            t.ctx("weekday initial", "T"),
            t.ctx("weekday initial", "W"),
            t.ctx("weekday initial", "Th"),
            t.ctx("weekday initial", "F"),
            t.ctx("weekday initial", "S"),
            t.ctx("weekday initial", "Su"),
        ),
        legend={
            "done": t.ctx("picture legend", "Done"),
            "partial": t.ctx("picture legend", "Partly"),
            "mva": t.ctx("picture legend", "Minimum"),
            "skip": t.ctx("picture legend", "Rest"),
            "paused": t.ctx("picture legend", "Paused"),
            "missed": t.ctx("picture legend", "Missed"),
            "pending": t.ctx("picture legend", "Today"),
        },
        kept=t("{n} kept", n="{n}"),
    )


def _wins(t: Translator, count: int) -> str:
    return t.plural("{n} win", "{n} wins", count)


def _name(goal: Goal) -> str:
    return esc(clip(goal.vision, 48))


def _percent(t: Translator, share: float) -> str:
    return t("{value}%", value=t.number(round(share * 100)))


def caption_title(goal: Goal) -> str:
    """The title printed on the calendar picture (plain text)."""
    return clip(goal.vision, 60)


def caption_subtitle(t: Translator, view: GoalDay) -> str:
    """The line under the title on the picture (plain text)."""
    summary = view.summary
    return t(
        "Streak {streak} · best {best} · strength {strength}",
        streak=t.number(summary.current),
        best=t.number(summary.best),
        strength=_percent(t, summary.strength),
    )


def streak_caption(t: Translator, view: GoalDay) -> str:
    """The caption of the calendar picture: the chain as text and the numbers."""
    summary = view.summary
    squares = chain(view.states, view.day)
    lines = [
        f"<b>{_name(view.goal)}</b>",
        squares,
        t(
            "🔥 Streak <b>{streak}</b> · best {best}",
            streak=t.number(summary.current),
            best=t.number(summary.best),
        ),
        t(
            "💪 Strength {strength} · {wins} so far",
            strength=_percent(t, summary.strength),
            wins=_wins(t, summary.votes),
        ),
    ]
    level = view.target.level
    restarted_today = level is not None and level.effective_from >= view.day
    if summary.missed_in_a_row == 1:
        lines.append(
            t("Yesterday slipped — one miss is an accident. Today counts double in spirit.")
        )
    elif summary.missed_in_a_row >= 2 and not restarted_today:
        couple = t("A couple of quiet days. /comeback makes restarting tiny.")
        lines.append(quiet_days(t, summary.missed_in_a_row, couple))
    lines.append(_legend(t, squares))
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
    t: Translator, view: GoalDay, others: list[Goal], *, year: bool, month: date | None = None
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
                    f"‹ {t.month(before.month, 'abbreviated')}",
                    callback_data=cb.StreakView("m", goal_id, before).pack(),
                )
            )
        if shown < this:
            after = (shown + timedelta(days=31)).replace(day=1)
            nav.append(
                InlineKeyboardButton(
                    f"{t.month(after.month, 'abbreviated')} ›",
                    callback_data=cb.StreakView("m", goal_id, after).pack(),
                )
            )
        if nav:
            rows.append(nav)
    strength = InlineKeyboardButton(
        t("❓ Strength"), callback_data=cb.StreakView("why", goal_id).pack()
    )
    if year:
        switch = InlineKeyboardButton(
            t("📅 This month"), callback_data=cb.StreakView("m", goal_id).pack()
        )
        rows.append([switch, strength])
    elif first < this:
        # The months since the start, up to a year: "Since Sep" says how far it goes back.
        a_year_ago = date(this.year - 1, this.month, 1)
        label = (
            t("🗓 Last 12 months")
            if first <= a_year_ago
            else t("🗓 Since {month}", month=t.month(first.month, "abbreviated"))
        )
        switch = InlineKeyboardButton(label, callback_data=cb.StreakView("y", goal_id).pack())
        rows.append([switch, strength])
    else:
        rows.append([strength])  # a goal begun this month: its month is all there is
    rows.extend(
        [
            InlineKeyboardButton(
                f"➡️ {clip(goal.vision, 40)}", callback_data=cb.StreakView("m", goal.goal_id).pack()
            )
        ]
        for goal in others
    )
    return InlineKeyboardMarkup(rows)


def strength_explained(t: Translator, view: GoalDay) -> Reply:
    """The strength score in plain words."""
    return Reply(
        t(
            "💪 <b>Strength</b> is {strength} for {goal}.",
            strength=_percent(t, view.summary.strength),
            goal=_name(view.goal),
        )
        + "\n\n"
        + t.plural(
            "It's a running score that remembers your recent days more than old ones: each "
            "kept day nudges it up, each miss nudges it down, and a day's weight halves every "
            "{n} day. Rest days and pauses leave it as it is.",
            "It's a running score that remembers your recent days more than old ones: each "
            "kept day nudges it up, each miss nudges it down, and a day's weight halves every "
            "{n} days. Rest days and pauses leave it as it is.",
            HALF_LIFE_DAYS,
        )
        + "\n\n"
        + t(
            "So one miss after a good month barely dents it — unlike a streak, it never drops "
            "to zero overnight. (It's the formula of the Loop Habit Tracker.)"
        )
    )


def strength_words(t: Translator, view: GoalDay, figure: StrengthFigure) -> StrengthWords:
    """The words printed on the strength line (plain text)."""
    return StrengthWords(
        title=caption_title(view.goal),
        subtitle=t("Strength since {day}", day=t.day(figure.start, view.day)),
        value=_percent(t, figure.current),
        guides=(_percent(t, 0.5), _percent(t, 1)),
        first=_day_month(t, figure.start),
        last=t.ctx("picture legend", "Today"),
    )


def no_goals(t: Translator) -> Reply:
    """/streak or /progress without an active goal."""
    return Reply(t("No active goal yet — /plan sets one up in a couple of minutes."))


_PACES: Final[Mapping[Pace, str]] = {
    Pace.AHEAD: marked("ahead of plan 🚀"),
    Pace.ON_TRACK: marked("on track ✅"),
    Pace.BEHIND: marked("behind plan — the minimum still counts, every day"),
    Pace.REACHED: marked("reached! 🎉"),
    Pace.TOO_EARLY: marked("too early to tell — keep stacking days"),
}
"""The pace in words, for /progress."""


def progress(
    t: Translator,
    view: GoalDay,
    ladder: LadderProgress | None,
    pace: OnTrack | None,
    others: list[Goal],
) -> Reply:
    """The five-level ladder with progress at each level, the pace and the 1% curve."""
    goal = view.goal
    lines = [f"📊 <b>{_name(goal)}</b>"]
    if ladder is None or pace is None:
        if goal.start_date:
            lines.append(
                t(
                    "Starts {day}. The ladder fills up from day one.",
                    day=t.day(goal.start_date, view.day),
                )
            )
        else:
            lines.append(t("Starts soon. The ladder fills up from day one."))
        return Reply("\n".join(lines), _progress_buttons(t, view, others))
    if ladder.week_number <= PLAN_WEEKS:
        lines[0] += " · " + t("week {week} of 12", week=t.number(ladder.week_number))
    else:  # past the 12 weeks, as the chart says it: "Week 23", never "week 23 of 12"
        lines[0] += " · " + _plan_week(t, ladder.week_number)
    # The caption of the pace chart (at most 1,024 characters): the user's own words clipped.
    outcome_line = t("🎯 12 weeks: {outcome}", outcome=esc(clip(goal.outcome or "—", 80)))
    if ladder.outcome is not None:
        outcome_line += f" — {_amount(t, ladder.outcome.done.quantity, ladder.outcome.target)}"
        outcome_line += f" ({_percent(t, ladder.outcome.percent / 100)})"
    lines.append(outcome_line)
    verdict = t.lookup(_PACES, pace.pace)
    if verdict:
        if pace.projected_finish is not None and pace.pace in (
            Pace.AHEAD,
            Pace.ON_TRACK,
            Pace.BEHIND,
        ):
            line = t(
                "   Pace: {verdict} (at this pace: {day})",
                verdict=verdict,
                day=t.day(pace.projected_finish, view.day),
            )
        else:
            line = t("   Pace: {verdict}", verdict=verdict)
        lines.append(line)
    today = view.day
    month = t(
        "🗓 Plan month {number} ({span}): {kept}/{elapsed} days",
        number=t.number(ladder.month_number),
        span=_span(t, ladder.month_start, ladder.month_end, today),
        kept=t.number(ladder.month_days.kept),
        elapsed=t.number(ladder.month_days.elapsed),
    )
    if ladder.month is not None:
        month += f" · {_amount(t, ladder.month.done.quantity, ladder.month.target)}"
    lines.append(month)
    # The plan's first week may be short: it is shown from the plan's first day.
    week_from = max(ladder.week_start, goal.start_date or ladder.week_start)
    week = t(
        "📅 This week ({span}): {kept}/{elapsed} days",
        span=_span(t, week_from, ladder.week_end, today),
        kept=t.number(ladder.week_days.kept),
        elapsed=t.number(ladder.week_days.elapsed),
    )
    if ladder.week is not None:
        week += f" · {_amount(t, ladder.week.done.quantity, ladder.week.target)}"
    lines.append(week)
    action = esc(clip(view.target.text, 80))
    if view.state is DayState.SKIP:
        lines.append(t("😴 Today: a rest day — the chain holds"))
    elif view.state is DayState.PAUSED:
        lines.append(t("⏸️ Today: paused — your streaks are safe"))
    elif view.record is not None and view.state is not DayState.PENDING:
        lines.append(t("✅ Today: {action} — done ✓", action=action))
    else:
        lines.append(t("✅ Today: {action} — still open", action=action))
    curve = curve_position(view.summary.votes)
    lines.append(
        t(
            "📈 1% a day: {wins} → {growth}× — early weeks feel slow for everyone; the curve "
            "bends later.",
            wins=_wins(t, view.summary.votes),
            growth=t.fixed(curve.growth, 2),
        )
    )
    return Reply("\n".join(lines), _progress_buttons(t, view, others, showing="p"))


def _span(t: Translator, first: date, last: date, today: date) -> str:
    if first == last:
        return t.day(first, today)
    return f"{t.day(first, today)} – {t.day(last, today)}"


def _amount(t: Translator, done: float, target: Measure) -> str:
    return f"{t.quantity(done)}/{esc(t.measure(target))}"


def _progress_buttons(
    t: Translator, view: GoalDay, others: list[Goal], *, showing: str | None = None
) -> InlineKeyboardMarkup:
    """The other view (pace or curve) when a picture is shown, the streak, the other goals."""
    goal_id = view.goal.goal_id
    streak = InlineKeyboardButton(t("🔥 Streak"), callback_data=cb.StreakView("m", goal_id).pack())
    switch = {
        "p": InlineKeyboardButton(t("📈 1% curve"), callback_data=cb.Curve(goal_id).pack()),
        "c": InlineKeyboardButton(t("📊 Pace"), callback_data=cb.Progress(goal_id).pack()),
    }.get(showing or "")
    rows = [[switch, streak] if switch is not None else [streak]]
    rows.extend(
        [
            InlineKeyboardButton(
                f"➡️ {clip(goal.vision, 40)}", callback_data=cb.Progress(goal.goal_id).pack()
            )
        ]
        for goal in others
    )
    return InlineKeyboardMarkup(rows)


# --- The pace chart's words ---------------------------------------------------------------------


_PACES_SHORT: Final[Mapping[Pace, str]] = {
    Pace.AHEAD: marked("ahead of plan"),
    Pace.ON_TRACK: marked("on track"),
    Pace.BEHIND: marked("behind plan"),
    Pace.REACHED: marked("reached!"),
    Pace.TOO_EARLY: marked("too early to tell"),
}
"""The pace in a few words, for the pace chart (no emoji: the picture has no emoji font)."""


def pace_words(
    t: Translator, view: GoalDay, ladder: LadderProgress, pace: OnTrack, figure: PaceFigure
) -> PaceWords:
    """The words printed on the pace chart (plain text; the picture has no emoji font)."""
    counts_days = figure.unit is None
    verdict = t.lookup(_PACES_SHORT, pace.pace)
    if verdict is None or counts_days:
        days = ladder.all_days
        verdict = t(
            "{kept} of {elapsed} days kept",
            kept=t.number(days.kept),
            elapsed=t.number(days.elapsed),
        )
    if figure.unit is None:
        target = _days(t, figure.target)
        legend = (t("Days kept"), t("One a day"), "")
    else:
        target = t.measure(Measure(figure.target, figure.unit))
        legend = (t("Done so far"), t("Plan"), t("At this pace"))
    finish = figure.projected_finish
    # The plan months up to where the axis may reach (today, or a finish drawn past the plan):
    # the chart leaves out dates beyond its axis and any that would crowd another.
    last = max(figure.end, figure.today)
    if finish is not None:
        last = max(last, min(finish, figure.end + timedelta(days=figure.plan_days)))
    axis = [*plan_month_starts(figure.start, last), figure.end]
    return PaceWords(
        title=caption_title(view.goal),
        subtitle=f"{_plan_week(t, ladder.week_number)} · {verdict}",
        target=target,
        today=t.ctx("picture legend", "Today"),
        finish=None if finish is None else t("At this pace: {day}", day=t.day(finish, view.day)),
        legend=legend,
        axis=tuple((day, _day_month(t, day)) for day in dict.fromkeys(axis)),
        bars=(
            (on_ramp(t, view, t("This week")), _bar_value(t, figure.week)),
            (
                t("Plan month {number}", number=t.number(ladder.month_number)),
                _bar_value(t, figure.month),
            ),
            (t("12 weeks"), _bar_value(t, figure.cycle)),
        ),
    )


def on_ramp(t: Translator, view: GoalDay, words: str) -> str:
    """``words`` with the comeback's step after them while it scales the targets down.

    "This week (step 2 of 8)": the week's target is the step's, not the plan's, and this says
    why the bar is 770 words rather than 3,300.
    """
    ramp = view.target.ramp
    if ramp is None:
        return words
    return t(
        "{action} (step {step} of {steps})",
        action=words,
        step=t.number(ramp[0]),
        steps=t.number(ramp[1]),
    )


def _days(t: Translator, count: float) -> str:
    if count == int(count):
        return t.plural("{n} day", "{n} days", int(count))
    return t("{amount} days", amount=t.quantity(count))


def _plan_week(t: Translator, number: int) -> str:
    """ "Week 3 of 12"; after the 12 weeks just "Week 13"."""
    if number <= PLAN_WEEKS:
        return t("Week {number} of 12", number=t.number(number))
    return t("Week {number}", number=t.number(number))


def _day_month(t: Translator, day: date) -> str:
    return t.short_day_month(day)


def _bar_value(t: Translator, bar: Bar) -> str:
    if bar.unit is None:
        return t("{done} / {target} days", done=t.quantity(bar.done), target=t.quantity(bar.target))
    return f"{t.quantity(bar.done)} / {t.measure(Measure(bar.target, bar.unit))}"


# --- The 1% curve ---------------------------------------------------------------------------------


def curve_words(t: Translator, view: GoalDay, figure: CurveFigure) -> CurveWords:
    """The words printed on the 1% curve (plain text)."""
    position = figure.position
    wins = position.days
    doubling = figure.first_doubling
    year = YEAR_DAYS
    # "x", not "×": the picture's font has no "×", and a line in another font looks patched.
    # Only the year's end is marked: a label low on the flat part would crowd the dot.
    marks = [(year, t("{growth}x after a year", growth=t.fixed(position.year_growth, 1)))]
    start, one_year = t("Start"), t("1 year")
    axis = [(0, start), (100, t.number(100)), (200, t.number(200)), (300, t.number(300))]
    axis.append((year, one_year))
    if figure.horizon > year:
        axis = [(0, start), (year, one_year)]
        if figure.horizon >= year + 100:
            axis.append((figure.horizon, t.plural("{n} day", "{n} days", figure.horizon)))
    if wins < doubling:
        note = (
            t("Early weeks look flat for everyone: that's the curve, not you."),
            t(
                "Keep stacking days: it doubles by day {day}, then bends upward.",
                day=t.number(doubling),
            ),
        )
    elif wins < year:
        note = (
            t("You're past the flat part: the curve is bending now."),
            t(
                "{share} of the year's climb is done; the steep part is next.",
                share=_percent(t, position.share_of_gain),
            ),
        )
    else:
        note = (
            t(
                "A year of 1% days: {growth}x where you started.",
                growth=t.fixed(position.growth, 1),
            ),
            t("From here the curve only gets steeper."),
        )
    return CurveWords(
        title=t("1% better a day"),
        subtitle=caption_title(view.goal),
        here=t("You are here"),
        here_detail=f"{_wins(t, wins)} · {t.fixed(position.growth, 2)}x",
        marks=tuple(marks),
        axis=tuple(axis),
        note=note,
    )


def curve_caption(t: Translator, view: GoalDay, others: list[Goal]) -> Reply:
    """The caption and buttons of the 1% curve in /progress."""
    position = curve_position(view.summary.votes)
    return Reply(
        t("📈 <b>{goal}</b> · 1% a day", goal=_name(view.goal))
        + "\n"
        + t(
            "{wins} → {growth}×. One percent a day is 2× by day 70 and ≈{year}× after a year — "
            "the start is flat for everyone.",
            wins=_wins(t, position.days),
            growth=t.fixed(position.growth, 2),
            year=t.fixed(position.year_growth, 1),
        ),
        _progress_buttons(t, view, others, showing="c"),
    )


def milestone_curve(t: Translator, view: GoalDay, days: int) -> str:
    """The caption of the 1% curve sent with a streak milestone's celebration."""
    position = curve_position(view.summary.votes)
    return t(
        "📈 {days} days in a row. On the 1% curve, your {wins} make {growth}×: the flat start "
        "is behind you a little more each day.",
        days=t.number(days),
        wins=_wins(t, position.days),
        growth=t.fixed(position.growth, 2),
    )
