"""The fake Bot API HTTP server (aiohttp on 127.0.0.1, random free port)."""

# Waiting with a `timeout` argument is this test API's contract (e.g. wait_for(pred, timeout)).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import math
import re
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from aiohttp import web

from fake_telegram.client import FakeUser
from fake_telegram.errors import NOT_FOUND, UNAUTHORIZED, ApiError, bad_request, too_many_requests
from fake_telegram.faults import Fault, FaultKind, Faults
from fake_telegram.groups import FakeChannel, FakeGroup, group_chat
from fake_telegram.harness import TrackingApplication
from fake_telegram.hub import RecordedError
from fake_telegram.methods import METHODS
from fake_telegram.params import Params, UploadedFile, decode_params, describe, resolve_attachments
from fake_telegram.state import ApiCall, Settings, TelegramState, UserInfo, real_clock
from fake_telegram.sync import Notifier
from fake_telegram.updates import CONFIRMED, DELIVERED, DROPPED, PENDING, UpdateQueue
from fake_telegram.webhook import WebhookDeliverer

if TYPE_CHECKING:
    from telegram.ext import Application

DEFAULT_TOKEN = "123456789:AAE-fake-token-for-tests_0123456789ab"
_TOKEN_FORMAT = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_SENDING = frozenset({"sendmessage", "sendphoto", "senddocument"})
_BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_dumps = functools.partial(json.dumps, ensure_ascii=False)
_LOGGER = logging.getLogger(__name__)

RawParams = dict[str, object]
"""A request's parameters as sent: text (JSON for anything but a string) or uploaded files."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What the fake answers one Bot API request, whichever way it came (HTTP or in-process).

    Attributes:
        status: The HTTP status.
        body: The body: JSON (``{"ok": …}``), a proxy's HTML page, or a file's bytes.
        content_type: The body's media type.
        dropped: The connection was cut before any answer (``body`` is empty).
    """

    status: int
    body: bytes
    content_type: str = "application/json"
    dropped: bool = False

    @classmethod
    def json(cls, payload: dict[str, Any], status: int = 200) -> Answer:
        """A JSON answer."""
        return cls(status, _dumps(payload).encode())


