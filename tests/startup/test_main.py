"""`python -m bot` as the person running it sees it: settings problems and the missing token."""

from __future__ import annotations

import asyncio
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]


def run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot` with no terminal, in an empty folder (so no .env is read)."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    clean.update(env)
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=clean,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_a_token_and_without_a_terminal_it_exits_naming_the_setting(
    tmp_path: Path,
) -> None:
    result = run_bot(tmp_path)

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "TELEGRAM_BOT_TOKEN" in lines[0]
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEFAULT_TIMEZONE", "Mars/Olympus"),
        ("DATABASE_URL", "mysql://localhost/db"),
        ("DATABASE_URL", "postgresql://127.0.0.1:abc/db"),
        ("TELEGRAM_API_BASE_URL", "not a url"),
        ("LOG_LEVEL", "LOUD"),
        ("LOG_FORMAT", "xml"),
        ("ADMIN_USER_IDS", "12,abc"),
        ("TELEGRAM_BOT_TOKEN", "hello"),
        ("COMEBACK_STEP_DAYS", "3"),
        ("SEND_RATE", "-1"),
        ("BOT_DESCRIPTION", "x" * 513),
        ("BOT_SHORT_DESCRIPTION", "x" * 121),
        ("WEBHOOK_URL", "ftp://example.com/telegram"),
        ("WEBHOOK_SECRET", "not a secret!"),
        ("PORT", "http"),
        ("METRICS_PORT", "70000"),
    ],
)
def test_a_bad_setting_stops_start_up_with_its_name(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    value: str,
) -> None:
    # bot.__main__.main() in this process, as `python -m bot` calls it: the table is about how
    # each setting is read and named; the tests around it run the real process and pin its exit
    # status and output (a process for each of these settings would be 6 s of CPU).
    monkeypatch.chdir(tmp_path)  # an empty folder: no .env is read
    for key in [key for key in os.environ if key.startswith("TELEGRAM_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv(name, value)

    returncode = main()

    stderr = capsys.readouterr().err
    assert returncode == 2
    assert name in stderr
    assert "Traceback" not in stderr


def test_webhook_mode_without_a_secret_stops_start_up_naming_it(tmp_path: Path) -> None:
    result = run_bot(tmp_path, WEBHOOK_URL="https://bot.example.com/telegram")

    assert result.returncode == 2
    assert "WEBHOOK_SECRET: is required with WEBHOOK_URL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres@127.0.0.1:1/nowhere",  # nothing listens on port 1
        "sqlite:////proc/no/such/folder/bot.db",  # a folder that cannot be made
    ],
)
def test_an_unreachable_database_stops_start_up_in_one_line(tmp_path: Path, url: str) -> None:
    result = run_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN="123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra",
        TELEGRAM_API_BASE_URL="http://127.0.0.1:1/bot",  # never reached: the database is first
        DATABASE_URL=url,
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("DATABASE_URL: ")


def test_a_bad_token_is_never_echoed(tmp_path: Path) -> None:
    secret = "this-is-not-a-token-but-still-secret"
    result = run_bot(tmp_path, TELEGRAM_BOT_TOKEN=secret)

    assert result.returncode == 2
    assert secret not in result.stderr + result.stdout


def test_settings_are_read_from_a_dot_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DEFAULT_TIMEZONE=Atlantis/Lost\n")
    result = run_bot(tmp_path)

    assert result.returncode == 2
    assert "DEFAULT_TIMEZONE" in result.stderr


@pytest.mark.parametrize(
    "where", ["a token Telegram rejects", "a base URL that is not the Bot API"]
)
async def test_a_rejected_token_stops_start_up_in_one_line_without_the_token(
    tmp_path: Path, where: str
) -> None:
    token = "987654321:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra"
    async with FakeTelegram() as fake:  # knows only its own token: 401 for ours
        if where == "a base URL that is not the Bot API":
            token, base_url = fake.token, f"{fake.url}/not-the-api/bot"  # 404 for every call
        else:
            base_url = fake.base_url
        result = await asyncio.to_thread(
            run_bot,
            tmp_path,
            TELEGRAM_BOT_TOKEN=token,
            TELEGRAM_API_BASE_URL=base_url,
            DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        )

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in lines[0]
    assert "@BotFather" in lines[0]
    output = result.stdout + result.stderr
    assert token not in output
    assert token.split(":")[1] not in output


def test_in_a_terminal_without_the_demo_installed_it_names_the_setting_not_a_traceback(
    tmp_path: Path,
) -> None:
    """An install without the demo (no fake Telegram); `docker run -it` without a token must not
    crash. (aiohttp is no longer the demo's alone: the bot's web server needs it too.)"""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    clean["PYTHONPATH"] = str(ROOT)
    without_demo = (
        "import runpy, sys; sys.modules['fake_telegram'] = None; "  # as if not installed
        "runpy.run_module('bot', run_name='__main__', alter_sys=True)"
    )
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-c", without_demo],
            cwd=tmp_path,
            env=clean,
            stdin=terminal,
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
