"""Chats side by side, each in order: the update processor every update passes through.

PTB handles one update at a time by default, so one slow update (a big export on its way to
Telegram) held up everyone (issue 15: another user's /help waited 15.6 s). Here updates of
different chats run concurrently, while the updates of one chat still run one after another,
in the order Telegram sent them: a user's "/plan", "write a novel", "40,000 words" typed in a
row are the vision question, its answer and the next answer, never shuffled.

How the order is kept: PTB starts one task per update, in the order they arrive, and each task
reaches :meth:`ChatOrderedUpdates.do_process_update` without waiting on anything first. There it
queues on its chat's lock (``asyncio.Lock`` wakes waiters first come, first served), and only
then on the limit of updates running at once; an update waiting for its chat's turn so holds no
place another chat could use. PTB's own limit is set far above ours: it only counts tasks.

Data stays exact with or without this: one user's use cases are units of work that lock the
user's row (``bot.services.unit_of_work``), and SQLite runs one transaction at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

CONCURRENT_UPDATES = 32
"""Updates of different chats handled at once (each mostly waits on Telegram or the database)."""

_PENDING_TASKS = 1_000_000
"""PTB's own limit, which counts every started task, waiting ones included: not the limit."""


class ChatOrderedUpdates(BaseUpdateProcessor):
    """Runs updates of different chats at once, and those of one chat in order."""

    def __init__(self, max_concurrent_updates: int = CONCURRENT_UPDATES) -> None:
        """Let at most ``max_concurrent_updates`` updates run at once (1: one at a time)."""
        super().__init__(_PENDING_TASKS if max_concurrent_updates > 1 else 1)
        self._running = asyncio.Semaphore(max_concurrent_updates)
        self._chats: dict[int, _ChatTurn] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's turn, then for a free place, then handle the update."""
        async with self._turn_of(_chat_key(update)), self._running:
            await self.handle(update, coroutine)

    async def handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers (subclasses add measuring around it)."""
        await coroutine

    @asynccontextmanager
    async def _turn_of(self, key: int | None) -> AsyncIterator[None]:
        if key is None:  # nobody's chat (a poll, an inline query): no order to keep
            yield
            return
        turn = self._chats.get(key)
        if turn is None:
            turn = self._chats[key] = _ChatTurn()
        turn.users += 1
        try:
            async with turn.lock:
                yield
        finally:
            turn.users -= 1
            if turn.users == 0:
                del self._chats[key]  # a quiet chat costs nothing

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


class _ChatTurn:
    """One chat's lock and how many of its updates hold or wait for it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


def _chat_key(update: object) -> int | None:
    """Whose turn an update takes: its chat's, else its sender's (a button on an inline
    message has no chat), else nobody's."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None
