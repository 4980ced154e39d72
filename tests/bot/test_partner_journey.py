"""Two new people try the accountability partner from start to finish (rule 13).

Ana sets up and opens /partner. "<b>Ben & Co</b>" (his name as he typed it in Telegram) has
never used the bot: he opens her link, the bot restarts for a deploy, and he accepts. A week
passes — every day kept but Thursday. After Ana's Sunday review Ben gets her week: kept days,
streak, hit rate and votes, and nothing of her plan or of the day she missed. He claps. Ana
picks the new month for a fresh start and Ben hears it the evening before; his note, written
at 23:30, reaches her with her morning nudge. Ana removes Ben; he is told once, and his old
buttons and link change nothing. Nothing is sent twice, and nothing comes at night.
"""

from __future__ import annotations

from datetime import timedelta

from bot.config import Settings
from fake_telegram import FakeTelegram, MessageView
from tests.bot.daily import add_novel
from tests.bot.journeys import set_up
from tests.bot.partnering import ACCEPT, DECLINE, after_press, invite_code
from tests.bot.scheduling import BERLIN, MONDAY, driven_bot, local
from tests.support import FrozenClock

BEN = "<b>Ben & Co</b>"
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]
THURSDAY, NEXT_SUNDAY = WEEK[3], WEEK[6]
NEXT_MONDAY, NEXT_TUESDAY = NEXT_SUNDAY + timedelta(days=1), NEXT_SUNDAY + timedelta(days=2)
CHEERS = [["👏", "🔥", "💪"], ["✍️ Send a note"]]


def from_bot(messages: list[MessageView]) -> list[MessageView]:
    return [m for m in messages if m.from_bot]


async def test_ana_invites_ben_a_week_passes_she_restarts_and_his_cheers_come_back(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock
) -> None:
    ana, ben = fake.user(1001, "Ana"), fake.user(2002, BEN)
    async with driven_bot(fake, settings, clock) as (step, db):
        await set_up(ana)
        await add_novel(db, start=MONDAY, now=clock())  # "I am a writer", 480 words a day
        page = await ana.send("/partner")
        code = invite_code(page.reply)
        offer = await ben.send(f"/start {code}")

    assert "never a missed day" in page.text
    assert "📤 Send the link to a friend" in page.reply.button_labels
    assert offer.text.startswith("👋 Ana would like you as their accountability partner")
    assert offer.reply.buttons == [[ACCEPT, DECLINE]]

    async with driven_bot(fake, settings, clock) as (step, db):  # restarted between the two
        accepted = await ben.press(ACCEPT, message=offer.reply)
        await step.run()

        assert "You're now Ana's accountability partner" in after_press(accepted)
        assert [m.message_id for m in accepted.edited] == [offer.reply.message_id]
        joined = ana.last_message
        assert joined.text.startswith(f"🤝 {BEN} accepted your invite")
        assert "&lt;b&gt;Ben &amp; Co&lt;/b&gt;" in (joined.html or "")

        for day in WEEK:
            await step.at(local(day, 7, 30))
            if day != THURSDAY:
                await step.at(local(day, 12, 0))
                assert "✅" in (await ana.send("done")).text
        heard = len(ben.messages)
        review = await step.at(local(NEXT_SUNDAY, 18, 0))
        after_review = await step.run()

        assert (review.sent, after_review.sent) == (1, 1)  # Ana's review, then Ben's digest
        assert ana.last_message.text.startswith("📅 Your week in review")
        digest = ben.last_message
        assert digest.date == local(NEXT_SUNDAY, 18, 0)
        assert len(ben.messages) == heard + 1
        assert digest.photo is not None
        assert digest.text.startswith("📅 Ana's week · Mon 23 Nov – Sun 29 Nov")
        assert "🟩🟩🟩🟩🟩🟩\n6 of 7 days (86%) · streak 3 · 6 votes" in digest.text
        for private in ("Write a novel", "writer", "480", "⬜", "Thu", "miss"):
            assert private not in digest.text
        assert digest.buttons == CHEERS

        clapped = await ben.press("👏", message=digest)
        await step.run()

        assert clapped.answer_text == "👏 sent to Ana!"
        assert ben.message(digest.message_id).buttons == [["✍️ Send a note"]]  # edited in place
        assert ana.last_message.text == f"👏 from {BEN} for your week"

        offered = await ana.send("/freshstart")
        await ana.press(next(b for b in offered.reply.button_labels if "a new month" in b))
        await step.at(local(NEXT_MONDAY, 7, 30))
        before = await step.at(local(NEXT_MONDAY, 18, 59))
        await step.at(local(NEXT_MONDAY, 19, 0))

        assert before.sent == 0
        restart = ben.last_message
        assert restart.text == (
            "🌅 Ana makes a fresh start tomorrow.\n"
            "A word from you tonight makes it easier to begin."
        )
        assert restart.date == local(NEXT_MONDAY, 19, 0)

        clock.set(local(NEXT_MONDAY, 23, 30))
        await ben.press("✍️ Send a note", message=restart)
        noted = await ben.send("You've got this, <Ana> & all!")
        at_night = await step.run()
        morning = await step.at(local(NEXT_TUESDAY, 7, 30))

        assert "gets your note with the morning message" in noted.text
        assert at_night.sent == 0
        note, nudge = ana.messages[-2:]
        assert note.text == f"💬 {BEN} on your fresh start: “You've got this, <Ana> & all!”"
        assert nudge.text.startswith("☀️")
        assert note.date == nudge.date == local(NEXT_TUESDAY, 7, 30)
        assert morning.sent == 2

        await ana.send("/partner")
        await ana.press(f"Remove {BEN}")
        removed = await ana.press("Yes, remove")
        told = await step.run()
        old_cheer = await ben.press("💪", message=restart)
        old_accept = await ben.press_data(f"pt:a:{code}", message=offer.reply)
        old_link = await ben.send(f"/start {code}")
        nothing_more = await step.run()

        assert f"Done — {BEN} is no longer your partner" in after_press(removed)
        assert told.sent == 1
        assert old_cheer.answer_text == "You no longer support Ana — nothing was sent."
        for said in (after_press(old_accept), old_link.text):
            assert "used already" in said
        assert nothing_more.sent == 0
        assert await db.list_partners(1001) == []

    to_ben = [m.text for m in from_bot(ben.messages)]
    for news in ("📅 Ana's week", "🌅 Ana makes a fresh start", "Ana has closed"):
        assert sum(text.startswith(news) for text in to_ben) == 1  # nothing twice
    assert [m for m in from_bot(ana.messages) if night(m)] == []
    answers = ("✍️ Write Ana one line", "💬 Got it — Ana gets your note")  # to his own taps
    assert [m.text.startswith(answers) for m in from_bot(ben.messages) if night(m)] == [True] * 2


def night(message: MessageView) -> bool:
    hour = message.date.astimezone(BERLIN).hour
    return hour >= 22 or hour < 7
