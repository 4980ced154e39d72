"""The coach speaks the user's language: taken from Telegram on first contact, changed in
/settings, and the command menu in each language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import time, timedelta

import pytest

from bot.coach.models import EntryStatus, NewEntry
from bot.config import Settings
from bot.context import BotApplication
from fake_telegram import FakeTelegram, FakeUser
from storage.base import Repository
from storage.open import open_repository
from tests.bot.daily import TODAY, add_novel
from tests.bot.journeys import stored_user
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


@pytest.fixture
async def db(settings: Settings, bot: BotApplication) -> AsyncIterator[Repository]:
    """A second repository on the bot's database file, to seed goals."""
    repository = await open_repository(settings.database_url)
    yield repository
    await repository.close()


async def set_up_in(fake: FakeTelegram, code: str, name: str, city: str) -> FakeUser:
    """A user whose Telegram speaks ``code``, set up in ``city`` with a 7:30 nudge."""
    user = fake.user(1001, name, language_code=code)
    await user.send("/start")
    await user.send(city)
    await user.press("7:30")
    return user


@pytest.mark.parametrize(
    ("code", "language", "greeting"),
    [
        ("ru", "ru", "Привет, Ada! Я Small Wins."),
        ("es-419", "es", "¡Hola, Ada! Soy Small Wins."),
        ("pt-br", "pt_BR", "Oi, Ada! Eu sou o Small Wins."),
        ("pt", "pt_BR", "Oi, Ada! Eu sou o Small Wins."),
        ("de", "en", "Hi, Ada! I'm Small Wins."),
        (None, "en", "Hi, Ada! I'm Small Wins."),
    ],
)
async def test_a_new_user_is_greeted_in_their_telegram_language(
    fake: FakeTelegram, bot: BotApplication, code: str | None, language: str, greeting: str
) -> None:
    ada = fake.user(1001, "Ada", language_code=code)

    reaction = await ada.send("/start")

    assert greeting in reaction.text
    assert (await stored_user(bot, 1001)).language == language


async def test_set_up_in_russian_with_a_city_in_cyrillic(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    olga = fake.user(1001, "Ольга", language_code="ru")
    start = await olga.send("/start")
    assert "Где ты находишься?" in start.text
    assert olga.reply_keyboard is not None
    assert olga.reply_keyboard.labels == [["📍 Отправить геопозицию"]]

    zone = await olga.send("Москва")

    assert zone.texts[0] == "Принято: Москва, там сейчас 23:40."
    assert "Во сколько присылать утреннее напоминание?" in zone.texts[1]
    await olga.press("7:30")
    assert "Готово ✅ Буду напоминать каждое утро в 7:30 (время — Москва)." in (
        olga.last_message.text
    )
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.nudge_time) == ("Europe/Moscow", time(7, 30))


@pytest.mark.parametrize(
    "case",
    [
        ("ru", "Санкт-Петербург", "Принято: Санкт-Петербург, там сейчас 23:40.", "Europe/Moscow"),
        ("ru", "новосибирск", "Принято: Новосибирск, там сейчас 3:40.", "Asia/Novosibirsk"),
        ("es", "Ciudad de México", "Entendido: Ciudad de México, donde ahora son las 14:40.",
         "America/Mexico_City"),
        ("pt-br", "Belo Horizonte", "Entendi: Belo Horizonte, onde agora são 17:40.",
         "America/Sao_Paulo"),
    ],
)  # fmt: skip
async def test_a_city_named_in_the_users_own_words_is_said_back_as_written(
    fake: FakeTelegram, bot: BotApplication, case: tuple[str, str, str, str]
) -> None:
    code, typed, said, zone = case
    user = fake.user(1001, "Ada", language_code=code)
    await user.send("/start")

    placed = await user.send(typed)

    assert placed.texts[0] == said
    assert (await stored_user(bot, 1001)).timezone == zone


