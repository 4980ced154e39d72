"""The weekly card's words, and its figures gathered from the weekly review (rule 13)."""

from __future__ import annotations

from bot.charts.week import WeekCardFigure, WeekCardWords, WeekGoalWords
from bot.coach.figures import WeekGoalFigure, week_goal_figure
from bot.coach.models import Measure
from bot.services.weekly_review import WeeklyReview
from bot.views.i18n import Translator
from bot.views.reply import clip
from bot.views.streak import chart_labels, on_ramp


def card(t: Translator, review: WeeklyReview) -> tuple[WeekCardFigure, WeekCardWords]:
    """The card of a weekly review: the figures from the review's own numbers, and the words."""
    figures, words = [], []
    for item in review.items:
        view = item.view
        summary = view.summary
        figure = week_goal_figure(
            view.states,
            review.week_start,
            review.today,
            start=view.goal.start_date,
            week=item.week,
            kept=item.this_week.kept,
            strength=summary.strength,
            strength_before=item.strength_before,
            streak=summary.current,
        )
        figures.append(figure)
        words.append(
            WeekGoalWords(
                name=clip(view.goal.vision, 60),
                amount=on_ramp(t, view, _amount(t, figure)),
                numbers=t(
                    "Streak {streak} · strength {strength}",
                    streak=t.number(summary.current),
                    strength=t("{value}%", value=t.number(round(summary.strength * 100))),
                ),
                change=_change(t, figure.strength_change),
            )
        )
    today = review.today
    span = f"{t.day(review.week_start, today)} – {t.day(review.week_end, today)}"
    title = t("Your week so far") if review.so_far else t("Your week")
    return (
        WeekCardFigure(review.week_start, today, tuple(figures)),
        WeekCardWords(title, span, tuple(words), chart_labels(t)),
    )


def _amount(t: Translator, figure: WeekGoalFigure) -> str:
    bar = figure.bar
    if bar.unit is None:
        return t("{done} / {target} days", done=t.quantity(bar.done), target=t.quantity(bar.target))
    return f"{t.quantity(bar.done)} / {t.measure(Measure(bar.target, bar.unit))}"


def _change(t: Translator, points: int | None) -> str:
    if points is None:
        return ""
    if points == 0:
        return t("(steady this week)")
    return t("({points} this week)", points=f"{points:+d}")
