"""The language tables: which languages are tried, how a glossary rewrites, local amounts."""

from __future__ import annotations

import pytest

from bot.coach.lexicon import Glossary, glossary, language_order, lexicon
from bot.coach.lexicon.base import fold
from bot.coach.lexicon.formats import local_measure, local_number
from bot.coach.models import Measure
from bot.coach.two_minute import STARTERS
from bot.coach.vagueness import SUGGESTIONS, vagueness

LANGUAGES = ("ru", "es", "pt")


@pytest.mark.parametrize(
    ("given", "order"),
    [
        (None, ("en",)),
        ("en", ("en",)),
        ("de", ("en",)),  # a language the parsers do not read: English
        ("ru", ("ru", "en")),
        ("pt-br", ("pt", "en")),
        ("PT_BR", ("pt", "en")),
        ("es-419", ("es", "en")),
        (["es", "pt"], ("es", "pt", "en")),
        (["en", "ru"], ("ru", "en")),  # English is always last
        (["ru", "ru", "xx"], ("ru", "en")),
    ],
)
def test_the_user_s_language_first_english_always(
    given: str | list[str] | None, order: tuple[str, ...]
) -> None:
    assert language_order(given) == order


def test_a_glossary_takes_the_longest_phrase_and_the_first_language() -> None:
    gloss = Glossary(
        [{"tomorrow": ("mañana",), "day after tomorrow": ("pasado mañana",)}, {"x": ("mañana",)}]
    )
    assert gloss.apply("pasado mañana") == "day after tomorrow"
    assert gloss.apply("mañana") == "tomorrow"  # the first table claims the form
    assert gloss.apply("manana") == "tomorrow"  # typed without the accent
    assert gloss.apply("mañanas") == "mañanas"  # whole words only


def test_an_empty_gloss_drops_the_word_and_rewrites_run_first() -> None:
    gloss = Glossary([{"": ("de",), "march": ("marzo",)}], [((r"(\d+)º", r"\1"),)])
    assert gloss.apply("1º de marzo") == "1 march"


def test_english_is_never_glossed() -> None:
    assert not glossary("win", "en")
    assert glossary("win", "en").apply("ya done") == "ya done"


def test_folding_drops_latin_accents_and_keeps_cyrillic_letters() -> None:
    assert fold("próxima mañana") == "proxima manana"
    assert fold("ещё йога") == "еще йога"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_a_line_for_every_topic(code: str) -> None:
    table = lexicon(code)
    assert len(table.suggestions) == len(SUGGESTIONS)
    assert len(table.starters) == len(STARTERS)
    assert table.generic_suggestion
    assert table.generic_starter
    assert all(table.suggestions)
    assert all(table.starters)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_rewrite_offered_is_specific_in_its_own_language(code: str) -> None:
    table = lexicon(code)
    for suggestion in (*table.suggestions, table.generic_suggestion):
        assert not vagueness(suggestion, code).is_vague, (code, suggestion)


@pytest.mark.parametrize(
    ("measure", "language", "text"),
    [
        (Measure(1, "minutes"), "ru", "1 минута"),
        (Measure(2, "minutes"), "ru", "2 минуты"),
        (Measure(5, "minutes"), "ru", "5 минут"),
        (Measure(11, "minutes"), "ru", "11 минут"),
        (Measure(21, "minutes"), "ru", "21 минута"),
        (Measure(2.5, "km"), "ru", "2,5 км"),
        (Measure(1000, "words"), "ru", "1\u00a0000 слов"),
        (Measure(1, "pages"), "es", "1 página"),
        (Measure(1000, "words"), "es", "1.000 palabras"),  # as Babel (CLDR) writes it
        (Measure(10000, "words"), "es", "10.000 palabras"),
        (Measure(1000, "words"), "pt", "1.000 palavras"),
        (Measure(1.5, "hours"), "pt", "1,5 hora"),
        (Measure(2, "hours"), "pt-br", "2 horas"),
    ],
)
def test_an_amount_in_the_user_s_language(measure: Measure, language: str, text: str) -> None:
    assert local_measure(measure, language) == text


def test_no_local_amount_for_english_and_the_user_s_own_unit_kept() -> None:
    assert local_measure(Measure(5, "minutes"), "en") is None
    assert local_measure(Measure(5, "страничек дневника"), "ru") == "5 страничек дневника"
    assert local_measure(Measure(3000, "CHF"), "es") == "3.000\u00a0CHF"
    assert local_number(-1234.5, "pt") == "-1.234,5"
