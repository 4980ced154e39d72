"""Tests for the 1%-a-day curve: flat then steep, and the user's dot at their win count."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from bot.charts import drawing, style, typesetting
from bot.charts.curve import CurveWords, curve_layout, render_curve
from bot.charts.pace import MARGIN, PLAN_LINE, SMALL, WIDTH
from bot.coach.figures import curve_figure
from bot.coach.models import Goal, GoalStatus
from bot.coach.streaks.days import DayState
from bot.coach.streaks.summary import summarize
from bot.services.goal_day import GoalDay, Target
from bot.views.i18n import ENGLISH_TRANSLATOR, translator
from bot.views.streak import curve_words
from tests.charts.test_calendar import close, lightness, open_png
from tests.charts.test_pace import pixel, runs

DAY = date(2027, 1, 1)
NOW = datetime(2027, 1, 1, tzinfo=UTC)


def words_for(votes: int, vision: str = "Write a novel") -> CurveWords:
    """The views' words for a user with ``votes`` wins."""
    goal = Goal(1, 1, GoalStatus.ACTIVE, 1, NOW, NOW, vision=vision)
    summary = dataclasses.replace(summarize({}, DAY, DAY), votes=votes)
    view = GoalDay(goal, DAY, Target("write", None), None, DayState.PENDING, {}, summary)
    return curve_words(ENGLISH_TRANSLATOR, view, curve_figure(votes))


@pytest.mark.parametrize("votes", [0, 17, 50])
def test_the_dot_sits_at_the_win_count(votes: int) -> None:
    figure = curve_figure(votes)
    image = open_png(render_curve(figure, words_for(votes)))
    layout = curve_layout(figure)
    left, _, right, bottom = layout.plot
    # The axis ticks mark days 0, 100, 200 and 300, just under the axis line.
    ticks = runs([lightness(pixel(image, x, bottom + 5)) < 160 for x in range(image.size[0])])
    per_day = (ticks[1] - ticks[0]) / 100
    # Just above the dot's centre, where the flat curve is not, only the dot is green.
    y = layout.y(figure.position.growth) - 4
    dots = runs([close(pixel(image, x, y), style.DONE, 30) for x in range(left - 10, right)])
    assert len(dots) == 1
    assert left - 10 + dots[0] == pytest.approx(ticks[0] + votes * per_day, abs=2)


def test_the_curve_is_flat_first_and_steep_at_the_end_of_the_year() -> None:
    figure = curve_figure(10)
    image = open_png(render_curve(figure, words_for(10)))
    layout = curve_layout(figure)
    _, top, _, bottom = layout.plot

    def curve_top(day: int) -> int:
        """The highest drawn pixel of the curve in the column of ``day`` (or the nearest
        column with a dash in it: the road ahead is dashed)."""
        for step in range(12):
            for x in {layout.x(day) - step, layout.x(day) + step}:
                for y in range(top - 10, bottom - 2):
                    if lightness(pixel(image, x, y)) < 200:
                        return y
        raise AssertionError(f"no curve at day {day}")

    height = bottom - top
    assert bottom - curve_top(100) < height * 0.1  # 100 days: still near the bottom
    assert curve_top(360) - top < height * 0.15  # the end of the year: near the top


def test_the_days_walked_are_solid_green_and_the_road_ahead_grey_dashes() -> None:
    # As on the pace chart, where the plan is grey dashes: what has not happened yet is dashed.
    figure = curve_figure(120)
    image = open_png(render_curve(figure, words_for(120)))
    layout = curve_layout(figure)

    def on_the_curve(day: int) -> tuple[int, int, int]:
        return pixel(image, layout.x(day), layout.y(figure.growth[day]))

    walked = [on_the_curve(day) for day in range(2, 100)]
    assert all(close(colour, style.DONE, 40) for colour in walked)
    ahead = [on_the_curve(day) for day in range(140, 366)]
    dashes = sum(close(colour, PLAN_LINE, 40) for colour in ahead)
    gaps = sum(close(colour, style.PAPER, 12) for colour in ahead)
    assert dashes > len(ahead) / 3
    assert gaps > len(ahead) / 10  # with paper between the dashes


def test_the_figure_is_the_coachs_compounding() -> None:
    figure = curve_figure(30)
    assert figure.horizon == 365
    assert figure.growth[0] == 1
    assert figure.growth[70] >= 2 > figure.growth[69]
    assert figure.first_doubling == 70
    assert figure.position.days == 30
    assert figure.growth[30] == figure.position.growth
    assert curve_figure(500).horizon == 500
    with pytest.raises(ValueError, match="negative"):
        curve_figure(-1)


@pytest.mark.parametrize("votes", [0, 1, 17, 69, 70, 200, 364, 365, 1000])
def test_every_word_has_its_glyphs_and_fits(votes: int) -> None:
    words = words_for(votes)
    texts = [words.title, words.subtitle, words.here, words.here_detail, *words.note]
    texts += [label for _, label in (*words.marks, *words.axis)]
    for text in texts:
        assert typesetting.missing_glyphs(text) == 0, text
    for line in words.note:
        canvas = drawing.Canvas(10, 10)
        assert canvas.text_width(line, SMALL) <= WIDTH - 2 * MARGIN, line
    open_png(render_curve(curve_figure(votes), words))


def test_the_words_speak_honestly_of_where_the_user_is() -> None:
    assert "flat for everyone" in words_for(10).note[0]
    assert "past the flat part" in words_for(100).note[0]
    assert words_for(400).note[0].startswith("A year of 1% days: 53.5x")
    assert words_for(17).here_detail == "17 wins · 1.18x"
    assert words_for(1).here_detail == "1 win · 1.01x"


def test_any_title_renders() -> None:
    for title in ("Написать роман", "a" * 5000, ""):
        open_png(render_curve(curve_figure(3), words_for(3, vision=title)))


@pytest.mark.parametrize("language", ["ru", "es", "pt_BR"])
def test_a_longer_note_in_another_language_wraps_instead_of_being_cut(language: str) -> None:
    goal = Goal(1, 1, GoalStatus.ACTIVE, 1, NOW, NOW, vision="Goal")
    summary = dataclasses.replace(summarize({}, DAY, DAY), votes=1)
    view = GoalDay(goal, DAY, Target("write", None), None, DayState.PENDING, {}, summary)
    words = curve_words(translator(language), view, curve_figure(1))
    inner = WIDTH - 2 * MARGIN

    lines = [line for note in words.note for line in typesetting.wrap_text(note, SMALL, inner)]

    assert " ".join(lines) == " ".join(" ".join(note.split()) for note in words.note)
    assert all(
        typesetting.fit_text(line, typesetting.measurer(SMALL * style.SCALE), inner * style.SCALE)
        == line
        for line in lines
    )
    image = open_png(render_curve(curve_figure(1), words))
    assert image.size[1] == curve_layout(curve_figure(1), len(lines)).size[1]


def test_wrapping_breaks_between_words_and_keeps_a_short_line_whole() -> None:
    assert typesetting.wrap_text("Short note", SMALL, 600) == ["Short note"]
    lines = typesetting.wrap_text("word " * 60, SMALL, 200, max_lines=3)
    assert len(lines) == 3
    assert all(line.split() and set(line.split()) <= {"word"} for line in lines)
