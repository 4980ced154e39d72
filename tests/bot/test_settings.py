"""/settings through the real Application and the fake Telegram: see and change zone and nudge."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.context import BotApplication
from fake_telegram import FakeTelegram
from tests.bot.journeys import set_up, stored_user
from tests.support import FrozenClock

pytestmark = pytest.mark.usefixtures("bot")


async def test_settings_show_the_zone_with_its_offset_local_time_and_nudge_time(
    fake: FakeTelegram,
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")

    shown = await ada.send("/settings")

    assert "Time zone: Berlin (UTC+1, it's 21:40 there now)" in shown.text
    assert "Morning nudge: 7:30" in shown.text
    assert shown.reply.buttons == [
        ["🌍 Time zone", "⏰ Nudge time"],
        ["🌙 Evening: turn off", "📅 Review day"],
        ["🎂 Birthday", "🏖 Holiday"],
        ["🗣 Language"],
    ]


DST_IN_BERLIN = (
    (datetime(2026, 11, 22, 20, 40, tzinfo=UTC), "UTC+1", "21:40"),  # winter time
    (datetime(2027, 3, 28, 0, 59, tzinfo=UTC), "UTC+1", "1:59"),  # a minute before the change
    (datetime(2027, 3, 28, 1, 0, tzinfo=UTC), "UTC+2", "3:00"),  # clocks jump 2:00 -> 3:00
    (datetime(2027, 7, 1, 6, 15, tzinfo=UTC), "UTC+2", "8:15"),  # summer time
    (datetime(2027, 10, 31, 1, 0, tzinfo=UTC), "UTC+1", "2:00"),  # back: 3:00 -> 2:00
)


async def test_settings_follow_daylight_saving_time(fake: FakeTelegram, clock: FrozenClock) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")

    for moment, offset, local in DST_IN_BERLIN:
        clock.set(moment)

        shown = await ada.send("/settings")

        assert f"Berlin ({offset}, it's {local} there now)" in shown.text, moment
        assert "Morning nudge: 7:30" in shown.text, moment  # a local time: DST does not move it


async def test_changing_the_zone_asks_where_and_confirms_the_typed_city(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await ada.send("/settings")

    asked = await ada.press("🌍 Time zone")

    assert asked.answer is not None
    assert "Where are you?" in asked.text
    keyboard = ada.reply_keyboard
    assert keyboard is not None
    assert keyboard.labels == [["📍 Share my location"]]

    confirmed = await ada.send("Tokyo")

    # Only the confirmation: a change is not a second set-up ("All set", "Tap /plan").
    assert confirmed.texts == ["Got it: Tokyo, where it's 5:40 now."]
    assert ada.reply_keyboard is None
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.nudge_time, user.dialog) == ("Asia/Tokyo", time(7, 30), None)
    shown = await ada.send("/settings")
    assert "Tokyo (UTC+9, it's 5:40 there now)" in shown.text


async def test_changing_the_zone_by_sharing_a_location(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/settings")
    await ada.press("🌍 Time zone")

    confirmed = await ada.tap_keyboard("📍 Share my location", location=(40.71, -74.01))

    assert confirmed.texts == ["Got it: New York, where it's 15:40 now."]
    assert (await stored_user(bot, 1001)).timezone == "America/New_York"


async def test_changing_the_zone_by_local_time_offers_buttons(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/settings")
    await ada.press("🌍 Time zone")

    choices = await ada.send("15:40")
    picked = await ada.press("New York")

    assert "New York" in choices.reply.button_labels
    assert picked.answer is not None
    assert picked.texts == ["Got it: New York, where it's 15:40 now."]
    assert ada.message(choices.reply.message_id).buttons == []  # the choices can't be re-pressed
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.dialog) == ("America/New_York", None)


async def test_changing_the_nudge_time_with_a_button_edits_the_question(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await ada.send("/settings")

    asked = await ada.press("⏰ Nudge time")
    question = asked.reply
    changed = await ada.press("8:30")

    assert "morning nudge" in question.text
    assert changed.answer is not None
    assert changed.sent == ()
    assert [m.message_id for m in changed.edited] == [question.message_id]
    edited = ada.message(question.message_id)
    assert edited.text == "Done — your morning nudge comes at 8:30 from now on."
    assert edited.buttons == []
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.nudge_time, user.dialog) == ("Europe/Berlin", time(8, 30), None)


async def test_changing_the_nudge_time_by_typing_it(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/settings")

    for typed, stored in (("6:45", time(6, 45)), ("7pm", time(19, 0)), ("05:05", time(5, 5))):
        await ada.press("⏰ Nudge time")
        await ada.press("Another time…")

        confirmed = await ada.send(typed)

        assert confirmed.text.startswith("Done — your morning nudge comes at"), typed
        user = await stored_user(bot, 1001)
        assert (user.nudge_time, user.dialog) == (stored, None), typed


@pytest.mark.parametrize(
    ("button", "answers"),
    [
        (
            "🌍 Time zone",
            [("Narnia", "couldn't find"), ("+25", "−12 to +14"), ("25:61", "isn't on any clock")],
        ),
        ("⏰ Nudge time", [("25:61", "0:00 to 23:59"), ("soon", "didn't catch a time")]),
    ],
)
async def test_a_bad_answer_during_a_change_is_corrected_and_changes_nothing(
    fake: FakeTelegram, bot: BotApplication, button: str, answers: list[tuple[str, str]]
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await ada.send("/settings")
    await ada.press(button)
    asked_for = (await stored_user(bot, 1001)).dialog

    for answer, correction in answers:
        reaction = await ada.send(answer)

        assert correction in reaction.text, answer
        user = await stored_user(bot, 1001)
        assert (user.timezone, user.nudge_time) == ("Europe/Berlin", time(7, 30)), answer
        assert user.dialog == asked_for, answer  # still waiting for a good answer
    sticker = await ada.send_sticker()
    assert "Where are you?" in sticker.text or "I need a time" in sticker.text
    assert (await stored_user(bot, 1001)).dialog == asked_for


@pytest.mark.parametrize("button", ["🌍 Time zone", "⏰ Nudge time"])
async def test_cancel_during_a_change_keeps_the_old_value_and_says_so(
    fake: FakeTelegram, bot: BotApplication, button: str
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada, "Berlin", "7:30")
    await ada.send("/settings")
    await ada.press(button)

    cancelled = await ada.send("/cancel")

    assert "nothing changed" in cancelled.text
    assert ada.reply_keyboard is None  # no location button left behind
    user = await stored_user(bot, 1001)
    assert (user.timezone, user.nudge_time, user.dialog) == ("Europe/Berlin", time(7, 30), None)
    after = await ada.send("Tokyo")  # no longer an answer to anything
    assert "not sure what to do with that" in after.text
    assert (await stored_user(bot, 1001)).timezone == "Europe/Berlin"


async def test_settings_before_set_up_point_to_start(fake: FakeTelegram) -> None:
    steps_so_far: list[list[str]] = [[], ["/start"], ["/start", "Berlin"]]
    for user_id, steps in enumerate(steps_so_far, start=1001):
        user = fake.user(user_id, "Ada")
        for text in steps:
            await user.send(text)

        shown = await user.send("/settings")

        assert "/start" in shown.text, steps
        assert shown.reply.buttons == [], steps


async def test_settings_do_not_drop_a_set_up_question(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await ada.send("/start")
    await ada.send("/settings")

    reaction = await ada.send("Berlin")

    assert reaction.texts[0] == "Got it: Berlin, where it's 21:40 now."
    assert (await stored_user(bot, 1001)).dialog == "onboarding.nudge"


async def test_the_evening_reminder_can_be_switched_off_and_on(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/settings")

    off = await ada.press("🌙 Evening: turn off")
    assert "Evening reminder off" in off.texts[-1]
    assert (await stored_user(bot, 1001)).evening_enabled is False
    await ada.send("/settings")
    on = await ada.press("🌙 Evening: turn on")
    assert "Evening reminder on" in on.texts[-1]
    assert (await stored_user(bot, 1001)).evening_enabled is True


async def test_the_review_day_and_the_birthday_are_set_from_settings(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/settings")
    await ada.press("📅 Review day")
    picked = await ada.press("Fri")
    assert "Fridays" in picked.texts[-1]

    await ada.send("/settings")
    await ada.press("🎂 Birthday")
    wrong = await ada.send("31 February")
    assert "isn't on the calendar" in wrong.text
    right = await ada.send("14 March")
    assert "14 March" in right.text

    user = await stored_user(bot, 1001)
    assert user.review_weekday == 4
    assert user.birthday is not None
    assert (user.birthday.month, user.birthday.day) == (3, 14)


async def test_a_holiday_keeps_the_streak_and_can_end_early(
    fake: FakeTelegram, bot: BotApplication, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/plan")
    await ada.send("write a novel")
    await ada.send("40,000 words of my first draft")
    for label in (
        "👍 13,300 words",
        "👍 3,300 words",
        "👍 write 480 words",
        "👍 write 50 words",
        "Skip",
    ):
        await ada.press(label)
    await ada.press("Today · Sun 22 Nov")
    await ada.press("✅ Looks good — let's go")
    await ada.send("done")

    await ada.send("/settings")
    await ada.press("🏖 Holiday")
    paused = await ada.press("1 week")
    assert "Paused until" in paused.texts[-1]
    clock.advance(days=3)
    today = await ada.send("/today")
    assert "Streak 1" in today.text  # three days away, the streak holds
    assert "⏸️" in today.text
    # A day of the break: a win still counts, but there is nothing of hers to undo.
    assert today.reply.buttons == [["✅ Done"], ["🪶 Did the minimum"]]
    typed = await ada.send("undo")
    assert "This day is part of your break ⏸️" in typed.text
    again = await ada.send("/today")
    assert "Streak 1" in again.text
    assert "⏸️" in again.text

    await ada.send("/settings")
    back = await ada.press("▶️ End holiday")
    assert "Welcome back" in back.texts[-1]
    assert (await stored_user(bot, 1001)).paused_until is None
    logged = await ada.send("done")
    assert "Streak 2" in logged.text


async def test_the_holiday_question_can_be_left_without_a_holiday(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/settings")
    question = await ada.press("🏖 Holiday")
    assert question.reply.buttons[-1] == ["« Back, no holiday"]

    back = await ada.press("« Back, no holiday")

    assert back.answer is not None
    assert not back.sent  # the question itself turns back into the settings
    assert [m.message_id for m in back.edited] == [question.reply.message_id]
    shown = ada.last_message
    assert shown.text.startswith("🏖 No holiday — nothing changed.")
    assert "🏖 Holiday: none" in shown.text
    assert ["🎂 Birthday", "🏖 Holiday"] in shown.buttons
    assert (await stored_user(bot, 1001)).paused_until is None
