"""How the sender puts scheduled messages on Telegram: one aiohttp POST per text message.

Sending through PTB's ``Bot`` (its request objects, httpx, parsing the answer into a
``Message``) costs several times the CPU of the POST itself: at Telegram's paid broadcast rate
of 1,000 messages a second that is the whole budget. So the sender posts ``sendMessage`` itself,
on one aiohttp session per pass, with the parameters PTB would send (the bot's defaults: HTML,
no link previews) and reads only the message id back. Photos (the weekly card) are rare and go
through PTB's ``Bot``.

Both ways go through the bot's :class:`~bot.bot_api.BotApiLimiter` turn: a 429 pauses replies
and scheduled messages alike. Failures come back as PTB's errors, so the sender judges them one
way whichever path a message took (``bot.bot_api.never_took_effect``):

* Telegram's refusals by their code: 429 ``RetryAfter``, 403 ``Forbidden``, 400 ``BadRequest``,
  5xx ``NetworkError`` (retried: it did nothing);
* a connection that could not be made (refused, DNS, connect time-out): ``NetworkError`` from
  :class:`~bot.bot_api.NotSent` (retried);
* the answer lost after the request left (read time-out, dropped connection): ``TimedOut`` or
  ``NetworkError`` from aiohttp's error (uncertain: never sent again).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from telegram import Bot, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ExtBot

from bot.bot_api import BotApiLimiter, NotSent, scheduled
from bot.views.reply import Keyboard, Reply

CONNECT_SECONDS = 5.0
READ_SECONDS = 10.0
"""Waits for a connection and for Telegram's answer (PTB's defaults are 5 s each; an answer
given up on makes the message uncertain, so it is waited for a little longer)."""


class TelegramSends:
    """Scheduled messages to Telegram for one pass of the sender (open it with :meth:`open`)."""

    def __init__(self, bot: Bot) -> None:
        """Send as ``bot``: its token, base URL, defaults and rate limiter."""
        self._bot = bot
        limiter = bot.rate_limiter if isinstance(bot, ExtBot) else None
        self._limiter = limiter if isinstance(limiter, BotApiLimiter) else None
        self._url = f"{bot.base_url}/sendMessage"
        self._defaults = _defaults(bot)
        self._session: aiohttp.ClientSession | None = None

    @contextlib.asynccontextmanager
    async def open(self) -> AsyncIterator[TelegramSends]:
        """One HTTP session (its connections kept alive) for the messages of a pass."""
        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=CONNECT_SECONDS, sock_read=READ_SECONDS
        )
        async with aiohttp.ClientSession(timeout=timeout) as session:
            self._session = session
            try:
                yield self
            finally:
                self._session = None

    async def send(self, chat_id: int, reply: Reply) -> int:
        """Send one message; its Telegram message id.

        Raises:
            telegram.error.TelegramError: Telegram refused it, or it may not have arrived
                (see the module docstring).
        """
        if reply.photo is not None or self._session is None:
            with scheduled():
                message = await (
                    self._bot.send_photo(
                        chat_id, reply.photo, caption=reply.text, reply_markup=reply.keyboard
                    )
                    if reply.photo is not None
                    else self._bot.send_message(chat_id, reply.text, reply_markup=reply.keyboard)
                )
            return message.message_id
        body: dict[str, Any] = {"chat_id": chat_id, "text": reply.text, **self._defaults}
        if reply.keyboard is not None:
            body["reply_markup"] = markup(reply.keyboard)
        if self._limiter is None:
            return await self._post(self._session, body)
        async with self._limiter.turn():
            return await self._post(self._session, body)

    async def _post(self, session: aiohttp.ClientSession, body: dict[str, Any]) -> int:
        data = json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        try:
            async with session.post(self._url, data=data, headers=headers) as response:
                status, raw = response.status, await response.read()
        except aiohttp.ClientConnectorError as error:  # refused, unreachable, DNS
            raise NetworkError(f"could not connect: {error}") from NotSent()
        except aiohttp.ConnectionTimeoutError as error:
            raise NetworkError(f"could not connect in time: {error}") from NotSent()
        except TimeoutError as error:  # the request left; its answer did not come
            raise TimedOut("Telegram's answer did not come in time") from error
        except aiohttp.ClientError as error:  # the connection dropped: it may have arrived
            raise NetworkError(f"the connection dropped: {error}") from error
        try:
            answer = json.loads(raw)
        except ValueError as error:
            if status >= 500:  # a proxy's error page: Telegram did nothing with it
                raise NetworkError(f"HTTP {status} without an answer") from NotSent()
            raise NetworkError(f"an answer that is not JSON (HTTP {status})") from error
        if isinstance(answer, dict) and answer.get("ok") is True:
            result = answer.get("result")
            if isinstance(result, dict) and isinstance(result.get("message_id"), int):
                return int(result["message_id"])
        raise _refusal(status, answer)


_OTHER_BUTTON_FIELDS = (
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "callback_game",
    "pay",
    "web_app",
    "switch_inline_query_chosen_chat",
    "copy_text",
)


def markup(keyboard: Keyboard) -> dict[str, Any]:
    """A keyboard as the Bot API reads it: what PTB's ``to_dict`` gives, faster.

    Inline buttons that only carry a callback or a link (every one the bot makes) are written
    directly; any other keyboard or button goes through PTB.
    """
    if not isinstance(keyboard, InlineKeyboardMarkup):
        return keyboard.to_dict()
    rows: list[list[dict[str, Any]]] = []
    for row in keyboard.inline_keyboard:
        cells: list[dict[str, Any]] = []
        for button in row:
            if any(getattr(button, name, None) is not None for name in _OTHER_BUTTON_FIELDS):
                return keyboard.to_dict()
            cell: dict[str, Any] = {"text": button.text}
            if button.url is not None:
                cell["url"] = button.url
            if isinstance(button.callback_data, str):
                cell["callback_data"] = button.callback_data
            elif button.callback_data is not None:
                return keyboard.to_dict()  # arbitrary callback data: PTB's to handle
            cells.append(cell)
        rows.append(cells)
    return {"inline_keyboard": rows}


def _defaults(bot: Bot) -> dict[str, Any]:
    """The parameters PTB's defaults would add to a ``sendMessage``."""
    defaults = bot.defaults if isinstance(bot, ExtBot) else None
    found: dict[str, Any] = {}
    if defaults is None:
        return found
    if defaults.parse_mode is not None:
        found["parse_mode"] = defaults.parse_mode
    if defaults.link_preview_options is not None:
        found["link_preview_options"] = defaults.link_preview_options.to_dict()
    if defaults.disable_notification is not None:
        found["disable_notification"] = defaults.disable_notification
    if defaults.protect_content is not None:
        found["protect_content"] = defaults.protect_content
    return found


def _refusal(status: int, answer: object) -> TelegramError:
    """PTB's error for Telegram's answer (its code, and its reason)."""
    fields = answer if isinstance(answer, dict) else {}
    reason = str(fields.get("description") or f"HTTP {status}")
    code = fields.get("error_code", status)
    parameters = fields.get("parameters")
    retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
    if code == 429 and isinstance(retry_after, int | float):
        return RetryAfter(int(retry_after))
    if code == 403:
        return Forbidden(reason)
    if code == 400:
        return BadRequest(reason)
    if code == 401:
        return InvalidToken(reason)
    if code == 404:
        return EndPointNotFound(reason)
    if code == 409:
        return Conflict(reason)
    # A 5xx (or any other answer): Telegram did not act on it (a NetworkError, as PTB says).
    return NetworkError(f"{reason} ({code})")


__all__ = ["TelegramSends"]
