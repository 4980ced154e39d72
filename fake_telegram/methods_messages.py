"""Bot API methods that send, edit and delete messages."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from fake_telegram.errors import BLOCKED, CHAT_NOT_FOUND, ApiError, bad_request, forbidden
from fake_telegram.formatting import check_caption_length, check_text_length, format_text
from fake_telegram.markup import ParsedMarkup, parse_reply_markup
from fake_telegram.media import StoredFile, store_document, store_photo
from fake_telegram.params import Params, UploadedFile
from fake_telegram.state import CallbackAnswer, ChatState, StoredMessage, TelegramState

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
DELETE_WINDOW = timedelta(hours=48)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def find_chat(state: TelegramState, params: Params, *, writing: bool = True) -> ChatState:
    """The chat ``chat_id`` names; 400 if unknown, 403 if the user blocked the bot."""
    chat_id = params.get("chat_id")
    if chat_id is None or chat_id == "":
        raise bad_request("chat_id is empty")
    chat = state.chats.get(chat_id) if isinstance(chat_id, int) else None
    if chat is None:
        raise bad_request(CHAT_NOT_FOUND)
    if writing and chat.deactivated:
        raise forbidden("user is deactivated")
    if writing and chat.blocked:
        raise forbidden(BLOCKED)
    return chat


def _reply_target(chat: ChatState, params: Params) -> int | None:
    reply = params.get("reply_parameters")
    if isinstance(reply, dict):
        target, lenient = reply.get("message_id"), bool(reply.get("allow_sending_without_reply"))
    else:
        target = params.get("reply_to_message_id")
        lenient = bool(params.get("allow_sending_without_reply"))
    if target is None:
        return None
    replied = chat.messages.get(target) if isinstance(target, int) else None
    if replied is None or replied.deleted:
        if lenient:
            return None
        raise bad_request("message to be replied not found")
    return replied.message_id


def _formatted(
    state: TelegramState, params: Params, field: str, entities_field: str
) -> tuple[str, list[dict[str, Any]]]:
    raw = params.get(field)
    return format_text(
        raw if isinstance(raw, str) else "",
        params.get("parse_mode"),
        params.get(entities_field),
        strict_html=state.settings.strict_html,
        users=state.users_json(),
    )


def _deliver(
    state: TelegramState, chat: ChatState, params: Params, **fields: Any
) -> dict[str, Any]:
    """Validate markup and reply target, then store the message under a fresh id."""
    markup = parse_reply_markup(params.get("reply_markup"))
    reply_to = _reply_target(chat, params)
    message = StoredMessage(
        message_id=chat.new_message_id(),
        chat_id=chat.id,
        from_bot=True,
        date=state.now(),
        reply_to=reply_to,
        protected=bool(params.get("protect_content")),
        **fields,
    )
    _apply_markup(chat, message, markup)
    chat.messages[message.message_id] = message
    return state.message_json(message)


def _apply_markup(chat: ChatState, message: StoredMessage, markup: ParsedMarkup | None) -> None:
    if markup is None:
        return
    if markup.inline is not None:
        message.inline_keyboard = markup.inline
    elif markup.reply is not None:
        chat.reply_keyboard = markup.reply
        chat.keyboard_hidden = False
    elif markup.remove is not None:
        chat.reply_keyboard = None
        chat.keyboard_hidden = False
    elif markup.force_reply is not None:
        chat.force_reply_to = message.message_id


async def send_message(state: TelegramState, params: Params) -> Any:
    """sendMessage."""
    chat = find_chat(state, params)
    text, entities = _formatted(state, params, "text", "entities")
    check_text_length(text)
    return _deliver(
        state,
        chat,
        params,
        text=text,
        entities=entities,
        source=params.get("text"),
        parse_mode=params.get("parse_mode"),
    )


def _caption_fields(state: TelegramState, params: Params) -> dict[str, Any]:
    caption, entities = _formatted(state, params, "caption", "caption_entities")
    check_caption_length(caption)
    if not caption:
        return {}
    return {
        "caption": caption,
        "caption_entities": entities,
        "source": params.get("caption"),
        "parse_mode": params.get("parse_mode"),
    }


def _existing_file(state: TelegramState, value: str, kind: str) -> StoredFile:
    if value.lower().startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")
    stored = state.files.get(value.strip())
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request("type of file mismatch")
    return stored


async def send_photo(state: TelegramState, params: Params) -> Any:
    """sendPhoto: multipart upload or a known file_id (URLs cannot be fetched offline)."""
    chat = find_chat(state, params)
    caption = _caption_fields(state, params)
    photo = params.get("photo")
    if isinstance(photo, UploadedFile):
        stored = store_photo(state.files, photo.data)
    elif isinstance(photo, str) and photo:
        stored = _existing_file(state, photo, "photo")
    else:
        raise bad_request("there is no photo in the request")
    return _deliver(state, chat, params, photo=stored, **caption)


async def send_document(state: TelegramState, params: Params) -> Any:
    """sendDocument: keeps the bytes, file name and MIME type."""
    chat = find_chat(state, params)
    caption = _caption_fields(state, params)
    document = params.get("document")
    if isinstance(document, UploadedFile):
        stored = store_document(
            state.files, document.data, document.filename, document.content_type
        )
    elif isinstance(document, str) and document:
        stored = _existing_file(state, document, "document")
    else:
        raise bad_request("there is no document in the request")
    return _deliver(state, chat, params, document=stored, **caption)


def _editable(state: TelegramState, params: Params) -> tuple[ChatState, StoredMessage]:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = find_chat(state, params)
    message_id = params.get("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None or message.deleted:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return chat, message


def _mark_edited(state: TelegramState, message: StoredMessage) -> dict[str, Any]:
    message.edit_date = state.now()
    message.edit_count += 1
    return state.message_json(message)


async def edit_message_text(state: TelegramState, params: Params) -> Any:
    """editMessageText; omitting reply_markup removes the inline keyboard, like Telegram."""
    _chat, message = _editable(state, params)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text, entities = _formatted(state, params, "text", "entities")
    check_text_length(text)
    markup = parse_reply_markup(params.get("reply_markup"), inline_only=True)
    keyboard = markup.inline if markup else None
    if (text, entities, keyboard) == (message.text, message.entities, message.inline_keyboard):
        raise bad_request(NOT_MODIFIED)
    message.text, message.entities, message.inline_keyboard = text, entities, keyboard
    message.source, message.parse_mode = params.get("text"), params.get("parse_mode")
    return _mark_edited(state, message)


async def edit_message_caption(state: TelegramState, params: Params) -> Any:
    """editMessageCaption."""
    _chat, message = _editable(state, params)
    if message.photo is None and message.document is None:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = _formatted(state, params, "caption", "caption_entities")
    check_caption_length(caption)
    markup = parse_reply_markup(params.get("reply_markup"), inline_only=True)
    keyboard = markup.inline if markup else None
    current = (message.caption or "", message.caption_entities, message.inline_keyboard)
    if (caption, entities, keyboard) == current:
        raise bad_request(NOT_MODIFIED)
    message.caption, message.caption_entities = caption or None, entities
    message.inline_keyboard = keyboard
    message.source, message.parse_mode = params.get("caption"), params.get("parse_mode")
    return _mark_edited(state, message)


def _media_file(state: TelegramState, params: Params, media: dict[str, Any]) -> StoredFile:
    """The photo or document an InputMedia names: an ``attach://`` part or a known file_id."""
    kind = media.get("type")
    value = media.get("media")
    if not isinstance(value, str) or not value:
        raise bad_request("media not specified")
    if value.startswith("attach://"):
        part = params.get(value[len("attach://") :])
        if not isinstance(part, UploadedFile):
            raise bad_request(f"file {value} not found in the request")
        if kind == "photo":
            return store_photo(state.files, part.data)
        return store_document(state.files, part.data, part.filename, part.content_type)
    return _existing_file(state, value, str(kind))


