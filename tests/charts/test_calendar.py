"""Tests for the wall-calendar pictures of the chain (month and year views)."""

from __future__ import annotations

import calendar as stdlib_calendar
import io
import itertools
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PIL import Image

from bot.charts import calendar as chart
from bot.charts import drawing, fonts, style, typesetting
from bot.charts.calendar import (
    CalendarCaption,
    kept_in,
    last_twelve_months,
    month_layout,
    month_size,
    month_weeks,
    render_month,
    render_year,
    year_layout,
    year_legend,
    year_size,
)
from bot.charts.typesetting import clean_text, fit_text, layout
from bot.coach.streaks.days import KEPT

CAPTION = CalendarCaption("write a novel", "Streak 12 · best 21 · strength 64%")
STATES = ("done", "partial", "mva", "skip", "paused", "missed", "pending", "future", "before_start")
TODAY = date(2027, 3, 17)  # a Wednesday
MAX_MONTH_BYTES = 60_000


def open_png(data: bytes) -> Image.Image:
    """The picture in ``data``, checked to be a PNG, converted to RGB for sampling."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    image.load()
    return image.convert("RGB")


def centre(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int]:
    """The colour at the centre of ``box``."""
    left, top, right, bottom = box
    pixel = image.getpixel(((left + right) // 2, (top + bottom) // 2))
    assert isinstance(pixel, tuple)
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]))


def lower_centre(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int]:
    """The colour a fifth of the way up from the bottom of ``box``, centred across."""
    left, top, right, bottom = box
    pixel = image.getpixel(((left + right) // 2, bottom - (bottom - top) // 5))
    assert isinstance(pixel, tuple)
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]))


def lightness(colour: tuple[int, int, int]) -> float:
    """Relative luminance-ish lightness, enough to order colours from dark to light."""
    red, green, blue = colour
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def close(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 6) -> bool:
    """True if two colours differ by at most ``tolerance`` in every channel (palette rounding)."""
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def a_realistic_year(today: date) -> dict[date, str]:
    """A year of mixed days ending today, with a holiday and a few misses."""
    states: dict[date, str] = {}
    start = today - timedelta(days=300)
    day = today - timedelta(days=400)
    cycle = ("done", "done", "done", "mva", "done", "skip", "done", "partial", "done", "missed")
    index = 0
    while day <= today + timedelta(days=40):
        if day < start:
            states[day] = "before_start"
        elif day == today:
            states[day] = "pending"
        elif day > today:
            states[day] = "future"
        elif start + timedelta(days=60) <= day < start + timedelta(days=70):
            states[day] = "paused"
        else:
            states[day] = cycle[index % len(cycle)]
            index += 1
        day += timedelta(days=1)
    return states


def every_state_in(month: date) -> dict[date, str]:
    """Day 1 done, day 2 partial, ... one day per state, from the 1st of ``month``."""
    first = month.replace(day=1)
    return {first + timedelta(days=i): state for i, state in enumerate(STATES)}


# --- Layout ------------------------------------------------------------------------------------


MONTHS = [date(2027, m, 1) for m in range(1, 13)] + [
    date(2028, 2, 1),  # leap year: 29 days
    date(2026, 2, 1),  # starts on a Sunday: 28 days over 5 rows
    date(2027, 2, 1),  # starts on a Monday, 28 days: exactly 4 rows
    date(2027, 8, 1),  # starts on a Sunday, 31 days: 6 rows
    date(2026, 11, 1),  # starts on a Sunday, 30 days: 6 rows
]


@pytest.mark.parametrize("month", MONTHS, ids=str)
def test_month_layout_places_every_day_under_its_weekday(month: date) -> None:
    days = stdlib_calendar.monthrange(month.year, month.month)[1]
    boxes = month_layout(month)
    assert sorted(boxes) == [month + timedelta(days=i) for i in range(days)]
    width, height = month_size(month)
    columns = {day.weekday(): box[0] for day, box in boxes.items()}
    for day, box in boxes.items():
        left, top, right, bottom = box
        assert 0 <= left < right <= width
        assert 0 <= top < bottom <= height
        assert left == columns[day.weekday()]  # one column per weekday, Monday first
    # Monday is the leftmost column and Sunday the rightmost.
    assert sorted(columns) == sorted(columns, key=columns.__getitem__)
    rows = {box[1] for box in boxes.values()}
    assert len(rows) == month_weeks(month)
    # Squares do not overlap: each row's boxes are strictly left to right.
    for row_top in rows:
        row = sorted(box for box in boxes.values() if box[1] == row_top)
        for before, after in itertools.pairwise(row):
            assert before[2] <= after[0]


@pytest.mark.parametrize(
    ("month", "weeks"),
    [
        (date(2027, 2, 1), 4),  # Monday the 1st, 28 days
        (date(2028, 2, 1), 5),  # leap February, from a Tuesday
        (date(2027, 3, 1), 5),
        (date(2027, 8, 1), 6),  # Sunday the 1st, 31 days
        (date(2026, 11, 1), 6),  # Sunday the 1st, 30 days
        (date(2027, 5, 1), 6),  # Saturday the 1st, 31 days
        (date(2027, 4, 15), 5),  # any day of the month names the month
    ],
)
def test_month_weeks(month: date, weeks: int) -> None:
    assert month_weeks(month) == weeks


def test_last_twelve_months_end_with_todays_month() -> None:
    assert last_twelve_months(date(2027, 3, 17)) == [
        *(date(2026, m, 1) for m in range(4, 13)),
        *(date(2027, m, 1) for m in range(1, 4)),
    ]
    assert last_twelve_months(date(2027, 12, 31)) == [date(2027, m, 1) for m in range(1, 13)]
    assert last_twelve_months(date(2028, 1, 1))[0] == date(2027, 2, 1)


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (date(2027, 3, 5), [date(2027, 3, 1)]),  # begun this month: this month only
        (date(2027, 1, 31), [date(2027, m, 1) for m in (1, 2, 3)]),
        (
            date(2026, 11, 2),
            [date(2026, 11, 1), date(2026, 12, 1), *(date(2027, m, 1) for m in (1, 2, 3))],
        ),
        (date(2026, 4, 1), last_twelve_months(TODAY)),  # exactly a year: the same 12
        (date(2020, 1, 1), last_twelve_months(TODAY)),  # older: the last 12
        (date(2027, 6, 1), [date(2027, 3, 1)]),  # starts later: this month
    ],
)
def test_the_months_begin_at_the_goals_first_month(first: date, expected: list[date]) -> None:
    assert last_twelve_months(TODAY, first) == expected


def test_a_young_goals_year_view_has_only_its_months() -> None:
    start = date(2027, 1, 20)
    states = a_realistic_year(TODAY)
    image = open_png(render_year(states, TODAY, CAPTION, start))
    assert image.size == year_size(3)
    assert year_size(3)[1] < year_size(4)[1] < year_size(12)[1]
    boxes = year_layout(TODAY, start)
    assert min(boxes) == date(2027, 1, 1)
    assert max(boxes) == date(2027, 3, 31)
    done = [centre(image, box) for d, box in boxes.items() if states.get(d) == "done"]
    assert done
    assert all(close(colour, chart.DONE) for colour in done)


@pytest.mark.parametrize("today", [TODAY, date(2027, 12, 31), date(2028, 1, 1), date(2028, 2, 29)])
def test_year_layout_covers_twelve_months_ending_with_todays_month(today: date) -> None:
    boxes = year_layout(today)
    first = last_twelve_months(today)[0]
    last = date(today.year, today.month, stdlib_calendar.monthrange(today.year, today.month)[1])
    assert sorted(boxes) == [first + timedelta(days=i) for i in range((last - first).days + 1)]
    width, height = year_size()
    for left, top, right, bottom in boxes.values():
        assert 0 <= left < right <= width
        assert 0 <= top < bottom <= height
    # No two squares overlap (checked on their top-left corners, all squares being equal).
    corners = {(box[0], box[1]) for box in boxes.values()}
    assert len(corners) == len(boxes)
    # On a phone the picture is about 360 points wide: each day stays a square of 13 points or
    # more, big enough to tell the states apart.
    assert all((right - left) * 360 / width >= 13 for left, _, right, _ in boxes.values())


# --- Month picture -----------------------------------------------------------------------------


@pytest.mark.parametrize("month", MONTHS, ids=str)
def test_render_month_is_a_small_png_of_the_expected_size(month: date) -> None:
    states = a_realistic_year(month + timedelta(days=20))
    data = render_month(states, month, month + timedelta(days=20), CAPTION)
    image = open_png(data)
    assert image.size == month_size(month)
    width, height = image.size
    assert 720 <= width <= 900
    assert 600 <= height <= 1100
    assert len(data) < MAX_MONTH_BYTES


def test_each_state_has_its_own_look_ordered_by_lightness() -> None:
    month = date(2027, 3, 1)
    image = open_png(render_month(every_state_in(month), month, date(2027, 3, 7), CAPTION))
    boxes = month_layout(month)
    colour = {
        state: centre(image, boxes[month + timedelta(days=i)]) for i, state in enumerate(STATES)
    }
    assert close(colour["done"], chart.DONE)
    assert close(colour["mva"], chart.MINIMUM)
    assert close(colour["paused"], chart.PAUSED)
    assert close(lower_centre(image, boxes[month + timedelta(days=1)]), chart.PARTIAL)
    # A missed day is an empty square, not a filled one, and unlike a done day.
    assert colour["missed"] != colour["done"]
    assert lightness(colour["missed"]) > lightness(colour["mva"])
    # Kept days read without colour vision: done darkest, then partly, then the minimum.
    partial = lower_centre(image, boxes[month + timedelta(days=1)])
    assert lightness(colour["done"]) < lightness(partial) < lightness(colour["mva"])
    # Days that do not count are drawn on the bare paper.
    assert close(colour["future"], chart.PAPER)
    assert close(colour["before_start"], chart.PAPER)


def green(c: tuple[int, int, int]) -> bool:
    return c[1] > c[0] + 40 and c[1] > c[2] + 40


def orange(c: tuple[int, int, int]) -> bool:
    return c[0] > 200 and 90 < c[1] < 170 and c[2] < 80


def yellow(c: tuple[int, int, int]) -> bool:
    return c[0] > 220 and c[1] > 180 and c[2] < 120


def blue(c: tuple[int, int, int]) -> bool:
    return c[2] > c[0] + 30 and c[2] > c[1]


def grey(c: tuple[int, int, int]) -> bool:
    return max(c) - min(c) < 16 and 150 < c[0] < 235


def white(c: tuple[int, int, int]) -> bool:
    return min(c) > 245


def test_the_picture_uses_the_colours_of_the_text_squares() -> None:
    # 🟩 done, 🟧 partly, 🟨 minimum, 🟦 rest, ⏸️ paused (grey), ⬜ missed (white), as in
    # CHAIN_SYMBOLS: one palette for the caption's squares and the picture.
    month = date(2027, 3, 1)
    image = open_png(render_month(every_state_in(month), month, date(2027, 3, 20), CAPTION))
    boxes = month_layout(month)
    day = {state: boxes[month + timedelta(days=i)] for i, state in enumerate(STATES)}
    assert green(centre(image, day["done"]))
    assert orange(lower_centre(image, day["partial"]))
    assert yellow(centre(image, day["mva"]))
    assert blue(lower_centre(image, day["skip"]))
    assert grey(lower_centre(image, day["paused"]))
    assert white(centre(image, day["missed"]))
    assert white(lower_centre(image, day["pending"]))
    for colour, is_it in (
        (chart.DONE, green),
        (chart.PARTIAL, orange),
        (chart.MINIMUM, yellow),
        (chart.REST_LINE, blue),
        (chart.PAUSED, grey),
        (chart.CARD, white),
    ):
        assert is_it(colour), colour


def test_the_legend_speaks_plain_words_in_the_text_legends_order() -> None:
    labels = [chart.LEGEND_LABELS[state] for state in chart.LEGEND_ORDER]
    assert labels == ["Done", "Partly", "Minimum", "Rest", "Paused", "Missed", "Today"]
    assert not any("MVA" in label for label in labels)


def test_the_legend_is_drawn_with_the_days_own_colours() -> None:
    # The legend's swatches sit in one line under the grid; every kept-day colour is in it.
    month = date(2027, 3, 1)
    image = open_png(render_month(every_state_in(month), month, date(2027, 3, 20), CAPTION))
    grid_bottom = max(box[3] for box in month_layout(month).values())
    top = grid_bottom + 44
    row = [image.getpixel((x, top + 12)) for x in range(image.size[0])]
    colours = {(int(p[0]), int(p[1]), int(p[2])) for p in row if isinstance(p, tuple)}
    assert any(green(c) for c in colours)
    assert any(yellow(c) for c in colours)
    assert any(blue(c) for c in colours)
    assert any(orange(c) for c in colours)


def test_done_and_missed_days_look_different_in_a_realistic_month() -> None:
    states = a_realistic_year(TODAY)
    month = TODAY.replace(day=1)
    image = open_png(render_month(states, month, TODAY, CAPTION))
    boxes = month_layout(month)
    done = [centre(image, boxes[d]) for d in boxes if states[d] == "done"]
    missed = [centre(image, boxes[d]) for d in boxes if states[d] == "missed"]
    assert done
    assert missed
    assert set(done).isdisjoint(missed)


def test_today_gets_a_ring_and_other_days_do_not() -> None:
    month = TODAY.replace(day=1)
    image = open_png(render_month({}, month, TODAY, CAPTION))
    boxes = month_layout(month)

    def just_outside(day: date) -> tuple[int, int, int]:
        left, top, right, _ = boxes[day]
        pixel = image.getpixel(((left + right) // 2, top - 6))  # in the ring, 5-8 px out
        assert isinstance(pixel, tuple)
        return (int(pixel[0]), int(pixel[1]), int(pixel[2]))

    assert lightness(just_outside(TODAY)) < 100  # the dark ring
    assert close(just_outside(TODAY + timedelta(days=1)), chart.PAPER)


def test_empty_states_render_every_day_faint() -> None:
    month = date(2027, 8, 1)
    image = open_png(render_month({}, month, TODAY, CalendarCaption("", "")))
    assert image.size == month_size(month)
    for box in month_layout(month).values():
        assert close(centre(image, box), chart.PAPER)


def test_unknown_states_are_drawn_faint_not_refused() -> None:
    month = date(2027, 3, 1)
    states = {month: "rest", month + timedelta(days=1): ""}
    image = open_png(render_month(states, month, TODAY, CAPTION))
    assert close(centre(image, month_layout(month)[month]), chart.PAPER)


def test_rendering_is_deterministic() -> None:
    states = a_realistic_year(TODAY)
    first = render_month(states, TODAY, TODAY, CAPTION)
    assert render_month(states, TODAY, TODAY, CAPTION) == first
    assert render_year(states, TODAY, CAPTION) == render_year(states, TODAY, CAPTION)


# --- Year picture ------------------------------------------------------------------------------


def test_render_year_is_a_png_with_every_day_of_twelve_months() -> None:
    states = a_realistic_year(TODAY)
    data = render_year(states, TODAY, CAPTION)
    image = open_png(data)
    # All seven states: the legend takes two rows, and the picture grows for the second.
    assert len(year_legend(states, TODAY)) == 2
    assert image.size == year_size(12, legend_lines=2)
    width, height = image.size
    assert 720 <= width <= 1000
    assert height < 2000
    assert len(data) < 2 * MAX_MONTH_BYTES
    boxes = year_layout(TODAY)
    done = {centre(image, box) for d, box in boxes.items() if states.get(d) == "done"}
    missed = {centre(image, box) for d, box in boxes.items() if states.get(d) == "missed"}
    assert done
    assert missed
    assert done.isdisjoint(missed)
    assert all(close(colour, chart.DONE) for colour in done)
    # The oldest month drawn is the 1st of the month eleven months before today's.
    assert min(boxes) == date(2026, 4, 1)
    assert max(boxes) == date(2027, 3, 31)


def test_a_months_kept_count_is_the_coachs_kept_days() -> None:
    # Kept as the text's "5/7 days" counts it: a win of any size, a planned rest, a pause.
    assert {state.value for state in KEPT} == style.KEPT_STATES
    month = date(2027, 3, 1)
    states = every_state_in(month)  # one day of each state
    assert kept_in(states, month) == 5  # done, partial, minimum, rest and paused
    assert kept_in(states, date(2027, 4, 1)) == 0


def test_render_year_with_no_states() -> None:
    image = open_png(render_year({}, date(2028, 2, 29), CalendarCaption("", "")))
    assert image.size == year_size()


# --- Text --------------------------------------------------------------------------------------


@pytest.fixture
def without_fallback_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pretend the system has no font but Pillow's built-in one, as in a bare image."""
    monkeypatch.setattr(fonts, "FONT_FILES", ("no-such-font-for-tests.ttf",))
    monkeypatch.setattr(fonts, "EMOJI_FONT", "no-such-emoji-font-for-tests.ttf")
    fonts.reset()
    yield
    monkeypatch.undo()
    fonts.reset()


