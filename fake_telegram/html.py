"""Telegram's HTML parse mode, ported from TDLib's ``parse_html``.

The parser accepts exactly the tags the Bot API documents and fails with the
same messages (``Unsupported start tag "p" at byte offset 0`` ...).  Offsets of
the produced entities are in UTF-16 code units, like the real API.

One deliberate difference, on by default (``strict_ampersand=True``): the real
parser keeps a stray ``&`` literally, which hides a missing ``html.escape`` of
user input until somebody types ``&lt;``.  The fake rejects it instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Entity = dict[str, Any]

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}

# TDLib's MessageEntity::get_type_priority, by Bot API type name.
_PRIORITY = {
    "mention": 50,
    "hashtag": 50,
    "bot_command": 50,
    "url": 50,
    "email": 50,
    "bold": 90,
    "italic": 91,
    "code": 20,
    "pre": 11,
    "text_link": 49,
    "text_mention": 49,
    "cashtag": 50,
    "phone_number": 50,
    "underline": 92,
    "strikethrough": 93,
    "blockquote": 0,
    "spoiler": 94,
    "custom_emoji": 99,
    "expandable_blockquote": 0,
}


class EntityParseError(Exception):
    """The text cannot be parsed; the message is TDLib's (without the API prefix)."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (the unit of entity offsets)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def sort_entities(entities: list[Entity]) -> list[Entity]:
    """Order entities like TDLib: by offset, longer first, then type priority."""
    return sorted(
        entities,
        key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 50)),
    )


def _is_space(ch: str) -> bool:
    return ch in " \t\r\n\0\v"


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _decode_entity(src: str, pos: int) -> tuple[str, int] | None:
    """Decode ``&...;`` at ``pos``; returns (character, next position) or None."""
    n = len(src)

    def at(k: int) -> str:
        return src[k] if k < n else "\0"

    end = pos + 1
    code = 0
    if at(pos + 1) == "#":
        end += 1
        if at(pos + 2) == "x":
            end += 1
            while at(end) in "0123456789abcdefABCDEF" and at(end) != "\0":
                code = code * 16 + int(at(end), 16)
                end += 1
        else:
            while at(end).isascii() and at(end).isdigit():
                code = code * 10 + int(at(end))
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
        char = chr(code)
    else:
        while at(end).isascii() and at(end).isalpha():
            end += 1
        name = src[pos + 1 : end]
        named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
        if name not in named:
            return None
        char = named[name]
    if at(end) == ";":
        end += 1
    return char, end


def check_link(url: str) -> str | None:
    """A simplified ``LinkManager::get_checked_link``: normalised URL or None."""
    url = url.strip()
    if not url or any(_is_space(ch) for ch in url):
        return None
    lowered = url.lower()
    for scheme in ("http://", "https://"):
        if lowered.startswith(scheme):
            rest = url[len(scheme) :]
            if not rest or rest.startswith("/"):
                return None
            host, slash, path = rest.partition("/")
            return f"{url[: len(scheme)].lower()}{host}/{path}" if not slash else url
    if lowered.startswith(("tg://", "ton://")):
        return url if len(url) > 5 else None
    if "://" in url or "." not in url.split("/")[0]:
        return None
    return check_link("http://" + url)


def _argument(tag: str, name: str, value: str, current: str) -> str:
    """The entity argument an attribute contributes (TDLib keeps the last one)."""
    if tag == "a" and name == "href":
        return value
    if tag == "code" and name == "class" and value.startswith("language-"):
        return value[len("language-") :]
    if tag == "span" and name == "class" and value.startswith("tg-"):
        return value[len("tg-") :]
    if tag == "tg-emoji" and name == "emoji-id":
        return value
    if tag == "blockquote" and name == "expandable":
        return "1"
    return current


@dataclass
class _Open:
    tag: str
    argument: str
    offset: int
    start: int  # index into the output characters


