"""The weekly card: /week and the scheduled review come as a picture of the week (rule 13).

One picture per review, with the review's text as its caption and its buttons under it; a
review too long for a caption follows the card as its own message. The card's days are the
user's week, read from the same figures as the text.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from bot.charts import style
from bot.charts.week import week_layout
from bot.context import BotApplication
from bot.services.weekly_review import WeeklyReview
from bot.views import week_card
from bot.views.i18n import ENGLISH_TRANSLATOR
from fake_telegram import FakeTelegram, FakeUser, MessageView
from storage.base import Repository
from tests.bot.daily import PNG_SIGNATURE, TODAY, add_novel
from tests.bot.journeys import stored_user
from tests.bot.scheduling import SUNDAY, Step, enrol, keep, local, seen
from tests.bot.scheduling import add_goal as add_scheduled_goal
from tests.bot.test_weekly_review import wrote
from tests.charts.test_calendar import close, green, white
from tests.charts.test_pace import pixel
from tests.support import FrozenClock

MONDAY = TODAY - timedelta(days=6)  # Monday 16 November 2026; TODAY is Sunday, review day


def picture_of(message: MessageView) -> Image.Image:
    assert message.photo is not None
    assert message.photo.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(message.photo))
    image.load()
    return image.convert("RGB")


def centre_of(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int]:
    """The colour a little below the centre of a day square (clear of its number)."""
    left, top, right, bottom = box
    pixel = image.getpixel(((left + right) // 2, (top + bottom) // 2 + 8))
    assert isinstance(pixel, tuple)
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]))


class TestOnDemand:
    pytestmark = pytest.mark.usefixtures("bot")

    async def test_week_is_one_card_with_the_review_as_its_caption(
        self, ada: FakeUser, db: Repository, clock: FrozenClock, bot: BotApplication
    ) -> None:
        # Two weeks of 480 words, then this week: a miss on Monday and Thursday.
        start = MONDAY - timedelta(days=14)
        novel = await add_novel(db, now=clock(), start=start)
        await wrote(db, novel, start, [480] * 14 + [None, 500, 600, None, 480, 480], clock)

        shown = await ada.send("/week")

        card = shown.reply  # one message: the card, the review under it
        assert card.text.startswith("📅 Your week in review · Mon 16 Nov – Sun 22 Nov")
        assert "📈 2,060/3,300 words this week" in card.text
        image = picture_of(card)
        assert image.size == week_layout(1).size
        squares = [centre_of(image, box) for box in week_layout(1).days[0]]
        kept = [green(colour) for colour in squares]
        # Mon missed, Tue and Wed written, Thu missed, Fri and Sat written, Sunday still open.
        assert kept == [False, True, True, False, True, True, False]
        assert white(squares[0])
        assert white(squares[3])
        # The bar is the text's 2,060 of 3,300 words.
        left, top, right, bottom = week_layout(1).bars[0]
        row = [pixel(image, x, (top + bottom) / 2) for x in range(left, right)]
        filled = sum(close(colour, style.DONE, 20) for colour in row)
        assert filled == pytest.approx((right - left) * 2060 / 3300, abs=3)
        # The strength's change this week, from the services' own scores.
        user = await stored_user(bot, 1001)
        review = await bot.bot_data.services.deliveries.review_now(user)
        assert isinstance(review, WeeklyReview)
        _, words = week_card.card(ENGLISH_TRANSLATOR, review)
        (item,) = review.items
        assert item.strength_before is not None
        now, before = round(item.view.summary.strength * 100), round(item.strength_before * 100)
        assert 0 < before != now
        assert words.goals[0].change == f"({now - before:+d} this week)"
        assert words.goals[0].numbers == f"Streak 2 · strength {now}%"

    async def test_accepting_next_weeks_goal_settles_the_cards_caption(
        self, ada: FakeUser, db: Repository, clock: FrozenClock
    ) -> None:
        novel = await add_novel(db, now=clock(), start=MONDAY)
        await wrote(db, novel, MONDAY, [480, 480, 480, 480, 480, 480, 480], clock)
        shown = await ada.send("/week")
        assert shown.reply.photo is not None
        assert shown.reply.buttons == [["👍 Write a novel: 3,600 words"]]

        accepted = await ada.press("👍 Write a novel: 3,600 words")

        settled = ada.message(shown.reply.message_id)
        assert settled.photo == shown.reply.photo  # the card stays
        assert settled.text.endswith("→ 👍 Write a novel: 3,600 words")
        assert settled.buttons == []
        assert accepted.texts[-1].startswith("👍 Next week for Write a novel: 3,600 words")

    async def test_a_review_too_long_for_a_caption_follows_its_card(
        self, ada: FakeUser, db: Repository, clock: FrozenClock
    ) -> None:
        identity = "I am the kind of person who " + "keeps going, " * 7 + "whatever the week"
        for n in range(5):
            novel = await add_novel(
                db, now=clock(), start=MONDAY, identity=identity, vision=f"Write novel {n}"
            )
            await wrote(db, novel, MONDAY, [480] * 6, clock)

        shown = await ada.send("/week")

        card, review = shown.sent
        assert picture_of(card).size == week_layout(5).size
        assert card.text == "📅 Your week in review · Mon 16 Nov – Sun 22 Nov"
        assert card.buttons == []
        assert review.photo is None
        assert review.text.startswith(card.text + "\n")
        assert len(review.text) > 1024


class TestScheduled:
    pytestmark = pytest.mark.scheduler_by_hand

    async def test_the_sunday_review_arrives_as_a_card(
        self, fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
    ) -> None:
        ada = await enrol(fake, step.services, 1001)
        monday = SUNDAY + timedelta(days=1)
        goal = await add_scheduled_goal(db, 1001, clock(), start=monday)
        await keep(db, goal, *(monday + timedelta(days=n) for n in range(4)), now=clock())
        next_sunday = SUNDAY + timedelta(weeks=1)
        clock.set(local(next_sunday, 9, 0))
        await seen(step.services, ada)

        sent = await step.at(local(next_sunday, 18, 0))

        assert sent.sent == 1
        card = ada.last_message
        assert "Your week in review" in card.text
        assert "4/6 days" in card.text
        image = picture_of(card)
        squares = [centre_of(image, box) for box in week_layout(1).days[0]]
        assert [green(colour) for colour in squares] == [True] * 4 + [False] * 3