AWKWARD_TITLES = [
    "написать роман",
    "Café crème, naïve résumé",
    "書く 😀 ✓ 🏃‍♀️",
    "line one\nline two\tand a tab\x00\x1b[31m",
    "\u202eright-to-left override",
    "a" * 100_000,
    " ",
    "",
]


@pytest.mark.parametrize("title", AWKWARD_TITLES, ids=range(len(AWKWARD_TITLES)))
def test_any_title_renders(title: str) -> None:
    caption = CalendarCaption(title, title)
    open_png(render_month({}, TODAY, TODAY, caption))
    open_png(render_year({}, TODAY, caption))


@pytest.mark.usefixtures("without_fallback_font")
@pytest.mark.parametrize("title", AWKWARD_TITLES, ids=range(len(AWKWARD_TITLES)))
def test_any_title_renders_without_the_fallback_font(title: str) -> None:
    open_png(render_month({}, TODAY, TODAY, CalendarCaption(title, title)))


def _drawn(text: str) -> str:
    return "".join(run.text for run in layout(text, 40))


@pytest.mark.usefixtures("without_fallback_font")
def test_without_the_system_fonts_nothing_is_drawn_as_a_box() -> None:
    assert _drawn("Café naïve") == "Cafe naive"  # accents dropped
    assert _drawn("написать роман") == "· ·"  # letters no font has: one placeholder a word
    assert {run.face for run in layout("написать роман 😀", 40)} == {fonts.BUILTIN}
    assert typesetting.missing_glyphs("роман") == 5  # counted, for checks


