"""A load balancer for tests: Telegram's webhook spread over several bot instances in turn.

What the reverse proxy of ``deploy/compose.yaml`` does in production: each update the fake
Telegram posts goes to the next instance, with its headers (the secret token) and body as they
came, and the instance's answer goes back to Telegram (a 503 makes Telegram deliver it again).
"""

from __future__ import annotations

from collections import Counter
from types import TracebackType

import aiohttp
from aiohttp import web

from bot.web import SECRET_HEADER


class RoundRobin:
    """Forwards ``POST <path>`` to its upstreams in turn; counts what each one answered."""

    def __init__(self, path: str) -> None:
        """Take updates on ``path`` once started; :attr:`upstreams` are set when they listen."""
        self.path = path
        self.upstreams: list[str] = []
        """Base URLs (``http://127.0.0.1:PORT``) of the instances, in the order they get turns."""
        self.forwarded: Counter[str] = Counter()
        """Updates each upstream accepted (answered 2xx)."""
        self._turn = 0
        self._app = web.Application()
        self._app.router.add_post(path, self._forward)
        self._runner = web.AppRunner(self._app, access_log=None)
        self._session: aiohttp.ClientSession | None = None
        self._port: int | None = None

    @property
    def url(self) -> str:
        """Where Telegram should post updates (``setWebhook``)."""
        if self._port is None:
            raise RuntimeError("the balancer is not started")
        return f"http://127.0.0.1:{self._port}{self.path}"

    async def __aenter__(self) -> RoundRobin:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        if not self.upstreams or self._session is None:
            return web.Response(status=503, text="No instance yet")
        upstream = self.upstreams[self._turn % len(self.upstreams)]
        self._turn += 1
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() in (SECRET_HEADER.lower(), "content-type")
        }
        body = await request.read()
        try:
            async with self._session.post(
                upstream + self.path, data=body, headers=headers
            ) as answer:
                if 200 <= answer.status < 300:
                    self.forwarded[upstream] += 1
                return web.Response(status=answer.status, body=await answer.read())
        except aiohttp.ClientError:
            return web.Response(status=502, text="Instance unreachable")
