"""The scheduled week in Russian, Spanish and Brazilian Portuguese: the morning nudges, the
evening reminder, the comeback after two misses, the fresh start and the weekly review (and
its card), and what a partner who speaks the language reads — no English word, no
English-formatted number."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from fake_telegram import FakeTelegram
from tests.bot.journeys import english_leaks
from tests.bot.partnering import invite_code
from tests.bot.scheduling import MONDAY, Step, local

pytestmark = pytest.mark.scheduler_by_hand

STORIES = {
    "ru": ("Ольга", "Москва", "Europe/Moscow", "написать роман", "написать 40000 слов", "Пётр"),
    "es": ("Ana", "Madrid", "Europe/Madrid", "escribir una novela",
           "escribir 40000 palabras", "Luis"),
    "pt-br": ("João", "São Paulo", "America/Sao_Paulo", "escrever um romance",
              "escrever 40000 palavras", "Bia"),
}  # fmt: skip
KEPT = (0, 1, 2, 5)
"""Days of the week (Monday is 0) the user keeps from the morning nudge; two misses between."""


@pytest.mark.parametrize("code", sorted(STORIES))
async def test_a_scheduled_week_and_a_partner_in_the_users_language(
    fake: FakeTelegram, step: Step, code: str
) -> None:
    name, city, zone, vision, outcome, friend = STORIES[code]
    user = fake.user(1001, name, language_code=code)
    await user.send("/start")
    await user.send(city)
    await user.press("7:30")
    await user.send("/plan")
    await user.send(vision)
    await user.send(outcome)
    for _ in range(4):  # month, week, day, minimum: as proposed
        await user.press(user.last_message.buttons[0][0])
    await user.press(user.last_message.buttons[1][0])  # no identity
    await user.press(user.last_message.buttons[1][0])  # start on Monday
    await user.press(user.last_message.buttons[0][0])  # confirm
    partner = fake.user(2002, friend, language_code=code)
    await partner.send(f"/start {invite_code((await user.send('/partner')).reply)}")
    await partner.press(partner.last_message.buttons[0][0])
    await step.run()
    seen = len(user.messages)

    for offset in range(7):
        day = MONDAY + timedelta(days=offset)
        await step.at(local(day, 7, 30, ZoneInfo(zone)))
        nudge = user.messages[-1]
        if offset in KEPT and nudge.buttons:
            await user.press(nudge.buttons[0][0], message=nudge)
        await step.at(local(day, 18, 1, ZoneInfo(zone)))  # Sunday: the weekly review
        await step.at(local(day, 20, 0, ZoneInfo(zone)))  # the evening reminder
    await partner.send("/partner")

    week = user.messages[seen:]
    # The mornings not tapped stay nudges; the tapped ones became the win's answer.
    assert sum(1 for message in week if message.text.startswith(("☀️", "✅"))) == 7
    assert any(message.text.startswith("🌙") for message in week)  # an evening reminder
    assert any(message.photo is not None for message in week)  # the weekly card
    assert english_leaks(week) == []
    assert len(partner.messages) >= 3
    assert english_leaks(partner.messages) == []
