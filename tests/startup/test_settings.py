"""The URL settings as the person running the bot writes them: blank, padded, or not a URL."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import Settings

URL_SETTINGS = ("telegram_api_base_url", "webhook_url")


def settings_with(name: str, value: object) -> Settings:
    """Settings from no file, with one value given (and the secret a webhook needs)."""
    return Settings(_env_file=None, webhook_secret="s3cret", **{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("name", URL_SETTINGS)
@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_url_is_unset(name: str, blank: str) -> None:
    assert getattr(settings_with(name, blank), name) is None


@pytest.mark.parametrize("name", URL_SETTINGS)
def test_a_url_is_kept_without_the_spaces_around_it(name: str) -> None:
    settings = settings_with(name, "  http://127.0.0.1:8081/bot \n")

    assert getattr(settings, name) == "http://127.0.0.1:8081/bot"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("telegram_api_base_url", "must be an http:// or https:// URL"),
        ("webhook_url", "must be an https:// URL"),
    ],
)
@pytest.mark.parametrize("value", ["ftp://example.com/bot", "example.com/bot", "http://:8081/bot"])
def test_a_url_without_http_or_a_host_is_refused_saying_why(
    name: str, problem: str, value: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        settings_with(name, value)

    [error] = refused.value.errors()
    assert (error["loc"], error["msg"]) == ((name,), f"Value error, {problem}")


@pytest.mark.parametrize("name", URL_SETTINGS)
def test_a_url_that_is_not_text_is_refused(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        settings_with(name, 8081)

    [error] = refused.value.errors()
    assert (error["loc"], error["msg"]) == ((name,), "Value error, must be a URL")
