"""Settings, read once at start-up from the environment and `.env`.

A bad value stops start-up with a message that names the setting and says how to fix it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.logging_setup import LogFormat
from storage.open import check_database_url

DEFAULT_DATABASE_URL = "sqlite:///data/smallwins.db"
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
# What Telegram accepts as a webhook's secret_token.
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

# How each setting's problem is explained to the person running the bot.
_FIXES: dict[str, str] = {
    "TELEGRAM_BOT_TOKEN": "copy the token @BotFather gave you, like 123456789:AAE...",
    "TELEGRAM_API_BASE_URL": "use an http(s) URL ending in /bot, e.g. http://127.0.0.1:8081/bot",
    "DATABASE_URL": "use sqlite:///path/to/file.db (a relative path is under this folder)",
    "DEFAULT_TIMEZONE": "use an IANA time zone name such as Europe/Berlin or UTC",
    "LOG_LEVEL": "use one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
    "LOG_FORMAT": "use text (readable lines) or json (one JSON object per line)",
    "ADMIN_USER_IDS": "use Telegram user ids separated by commas, e.g. 12345,67890",
    "SCHEDULER_TICK_SECONDS": "use a number of seconds from 1 to 3600, e.g. 30",
    "SEND_RATE": "use messages per second, e.g. 25 (Telegram allows about 30)",
    "COMEBACK_STEP_DAYS": "use a whole number of days from 7 to 14",
    "BOT_DESCRIPTION": "keep it to 512 characters (Telegram's limit), or leave it empty",
    "BOT_SHORT_DESCRIPTION": "keep it to 120 characters (Telegram's limit), or leave it empty",
    "WEBHOOK_URL": "use the public https:// URL Telegram should post updates to, or leave it empty",
    "WEBHOOK_SECRET": "make one with: openssl rand -hex 32",
    "WEBHOOK_LISTEN": "use an address to listen on, e.g. 0.0.0.0 (all) or 127.0.0.1",
    "PORT": "use a port number from 1 to 65535, e.g. 8080",
    "METRICS_PORT": "use a port number from 1 to 65535, e.g. 9100, or leave it empty",
}


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and the fix."""


class Settings(BaseSettings):
    """Everything the person running the bot can set. See `.env.example`."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    default_timezone: str = "UTC"
    log_level: LogLevel = "INFO"
    log_format: LogFormat = "text"
    admin_user_ids: Annotated[tuple[int, ...], NoDecode] = Field(default=())
    scheduler_tick_seconds: float = Field(default=30.0, ge=1.0, le=3600.0)
    send_rate: float = Field(default=25.0, gt=0.0, le=10_000.0)
    comeback_step_days: int = Field(default=7, ge=7, le=14)
    bot_description: str | None = Field(default=None, max_length=512)
    bot_short_description: str | None = Field(default=None, max_length=120)
    webhook_url: str | None = None
    # Validated even when unset: webhook mode cannot run without it.
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    webhook_listen: str = "0.0.0.0"
    port: int = Field(default=8080, ge=0, le=65535)
    metrics_port: int | None = Field(default=None, ge=0, le=65535)

    @property
    def webhook_mode(self) -> bool:
        """True when Telegram posts updates to ``WEBHOOK_URL`` (else the bot polls)."""
        return self.webhook_url is not None

    @property
    def webhook_path(self) -> str:
        """The path of ``WEBHOOK_URL``, where the web server takes Telegram's updates."""
        return urlsplit(self.webhook_url or "").path or "/"

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token_shape(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or not _TOKEN_SHAPE.match(value.strip()):
            raise ValueError("does not look like a bot token")
        return value.strip()

    @field_validator("bot_description", "bot_short_description", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("telegram_api_base_url", mode="before")
    @classmethod
    def _base_url(cls, value: object) -> object:
        return _http_url(value, "must be an http:// or https:// URL")

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _webhook_url(cls, value: object) -> object:
        return _http_url(value, "must be an https:// URL")

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _webhook_secret(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            if info.data.get("webhook_url"):
                raise ValueError(
                    "is required with WEBHOOK_URL (Telegram sends it with each update)"
                )
            return None
        if not isinstance(value, str) or not _SECRET_SHAPE.match(value.strip()):
            raise ValueError("may hold only letters, digits, _ and - (at most 256)")
        return value.strip()

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _optional_port(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        if not value.strip() or any(char.isspace() for char in value.strip()):
            raise ValueError("must be an address such as 0.0.0.0")
        return value.strip()

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        check_database_url(value)  # raises ValueError with the reason
        return value

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.lstrip("-").isdigit() for part in parts):
                raise ValueError("must be whole numbers separated by commas")
            return tuple(int(part) for part in parts)
        return value


def _http_url(value: object, problem: str) -> str | None:
    """A setting's http(s) URL with a host, trimmed; ``None`` when blank.

    Raises:
        ValueError: ``problem`` when it is not such a URL.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError("must be a URL")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(problem)
    return value.strip()


def load_settings(env_file: str | Path | None = ".env") -> Settings:
    """Read and validate the settings.

    Raises:
        SettingsError: With one line per bad setting, naming it and the fix.
    """
    try:
        return Settings(_env_file=env_file)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            name = str(problem["loc"][0]).upper() if problem["loc"] else "settings"
            reason = problem["msg"].removeprefix("Value error, ")
            fix = _FIXES.get(name, "see .env.example")
            lines.append(f"{name}: {reason} — {fix}.")
        raise SettingsError("\n".join(lines)) from None
