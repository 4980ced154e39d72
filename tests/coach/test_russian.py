"""The parsers read Russian: wins, amounts, clock times, dates, vague goals, big actions."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.coach.answers import WhileAsked, agrees, read_while_asked
from bot.coach.clock_time import parse_clock_time
from bot.coach.dates import DateProblem, parse_date, split_deadline
from bot.coach.lexicon import lexicon
from bot.coach.models import Measure
from bot.coach.quantities.reading import read_measure
from bot.coach.two_minute import looks_big
from bot.coach.vagueness import VaguenessReason, vagueness
from bot.coach.win_matching import GoalRef, match_goals
from bot.coach.wins import WinKind, WinProblem, WinText, read_win

RU = "ru"
WED = date(2027, 3, 10)  # a Wednesday
DONE, MVA, SKIP, UNDO = WinKind.DONE, WinKind.MVA, WinKind.SKIP, WinKind.UNDO


@pytest.mark.parametrize(
    ("text", "kind", "quantity"),
    [
        ("сделал", DONE, None),
        ("Сделала!", DONE, None),
        ("готово ✅", DONE, None),
        ("выполнено", DONE, None),
        ("я сделал это", DONE, None),
        ("закончила", DONE, None),
        ("да", DONE, None),
        ("написал 500 слов", DONE, Measure(500, "words")),
        ("написала 1 000 слов", DONE, Measure(1000, "words")),
        ("пробежал 5 км", DONE, Measure(5, "km")),
        ("пробежала 10 километров", DONE, Measure(10, "km")),
        ("прочитал 20 страниц", DONE, Measure(20, "pages")),
        ("сделал 20 отжиманий", DONE, Measure(20, "pushups")),
        ("медитировала 10 минут", DONE, Measure(10, "minutes")),
        ("помедитировал полчаса", DONE, Measure(30, "minutes")),
        ("гуляла 2 часа", DONE, Measure(2, "hours")),
        ("прошла 10 тыс шагов", DONE, Measure(10000, "steps")),
        ("минимум", MVA, None),
        ("сделал по минимуму", MVA, None),
        ("немного почитала", MVA, None),
        ("выходной", SKIP, None),
        ("сегодня отдыхаю", SKIP, None),
        ("отмена", UNDO, None),
        ("отмени это", UNDO, None),
        ("это ошибка", UNDO, None),
        ("done", DONE, None),  # English always works too
        ("wrote 400 words", DONE, Measure(400, "words")),
    ],
)
def test_wins_in_russian(text: str, kind: WinKind, quantity: Measure | None) -> None:
    win = read_win(text, RU)
    assert isinstance(win, WinText), f"{text!r} read as {win!r}"
    assert (win.kind, win.quantity) == (kind, quantity)


@pytest.mark.parametrize(
    "text",
    ["не сделал", "почти сделала", "сделаю завтра", "потом", "сделал?", "как дела", "привет",
     "забыла", "пропустил", "устал", "журнал"],
)  # fmt: skip
def test_not_wins_in_russian(text: str) -> None:
    assert read_win(text, RU) is None


def test_yesterday_and_vague_amounts_in_russian() -> None:
    yesterday = read_win("вчера сделала", RU)
    assert isinstance(yesterday, WinText)
    assert yesterday.yesterday
    assert read_win("написал много", RU) is WinProblem.VAGUE_AMOUNT


def test_a_russian_user_s_verb_finds_the_goal_it_belongs_to() -> None:
    goals = [
        GoalRef(1, ("Написать роман", "писать 500 слов в день"), "words"),
        GoalRef(2, ("Пробежать марафон", "бегать 5 км"), "km"),
        GoalRef(3, ("Спокойствие", "медитировать 10 минут"), "minutes"),
    ]

    def goals_for(text: str) -> tuple[int, ...]:
        win = read_win(text, RU)
        assert isinstance(win, WinText)
        return match_goals(win, goals, RU)

    assert goals_for("написал 300 слов") == (1,)
    assert goals_for("бегала сегодня") == (2,)
    assert goals_for("медитировала") == (3,)  # a verb alone, matched by its meaning
    assert goals_for("позвонила маме") == ()  # a deed, but none of these goals
    assert goals_for("сделал") == (1, 2, 3)  # ask which


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("писать 500 слов в день", Measure(500, "words")),
        ("бегать 5 км 3 раза в неделю", Measure(5, "km")),
        ("3 раза в неделю по 20 минут", Measure(20, "minutes")),
        ("читать 2 страницы", Measure(2, "pages")),
        ("одна страница", Measure(1, "pages")),
        ("два часа", Measure(2, "hours")),
        ("откладывать 5000 рублей", Measure(5000, "RUB")),
        ("сбросить 4 кг за 12 недель", Measure(4, "kg")),
        ("10 000 шагов", Measure(10000, "steps")),
        ("2,5 км", Measure(2.5, "km")),
        ("50 приседаний", Measure(50, "squats")),
    ],
)
def test_amounts_and_units_in_russian(text: str, measure: Measure) -> None:
    assert read_measure(text) == measure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("в 7 утра", time(7, 0)),
        ("в 19:30", time(19, 30)),
        ("7 вечера", time(19, 0)),
        ("в 10 вечера пожалуйста", time(22, 0)),
        ("в 2 ночи", time(2, 0)),
        ("в 3 дня", time(15, 0)),
        ("в час дня", time(13, 0)),
        ("в полдень", time(12, 0)),
        ("половина восьмого", time(7, 30)),
        ("без четверти восемь", time(7, 45)),
        ("в 7ч", time(7, 0)),
        ("каждый день в 8", time(8, 0)),
        ("half past six", time(6, 30)),
        ("quarter to 8", time(7, 45)),
    ],
)
def test_clock_times_in_russian(text: str, expected: time) -> None:
    assert parse_clock_time(text, RU) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("в понедельник", date(2027, 3, 15)),
        ("во вторник", date(2027, 3, 16)),
        ("в эту пятницу", date(2027, 3, 12)),
        ("к пятнице", date(2027, 3, 12)),
        ("в следующий понедельник", date(2027, 3, 15)),
        ("15 марта", date(2027, 3, 15)),
        ("до 15 марта", date(2027, 3, 15)),
        ("15 марта 2028 года", date(2028, 3, 15)),
        ("1-го апреля", date(2027, 4, 1)),
        ("через 2 недели", date(2027, 3, 24)),
        ("через две недели", date(2027, 3, 24)),
        ("через неделю", date(2027, 3, 17)),
        ("через месяц", date(2027, 4, 10)),
        ("через 3 дня", date(2027, 3, 13)),
        ("на следующей неделе", date(2027, 3, 15)),
        ("в следующем месяце", date(2027, 4, 1)),
        ("в конце месяца", date(2027, 3, 31)),
        ("до конца года", date(2027, 12, 31)),
        ("завтра", date(2027, 3, 11)),
        ("послезавтра", date(2027, 3, 12)),
        ("сегодня", WED),
        ("next Friday", date(2027, 3, 12)),
    ],
)
def test_dates_and_landmarks_in_russian(text: str, expected: date) -> None:
    assert parse_date(text, WED, language=RU) == expected


def test_dates_refused_in_russian_as_in_english() -> None:
    assert parse_date("31 февраля", WED, language=RU) is DateProblem.INVALID
    assert parse_date("вчера", WED, language=RU) is DateProblem.PAST
    assert parse_date("когда-нибудь", WED, language=RU) is DateProblem.UNPARSEABLE
    assert split_deadline("Закончить главу до пятницы", WED, RU) == (
        "Закончить главу",
        date(2027, 3, 12),
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("хочу больше читать", VaguenessReason.COMPARATIVE),
        ("заниматься спортом регулярно", VaguenessReason.VAGUE_FREQUENCY),
        ("похудеть", VaguenessReason.STATE),
        ("быть счастливым", VaguenessReason.STATE),
        ("учить испанский", VaguenessReason.NO_MEASURE),
        ("писать 500 слов в день", VaguenessReason.HAS_MEASURE),
        ("закончить роман", VaguenessReason.HAS_DONE_TEST),
        ("медитировать каждое утро", VaguenessReason.HAS_FREQUENCY),
        ("бегать 3 раза в неделю", VaguenessReason.HAS_FREQUENCY),
    ],
)
def test_vague_goals_in_russian(text: str, reason: VaguenessReason) -> None:
    verdict = vagueness(text, RU)
    assert verdict.reason is reason
    if verdict.is_vague:
        assert verdict.suggestion is not None
        assert not vagueness(verdict.suggestion, RU).is_vague  # offered in Russian, specific


def test_a_vague_russian_goal_gets_a_russian_rewrite_on_its_topic() -> None:
    assert vagueness("хочу больше читать", RU).suggestion == "читать по 10 страниц в день"
    assert vagueness("похудеть", RU).suggestion == "сбросить 4 кг за 12 недель"


@pytest.mark.parametrize(
    ("text", "smaller_text", "starter"),
    [
        ("пробежать 10 км", "пробежать 5 км", "надень кроссовки и выйди за дверь"),
        ("медитировать 45 минут", "медитировать 20 минут", "сядь и сделай три медленных вдоха"),
        ("медитировать 1 час", "медитировать 20 минут", "сядь и сделай три медленных вдоха"),
        ("сделать 100 отжиманий", "сделать 50 отжиманий", "сделай 2 повторения"),
        ("прочитать 50 страниц", "прочитать 25 страниц", "прочитай одну страницу"),
        ("надеть кроссовки, выйти и пробежать 5 км", "пробежать 5 км",
         "надень кроссовки и выйди за дверь"),
    ],
)  # fmt: skip
def test_the_two_minute_rule_in_russian(text: str, smaller_text: str, starter: str) -> None:
    verdict = looks_big(text, language=RU)
    assert verdict is not None
    assert (verdict.smaller_text, verdict.starter_text) == (smaller_text, starter)


def test_a_small_russian_action_passes_the_two_minute_rule() -> None:
    assert looks_big("надеть кроссовки и выйти за дверь", language=RU) is None
    assert looks_big("написать 100 слов", language=RU) is None


@pytest.mark.parametrize("text", ["да", "да, давай", "ок 👍", "хорошо", "конечно", "беру"])
def test_agreement_in_russian(text: str) -> None:
    assert agrees(text, RU)


def test_a_typed_win_while_a_question_is_open_in_russian() -> None:
    assert read_while_asked("прочитал 20 страниц", RU) is WhileAsked.WIN
    assert read_while_asked("читать 20 страниц", RU) is WhileAsked.ANSWER  # a plan, not a deed
    assert read_while_asked("сделал", RU) is WhileAsked.LOGGING
    assert read_while_asked("хочу бегать", RU) is WhileAsked.ANSWER


def test_russian_words_are_not_read_for_an_english_user() -> None:
    assert read_win("сделал") is None
    assert not agrees("да")
    assert lexicon("ru").code == RU
