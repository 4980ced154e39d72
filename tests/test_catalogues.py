"""Every language's catalogue says everything the views say, with the English placeholders.

A missing or untranslated message, a placeholder or tag unlike the English, a message no view
uses, or an invalid .po file fails here (run `make messages`, then translate what it lists).
"""

from __future__ import annotations

from io import BytesIO

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.coach.languages import LANGUAGES
from bot.coach.models import Measure
from bot.locales.catalogues import catalogue_path, extract, problems
from bot.views.i18n import Translator, translator

TRANSLATED = [language for language in LANGUAGES if language != "en"]


@pytest.fixture(scope="module")
def template() -> Catalog:
    return extract()


def test_the_views_have_messages_to_translate(template: Catalog) -> None:
    ids = {message.id for message in template if message.id}
    assert "Okay, dropped that — nothing changed." in ids
    assert ("{n} week", "{n} weeks") in ids


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalogue_is_complete_and_keeps_the_placeholders(
    language: str, template: Catalog
) -> None:
    assert catalogue_path(language).exists()
    assert list(problems(language, template)) == []


def _catalog(po: str) -> Catalog:
    header = (
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
    )
    return read_po(BytesIO((header + po).encode()), locale="ru")


def test_a_missing_message_a_changed_placeholder_and_a_stray_one_are_caught() -> None:
    template = Catalog()
    template.add("Hi {name}!")
    template.add("Nothing to cancel — you're all good.")
    template.add("<b>Bold</b> move")
    catalog = _catalog(
        'msgid "Hi {name}!"\nmsgstr "Привет, {имя}!"\n\n'
        'msgid "<b>Bold</b> move"\nmsgstr "Смелый шаг"\n\n'
        'msgid "Gone"\nmsgstr "Ушло"\n'
    )

    found = list(problems("ru", template, catalog))

    assert any("placeholders of 'Hi {name}!'" in line for line in found)
    assert any('missing "Nothing to cancel' in line for line in found)
    assert any("tags of '<b>Bold</b> move'" in line for line in found)
    assert any("'Gone' is used by no view" in line for line in found)


def test_an_untranslated_plural_form_is_caught() -> None:
    template = Catalog()
    template.add(("{n} week", "{n} weeks"))
    catalog = _catalog(
        'msgid "{n} week"\nmsgid_plural "{n} weeks"\n'
        'msgstr[0] "{n} неделя"\nmsgstr[1] "{n} недели"\nmsgstr[2] ""\n'
    )

    assert [line for line in problems("ru", template, catalog) if "untranslated" in line]


@pytest.mark.parametrize(
    ("count", "russian"),
    [(1, "1 неделя"), (2, "2 недели"), (5, "5 недель"), (11, "11 недель"), (21, "21 неделя")],
)
def test_plural_forms_follow_the_languages_rules(count: int, russian: str) -> None:
    t = translator("ru")

    assert t.plural("{n} week", "{n} weeks", count) == russian


def test_a_message_no_catalogue_has_is_said_in_english_never_as_a_key() -> None:
    t = translator("ru")

    assert t("A sentence written after the catalogues, {name}.", name="Ada") == (
        "A sentence written after the catalogues, Ada."
    )
    assert translator("xx").language == "en"


def test_a_translation_that_does_not_fit_its_values_falls_back_to_english() -> None:
    class Broken:
        def gettext(self, message: str) -> str:
            return "Привет, {имя}!"

    t = Translator("ru", Broken())  # type: ignore[arg-type]

    assert t("Hi {name}!", name="Ada") == "Hi Ada!"


def test_a_date_that_ends_in_a_dot_ends_the_sentence_with_one() -> None:
    from datetime import date

    t = translator("ru")
    due = t.day(date(2027, 2, 14), date(2026, 11, 29))

    said = t(
        "📐 At your pace, about {pace} a day, {outcome} comes on {finish} rather than {due}.",
        pace="270 слов",
        outcome="40 000 слов",
        finish=t.day(date(2027, 4, 16), date(2026, 11, 29)),
        due=due,
    )

    assert due.endswith("2027\u202fг.")
    assert said.endswith("а не к вс, 14 февраля 2027\u202fг.")  # not "г.."


@pytest.mark.parametrize(
    ("language", "gendered"), [("es", ("unas ", "unos ")), ("pt_BR", ("umas ", "uns "))]
)
@pytest.mark.parametrize("pace", [Measure(270, "words"), Measure(1.4, "km")], ids=["words", "km"])
def test_the_pace_is_said_without_an_article_of_one_gender(
    language: str, gendered: tuple[str, ...], pace: Measure
) -> None:
    t = translator(language)
    amount = t.measure(pace)

    said = [
        t(
            "📐 At your pace, about {pace} a day, {outcome} comes on {finish} rather than {due}.",
            pace=amount,
            outcome="x",
            finish="y",
            due="z",
        ),
        t("Keeping it asks about {needed} a day from here.", needed=amount),
    ]

    # "palabras" and "páginas" are feminine, "km" and "minutos" masculine (and the other way
    # round in Portuguese): one article before every unit is wrong for half of them.
    for line in said:
        assert amount in line
        assert not any(article + amount in line for article in gendered), line


