"""A supersampled canvas: every picture draws on it, in final pixels.

**Shapes are drawn at twice the size and scaled down**, because Pillow draws rounded rectangles
and thick lines without anti-aliasing; the result is then reduced to a palette, which keeps a
picture well under 60 KB. The palette is :mod:`bot.charts.style`'s, text is set by
:mod:`bot.charts.typesetting`, a day's square is :mod:`bot.charts.squares`'.
"""

from __future__ import annotations

import io
import itertools
import math

from PIL import Image, ImageDraw

from bot.charts import fonts
from bot.charts.style import PAPER, SCALE, Box, Colour
from bot.charts.typesetting import clean_text, fit_text, measurer, strings_of, text_width


class Canvas:
    """A supersampled drawing surface that takes coordinates in final pixels."""

    def __init__(self, width: int, height: int, words: object = None) -> None:
        """A blank picture; ``words`` (the picture's texts, any nesting of dataclasses and
        tuples) choose one font for all its lines (:func:`bot.charts.fonts.picture_face`)."""
        self.width = width
        self.height = height
        self.face = fonts.picture_face(strings_of(words)) if words is not None else None
        self.image = Image.new("RGB", (width * SCALE, height * SCALE), PAPER)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def scaled(box: Box | tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        """``box`` in supersampled pixels."""
        return (
            round(box[0] * SCALE),
            round(box[1] * SCALE),
            round(box[2] * SCALE) - 1,
            round(box[3] * SCALE) - 1,
        )

    def rounded(
        self,
        box: Box | tuple[float, float, float, float],
        radius: float,
        *,
        fill: Colour | None = None,
        outline: Colour | None = None,
        width: float = 0,
        corners: tuple[bool, bool, bool, bool] | None = None,
    ) -> None:
        """A rounded rectangle; the outline is drawn inside the box.

        ``corners`` picks which corners are rounded (top left, top right, bottom right, bottom
        left); all of them by default.
        """
        self.draw.rounded_rectangle(
            self.scaled(box),
            radius=round(radius * SCALE),
            fill=fill,
            outline=outline,
            width=round(width * SCALE),
            corners=corners,
        )

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        fill: Colour,
        anchor: str = "la",
        *,
        bold: bool = False,
        max_width: float | None = None,
        halo: Colour | None = None,
    ) -> None:
        """``text`` at ``xy`` in a ``size`` px font, shortened with "…" to ``max_width``.

        Coordinates and sizes are in final pixels. The fonts have no bold face loaded; ``bold``
        thickens the letters with a thin stroke instead. ``halo`` paints a rounded patch of
        that colour behind the text first, so lines it crosses do not run through the letters.
        """
        px = size * SCALE
        line = clean_text(text)
        if max_width is not None:
            line = fit_text(line, measurer(px, self.face), max_width * SCALE)
        pieces = fonts.runs(line, self.face)
        x, y = xy[0] * SCALE, xy[1] * SCALE
        if halo is not None and line:
            total = measurer(px, self.face)(line)
            left = x - total * {"l": 0.0, "m": 0.5, "r": 1.0}[anchor[0]]
            _, top, _, bottom = self.draw.textbbox(
                (x, y), "Ag", font=fonts.font(fonts.BUILTIN, px), anchor=anchor
            )
            pad = 5 * SCALE
            self.draw.rounded_rectangle(
                (left - pad, top - pad, left + total + pad, bottom + pad), radius=pad, fill=halo
            )
        stroke = SCALE // 2 if bold else 0
        fonts.draw_runs(self.image, (x, y), pieces, px, fill=fill, anchor=anchor, stroke=stroke)

    def text_width(self, text: str, size: int) -> float:
        """Width of ``text`` in final pixels."""
        return text_width(text, size, self.face)

    def line(
        self,
        points: list[tuple[float, float]],
        fill: Colour,
        width: float,
        *,
        round_ends: bool = True,
    ) -> None:
        """A polyline through ``points`` (final pixels) with round joints."""
        scaled = [(x * SCALE, y * SCALE) for x, y in points]
        self.draw.line(scaled, fill=fill, width=max(1, round(width * SCALE)), joint="curve")
        if not round_ends:
            return
        # Round the line's ends too, as a pen would: Pillow only rounds the joints.
        radius = width * SCALE / 2
        for x, y in (scaled[0], scaled[-1]):
            self.draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)

    def dashed(
        self,
        start: tuple[float, float],
        end: tuple[float, float],
        fill: Colour,
        width: float,
        *,
        dash: float,
        gap: float,
    ) -> None:
        """A dashed straight line; ``dash`` 0 draws round dots ``gap`` apart."""
        (x0, y0), (x1, y1) = start, end
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            return
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        step = dash + gap
        at = 0.0
        while at <= length:
            if dash == 0:
                self.dot((x0 + ux * at, y0 + uy * at), width / 2, fill)
            else:
                until = min(length, at + dash)
                self.line(
                    [(x0 + ux * at, y0 + uy * at), (x0 + ux * until, y0 + uy * until)],
                    fill,
                    width,
                    round_ends=False,
                )
            at += step

    def dashed_path(
        self,
        points: list[tuple[float, float]],
        fill: Colour,
        width: float,
        *,
        dash: float,
        gap: float,
    ) -> None:
        """A dashed line along the polyline ``points``: dashes ``dash`` long, ``gap`` apart,
        measured along the path, so a curve is dashed as evenly as a straight line."""
        at = 0.0  # where along the current dash-and-gap period the path is
        run: list[tuple[float, float]] = []
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            length = math.hypot(x1 - x0, y1 - y0)
            done = 0.0
            while done < length:
                in_dash = at < dash
                step = min(length - done, (dash - at) if in_dash else (dash + gap - at))
                step = max(step, 1e-6)  # rounding must never stall the walk
                share_from, share_to = done / length, (done + step) / length
                start = (x0 + (x1 - x0) * share_from, y0 + (y1 - y0) * share_from)
                end = (x0 + (x1 - x0) * share_to, y0 + (y1 - y0) * share_to)
                if in_dash:
                    if not run:
                        run.append(start)
                    run.append(end)
                done += step
                at += step
                if in_dash and at >= dash and run:
                    self.line(run, fill, width, round_ends=False)
                    run = []
                if at >= dash + gap:
                    at = 0.0
        if len(run) > 1:
            self.line(run, fill, width, round_ends=False)

    def dot(
        self,
        centre: tuple[float, float],
        radius: float,
        fill: Colour | None,
        *,
        outline: Colour | None = None,
        width: float = 0,
    ) -> None:
        """A circle around ``centre`` (final pixels)."""
        x, y = centre
        self.draw.ellipse(
            self.scaled((x - radius, y - radius, x + radius, y + radius)),
            fill=fill,
            outline=outline,
            width=round(width * SCALE),
        )

    def polygon(self, points: list[tuple[float, float]], fill: Colour) -> None:
        """A filled polygon through ``points`` (final pixels)."""
        self.draw.polygon([(x * SCALE, y * SCALE) for x, y in points], fill=fill)

    def png(self) -> bytes:
        """The picture at its final size, reduced to a palette and encoded as PNG."""
        image = self.image.reduce(SCALE)
        # A 256-colour palette loses nothing visible here (flat colours and their edges) and
        # makes the file several times smaller than RGB. The fast octree method takes ~5 ms where
        # median cut takes ~40 ms, and its files are smaller here. zlib's default level 6 is
        # kept: level 9 or ``optimize`` save ~10 % of the bytes for 5-10 times the time.
        palette = image.quantize(
            colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        buffer = io.BytesIO()
        palette.save(buffer, format="PNG", compress_level=6)
        return buffer.getvalue()
