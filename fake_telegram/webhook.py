"""Delivering updates to a webhook, like Telegram does after setWebhook.

Deliveries go one at a time, in order, to loopback URLs only (the fake never
touches the network).  A non-2xx answer or a connection error is recorded in
getWebhookInfo's ``last_error_*`` and retried with a short backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
from urllib.parse import urlsplit

import aiohttp

from fake_telegram.state import TelegramState

_MAX_BACKOFF = 1.0


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebhookDeliverer:
    """Background task that POSTs queued updates to ``state.webhook.url``."""

    def __init__(self, state: TelegramState) -> None:
        self._state = state
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopped = False
        self.deliveries = 0

    def poke(self) -> None:
        """Something changed (new update, webhook set): look again."""
        self._wake.set()

    def start(self) -> None:
        """Start the delivery loop on the running event loop."""
        self._stopped = False
        self._wake = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="fake-webhook")

    async def stop(self) -> None:
        """Stop delivering (pending updates stay queued)."""
        self._stopped = True
        self._wake.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        backoff = 0.0
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while not self._stopped:
                if backoff:
                    await asyncio.sleep(backoff)
                self._wake.clear()
                outcome = await self._deliver_one(session)
                if outcome is None:
                    await self._wake.wait()
                    backoff = 0.0
                elif outcome:
                    backoff = 0.0
                else:
                    backoff = min(_MAX_BACKOFF, max(0.05, backoff * 2))

    async def _deliver_one(self, session: aiohttp.ClientSession) -> bool | None:
        """True: delivered; False: failed (retry later); None: nothing to do."""
        webhook = self._state.webhook
        if not webhook.url or self._state.updates.pending_count == 0:
            return None
        if not _is_loopback(webhook.url):
            self._record_error("the fake Telegram only delivers to loopback addresses")
            return None
        batch = self._state.updates.next_batch(1)
        if not batch:
            return None
        update = batch[0]
        headers = {"Content-Type": "application/json"}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        try:
            async with session.post(webhook.url, data=json.dumps(update), headers=headers) as resp:
                if 200 <= resp.status < 300:
                    self._state.updates.confirm(int(update["update_id"]))
                    self.deliveries += 1
                    return True
                self._record_error(f"Wrong response from the webhook: {resp.status} {resp.reason}")
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._record_error(f"Connection failed: {exc.__class__.__name__}")
        return False

    def _record_error(self, message: str) -> None:
        self._state.webhook.last_error_date = self._state.timestamp()
        self._state.webhook.last_error_message = message
