"""Small helpers every feature handler uses: who wrote, and how to show a view."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, InputMediaPhoto, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.coach.languages import language_for
from bot.coach.models import UserProfile
from bot.views.i18n import Translator, translator
from bot.views.reply import Reply

NOT_MODIFIED = "message is not modified"


def in_private_chat(update: Update) -> bool:
    """A new message or a button press on a message, by a person, in their private chat.

    Private chat ids equal the user's id; a forged update where they differ is not one.
    """
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE or chat.id != user.id:
        return False
    if update.message is not None:
        return True
    query = update.callback_query
    # PTB reads an inaccessible message (date 0) as a Message too: ``is_accessible`` tells.
    return query is not None and query.message is not None and query.message.is_accessible


def profile_of(update: Update) -> UserProfile:
    """The sender's profile; handlers are only registered for updates that have a user."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        raise ValueError("update without a user or chat")
    return UserProfile(
        user_id=user.id,
        chat_id=chat.id,
        first_name=user.first_name or "",
        language_code=user.language_code,
    )


def sender_translator(update: Update) -> Translator:
    """The words for whoever sent an update no user is loaded for (a group, an early error)."""
    user = update.effective_user
    return translator(language_for(user.language_code if user is not None else None))


async def send(update: Update, reply: Reply) -> Message:
    """Send a new message (a text, or a picture with its caption) to the update's chat."""
    chat = update.effective_chat
    if chat is None:
        raise ValueError("update without a chat")
    if reply.photo is not None:
        return await chat.send_photo(reply.photo, caption=reply.text, reply_markup=reply.keyboard)
    return await chat.send_message(reply.text, reply_markup=reply.keyboard)


async def edit_or_send(update: Update, reply: Reply) -> None:
    """Show a view in place of the message whose button was pressed.

    Falls back to a new message when the old one can't be edited (too old, deleted) or when the
    view carries a reply keyboard, which an edit cannot attach.
    """
    query = update.callback_query
    keyboard = reply.keyboard
    if (
        query is not None
        and query.message is not None
        and (keyboard is None or isinstance(keyboard, InlineKeyboardMarkup))
    ):
        try:
            await query.edit_message_text(reply.text, reply_markup=keyboard)
        except BadRequest as error:
            if NOT_MODIFIED not in error.message.lower():
                await send(update, reply)
        return
    await send(update, reply)


async def show_picture(update: Update, picture: bytes, reply: Reply) -> None:
    """Show a picture with its caption and buttons, in place of the pressed button's message.

    A button under a picture (another month, goal or view) edits that message
    (``editMessageMedia``), so the chat keeps one picture instead of a pile of them; a button
    under a text message gives it the picture the same way. A command, a view with a reply
    keyboard, or a message that can't be edited (too old, deleted) gets a new photo.
    """
    query = update.callback_query
    keyboard = reply.keyboard
    inline = keyboard is None or isinstance(keyboard, InlineKeyboardMarkup)
    if query is not None and query.message is not None and inline:
        try:
            await query.edit_message_media(
                InputMediaPhoto(picture, caption=reply.text),
                reply_markup=keyboard if isinstance(keyboard, InlineKeyboardMarkup) else None,
            )
        except BadRequest as error:
            if NOT_MODIFIED in error.message.lower():
                return
        else:
            return
    chat = update.effective_chat
    if chat is None:
        raise ValueError("update without a chat")
    await chat.send_photo(photo=picture, caption=reply.text, reply_markup=keyboard)


async def drop_buttons(update: Update) -> None:
    """Remove the inline buttons from the message whose button was pressed."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest:
        # Already without buttons, or too old to edit: either way nothing is left to press.
        return


async def drop_button_row(update: Update) -> None:
    """Remove the row of the pressed button; the message and its other buttons stay."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = [
        list(row)
        for row in message.reply_markup.inline_keyboard
        if all(button.callback_data != query.data for button in row)
    ]
    try:
        await query.edit_message_reply_markup(
            reply_markup=InlineKeyboardMarkup(rows) if rows else None
        )
    except BadRequest:
        # Too old to edit, or already without that row: nothing is left to press twice.
        return


async def settle_choice(update: Update) -> None:
    """Replace a question's buttons by the choice made, so the chat reads as a conversation."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message) or not (message.text or message.caption):
        await drop_buttons(update)
        return
    label = next(
        (
            button.text
            for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
            for button in row
            if button.callback_data == query.data
        ),
        None,
    )
    if label is None:
        await drop_buttons(update)
        return
    chosen = f"\n\n<i>→ {html.escape(label, quote=False)}</i>"
    try:
        if message.text:
            await query.edit_message_text(f"{message.text_html}{chosen}", reply_markup=None)
        else:  # a picture (the weekly card): its caption takes the choice
            await query.edit_message_caption(f"{message.caption_html}{chosen}", reply_markup=None)
    except BadRequest:
        await drop_buttons(update)
