"""/export, /delete and /week through the real Application and the fake Telegram."""

from __future__ import annotations

import json

import pytest

from bot.context import BotApplication
from fake_telegram import FakeTelegram, FakeUser
from tests.bot.journeys import set_up
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


async def with_novel(user: FakeUser) -> None:
    await set_up(user)
    await user.send("/plan")
    await user.send("write a novel")
    await user.send("40,000 words of my first draft")
    for label in (
        "👍 13,300 words",
        "👍 3,300 words",
        "👍 write 480 words",
        "👍 write 50 words",
        "Skip",
    ):
        await user.press(label)
    await user.press("Today · Sun 22 Nov")
    await user.press("✅ Looks good — let's go")


async def test_export_sends_all_of_my_data_as_a_json_file(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await with_novel(ada)
    await ada.send("wrote 300 words")
    await ada.send("/settings")
    await ada.press("🎂 Birthday")
    await ada.send("14 March")

    reaction = await ada.send("/export")

    assert reaction.chat_actions == ("upload_document",)  # made in the background, shown so
    document = await ada.wait_for_message(lambda m: m.document is not None)
    assert document.document_name == "small-wins-export.json"
    assert document.document is not None
    data = json.loads(document.document)
    assert data["user"]["timezone"] == "Europe/Berlin"
    assert data["user"]["birthday"] == "--03-14"  # day and month: no year was given
    [goal] = data["goals"]
    assert goal["goal"]["vision"] == "write a novel"
    assert [entry["quantity"] for entry in goal["log"]] == [300.0]


async def test_delete_asks_first_and_erases_only_my_data(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
    await with_novel(ada)
    await set_up(bo)

    ask = await ada.send("/delete")
    assert "can't be undone" in ask.text
    kept = await ada.press("Keep my data")
    assert "Nothing was deleted" in ada.last_message.text
    assert kept.answer is not None
    await ada.send("/delete")
    await ada.press("🗑 Yes, erase everything")

    assert "everything is erased" in ada.last_message.text
    accounts = bot.bot_data.services.accounts
    assert await accounts.get(1001) is None
    bo_user = await accounts.get(1002)
    assert bo_user is not None
    assert bo_user.timezone == "Europe/Berlin"
    again = await ada.send("/start")
    assert "Hi, Ada" in again.text  # a fresh start, nothing left over


async def test_week_on_the_plans_first_day_reviews_it_without_a_verdict(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await with_novel(ada)
    await ada.send("done")

    review = await ada.send("/week")

    assert "week in review" in review.text
    assert "1/1 days (100%)" in review.text
    assert "too soon" in review.text  # one day is no week: next week holds (see test_weekly_review)
    assert review.reply.buttons == []
    goals = await bot.bot_data.services.habits.active_goals(
        await bot.bot_data.services.accounts.get(1001)  # type: ignore[arg-type]
    )
    assert goals[0].weekly == "3,300 words"


async def test_a_forged_review_button_changes_nothing(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await with_novel(ada)
    await ada.send("/week")

    for data in ("rv:1:999999", "rv:77:100", "rv:x:1", "rv:1:nan"):
        forged = await ada.press_data(data)
        assert forged.answer_text == "That plan isn't available any more."
        assert forged.sent == ()


async def test_freshstart_picks_a_landmark_and_it_is_announced_the_evening_before(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await with_novel(ada)

    offer = await ada.send("/freshstart")
    assert "Pick your day" in offer.text
    assert any("a new month" in label for label in offer.reply.button_labels)
    label = next(label for label in offer.reply.button_labels if "a new month" in label)
    chosen = await ada.press(label)

    assert "Your fresh start" in chosen.texts[-1]
    assert "Tue 1 Dec" in chosen.texts[-1]
    user = await bot.bot_data.services.accounts.get(1001)
    assert user is not None
    assert str(user.fresh_start_on) == "2026-12-01"


@pytest.mark.parametrize(
    ("typed", "expected"), [("2020-01-01", "already passed"), ("soon", "couldn't read")]
)
async def test_freshstart_corrects_a_bad_typed_date(
    fake: FakeTelegram, typed: str, expected: str
) -> None:
    ada = fake.user(1001, "Ada")
    await with_novel(ada)
    await ada.send("/freshstart")

    reaction = await ada.send(typed)

    assert expected in reaction.text


async def test_freshstart_accepts_a_typed_date(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    await with_novel(ada)
    await ada.send("/freshstart")

    reaction = await ada.send("15 January")

    assert "Fri 15 Jan 2027" in reaction.text


async def test_an_old_erase_button_from_another_day_erases_nothing(
    fake: FakeTelegram, bot: BotApplication, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/delete")
    clock.advance(days=1)

    await ada.press("🗑 Yes, erase everything")

    assert "expired" in ada.last_message.text
    assert await bot.bot_data.services.accounts.get(1001) is not None
