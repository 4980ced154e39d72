"""The weekly card's words, and its figures gathered from the weekly review (rule 13)."""

from __future__ import annotations

from bot.charts.week import WeekCardFigure, WeekCardWords, WeekGoalWords
from bot.coach.dates import format_date
from bot.coach.figures import WeekGoalFigure, week_goal_figure
from bot.coach.models import Measure
from bot.coach.quantities import format_measure, format_quantity
from bot.services.deliveries import WeeklyReview
from bot.views.reply import clip


def card(review: WeeklyReview) -> tuple[WeekCardFigure, WeekCardWords]:
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
                amount=_amount(figure),
                numbers=f"Streak {summary.current} · strength {round(summary.strength * 100)}%",
                change=_change(figure.strength_change),
            )
        )
    today = review.today
    span = f"{format_date(review.week_start, today)} – {format_date(review.week_end, today)}"
    title = "Your week so far" if review.so_far else "Your week"
    return (
        WeekCardFigure(review.week_start, today, tuple(figures)),
        WeekCardWords(title, span, tuple(words)),
    )


def _amount(figure: WeekGoalFigure) -> str:
    bar = figure.bar
    if bar.unit is None:
        return f"{format_quantity(bar.done)} / {format_quantity(bar.target)} days"
    return f"{format_quantity(bar.done)} / {format_measure(Measure(bar.target, bar.unit))}"


def _change(points: int | None) -> str:
    if points is None:
        return ""
    if points == 0:
        return "(steady this week)"
    return f"({points:+d} this week)"