class FakeTelegram:
    """A Bot API server for one bot, speaking real HTTP on 127.0.0.1.

    Point the application at it with ``ApplicationBuilder().token(fake.token)
    .base_url(fake.base_url).base_file_url(fake.base_file_url)`` (or use
    :func:`fake_telegram.harness.application_builder`).  Users are simulated with
    :meth:`user`; faults are injected through :attr:`faults`.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "SmallWinsTestBot",
        bot_first_name: str = "Small Wins",
        clock: Callable[[], datetime] | None = None,
        strict_html: bool = True,
        require_callback_answers: bool = True,
        callback_query_timeout: float | None = 15.0,
        action_timeout: float = 10.0,
        flood_limit: int | None = None,
        journal_size: int = 20_000,
    ) -> None:
        if not _TOKEN_FORMAT.match(token):
            raise ValueError("token must look like '<digits>:<letters, digits, _ or ->'")
        self.token = token
        self.require_callback_answers = require_callback_answers
        self.action_timeout = action_timeout
        self.flood_limit = flood_limit
        self.faults = Faults()
        self._notifier = Notifier()
        bot = UserInfo(
            id=int(token.split(":", maxsplit=1)[0]),
            first_name=bot_first_name,
            username=bot_username,
            is_bot=True,
        )
        settings = Settings(strict_html=strict_html, callback_query_timeout=callback_query_timeout)
        queue = UpdateQueue(on_change=self._notifier.notify)
        self.state = TelegramState(bot, clock or real_clock, settings, queue)
        self._journal: deque[ApiCall] = deque(maxlen=journal_size)
        self._seq = 0
        self._users: dict[int, FakeUser] = {}
        self._apps: list[TrackingApplication[Any, Any, Any, Any, Any, Any]] = []
        self._raise_errors = True
        self._processed: set[int] = set()
        self._bot_errors: list[RecordedError] = []
        self.arrivals: list[str] = []
        """Every Bot API method called, in the order the requests arrived (answered or not)."""
        self.internal_errors: list[Exception] = []
        """Exceptions inside the fake itself (answered as 500; should stay empty)."""
        self._recent_sends: deque[float] = deque()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._stopping = asyncio.Event()
        self._webhook = WebhookDeliverer(self.state)
        queue.add_listener(self._webhook.poke)

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1 (the same port again after a stop)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("*", "/file/bot{token}/{path:.+}", self._handle_file)
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", self._port or 0)  # a restart keeps the port
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self._port = int(sockets[0].getsockname()[1])
        self._runner = runner
        self._stopping = asyncio.Event()
        self.state.updates.open()
        self._webhook.start()

    @property
    def running(self) -> bool:
        """Whether the fake is up (between :meth:`start` and :meth:`stop`)."""
        return self._runner is not None

    async def stop(self) -> None:
        """Answer pending long polls with ``[]``, abort slow answers, close the server."""
        self._stopping.set()
        self.state.updates.close()
        await self._webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        if self._port is None:
            raise RuntimeError("FakeTelegram is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``: ``http://127.0.0.1:PORT/bot``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.url}/file/bot"

    @property
    def bot(self) -> UserInfo:
        """The bot's own user (id from the token, username, first name)."""
        return self.state.bot

    def now(self) -> datetime:
        """The injected clock's current time."""
        return self.state.now()

    # -- users and the application ---------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Ada",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        started: bool = False,
    ) -> FakeUser:
        """A simulated user.  ``started=True`` opens the chat without sending anything
        (as if the user had talked to the bot before this test)."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        existing = self._users.get(user_id)
        if existing is None:
            info = UserInfo(user_id, first_name, last_name, username, language_code)
            self.state.users[user_id] = info
            existing = self._users[user_id] = FakeUser(self, info)
        if started:
            existing.open_chat()
        return existing

    def group(self, chat_id: int, title: str = "Runners", *, kind: str = "supergroup") -> FakeGroup:
        """A group (``kind`` "group" or "supergroup") the bot is in; ``chat_id`` is negative."""
        return FakeGroup(self, group_chat(self, chat_id, title, kind))

    def channel(self, chat_id: int, title: str = "News") -> FakeChannel:
        """A channel the bot administers; ``chat_id`` is negative."""
        return FakeChannel(self, group_chat(self, chat_id, title, "channel"))

    def attach(
        self, app: Application[Any, Any, Any, Any, Any, Any], *, raise_errors: bool = True
    ) -> None:
        """Let user actions wait for ``app`` to finish processing their updates.

        ``app`` must be built with ``.application_class(TrackingApplication)``.  With
        ``raise_errors`` a user action re-raises any exception the bot's handlers
        raised while processing that update (as :class:`BotError`).
        """
        if not isinstance(app, TrackingApplication):
            raise TypeError(
                "attach() needs an application built with "
                "ApplicationBuilder().application_class(TrackingApplication) "
                "(fake_telegram.harness.application_builder(fake) does that)"
            )
        app.add_update_listener(self._on_update_processed)
        app.add_error_listener(self._on_bot_error)
        if app not in self._apps:
            self._apps.append(app)
        self._raise_errors = raise_errors

    def detach(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Stop listening to ``app``."""
        if isinstance(app, TrackingApplication) and app in self._apps:
            app.remove_update_listener(self._on_update_processed)
            app.remove_error_listener(self._on_bot_error)
            self._apps.remove(app)

    def _on_update_processed(self, update: object) -> None:
        update_id = getattr(update, "update_id", None)
        if isinstance(update_id, int):
            self._processed.add(update_id)
            self._notifier.notify()

    def _on_bot_error(self, error: RecordedError) -> None:
        self._bot_errors.append(error)
        self._notifier.notify()

    def bot_errors(self, update_id: int | None = None) -> list[RecordedError]:
        """Exceptions the attached applications reported (optionally for one update)."""
        if update_id is None:
            return list(self._bot_errors)
        return [e for e in self._bot_errors if e.update_id == update_id]

    @property
    def raise_errors(self) -> bool:
        """Whether user actions re-raise handler exceptions (see :meth:`attach`)."""
        return self._raise_errors

    # -- waiting -------------------------------------------------------------------------------

    def notify(self) -> None:
        """Wake waiters (called on every bot request and processed update)."""
        self._notifier.notify()

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float | None = None, what: str | None = None
    ) -> None:
        """Wait until ``predicate()`` holds, re-checking after every bot request.

        For things outside update processing, e.g. a scheduled job's messages.
        Raises AssertionError listing the bot's recent requests on timeout.
        """
        since = self._seq
        limit = self.action_timeout if timeout is None else timeout
        if await self._notifier.wait_until(predicate, limit):
            return
        lines = [f"Timed out after {limit:g} s waiting for {what or 'the condition'}."]
        lines += self._describe_calls(since)
        raise AssertionError("\n".join(lines))

    def is_processed(self, update_id: int) -> bool:
        """Has an attached application finished processing this update (or was it dropped)?"""
        return update_id in self._processed or self.state.updates.status.get(update_id) == DROPPED

    async def wait_processed(
        self, update_id: int, timeout: float | None = None, since: int = 0
    ) -> None:
        """Wait until the bot has fully processed ``update_id``."""
        limit = self.action_timeout if timeout is None else timeout
        if await self._notifier.wait_until(lambda: self.is_processed(update_id), limit):
            return
        raise AssertionError(self._explain_timeout(update_id, limit, since))

    def _explain_timeout(self, update_id: int, timeout: float, since: int) -> str:
        status = self.state.updates.status.get(update_id)
        lines = [f"The bot did not finish processing update {update_id} within {timeout:g} s."]
        if not self._apps:
            lines.append(
                "No application is attached: build it with fake_telegram.harness."
                "application_builder(fake) and call fake.attach(app) (harness.running does both)."
            )
        if status == PENDING:
            waiting = (
                "a getUpdates long poll is waiting"
                if self.state.updates.long_polling
                else "no getUpdates is waiting"
            )
            lines.append(
                f"The update is still queued; the bot never fetched it ({waiting}; "
                f"{self.state.updates.polls} getUpdates calls so far). Is the application polling?"
            )
        elif status == DELIVERED:
            lines.append(
                "The bot fetched it but process_update() has not returned: a handler may be stuck "
                "or waiting on a slow or failing request, or it runs with block=False."
            )
        elif status == CONFIRMED:
            lines.append(
                "The update was confirmed but no attached application reported processing it."
            )
        if self.state.webhook.url:
            lines.append(
                f"A webhook is set ({self.state.webhook.url}); updates go there, not to getUpdates."
            )
        lines += self._describe_calls(since)
        errors = self.bot_errors()
        if errors:
            lines.append("Errors the bot reported:")
            lines += [f"  {e.describe()}" for e in errors[-5:]]
        return "\n".join(lines)

    def _describe_calls(self, since: int) -> list[str]:
        calls = self.calls_since(since)
        if not calls:
            return ["The bot made no requests in the meantime."]
        shown = calls[-25:]
        lines = [f"The bot's requests in the meantime ({len(calls)}):"]
        lines += [f"  {call.summary()}" for call in shown]
        return lines

    # -- journal -------------------------------------------------------------------------------

    @property
    def calls(self) -> list[ApiCall]:
        """Recorded Bot API requests (oldest first; getUpdates is not recorded)."""
        return list(self._journal)

    def mark(self) -> int:
        """A journal position: ``calls_since(mark)`` returns what came after it."""
        return self._seq

    def calls_since(self, mark: int) -> list[ApiCall]:
        """Requests recorded after ``mark``."""
        return [call for call in self._journal if call.seq > mark]

    def calls_to(self, method: str, chat_id: int | None = None) -> list[ApiCall]:
        """Requests of one method (case-insensitive), optionally for one chat."""
        wanted = method.lower()
        return [
            c
            for c in self._journal
            if c.method.lower() == wanted and (chat_id is None or c.chat_id == chat_id)
        ]

    def _record(
        self,
        method: str,
        params: Params,
        *,
        result: Any = None,
        error: ApiError | None = None,
        fault: Fault | None = None,
        arrived: float | None = None,
    ) -> None:
        self._seq += 1
        chat_id = params.get("chat_id")
        now = asyncio.get_running_loop().time()
        self._journal.append(
            ApiCall(
                seq=self._seq,
                method=method,
                params=describe(params),
                chat_id=chat_id if isinstance(chat_id, int) else None,
                ok=error is None,
                result=result,
                error_code=error.error_code if error else None,
                description=error.description if error else None,
                fault=fault.kind.value if fault else None,
                at=now,
                arrived=now if arrived is None else arrived,
            )
        )
        self._notifier.notify()
        self._webhook.poke()

    # -- HTTP ------------------------------------------------------------------------------------

    @staticmethod
    async def _read_raw(request: web.Request) -> RawParams:
        raw: RawParams = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise bad_request("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise bad_request("can't parse JSON object")
                raw.update(body)
            elif request.content_type in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ):
                form = await request.post()
                for name, value in form.items():
                    if isinstance(value, web.FileField):
                        raw[name] = UploadedFile(
                            value.file.read(), value.filename, value.content_type
                        )
                    else:
                        raw[name] = value if isinstance(value, str) else bytes(value).decode()
        return raw

    def _token_ok(self, token: str) -> bool:
        return token == self.token and not self.state.logged_out

    async def _pause(self, delay: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay)

    def _flood_check(self, method: str) -> ApiError | None:
        if self.flood_limit is None or method not in _SENDING:
            return None
        now = asyncio.get_running_loop().time()
        while self._recent_sends and now - self._recent_sends[0] >= 1.0:
            self._recent_sends.popleft()
        if len(self._recent_sends) >= self.flood_limit:
            return too_many_requests(max(1, math.ceil(1.0 - (now - self._recent_sends[0]))))
        self._recent_sends.append(now)
        return None

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        answer = await self.answer(
            request.match_info["token"],
            request.match_info["method"],
            functools.partial(self._read_raw, request),
        )
        if answer.dropped:
            if request.transport is not None:
                request.transport.close()
            raise asyncio.CancelledError
        return _response(answer)

    async def answer(
        self, token: str, method: str, read: Callable[[], Awaitable[RawParams]]
    ) -> Answer:
        """Answer one Bot API request, over HTTP or in-process (``fake_telegram.inprocess``).

        Args:
            token: The token in the request's path.
            method: The method in the request's path (any case, as Telegram accepts it).
            read: Reads the request's parameters (only once the method is known).
        """
        if not self._token_ok(token):
            return Answer.json(UNAUTHORIZED.payload(), 401)
        entry = METHODS.get(method.lower())
        if entry is None:
            return Answer.json(NOT_FOUND.payload(), 404)
        name, implementation = entry
        arrived = asyncio.get_running_loop().time()
        self.arrivals.append(name)
        self._notifier.notify()
        try:
            params = resolve_attachments(decode_params(await read()))
        except ApiError as exc:
            self._record(name, {}, error=exc, arrived=arrived)
            return Answer.json(exc.payload(), exc.error_code)
        fault = self.faults.take(name.lower(), params.get("chat_id"))
        if fault is not None and not fault.takes_effect:
            if fault.kind is FaultKind.SLOW:
                await self._pause(fault.delay)
            else:
                self._record(
                    name, params, error=self._fault_error(fault), fault=fault, arrived=arrived
                )
                return self._fault_answer(fault)
        flood = self._flood_check(name.lower())
        if flood is not None:
            self._record(name, params, error=flood, arrived=arrived)
            return Answer.json(flood.payload(), 429)
        error: ApiError | None = None
        result: Any = None
        try:
            result = await implementation(self.state, params)
        except ApiError as exc:
            error = exc
        except Exception as exc:  # a bug in the fake: make it loud, not a mystery NetworkError
            _LOGGER.exception("fake_telegram failed in %s", name)
            self.internal_errors.append(exc)
            error = ApiError(500, f"Internal Server Error: fake_telegram bug: {exc!r}")
        if name != "getUpdates":
            self._record(name, params, result=result, error=error, fault=fault, arrived=arrived)
        if fault is not None and fault.takes_effect:
            if fault.kind is not FaultKind.SLOW:
                return self._fault_answer(fault)
            await self._pause(fault.delay)
        if error is not None:
            return Answer.json(error.payload(), error.error_code)
        return Answer.json({"ok": True, "result": result})

    @staticmethod
    def _fault_error(fault: Fault) -> ApiError:
        if fault.kind is FaultKind.RETRY_AFTER:
            return too_many_requests(fault.retry_after)
        if fault.kind is FaultKind.FORBIDDEN:
            return ApiError(403, fault.description or "Forbidden: bot was blocked by the user")
        if fault.kind is FaultKind.BAD_REQUEST:
            text = fault.description or "Bad Request: injected fault"
            return ApiError(400, text if text.startswith("Bad Request") else f"Bad Request: {text}")
        if fault.kind is FaultKind.SERVER_ERROR:
            return ApiError(fault.status, fault.description or "Internal Server Error")
        return ApiError(0, "connection dropped")

    def _fault_answer(self, fault: Fault) -> Answer:
        if fault.kind is FaultKind.DROP:
            return Answer(0, b"", dropped=True)
        if (
            fault.kind is FaultKind.SERVER_ERROR
            and fault.status == 502
            and fault.description is None
        ):
            return Answer(502, _BAD_GATEWAY_HTML.encode(), "text/html")
        error = self._fault_error(fault)
        return Answer.json(error.payload(), error.error_code)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        return _response(self.file(request.match_info["token"], request.match_info["path"]))

    def file(self, token: str, path: str) -> Answer:
        """A file's bytes for ``getFile``'s ``file_path``, over HTTP or in-process."""
        if not self._token_ok(token):
            return Answer.json(UNAUTHORIZED.payload(), 401)
        stored = self.state.files.by_path(path)
        if stored is None:
            return Answer.json(NOT_FOUND.payload(), 404)
        return Answer(200, stored.data, stored.mime_type or "application/octet-stream")


def _response(answer: Answer) -> web.Response:
    charset = "utf-8" if answer.content_type in ("application/json", "text/html") else None
    return web.Response(
        status=answer.status,
        body=answer.body,
        content_type=answer.content_type,
        charset=charset,
    )


__all__ = ["DEFAULT_TOKEN", "Answer", "FakeTelegram", "UploadedFile"]