def test_with_the_system_fonts_plain_ascii_stays_in_the_built_in_font() -> None:
    assert [run.face for run in layout("write a novel", 40)] == [fonts.BUILTIN]


@pytest.mark.parametrize(
    "line", ["Racha 1 · récord 1 · fuerza 5 %", "Серия 1 · рекорд 1 · сила 5 %", "Mínimo"]
)
def test_a_line_in_another_language_is_drawn_in_one_font_not_letter_by_letter(line: str) -> None:
    if "DejaVuSans.ttf" not in fonts.faces():
        pytest.skip("DejaVu Sans is not installed here (fonts-dejavu-core)")
    # The built-in font has ASCII only: "récord" must not mix two fonts inside a word.
    assert [run.text for run in layout(line, 40)] == [line]


def test_a_picture_in_another_language_draws_all_its_lines_in_one_font() -> None:
    if "DejaVuSans.ttf" not in fonts.faces():
        pytest.skip("DejaVu Sans is not installed here (fonts-dejavu-core)")
    spanish = drawing.Canvas(10, 10, CalendarCaption("escribir una novela", "récord 1"))
    english = drawing.Canvas(10, 10, CalendarCaption("write a novel", "best 1"))

    assert spanish.face == fonts.faces().index("DejaVuSans.ttf")
    # The ASCII title looks like the accented line under it, not like an English picture.
    assert [run.face for run in layout("escribir una novela", 40, spanish.face)] == [spanish.face]
    assert english.face is None  # English pictures keep the built-in font


