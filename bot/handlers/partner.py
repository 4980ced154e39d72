"""/partner, the friend's invite link (``/start p-…``), and every partner button.

Thin: the use cases are ``bot.services.partners``; the texts ``bot.views.partner``.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.coach.models import User
from bot.coach.partners import INVITE_PREFIX, Reaction
from bot.context import BotContext
from bot.handlers.common import drop_button_row, edit_or_send, send
from bot.handlers.questions import Asking
from bot.services.partners import Accepted, CheerRefused, InviteRefused, NoteAsked
from bot.services.questions import Asked, Question
from bot.views import partner as views
from bot.views import partner_callbacks as cb
from bot.views import partner_news as news_views

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
    match button:
        case cb.AcceptInvite(code=code) | cb.DeclineInvite(code=code):
            await query.answer()
            accept = isinstance(button, cb.AcceptInvite)
            await _answer_invite(update, context, code, accept=accept)
        case cb.TurnSwitch() | cb.NewLink() | cb.RevokeLink() | cb.KeepThem():
            await query.answer()
            await _settings_button(update, context, button)
        case cb.AskRemove() | cb.AskLeave():
            await query.answer()
            await _ask_to_end(update, context, button)
        case cb.Remove() | cb.Leave():
            await query.answer()
            await _end(update, context, button)
        case cb.Cheer(delivery_id=delivery_id, reaction=reaction):
            await _cheer(update, context, delivery_id, reaction)
        case cb.AskNote(delivery_id=delivery_id):
            await _ask_note(update, context, delivery_id)
        case _:
            await query.answer(views.stale_button(context.t))


async def _settings_button(
    update: Update,
    context: BotContext,
    button: cb.TurnSwitch | cb.NewLink | cb.RevokeLink | cb.KeepThem,
) -> None:
    partners, user = context.services.partners, context.user
    match button:
        case cb.TurnSwitch(switch=switch):
            shown = await partners.toggle(user, switch)
        case cb.NewLink():
            shown = await partners.new_link(user)
        case cb.RevokeLink():
            shown = await partners.revoke(user)
        case _:
            shown = await partners.overview(user)
    await edit_or_send(update, views.overview(context.t, shown, context.bot.username))


async def _ask_to_end(
    update: Update, context: BotContext, button: cb.AskRemove | cb.AskLeave
) -> None:
    user = context.user
    found = await context.services.partners.partnership(user, button.partnership_id)
    removing = isinstance(button, cb.AskRemove)
    if found is None or (found.user_id if removing else found.partner_id) != user.user_id:
        await edit_or_send(update, views.already_ended(context.t))
    else:
        await edit_or_send(
            update, (views.confirm_remove if removing else views.confirm_leave)(context.t, found)
        )


async def _end(update: Update, context: BotContext, button: cb.Remove | cb.Leave) -> None:
    partners, user = context.services.partners, context.user
    if isinstance(button, cb.Remove):
        ended = await partners.remove(user, button.partnership_id)
        reply = views.removed(context.t, ended) if ended else views.already_ended(context.t)
    else:
        ended = await partners.leave(user, button.partnership_id)
        reply = views.left(context.t, ended) if ended else views.already_ended(context.t)
    await edit_or_send(update, reply)


async def _cheer(update: Update, context: BotContext, delivery_id: int, reaction: Reaction) -> None:
    query = update.callback_query
    if query is None:
        return
    sent = await context.services.partners.cheer(context.user, delivery_id, reaction)
    if isinstance(sent, CheerRefused):
        await query.answer(news_views.cheer_refused(context.t, sent))
        return
    await query.answer(news_views.cheer_sent(context.t, sent))
    await drop_button_row(update)  # one reaction per message: the row has done its job


async def _ask_note(update: Update, context: BotContext, delivery_id: int) -> None:
    query = update.callback_query
    if query is None:
        return
    asked = await context.services.partners.ask_note(context.user, delivery_id)
    if isinstance(asked, NoteAsked):
        await query.answer()
        await send(update, news_views.note_question(context.t, asked))
    else:
        await query.answer(news_views.cheer_refused(context.t, asked))


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
        await send(update, news_views.note_refused(context.t, sent))
    else:
        await send(update, news_views.note_sent(context.t, sent))


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
