"""A day's square, as the calendar, the weekly card and the legends draw it: its fill and mark
for the day's state (told apart by lightness and shape, not only by hue), its number, today's
ring."""

from __future__ import annotations

from bot.charts.drawing import Canvas
from bot.charts.style import (
    CARD,
    DAY_NUMBER_SIZE,
    DONE,
    DONE_MARK,
    FAINT_LINE,
    FAINT_TEXT,
    INK,
    KNOWN_STATES,
    MINIMUM,
    MINIMUM_MARK,
    MISSED_LINE,
    PARTIAL,
    PAUSED,
    PAUSED_MARK,
    PENDING_LINE,
    REST,
    REST_LINE,
    TODAY_RING,
    Box,
    Colour,
)


def _tick(canvas: Canvas, box: Box, colour: Colour, weight: float, lower: bool) -> None:
    """A hand-drawn-looking tick inside ``box``; ``lower`` leaves the top for the day number."""
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    if lower:
        points = [(0.30, 0.62), (0.46, 0.77), (0.74, 0.44)]
    else:
        points = [(0.25, 0.53), (0.43, 0.71), (0.76, 0.34)]
    canvas.line([(left + x * w, top + y * h) for x, y in points], colour, weight)


def _hatch(canvas: Canvas, area: Box, colour: Colour, spacing: float, weight: float) -> None:
    """Diagonal hatching (lines rising to the right) filling the rectangle ``area``."""
    x0, y0, x1, y1 = area
    # Each line is x + y = c; clip it to the rectangle by solving for its two ends.
    c = x0 + y0 + spacing / 2
    while c < x1 + y1:
        start = (max(x0, c - y1), min(y1, c - x0))
        end = (min(x1, c - y0), max(y0, c - x1))
        canvas.line([start, end], colour, weight, round_ends=False)
        c += spacing


def _pause_bars(canvas: Canvas, box: Box, colour: Colour, lower: bool) -> None:
    """Two short vertical bars, the pause sign, centred in ``box``."""
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    centre_y = top + h * (0.62 if lower else 0.5)
    bar_w, bar_h = w * 0.09, h * (0.26 if lower else 0.36)
    for centre_x in (left + w * 0.42, left + w * 0.58):
        canvas.rounded(
            (
                centre_x - bar_w / 2,
                centre_y - bar_h / 2,
                centre_x + bar_w / 2,
                centre_y + bar_h / 2,
            ),
            radius=bar_w / 2,
            fill=colour,
        )


def draw_day(
    canvas: Canvas,
    box: Box,
    state: str,
    *,
    number: int | None,
    is_today: bool,
) -> None:
    """One day's square: its fill and mark for ``state``, its number, and today's ring.

    ``number`` is ``None`` in the small squares of the year view, which have no room for it.
    """
    left, top, right, bottom = box
    side = right - left
    radius = side * 0.18
    line = max(1.0, side * 0.025)  # outline weight: 2.5 px on a 100 px square
    state = state if state in KNOWN_STATES else "future"
    lower = number is not None
    text_colour = INK

    if state == "done":
        canvas.rounded(box, radius, fill=DONE)
        _tick(canvas, box, DONE_MARK, side * 0.10, lower)
        text_colour = DONE_MARK
    elif state == "mva":
        canvas.rounded(box, radius, fill=MINIMUM)
        _tick(canvas, box, MINIMUM_MARK, side * 0.065, lower)
    elif state == "partial":
        # The lower half filled, like a glass half full; the number stays in the white half.
        canvas.rounded(box, radius, fill=CARD)
        half = (left, top + side * 0.5, right, bottom)
        canvas.rounded(half, radius, fill=PARTIAL, corners=(False, False, True, True))
        canvas.rounded(box, radius, outline=PARTIAL, width=line)
    elif state == "skip":
        canvas.rounded(box, radius, fill=REST, outline=REST_LINE, width=line)
        # Inset clear of the rounded corners, and below the day number when there is one.
        inset = side * 0.16
        area_top = top + (side * 0.40 if lower else inset)
        area = (round(left + inset), round(area_top), round(right - inset), round(bottom - inset))
        _hatch(canvas, area, REST_LINE, spacing=side * 0.14, weight=max(1.0, side * 0.02))
    elif state == "paused":
        canvas.rounded(box, radius, fill=PAUSED)
        _pause_bars(canvas, box, PAUSED_MARK, lower)
    elif state == "missed":
        canvas.rounded(box, radius, fill=CARD, outline=MISSED_LINE, width=line)
    elif state == "pending":
        canvas.rounded(box, radius, fill=CARD, outline=PENDING_LINE, width=line)
        # A small open square, like the ▫️ of the text chain.
        inner = side * (0.13 if lower else 0.18)
        centre_x, centre_y = left + side * 0.5, top + side * (0.62 if lower else 0.5)
        canvas.rounded(
            (centre_x - inner, centre_y - inner, centre_x + inner, centre_y + inner),
            radius * 0.4,
            outline=PENDING_LINE,
            width=line,
        )
    else:  # future, before_start: the day exists but does not count (yet)
        canvas.rounded(box, radius, outline=FAINT_LINE, width=line)
        text_colour = FAINT_TEXT

    if number is not None:
        pad = side * 0.12
        canvas.text((left + pad, top + pad * 0.7), str(number), DAY_NUMBER_SIZE, text_colour)

    if is_today:
        gap = max(2.0, side * 0.05)
        ring = max(1.5, side * 0.03)
        canvas.rounded(
            (left - gap - ring, top - gap - ring, right + gap + ring, bottom + gap + ring),
            radius + gap + ring,
            outline=TODAY_RING,
            width=ring,
        )