def test_clean_text_makes_one_line() -> None:
    assert clean_text("  one\ntwo\t three\x00 ") == "one two three"
    assert len(clean_text("x" * 10_000)) == typesetting.MAX_TEXT_CHARS


def test_fit_text_shortens_long_titles_with_an_ellipsis() -> None:
    text = "write a novel of ninety thousand words by the end of the year"
    font = fonts.font(fonts.BUILTIN, 40)
    assert fit_text(text, font, 10_000) == text
    short = fit_text(text, font, 300)
    assert short.endswith("…")
    assert text.startswith(short[:-1])
    assert font.getlength(short) <= 300
    assert fit_text("", font, 300) == ""
    assert fit_text(text, font, 1) == "…"  # nothing fits; never an error


# --- Every script ----------------------------------------------------------------------------

FIVE_SCRIPTS = {
    "cyrillic": "Написать роман",
    "cjk": "毎日書く 글쓰기 写小说",
    "arabic": "كتابة رواية",
    "devanagari": "उपन्यास लिखना",
    "emoji": "🏃‍♀️ 📚 ✍️ 5 km",
}
NEEDED_FONTS = (
    "NotoSansCJK-Regular.ttc",
    "NotoSansArabic-Regular.ttf",
    "NotoSansDevanagari-Regular.ttf",
    fonts.EMOJI_FONT,
)


