"""The bot's web server: Telegram's webhook, ``/healthz`` and ``/metrics``.

Modelled on python-telegram-bot's ``customwebhookbot`` examples: a web server of our own (aiohttp,
which the fake Telegram already uses) puts each update Telegram posts into the Application's
``update_queue``, so the same server can answer a load balancer and Prometheus too.

* ``POST <path of WEBHOOK_URL>``: an update from Telegram. Only with the right
  ``X-Telegram-Bot-Api-Secret-Token`` (``WEBHOOK_SECRET``): a wrong or missing one gets 403 and
  the body is never read. While the bot is not running (starting, stopping) it answers 503, so
  Telegram keeps the update and delivers it again (to this instance or another).
* ``GET /healthz``: 200 or 503 with a JSON body (see ``bot.services.health``).
* ``GET /metrics``: Prometheus' text format (see ``bot.monitoring``).

In webhook mode (``WEBHOOK_URL`` set) :func:`webhook_running` runs the bot behind this server on
``WEBHOOK_LISTEN:PORT``; in polling mode ``bot.app`` serves the last two on ``METRICS_PORT`` when
it is set.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from telegram import Update
from telegram.error import TelegramError

from bot import lifecycle
from bot.config import Settings
from bot.context import BotApplication

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
"""The updates the bot handles; Telegram is asked for these only (polling and webhook alike)."""


class StartupError(Exception):
    """The server could not start as configured; the message names the setting to fix."""


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where Telegram posts updates, and the secret it must send with each.

    Attributes:
        path: The URL path the server takes updates on (the path of ``WEBHOOK_URL``).
        secret: ``WEBHOOK_SECRET``, compared in constant time with the header of each request.
    """

    path: str
    secret: str


class WebServer:
    """One aiohttp server for the webhook (optional), ``/healthz`` and ``/metrics``."""

    def __init__(self, application: BotApplication, webhook: Webhook | None = None) -> None:
        """Prepare the routes; nothing listens until :meth:`start`.

        Args:
            application: The bot: its update queue, services and monitor.
            webhook: Take Telegram's updates too (``None``: only the two endpoints).
        """
        self._application = application
        self._webhook = webhook
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        if webhook is not None:
            app.router.add_post(webhook.path, self._update)
        self._app = app

    @property
    def port(self) -> int:
        """The port listened on (the one the system chose when asked for port 0)."""
        if self._port is None:
            raise RuntimeError("the web server is not started")
        return self._port

    async def start(self, host: str, port: int, *, setting: str = "PORT") -> None:
        """Listen on ``host:port``.

        Raises:
            StartupError: The address cannot be listened on (in use, not this machine's);
                the message names ``setting``.
        """
        # No access log: a health check every few seconds would drown everything else.
        runner = web.AppRunner(self._app, access_log=None, shutdown_timeout=5.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            await runner.cleanup()
            raise StartupError(
                f"{setting}: cannot listen on {host}:{port} ({error.strerror or error})"
            ) from None
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        self._application.bot_data.monitor.port = self._port
        log.info("Listening on %s:%d", host, self._port)

    async def stop(self) -> None:
        """Stop listening; requests in progress finish first. Safe to call twice."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            self._application.bot_data.monitor.port = None
            await runner.cleanup()

    async def _update(self, request: web.Request) -> web.Response:
        webhook = self._webhook
        if webhook is None:  # pragma: no cover - the route exists only with a webhook
            raise web.HTTPNotFound
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), webhook.secret.encode()):
            # Not Telegram (or a stale secret): nothing of it is read, let alone handled.
            log.warning("Refused a webhook request without the right secret token")
            return web.Response(status=403, text="Forbidden")
        application = self._application
        if not application.running:
            return web.Response(status=503, text="Not running", headers={"Retry-After": "1"})
        try:
            data = await request.json()
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError, TelegramError):
            log.warning("Refused a webhook request whose body is not an update")
            return web.Response(status=400, text="Not an update")
        # No await between the running check and the put: an update is either queued before
        # Application.stop() queues its stop signal (and is handled) or refused with 503.
        application.update_queue.put_nowait(update)
        return web.Response(text="OK")

    async def _healthz(self, request: web.Request) -> web.Response:
        try:
            services = self._application.bot_data.services
        except RuntimeError:
            return web.json_response({"status": "starting", "problems": ["not ready"]}, status=503)
        health = await services.health.check(self._application.bot_data.monitor.heartbeat)
        return web.json_response(health.as_json(), status=200 if health.healthy else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        metrics = self._application.bot_data.monitor.metrics
        with contextlib.suppress(RuntimeError):  # services not ready yet: no outbox figures
            services = self._application.bot_data.services
            metrics.outbox(await services.health.outbox(), services.clock())
        return web.Response(
            body=generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )


@contextlib.asynccontextmanager
async def webhook_running(
    application: BotApplication,
    settings: Settings,
    *,
    url_for_port: Callable[[int], str] | None = None,
) -> AsyncIterator[WebServer]:
    """Run the bot in webhook mode until the block ends, then stop it cleanly.

    The lifecycle of PTB's ``run_webhook`` with our server: initialize, ``post_init``, listen,
    start, ``setWebhook``; at the end stop listening first (Telegram redelivers what is refused),
    let the queued updates finish, ``post_stop``, shut down, ``post_shutdown``. The webhook is
    left set: other instances behind the same URL go on serving.

    Args:
        application: Built by ``bot.app.build_application`` with ``WEBHOOK_URL`` set.
        settings: ``WEBHOOK_URL``, ``WEBHOOK_SECRET``, ``WEBHOOK_LISTEN`` and ``PORT``.
        url_for_port: The URL Telegram posts to, given the port listened on (tests listen on
            port 0); ``None``: ``WEBHOOK_URL`` as it is.

    Raises:
        StartupError: The port cannot be listened on, or Telegram refused the webhook.
    """
    if settings.webhook_url is None or settings.webhook_secret is None:
        raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
    secret = settings.webhook_secret.get_secret_value()
    server = WebServer(application, Webhook(settings.webhook_path, secret))
    initialised = False
    try:
        await application.initialize()
        initialised = True
        if application.post_init is not None:
            await application.post_init(application)
        try:
            await server.start(settings.webhook_listen, settings.port)
            await application.start()
            url = settings.webhook_url if url_for_port is None else url_for_port(server.port)
            try:
                await application.bot.set_webhook(
                    url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
                )
            except TelegramError as error:
                raise StartupError(f"WEBHOOK_URL: Telegram refused it ({error.message})") from None
            log.info("Taking updates from Telegram at %s", url)
            yield server
        finally:
            await server.stop()
    finally:
        # Every step bounded and none skipped for another, also after a failed start-up.
        await lifecycle.stop(application, initialised=initialised)
