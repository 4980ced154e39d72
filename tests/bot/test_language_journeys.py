"""A whole first week in Russian, Spanish and Brazilian Portuguese, as a new user lives it:
every text and button they read is in their language, with their numbers, units and dates
written the local way — an English word or an English-formatted number fails the journey."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from fake_telegram import FakeTelegram, FakeUser
from fake_telegram.views import MessageView, Reaction
from tests.bot.journeys import english_leaks
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


@dataclass(frozen=True)
class Story:
    """What one user types, in their language."""

    code: str
    name: str
    city: str
    said_back: str
    vision: str
    outcome: str
    monthly: str
    typed_win: str
    logged: str


STORIES = [
    Story(
        "ru",
        "Ольга",
        "Санкт-Петербург",
        "Принято: Санкт-Петербург, там сейчас 23:40.",
        "написать роман",
        "написать 40000 слов",
        "написать 13\u00a0300 слов",
        "написала 500 слов",
        "✅ Засчитано: 500 слов — написать роман!",
    ),
    Story(
        "es",
        "Ana",
        "Ciudad de México",
        "Entendido: Ciudad de México, donde ahora son las 14:40.",
        "escribir una novela",
        "escribir 40000 palabras",
        "escribir 13.300 palabras",
        "escribí 500 palabras",
        "✅ ¡Anotado: 500 palabras para escribir una novela!",
    ),
    Story(
        "pt-br",
        "João",
        "São Paulo",
        "Entendi: São Paulo, onde agora são 17:40.",
        "escrever um romance",
        "escrever 40000 palavras",
        "escrever 13.300 palavras",
        "escrevi 500 palavras",
        "✅ Registrado: 500 palavras para escrever um romance!",
    ),
]


class Reader:
    """Everything the user read, to check at the end."""

    def __init__(self, user: FakeUser) -> None:
        self.user = user
        self.read: list[MessageView] = []

    def saw(self, reaction: Reaction) -> Reaction:
        self.read.extend((*reaction.sent, *reaction.edited))
        return reaction

    async def send(self, text: str) -> Reaction:
        return self.saw(await self.user.send(text))

    async def press(self, label: str) -> Reaction:
        return self.saw(await self.user.press(label))

    async def take(self, row: int = 0) -> Reaction:
        return await self.press(self.user.last_message.buttons[row][0])


@pytest.mark.parametrize("story", STORIES, ids=[story.code for story in STORIES])
async def test_a_first_week_reads_wholly_in_the_users_language(
    fake: FakeTelegram, clock: FrozenClock, story: Story
) -> None:
    user = Reader(fake.user(1001, story.name, language_code=story.code))
    await user.send("/start")
    placed = await user.send(story.city)
    assert placed.texts[0] == story.said_back  # a native city name, said back as typed
    await user.press("7:30")
    await user.send("/plan")
    await user.send(story.vision)
    monthly = await user.send(story.outcome)
    assert monthly.reply.buttons[0] == [f"👍 {story.monthly}".replace("\xa0", " ")]
    for _ in range(4):  # month, week, day, minimum: as proposed
        await user.take()
    await user.take()  # the identity proposed
    await user.take()  # start today
    summary = user.user.last_message.text
    await user.take()  # confirm
    clock.advance(hours=12)

    await user.send("/today")
    logged = await user.send(story.typed_win)
    assert logged.text.splitlines()[0] == story.logged
    for command in ("/streak", "/progress", "/week", "/goals", "/settings", "/help", "/partner"):
        await user.send(command)
    clock.advance(days=3)
    await user.send("/comeback")

    assert "40000" not in summary.replace(story.outcome, "")  # only where the user typed it
    assert english_leaks(user.read) == []
