"""A picture's legend: a small square and its word for each state shown, in the text chain's
order, on one row or two balanced ones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.charts.drawing import Canvas
from bot.charts.squares import draw_day
from bot.charts.style import LEGEND_LABELS, LEGEND_ORDER, MUTED
from bot.charts.typesetting import text_width

LEGEND_MARGIN = 16
"""Room the legend leaves at each side of the picture."""
MIN_LEGEND_SIZE = 12
LEGEND_SPACING = 26.0
"""Room between two entries of the legend; it narrows to MIN_LEGEND_SPACING before a row breaks."""
MIN_LEGEND_SPACING = 14.0
LEGEND_LABEL_GAP = 9.0
LEGEND_ROW_GAP = 14
"""Room between the two rows of a legend too long for one."""


def _row_width(
    items: list[str], swatch: int, size: int, labels: Mapping[str, str], face: int | None
) -> float:
    words = sum(swatch + LEGEND_LABEL_GAP + text_width(labels[s], size, face) for s in items)
    return words + MIN_LEGEND_SPACING * (len(items) - 1)


def legend_rows(
    width: int,
    states: Iterable[str],
    swatch: int,
    size: int,
    *,
    labels: Mapping[str, str] = LEGEND_LABELS,
    face: int | None = None,
) -> list[list[str]]:
    """The legend's entries for ``states`` in legend order, in one row or, if that is wider
    than the picture, two balanced rows (the words measured in the picture's font ``face``).

    Two rows rather than smaller words: shrunk to fit seven entries, the words would be 9 px
    on a phone (:data:`SMALLEST_ON_A_PHONE`). Pictures make room for the second row.
    """
    wanted = set(states)
    items = [state for state in LEGEND_ORDER if state in wanted]
    room = width - 2 * LEGEND_MARGIN
    if len(items) < 2 or _row_width(items, swatch, size, labels, face) <= room:
        return [items]
    splits = [(items[:i], items[i:]) for i in range(1, len(items))]
    first, second = min(
        splits,
        key=lambda rows: max(_row_width(row, swatch, size, labels, face) for row in rows),
    )
    return [first, second]


def legend_height(rows: int, swatch: int) -> int:
    """The height a legend of ``rows`` rows takes beyond its first row."""
    return max(0, rows - 1) * (swatch + LEGEND_ROW_GAP)


def draw_legend(
    canvas: Canvas,
    states: Iterable[str],
    top: float,
    swatch: int,
    size: int,
    *,
    labels: Mapping[str, str] = LEGEND_LABELS,
) -> None:
    """Centred lines of small squares with labels for ``states``, in legend order.

    The rows are :func:`legend_rows`'; a second one goes :func:`legend_height` below the
    first. When a row would not fit the picture's width even so (very long words), the gaps
    narrow first, then the words get smaller, so a line never runs off the edge.
    """
    rows = legend_rows(canvas.width, states, swatch, size, labels=labels, face=canvas.face)
    for index, items in enumerate(rows):
        row_top = top + index * (swatch + LEGEND_ROW_GAP)
        _draw_legend_row(canvas, items, row_top, swatch, size, labels=labels)


def _draw_legend_row(
    canvas: Canvas,
    items: list[str],
    top: float,
    swatch: int,
    size: int,
    *,
    labels: Mapping[str, str],
) -> None:
    room = canvas.width - 2 * LEGEND_MARGIN
    spacing, label_gap = LEGEND_SPACING, LEGEND_LABEL_GAP
    while True:
        widths = [swatch + label_gap + canvas.text_width(labels[s], size) for s in items]
        if sum(widths) + spacing * (len(items) - 1) <= room or size <= MIN_LEGEND_SIZE:
            break
        if spacing > MIN_LEGEND_SPACING:
            spacing -= 4
        else:
            size -= 1
    x = (canvas.width - sum(widths) - spacing * (len(items) - 1)) / 2
    for state, width in zip(items, widths, strict=True):
        box = (round(x), round(top), round(x) + swatch, round(top) + swatch)
        draw_day(canvas, box, state, number=None, is_today=False)
        canvas.text((x + swatch + label_gap, top + swatch / 2), labels[state], size, MUTED, "lm")
        x += width + spacing


def legend_states(shown: Iterable[str]) -> list[str]:
    """The legend's entries: done and minimum (the two ways to keep a day), plus every other
    state on the page; drawn in :data:`LEGEND_ORDER`."""
    return ["done", "mva", *(s for s in shown if s in LEGEND_LABELS)]