async def edit_message_media(state: TelegramState, params: Params) -> Any:
    """editMessageMedia: a new photo or document, with its caption, in place of the old media.

    Like Telegram, a text message can be given media (its text is replaced by the caption);
    only photos and documents are supported here. Omitting reply_markup removes the keyboard.
    """
    _chat, message = _editable(state, params)
    media = params.get("media")
    if not isinstance(media, dict):
        raise bad_request("can't parse InputMedia JSON object")
    if media.get("type") not in ("photo", "document"):
        raise bad_request("unsupported media type")
    if message.content:
        raise bad_request("message can't be edited")  # a location, sticker and the like
    stored = _media_file(state, params, media)
    raw_caption = media.get("caption")
    caption, entities = format_text(
        raw_caption if isinstance(raw_caption, str) else "",
        media.get("parse_mode"),
        media.get("caption_entities"),
        strict_html=state.settings.strict_html,
        users=state.users_json(),
    )
    check_caption_length(caption)
    markup = parse_reply_markup(params.get("reply_markup"), inline_only=True)
    keyboard = markup.inline if markup else None
    current = message.photo if media["type"] == "photo" else message.document
    unchanged = (
        current is not None
        and current.file_id == stored.file_id
        and (caption, entities, keyboard)
        == (message.caption or "", message.caption_entities, message.inline_keyboard)
    )
    if unchanged:
        raise bad_request(NOT_MODIFIED)
    message.text, message.entities = None, []
    if media["type"] == "photo":
        message.photo, message.document = stored, None
    else:
        message.photo, message.document = None, stored
    message.caption, message.caption_entities = caption or None, entities
    message.inline_keyboard = keyboard
    message.source, message.parse_mode = media.get("caption"), media.get("parse_mode")
    return _mark_edited(state, message)


