"""The table of supported Bot API methods (names are case-insensitive)."""

from __future__ import annotations

from fake_telegram import methods_bot as bot
from fake_telegram import methods_messages as msg
from fake_telegram.methods_bot import Method

_CANONICAL: dict[str, Method] = {
    "getMe": bot.get_me,
    "getUpdates": bot.get_updates,
    "setWebhook": bot.set_webhook,
    "deleteWebhook": bot.delete_webhook,
    "getWebhookInfo": bot.get_webhook_info,
    "setMyCommands": bot.set_my_commands,
    "getMyCommands": bot.get_my_commands,
    "deleteMyCommands": bot.delete_my_commands,
    "setMyDescription": bot.set_my_description,
    "getMyDescription": bot.get_my_description,
    "setMyShortDescription": bot.set_my_short_description,
    "getMyShortDescription": bot.get_my_short_description,
    "setMyName": bot.set_my_name,
    "getMyName": bot.get_my_name,
    "setChatMenuButton": bot.set_chat_menu_button,
    "getChatMenuButton": bot.get_chat_menu_button,
    "getFile": bot.get_file,
    "close": bot.close,
    "logOut": bot.log_out,
    "sendMessage": msg.send_message,
    "sendPhoto": msg.send_photo,
    "sendDocument": msg.send_document,
    "sendChatAction": msg.send_chat_action,
    "editMessageText": msg.edit_message_text,
    "editMessageCaption": msg.edit_message_caption,
    "editMessageMedia": msg.edit_message_media,
    "editMessageReplyMarkup": msg.edit_message_reply_markup,
    "deleteMessage": msg.delete_message,
    "deleteMessages": msg.delete_messages,
    "answerCallbackQuery": msg.answer_callback_query,
}

METHODS: dict[str, tuple[str, Method]] = {
    name.lower(): (name, handler) for name, handler in _CANONICAL.items()
}
"""Lower-case method name -> (canonical name, implementation)."""

SUPPORTED_METHODS = tuple(sorted(_CANONICAL))
