"""PTB's transport straight into the fake: the same answers as over HTTP, without the sockets.

Pass :class:`InProcessRequest` to ``ApplicationBuilder().request(...)`` and
``.get_updates_request(...)`` (``bot.app.build_application(request=...)``): every Bot API call
goes to :meth:`FakeTelegram.answer <fake_telegram.server.FakeTelegram.answer>`, the code behind
the HTTP server too, so the fake records, checks, fails and answers exactly as it does over
HTTP. What HTTP would add is imitated: the parameters arrive as ``HTTPXRequest`` sends them
(text, JSON for anything but a string; files as uploads), a cut connection or a fake that is
stopped is a ``NetworkError``, an answer later than the read timeout is ``TimedOut``.

The fake's HTTP server keeps running beside it, for what does not go through PTB (the
scheduler's sender posts over aiohttp, webhooks come in over HTTP).
"""

from __future__ import annotations

import asyncio
from urllib.parse import unquote, urlsplit

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from fake_telegram.params import UploadedFile
from fake_telegram.server import Answer, FakeTelegram, RawParams

DEFAULT_READ_TIMEOUT = 5.0
"""``HTTPXRequest``'s default: PTB adds it to ``getUpdates``' long-poll timeout."""


class InProcessRequest(BaseRequest):
    """A ``BaseRequest`` that hands each call to a running :class:`FakeTelegram`."""

    def __init__(self, fake: FakeTelegram, *, read_timeout: float = DEFAULT_READ_TIMEOUT) -> None:
        """Answer from ``fake``; an answer that takes longer than ``read_timeout`` times out."""
        self._fake = fake
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout, as ``HTTPXRequest`` reports it."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

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
        """Answer ``url`` from the fake, as its HTTP server would."""
        if not self._fake.running:
            raise NetworkError("in-process: the fake Telegram is not running (connection refused)")
        path = unquote(urlsplit(url).path)
        seconds = _seconds(read_timeout, self._read_timeout)
        head, _, rest = path.lstrip("/").partition("/")
        if head == "file":  # /file/bot<token>/<path>
            token_part, _, file_path = rest.partition("/")
            answer = self._fake.file(token_part.removeprefix("bot"), file_path)
        else:  # /bot<token>/<method>
            answer = await self._answer(head.removeprefix("bot"), rest, request_data, seconds)
        if answer.dropped:
            raise NetworkError("in-process: server disconnected without sending a response")
        return answer.status, answer.body

    async def _answer(
        self, token: str, name: str, request_data: RequestData | None, seconds: float | None
    ) -> Answer:
        async def read() -> RawParams:
            return _sent(request_data)

        try:
            return await asyncio.wait_for(self._fake.answer(token, name, read), seconds)
        except TimeoutError:
            raise TimedOut("in-process: no answer within the read timeout") from None


def _seconds(given: object, default: float) -> float | None:
    """A read timeout as PTB passes it: a number, ``None`` (no limit) or its "default" marker."""
    if given is None or isinstance(given, int | float):
        return given
    return default


def _sent(request_data: RequestData | None) -> RawParams:
    """The parameters as ``HTTPXRequest`` sends them: form fields, and files as uploads."""
    if request_data is None:
        return {}
    raw: RawParams = dict(request_data.json_parameters)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        raw[name] = UploadedFile(data, filename, mime_type)
    return raw


__all__ = ["InProcessRequest"]
