"""The parsers read Brazilian Portuguese: wins, amounts, times, dates, vague goals, big actions."""

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

PT = "pt-br"
WED = date(2027, 3, 10)  # a Wednesday
DONE, MVA, SKIP, UNDO = WinKind.DONE, WinKind.MVA, WinKind.SKIP, WinKind.UNDO


@pytest.mark.parametrize(
    ("text", "kind", "quantity"),
    [
        ("feito", DONE, None),
        ("Feito!", DONE, None),
        ("pronto ✅", DONE, None),
        ("fiz", DONE, None),
        ("já fiz", DONE, None),
        ("terminei", DONE, None),
        ("sim", DONE, None),
        ("li 20 páginas", DONE, Measure(20, "pages")),
        ("corri 5 km", DONE, Measure(5, "km")),
        ("escrevi 500 palavras", DONE, Measure(500, "words")),
        ("fiz 20 flexões", DONE, Measure(20, "pushups")),
        ("meditei 10 minutos", DONE, Measure(10, "minutes")),
        ("caminhei meia hora", DONE, Measure(30, "minutes")),
        ("escrevi 1.500 palavras", DONE, Measure(1500, "words")),
        ("o mínimo", MVA, None),
        ("um pouquinho", MVA, None),
        ("folga", SKIP, None),
        ("hoje é dia de descanso", SKIP, None),
        ("desfazer", UNDO, None),
        ("foi engano", UNDO, None),
        ("done", DONE, None),  # English always works too
    ],
)
def test_wins_in_portuguese(text: str, kind: WinKind, quantity: Measure | None) -> None:
    win = read_win(text, PT)
    assert isinstance(win, WinText), f"{text!r} read as {win!r}"
    assert (win.kind, win.quantity) == (kind, quantity)


@pytest.mark.parametrize(
    "text",
    ["não fiz", "quase", "vou fazer amanhã", "depois", "feito?", "oi", "esqueci",
     "como funciona?"],
)  # fmt: skip
def test_not_wins_in_portuguese(text: str) -> None:
    assert read_win(text, PT) is None


def test_pronto_is_done_in_portuguese_but_soon_in_spanish() -> None:
    assert isinstance(read_win("pronto", PT), WinText)
    assert read_win("pronto", "es") is None
    # The user's language decides; a list gives the order.
    assert isinstance(read_win("pronto", ["pt", "es"]), WinText)
    assert read_win("pronto", ["es", "pt"]) is None


def test_yesterday_and_vague_amounts_in_portuguese() -> None:
    yesterday = read_win("ontem fiz", PT)
    assert isinstance(yesterday, WinText)
    assert yesterday.yesterday
    assert read_win("escrevi muito", PT) is WinProblem.VAGUE_AMOUNT


def test_a_portuguese_user_s_verb_finds_the_goal_it_belongs_to() -> None:
    goals = [
        GoalRef(1, ("Escrever um romance", "escrever 500 palavras por dia"), "words"),
        GoalRef(2, ("Correr uma maratona", "correr 5 km"), "km"),
        GoalRef(3, ("Meditar", "meditar 10 minutos"), "minutes"),
    ]

    def goals_for(text: str) -> tuple[int, ...]:
        win = read_win(text, PT)
        assert isinstance(win, WinText)
        return match_goals(win, goals, PT)

    assert goals_for("escrevi 300 palavras") == (1,)
    assert goals_for("corri no parque") == (2,)
    assert goals_for("meditei") == (3,)
    assert goals_for("liguei pra minha mãe") == ()
    assert goals_for("feito") == (1, 2, 3)


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("escrever 500 palavras por dia", Measure(500, "words")),
        ("ler 20 páginas do livro", Measure(20, "pages")),
        ("5 dias por semana 30 minutos", Measure(30, "minutes")),
        ("duas horas", Measure(2, "hours")),
        ("meia hora", Measure(30, "minutes")),
        ("guardar R$ 500 por mês", Measure(500, "BRL")),
        ("guardar 500 reais", Measure(500, "BRL")),
        ("10 quilômetros", Measure(10, "km")),
        ("50 agachamentos", Measure(50, "squats")),
        ("10 mil passos", Measure(10000, "steps")),
    ],
)
def test_amounts_and_units_in_portuguese(text: str, measure: Measure) -> None:
    assert read_measure(text) == measure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("às 7h30", time(7, 30)),
        ("7h", time(7, 0)),
        ("às 7 da manhã", time(7, 0)),
        ("às 9 da noite", time(21, 0)),
        ("às 3 da tarde", time(15, 0)),
        ("19hs", time(19, 0)),
        ("às 19 horas", time(19, 0)),
        ("7 e meia", time(7, 30)),
        ("quinze para as 8", time(7, 45)),
        ("meio-dia", time(12, 0)),
        ("quarter to 8", time(7, 45)),
    ],
)
def test_clock_times_in_portuguese(text: str, expected: time) -> None:
    assert parse_clock_time(text, PT) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("segunda-feira", date(2027, 3, 15)),
        ("na segunda", date(2027, 3, 15)),
        ("terça", date(2027, 3, 16)),
        ("sexta", date(2027, 3, 12)),
        ("próxima sexta", date(2027, 3, 12)),
        ("sexta que vem", date(2027, 3, 12)),
        ("até sexta", date(2027, 3, 12)),
        ("15 de março", date(2027, 3, 15)),
        ("no dia 15 de março", date(2027, 3, 15)),
        ("até 15 de março", date(2027, 3, 15)),
        ("1º de maio", date(2027, 5, 1)),
        ("15 de dez", date(2027, 12, 15)),
        ("em dez dias", date(2027, 3, 20)),
        ("amanhã", date(2027, 3, 11)),
        ("amanha", date(2027, 3, 11)),
        ("depois de amanhã", date(2027, 3, 12)),
        ("hoje", WED),
        ("próxima semana", date(2027, 3, 15)),
        ("semana que vem", date(2027, 3, 15)),
        ("mês que vem", date(2027, 4, 1)),
        ("fim do mês", date(2027, 3, 31)),
        ("no final do ano", date(2027, 12, 31)),
        ("daqui a 2 semanas", date(2027, 3, 24)),
        ("em 3 dias", date(2027, 3, 13)),
        ("em um mês", date(2027, 4, 10)),
        ("next Friday", date(2027, 3, 12)),
    ],
)
def test_dates_and_landmarks_in_portuguese(text: str, expected: date) -> None:
    assert parse_date(text, WED, language=PT) == expected


