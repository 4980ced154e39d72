"""Amounts the coach writes read as the user's language writes them: the number (as Babel,
CLDR, formats it for the views), the unit's name and its plural form; an amount rewritten
inside a text keeps the text's language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel import Locale

from bot.coach.goal_words import in_english, is_rate, says_how_often
from bot.coach.lexicon.formats import local_measure, local_number, plural_index
from bot.coach.models import Goal, GoalStatus, Measure
from bot.coach.plan_ladder import PlanLevel
from bot.coach.proposals import propose
from bot.coach.quantities.reading import find_measure
from bot.coach.quantities.units import _TABLE, UnitKind
from bot.coach.quantities.writing import format_measure, replace_measure
from bot.views.i18n import translator

LANGUAGES = {"ru": "ru", "es": "es", "pt": "pt_BR"}
"""The coach's code of each language, and the user's (Babel's) one."""


@pytest.mark.parametrize("code", sorted(LANGUAGES))
@pytest.mark.parametrize(
    "value", [0, 1, 2.5, 0.25, 0.004, 12, 999, 1000, 3300, 13_300, 40_000, 1_234_567.891, -1234.5]
)
def test_a_number_is_written_as_babel_writes_it_for_the_views(code: str, value: float) -> None:
    assert local_number(value, code) == translator(LANGUAGES[code]).quantity(value)


_GETTEXT_INDEX = {"ru": {"one": 0, "few": 1, "many": 2, "other": 1}, "es": {}, "pt": {}}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_plural_form_follows_cldr(code: str) -> None:
    locale = Locale.parse(LANGUAGES[code])
    for value in [*range(0, 230), 1.5, 2.5, 0.5, 21.5, 1000, 1_000_000]:
        category = locale.plural_form(value)
        expected = _GETTEXT_INDEX[code].get(category, 0 if category == "one" else 1)
        assert plural_index(value, code) == expected, (code, value, category)


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_unit_the_parsers_know_has_a_name_in_each_language(code: str) -> None:
    for info, _ in _TABLE:
        said = local_measure(Measure(5, info.name), code)
        assert said is not None
        if info.kind is not UnitKind.MONEY and info.name != "%":
            # Named in the language, not the English unit kept ("км", "palabras", "km").
            loanword = info.name in (
                "km",
                "m",
                "kg",
                "commits",
                "posts",
                "burpees",
                "leads",
                "pomodoros",
            )
            assert loanword or info.name not in said.split(), said


@pytest.mark.parametrize(
    ("measure", "language", "text"),
    [
        (Measure(1, "words"), "ru", "1 слово"),
        (Measure(3, "words"), "ru", "3 слова"),
        (Measure(13_300, "words"), "ru", "13\u00a0300 слов"),
        (Measure(21, "pages"), "ru", "21 страница"),
        (Measure(3000, "RUB"), "ru", "3\u00a0000\u00a0₽"),
        (Measure(15, "%"), "ru", "15\u00a0%"),
        (Measure(1, "books"), "es", "1 libro"),
        (Measure(3300, "words"), "es", "3.300 palabras"),
        (Measure(3000, "EUR"), "es", "3.000\u00a0€"),
        (Measure(2.5, "hours"), "es", "2,5 horas"),
        (Measure(1, "chapters"), "pt_BR", "1 capítulo"),
        (Measure(480, "words"), "pt_BR", "480 palavras"),
        (Measure(3000, "BRL"), "pt_BR", "R$\u00a03.000"),
        (Measure(15, "%"), "pt_BR", "15%"),
        (Measure(40_000, "words"), "en", "40,000 words"),
        (Measure(3000, "EUR"), "en", "€3,000"),
    ],
)
def test_a_measure_in_the_user_s_language(measure: Measure, language: str, text: str) -> None:
    assert format_measure(measure, language=language) == text
    assert translator(language).measure(measure) == text  # the views say it alike


@pytest.mark.parametrize(
    ("text", "language", "new", "rewritten"),
    [
        ("написать 480 слов", "ru", 510, "написать 510 слов"),
        ("прочитать 30 страниц", "ru", 21, "прочитать 21 страницу"),  # after a verb
        ("медитировать 30 минут", "ru", 1, "медитировать 1 минуту"),
        ("escribir 480 palabras", "es", 1500, "escribir 1.500 palabras"),
        ("leer 20 páginas", "es", 1, "leer 1 página"),
        ("escrever 480 palavras", "pt_BR", 3300, "escrever 3.300 palavras"),
        ("correr 5 km", "es", 2.5, "correr 2,5 km"),
        ("пробежать 5 км", None, 2.5, "пробежать 2,5 км"),  # Cyrillic: Russian
        ("write 480 words", "ru", 1500, "write 1,500 words"),  # a Russian user's English goal
        ("run 5 km", "ru", 2.5, "run 2.5 km"),
        ("one 45-minute block", "es", 20, "one 20-minute block"),
    ],
)
def test_an_amount_rewritten_in_a_text_keeps_the_text_s_language(
    text: str, language: str | None, new: float, rewritten: str
) -> None:
    found = find_measure(text)
    assert not isinstance(found, str)
    replaced = replace_measure(text, found, Measure(new, found.measure.unit), language)
    assert replaced == rewritten


def _goal(vision: str, outcome: str) -> Goal:
    measure = find_measure(outcome)
    assert not isinstance(measure, str)
    now = datetime(2026, 11, 22, tzinfo=UTC)
    return Goal(
        1, 1, GoalStatus.DRAFT, 1, now, now, vision, outcome, outcome_measure=measure.measure
    )


@pytest.mark.parametrize(
    "case",
    [
        (
            "ru",
            "написать роман",
            "написать 40000 слов",
            "написать 13\u00a0300 слов",
            "написать 3\u00a0300 слов",
            "написать 480 слов",
        ),
        (
            "es",
            "escribir una novela",
            "escribir 40000 palabras",
            "escribir 13.300 palabras",
            "escribir 3.300 palabras",
            "escribir 480 palabras",
        ),
        (
            "pt_BR",
            "escrever um romance",
            "escrever 40000 palavras",
            "escrever 13.300 palavras",
            "escrever 3.300 palavras",
            "escrever 480 palavras",
        ),
        (
            "en",
            "write a novel",
            "write 40,000 words",
            "write 13,300 words",
            "write 3,300 words",
            "write 480 words",
        ),
    ],
)
def test_the_plan_proposes_its_levels_in_the_user_s_words(case: tuple[str, ...]) -> None:
    language, vision, outcome, monthly, weekly, daily = case
    goal = _goal(vision, outcome)
    proposals = [propose(goal, level, language) for level in PlanLevel]
    texts = {p.text for p in proposals if p is not None}
    assert {monthly, weekly, daily} <= texts


@pytest.mark.parametrize(
    ("text", "language", "rate", "how_often"),
    [
        ("300 слов в день", "ru", True, True),
        ("медитировать каждое утро", "ru", True, True),
        ("написать 40000 слов", "ru", False, False),
        ("3 veces a la semana", "es", True, True),
        ("correr todos los días", "es", True, True),
        ("escribir 40000 palabras", "es", False, False),
        ("30 minutos por dia", "pt_BR", True, True),
        ("ler toda manhã", "pt_BR", True, True),
        ("ler um capítulo antes de dormir", "pt_BR", False, False),
        ("escrever 40000 palavras", "pt_BR", False, False),
        ("300 words a day", "ru", True, True),  # English always works too
    ],
)
def test_rates_and_frequencies_are_read_in_the_user_s_language(
    text: str, language: str, rate: bool, how_often: bool
) -> None:
    assert is_rate(text, language) is rate
    assert says_how_often(text, language) is how_often


def test_english_text_is_read_as_written() -> None:
    assert in_english("Write 300 words a day") == "write 300 words a day"


@pytest.mark.parametrize(
    ("unit", "language", "name"),
    [
        ("words", "ru", "слова"),
        ("steps", "ru", "шаги"),
        ("km", "ru", "км"),
        ("pages", "es", "páginas"),
        ("minutes", "pt_BR", "minutos"),
        ("words", "en", "words"),
        ("comic strips", "ru", "comic strips"),  # the user's own words, as written
    ],
)
def test_a_unit_named_on_its_own(unit: str, language: str, name: str) -> None:
    assert translator(language).unit(unit) == name
