"""The bot run at LOG_LEVEL=DEBUG, logging set up as `python -m bot` does: the token never
reaches the log, while the request log and error tracebacks do."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import build_application
from bot.clock import Clock
from bot.config import load_settings
from bot.logging_setup import configure_logging
from fake_telegram import FakeTelegram, TrackingApplication, running
from tests.bot.journeys import set_up

QUIETED = ("httpx", "httpcore", "apscheduler")


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """Where the configured handler writes; the root logger is put back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in QUIETED}
    output = io.StringIO()
    try:
        yield output
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, quiet_level in levels.items():
            logging.getLogger(name).setLevel(quiet_level)


async def test_debug_logs_show_requests_and_errors_but_never_the_token(
    fake: FakeTelegram,
    clock: Clock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    log_output: io.StringIO,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", fake.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", fake.base_url)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = load_settings(env_file=None)
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    configure_logging(settings.log_level, [token])  # exactly as bot/__main__.py does
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(log_output)

    application = build_application(settings, clock=clock, application_class=TrackingApplication)
    async with running(fake, application, raise_errors=False):
        ada = fake.user(1001, "Ada")
        await set_up(ada)
        await ada.send("/settings")
        # Telegram's error description lands in the traceback: here it quotes the token.
        fake.faults.inject(
            "bad_request", method="sendMessage", description=f"Bad Request: wrong URL /bot{token}"
        )
        failed = await ada.send("/help")

    log = log_output.getvalue()
    assert failed.errors  # the failure really happened and was logged below
    assert token not in log
    assert token.partition(":")[2] not in log  # not even the secret half
    assert "[redacted]" in log
    assert "Calling Bot API endpoint `sendMessage`" in log
    assert "Calling Bot API endpoint `getUpdates`" in log
    assert "Calling Bot API endpoint `setMyCommands`" in log
    assert "Unhandled error while handling an update" in log
    assert "Traceback (most recent call last)" in log
    assert " DEBUG " in log


async def run_with_a_failing_reply(
    fake: FakeTelegram,
    clock: Clock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    log_output: io.StringIO,
    *,
    level: str,
) -> str:
    """Ada types a private thought; Telegram refuses the reply quoting it (as its "can't parse
    entities" errors quote the text). Returns the log, written as `python -m bot` writes it."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", fake.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", fake.base_url)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("LOG_LEVEL", level)
    monkeypatch.setenv("LOG_FORMAT", "json")
    settings = load_settings(env_file=None)
    assert settings.telegram_bot_token is not None
    configure_logging(
        settings.log_level,
        [settings.telegram_bot_token.get_secret_value()],
        log_format=settings.log_format,
    )
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(log_output)

    application = build_application(settings, clock=clock, application_class=TrackingApplication)
    async with running(fake, application, raise_errors=False):
        ada = fake.user(1001, "Ada")
        await set_up(ada)
        fake.faults.inject(
            "bad_request",
            method="sendMessage",
            description=f"Bad Request: can't parse entities in '{PRIVATE}'",
        )
        failed = await ada.send(PRIVATE)
    assert failed.errors  # the failure really happened and was logged
    return log_output.getvalue()


PRIVATE = "I feel lonely since the divorce"


async def test_at_info_json_lines_carry_the_update_but_never_what_the_person_typed(
    fake: FakeTelegram,
    clock: Clock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    log_output: io.StringIO,
) -> None:
    log = await run_with_a_failing_reply(
        fake, clock, tmp_path, monkeypatch, log_output, level="INFO"
    )

    lines = [json.loads(line) for line in log.splitlines()]
    assert PRIVATE not in log
    [error] = [line for line in lines if line["level"] == "ERROR"]
    assert error["message"] == "Unhandled error while handling an update"
    assert error["logger"] == "bot.handlers.errors"
    assert error["user_id"] == 1001
    assert isinstance(error["update_id"], int)
    assert "BadRequest: Can't parse entities in '[user text]'" in error["exception"]
    assert {"time", "level", "logger", "message"} <= set(lines[0])


async def test_at_debug_what_the_person_typed_is_logged(
    fake: FakeTelegram,
    clock: Clock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    log_output: io.StringIO,
) -> None:
    """Why the README warns against keeping DEBUG logs: PTB logs each update whole."""
    log = await run_with_a_failing_reply(
        fake, clock, tmp_path, monkeypatch, log_output, level="DEBUG"
    )

    assert PRIVATE in log
    assert all(json.loads(line) for line in log.splitlines())


VISION = "Leave my marriage and start over in Lisbon"


async def test_at_info_a_conversation_logs_nothing_people_wrote_or_were_told(
    fake: FakeTelegram,
    clock: Clock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    log_output: io.StringIO,
) -> None:
    """The default: readable lines at INFO, for a whole conversation that goes well."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", fake.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", fake.base_url)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    settings = load_settings(env_file=None)
    assert (settings.log_level, settings.log_format) == ("INFO", "text")
    assert settings.telegram_bot_token is not None
    configure_logging(settings.log_level, [settings.telegram_bot_token.get_secret_value()])
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(log_output)

    application = build_application(settings, clock=clock, application_class=TrackingApplication)
    async with running(fake, application):
        ada = fake.user(1001, "Ada")
        await set_up(ada)
        await ada.send("/plan")
        echoed = await ada.send(VISION)  # the bot's next question quotes it
        await ada.send("/cancel")
        await ada.send(PRIVATE)

    log = log_output.getvalue()
    quoted = VISION[1:]  # the question that follows quotes it, lower-cased
    assert quoted in echoed.text
    assert " INFO " in log  # the log is written, at INFO
    assert quoted not in log
    assert PRIVATE not in log