class _HtmlParser:
    def __init__(self, src: str, strict_ampersand: bool, users: dict[int, Entity]) -> None:
        self.src = src
        self.strict = strict_ampersand
        self.users = users
        self.out: list[str] = []
        self.utf16 = 0
        self.entities: list[Entity] = []
        self.stack: list[_Open] = []

    def at(self, k: int) -> str:
        return self.src[k] if k < len(self.src) else "\0"

    def byte_offset(self, k: int) -> int:
        return len(self.src[:k].encode("utf-8", "surrogatepass"))

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.utf16 += utf16_len(text)

    def parse(self) -> tuple[str, list[Entity]]:
        i = 0
        n = len(self.src)
        while i < n:
            ch = self.src[i]
            if ch == "&":
                decoded = _decode_entity(self.src, i)
                if decoded is not None:
                    self.emit(decoded[0])
                    i = decoded[1]
                    continue
                if self.strict:
                    raise EntityParseError(
                        f'Unescaped "&" at byte offset {self.byte_offset(i)}; write &amp; '
                        "(the real Bot API shows a stray & literally, the fake is strict)"
                    )
            if ch != "<":
                self.emit(ch)
                i += 1
                continue
            i = self.start_tag(i) if self.at(i + 1) != "/" else self.end_tag(i)
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        for entity in self.entities:
            if entity["type"] == "code":
                entity.pop("language", None)
        return "".join(self.out), sort_entities(self.entities)

    def start_tag(self, begin: int) -> int:
        at = self.at
        i = begin + 1
        while not _is_space(at(i)) and at(i) != ">":
            i += 1
        if at(i) == "\0":
            raise EntityParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        tag = self.src[begin + 1 : i].lower()
        where = f"at byte offset {self.byte_offset(begin)}"
        if tag not in SUPPORTED_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}" {where}')
        argument = ""
        while at(i) != ">":
            while at(i) != "\0" and _is_space(at(i)):
                i += 1
            if at(i) == ">":
                break
            name_begin = i
            while not _is_space(at(i)) and at(i) not in "=>/\"'":
                i += 1
            name = self.src[name_begin:i]
            if not name:
                raise EntityParseError(f'Empty attribute name in the tag "{tag}" {where}')
            while at(i) != "\0" and _is_space(at(i)):
                i += 1
            if at(i) != "=":
                if at(i) == "\0":
                    raise EntityParseError(f'Unclosed start tag "{tag}" {where}')
                if tag == "blockquote" and name == "expandable":
                    argument = "1"
                continue
            i += 1
            while at(i) != "\0" and _is_space(at(i)):
                i += 1
            if at(i) == "\0":
                raise EntityParseError(f'Unclosed start tag "{tag}" {where}')
            value, i = self.attribute_value(i)
            if at(i) == "\0":
                raise EntityParseError(f"Unclosed start tag {where}")
            argument = _argument(tag, name, value, argument)
        if tag == "span" and argument != "spoiler":
            raise EntityParseError(f'Tag "span" must have class "tg-spoiler" {where}')
        self.stack.append(_Open(tag, argument, self.utf16, len(self.out)))
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        at = self.at
        if at(i) not in "'\"":
            token_begin = i
            while _is_ascii_alnum(at(i)) or at(i) in (".", "-"):
                i += 1
            if not _is_space(at(i)) and at(i) != ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {self.byte_offset(token_begin)}"
                )
            return self.src[token_begin:i].lower(), i
        quote = at(i)
        i += 1
        chars: list[str] = []
        while at(i) != quote and at(i) != "\0":
            if at(i) == "&":
                decoded = _decode_entity(self.src, i)
                if decoded is not None:
                    chars.append(decoded[0])
                    i = decoded[1]
                    continue
            chars.append(at(i))
            i += 1
        if at(i) == quote:
            i += 1
        return "".join(chars), i

    def end_tag(self, begin: int) -> int:
        at = self.at
        where = f"at byte offset {self.byte_offset(begin)}"
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag {where}")
        i = begin + 1
        while not _is_space(at(i)) and at(i) != ">":
            i += 1
        end_name = self.src[begin + 2 : i].lower()
        while _is_space(at(i)) and at(i) != "\0":
            i += 1
        if at(i) != ">":
            raise EntityParseError(f"Unclosed end tag {where}")
        top = self.stack[-1]
        if end_name and end_name != top.tag:
            raise EntityParseError(
                f'Unmatched end tag {where}, expected "</{top.tag}>", found "</{end_name}>"'
            )
        if self.utf16 > top.offset:
            self.close_entity(top, self.utf16 - top.offset)
        self.stack.pop()
        return i + 1

    def close_entity(self, top: _Open, length: int) -> None:
        offset, tag, arg = top.offset, top.tag, top.argument
        entities = self.entities
        if tag in _SIMPLE_TAGS:
            entities.append({"type": _SIMPLE_TAGS[tag], "offset": offset, "length": length})
        elif tag == "span":
            entities.append({"type": "spoiler", "offset": offset, "length": length})
        elif tag == "tg-emoji":
            if not arg.isdigit() or int(arg) == 0:
                raise EntityParseError("Invalid custom emoji identifier specified")
            entities.append(
                {"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": arg}
            )
        elif tag == "a":
            url = arg or "".join(self.out[top.start :])
            self.link_entity(url, offset, length)
        elif tag == "pre":
            last = entities[-1] if entities else None
            if (
                last is not None
                and last["type"] == "code"
                and (last["offset"], last["length"]) == (offset, length)
                and last.get("language")
            ):
                last["type"] = "pre"
            else:
                entities.append({"type": "pre", "offset": offset, "length": length})
        elif tag == "code":
            last = entities[-1] if entities else None
            if (
                last is not None
                and last["type"] == "pre"
                and (last["offset"], last["length"]) == (offset, length)
                and arg
            ):
                last["language"] = arg
            else:
                code: Entity = {"type": "code", "offset": offset, "length": length}
                if arg:
                    code["language"] = arg  # dropped at the end unless a <pre> claims it
                entities.append(code)
        else:  # blockquote
            kind = "expandable_blockquote" if arg else "blockquote"
            entities.append({"type": kind, "offset": offset, "length": length})

    def link_entity(self, url: str, offset: int, length: int) -> None:
        lowered = url.strip().lower()
        if lowered.startswith("tg://user?id="):
            user_id = lowered[len("tg://user?id=") :]
            if user_id.isdigit() and int(user_id) in self.users:
                self.entities.append(
                    {
                        "type": "text_mention",
                        "offset": offset,
                        "length": length,
                        "user": self.users[int(user_id)],
                    }
                )
            return
        checked = check_link(url)
        if checked is not None:
            self.entities.append(
                {"type": "text_link", "offset": offset, "length": length, "url": checked}
            )


def parse_html(
    src: str, *, strict_ampersand: bool = True, users: dict[int, Entity] | None = None
) -> tuple[str, list[Entity]]:
    """Parse Telegram HTML into (plain text, entities).

    ``users`` maps user ids to User JSON for ``<a href="tg://user?id=...">`` mentions.
    Raises :class:`EntityParseError` with TDLib's message on malformed input.
    """
    return _HtmlParser(src, strict_ampersand, users or {}).parse()
