"""The bot token never reaches the logs, what people type never above DEBUG; JSON lines."""

from __future__ import annotations

import io
import json
import logging

from bot.logging_setup import HideUserText, JsonFormatter, RedactSecrets, handling

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


def json_logger(level: int = logging.DEBUG) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(HideUserText())
    logger = logging.getLogger("test.json")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(level)
    return logger, stream


def test_json_lines_have_time_level_logger_and_message() -> None:
    logger, stream = json_logger()

    logger.warning("%d users due", 42)

    [line] = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert line["message"] == "42 users due"
    assert (line["level"], line["logger"]) == ("WARNING", "test.json")
    assert line["time"].endswith("+00:00")
    assert "update_id" not in line


def test_while_an_update_is_handled_its_text_is_hidden_above_debug_only() -> None:
    logger, stream = json_logger()

    with handling(77, 1001, ["My Secret Plan", "ok"]):
        logger.debug("got %s", "My Secret Plan")
        try:
            raise ValueError("cannot read 'my secret plan'")
        except ValueError:
            logger.exception("failed on %s (ok)", "My Secret Plan")
    logger.info("after: My Secret Plan")

    debug, error, after = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert debug["message"] == "got My Secret Plan"
    assert error["message"] == "failed on [user text] (ok)"  # short texts are left alone
    assert "ValueError: cannot read '[user text]'" in error["exception"]
    assert (error["update_id"], error["user_id"]) == (77, 1001)
    assert after["message"] == "after: My Secret Plan"  # no update in hand any more
