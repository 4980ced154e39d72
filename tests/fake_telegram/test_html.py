"""Telegram's HTML parse mode and entity detection (pure functions)."""

from __future__ import annotations

from typing import Any

import pytest

from fake_telegram.errors import ApiError
from fake_telegram.formatting import format_text
from fake_telegram.html import EntityParseError, parse_html, utf16_len


def entity(kind: str, offset: int, length: int, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "offset": offset, "length": length, **extra}


@pytest.mark.parametrize(
    ("html", "text", "entities"),
    [
        ("<b>bold</b> <strong>s</strong>", "bold s", [entity("bold", 0, 4), entity("bold", 5, 1)]),
        ("<i>i</i><em>e</em>", "ie", [entity("italic", 0, 1), entity("italic", 1, 1)]),
        ("<u>u</u><ins>n</ins>", "un", [entity("underline", 0, 1), entity("underline", 1, 1)]),
        (
            "<s>a</s><strike>b</strike><del>c</del>",
            "abc",
            [entity("strikethrough", i, 1) for i in range(3)],
        ),
        (
            '<tg-spoiler>x</tg-spoiler><span class="tg-spoiler">y</span>',
            "xy",
            [entity("spoiler", 0, 1), entity("spoiler", 1, 1)],
        ),
        (
            '<a href="https://t.me/x?a=1&amp;b=2">link</a>',
            "link",
            [entity("text_link", 0, 4, url="https://t.me/x?a=1&b=2")],
        ),
        ("<code>c</code>", "c", [entity("code", 0, 1)]),
        (
            '<pre><code class="language-python">p</code></pre>',
            "p",
            [entity("pre", 0, 1, language="python")],
        ),
        ("<pre>p</pre>", "p", [entity("pre", 0, 1)]),
        ("<blockquote>q</blockquote>", "q", [entity("blockquote", 0, 1)]),
        ("<blockquote expandable>q</blockquote>", "q", [entity("expandable_blockquote", 0, 1)]),
        (
            '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
            "👍",
            [entity("custom_emoji", 0, 2, custom_emoji_id="5368324170671202286")],
        ),
        ("&lt;&gt;&amp;&quot;&#65;&#x42;", '<>&"AB', []),
        ("<B>caps</B>", "caps", [entity("bold", 0, 4)]),
        ("a > b", "a > b", []),
        ("<b></b>x", "x", []),
        ("😀<b>x</b>", "😀x", [entity("bold", 2, 1)]),  # offsets count UTF-16 units
        ("<b>a<i>b</i></b>", "ab", [entity("bold", 0, 2), entity("italic", 1, 1)]),
    ],
)
def test_parse_html(html: str, text: str, entities: list[dict[str, Any]]) -> None:
    assert parse_html(html) == (text, entities)


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("é<br>", 'Unsupported start tag "br" at byte offset 2'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<a href="x', "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<tg-emoji emoji-id="x">y</tg-emoji>', "Invalid custom emoji identifier specified"),
        ("AT&T", 'Unescaped "&" at byte offset 2'),
    ],
)
def test_parse_html_errors(html: str, error: str) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html(html)
    assert str(caught.value).startswith(error)


def test_stray_ampersand_is_literal_in_the_real_api_mode() -> None:
    assert parse_html("AT&T &nbsp;", strict_ampersand=False) == ("AT&T &nbsp;", [])


def test_format_text_trims_and_detects_entities() -> None:
    text, entities = format_text(
        "  <b>Hi</b> /start@SmallWinsTestBot see https://example.com/a.\n", "HTML"
    )
    assert text == "Hi /start@SmallWinsTestBot see https://example.com/a."
    assert entities == [
        entity("bold", 0, 2),
        entity("bot_command", 3, 23),
        entity("url", 31, 21),
    ]


def test_no_detection_inside_code() -> None:
    assert format_text("<code>/start</code> @ada_l #goal", "HTML")[1] == [
        entity("code", 0, 6),
        entity("mention", 7, 6),
        entity("hashtag", 14, 5),
    ]


def test_unknown_parse_mode() -> None:
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        format_text("x", "Fancy")


def test_utf16_len() -> None:
    assert utf16_len("a😀é") == 4
