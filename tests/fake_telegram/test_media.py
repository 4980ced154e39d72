"""editMessageMedia: a picture edited in place, as PTB sends it (a multipart upload)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto
from telegram.error import BadRequest

from fake_telegram import FakeTelegram
from fake_telegram.inprocess import InProcessRequest
from tests.fake_telegram.conftest import png_bytes

ADA = 1001
MARKUP = InlineKeyboardMarkup([[InlineKeyboardButton("next", callback_data="n")]])


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


async def test_a_photo_is_replaced_with_its_caption_and_buttons(
    fake: FakeTelegram, bot: Bot
) -> None:
    sent = await bot.send_photo(ADA, png_bytes(3, 2), caption="March")
    picture = png_bytes(5, 4)

    edited = await bot.edit_message_media(
        InputMediaPhoto(picture, caption="<b>April</b>", parse_mode="HTML"),
        ADA,
        sent.message_id,
        reply_markup=MARKUP,
    )

    assert not isinstance(edited, bool)
    assert edited.message_id == sent.message_id
    assert edited.caption == "April"
    assert edited.photo[-1].width == 5
    assert edited.edit_date is not None
    stored = fake.state.chats[ADA].messages[sent.message_id]
    assert stored.photo is not None
    assert stored.photo.data == picture
    assert stored.inline_keyboard is not None
    assert len(fake.state.chats[ADA].visible()) == 1  # edited, not sent anew


async def test_a_text_message_can_be_given_a_photo(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(ADA, "no picture yet")
    edited = await bot.edit_message_media(
        InputMediaPhoto(png_bytes(), caption="now with one"), ADA, sent.message_id
    )
    assert not isinstance(edited, bool)
    assert edited.text is None
    assert edited.caption == "now with one"
    assert edited.photo


async def test_the_same_file_caption_and_buttons_are_not_a_modification(bot: Bot) -> None:
    sent = await bot.send_photo(ADA, png_bytes(), caption="same", reply_markup=MARKUP)
    file_id = sent.photo[-1].file_id
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_media(
            InputMediaPhoto(file_id, caption="same"), ADA, sent.message_id, reply_markup=MARKUP
        )
    # A known file_id with another caption is one.
    edited = await bot.edit_message_media(
        InputMediaPhoto(file_id, caption="other"), ADA, sent.message_id
    )
    assert not isinstance(edited, bool)
    assert edited.caption == "other"
    assert edited.reply_markup is None  # no reply_markup: the keyboard goes, like Telegram


async def test_bad_media_is_refused(bot: Bot) -> None:
    sent = await bot.send_photo(ADA, png_bytes())
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.edit_message_media(InputMediaPhoto(b"not an image"), ADA, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.edit_message_media(InputMediaPhoto("AgACAgInope"), ADA, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.edit_message_media(
            InputMediaPhoto(png_bytes(), caption="c" * 1025), ADA, sent.message_id
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_media(InputMediaPhoto(png_bytes()), ADA, 9999)
