"""An in-process Bot API: applications measured without any network, as PTB measures itself.

python-telegram-bot's own test suite runs real ``Application`` objects on an offline
``telegram.request.BaseRequest`` (``OfflineRequest`` in its ``tests/auxil/networking.py``)
and hands them ``Update`` objects directly. This module does the same for the benchmarks:

* :class:`OfflineBotApi` - a ``BaseRequest`` whose ``do_request`` answers the Bot API methods the
  bot uses with minimal but valid results (the JSON PTB would get from Telegram), counts the
  calls per method and remembers the last text each chat was shown. It never opens a socket.
  Methods it does not know are answered with a 400 (PTB raises ``BadRequest``) and counted in
  :attr:`OfflineBotApi.refused`, so a benchmark can insist that nothing went unanswered.
* :class:`UpdateFactory` - real ``telegram.Update`` objects, parsed with ``Update.de_json`` from
  the JSON Telegram sends (what PTB's updater does with ``getUpdates`` results), so they are
  bound to the application's bot and handlers can reply through them: a private-chat text
  message, and a callback query pressing an inline button of a message the bot sent.
* :func:`serving` - an application's lifecycle without an updater (initialize, ``post_init``,
  start ... stop, ``post_stop``, shutdown, ``post_shutdown``), and :func:`feed`, which awaits
  ``application.process_update(update)`` for each update in turn and times each call.

What this leaves out, on purpose: HTTP (connection pool, request and response bytes on a
socket) and any server. Kept in: PTB's request building and defaults, the rate limiter, the
JSON encoding of the request parameters (as ``HTTPXRequest`` encodes them) and the decoding of
the answer. The two applications compared in a run pay exactly the same per call.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

BOT_ID = 7_000_000_001
# The shape bot.config checks (digits, a colon, 20+ URL-safe characters); it authorises nothing.
BOT_TOKEN = f"{BOT_ID}:offline-benchmark-token-not-real"
BOT_USERNAME = "small_wins_offline_bot"

JSONDict = dict[str, Any]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class OfflineBotApi(BaseRequest):
    """A ``BaseRequest`` that answers the Bot API in-process with canned, valid results.

    One instance serves one bot (pass it as both ``request`` and ``get_updates_request``).

    Attributes:
        calls: Requests answered, by Bot API method name (``sendMessage`` ...).
        refused: Requests for methods this class does not answer, by name (each got a 400).
        last_text: The text most recently sent to or edited in each chat, by chat id.
        last_parameters: The parameters of the latest request of each method, by name (what
            another application can send alike).
    """

    def __init__(self, *, now: datetime) -> None:
        """Answer as if it were ``now`` (the ``date`` of every message returned)."""
        self.calls: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.last_text: dict[int, str] = {}
        self.last_parameters: dict[str, JSONDict] = {}
        self._date = int(now.timestamp())
        self._message_ids = itertools.count(10_000)
        self._file_ids = itertools.count(1)
        self._bot_user: JSONDict = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Small Wins",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    @property
    def read_timeout(self) -> float | None:
        """Nothing is ever waited for; PTB only adds it to ``getUpdates`` timeouts."""
        return 5.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def total(self) -> int:
        """Every request answered or refused so far."""
        return self.calls.total() + self.refused.total()

    async def do_request(  # noqa: PLR0917 - BaseRequest's signature, called positionally
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer ``url``'s Bot API method from the parameters alone; never touches a network."""
        name = url.rpartition("/")[2]
        params: JSONDict = {}
        if request_data is not None:
            params = dict(request_data.parameters)
            if not request_data.contains_files:
                # What HTTPXRequest does with the parameters before sending them (form fields).
                request_data.json_parameters  # noqa: B018 - evaluated for its cost
        answer = _ANSWERS.get(name)
        if answer is None:
            self.refused[name] += 1
            body: JSONDict = {
                "ok": False,
                "error_code": 400,
                "description": f"Bad Request: {name} is not answered offline",
            }
            return 400, json.dumps(body).encode()
        self.calls[name] += 1
        self.last_parameters[name] = params
        result = answer(self, params)
        return 200, json.dumps({"ok": True, "result": result}, ensure_ascii=False).encode()

    # --- the answers -----------------------------------------------------------------------

    def _get_me(self, params: JSONDict) -> JSONDict:
        return self._bot_user

    def _true(self, params: JSONDict) -> bool:
        return True

    def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        return []  # updates are fed with process_update, never polled

    def _message(self, params: JSONDict, message_id: int | None = None) -> JSONDict:
        chat_id = int(params["chat_id"])
        chat: JSONDict = (
            {"id": chat_id, "type": "private", "first_name": "User"}
            if chat_id > 0
            else {"id": chat_id, "type": "supergroup", "title": "Group"}
        )
        message: JSONDict = {
            "message_id": next(self._message_ids) if message_id is None else message_id,
            "date": self._date,
            "chat": chat,
            "from": self._bot_user,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup  # Telegram echoes inline keyboards only
        return message

    def _send_message(self, params: JSONDict) -> JSONDict:
        message = self._message(params)
        text = str(params.get("text", ""))
        message["text"] = text
        self.last_text[message["chat"]["id"]] = text
        return message

    def _edited(self, params: JSONDict) -> JSONDict | bool:
        if "inline_message_id" in params:
            return True  # Telegram answers True for messages sent via inline mode
        message = self._message(params, message_id=int(params["message_id"]))
        message["edit_date"] = self._date
        return message

    def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        edited = self._edited(params)
        text = str(params.get("text", ""))
        if isinstance(edited, dict):
            edited["text"] = text
            self.last_text[edited["chat"]["id"]] = text
        return edited

    def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        return self._edited(params)

    def _file(self) -> JSONDict:
        number = next(self._file_ids)
        return {"file_id": f"offline-file-{number}", "file_unique_id": f"u{number}"}

    def _captioned(self, params: JSONDict) -> JSONDict:
        message = self._message(params)
        if params.get("caption"):
            message["caption"] = str(params["caption"])
        return message

    def _send_photo(self, params: JSONDict) -> JSONDict:
        message = self._captioned(params)
        message["photo"] = [{**self._file(), "width": 1, "height": 1, "file_size": 1}]
        return message

    def _send_document(self, params: JSONDict) -> JSONDict:
        message = self._captioned(params)
        message["document"] = {**self._file(), "file_name": "document", "file_size": 1}
        return message


_ANSWERS = {
    "getMe": OfflineBotApi._get_me,
    "getUpdates": OfflineBotApi._get_updates,
    "sendMessage": OfflineBotApi._send_message,
    "editMessageText": OfflineBotApi._edit_message_text,
    "editMessageReplyMarkup": OfflineBotApi._edit_message_reply_markup,
    "answerCallbackQuery": OfflineBotApi._true,
    "setMyCommands": OfflineBotApi._true,
    "deleteWebhook": OfflineBotApi._true,
    "sendPhoto": OfflineBotApi._send_photo,
    "sendDocument": OfflineBotApi._send_document,
}
ANSWERED_METHODS = tuple(_ANSWERS)


class UpdateFactory:
    """Real ``Update`` objects for one bot, parsed from the JSON Telegram would send."""

    def __init__(self, bot: Bot, *, now: datetime, first_update_id: int = 1) -> None:
        """Updates for ``bot`` (bound to it, so replies work), dated ``now``."""
        self._bot = bot
        self._date = int(now.timestamp())
        self._update_ids = itertools.count(first_update_id)
        self._message_ids = itertools.count(1)

    def _user(self, user_id: int, first_name: str) -> JSONDict:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}

    def _chat(self, user_id: int, first_name: str) -> JSONDict:
        return {"id": user_id, "type": "private", "first_name": first_name}

    def text(self, user_id: int, first_name: str, text: str) -> Update:
        """A private-chat message ``text`` from the user (whose chat id is their user id)."""
        message: JSONDict = {
            "message_id": next(self._message_ids),
            "date": self._date,
            "chat": self._chat(user_id, first_name),
            "from": self._user(user_id, first_name),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._update({"message": message})

    def press(
        self,
        user_id: int,
        first_name: str,
        *,
        data: str,
        message_text: str,
        keyboard: InlineKeyboardMarkup,
    ) -> Update:
        """The user presses the button carrying ``data`` under a message the bot sent them."""
        if not any(
            button.callback_data == data for row in keyboard.inline_keyboard for button in row
        ):
            raise ValueError(f"no button with callback data {data!r} in the keyboard")
        message: JSONDict = {
            "message_id": next(self._message_ids),
            "date": self._date,
            "chat": self._chat(user_id, first_name),
            "from": {"id": self._bot.id, "is_bot": True, "first_name": self._bot.first_name},
            "text": message_text,
            "reply_markup": keyboard.to_dict(),
        }
        update_id = next(self._update_ids)
        query: JSONDict = {
            "id": f"{user_id}-{update_id}",
            "from": self._user(user_id, first_name),
            "chat_instance": f"offline-{user_id}",
            "message": message,
            "data": data,
        }
        return self._update({"callback_query": query}, update_id)

    def _update(self, content: JSONDict, update_id: int | None = None) -> Update:
        update_id = next(self._update_ids) if update_id is None else update_id
        return Update.de_json({"update_id": update_id, **content}, self._bot)


@asynccontextmanager
async def serving(application: AnyApplication) -> AsyncIterator[AnyApplication]:
    """Run ``application`` without an updater, in PTB's lifecycle order, around the block.

    initialize (``getMe`` through the offline request), ``post_init``, start; on leaving:
    stop, ``post_stop``, shutdown, ``post_shutdown``. Updates go in with :func:`feed`.
    """
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        try:
            yield application
        finally:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


async def feed(
    application: AnyApplication,
    updates: Iterable[Update],
    after: Callable[[], object] | None = None,
) -> list[float]:
    """``await application.process_update(update)`` for each update in turn; each one's seconds.

    One after another, as PTB processes updates by default (``concurrent_updates=1``): an
    update's time is the whole of its handling, replies included, with nothing queued behind it.
    ``after`` (a counter reading, say) is called after each update, outside its time.
    """
    clock = time.perf_counter
    durations: list[float] = []
    process = application.process_update
    for update in updates:
        started = clock()
        await process(update)
        durations.append(clock() - started)
        if after is not None:
            after()
    return durations
