"""Fonts for every script: a chain tried glyph by glyph, and a placeholder instead of a box.

A goal may be named in any script ("написать роман", "書く", "كتابة", "लिखना", "🏃‍♀️ run"), and
a picture must never draw a "missing glyph" box. Each character is drawn in the first font of
the chain that has it:

1. Pillow's built-in font (ASCII; always there, so most pictures look the same everywhere);
2. the system fonts of :data:`FONT_FILES`, when installed: DejaVu Sans (Latin, Cyrillic,
   Greek, symbols; Debian's ``fonts-dejavu-core``), Noto Sans and its script families
   (``fonts-noto-core``: Arabic, Devanagari, Bengali, Hebrew, Thai …), Noto Sans CJK
   (``fonts-noto-cjk``: Chinese, Japanese, Korean);
3. Noto Color Emoji (``fonts-noto-color-emoji``) for emoji, drawn in colour.

The Docker image installs all of them (``deploy/Dockerfile``); on a developer's machine they
are found where the system keeps fonts, and any that are missing are skipped. A character no
installed font has is never drawn as a box: an accented letter loses its accent when the
plain letter can be drawn (é → e), and anything else becomes :data:`PLACEHOLDER`, one per run
of such characters. Combining marks, joiners and variation selectors stay with the character
before them, so "कि" and "🏃‍♀️" are drawn whole.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from PIL import Image, ImageDraw, ImageFont

FONT_FILES: tuple[str, ...] = (
    "DejaVuSans.ttf",
    "NotoSans-Regular.ttf",
    "NotoSansCJK-Regular.ttc",
    "NotoSansArabic-Regular.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansBengali-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansThai-Regular.ttf",
    "NotoSansTamil-Regular.ttf",
    "NotoSansGeorgian-Regular.ttf",
    "NotoSansArmenian-Regular.ttf",
    "NotoSansEthiopic-Regular.ttf",
)
"""System fonts tried after the built-in one, in order; the missing ones are skipped."""

EMOJI_FONT = "NotoColorEmoji.ttf"
"""The colour emoji font, tried last."""
EMOJI_SIZE = 109
"""Noto Color Emoji is a bitmap font with one size; its glyphs are scaled to the text size."""

PLACEHOLDER = "·"
"""Drawn for a run of characters no installed font has (the built-in font has it)."""

PROBE_SIZE = 40
NOT_A_CHARACTER = "\uffff"
"""Never has a glyph, so a font draws its "missing glyph" box for it."""

_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")
BUILTIN = 0
"""The index of Pillow's built-in font in :func:`faces`."""


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive characters drawn in one font.

    Attributes:
        text: The characters.
        face: The font's index in :func:`faces`.
    """

    text: str
    face: int


@cache
def faces() -> tuple[str, ...]:
    """The fonts found here, in chain order: "" for the built-in font, then file names."""
    found = [""]
    for name in (*FONT_FILES, EMOJI_FONT):
        try:
            ImageFont.truetype(name, EMOJI_SIZE if name == EMOJI_FONT else PROBE_SIZE)
        except OSError:
            continue
        found.append(name)
    return tuple(found)


def is_emoji_face(face: int) -> bool:
    """Whether the face is the colour emoji font (drawn as a scaled bitmap)."""
    return faces()[face] == EMOJI_FONT


@cache
def font(face: int, size: int) -> ImageFont.FreeTypeFont:
    """The face at ``size`` pixels; the emoji font only at its one size."""
    name = faces()[face]
    if not name:
        loaded = ImageFont.load_default(size=size)
        # Without FreeType Pillow falls back to a bitmap font; the layout assumes FreeType.
        assert isinstance(loaded, ImageFont.FreeTypeFont)
        return loaded
    return ImageFont.truetype(name, EMOJI_SIZE if name == EMOJI_FONT else size)


@cache
def has_glyph(face: int, char: str) -> bool:
    """Whether the face draws ``char`` itself rather than its "missing glyph" box."""
    if face == BUILTIN and char.isascii() and char.isprintable():
        return True
    probe = font(face, PROBE_SIZE)
    mask, missing = probe.getmask(char), probe.getmask(NOT_A_CHARACTER)
    return not (mask.size == missing.size and bytes(mask) == bytes(missing))


@cache
def face_for(char: str) -> int | None:
    """The first face of the chain that has ``char``, or ``None``."""
    return next((face for face in range(len(faces())) if has_glyph(face, char)), None)


def joins_previous(char: str, previous: str = "") -> bool:
    """Whether ``char`` belongs to the character before it (a mark, a joiner, a skin tone)."""
    return (
        unicodedata.category(char).startswith("M")
        or char in _JOINERS
        or previous == "\u200d"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or "\U000e0020" <= char <= "\U000e007f"
    )


def _unaccented(char: str) -> str | None:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and base != char and all(face_for(c) is not None for c in base):
        return base
    return None


@lru_cache(maxsize=4096)
def line_face(text: str) -> int | None:
    """One font for a whole line the built-in font cannot draw alone, if one has it all.

    "récord", "сила 5 %" or "Mínimo" would otherwise mix two fonts inside a word or beside
    its number (the built-in one has ASCII only): such a line is drawn in the first system
    font that has every letter of it. Emoji keep their own font.

    Args:
        text: One line of text (or all the lines of a picture, joined).

    Returns:
        The face for the whole line, or ``None`` to go character by character (an ASCII
        line, or one no single font covers).
    """
    letters = _letters(text)
    if all(has_glyph(BUILTIN, char) for char in letters):
        return None  # ASCII (and emoji): the built-in font, as everywhere
    return next((face for face in range(BUILTIN + 1, len(faces())) if covers(face, text)), None)


def picture_face(texts: Iterable[str]) -> int | None:
    """One font for every line of a picture that needs one (see :func:`line_face`), so an
    ASCII line ("escribir una novela") looks like the accented one under it."""
    return line_face(" ".join(texts))


def covers(face: int, text: str) -> bool:
    """Whether ``face`` (not the emoji font) has every letter of ``text`` (emoji aside)."""
    return not is_emoji_face(face) and all(has_glyph(face, char) for char in _letters(text))


def _letters(text: str) -> set[str]:
    """The letters and digits of ``text`` some text font draws (no emoji): they choose a
    line's font; a dash or an arrow alone does not ("Mon 15 Mar – Sun 21 Mar" stays in the
    built-in font, its dash drawn by the next font that has it, as before)."""
    found = set()
    for char in text:
        if unicodedata.category(char)[0] not in "LN":
            continue
        face = face_for(char)
        if face is not None and not is_emoji_face(face):
            found.add(char)
    return found


def runs(text: str, prefer: int | None = None) -> list[Run]:
    """``text`` split into runs, each in the first font that has its characters (a whole
    line in one font where one has it all: :func:`line_face`).

    Characters no font has become :data:`PLACEHOLDER` (an accented letter its plain letter).

    Args:
        text: One line of text.
        prefer: The picture's font (:func:`picture_face`), used when it has the whole line.

    Returns:
        The runs, in order; their texts joined are the text as it will be drawn.
    """
    pieces: list[tuple[str, int | None]] = []
    previous = ""
    whole = prefer if prefer is not None and covers(prefer, text) else line_face(text)
    for char in text:
        if pieces and joins_previous(char, previous):
            last, face = pieces[-1]
            pieces[-1] = (last + char, face)
        else:
            face = whole if whole is not None and has_glyph(whole, char) else face_for(char)
            plain = _unaccented(char) if face is None else None
            if plain is not None:
                pieces.extend((c, face_for(c)) for c in plain)
            else:
                pieces.append((char, face))
        previous = char
    merged: list[Run] = []
    for piece, face in pieces:
        text_piece, index = (PLACEHOLDER, BUILTIN) if face is None else (piece, face)
        if merged and merged[-1].face == index:
            if face is None and merged[-1].text.endswith(PLACEHOLDER):
                continue  # one placeholder for a run of undrawable characters
            merged[-1] = Run(merged[-1].text + text_piece, index)
        else:
            merged.append(Run(text_piece, index))
    return merged


def unsupported(text: str) -> int:
    """How many characters of ``text`` no installed font has (drawn as the placeholder)."""
    return sum(
        1
        for char in set(text)
        if face_for(char) is None and _unaccented(char) is None and not joins_previous(char, "")
    )


def width(run: Run, size: int) -> float:
    """The run's advance width at ``size`` pixels."""
    scale = size / EMOJI_SIZE if is_emoji_face(run.face) else 1.0
    return font(run.face, size).getlength(run.text) * scale


