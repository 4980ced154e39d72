"""`python -m bot`: read the settings, then run the bot (or the local demo without a token)."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from bot.config import Settings, SettingsError, load_settings
from bot.logging_setup import configure_logging

if TYPE_CHECKING:
    from bot import lifecycle

log = logging.getLogger("bot")

NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and put it in .env "
    "(see .env.example)."
)
REJECTED_TOKEN = (
    "Small Wins can't start: Telegram rejected TELEGRAM_BOT_TOKEN — copy the token @BotFather "
    "gave you (/mybots → your bot → API Token) into .env"
)
REJECTED_BASE_URL = ", or fix TELEGRAM_API_BASE_URL: it does not answer like a Bot API server."
HOW_TO_GET_A_TOKEN = """\
No TELEGRAM_BOT_TOKEN yet, so here is the local demo instead (no network needed).

To run the real bot:
  1. In Telegram, open @BotFather, send /newbot and follow its two questions.
  2. Copy the token it gives you into .env:  TELEGRAM_BOT_TOKEN=123456789:AAE...
  3. Run `make run` again.
"""


def main() -> int:
    """Start the bot; returns the process exit code."""
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Small Wins can't start. Please fix:\n{error}", file=sys.stderr)
        return 2
    token = settings.telegram_bot_token
    configure_logging(
        settings.log_level,
        [token.get_secret_value()] if token else [],
        log_format=settings.log_format,
    )
    if token is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            print(NO_TOKEN, file=sys.stderr)
            return 2
        try:
            # Imported here: the demo needs the fake Telegram (the `demo` extra), the bot does not.
            from bot.demo import run_demo  # noqa: PLC0415
        except ImportError:
            # Installed without the demo (the container image): a terminal changes nothing.
            print(NO_TOKEN, file=sys.stderr)
            return 2
        print(HOW_TO_GET_A_TOKEN)
        return run_demo()
    # Imported only now: a setting to fix is reported without loading Telegram, the web server
    # and storage first (a second or more on a small machine).
    from bot import lifecycle  # noqa: PLC0415

    return lifecycle.run(lambda life: _serve(settings, life))


async def _serve(settings: Settings, life: lifecycle.Lifecycle) -> int:
    """Check the settings that need the network, then serve until a signal (``bot.lifecycle``)."""
    from bot import lifecycle  # noqa: PLC0415 - see main()
    from storage.base import StorageError  # noqa: PLC0415

    try:
        # Before Telegram is contacted: an unreachable or too-new database is a setting to fix.
        await _check_database(settings.database_url)
    except StorageError as error:
        print(f"Small Wins can't start. Please fix:\nDATABASE_URL: {error}", file=sys.stderr)
        return 2
    problem = await _check_token(settings)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    # Only now, as in main(): the handlers, the services and the web server are half a second
    # of imports that a database or a token to fix does not need.
    from bot.app import build_application  # noqa: PLC0415
    from bot.web import ALLOWED_UPDATES, StartupError, webhook_running  # noqa: PLC0415

    application = build_application(settings)
    try:
        if settings.webhook_mode:
            async with webhook_running(application, settings):
                lifecycle.settle_heap()
                life.serving()
                await life.stop.wait()
        else:
            async with lifecycle.polling(application, allowed_updates=ALLOWED_UPDATES):
                lifecycle.settle_heap()
                life.serving()
                await life.stop.wait()
    except StartupError as error:
        print(f"Small Wins can't start. Please fix:\n{error}", file=sys.stderr)
        return 2
    log.info("Stopped")
    return 0


async def _check_database(url: str) -> None:
    """Open the database once (migrating it), so that start-up fails early and in one line."""
    from storage.open import open_repository  # noqa: PLC0415 - see main()

    repository = await open_repository(url)
    await repository.close()


async def _check_token(settings: Settings) -> str | None:
    """Ask Telegram who the bot is (getMe), so that a rejected token fails in one line.

    PTB's own start-up would raise ``InvalidToken`` with the token in its message and log a
    traceback; here the answer is read quietly and the person running the bot gets the setting
    to fix. Other failures (the network) are left to the normal start-up and its logs.

    Returns:
        The line to print when Telegram rejects the token (or the base URL is not a Bot API
        server), else ``None``.
    """
    from telegram import Bot  # noqa: PLC0415 - see main()
    from telegram.error import EndPointNotFound, InvalidToken, TelegramError  # noqa: PLC0415

    token = settings.telegram_bot_token
    if token is None:
        return None
    base_url = (settings.telegram_api_base_url or "https://api.telegram.org/bot").rstrip("/")
    telegram_log = logging.getLogger("telegram")
    level = telegram_log.level
    telegram_log.setLevel(logging.CRITICAL)  # PTB logs the rejected answer with a traceback
    try:
        async with Bot(token.get_secret_value(), base_url=base_url) as bot:
            await bot.get_me()
    except (InvalidToken, EndPointNotFound):
        return REJECTED_TOKEN + (REJECTED_BASE_URL if settings.telegram_api_base_url else ".")
    except TelegramError:
        return None
    finally:
        telegram_log.setLevel(level)
    return None


if __name__ == "__main__":
    sys.exit(main())