@pytest.mark.parametrize("name", FIVE_SCRIPTS.values(), ids=FIVE_SCRIPTS.keys())
def test_goal_names_in_five_scripts_are_drawn_with_real_glyphs(name: str) -> None:
    missing = [font for font in NEEDED_FONTS if font not in fonts.faces()]
    if missing:
        pytest.skip(f"not installed here: {missing} (fonts-noto-core, -cjk, -color-emoji)")
    assert typesetting.missing_glyphs(name) == 0
    for run in layout(name, 40):
        # Every character is in the font that draws it (its cmap has it; no "missing" box).
        drawn = [c for c in run.text if not fonts.joins_previous(c)]
        assert all(fonts.has_glyph(run.face, char) for char in drawn), (run, fonts.faces())
        assert fonts.PLACEHOLDER not in run.text
    image = open_png(render_month({}, TODAY, TODAY, CalendarCaption(name, name)))
    image = open_png(render_year({}, TODAY, CalendarCaption(name, name)))
    assert image.width > 0


def test_emoji_are_drawn_in_colour_from_the_emoji_font() -> None:
    if fonts.EMOJI_FONT not in fonts.faces():
        pytest.skip("Noto Color Emoji is not installed here (fonts-noto-color-emoji)")
    emoji = [run for run in layout("🏃‍♀️ run", 40) if fonts.is_emoji_face(run.face)]
    assert [run.text for run in emoji] == ["🏃‍♀️"]  # the whole sequence, one glyph
    canvas = drawing.Canvas(200, 80)
    canvas.text((10, 60), "🍎", 40, style.INK, anchor="ls")
    colours: list[tuple[int, int, int]] = [c for _, c in canvas.image.getcolors(1 << 20) or []]  # type: ignore[misc]
    assert any(r > g + 60 for r, g, _ in colours)  # the apple's red, not the ink's grey


@pytest.mark.usefixtures("without_fallback_font")
@pytest.mark.parametrize("name", FIVE_SCRIPTS.values(), ids=FIVE_SCRIPTS.keys())
def test_without_those_fonts_the_five_scripts_get_a_placeholder_never_a_box(name: str) -> None:
    for run in layout(name, 40):
        assert run.face == fonts.BUILTIN
        assert all(fonts.has_glyph(fonts.BUILTIN, char) for char in run.text), run
    open_png(render_month({}, TODAY, TODAY, CalendarCaption(name, name)))
