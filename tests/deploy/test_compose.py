"""deploy/compose.yaml and its Caddyfile, read the way compose and Caddy read them.

There is no Docker engine here, so the file is checked for what `docker compose up` relies on:
PostgreSQL on a named volume, two bot instances in webhook mode on it, Caddy sending Telegram's
webhook path to both, a healthcheck on every service, and only settings the bot knows and
variables `.env.example` explains. Where Caddy is installed, it adapts the Caddyfile too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
CADDYFILE = DEPLOY / "Caddyfile"
ENV_EXAMPLE = ROOT / ".env.example"

BOTS = ("bot-1", "bot-2")
INTERPOLATED = re.compile(r"\$\{(?P<name>[A-Z_][A-Z0-9_]*)(?P<rest>[^}]*)\}")
"""Compose's ``${NAME}``, ``${NAME:-default}`` and ``${NAME:?error}`` (``$$`` is a literal)."""


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def service(name: str) -> dict[str, Any]:
    services: dict[str, dict[str, Any]] = compose()["services"]
    return services[name]


def settings_names() -> set[str]:
    """Every setting the bot reads (``Settings`` is case-insensitive; the docs write them upper)."""
    return {name.upper() for name in Settings.model_fields}


def documented_names() -> set[str]:
    """Every NAME that `.env.example` shows as ``NAME=`` or ``# NAME=``."""
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_postgresql_keeps_its_data_in_a_named_volume() -> None:
    postgres = service("postgres")

    [mount] = postgres["volumes"]
    volume, _, path = mount.partition(":")

    assert path == "/var/lib/postgresql/data"
    assert volume in compose()["volumes"]  # named, so it outlives `docker compose down`
    assert postgres["image"].startswith("postgres:")


def test_every_service_has_a_healthcheck() -> None:
    services = compose()["services"]

    assert set(services) == {"postgres", *BOTS, "caddy"}
    for name, spec in services.items():
        check = spec.get("healthcheck", {})
        assert check.get("test"), name
        assert not check.get("disable", False), name


def test_two_bot_instances_run_the_image_in_webhook_mode_on_postgresql() -> None:
    first, second = (service(name) for name in BOTS)

    assert first == second  # the same instance, twice
    environment = first["environment"]
    assert environment["DATABASE_URL"].startswith("postgresql://")
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["WEBHOOK_URL"].startswith("https://")
    assert environment["WEBHOOK_LISTEN"] == "0.0.0.0"
    assert first["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert first["healthcheck"]["test"] == ["CMD", "python", "-m", "bot.healthcheck"]
    assert (COMPOSE.parent / first["build"]["context"] / first["build"]["dockerfile"]).is_file()
    assert (COMPOSE.parent / first["env_file"]).resolve() == ROOT / ".env"


def test_the_bots_are_given_only_settings_the_bot_knows() -> None:
    environment = service("bot-1")["environment"]

    assert set(environment) <= settings_names()


def test_every_variable_compose_needs_is_explained_in_env_example() -> None:
    needed = {found["name"] for found in INTERPOLATED.finditer(COMPOSE.read_text("utf-8"))}
    needed |= set(re.findall(r"\{\$([A-Z_][A-Z0-9_]*)", CADDYFILE.read_text("utf-8")))
    # Set by compose itself for Caddy, or only for a test of the Caddyfile.
    needed -= {"CADDY_ADMIN", "BOT_UPSTREAMS"}

    assert {"BOT_DOMAIN", "POSTGRES_PASSWORD", "WEBHOOK_PATH"} <= needed
    assert needed <= documented_names()
    # The secret is the bot's own setting, passed through .env: compose must not invent one.
    assert "WEBHOOK_SECRET" in documented_names() & settings_names()


def test_required_secrets_stop_compose_when_missing() -> None:
    text = COMPOSE.read_text(encoding="utf-8")

    required = {
        found["name"] for found in INTERPOLATED.finditer(text) if found["rest"].startswith(":?")
    }

    assert {"POSTGRES_PASSWORD", "BOT_DOMAIN"} <= required


def test_caddy_routes_the_webhook_path_to_both_instances_and_nothing_else() -> None:
    caddy = service("caddy")
    text = CADDYFILE.read_text(encoding="utf-8")
    port = service("bot-1")["environment"]["PORT"]

    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    assert {"80:80", "443:443"} <= set(caddy["ports"])
    [upstreams] = re.findall(r"reverse_proxy \{\$BOT_UPSTREAMS:([^}]*)\}", text)
    assert upstreams.split() == [f"{name}:{port}" for name in BOTS]
    assert re.search(r"handle \{\$WEBHOOK_PATH:/telegram\} \{", text)
    assert "health_uri /healthz" in text
    assert re.search(r"handle \{\s*respond 404\s*\}", text)  # /healthz, /metrics: not public
    assert caddy["environment"]["WEBHOOK_PATH"] == "${WEBHOOK_PATH:-/telegram}"
    for bot in BOTS:
        assert bot in caddy["depends_on"]
    # The instances register the same path with Telegram as the one Caddy routes.
    assert service("bot-1")["environment"]["WEBHOOK_URL"].endswith("${WEBHOOK_PATH:-/telegram}")


def test_nothing_but_caddy_is_published() -> None:
    published = {name for name, spec in compose()["services"].items() if spec.get("ports")}

    assert published == {"caddy"}


def test_the_image_checks_its_own_health_without_curl() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")

    [check] = re.findall(r"^HEALTHCHECK (.+?)(?<!\\)$", text, flags=re.MULTILINE | re.DOTALL)

    assert 'CMD ["python", "-m", "bot.healthcheck"]' in check
    assert "curl" not in check


@pytest.mark.skipif(shutil.which("caddy") is None, reason="needs caddy")
def test_caddy_reads_the_caddyfile(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "BOT_DOMAIN": "bot.example.com",
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    result = subprocess.run(
        ["caddy", "adapt", "--adapter", "caddyfile", "--config", str(CADDYFILE)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert '"dial":"bot-1:8080"' in result.stdout.replace(" ", "")
    assert '"path":["/telegram"]' in result.stdout.replace(" ", "")
