"""What a failed Bot API request says about whether it took effect (``bot.bot_api``)."""

from __future__ import annotations

import httpx
import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.bot_api import dropped, never_took_effect

REQUEST = httpx.Request("POST", "https://api.telegram.org/bot1:x/sendMessage")


def caused(error: TelegramError, cause: BaseException | None) -> TelegramError:
    """``error`` as PTB raises it: ``raise error from cause``."""
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(RetryAfter(3), id="429"),
        pytest.param(caused(NetworkError("Internal Server Error"), None), id="500 with JSON"),
        pytest.param(
            caused(NetworkError("Bad Gateway (502)"), TelegramError("Invalid server response")),
            id="502 from nginx",
        ),
        pytest.param(
            caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused")),
            id="connection refused or DNS",
        ),
        pytest.param(
            caused(TimedOut(), httpx.ConnectTimeout("connect", request=REQUEST)),
            id="connect timeout",
        ),
        pytest.param(caused(TimedOut(), httpx.PoolTimeout("pool")), id="no free connection"),
        pytest.param(
            caused(NetworkError("httpx.WriteError"), httpx.WriteError("broken pipe")),
            id="request not written",
        ),
    ],
)
def test_failures_before_telegram_acted_are_safe_to_send_again(error: TelegramError) -> None:
    assert never_took_effect(error)
    assert not dropped(error)


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(caused(TimedOut(), httpx.ReadTimeout("read")), id="answer too late"),
        pytest.param(
            caused(NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("gone")),
            id="dropped after sending",
        ),
        pytest.param(caused(NetworkError("httpx.ReadError"), httpx.ReadError("reset")), id="reset"),
    ],
)
def test_failures_after_the_request_left_are_unknown(error: TelegramError) -> None:
    assert not never_took_effect(error)


@pytest.mark.parametrize(
    "error", [BadRequest("chat not found"), Forbidden("bot was blocked by the user")]
)
def test_telegram_refusals_are_not_failures_to_retry(error: TelegramError) -> None:
    assert not never_took_effect(error)
    assert not dropped(error)


def test_a_dropped_connection_is_told_apart() -> None:
    gone = caused(NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("gone"))

    assert dropped(gone)
