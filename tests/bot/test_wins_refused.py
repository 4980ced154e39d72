"""Wins refused or checked: nonsense amounts, archived or paused goals, forged buttons, races."""

from __future__ import annotations

import asyncio

import pytest

from bot.coach.models import GoalStatus
from fake_telegram import FakeTelegram, FakeUser
from storage.base import Repository
from tests.bot.daily import (
    TODAY,
    add_habit,
    add_novel,
    entries_of,
    next_day,
)
from tests.bot.journeys import press_data, set_up
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("-5 words", "Negative amounts don't count"),
        ("1e9 words", "more than one day can hold"),
        ("NaN pages", "That number doesn't look right"),
        ("wrote lots", "How much, roughly?"),
        ("wrote 0 words", "Zero is a rest, not a win"),
        ("ran 30 hours", "more than one day can hold"),
        ("walked 10^30 km", "more than one day can hold"),  # not 30 km (issue 15, 11)
        ("wrote 10**30 words", "more than one day can hold"),
        ("wrote 10³⁰ words", "more than one day can hold"),
    ],
)
async def test_nonsense_quantities_get_a_clear_answer_and_log_nothing(
    ada: FakeUser, db: Repository, clock: FrozenClock, text: str, answer: str
) -> None:
    novel = await add_novel(db, now=clock())

    reaction = await ada.send(text)

    assert answer in reaction.text
    assert await entries_of(db, novel) == []


async def test_an_archived_goal_cannot_be_logged(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    card = await ada.send("/today")
    await db.set_goal_status(1001, novel.goal_id, GoalStatus.ARCHIVED, clock())

    pressed = await ada.press("✅ Done", message=card.reply)
    typed = await ada.send("done")
    command = await ada.send("/done")
    today = await ada.send("/today")

    assert pressed.answer_text == "That goal isn't available any more."
    assert pressed.edited == pressed.sent == ()
    assert "You don't have an active goal yet" in typed.text
    assert "/plan" in command.text
    assert "/plan" in today.text
    assert await entries_of(db, novel, undone=True) == []


async def test_a_paused_goal_is_refused_with_a_hint(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    card = await ada.send("/today")
    await db.set_goal_status(1001, novel.goal_id, GoalStatus.PAUSED, clock())

    pressed = await ada.press("🪶 Did the minimum", message=card.reply)

    assert pressed.answer_text == "That goal is paused — resume it in /goals."
    assert await entries_of(db, novel) == []


async def test_forged_buttons_for_another_users_goal_change_nothing(
    fake: FakeTelegram, ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.send("wrote 300 words")
    mallory = fake.user(1002, "Mallory")
    await set_up(mallory)
    await add_habit(db, "Mallory's own", "one thing", None, now=clock(), user_id=1002)
    before = await entries_of(db, novel, undone=True)
    goal = novel.goal_id

    for data in (
        f"w:d:{goal}:{TODAY:%Y%m%d}",
        f"w:m:{goal}:{TODAY:%Y%m%d}",
        f"w:s:{goal}:{TODAY:%Y%m%d}",
        f"w:u:{goal}",
        f"wp:{goal}:d:t:400:words",
        f"wp:{goal}:u:t",
        f"cm:start:{goal}",
        f"cm:up:{goal}",
        f"cm:grow:{goal}",
        f"cm:mine:{goal}",
        f"cm:pick:{goal}",
        f"sk:m:{goal}",
        f"sk:y:{goal}",
        f"sk:why:{goal}",
        f"pr:{goal}",
        f"pr:c:{goal}:7",
        "pr:c:1:x",
        "w:d:x:20261122",
        "w:d:1:20261399",
        "w:zz",
        "cm:boom:1",
        "sk:m:999999",
    ):
        forged = await press_data(mallory, data)
        assert forged.answer is not None, data
        assert forged.answer_text is not None, data
        assert forged.sent == forged.edited == (), data

    assert await entries_of(db, novel, undone=True) == before
    assert await db.list_target_levels(1001, goal) == []
    assert await db.get_goal(1001, goal) == novel
    stored = await db.get_user(1002)
    assert stored is not None
    assert stored.dialog is None


async def test_a_forged_quantity_button_is_checked_like_a_typed_one(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.send("/today")
    goal = novel.goal_id

    for data in (
        f"wp:{goal}:d:t:-5:words",
        f"wp:{goal}:d:t:nan:words",
        f"wp:{goal}:d:t:1e9:x",
        f"wp:{goal}:d:t:5000000:words",  # more than a typed win may carry
    ):
        forged = await press_data(ada, data)
        assert forged.answer_text is not None, data

    assert await entries_of(db, novel) == []


async def test_two_racing_messages_neither_lose_nor_double_an_entry(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())

    taps = [ada.post("done"), ada.post("done")]
    await asyncio.gather(*(ada.reaction(update) for update in taps))

    replies = [message.text for message in ada.messages[-2:]]
    assert "✅ Done: write 480 words" in replies[0]
    assert "Already counted" in replies[1]
    assert len(await entries_of(db, novel)) == 1
    monday = next_day(clock)
    sessions = [ada.post("wrote 200 words"), ada.post("wrote 300 words")]
    await asyncio.gather(*(ada.reaction(update) for update in sessions))
    entries = await entries_of(db, novel)
    assert [(e.local_date, e.quantity) for e in entries][1:] == [(monday, 200), (monday, 300)]
    # Monday starts a new week; the plan month holds Sunday's 480 too.
    assert "500/3,300 words this week · 980/13,300 words in plan month 1" in (ada.last_message.text)


async def test_pausing_a_goal_in_goals_keeps_its_streak_when_resumed(
    ada: FakeUser, db: Repository, clock: FrozenClock
) -> None:
    novel = await add_novel(db, now=clock())
    await ada.send("done")
    await ada.press_data(f"g:pause:{novel.goal_id}")
    for _ in range(4):
        next_day(clock)

    await ada.press_data(f"g:resume:{novel.goal_id}")
    today = await ada.send("/today")

    assert "Streak 1" in today.text  # four days away, the streak holds
    assert "⏸️" in today.text
