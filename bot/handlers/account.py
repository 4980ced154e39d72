"""/export (all of my data as a file) and /delete (erase all of it, after a confirmation)."""

from __future__ import annotations

import asyncio
import json
import logging

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from bot.handlers.common import edit_or_send, send
from bot.views import account as views
from bot.views import errors as error_views
from bot.views import help as help_views
from bot.views.callback_data import parse_among

log = logging.getLogger(__name__)


async def _export(update: Update, context: BotContext) -> None:
    """Build and send the export in the background: a big one takes a while to read, encode
    and upload, and the user (and everyone else) goes on being answered meanwhile."""
    user_id = context.user.user_id
    exporting = context.bot_data.exports_in_progress
    if user_id in exporting:
        # One at a time per user: a second /export (or ten) costs nothing.
        await send(update, views.export_on_its_way(context.t))
        return
    exporting.add(user_id)
    chat = update.effective_chat
    if chat is not None:
        await chat.send_action(ChatAction.UPLOAD_DOCUMENT)  # "sending a file…" meanwhile
    context.application.create_task(
        _send_export(update, context, user_id), update=update, name=f"export-{user_id}"
    )


async def _send_export(update: Update, context: BotContext, user_id: int) -> None:
    try:
        data = await context.services.accounts.export(user_id)
        # Encoding tens of thousands of days takes a CPU-second: off the event loop.
        payload = await asyncio.to_thread(_encode, data)
        chat = update.effective_chat
        if chat is not None:
            await chat.send_document(
                document=payload,
                filename="small-wins-export.json",
                caption=views.export_caption(context.t),
            )
    finally:
        context.bot_data.exports_in_progress.discard(user_id)


def _encode(data: dict[str, object]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


async def _delete(update: Update, context: BotContext) -> None:
    await send(update, views.confirm_delete(context.t, context.now().date()))


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    match parse_among(query.data, views.DELETE_BUTTONS):
        case views.EraseEverything(asked_on=asked_on) if asked_on == context.now().date():
            await query.answer()
            # The user erased here is always the one who pressed: the data names no user.
            await context.services.accounts.erase(context.user.user_id)
            await edit_or_send(update, views.deleted(context.t))
        case views.EraseEverything():
            await query.answer()
            await edit_or_send(update, views.delete_expired(context.t))
        case views.KeepEverything():
            await query.answer()
            await edit_or_send(update, views.kept(context.t))
        case _:
            await query.answer(error_views.stale_button(context.t))


async def _stats(update: Update, context: BotContext) -> None:
    user = context.user
    if user.user_id not in context.services.options.admin_user_ids:
        # Not an admin: the command does not exist for them. The log tells the owner the id
        # to put in ADMIN_USER_IDS (how they find their own).
        log.info("/stats asked by Telegram id %d, not in ADMIN_USER_IDS", user.user_id)
        message = update.effective_message
        command = (message.text or "/stats").split()[0] if message else "/stats"
        await send(update, help_views.unknown_command(context.t, command))
        return
    await send(update, views.stats(context.t, await context.services.accounts.counts()))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/export, /delete and the confirmation buttons; /stats for admins."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("stats", _stats, filters=private),
        CommandHandler("export", _export, filters=private),
        CommandHandler("delete", _delete, filters=private),
        CallbackQueryHandler(_on_button, pattern=views.DELETE_PATTERN),
    ]
