"""When something fails on our side or Telegram's: the user hears about it, the log gets the
traceback, and the bot goes on serving the next update."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime, time

import pytest

from bot.app import build_application
from bot.bot_api import RETRY_PAUSES
from bot.coach.models import User, UserProfile
from bot.config import Settings
from bot.context import BotApplication
from bot.views.errors import apology
from bot.views.i18n import ENGLISH_TRANSLATOR
from fake_telegram import FakeTelegram, TrackingApplication, running
from storage.base import StorageError
from storage.open import open_sqlite
from storage.sql import SqlRepository
from tests.bot.journeys import set_up
from tests.support import FrozenClock

APOLOGY = apology(ENGLISH_TRANSLATOR).text


class FlakyRepository(SqlRepository):
    """SQLite in memory, with user methods that fail while named in ``broken``."""

    def __init__(self) -> None:
        super().__init__(open_sqlite(":memory:").engine)
        self.broken: set[str] = set()

    def _check(self, method: str) -> None:
        if method in self.broken:
            raise StorageError(f"{method}: database is locked")

    async def upsert_user(self, profile: UserProfile, now: datetime) -> tuple[User, bool]:
        self._check("upsert_user")
        return await super().upsert_user(profile, now)

    async def get_user(self, user_id: int) -> User | None:
        self._check("get_user")
        return await super().get_user(user_id)

    async def save_user(self, user: User) -> User:
        self._check("save_user")
        return await super().save_user(user)

    async def set_dialog(self, user_id: int, dialog: str | None, now: datetime) -> None:
        self._check("set_dialog")
        await super().set_dialog(user_id, dialog, now)


@pytest.fixture
def repository() -> FlakyRepository:
    return FlakyRepository()


@pytest.fixture
async def bot(
    fake: FakeTelegram, settings: Settings, clock: FrozenClock, repository: FlakyRepository
) -> AsyncIterator[BotApplication]:
    """The bot on the flaky repository; handler errors are recorded instead of raised."""
    application = build_application(
        settings, clock=clock, repository=repository, application_class=TrackingApplication
    )
    async with running(fake, application, raise_errors=False):
        yield application


pytestmark = pytest.mark.usefixtures("bot")


def logged_errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == "bot.handlers.errors" and r.levelno >= logging.ERROR
    ]


async def test_a_storage_failure_gets_an_apology_and_a_logged_traceback(
    fake: FakeTelegram, repository: FlakyRepository, caplog: pytest.LogCaptureFixture
) -> None:
    failures = [("upsert_user", "/help"), ("set_dialog", "/start"), ("upsert_user", "hello")]
    for user_id, (method, text) in enumerate(failures, start=1001):
        caplog.clear()
        repository.broken = {method}

        reaction = await fake.user(user_id, "Ada").send(text)

        assert reaction.text == APOLOGY, text
        assert [type(e.error) for e in reaction.errors] == [StorageError], text
        records = logged_errors(caplog)
        assert len(records) == 1, text
        assert records[0].exc_info is not None, text
        assert records[0].exc_info[1] is reaction.errors[0].error, text
        assert "Traceback (most recent call last)" in caplog.text, text
        assert f"StorageError: {method}: database is locked" in caplog.text, text


async def test_the_bot_keeps_serving_after_a_storage_failure(
    fake: FakeTelegram, repository: FlakyRepository
) -> None:
    ada, bo = fake.user(1001, "Ada"), fake.user(1002, "Bo")
    repository.broken.add("set_dialog")

    failed = await ada.send("/start")
    other = await bo.send("/help")  # needs no write: still works while writes fail
    repository.broken.clear()
    retried = await ada.send("/start")

    assert failed.text == APOLOGY
    assert "/settings" in other.text
    assert other.errors == ()
    assert "Where are you?" in retried.text
    assert retried.errors == ()


async def test_a_storage_failure_on_a_button_answers_the_query_and_apologises(
    fake: FakeTelegram, repository: FlakyRepository
) -> None:
    failures = [("8:00", "get_user"), ("8:00", "save_user"), ("⏰ Nudge time", "set_dialog")]
    for user_id, (button, method) in enumerate(failures, start=1001):
        user = fake.user(user_id, "Ada")
        repository.broken = set()
        await set_up(user, "Berlin", "7:30")
        await user.send("/settings")
        await user.press("⏰ Nudge time")
        repository.broken = {method}

        reaction = await user.press(button)  # the fake fails the test if the spinner is left

        assert reaction.answer is not None, button
        assert APOLOGY in reaction.texts, button
        assert [type(e.error) for e in reaction.errors] == [StorageError], button
        repository.broken = set()
        stored = await repository.get_user(user_id)
        assert stored is not None
        assert stored.nudge_time == time(7, 30), button


async def test_a_rate_limited_reply_is_retried_and_arrives(fake: FakeTelegram) -> None:
    ada = fake.user(1001, "Ada")
    fault = fake.faults.inject("retry_after", method="sendMessage", chat_id=ada.id, retry_after=1)

    reaction = await ada.send("/help")

    assert fault.hits == 1
    assert "/settings" in reaction.text
    assert reaction.errors == ()
    attempts = fake.calls_to("sendMessage", chat_id=ada.id)
    assert [(c.ok, c.error_code) for c in attempts] == [(False, 429), (True, None)]


async def test_a_reply_lost_to_server_errors_on_every_try_is_followed_by_an_apology(
    fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    ada = fake.user(1001, "Ada")
    tries = 1 + len(RETRY_PAUSES)  # a 5xx is retried (bot.bot_api); the apology comes last
    for status in (500, 502):
        caplog.clear()
        fake.faults.inject(
            "server_error", method="sendMessage", chat_id=ada.id, status=status, times=tries
        )

        reaction = await ada.send("/help")
        after = await ada.send("/help")

        assert reaction.texts == [APOLOGY], status
        assert len(logged_errors(caplog)) == 1, status
        assert "/settings" in after.text, status
        assert after.errors == (), status


async def test_when_even_the_apology_fails_the_bot_logs_it_and_goes_on(
    fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    ada = fake.user(1001, "Ada")
    fake.faults.inject("forbidden", method="sendMessage", chat_id=ada.id, times=2)

    reaction = await ada.send("/help")
    after = await ada.send("/help")

    assert reaction.sent == ()
    assert len(logged_errors(caplog)) == 1
    assert "Could not send the apology" in caplog.text
    assert "/settings" in after.text
