"""Stopping `python -m bot` with signals at every step of its life (issue 15, defect 8).

Each test runs the real process against the fake Telegram, holds it at one step (a Bot API call
answered slowly), sends SIGTERM (or SIGINT, or two signals 5 ms apart) the moment the call
arrives, and checks that the process ends within 10 s, cleanly, with nothing lost.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 10.0
"""The issue's promise: any signal at any moment ends the process within 10 s."""


@dataclass
class Ended:
    """How the process ended after the first signal."""

    returncode: int
    seconds: float
    stderr: str


@asynccontextmanager
async def bot_process(
    fake: FakeTelegram, tmp_path: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`python -m bot` on the fake, without a terminal; killed if a test leaves it running."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        LOG_LEVEL="INFO",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def signal_when(
    fake: FakeTelegram,
    process: asyncio.subprocess.Process,
    method: str,
    signals: tuple[signal.Signals, ...],
    *,
    nth: int = 1,
) -> Ended:
    """Send ``signals`` (5 ms apart) once ``method`` has arrived ``nth`` times; wait for the end."""
    await fake.wait_for(
        lambda: fake.arrivals.count(method) >= nth or process.returncode is not None,
        timeout=60,
        what=f"the bot's {method} call",
    )
    assert process.returncode is None, "the bot ended before the signal"
    loop = asyncio.get_running_loop()
    started = loop.time()
    for number, signum in enumerate(signals):
        if number:
            await asyncio.sleep(0.005)  # the "two SIGTERMs 5 ms apart"
        process.send_signal(signum)
    assert process.stderr is not None
    try:
        stderr = await asyncio.wait_for(process.stderr.read(), DEADLINE + 5)
        await asyncio.wait_for(process.wait(), DEADLINE + 5)
    except TimeoutError:
        pytest.fail(f"the bot was still running {DEADLINE + 5:g} s after the signal")
    assert process.returncode is not None
    return Ended(process.returncode, loop.time() - started, stderr.decode())


TERM = (signal.SIGTERM,)
TWICE = (signal.SIGTERM, signal.SIGTERM)
INT = (signal.SIGINT,)


@pytest.mark.parametrize(
    ("method", "nth", "signals"),
    [
        # the call the bot is held at, which call of that method, the signals
        pytest.param("getMe", 1, TERM, id="checking the token"),
        pytest.param("getMe", 2, TERM, id="initialising"),
        pytest.param("getMe", 2, TWICE, id="initialising, two SIGTERMs"),
        pytest.param("setMyCommands", 1, TERM, id="post_init"),
        pytest.param("setMyCommands", 1, INT, id="post_init, SIGINT"),
        pytest.param("deleteWebhook", 1, TERM, id="starting to poll"),
    ],
)
async def test_a_signal_at_any_step_of_start_up_ends_the_process_at_once(
    tmp_path: Path, method: str, nth: int, signals: tuple[signal.Signals, ...]
) -> None:
    async with FakeTelegram() as fake:
        fake.faults.inject("slow", method=method, delay=60.0, after=nth - 1)
        async with bot_process(fake, tmp_path) as process:
            ended = await signal_when(fake, process, method, signals, nth=nth)

    assert ended.seconds < DEADLINE
    assert ended.returncode == 0, ended.stderr
    assert "Traceback" not in ended.stderr


async def test_two_signals_while_polling_end_the_process_cleanly(tmp_path: Path) -> None:
    async with FakeTelegram() as fake, bot_process(fake, tmp_path) as process:
        ended = await signal_when(fake, process, "getUpdates", TWICE)

    assert ended.seconds < DEADLINE
    assert ended.returncode == 0, ended.stderr
    assert "Traceback" not in ended.stderr
    assert "Stopped" in ended.stderr


async def test_signals_while_answering_let_the_answer_reach_the_user(tmp_path: Path) -> None:
    async with FakeTelegram() as fake, bot_process(fake, tmp_path) as process:
        await fake.wait_for(lambda: "getUpdates" in fake.arrivals, timeout=60, what="polling")
        fake.faults.inject("slow", method="sendMessage", delay=2.0)  # Telegram is slow today
        ada = fake.user(1001, "Ada")
        ada.post("/help")
        ended = await signal_when(fake, process, "sendMessage", TWICE)

    assert ended.seconds < DEADLINE
    assert ended.returncode == 0, ended.stderr
    assert "Traceback" not in ended.stderr
    assert "/settings" in ada.last_message.text  # the answer in flight was not lost


async def test_a_shutdown_held_up_by_telegram_still_ends_in_time(tmp_path: Path) -> None:
    async with FakeTelegram() as fake, bot_process(fake, tmp_path) as process:
        await fake.wait_for(lambda: "getUpdates" in fake.arrivals, timeout=60, what="polling")
        # Telegram stops answering the bot's messages: the answer in hand can never finish.
        fake.faults.inject("slow", method="sendMessage", delay=60.0, times=None)
        fake.user(1001, "Ada").post("/help")
        ended = await signal_when(fake, process, "sendMessage", TERM)

    assert ended.seconds < DEADLINE
    assert "Stopped" in ended.stderr  # every step ran, each cut at its share of the time
