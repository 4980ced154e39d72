"""``python -m bot.healthcheck``, the image's HEALTHCHECK, against the real bot's ``/healthz``.

Docker runs it inside the container with the bot's settings in the environment: it must find
the port the bot serves ``/healthz`` on in either mode, and turn the answer into Docker's exit
codes (0 healthy, 1 unhealthy) with one line saying why.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.context import BotApplication
from bot.healthcheck import HEALTHY, UNHEALTHY, check, healthz_url
from bot.scheduler.jobs import TICK_JOB
from bot.web import WebServer
from fake_telegram import FakeTelegram
from tests.support import FrozenClock, bot_on_webhook, webhook_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def webhook_bot(
    fake: FakeTelegram, clock: FrozenClock, tmp_path: Path
) -> AsyncIterator[tuple[BotApplication, WebServer]]:
    settings = webhook_settings(fake, f"sqlite:///{tmp_path / 'bot.db'}")
    async with bot_on_webhook(fake, settings, clock) as running:
        yield running


def environment_of(server: WebServer) -> dict[str, str]:
    """What the container's environment holds for a bot behind a webhook on this port."""
    return {
        "WEBHOOK_URL": "https://bot.example.com/telegram",
        "WEBHOOK_LISTEN": "0.0.0.0",
        "PORT": str(server.port),
    }


def a_free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("environ", "url"),
    [
        ({"WEBHOOK_URL": "https://x.example/t"}, "http://127.0.0.1:8080/healthz"),
        ({"WEBHOOK_URL": "https://x.example/t", "PORT": "8443"}, "http://127.0.0.1:8443/healthz"),
        ({"METRICS_PORT": "9100"}, "http://127.0.0.1:9100/healthz"),
        ({"METRICS_PORT": "9100", "WEBHOOK_LISTEN": "::"}, "http://[::1]:9100/healthz"),
        ({"METRICS_PORT": "9100", "WEBHOOK_LISTEN": "10.0.0.5"}, "http://10.0.0.5:9100/healthz"),
        ({"METRICS_PORT": "9100", "PORT": "8080"}, "http://127.0.0.1:9100/healthz"),
        ({}, None),
        ({"METRICS_PORT": " ", "WEBHOOK_URL": ""}, None),
    ],
)
def test_the_port_asked_is_the_one_the_mode_serves_healthz_on(
    environ: dict[str, str], url: str | None
) -> None:
    assert healthz_url(environ) == url


async def test_a_healthy_bot_passes(webhook_bot: tuple[BotApplication, WebServer]) -> None:
    _, server = webhook_bot

    verdict = await asyncio.to_thread(check, environment_of(server))

    assert verdict.code == HEALTHY
    assert verdict.line == "ok"


async def test_a_bot_whose_scheduler_stopped_is_unhealthy_with_the_reason(
    webhook_bot: tuple[BotApplication, WebServer], clock: FrozenClock
) -> None:
    app, server = webhook_bot
    assert app.job_queue is not None
    [tick] = app.job_queue.get_jobs_by_name(TICK_JOB)
    tick.enabled = False
    clock.advance(minutes=6)

    verdict = await asyncio.to_thread(check, environment_of(server))

    assert verdict.code == UNHEALTHY
    assert verdict.line == "503: unhealthy; no scheduler tick for 360 s"


def test_nothing_listening_is_unhealthy() -> None:
    port = a_free_port()

    verdict = check({"METRICS_PORT": str(port)}, timeout=2.0)

    assert verdict.code == UNHEALTHY
    assert verdict.line.startswith(f"no answer from http://127.0.0.1:{port}/healthz: ")


def test_polling_without_metrics_port_is_not_marked_unhealthy() -> None:
    verdict = check({})

    assert verdict.code == HEALTHY
    assert verdict.line.startswith("not checked: ")


async def test_the_command_docker_runs_exits_0_for_a_healthy_bot_and_1_otherwise(
    webhook_bot: tuple[BotApplication, WebServer],
) -> None:
    _, server = webhook_bot
    command = [sys.executable, "-m", "bot.healthcheck"]
    base = {key: value for key, value in os.environ.items() if key not in ("WEBHOOK_URL",)}

    healthy, gone = await asyncio.gather(
        asyncio.to_thread(
            subprocess.run,
            command,
            env={**base, **environment_of(server)},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        ),
        asyncio.to_thread(
            subprocess.run,
            command,
            env={**base, "METRICS_PORT": str(a_free_port())},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        ),
    )

    assert (healthy.returncode, healthy.stdout) == (0, "ok\n")
    assert gone.returncode == 1
    assert gone.stdout.startswith("no answer from ")
