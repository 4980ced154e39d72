"""`python -m bot` as a deployment runs it: a real process behind a webhook, a second one refused.

The fake Telegram runs in the test and posts updates to the bot process's port; the test reads
``/healthz`` as a load balancer would and stops the process with SIGTERM as Docker does.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from fake_telegram import FakeTelegram
from tests.startup.test_main import ROOT
from tests.support import FrozenClock, bot_running, settings_for

SECRET = "process-test-secret"


def a_free_port() -> int:
    """A port nobody listens on now: asked of the system with port 0, then let go.

    The bot's WEBHOOK_URL must name its port before the process starts, so the port cannot be
    left to the bot's own bind (as the in-process tests do).
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_the_bot_process_answers_through_its_webhook_and_stops_cleanly_on_sigterm(
    tmp_path: Path,
) -> None:
    port = a_free_port()
    async with FakeTelegram() as fake:
        env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
        env.update(
            PYTHONPATH=str(ROOT),
            TELEGRAM_BOT_TOKEN=fake.token,
            TELEGRAM_API_BASE_URL=fake.base_url,
            DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
            WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_LISTEN="127.0.0.1",
            PORT=str(port),
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=tmp_path,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await fake.wait_for(
                lambda: fake.state.webhook.url != "", timeout=30, what="the bot's setWebhook"
            )
            ada = fake.user(1001, "Ada")
            ada.post("/start")
            await fake.wait_for(lambda: bool(ada.messages), timeout=15, what="a reply to /start")
            async with (
                aiohttp.ClientSession() as http,
                http.get(f"http://127.0.0.1:{port}/healthz") as response,
            ):
                health = (response.status, (await response.json())["status"])

            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        finally:
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()

    assert "Hi, Ada" in ada.messages[0].text
    assert fake.state.webhook.secret_token == SECRET
    assert health == (200, "ok")
    assert process.returncode == 0
    assert "Traceback" not in stderr.decode()
    assert fake.state.webhook.url == f"http://127.0.0.1:{port}/telegram"  # left for the others


async def test_a_second_bot_process_on_the_same_sqlite_file_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    clock = FrozenClock(datetime(2026, 11, 22, 20, 40, tzinfo=UTC))
    async with FakeTelegram(clock=clock) as fake:
        settings = settings_for(fake, tmp_path / "bot.db")
        async with bot_running(fake, settings, clock):
            env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
            env.update(
                PYTHONPATH=str(ROOT),
                TELEGRAM_BOT_TOKEN=fake.token,
                TELEGRAM_API_BASE_URL=fake.base_url,
                DATABASE_URL=settings.database_url,
            )
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                cwd=tmp_path,
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
            still_serving = await fake.user(1001, "Ada").send("/start")

    lines = stderr.decode().strip().splitlines()
    assert process.returncode == 2
    assert "Traceback" not in stderr.decode()
    assert lines[-1].startswith("DATABASE_URL: another instance of the bot is already running")
    assert "Hi, Ada" in still_serving.text  # the first instance never noticed
