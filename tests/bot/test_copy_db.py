"""Moving to PostgreSQL: `python -m bot.copy_db` copies a SQLite database and the bot serves it as
before.

The database is the frozen v4 fixture: a year of one user's novel, three years of running,
comebacks, milestones, a blocked and a deleted user. It is copied into PostgreSQL with the
command an operator runs; then the real bot, once on the SQLite file and once on PostgreSQL, at
the same pinned moment, gives each person the same answers, pictures and buttons to /streak,
/progress and /today, and goes on logging wins on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bot import copy_db
from bot.config import Settings
from fake_telegram import FakeTelegram
from fake_telegram.views import Reaction
from tests.databases import POSTGRES
from tests.storage.test_upgrade_v4 import FIXTURE, MANIFEST, PINNED_UTC
from tests.support import FrozenClock, bot_running, settings_for

PEOPLE = {user["first_name"]: user["user_id"] for user in MANIFEST["users"]}
ASKED = [
    ("Anaïs", "/streak"),
    ("Anaïs", "/progress"),
    ("Anaïs", "/today"),
    ("Sam", "/streak"),
    ("Sam", "/progress"),
    ("Tevita", "/streak"),
    ("Tevita", "/today"),
]
"""Who asks what: the users with the longest histories, in three time zones."""

Seen = tuple[str, str | None, list[list[str | None]]]
"""One message as its reader sees it: text or caption, the picture's digest, the buttons."""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    copy = tmp_path / "smallwins.db"
    shutil.copyfile(FIXTURE, copy)
    return copy


@pytest.fixture
async def target() -> str:
    """This run's PostgreSQL database, emptied, reached with a password (ignored: trust)."""
    repository = await POSTGRES.fresh()
    await repository.close()
    parts = urlsplit(POSTGRES.url)
    netloc = f"{parts.username}:s3cret-pass@{parts.hostname}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


async def run_copy(*argv: str) -> int:
    """The command as an operator runs it (it has an event loop of its own)."""
    return await asyncio.to_thread(copy_db.main, list(argv))


def seen(reaction: Reaction) -> list[Seen]:
    return [
        (
            message.text,
            None if message.photo is None else hashlib.sha256(message.photo).hexdigest(),
            message.button_data,
        )
        for message in reaction.sent
    ]


async def what_people_see(fake: FakeTelegram, settings: Settings) -> list[list[Seen]]:
    """Each person's answers from the bot on this database, at the fixture's last moment."""
    clock = FrozenClock(PINNED_UTC)
    answers = []
    async with bot_running(fake, settings, clock, run_scheduler=False):
        for name, command in ASKED:
            person = fake.user(PEOPLE[name], name, started=True)
            answers.append(seen(await person.send(command)))
    return answers


async def test_the_bot_answers_the_same_on_postgresql_after_the_copy(
    fake: FakeTelegram,
    source: Path,
    target: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = await run_copy("--from", f"sqlite:///{source}", "--to", target)
    printed = capsys.readouterr()
    on_sqlite = settings_for(fake, source)
    on_postgres = on_sqlite.model_copy(update={"database_url": target})

    before = await what_people_see(fake, on_sqlite)
    after = await what_people_see(fake, on_postgres)

    assert (code, printed.err) == (0, "")
    assert "s3cret-pass" not in printed.out
    assert f"Copied {source} into postgresql://postgres:***@" in printed.out
    assert f"  users            {len(MANIFEST['users']):>10,}" in printed.out
    assert after == before
    assert all(answer for answer in after)  # everyone was answered
    assert sum(photo is not None for answer in after for _, photo, _ in answer) >= 3
    assert fake.bot_errors() == []


async def test_on_postgresql_the_copied_history_goes_on(
    fake: FakeTelegram, source: Path, target: str
) -> None:
    assert await run_copy("--from", f"sqlite:///{source}", "--to", target) == 0
    settings = settings_for(fake, source).model_copy(update={"database_url": target})
    clock = FrozenClock(PINNED_UTC)

    async with bot_running(fake, settings, clock, run_scheduler=False):
        sam = fake.user(PEOPLE["Sam"], "Sam", started=True)
        logged = await sam.send("walked 9000 steps")
        again = await sam.send("/streak")

    # Sam's walk had a 3-day streak (best 19) on the fixture's last day; today makes it 4.
    [walk] = [s for s in MANIFEST["streaks"] if s["user_id"] == PEOPLE["Sam"] and s["current"]]
    assert logged.texts[0].startswith("✅ 9,000 steps logged for Feel lighter on my feet!")
    assert f"🔥 Streak {walk['current'] + 1} · best {walk['best']}" in again.texts[0]
    assert fake.bot_errors() == []


async def test_a_database_holding_data_is_refused_with_what_to_do(
    source: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await run_copy("--from", f"sqlite:///{source}", "--to", target) == 0
    capsys.readouterr()

    code = await run_copy("--from", f"sqlite:///{source}", "--to", target)

    printed = capsys.readouterr()
    assert code == 2
    assert printed.err.startswith("Small Wins: nothing was copied: the PostgreSQL database")
    assert "--replace" in printed.err
    assert await run_copy("--from", f"sqlite:///{source}", "--to", target, "--replace") == 0


async def test_by_default_it_copies_the_database_the_bot_uses(
    source: Path,
    target: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{source.name}")

    code = await run_copy("--to", target)

    assert code == 0
    assert "Copied smallwins.db into " in capsys.readouterr().out


async def test_in_a_container_on_postgresql_only_the_sqlite_file_is_named(
    source: Path,
    target: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", target)  # as deploy/compose.yaml sets it

    code = await run_copy("--from", f"sqlite:///{source}")

    printed = capsys.readouterr().out
    assert code == 0
    assert "Copied " in printed
    assert "Next:" not in printed  # the bot's DATABASE_URL already names it
    assert "s3cret-pass" not in printed


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (
            ["--from", "postgresql://a@h/db", "--to", "postgresql://a@h/db2"],
            "--from must be a SQLite file",
        ),
        (
            ["--from", "sqlite:///x.db", "--to", "sqlite:///y.db"],
            "--to must be a PostgreSQL database (postgresql://...), not sqlite:///y.db",
        ),
        (["--from", "sqlite:///x.db", "--to", "postgresql://a@h/"], "--to: the postgresql:// URL"),
        ([], "name the PostgreSQL database to copy into with --to"),
    ],
)
def test_urls_of_the_wrong_kind_are_refused_before_anything_is_read(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = copy_db.main(argv)

    assert code == 2
    assert says in capsys.readouterr().err