async def edit_message_reply_markup(state: TelegramState, params: Params) -> Any:
    """editMessageReplyMarkup; no reply_markup means "remove the keyboard"."""
    _chat, message = _editable(state, params)
    markup = parse_reply_markup(params.get("reply_markup"), inline_only=True)
    keyboard = markup.inline if markup else None
    if keyboard == message.inline_keyboard:
        raise bad_request(NOT_MODIFIED)
    message.inline_keyboard = keyboard
    return _mark_edited(state, message)


def _delete_one(state: TelegramState, chat: ChatState, message_id: object) -> None:
    message = chat.messages.get(message_id) if isinstance(message_id, int) else None
    if message is None or message.deleted:
        raise bad_request("message to delete not found")
    if state.now() - message.date > DELETE_WINDOW:
        raise bad_request("message can't be deleted for everyone")
    message.deleted = True
    if chat.force_reply_to == message.message_id:
        chat.force_reply_to = None


async def delete_message(state: TelegramState, params: Params) -> Any:
    """deleteMessage: bot and user messages younger than 48 hours."""
    chat = find_chat(state, params, writing=False)
    if params.get("message_id") is None:
        raise bad_request("message identifier is not specified")
    _delete_one(state, chat, params["message_id"])
    return True


async def delete_messages(state: TelegramState, params: Params) -> Any:
    """deleteMessages: deletes what it can, like Telegram."""
    chat = find_chat(state, params, writing=False)
    ids = params.get("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must be an Array of 1-100 message identifiers")
    for message_id in ids:
        try:
            _delete_one(state, chat, message_id)
        except ApiError:  # deleteMessages skips what it cannot delete
            continue
    return True


async def answer_callback_query(state: TelegramState, params: Params) -> Any:
    """answerCallbackQuery: once per query, within the answer timeout."""
    query_id = params.get("callback_query_id")
    query = state.callback_queries.get(query_id) if isinstance(query_id, str) else None
    timeout = state.settings.callback_query_timeout
    loop = asyncio.get_running_loop()
    expired = timeout is not None and query is not None and loop.time() - query.created > timeout
    if query is None or query.answer is not None or expired:
        raise bad_request(QUERY_TOO_OLD)
    text = params.get("text")
    if isinstance(text, str) and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    url = params.get("url")
    cache_time = params.get("cache_time")
    query.answer = CallbackAnswer(
        text=text if isinstance(text, str) and text else None,
        show_alert=bool(params.get("show_alert")),
        url=url if isinstance(url, str) and url else None,
        cache_time=cache_time if isinstance(cache_time, int) else 0,
    )
    return True


async def send_chat_action(state: TelegramState, params: Params) -> Any:
    """sendChatAction ("typing", "upload_photo", ...)."""
    chat = find_chat(state, params)
    action = params.get("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.chat_actions.append(str(action))
    return True
