"""Telegram's validation errors and injected faults, as PTB sees them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from fake_telegram import FakeTelegram
from fake_telegram.inprocess import InProcessRequest

ADA = 1001
NOT_MODIFIED = r"(?i)message is not modified: specified new message content and reply markup"


@pytest.fixture(params=["http", "in-process"])
async def bot(fake: FakeTelegram, request: pytest.FixtureRequest) -> AsyncIterator[Bot]:
    """PTB's Bot on the fake, over HTTP and in-process alike: the answers must not differ."""
    fake.user(ADA, "Ada", started=True)
    transport = InProcessRequest(fake) if request.param == "in-process" else None
    async with Bot(
        fake.token,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        request=transport,
        get_updates_request=transport,
    ) as client:
        yield client


async def test_unknown_chat_is_not_found(fake: FakeTelegram, bot: Bot) -> None:
    fake.user(2002, "Bob")  # exists, but never wrote to the bot
    for chat_id in (2002, 999_999, "@somechannel"):
        with pytest.raises(BadRequest, match=r"(?i)^chat not found$"):
            await bot.send_message(chat_id, "hi")


@pytest.mark.parametrize("text", ["", "   \n "])
async def test_empty_text(bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(ADA, text)


async def test_text_length_is_counted_after_entity_parsing(bot: Bot) -> None:
    await bot.send_message(ADA, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(ADA, "😀" * 4096)  # characters, not UTF-16 units or bytes
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(ADA, "x" * 4097)


async def test_caption_limit(bot: Bot) -> None:
    from tests.fake_telegram.conftest import png_bytes

    await bot.send_photo(ADA, png_bytes(), caption="c" * 1024)
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_photo(ADA, png_bytes(), caption="c" * 1025)


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<p>hi</p>", 'unsupported start tag "p" at byte offset 0'),
        ("2 < 3", 'unsupported start tag "" at byte offset 2'),
        ("<b>bold", 'can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("Tom & Jerry", 'unescaped "&" at byte offset 4'),
    ],
)
async def test_html_errors_surface_as_bad_request(bot: Bot, html: str, error: str) -> None:
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(ADA, html, parse_mode="HTML")
    assert caught.value.message.lower().startswith(f"can't parse entities: {error}".lower())


async def test_callback_data_is_limited_to_64_bytes(bot: Bot) -> None:
    def markup(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data=data)]])

    await bot.send_message(ADA, "ok", reply_markup=markup("x" * 64))
    await bot.send_message(ADA, "ok", reply_markup=markup("é" * 32))  # 64 bytes in UTF-8
    for data in ("x" * 65, "é" * 33):
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(ADA, "too long", reply_markup=markup(data))


