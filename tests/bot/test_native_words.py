"""Wins typed in the user's own language count: the parsers read it first, English too."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.context import BotApplication
from fake_telegram import FakeTelegram, FakeUser
from storage.base import Repository
from storage.open import open_repository
from tests.bot.daily import add_novel, entries_of
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
    "case",
    [
        ("ru", "Ольга", "Москва", "написала 500 слов", 500.0, "500 слов"),
        ("ru", "Ольга", "Москва", "написала 21 слово", 21.0, "21 слово"),
        ("ru", "Ольга", "Москва", "написала 1500 слов", 1500.0, "1\xa0500 слов"),
        ("es", "Ana", "Madrid", "escribí 300 palabras", 300.0, "300 palabras"),
        ("es", "Ana", "Madrid", "escribí 1 palabra", 1.0, "1 palabra"),
        ("pt-br", "João", "São Paulo", "escrevi 250 palavras", 250.0, "250 palavras"),
        ("pt-br", "João", "São Paulo", "escrevi 1500 palavras", 1500.0, "1.500 palavras"),
    ],
)
async def test_a_win_typed_in_the_users_language_counts_its_amount(
    fake: FakeTelegram,
    db: Repository,
    clock: FrozenClock,
    case: tuple[str, str, str, str, float, str],
) -> None:
    code, name, city, typed, words, said = case
    user = await set_up_in(fake, code, name, city)
    novel = await add_novel(db, now=clock())

    logged = await user.send(typed)

    # Said back in the user's language, its unit in the right plural form.
    assert said in logged.text.splitlines()[0]
    assert "word" not in logged.text
    [entry] = await entries_of(db, novel)
    assert entry.quantity == words


@pytest.mark.parametrize(
    ("code", "typed"), [("ru", "сделала"), ("es", "hecho"), ("pt-br", "feito")]
)
async def test_a_bare_done_word_in_the_users_language_logs_the_day(
    fake: FakeTelegram, db: Repository, clock: FrozenClock, code: str, typed: str
) -> None:
    user = await set_up_in(fake, code, "Ada", "Lisboa")
    novel = await add_novel(db, now=clock())

    await user.send(typed)

    assert len(await entries_of(db, novel)) == 1


async def test_english_still_works_for_a_russian_user(
    fake: FakeTelegram, db: Repository, clock: FrozenClock
) -> None:
    olga = await set_up_in(fake, "ru", "Ольга", "Москва")
    novel = await add_novel(db, now=clock())

    await olga.send("wrote 400 words")

    [entry] = await entries_of(db, novel)
    assert entry.quantity == 400.0
