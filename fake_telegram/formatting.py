"""Turning a method's ``text``/``parse_mode``/``entities`` into what the user sees.

Mirrors the Bot API pipeline: parse the markup, trim surrounding whitespace,
drop empty entities and add the entities Telegram detects by itself
(``/commands``, ``@mentions``, ``#hashtags``, ``$CASHTAGS``, URLs, e-mails).
"""

from __future__ import annotations

import re
from typing import Any

from fake_telegram.errors import bad_request
from fake_telegram.html import Entity, EntityParseError, parse_html, sort_entities, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024

_WHITESPACE = " \t\n\r\v\f\0"
_NO_AUTO_INSIDE = frozenset({"code", "pre", "text_link", "text_mention", "custom_emoji"})
_USER_ENTITY_TYPES = frozenset(
    {
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
        "blockquote",
        "expandable_blockquote",
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "url",
        "email",
        "phone_number",
    }
)

_BOT_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9_]{2,32}(?!\w)")
_HASHTAG = re.compile(r"(?<![\w#])#(?=\w*[^\W\d_])\w{1,256}(?![\w#])")
_CASHTAG = re.compile(r"(?<![\w$])\$(?:1INCH|[A-Z]{1,8})(?![\w$])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?!\w)")
_URL = re.compile(
    r"(?<![\w@/.])(?:(?:https?|ftp)://|www\.|t\.me/)[^\s<>\"]*[^\s<>\".,;:!?)\]'»]",
    re.IGNORECASE,
)


def _utf16_index(text: str, index: int) -> int:
    return utf16_len(text[:index])


def detect_entities(text: str, existing: list[Entity]) -> list[Entity]:
    """Entities Telegram adds by itself, skipping spans inside code, pre and links."""
    blocked = [
        (e["offset"], e["offset"] + e["length"]) for e in existing if e["type"] in _NO_AUTO_INSIDE
    ]
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in (
        ("email", _EMAIL),
        ("url", _URL),
        ("bot_command", _BOT_COMMAND),
        ("mention", _MENTION),
        ("hashtag", _HASHTAG),
        ("cashtag", _CASHTAG),
    ):
        for match in pattern.finditer(text):
            start = _utf16_index(text, match.start())
            end = start + utf16_len(match.group())
            spans = blocked + taken
            if any(start < b_end and b_start < end for b_start, b_end in spans):
                continue
            taken.append((start, end))
            found.append({"type": kind, "offset": start, "length": end - start})
    return found


def _trim(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    stripped_left = text.lstrip(_WHITESPACE)
    lead = utf16_len(text[: len(text) - len(stripped_left)])
    trimmed = stripped_left.rstrip(_WHITESPACE)
    total = utf16_len(trimmed)
    result: list[Entity] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return trimmed, result


def _explicit_entities(text: str, raw: object) -> list[Entity]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise bad_request("can't parse entities JSON object")
    total = utf16_len(text)
    entities: list[Entity] = []
    for item in raw:
        if not isinstance(item, dict):
            raise bad_request("can't parse MessageEntity: Object expected")
        kind, offset, length = item.get("type"), item.get("offset"), item.get("length")
        if not isinstance(kind, str) or kind not in _USER_ENTITY_TYPES:
            raise bad_request("can't parse MessageEntity: Unsupported type specified")
        if not isinstance(offset, int) or not isinstance(length, int):
            raise bad_request('can\'t parse MessageEntity: Field "offset" must be an Integer')
        if kind in ("mention", "hashtag", "cashtag", "bot_command", "url", "email"):
            continue  # detected automatically anyway
        if offset < 0 or length <= 0 or offset + length > total:
            continue
        entity: Entity = {k: v for k, v in item.items() if k != "user" or kind == "text_mention"}
        entities.append(entity)
    return sort_entities(entities)


def format_text(
    text: str,
    parse_mode: str | None,
    entities: object = None,
    *,
    strict_html: bool = True,
    users: dict[int, Entity] | None = None,
) -> tuple[str, list[Entity]]:
    """Parse, trim and auto-detect; returns (plain text, entities) as stored by Telegram.

    Raises the Bot API's ``can't parse entities`` error on malformed markup.
    """
    mode = (parse_mode or "").strip().lower()
    if mode in ("", "none"):
        parsed_text, parsed = text, _explicit_entities(text, entities)
    elif mode == "html":
        try:
            parsed_text, parsed = parse_html(text, strict_ampersand=strict_html, users=users)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    elif mode in ("markdown", "markdownv2"):
        raise bad_request(
            "unsupported parse_mode: the fake Telegram implements only HTML; "
            "use parse_mode=HTML (Markdown would be passed through unchecked)"
        )
    else:
        raise bad_request("unsupported parse_mode")
    trimmed, kept = _trim(parsed_text, parsed)
    return trimmed, sort_entities(kept + detect_entities(trimmed, kept))


def check_text_length(text: str) -> None:
    """``message text is empty`` / ``message is too long`` (limit in characters)."""
    if not text:
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")


def check_caption_length(caption: str) -> None:
    """``message caption is too long`` past 1024 characters."""
    if len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")


def user_text_entities(text: str) -> list[Entity]:
    """Entities a Telegram client attaches to a text the user typed."""
    return detect_entities(text, [])


def as_entity_list(value: Any) -> list[Entity]:
    """Narrow a JSON value to a list of entity dicts (for typing)."""
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
