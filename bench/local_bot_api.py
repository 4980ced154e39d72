"""A minimal local Bot API that can take a thousand messages a second: the ``send`` scenario's.

The fake Telegram (``fake_telegram``) models chats, buttons and edits, and costs the process
that hosts it a few milliseconds of CPU per message; measuring the sender at Telegram's paid
broadcast rate needs a server that only says yes, in a process of its own so that its CPU is not
the sender's. Usage::

    python -m bench.local_bot_api PORT [FLOOD_LIMIT]

Answers ``getMe``, and every ``sendMessage`` and ``sendPhoto`` with a message (ids counting up),
noting when each arrived (``time.time()``) and its chat; any other method gets ``true``. With a
flood limit, a message that would make more than that many in the last second is answered 429 with
``retry_after`` 1, as Telegram does. ``GET /stats`` returns the arrival times, per method, and
the chats in order of arrival; ``POST /reset`` forgets them. It prints ``ready`` on stdout once
it listens.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import deque

from aiohttp import web

BOT = {"id": 7000, "is_bot": True, "first_name": "Small Wins", "username": "small_wins_bench_bot"}
_SENDS = ("sendMessage", "sendPhoto")


class LocalBotApi:
    """The server's state: arrival times, refusals, and the next message id."""

    def __init__(self, flood_limit: int | None) -> None:
        """Create it (``flood_limit``: messages allowed in any one second; None: no limit)."""
        self.flood_limit = flood_limit
        self.arrivals: dict[str, list[float]] = {method: [] for method in _SENDS}
        self.chats: list[int] = []
        self.refused = 0
        self._recent: deque[float] = deque()
        self._next_id = 1

    async def handle(self, request: web.Request) -> web.Response:
        """One Bot API call."""
        method = request.match_info["method"]
        if method == "getMe":
            return _ok(BOT)
        if method not in _SENDS:
            await request.read()
            return _ok(True)
        params = await _params(request)
        now = time.time()
        if self.flood_limit is not None:
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            if len(self._recent) >= self.flood_limit:
                self.refused += 1
                return web.json_response(
                    {
                        "ok": False,
                        "error_code": 429,
                        "description": "Too Many Requests: retry after 1",
                        "parameters": {"retry_after": 1},
                    }
                )
            self._recent.append(now)
        self.arrivals[method].append(now)
        message_id, self._next_id = self._next_id, self._next_id + 1
        chat_id = int(str(params.get("chat_id", 0)))
        self.chats.append(chat_id)
        message: dict[str, object] = {
            "message_id": message_id,
            "date": int(now),
            "chat": {"id": chat_id, "type": "private", "first_name": "User"},
            "from": BOT,
        }
        if method == "sendPhoto":
            message["photo"] = [
                {
                    "file_id": f"p{message_id}",
                    "file_unique_id": f"u{message_id}",
                    "width": 800,
                    "height": 800,
                }
            ]
            message["caption"] = params.get("caption", "")
        else:
            message["text"] = params.get("text", "")
        return _ok(message)

    async def stats(self, request: web.Request) -> web.Response:
        """Arrival times per method, the chat of every message, and the refusals."""
        return web.json_response(
            {"arrivals": self.arrivals, "chats": self.chats, "refused": self.refused}
        )

    async def reset(self, request: web.Request) -> web.Response:
        """Forget every arrival (between measured stretches)."""
        self.arrivals = {method: [] for method in _SENDS}
        self.chats = []
        self.refused = 0
        self._recent.clear()
        return _ok(True)


async def _params(request: web.Request) -> dict[str, object]:
    if request.content_type == "application/json":
        loaded = await request.json()
        return loaded if isinstance(loaded, dict) else {}
    form = await request.post()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _ok(result: object) -> web.Response:
    return web.Response(
        text=json.dumps({"ok": True, "result": result}), content_type="application/json"
    )


async def serve(port: int, flood_limit: int | None) -> None:
    """Listen on 127.0.0.1:``port`` until killed."""
    api = LocalBotApi(flood_limit)
    app = web.Application(client_max_size=20 * 1024 * 1024)
    app.router.add_get("/stats", api.stats)
    app.router.add_post("/reset", api.reset)
    app.router.add_route("*", "/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    asyncio.run(serve(int(sys.argv[1]), limit))
