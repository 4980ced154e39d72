"""Each side of a partnership reads the coach in their own language."""

from __future__ import annotations

import pytest

from fake_telegram import FakeTelegram
from tests.bot.journeys import set_up
from tests.bot.partnering import after_press, invite_code
from tests.bot.scheduling import Step

pytestmark = pytest.mark.scheduler_by_hand


async def test_an_english_user_and_a_russian_partner_each_read_their_own_language(
    fake: FakeTelegram, step: Step
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    code = invite_code((await ada.send("/partner")).reply)
    olga = fake.user(2002, "Ольга", language_code="ru")

    opened = await olga.send(f"/start {code}")

    assert opened.text.startswith("👋 Ada зовёт тебя в партнёры по поддержке в Small Wins.")
    assert opened.reply.buttons == [["🤝 Да, я в деле", "Нет, спасибо"]]
    accepted = await olga.press("🤝 Да, я в деле")
    assert after_press(accepted).startswith("🤝 Готово: Ada теперь может на тебя рассчитывать")
    await step.run()
    assert ada.last_message.text.startswith("🤝 Ольга accepted your invite")
    assert "Ты поддерживаешь: Ada." in (await olga.send("/partner")).text