@pytest.mark.parametrize(
    ("language", "gendered"),
    [
        ("es", ("unas ", "unos ", "de las ", "de los ")),
        ("pt_BR", ("umas ", "uns ", "das ", "dos ")),
    ],
)
@pytest.mark.parametrize(
    "outcome", [Measure(40_000, "words"), Measure(200, "km")], ids=["words", "km"]
)
def test_a_monthly_figure_short_of_the_outcome_reads_right_whatever_the_unit(
    language: str, gendered: tuple[str, ...], outcome: Measure
) -> None:
    t = translator(language)
    whole = t.measure(outcome)
    proposal = "correr " + t.measure(Measure(outcome.quantity / 3, outcome.unit))

    said = t.plural(
        "{n} month of <b>{monthly}</b> makes {reached} of the {outcome} — a real start, just "
        "not all the way in 12 weeks. Keep yours (you can aim lower, that's fine), or take "
        "about <b>{proposal}</b> a month to get there?",
        "{n} months of <b>{monthly}</b> make {reached} of the {outcome} — a real start, just "
        "not all the way in 12 weeks. Keep yours (you can aim lower, that's fine), or take "
        "about <b>{proposal}</b> a month to get there?",
        3,
        monthly="x",
        reached="36",
        outcome=whole,
        proposal=proposal,
    )

    assert whole in said
    assert proposal in said
    # An article before "40.000 palabras" or before "correr 67 km" is right for no unit or verb
    # in general: "de las 200 km", "unas correr 67 km".
    assert not any(article + whole in said for article in gendered), said
    assert not any(article + "<b>" + proposal in said for article in gendered), said


@pytest.mark.parametrize(
    ("language", "number", "day"),
    [
        ("en", "12,345.5", "14 March"),
        ("ru", "12\xa0345,5", "14 марта"),
        ("es", "12.345,5", "14 de marzo"),
        ("pt_BR", "12.345,5", "14 de março"),
    ],
)
def test_numbers_and_dates_are_written_the_languages_way(
    language: str, number: str, day: str
) -> None:
    from datetime import date

    t = translator(language)

    assert t.number(12345.5) == number
    assert t.day_month(date(2026, 3, 14)) == day


def test_a_plural_with_a_formatted_value_is_extracted_as_a_plural() -> None:
    from io import BytesIO as Source

    from bot.locales.catalogues import extract_calls

    code = b't.plural("{n} day left of {best}", "{n} days left of {best}", n, best=t.number(b))\n'
    code += b't.ctx("legend", "done")\nt("Hi {name}", name=t.zone(z))\n'

    found = [(kind, texts) for _, kind, texts, _ in extract_calls(Source(code), None, None, None)]

    assert sorted(found) == [
        ("gettext", "Hi {name}"),
        ("ngettext", ("{n} day left of {best}", "{n} days left of {best}")),
        ("pgettext", ("legend", "done")),
    ]


def test_a_message_that_is_not_a_literal_cannot_be_extracted() -> None:
    from io import BytesIO as Source

    from bot.locales.catalogues import extract_calls

    with pytest.raises(ValueError, match="string literal"):
        list(extract_calls(Source(b't(f"Hi {name}")\n'), None, None, None))


def test_every_identity_the_plan_suggests_is_translated() -> None:
    from bot.coach.identity import suggested_statements
    from bot.views.i18n import ENGLISH_TRANSLATOR
    from bot.views.identity import statement, suggested

    assert set(suggested(ENGLISH_TRANSLATOR)) == set(suggested_statements())
    assert statement(translator("ru"), "I am a runner") == "Я бегаю"
    assert statement(translator("es"), "I am escritora") == "Soy escritora"  # typed, in Spanish
    assert statement(ENGLISH_TRANSLATOR, "I am a writer") == "I am a writer"


@pytest.mark.parametrize(
    ("daily", "russian"),
    [
        ("meditate every morning", "просто начни: 2 минуты"),
        ("run 5 km", "прогулка на 10 минут"),  # a run comes back as a walk
        ("swim 1 km", "заплыв на 10 минут"),
        ("walk 3 km", "прогулка на 10 минут"),
        ("write 480 words", "write 50 words"),  # the user's own words, scaled: as they are
    ],
)
def test_the_minimum_the_plan_suggests_reads_in_the_users_language(
    daily: str, russian: str
) -> None:
    from bot.coach.mva import propose_mva
    from bot.views.minimum import minimum

    suggested = propose_mva(daily, None).text

    assert minimum(translator("ru"), suggested) == russian
    assert minimum(translator("en"), suggested) == suggested


@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [
        ("es", "I am Soy escritora", "Soy escritora"),
        ("ru", "I am Я — писатель", "Я — писатель"),
        ("pt_BR", "I am Eu sou escritora", "Eu sou escritora"),
    ],
)
def test_a_typed_identity_never_says_i_am_twice(language: str, typed: str, shown: str) -> None:
    from bot.views.identity import statement

    assert statement(translator(language), typed) == shown
