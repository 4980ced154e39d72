"""When Telegram fails or asks for a pause (issue 15, defects 4 and 10).

A reply that failed before it reached Telegram (a 5xx, a refused or dropped connection) is sent
again after a short pause; the apology is the last resort. After a 429 the whole bot, replies
and scheduled messages alike, waits out ``retry_after`` before its next request to anyone.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.bot_api import BotApiLimiter
from bot.context import BotApplication
from bot.views.errors import apology
from bot.views.i18n import ENGLISH_TRANSLATOR
from fake_telegram import BotError, FakeTelegram
from storage.base import Repository
from tests.bot.journeys import set_up
from tests.bot.scheduling import MONDAY, Step, add_goal, enrol, local
from tests.support import FrozenClock

# Over real HTTP: the faults are the transport's (5xx, a cut or refused connection, slowness).
pytestmark = pytest.mark.real_http
APOLOGY = apology(ENGLISH_TRANSLATOR).text


async def paused(app: BotApplication) -> None:
    """Until the bot has heard Telegram's 429 (a request already on its way when Telegram
    answered is not the bot's to hold back). Yields to the event loop, never sleeps."""
    limiter = app.bot.rate_limiter
    assert isinstance(limiter, BotApiLimiter)
    for _ in range(100_000):
        if limiter.paused:
            return
        await asyncio.sleep(0)
    pytest.fail("the bot never heard the 429")


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        pytest.param("server_error", 500, id="500"),
        pytest.param("server_error", 502, id="502 from nginx"),
        pytest.param("drop", None, id="dropped connection"),
    ],
)
async def test_a_reply_that_never_reached_telegram_is_sent_again(
    fake: FakeTelegram, bot: BotApplication, fault: str, status: int | None
) -> None:
    ada = fake.user(1001, "Ada")
    fake.faults.inject(fault, method="sendMessage", chat_id=ada.id, times=2, status=status)

    reaction = await ada.send("/help")

    assert "/settings" in reaction.text
    assert reaction.errors == ()
    assert [c.ok for c in fake.calls_to("sendMessage", ada.id)] == [False, False, True]


async def test_a_button_whose_edit_failed_once_still_shows_its_answer(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    await ada.send("/settings")
    fake.faults.inject("server_error", method="editMessageText", chat_id=ada.id)
    fake.faults.inject("server_error", method="answerCallbackQuery")

    reaction = await ada.press("⏰ Nudge time")

    assert reaction.answer is not None
    assert reaction.errors == ()
    assert reaction.edited or reaction.sent


async def test_the_apology_is_the_last_resort(fake: FakeTelegram, bot: BotApplication) -> None:
    ada = fake.user(1001, "Ada")
    fake.faults.inject("server_error", method="sendMessage", chat_id=ada.id, times=4)

    with pytest.raises(BotError) as failed:  # the error is logged, and the user hears why
        await ada.send("/help")

    assert failed.value.reaction.texts == [APOLOGY]
    assert len(fake.calls_to("sendMessage", ada.id)) == 5  # four tries, then the apology


async def test_after_a_429_no_reply_to_anyone_goes_out_inside_the_pause(
    fake: FakeTelegram, bot: BotApplication
) -> None:
    ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
    # Three 429s in a row: PTB's own limiter gave up on the third without pausing at all.
    fake.faults.inject("retry_after", method="sendMessage", chat_id=ada.id, retry_after=1, times=3)
    mark = fake.mark()
    asked = ada.post("/help")
    await paused(bot)

    other = await bo.send("/help", timeout=15)
    answered = await ada.reaction(asked, timeout=15)

    assert "/settings" in other.text
    assert "/settings" in answered.text
    calls = fake.calls_since(mark)
    for throttled in (c for c in calls if c.error_code == 429):
        # Every request that left after Telegram's answer waited out its second.
        later = [c for c in calls if c.arrived > throttled.at]
        assert all(c.arrived >= throttled.at + 1 for c in later), [c.summary() for c in later]


@pytest.mark.scheduler_by_hand
async def test_after_a_429_on_a_reply_the_scheduled_messages_wait_too(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    bo = await enrol(fake, step.services, 1002, name="Bo")
    await add_goal(db, 1002, clock(), start=MONDAY)
    ada = fake.user(1001, "Ada")
    fake.faults.inject("retry_after", method="sendMessage", chat_id=ada.id, retry_after=1)
    mark = fake.mark()
    asked = ada.post("/help")
    await paused(step.app)

    report = await step.at(local(MONDAY, 7, 30))
    await ada.reaction(asked)

    assert report.sent == 1
    [throttled] = [c for c in fake.calls_since(mark) if c.error_code == 429]
    [nudge] = fake.calls_to("sendMessage", bo.id)
    assert nudge.arrived >= throttled.at + 1
