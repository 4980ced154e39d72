"""Ben cheers back in one tap (rule 13).

Under every message about Ada, Ben has 👏 🔥 💪 and "Send a note" (one line, at most 200
characters). Ada gets it at once — or, when it comes in her quiet hours, with her morning
nudge — once per message. A button Ben was never sent, or one about a partnership that ended,
changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from fake_telegram import FakeTelegram, FakeUser, MessageView
from storage.base import Repository
from tests.bot.journeys import press_data
from tests.bot.partnering import partner_up
from tests.bot.scheduling import (
    MONDAY,
    SUNDAY,
    Step,
    add_goal,
    deliveries_of,
    enrol,
    keep,
    local,
)
from tests.support import FrozenClock

pytestmark = pytest.mark.scheduler_by_hand


async def seventh_day(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock, *, name: str = "Ada"
) -> tuple[FakeUser, FakeUser, MessageView]:
    """Ada (Berlin) keeps her 7th day at 21:40 on Sunday; Ben, her partner, hears of it."""
    ada = await enrol(fake, step.services, 1001, name=name)
    ben = fake.user(2002, "Ben")
    await partner_up(ada, ben, step)
    start = SUNDAY - timedelta(days=6)
    goal = await add_goal(db, 1001, clock(), start=start)
    await keep(db, goal, *[start + timedelta(days=n) for n in range(6)], now=clock())
    await ada.send("done")
    await step.run()
    news = ben.last_message
    assert news.text == f"🎉 {name} has kept it up 7 days in a row!"
    return ada, ben, news


def delivery_of(news: MessageView) -> int:
    """The outbox id a partner message's cheer buttons name."""
    data = news.button_data[0][0]
    assert data is not None
    return int(data.split(":")[2])


async def test_ben_claps_and_ada_hears_it_at_once(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada, ben, news = await seventh_day(fake, step, db, clock)

    clapped = await ben.press("👏", message=news)
    delivered = await step.run()
    again = await press_data(ben, f"pt:c:{delivery_of(news)}:2", message=news)
    nothing_more = await step.run()

    assert clapped.answer_text == "👏 sent to Ada!"
    assert ben.message(news.message_id).buttons == [["✍️ Send a note"]]  # one reaction each
    assert delivered.sent == 1
    assert ada.last_message.text == "👏 from Ben for your 7-day streak"
    assert again.answer_text == "You've answered this one that way already 🙂"
    assert nothing_more.sent == 0


async def test_a_cheer_in_ada_s_quiet_hours_comes_with_her_morning_nudge(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada, ben, news = await seventh_day(fake, step, db, clock)
    clock.set(local(SUNDAY, 23, 30))

    flexed = await ben.press("💪", message=news)
    at_night = await step.run()
    morning = await step.at(local(MONDAY, 7, 30))

    assert flexed.answer_text == "💪 on its way — Ada gets it with the morning message."
    assert at_night.sent == 0
    assert morning.sent == 2  # the cheer and the nudge, at her nudge time
    arrived = [m for m in ada.messages if m.date == local(MONDAY, 7, 30)]
    assert len(arrived) == 2
    assert arrived[0].text == "💪 from Ben for your 7-day streak"
    assert arrived[1].text.startswith("☀️")


async def test_ben_sends_a_note_of_one_line(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada, ben, news = await seventh_day(fake, step, db, clock)

    asked = await ben.press("✍️ Send a note", message=news)
    too_long = await ben.send("x" * 201)
    sent = await ben.send("Well done! <3\nKeep going")  # "Well done" is the note, not a win
    delivered = await step.run()
    twice = await press_data(ben, f"pt:w:{delivery_of(news)}", message=news)
    not_a_note = await ben.send("And again!")
    nothing_more = await step.run()

    assert "Write Ada one line (up to 200 characters)" in asked.text
    assert "That's 201 characters — a note holds 200" in too_long.text
    assert sent.text == "💬 Sent to Ada. That'll land well."
    assert delivered.sent == 1
    note = ada.last_message
    assert note.text == "💬 Ben on your 7-day streak: “Well done! <3 Keep going”"
    assert "&lt;3" in (note.html or "")
    assert twice.answer_text == "You've answered this one that way already 🙂"
    assert "Write Ada" not in " ".join(not_a_note.texts)  # no question was opened
    assert nothing_more.sent == 0


async def test_forged_or_stale_cheers_change_nothing(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada, ben, news = await seventh_day(fake, step, db, clock)
    cleo = fake.user(3003, "Cleo")
    await cleo.send("/help")
    delivery = delivery_of(news)
    [nudge_row] = [
        row for row in await deliveries_of(db, 1001) if row.kind.startswith("partner_joined")
    ]

    not_hers = await press_data(cleo, f"pt:c:{delivery}:1")
    not_news = await press_data(ben, f"pt:c:{nudge_row.delivery_id}:1", message=news)
    no_note = await press_data(cleo, f"pt:w:{delivery}")
    await ada.send("/partner")
    await ada.press("Remove Ben")
    await ada.press("Yes, remove")
    ended = await ben.press("👏", message=news)
    delivered = await step.run()

    assert not_hers.answer_text == "That button no longer works."
    assert not_news.answer_text == "That button no longer works."
    assert no_note.answer_text == "That button no longer works."
    assert ended.answer_text == "You no longer support Ada — nothing was sent."
    assert [m.text for m in ada.messages if "from Ben" in m.text] == []
    assert (ended.sent, ended.edited) == ((), ())
    assert delivered.sent == 1  # only Ben's "closed" notice


async def test_a_note_that_cannot_go_says_why_with_her_name_as_she_wrote_it(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    name = "<Ada & Co>"
    ada, ben, news = await seventh_day(fake, step, db, clock, name=name)
    await ben.press("✍️ Send a note", message=news)

    sticker = await ben.send_sticker()
    await ada.send("/partner")
    await ada.press("Remove Ben")
    await ada.press("Yes, remove")
    ended = await ben.send("Proud of you!")

    assert sticker.text == f"A note needs a few words — what would you like to tell {name}?"
    assert ended.text == f"You no longer support {name} — nothing was sent."
    assert "&lt;Ada &amp; Co&gt;" in (ended.reply.html or "")
    assert [m.text for m in ada.messages if "Proud" in m.text] == []


async def test_a_note_to_someone_who_left_small_wins_meanwhile_is_dropped_kindly(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada, ben, news = await seventh_day(fake, step, db, clock)
    await ben.press("✍️ Send a note", message=news)
    await ada.send("/delete")
    await ada.press("🗑 Yes, erase everything")

    late = await ben.send("Proud of you!")
    after = await ben.send("done")

    assert late.text == "I can't pass that note on any more — nothing was sent."
    assert "note" not in after.text  # the question is closed
