"""The composition root: the only place that builds the Application and picks the storage."""

from __future__ import annotations

import logging
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot import handlers
from bot.bot_api import BotApiLimiter
from bot.clock import Clock, system_clock
from bot.coach.languages import ENGLISH, LANGUAGES
from bot.config import Settings
from bot.context import BotApplication, BotContext, BotData
from bot.monitoring import MeasuredUpdates, Monitor
from bot.scheduler import jobs as scheduler_jobs
from bot.services.container import Options, Services
from bot.views.help import bot_commands
from bot.views.i18n import translator
from bot.web import StartupError, WebServer
from storage.base import Repository
from storage.open import open_repository as open_database

log = logging.getLogger(__name__)


async def open_repository(settings: Settings) -> Repository:
    """Open (and migrate) the database named by ``DATABASE_URL`` (SQLite or PostgreSQL)."""
    return await open_database(settings.database_url)


async def _set_profile(application: BotApplication, settings: Settings) -> None:
    """The command menu in each language, and the descriptions when set in the settings."""
    # English for everyone, then each language for the clients set to it (Telegram matches
    # the two-letter code: a Portuguese client gets the Brazilian menu).
    await application.bot.set_my_commands(bot_commands(translator(ENGLISH)))
    for language in LANGUAGES:
        if language != ENGLISH:
            await application.bot.set_my_commands(
                bot_commands(translator(language)), language_code=language.split("_")[0]
            )
    # Only when set: otherwise what the owner wrote in @BotFather stays.
    if settings.bot_description is not None:
        await application.bot.set_my_description(settings.bot_description)
    if settings.bot_short_description is not None:
        await application.bot.set_my_short_description(settings.bot_short_description)


def build_application(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    repository: Repository | None = None,
    application_class: type[Application[Any, Any, Any, Any, Any, Any]] = Application,
    run_scheduler: bool = True,
    request: BaseRequest | None = None,
) -> BotApplication:
    """Build the bot: handlers, lifecycle hooks and storage.

    Args:
        settings: Validated settings; the token must be set.
        clock: The clock every service uses (tests pin it).
        repository: A ready repository to use instead of opening ``DATABASE_URL``; the caller
            then owns it and closes it.
        application_class: PTB's Application or a subclass (tests use one that reports progress).
        run_scheduler: Start the tick job and the outbox sender (tests that drive the
            scheduler step by step turn it off).
        request: The Bot API transport for every call, ``getUpdates`` included (benchmarks pass
            one that answers in-process); ``None``: PTB's default HTTP client.
    """
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the bot")
    owns_repository = repository is None
    monitor = Monitor()

    runtime: scheduler_jobs.SchedulerRuntime | None = None
    # Polling mode's /healthz and /metrics (webhook mode serves them with the webhook).
    endpoints: WebServer | None = None

    async def post_init(application: BotApplication) -> None:
        nonlocal repository, runtime, endpoints
        if repository is None:
            repository = await open_repository(settings)
        await _claim_instance(application, repository, settings)
        application.bot_data.services = Services.build(repository, clock, _options(settings))
        await _set_profile(application, settings)
        scheduler_jobs.start_last_seen_flush(application)
        if run_scheduler:
            runtime = scheduler_jobs.start(
                application,
                tick_seconds=settings.scheduler_tick_seconds,
                send_rate=settings.send_rate,
            )
        endpoints = await _serve_endpoints(application, settings)
        log.info("Small Wins is up as @%s", application.bot.username)

    async def post_stop(application: BotApplication) -> None:
        nonlocal runtime
        if runtime is not None:
            await scheduler_jobs.stop(runtime)
            runtime = None
        if not application.bot_data.ready:
            return  # start-up ended before the services were built: nothing to flush
        # Updates are done by now and the repository is still open: the last "last seen" times.
        try:
            await application.bot_data.services.accounts.flush_seen()
        except Exception:
            # Only "last seen" is lost; shutting down cleanly matters more.
            log.exception("Could not store the last-seen times at shutdown")

    async def post_shutdown(application: BotApplication) -> None:
        nonlocal endpoints
        if endpoints is not None:
            await endpoints.stop()
            endpoints = None
        if owns_repository and repository is not None:
            await repository.close()

    builder = (
        ApplicationBuilder()
        .application_class(application_class)
        .token(settings.telegram_bot_token.get_secret_value())
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        # Replies to people chatting now are not throttled here: the scheduler's sender keeps
        # bulk messages at SEND_RATE, below Telegram's ~30/s, and so leaves the rest of that
        # budget to interactive replies. A 429 pauses everything; what never reached Telegram is
        # retried (bot.bot_api).
        .rate_limiter(BotApiLimiter(monitor.metrics))
        # Chats side by side, each chat's updates in order (bot.updates); each counted and timed.
        .concurrent_updates(MeasuredUpdates(monitor.metrics))
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
    )
    if settings.webhook_mode:
        builder = builder.updater(None)  # Telegram posts updates to bot.web's server
    if request is not None:
        builder = builder.request(request)
        if not settings.webhook_mode:
            builder = builder.get_updates_request(request)
    if settings.telegram_api_base_url:
        base = settings.telegram_api_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
    application: BotApplication = builder.build()
    application.bot_data.monitor = monitor
    handlers.register(application)
    return application


async def _claim_instance(
    application: BotApplication, repository: Repository, settings: Settings
) -> None:
    """One polling instance per bot and database, and one instance at all on SQLite.

    Telegram hands updates to one poller only: a second one would steal them back and forth.
    Behind a webhook any number of instances share a PostgreSQL database.

    Raises:
        StartupError: Another instance holds the claim; the message names what to change.
    """
    if settings.webhook_mode and not repository.single_instance:
        return
    if await repository.claim_instance(f"small-wins polling {application.bot.id}"):
        return
    if repository.single_instance:
        raise StartupError(
            "DATABASE_URL: another instance of the bot is already running on this SQLite "
            "database, and SQLite serves one. Stop the other one, or move to PostgreSQL to run "
            "several behind WEBHOOK_URL."
        )
    raise StartupError(
        "WEBHOOK_URL: another instance is already polling Telegram for this bot on this "
        "database (Telegram gives updates to one poller only). Stop the other one, or set "
        "WEBHOOK_URL to run several instances behind a webhook."
    )


def _options(settings: Settings) -> Options:
    """The settings the use cases need."""
    return Options(
        default_timezone=settings.default_timezone,
        comeback_step_days=settings.comeback_step_days,
        admin_user_ids=frozenset(settings.admin_user_ids),
    )


async def _serve_endpoints(application: BotApplication, settings: Settings) -> WebServer | None:
    """Polling mode's /healthz and /metrics on ``METRICS_PORT`` (webhook mode serves them with
    the webhook, in ``bot.web``); ``None`` when they are not wanted here."""
    if settings.metrics_port is None or settings.webhook_mode:
        return None
    endpoints = WebServer(application)
    await endpoints.start(settings.webhook_listen, settings.metrics_port, setting="METRICS_PORT")
    return endpoints
