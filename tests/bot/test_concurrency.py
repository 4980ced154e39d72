"""Chats are served side by side, each in its own order (issue 15, defect 7).

One heavy user (a slow export) no longer holds up everyone else; one user's messages are still
handled one after another, in the order sent; nothing is counted twice or lost on either
database engine when many people write at once.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.coach.models import EntryStatus
from bot.context import BotApplication
from fake_telegram import FakeTelegram
from tests.bot.daily import add_novel, entries_of
from tests.bot.journeys import set_up
from tests.databases import BACKENDS, fresh_repository
from tests.support import FrozenClock, bot_running, settings_for

TELEGRAM_IS_SLOW = 2.0
"""Seconds Telegram takes to answer one chat (the fake answers late, like a big upload)."""


async def test_another_user_is_answered_while_one_chat_waits_on_telegram(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
    await set_up(ada)
    fake.faults.inject("slow", method="sendMessage", chat_id=ada.id, delay=TELEGRAM_IS_SLOW)
    sent_before = fake.arrivals.count("sendMessage")
    slow = ada.post("/help")
    await fake.wait_for(
        lambda: fake.arrivals.count("sendMessage") > sent_before, what="Ada's slow answer"
    )

    helped = await bo.send("/help")

    assert "/settings" in helped.text
    assert not fake.is_processed(slow)  # Bo was answered while Ada's answer was on its way
    answered = await ada.reaction(slow, timeout=TELEGRAM_IS_SLOW + 10)
    assert "/settings" in answered.text


async def test_an_export_on_its_way_holds_up_nobody_and_is_made_once(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
    await set_up(ada)
    fake.faults.inject(  # a big upload: nothing reaches the chat until it is done
        "slow", method="sendDocument", chat_id=ada.id, delay=TELEGRAM_IS_SLOW, takes_effect=False
    )
    await ada.send("/export")
    await fake.wait_for(lambda: "sendDocument" in fake.arrivals, what="the export's upload")

    again = await ada.send("/export")
    meanwhile = await ada.send("/help")
    other = await bo.send("/help")

    assert "on its way" in again.text
    assert "/settings" in meanwhile.text  # Ada is not stuck behind her own export
    assert "/settings" in other.text
    assert fake.calls_to("sendDocument", ada.id) == []  # all that while, still uploading
    exported = await ada.wait_for_message(
        lambda m: m.document_name is not None, timeout=TELEGRAM_IS_SLOW + 10
    )
    assert exported.document_name == "small-wins-export.json"
    assert len(fake.calls_to("sendDocument", ada.id)) == 1


async def test_one_users_messages_are_handled_in_the_order_sent(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    # Typed quickly, before any answer: each answer only makes sense after the one before.
    updates = [ada.post(text) for text in ("/plan", "write a novel", "40,000 words of my draft")]

    for update in updates:
        await ada.reaction(update)

    vision, outcome, month = (message.text for message in ada.messages[-3:])
    assert "step 1 of" in vision
    assert "12 weeks" in outcome
    assert "13,300 words" in month


@pytest.mark.parametrize("backend", BACKENDS)
async def test_twenty_people_at_once_and_a_burst_count_exactly(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path, backend: str
) -> None:
    async with fresh_repository(backend, tmp_path) as db:
        settings = settings_for(fake, tmp_path / "unused.db")
        async with bot_running(fake, settings, clock, repository=db):
            people = [fake.user(2000 + n, f"P{n}") for n in range(20)]
            await asyncio.gather(*(set_up(person) for person in people))
            novels = [await add_novel(db, user_id=p.id, now=clock()) for p in people]
            ada = people[0]

            # Everyone logs at once; Ada also sends a burst of ten sessions.
            done = [person.post("done") for person in people[1:]]
            burst = [ada.post(f"wrote {100 + n} words") for n in range(10)]
            await asyncio.gather(*(p.reaction(u) for p, u in zip(people[1:], done, strict=True)))
            for update in burst:
                await ada.reaction(update)

            for novel in novels[1:]:
                assert [e.status for e in await entries_of(db, novel)] == [EntryStatus.DONE]
            ada_entries = await entries_of(db, novels[0])
            assert [e.quantity for e in ada_entries] == [100 + n for n in range(10)]
            # In order: each reply counts one more session than the one before.
            counted = [
                m.text.split(" words this week")[0].split(" · ")[-1].split("/")[0]
                for m in ada.messages[-10:]
            ]
            assert counted == [f"{sum(range(100, 101 + n)):,}" for n in range(10)]
            assert fake.bot_errors() == []