def test_dates_refused_in_portuguese_as_in_english() -> None:
    assert parse_date("31 de fevereiro", WED, language=PT) is DateProblem.INVALID
    assert parse_date("ontem", WED, language=PT) is DateProblem.PAST
    assert split_deadline("Terminar o capítulo até sexta", WED, PT) == (
        "Terminar o capítulo",
        date(2027, 3, 12),
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("quero ler mais", VaguenessReason.COMPARATIVE),
        ("ser mais produtivo", VaguenessReason.COMPARATIVE),
        ("fazer exercício regularmente", VaguenessReason.VAGUE_FREQUENCY),
        ("emagrecer", VaguenessReason.STATE),
        ("ser feliz", VaguenessReason.STATE),
        ("aprender inglês", VaguenessReason.NO_MEASURE),
        ("escrever 500 palavras por dia", VaguenessReason.HAS_MEASURE),
        ("terminar o romance", VaguenessReason.HAS_DONE_TEST),
        ("meditar toda manhã", VaguenessReason.HAS_FREQUENCY),
        ("correr 3 vezes por semana", VaguenessReason.HAS_FREQUENCY),
    ],
)
def test_vague_goals_in_portuguese(text: str, reason: VaguenessReason) -> None:
    verdict = vagueness(text, PT)
    assert verdict.reason is reason
    if verdict.is_vague:
        assert verdict.suggestion is not None
        assert not vagueness(verdict.suggestion, PT).is_vague


def test_a_vague_portuguese_goal_gets_a_portuguese_rewrite_on_its_topic() -> None:
    assert vagueness("quero ler mais", PT).suggestion == "ler 10 páginas por dia"
    assert vagueness("emagrecer", PT).suggestion == "perder 4 kg em 12 semanas"


@pytest.mark.parametrize(
    ("text", "smaller_text", "starter"),
    [
        ("correr 10 km", "correr 5 km", "calce o tênis e saia pela porta"),
        ("ler 50 páginas", "ler 25 páginas", "leia uma página"),
        ("fazer 100 flexões", "fazer 50 flexões", "faça 2 repetições"),
        ("meditar 45 minutos", "meditar 20 minutos", "sente-se e respire devagar três vezes"),
        ("escrever 10.000 palavras", "escrever 5.000 palavras", "escreva uma frase"),
        ("correr 5 km e depois alongar", "correr 5 km", "calce o tênis e saia pela porta"),
    ],
)
def test_the_two_minute_rule_in_portuguese(text: str, smaller_text: str, starter: str) -> None:
    verdict = looks_big(text, language=PT)
    assert verdict is not None
    assert (verdict.smaller_text, verdict.starter_text) == (smaller_text, starter)


@pytest.mark.parametrize("text", ["sim", "beleza", "pode ser", "sim, por favor", "combinado"])
def test_agreement_in_portuguese(text: str) -> None:
    assert agrees(text, PT)


def test_a_typed_win_while_a_question_is_open_in_portuguese() -> None:
    assert read_while_asked("li 20 páginas", PT) is WhileAsked.WIN
    assert read_while_asked("ler 20 páginas", PT) is WhileAsked.ANSWER
    assert read_while_asked("feito", PT) is WhileAsked.LOGGING
