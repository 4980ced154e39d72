"""The languages the coach speaks, and which one a new user starts with."""

from __future__ import annotations

ENGLISH = "en"
LANGUAGES: tuple[str, ...] = (ENGLISH, "ru", "es", "pt_BR")
"""Every language with a complete catalogue, English (the source) first."""

_BY_PRIMARY_TAG = {"ru": "ru", "es": "es", "pt": "pt_BR"}
"""Telegram's IETF tag, by its first part, to our language: any Portuguese gets Brazil's."""


def language_for(language_code: str | None) -> str:
    """The language for a Telegram ``language_code`` ("pt-br", "ru", "es-419", …).

    Anything else, or no code at all, is English.
    """
    if not language_code:
        return ENGLISH
    primary = language_code.replace("_", "-").split("-", 1)[0].strip().lower()
    return _BY_PRIMARY_TAG.get(primary, ENGLISH)


def is_language(value: str) -> bool:
    """Whether ``value`` names a language the coach speaks (as stored on the user)."""
    return value in LANGUAGES
