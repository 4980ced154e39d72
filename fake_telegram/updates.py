"""The bot's update queue with getUpdates semantics.

Updates stay queued until confirmed: ``getUpdates(offset=N)`` forgets every
update with ``update_id < N``; unconfirmed ones are delivered again.  One long
poll at a time: a newer ``getUpdates`` ends the older one with 409 Conflict.
"""

# Waiting with a `timeout` argument is this test API's contract (e.g. wait_for(pred, timeout)).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fake_telegram.errors import conflict

# Sent unless explicitly requested (Bot API docs of allowed_updates).
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_LIMIT = 100

PENDING = "pending"
DELIVERED = "delivered"
CONFIRMED = "confirmed"
DROPPED = "dropped"


@dataclass
class QueuedUpdate:
    """One update waiting to be confirmed."""

    update_id: int
    kind: str
    payload: dict[str, Any]
    deliveries: int = 0


class UpdateQueue:
    """Queued updates, their status, and the single long poll."""

    def __init__(self, on_change: Callable[[], None], first_update_id: int = 100_000) -> None:
        self._on_change = on_change
        self._queue: list[QueuedUpdate] = []
        self._next_id = first_update_id
        self.status: dict[int, str] = {}
        self.allowed: frozenset[str] | None = None  # None: everything but DEFAULT_EXCLUDED
        self._active: asyncio.Future[str] | None = None
        self._closed = False
        self._listeners: list[Callable[[], None]] = []
        self.polls = 0

    # -- producing -------------------------------------------------------------------------

    def push(self, kind: str, body: dict[str, Any]) -> int:
        """Queue an update of ``kind`` (e.g. "message") and wake the poller."""
        update_id = self._next_id
        self._next_id += 1
        self._queue.append(QueuedUpdate(update_id, kind, {"update_id": update_id, kind: body}))
        self.status[update_id] = PENDING
        self._wake("update")
        return update_id

    def add_listener(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever an update is queued (webhook delivery)."""
        self._listeners.append(callback)

    # -- state -------------------------------------------------------------------------------

    @property
    def pending_count(self) -> int:
        """Updates not yet confirmed (what getWebhookInfo reports)."""
        return len(self._queue)

    @property
    def long_polling(self) -> bool:
        """Whether a getUpdates request is currently waiting."""
        return self._active is not None and not self._active.done()

    def is_allowed(self, kind: str) -> bool:
        """Would an update of this kind be delivered under the current allowed_updates?"""
        if self.allowed is None:
            return kind not in DEFAULT_EXCLUDED
        return kind in self.allowed

    def set_allowed(self, allowed: list[str] | None) -> None:
        """Store ``allowed_updates``: None keeps the previous setting, [] restores the default."""
        if allowed is not None:
            self.allowed = frozenset(allowed) if allowed else None

    def confirm_below(self, offset: int) -> None:
        """Forget updates below ``offset``; a negative offset keeps only the last ``-offset``."""
        if offset < 0:
            keep = self._queue[offset:] if -offset < len(self._queue) else list(self._queue)
            forgotten = self._queue[: len(self._queue) - len(keep)]
            self._queue = keep
        else:
            forgotten = [u for u in self._queue if u.update_id < offset]
            self._queue = [u for u in self._queue if u.update_id >= offset]
        for update in forgotten:
            self.status[update.update_id] = CONFIRMED
        if forgotten:
            self._on_change()

    def confirm(self, update_id: int) -> None:
        """Forget one update (a webhook delivery succeeded)."""
        self._queue = [u for u in self._queue if u.update_id != update_id]
        self.status[update_id] = CONFIRMED
        self._on_change()

    def drop_pending(self) -> None:
        """``drop_pending_updates=True``: forget every queued update."""
        for update in self._queue:
            self.status[update.update_id] = DROPPED
        self._queue = []
        self._on_change()

    def next_batch(self, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` deliverable updates, dropping ones allowed_updates excludes."""
        batch: list[dict[str, Any]] = []
        kept: list[QueuedUpdate] = []
        changed = False
        for update in self._queue:
            if not self.is_allowed(update.kind):
                self.status[update.update_id] = DROPPED
                changed = True
                continue
            kept.append(update)
            if len(batch) < limit:
                update.deliveries += 1
                self.status[update.update_id] = DELIVERED
                batch.append(update.payload)
                changed = True
        self._queue = kept
        if changed:
            self._on_change()
        return batch

    # -- getUpdates ----------------------------------------------------------------------------

    async def get_updates(
        self, offset: int | None, limit: int | None, timeout: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        """The getUpdates method: confirm, filter, then answer at once or long-poll."""
        if self._active is not None and not self._active.done():
            self._active.set_result("conflict")
        self.polls += 1
        if offset:
            self.confirm_below(offset)
        self.set_allowed(allowed)
        limit = MAX_LIMIT if limit is None or limit <= 0 else min(limit, MAX_LIMIT)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0.0)
        while True:
            batch = self.next_batch(limit)
            remaining = deadline - loop.time()
            if batch or self._closed or remaining <= 0:
                return batch
            waiter: asyncio.Future[str] = loop.create_future()
            self._active = waiter
            self._on_change()  # "the bot is now long-polling" is worth waking waiters for
            try:
                await asyncio.wait({waiter}, timeout=remaining)
            finally:
                if self._active is waiter:
                    self._active = None
            if waiter.done() and waiter.result() == "conflict":
                raise conflict(
                    "terminated by other getUpdates request; "
                    "make sure that only one bot instance is running"
                )

    def open(self) -> None:
        """Server (re)started: long polls wait again."""
        self._closed = False

    def close(self) -> None:
        """Server stopping: pending long polls return an empty result at once."""
        self._closed = True
        self._wake("closed")

    def _wake(self, reason: str) -> None:
        if self._active is not None and not self._active.done():
            self._active.set_result(reason)
        for listener in list(self._listeners):
            listener()
        self._on_change()