def draw_runs(
    image: Image.Image,
    xy: tuple[float, float],
    line: list[Run],
    size: int,
    *,
    fill: tuple[int, int, int],
    anchor: str,
    stroke: int,
) -> None:
    """Draw runs as one line at ``xy`` with a Pillow text ``anchor`` ("ls", "ms", "la" …).

    Args:
        image: The picture (RGB).
        xy: The anchor point in the image's pixels.
        line: The runs, from :func:`runs`.
        size: The text size in the image's pixels.
        fill: The text colour (emoji keep their own).
        anchor: Horizontal l/m/r then vertical a/t/m/s/b/d, as Pillow reads it.
        stroke: Stroke width, to thicken the letters for bold.
    """
    total = sum(width(run, size) for run in line)
    x = xy[0] - total * {"l": 0.0, "m": 0.5, "r": 1.0}[anchor[0]]
    vertical = "l" + anchor[1]
    draw = ImageDraw.Draw(image)
    for run in line:
        if is_emoji_face(run.face):
            _paste_emoji(image, (x, xy[1]), run.text, size, vertical)
        else:
            draw.text(
                (x, xy[1]),
                run.text,
                font=font(run.face, size),
                fill=fill,
                anchor=vertical,
                stroke_width=stroke,
                stroke_fill=fill,
            )
        x += width(run, size)


def _paste_emoji(
    image: Image.Image, xy: tuple[float, float], text: str, size: int, anchor: str
) -> None:
    """Draw emoji from the bitmap font at its size, scaled down to ``size`` and pasted."""
    emoji = font(faces().index(EMOJI_FONT), size)
    left, top, right, bottom = (round(edge) for edge in emoji.getbbox(text, anchor=anchor))
    if right <= left or bottom <= top:
        return
    tile = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((-left, -top), text, font=emoji, anchor=anchor, embedded_color=True)
    scale = size / EMOJI_SIZE
    shrunk = tile.resize(
        (max(1, round(tile.width * scale)), max(1, round(tile.height * scale))),
        Image.Resampling.LANCZOS,
    )
    image.paste(shrunk, (round(xy[0] + left * scale), round(xy[1] + top * scale)), shrunk)


def reset() -> None:
    """Forget which fonts are installed and what they cover (after :data:`FONT_FILES` changes)."""
    for cached in (faces, font, has_glyph, face_for, line_face):
        cached.cache_clear()