async def test_a_language_code_changed_later_does_not_switch_the_coach(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ana = fake.user(1001, "Ana", language_code="es")
    await ana.send("/start")
    ana.info.language_code = "en"

    reply = await ana.send("/help")

    assert "Lo que sé hacer" in reply.text
    assert (await stored_user(bot, 1001)).language == "es"


async def test_the_language_is_changed_in_settings_and_the_answer_comes_in_it(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")
    await ada.send("Lisbon")
    await ada.press("7:00")
    settings = await ada.send("/settings")
    assert "🗣 Language: English" in settings.text

    picker = await ada.press("🗣 Language")
    assert picker.reply.buttons == [
        ["✓ English"],
        ["Русский"],
        ["Español"],
        ["Português (Brasil)"],
    ]
    chosen = await ada.press("Português (Brasil)")

    [confirmation] = chosen.edited  # the picker itself turns into the answer
    assert confirmation.text.startswith("🗣 Pronto — agora eu falo português com você.")
    assert (await stored_user(bot, 1001)).language == "pt_BR"
    again = await ada.send("/settings")
    assert "🗣 Idioma: Português (Brasil)" in again.text
    assert "🌍 Fuso horário: Lisboa (UTC, agora lá são 20:40)" in again.text
    assert again.reply.buttons[0] == ["🌍 Fuso horário", "⏰ Hora do lembrete"]


async def test_a_forged_language_button_changes_nothing(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")

    reaction = await ada.press_data("lang:de")

    assert reaction.answer_text == "That button has expired — try the command again."
    assert (await stored_user(bot, 1001)).language == "en"


@pytest.mark.parametrize(
    ("code", "help_line"),
    [
        ("en", ("help", "What I can do")),
        ("ru", ("help", "Что я умею")),
        ("es", ("help", "Lo que sé hacer")),
        ("pt-br", ("help", "O que eu sei fazer")),
        ("fr", ("help", "What I can do")),
    ],
)
async def test_the_command_menu_is_in_the_clients_language(
    fake: FakeTelegram, code: str, help_line: tuple[str, str]
) -> None:
    menu = fake.user(1001, "Ada", language_code=code).command_menu()

    assert help_line in menu
    assert [name for name, _ in menu] == [name for name, _ in fake.user(2002).command_menu()]


async def test_help_and_unknown_input_answer_in_the_users_language(fake: FakeTelegram) -> None:
    olga = fake.user(1001, "Ольга", language_code="ru")
    await olga.send("/start")
    await olga.send("Москва")
    await olga.press("7:30")

    assert "/today — Дела на сегодня" in (await olga.send("/help")).text
    assert (await olga.send("привет")).text.startswith("Привет, Ольга! 👋")
    assert (await olga.send("/nope")).text == (
        "Команду /nope я пока не знаю. В /help — всё, что я умею."
    )
    assert (await olga.send("/cancel")).text == "Отменять нечего — всё в порядке."


async def test_a_comeback_in_russian(
    fake: FakeTelegram, db: Repository, clock: FrozenClock
) -> None:
    olga = await set_up_in(fake, "ru", "Ольга", "Москва")
    await add_novel(db, now=clock(), start=TODAY - timedelta(days=3))

    offer = await olga.send("/comeback")

    assert offer.text.startswith("Один пропуск — случайность, два — знак")
    assert "Для цели «Write a novel» начни с минимума: write 50 words." in offer.text
    assert offer.reply.buttons == [
        ["🪶 Начать с: write 50 words"],
        ["✏️ Другой минимум"],
        ["Не сейчас"],
    ]
    started = await olga.press("🪶 Начать с: write 50 words")
    assert started.text.startswith(
        "🪶 Договорились. С сегодняшнего дня: write 50 words (шаг 1 из 8)."
    )


async def test_erasing_everything_is_asked_and_kept_in_spanish(fake: FakeTelegram) -> None:
    ana = await set_up_in(fake, "es", "Ana", "Madrid")

    asked = await ana.send("/delete")

    assert asked.text.startswith("Esto borra todo: tus ajustes, metas, hitos")
    assert asked.reply.buttons == [["🗑 Sí, borrar todo"], ["Conservar mis datos"]]
    kept = await ana.press("Conservar mis datos")
    [answer] = kept.edited
    assert answer.text == "No se borró nada. Tus logros están a salvo. 🌱"


async def test_today_and_a_win_in_portuguese(
    fake: FakeTelegram, db: Repository, clock: FrozenClock
) -> None:
    joao = await set_up_in(fake, "pt-br", "João", "São Paulo")
    await add_novel(db, now=clock())

    card = await joao.send("/today")

    assert "Hoje: write 480 words" in card.text
    assert "Dia difícil? O mínimo conta: write 50 words" in card.text
    assert card.reply.buttons == [["✅ Feito"], ["🪶 Fiz o mínimo", "😴 Dia de descanso"]]
    logged = await joao.press("✅ Feito")
    [reply] = logged.edited
    assert reply.text.startswith("✅ Feito: write 480 words para Write a novel!")
    assert "🔥 Sequência 1 · recorde 1" in reply.text
    assert "🪪 Voto 1 para “Eu sou alguém que escreve”" in reply.text
    assert reply.buttons == [["↩️ Desfazer"]]


async def test_a_win_typed_in_the_phones_language_counts_after_switching_to_another(
    fake: FakeTelegram, db: Repository, clock: FrozenClock
) -> None:
    olga = await set_up_in(fake, "ru", "Ольга", "Москва")
    await add_novel(db, now=clock())
    await olga.send("/settings")
    await olga.press("🗣 Язык")
    await olga.press("English")

    logged = await olga.send("написала 300 слов")

    assert logged.text.startswith("✅ 300 words logged")
    assert "Write a novel" in logged.text


async def test_a_typed_win_and_the_streak_in_russian(
    fake: FakeTelegram, db: Repository, clock: FrozenClock
) -> None:
    olga = await set_up_in(fake, "ru", "Ольга", "Москва")
    await add_novel(db, now=clock())

    logged = await olga.send("сделала")

    assert logged.text.startswith("✅ Сделано: write 480 words — Write a novel!")
    assert "🪪 Голос №1 за «Я пишу»" in logged.text
    streak = await olga.send("/streak")
    assert streak.reply.photo is not None
    assert "🔥 Серия 1 · рекорд 1" in streak.text
    assert "🟩 сделано 🟧 частично 🟨 минимум" in streak.text
    assert ["❓ Сила"] in streak.reply.buttons


async def test_a_plan_in_spanish(fake: FakeTelegram) -> None:
    ana = await set_up_in(fake, "es", "Ana", "Madrid")

    vision = await ana.send("/plan")
    assert vision.text.startswith("🏔 La visión · paso 1 de 8")
    outcome = await ana.send("escribir una novela")
    assert outcome.text.startswith("🎯 Dentro de 12 semanas · paso 2 de 8\n\nRumbo a escribir")
    monthly = await ana.send("40000 words")
    assert monthly.text.startswith("🗓 Cada mes del plan (4 semanas) · paso 3 de 8")
    assert "en 12 semanas: más o menos" in monthly.text
    weekly = await ana.press(ana.last_message.buttons[0][0])
    assert "tu micro-meta semanal" in weekly.texts[-1]
    daily = await ana.press(ana.last_message.buttons[0][0])
    assert "Ahora lo esencial" in daily.texts[-1]
    mva = await ana.press(ana.last_message.buttons[0][0])
    assert "🪶 El mínimo para días difíciles · paso 6 de 8" in mva.texts[-1]
    identity = await ana.send("50 words")
    assert "Termina la frase Soy …" in identity.texts[-1]
    start = await ana.press("Saltar")
    assert ["Lunes · lun, 23 de noviembre"] in start.reply.buttons
    summary = await ana.press("Lunes · lun, 23 de noviembre")
    assert summary.texts[-1].startswith("📋 Tu plan\n\n🏔 Visión: escribir una novela")
    assert "🚀 Inicio: lun, 23 de noviembre" in summary.texts[-1]
    done = await ana.press("✅ Se ve bien, ¡vamos!")
    assert done.texts[-1].startswith("🎉 ¡Estás dentro! El primer día es el lun, 23 de noviembre")
    assert "Te avisaré cada mañana a las 7:30." in done.texts[-1]


@pytest.mark.parametrize(
    "case",
    [
        (
            "ru",
            "Москва",
            "📅 Итоги твоей недели · пн, 16 ноября – вс, 22 ноября",
            "✅ 7/7 дн. (100\xa0%) · 🔥 серия 7",
            "👍 Write a novel: 3\xa0600 слов",
            "👍 Цель «Write a novel»: на следующей неделе — 3\xa0600 слов, с пн, 23 ноября",
        ),
        (
            "es",
            "Madrid",
            "📅 Tu semana en repaso · lun, 16 de noviembre – dom, 22 de noviembre",
            "✅ 7/7 días (100\xa0%) · 🔥 racha 7",
            "👍 Write a novel: 3.600 palabras",
            "👍 La próxima semana de Write a novel: 3.600 palabras, desde el lun, 23 de noviembre.",
        ),
        (
            "pt-br",
            "São Paulo",
            "📅 Sua semana em revisão · seg., 16 de novembro – dom., 22 de novembro",
            "✅ 7/7 dias (100%) · 🔥 sequência 7",
            "👍 Write a novel: 3.600 palavras",
            "👍 A próxima semana de Write a novel: 3.600 palavras, "
            "a partir de seg., 23 de novembro.",
        ),
    ],
)
async def test_the_weekly_review_in_each_language(
    fake: FakeTelegram, db: Repository, clock: FrozenClock, case: tuple[str, ...]
) -> None:
    code, city, heading, kept, button, accepted = case
    user = await set_up_in(fake, code, "Ana", city)
    monday = TODAY - timedelta(days=6)
    goal = await add_novel(db, now=clock(), start=monday)
    for offset in range(6):
        entry = NewEntry(
            goal.goal_id,
            1001,
            monday + timedelta(days=offset),
            EntryStatus.DONE,
            480,
            goal.daily_measure,
        )
        await db.append_entry(entry, clock())
    await user.send({"ru": "сделал", "es": "hecho", "pt-br": "feito"}[code])  # in their words

    review = await user.send("/week")

    assert review.reply.photo is not None  # the week as a card
    assert review.text.startswith(heading)
    assert kept in review.text
    assert review.reply.buttons == [[button]]
    chosen = await user.press(button)
    # The week's level is written in the user's language, its unit and number too.
    assert chosen.texts[-1].startswith(accepted)
