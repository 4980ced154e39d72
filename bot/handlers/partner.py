"""/partner, the friend's invite link (``/start p-…``), and every partner button.

Thin: the use cases are ``bot.services.partners``; the texts ``bot.views.partner``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.coach.models import User
from bot.coach.partners import INVITE_PREFIX
from bot.context import BotContext
from bot.handlers.common import drop_button_row, edit_or_send, send
from bot.handlers.questions import Asking
from bot.services.partners import Accepted, CheerRefused, InviteRefused, NoteAsked
from bot.services.questions import Asked, Question
from bot.views import partner as views
from bot.views import partner_callbacks as cb

INVITE_LINK = filters.Regex(r"^/start(@\w+)?\s+" + INVITE_PREFIX)
"""``/start p-…``: a deep link's payload that is (or pretends to be) an invite code."""


async def _partner(update: Update, context: BotContext) -> None:
    shown = await context.services.partners.overview(context.user)
    await send(update, views.overview(context.t, shown, context.bot.username))


async def _invite(update: Update, context: BotContext) -> None:
    message = update.effective_message
    parts = (message.text or "").split() if message is not None else []
    code = parts[1] if len(parts) > 1 else ""
    found = await context.services.partners.look(context.user, code)
    if isinstance(found, InviteRefused):
        await send(update, views.invite_refused(context.t, found))
    else:
        await send(update, views.offer(context.t, found.inviter_name, code))


async def _on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    button = cb.parse(query.data)
    handle = _BUTTONS.get(button.action) if button is not None else None
    if button is None or handle is None:
        await query.answer(views.stale_button(context.t))
        return
    await handle(update, context, button)


async def _invite_button(update: Update, context: BotContext, button: cb.PartnerButton) -> None:
    await _answered(update)
    if button.code is not None:
        await _answer_invite(update, context, button.code, accept=button.action == cb.ACCEPT)


async def _settings_button(update: Update, context: BotContext, button: cb.PartnerButton) -> None:
    await _answered(update)
    partners, user = context.services.partners, context.user
    if button.action == cb.SWITCH and button.switch is not None:
        shown = await partners.toggle(user, button.switch)
    elif button.action == cb.NEW_LINK:
        shown = await partners.new_link(user)
    elif button.action == cb.REVOKE:
        shown = await partners.revoke(user)
    else:
        shown = await partners.overview(user)
    await edit_or_send(update, views.overview(context.t, shown, context.bot.username))


async def _ask_to_end(update: Update, context: BotContext, button: cb.PartnerButton) -> None:
    await _answered(update)
    user = context.user
    found = None
    if button.number is not None:
        found = await context.services.partners.partnership(user, button.number)
    removing = button.action == cb.REMOVE
    if found is None or (found.user_id if removing else found.partner_id) != user.user_id:
        await edit_or_send(update, views.already_ended(context.t))
    else:
        await edit_or_send(
            update, (views.confirm_remove if removing else views.confirm_leave)(context.t, found)
        )


async def _end(update: Update, context: BotContext, button: cb.PartnerButton) -> None:
    await _answered(update)
    partners, user = context.services.partners, context.user
    if button.number is None:
        return
    if button.action == cb.REMOVE_CONFIRMED:
        ended = await partners.remove(user, button.number)
        reply = views.removed(context.t, ended) if ended else views.already_ended(context.t)
    else:
        ended = await partners.leave(user, button.number)
        reply = views.left(context.t, ended) if ended else views.already_ended(context.t)
    await edit_or_send(update, reply)


async def _cheer(update: Update, context: BotContext, button: cb.PartnerButton) -> None:
    query = update.callback_query
    if query is None or button.number is None or button.reaction is None:
        return
    sent = await context.services.partners.cheer(context.user, button.number, button.reaction)
    if isinstance(sent, CheerRefused):
        await query.answer(views.cheer_refused(context.t, sent))
        return
    await query.answer(views.cheer_sent(context.t, sent))
    await drop_button_row(update)  # one reaction per message: the row has done its job


async def _ask_note(update: Update, context: BotContext, button: cb.PartnerButton) -> None:
    query = update.callback_query
    if query is None or button.number is None:
        return
    asked = await context.services.partners.ask_note(context.user, button.number)
    if isinstance(asked, NoteAsked):
        await query.answer()
        await send(update, views.note_question(context.t, asked))
    else:
        await query.answer(views.cheer_refused(context.t, asked))


async def _answered(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()


_BUTTONS: dict[str, Callable[[Update, BotContext, cb.PartnerButton], Awaitable[None]]] = {
    cb.ACCEPT: _invite_button,
    cb.DECLINE: _invite_button,
    cb.SWITCH: _settings_button,
    cb.NEW_LINK: _settings_button,
    cb.REVOKE: _settings_button,
    cb.KEEP: _settings_button,
    cb.REMOVE: _ask_to_end,
    cb.LEAVE: _ask_to_end,
    cb.REMOVE_CONFIRMED: _end,
    cb.LEAVE_CONFIRMED: _end,
    cb.CHEER: _cheer,
    cb.NOTE: _ask_note,
}


async def _answer_invite(update: Update, context: BotContext, code: str, *, accept: bool) -> None:
    partners = context.services.partners
    if not accept:
        found = await partners.look(context.user, code)
        if isinstance(found, InviteRefused):
            await edit_or_send(update, views.invite_refused(context.t, found))
        else:
            await edit_or_send(update, views.declined(context.t, found.inviter_name))
        return
    made = await partners.accept(context.user, code)
    if isinstance(made, Accepted):
        new_here = not context.user.is_onboarded
        await edit_or_send(update, views.accepted(context.t, made.partnership, new_here=new_here))
    else:
        await edit_or_send(update, views.invite_refused(context.t, made))


async def _note(update: Update, context: BotContext, user: User, state: Asked) -> None:
    message = update.effective_message
    text = message.text or "" if message is not None else ""
    if state.subject is None:
        return
    sent = await context.services.partners.answer_note(user, state.subject, text)
    if isinstance(sent, CheerRefused):
        await send(update, views.note_refused(context.t, sent))
    else:
        await send(update, views.note_sent(context.t, sent))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """/partner, the invite link (before /start's own handler) and the partner buttons."""
    private = filters.ChatType.PRIVATE
    return [
        MessageHandler(private & INVITE_LINK, _invite),
        CommandHandler("partner", _partner, filters=private),
        CallbackQueryHandler(_on_button, pattern=cb.PATTERN),
    ]


QUESTIONS = (Asking(Question.PARTNER_NOTE, _note, any_text=True),)
"""The partner's note: whatever they type is the note (never read as a win)."""
