"""The bot run at LOG_LEVEL=DEBUG, logging set up as `python -m bot` does: the token never
reaches the log, while the request log and error tracebacks do."""

from __future__ import annotations

import io
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
