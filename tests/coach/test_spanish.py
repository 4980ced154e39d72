"""The parsers read Spanish: wins, amounts, clock times, dates, vague goals, big actions."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.coach.answers import WhileAsked, agrees, read_while_asked
from bot.coach.clock_time import parse_clock_time
from bot.coach.dates import DateProblem, parse_date, split_deadline
from bot.coach.models import Measure
from bot.coach.quantities.reading import read_measure
from bot.coach.two_minute import looks_big
from bot.coach.vagueness import VaguenessReason, vagueness
from bot.coach.win_matching import GoalRef, match_goals
from bot.coach.wins import WinKind, WinProblem, WinText, read_win

ES = "es-419"  # Telegram's code for Latin American Spanish: the part before the dash counts
WED = date(2027, 3, 10)  # a Wednesday
DONE, MVA, SKIP, UNDO = WinKind.DONE, WinKind.MVA, WinKind.SKIP, WinKind.UNDO


@pytest.mark.parametrize(
    ("text", "kind", "quantity"),
    [
        ("hecho", DONE, None),
        ("¡Hecho!", DONE, None),
        ("listo ✅", DONE, None),
        ("ya está", DONE, None),
        ("lo hice", DONE, None),
        ("terminé", DONE, None),
        ("sí", DONE, None),
        ("corrí 5 km", DONE, Measure(5, "km")),
        ("escribí 500 palabras", DONE, Measure(500, "words")),
        ("leí 20 páginas", DONE, Measure(20, "pages")),
        ("hice 20 flexiones", DONE, Measure(20, "pushups")),
        ("medité 10 minutos", DONE, Measure(10, "minutes")),
        ("corrí media hora", DONE, Measure(30, "minutes")),
        ("caminé una hora", DONE, Measure(1, "hours")),
        ("escribí 1.500 palabras", DONE, Measure(1500, "words")),
        ("lo mínimo", MVA, None),
        ("un poco", MVA, None),
        ("descanso", SKIP, None),
        ("hoy día de descanso", SKIP, None),
        ("deshacer", UNDO, None),
        ("me equivoqué", UNDO, None),
        ("done", DONE, None),  # English always works too
    ],
)
def test_wins_in_spanish(text: str, kind: WinKind, quantity: Measure | None) -> None:
    win = read_win(text, ES)
    assert isinstance(win, WinText), f"{text!r} read as {win!r}"
    assert (win.kind, win.quantity) == (kind, quantity)


@pytest.mark.parametrize(
    "text",
    ["no lo hice", "casi", "lo haré mañana", "pronto", "¿hecho?", "hola", "se me olvidó",
     "me salté el día", "¿cómo funciona?"],
)  # fmt: skip
def test_not_wins_in_spanish(text: str) -> None:
    assert read_win(text, ES) is None


def test_yesterday_and_vague_amounts_in_spanish() -> None:
    yesterday = read_win("ayer lo hice", ES)
    assert isinstance(yesterday, WinText)
    assert yesterday.yesterday
    assert read_win("escribí mucho", ES) is WinProblem.VAGUE_AMOUNT


def test_a_spanish_user_s_verb_finds_the_goal_it_belongs_to() -> None:
    goals = [
        GoalRef(1, ("Escribir una novela", "escribir 500 palabras al día"), "words"),
        GoalRef(2, ("Correr un maratón", "correr 5 km"), "km"),
        GoalRef(3, ("Leer más", "leer 10 páginas"), "pages"),
    ]

    def goals_for(text: str) -> tuple[int, ...]:
        win = read_win(text, ES)
        assert isinstance(win, WinText)
        return match_goals(win, goals, ES)

    assert goals_for("escribí 300 palabras") == (1,)
    assert goals_for("corrí en el parque") == (2,)  # "en", "el" are no common ground
    assert goals_for("leí") == (3,)
    assert goals_for("llamé a mamá") == ()
    assert goals_for("hecho") == (1, 2, 3)


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("escribir 500 palabras al día", Measure(500, "words")),
        ("leer 20 páginas de mi libro", Measure(20, "pages")),
        ("5 días a la semana 30 minutos", Measure(30, "minutes")),
        ("correr 3 veces por semana 5 km", Measure(5, "km")),
        ("dos horas", Measure(2, "hours")),
        ("meditar media hora", Measure(30, "minutes")),
        ("10 mil palabras", Measure(10000, "words")),
        ("ahorrar 300 dólares", Measure(300, "USD")),
        ("50 sentadillas", Measure(50, "squats")),
        ("10 kilómetros", Measure(10, "km")),
        ("10 kilometros", Measure(10, "km")),
    ],
)
def test_amounts_and_units_in_spanish(text: str, measure: Measure) -> None:
    assert read_measure(text) == measure


def test_an_article_counts_time_but_no_items_in_spanish() -> None:
    assert read_measure("una hora") == Measure(1, "hours")
    assert not isinstance(read_measure("escribir un libro"), Measure)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 de la mañana", time(7, 0)),
        ("a las 7", time(7, 0)),
        ("a las 7 de la tarde", time(19, 0)),
        ("a las 10 de la noche", time(22, 0)),
        ("a las 19:30", time(19, 30)),
        ("a las 19 horas", time(19, 0)),
        ("las 7 y media", time(7, 30)),
        ("8 menos cuarto", time(7, 45)),
        ("mediodía", time(12, 0)),
        ("a las 7 en punto, por favor", time(7, 0)),
        ("half past six", time(6, 30)),
    ],
)
def test_clock_times_in_spanish(text: str, expected: time) -> None:
    assert parse_clock_time(text, ES) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("el lunes", date(2027, 3, 15)),
        ("el próximo lunes", date(2027, 3, 15)),
        ("el lunes que viene", date(2027, 3, 15)),
        ("el miércoles", date(2027, 3, 17)),
        ("para el viernes", date(2027, 3, 12)),
        ("antes del viernes", date(2027, 3, 12)),
        ("15 de marzo", date(2027, 3, 15)),
        ("el 15 de marzo de 2028", date(2028, 3, 15)),
        ("hasta el 15 de marzo", date(2027, 3, 15)),
        ("1º de abril", date(2027, 4, 1)),
        ("primero de abril", date(2027, 4, 1)),
        ("mañana", date(2027, 3, 11)),
        ("manana", date(2027, 3, 11)),  # typed without the tilde
        ("pasado mañana", date(2027, 3, 12)),
        ("hoy", WED),
        ("la semana que viene", date(2027, 3, 15)),
        ("la próxima semana", date(2027, 3, 15)),
        ("el mes que viene", date(2027, 4, 1)),
        ("fin de mes", date(2027, 3, 31)),
        ("a finales de mes", date(2027, 3, 31)),
        ("en 2 semanas", date(2027, 3, 24)),
        ("dentro de 3 días", date(2027, 3, 13)),
        ("en un mes", date(2027, 4, 10)),
        ("next Friday", date(2027, 3, 12)),
    ],
)
def test_dates_and_landmarks_in_spanish(text: str, expected: date) -> None:
    assert parse_date(text, WED, language=ES) == expected


def test_dates_refused_in_spanish_as_in_english() -> None:
    assert parse_date("31 de febrero", WED, language=ES) is DateProblem.INVALID
    assert parse_date("ayer", WED, language=ES) is DateProblem.PAST
    assert split_deadline("Terminar el capítulo para el viernes", WED, ES) == (
        "Terminar el capítulo",
        date(2027, 3, 12),
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("quiero leer más", VaguenessReason.COMPARATIVE),
        ("mejorar mi inglés", VaguenessReason.COMPARATIVE),
        ("hacer ejercicio regularmente", VaguenessReason.VAGUE_FREQUENCY),
        ("bajar de peso", VaguenessReason.STATE),
        ("ser feliz", VaguenessReason.STATE),
        ("aprender inglés", VaguenessReason.NO_MEASURE),
        ("escribir 500 palabras al día", VaguenessReason.HAS_MEASURE),
        ("terminar la novela", VaguenessReason.HAS_DONE_TEST),
        ("meditar cada mañana", VaguenessReason.HAS_FREQUENCY),
        ("correr 3 veces por semana", VaguenessReason.HAS_FREQUENCY),
    ],
)
def test_vague_goals_in_spanish(text: str, reason: VaguenessReason) -> None:
    verdict = vagueness(text, ES)
    assert verdict.reason is reason
    if verdict.is_vague:
        assert verdict.suggestion is not None
        assert not vagueness(verdict.suggestion, ES).is_vague


def test_a_vague_spanish_goal_gets_a_spanish_rewrite_on_its_topic() -> None:
    assert vagueness("quiero leer más", ES).suggestion == "leer 10 páginas al día"
    assert vagueness("aprender inglés", ES).suggestion == "practicar el idioma 15 minutos al día"


@pytest.mark.parametrize(
    ("text", "smaller_text", "starter"),
    [
        ("correr 10 km", "correr 5 km", "ponte las zapatillas y sal por la puerta"),
        ("meditar una hora", "meditar 20 minutos", "siéntate y respira lento tres veces"),
        ("escribir 2000 palabras", "escribir 1.000 palabras", "escribe una frase"),
        ("hacer 100 flexiones", "hacer 50 flexiones", "haz 2 repeticiones"),
        ("calentar, correr 5 km y luego estirar", "correr 5 km",
         "ponte las zapatillas y sal por la puerta"),
    ],
)  # fmt: skip
def test_the_two_minute_rule_in_spanish(text: str, smaller_text: str, starter: str) -> None:
    verdict = looks_big(text, language=ES)
    assert verdict is not None
    assert (verdict.smaller_text, verdict.starter_text) == (smaller_text, starter)


@pytest.mark.parametrize("text", ["sí", "vale", "sí, claro", "claro que sí", "de acuerdo", "ok"])
def test_agreement_in_spanish(text: str) -> None:
    assert agrees(text, ES)


def test_a_typed_win_while_a_question_is_open_in_spanish() -> None:
    assert read_while_asked("leí 20 páginas", ES) is WhileAsked.WIN
    assert read_while_asked("leer 20 páginas", ES) is WhileAsked.ANSWER
    assert read_while_asked("hecho", ES) is WhileAsked.LOGGING
