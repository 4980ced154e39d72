"""The bot token never reaches the logs."""

from __future__ import annotations

import io
import logging

from bot.logging_setup import RedactSecrets

TOKEN = "123456:AAEsecretsecretsecretsecret"


def make_logger() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([TOKEN, ""]))
    logger = logging.getLogger("test.redaction")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_token_in_message_arguments_and_traceback_is_redacted() -> None:
    logger, stream = make_logger()

    logger.info("POST https://api.telegram.org/bot%s/getMe", TOKEN)
    try:
        raise RuntimeError(f"failed calling /bot{TOKEN}/sendMessage")
    except RuntimeError:
        logger.exception("request failed for %s", TOKEN)

    output = stream.getvalue()
    assert TOKEN not in output
    assert output.count("[redacted]") >= 3
    assert "getMe" in output
    assert "RuntimeError" in output


def test_records_without_secrets_are_unchanged() -> None:
    logger, stream = make_logger()

    logger.warning("%d users due", 42)

    assert stream.getvalue() == "42 users due\n"
