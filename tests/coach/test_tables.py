"""The word and zone tables read from bot/coach/data/*.txt (bot.coach.tables).

When the tables moved out of Python literals (297050e) a dump of every one was compared with
what the files read back, key and form order included; the tests of each language's words and
of the places say what the tables mean, and these say how the files are read.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import pytest

from bot.coach import places
from bot.coach.lexicon import es, formats, pt
from bot.coach.tables import TableError, parse_table, string_table, word_table

TABLES: Mapping[str, Mapping[str, str] | Mapping[str, tuple[str, ...]]] = {
    "es-win": es.LEXICON.win,
    "es-time": es.LEXICON.time,
    "es-date": es.LEXICON.date,
    "es-goal": es.LEXICON.goal,
    "es-units": es.LEXICON.units,
    "pt-win": pt.LEXICON.win,
    "pt-time": pt.LEXICON.time,
    "pt-date": pt.LEXICON.date,
    "pt-goal": pt.LEXICON.goal,
    "pt-units": pt.LEXICON.units,
    "ru-unit-forms": formats._RU,
    "es-unit-forms": formats._ES,
    "pt-unit-forms": formats._PT,
    "ru-unit-names": formats._RU_NAMED,
    "places-regions": places.REGIONS,
    "places-ambiguous": places.AMBIGUOUS_PLACES,
    "places-countries": places.COUNTRIES,
    "places-zone-abbreviations": places.ZONE_ABBREVIATIONS,
    "places-cities": places.CITIES,
    "places-aliases": places.ALIASES,
    "places-zone-display-names": places.ZONE_DISPLAY_NAMES,
}


def test_every_table_file_is_one_the_modules_read() -> None:
    data = resources.files("bot.coach").joinpath("data")
    files = {
        entry.name.removesuffix(".txt") for entry in data.iterdir() if entry.name.endswith(".txt")
    }
    assert files == set(TABLES)
    assert all(TABLES[name] for name in TABLES)  # none read empty


def test_a_file_reads_to_the_same_table_as_its_module_holds() -> None:
    assert word_table("es-units") is not es.LEXICON.units  # read again, not cached
    assert word_table("es-units") == es.LEXICON.units
    assert string_table("places-aliases") == places.ALIASES


def test_the_format_keeps_order_empty_keys_comments_and_spaces_inside_forms() -> None:
    text = "# a comment\n\nb\tlo hice | ya está\r\n\tde\na\tx\n"
    table = parse_table(text, "t.txt")
    assert list(table.items()) == [("b", ("lo hice", "ya está")), ("", ("de",)), ("a", ("x",))]


@pytest.mark.parametrize(
    ("text", "width", "message"),
    [
        ("a\tx\npages páginas\n", None, "t.txt, line 2: no TAB between the key and its forms"),
        ("a\tx |  | y\n", None, "t.txt, line 1: an empty form"),
        ("a\tx\n\na\ty\n", None, "t.txt, line 3: the key 'a' again"),
        ("a \tx\n", None, "t.txt, line 1: spaces around the key"),
        ("a\tx | y\nb\tz\n", 2, "t.txt, line 2: 1 form(s) where the table has 2"),
        ("a\t\n", None, "t.txt, line 1: an empty form"),
    ],
)
def test_a_malformed_line_is_named_by_file_and_line(
    text: str, width: int | None, message: str
) -> None:
    with pytest.raises(TableError) as raised:
        parse_table(text, "t.txt", width=width)
    assert str(raised.value).startswith(message + ": ")


def test_the_error_names_the_file_under_bot_coach_data() -> None:
    with pytest.raises(FileNotFoundError):
        word_table("no-such-table")
    with pytest.raises(TableError, match=r"^bot/coach/data/places-cities\.txt, line \d+: "):
        word_table("places-cities", width=2)


def test_the_table_files_ship_with_the_package() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    assert "data/*.txt" in pyproject["tool"]["setuptools"]["package-data"]["bot.coach"]