async def test_edit_rules(bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="d")]])
    sent = await bot.send_message(ADA, "<b>same</b>", parse_mode="HTML", reply_markup=markup)

    with pytest.raises(BadRequest, match=NOT_MODIFIED):
        await bot.edit_message_text(
            "<b>same</b>", ADA, sent.message_id, parse_mode="HTML", reply_markup=markup
        )
    # Same text without formatting, or without the keyboard, *is* a modification.
    edited = await bot.edit_message_text("<b>same</b>", ADA, sent.message_id, parse_mode="HTML")
    assert not isinstance(edited, bool)
    assert edited.reply_markup is None
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match=NOT_MODIFIED):
        await bot.edit_message_reply_markup(ADA, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", ADA, 9999)


async def test_callback_query_is_answered_once(fake: FakeTelegram) -> None:
    from fake_telegram.harness import running
    from tests.fake_telegram.conftest import build_app

    async with running(fake, build_app(fake)) as app:
        ada = fake.user(ADA)
        await ada.send("/start")
        reaction = await ada.press("Skip")
        assert reaction.answer is not None
        [answered] = [c for c in reaction.calls if c.method == "answerCallbackQuery"]
        with pytest.raises(BadRequest, match=r"(?i)query is too old and response timeout expired"):
            await app.bot.answer_callback_query(answered.params["callback_query_id"], "again")
        with pytest.raises(BadRequest, match=r"(?i)query id is invalid"):
            await app.bot.answer_callback_query("12345")


async def test_retry_after(fake: FakeTelegram, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    fault = fake.faults.inject("retry_after", method="sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ADA, "hi")
    assert caught.value.retry_after == timedelta(seconds=7)
    assert fault.hits == 1
    await bot.send_message(ADA, "the fault fired once")
    assert [c.ok for c in fake.calls_to("sendMessage")] == [False, True]


async def test_forbidden_fault_and_custom_bad_request(fake: FakeTelegram, bot: Bot) -> None:
    fake.faults.inject("forbidden", chat_id=ADA)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(ADA, "hi")
    fake.faults.inject("bad_request", description="message thread not found")
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(ADA, "hi")


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors_are_network_errors(fake: FakeTelegram, bot: Bot, status: int) -> None:
    fake.faults.inject("server_error", status=status)
    with pytest.raises(NetworkError) as caught:
        await bot.send_message(ADA, "hi")
    assert not isinstance(caught.value, TimedOut)
    assert not fake.state.chats[ADA].visible()  # the failed call did nothing


async def test_dropped_connection_is_a_network_error(fake: FakeTelegram, bot: Bot) -> None:
    fake.faults.inject("drop", method="sendMessage")
    with pytest.raises(NetworkError, match=r"(?i)disconnected"):
        await bot.send_message(ADA, "hi")
    assert not fake.state.chats[ADA].visible()


async def test_slow_answer_times_out_but_the_message_was_sent(fake: FakeTelegram) -> None:
    fake.user(ADA, started=True)
    fake.faults.inject("slow", method="sendMessage", delay=30)
    request = HTTPXRequest(read_timeout=0.2)
    async with Bot(fake.token, base_url=fake.base_url, request=request) as bot:
        with pytest.raises(TimedOut):  # long before the fake's 30 s answer
            await bot.send_message(ADA, "are you there?")
    # Exactly the trap of real timeouts: the message did arrive.
    assert [m.text for m in fake.state.chats[ADA].visible()] == ["are you there?"]


async def test_bad_token_is_invalid_token_at_initialize(fake: FakeTelegram) -> None:
    wrong = Bot("42:not-the-token", base_url=fake.base_url)
    try:
        with pytest.raises(InvalidToken):
            await wrong.initialize()
    finally:
        await wrong.shutdown()  # its HTTP clients stay open after a failed initialize


async def test_raw_http_semantics(fake: FakeTelegram) -> None:
    fake.user(ADA, started=True)
    async with aiohttp.ClientSession() as http:
        root = f"{fake.base_url}{fake.token}"
        async with http.get(f"{root}/GETME") as response:  # method names are case-insensitive
            body = await response.json()
            assert response.status == 200
            assert body["ok"] is True
            assert body["result"]["username"] == fake.bot.username
        async with http.get(f"{root}/noSuchMethod") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        async with http.post(f"{fake.base_url}1:bad/getMe") as response:
            assert response.status == 401
            assert (await response.json())["description"] == "Unauthorized"
        # JSON bodies (other clients use them) are decoded like form fields.
        payload = {"chat_id": ADA, "text": "123", "reply_markup": {"inline_keyboard": []}}
        async with http.post(f"{root}/sendMessage", json=payload) as response:
            result = (await response.json())["result"]
            assert result["text"] == "123"
        fake.faults.inject("retry_after", retry_after=3)
        async with http.post(
            f"{root}/sendMessage", data={"chat_id": str(ADA), "text": "x"}
        ) as response:
            assert response.status == 429
            assert await response.json() == {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 3",
                "parameters": {"retry_after": 3},
            }


async def test_flood_limit_emulates_telegram_flood_control(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with FakeTelegram(flood_limit=3) as fake:
        fake.user(ADA, started=True)
        async with Bot(fake.token, base_url=fake.base_url) as bot:
            for n in range(3):
                await bot.send_message(ADA, f"#{n}")
            with pytest.raises(RetryAfter):
                await bot.send_message(ADA, "one too many")


async def test_log_out_makes_the_token_unusable(fake: FakeTelegram, bot: Bot) -> None:
    assert await bot.log_out()
    with pytest.raises(InvalidToken):
        await bot.get_me()
