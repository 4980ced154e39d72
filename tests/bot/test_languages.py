"""The coach speaks the user's language: taken from Telegram on first contact, changed in
/settings, and the command menu in each language."""

from __future__ import annotations

from datetime import time

import pytest

from bot.context import BotApplication
from fake_telegram import FakeTelegram
from tests.bot.journeys import stored_user

pytestmark = pytest.mark.usefixtures("bot")


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

    assert zone.texts[0] == "Понял: Москва, там сейчас 23:40."
    assert "Во сколько присылать утреннее напоминание?" in zone.texts[1]
    await olga.press("7:30")
    assert "Готово ✅ Буду напоминать каждое утро в 7:30 (время — Москва)." in (
        olga.last_message.text
    )
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.nudge_time) == ("Europe/Moscow", time(7, 30))


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
