"""The conversation: where the answer to an open question goes, and how a question closes.

Every feature declares its questions in one table, ``QUESTIONS`` in its handler module: a row
per :class:`~bot.services.questions.Question` it answers, naming the answer handler and, when
it has one, its own ``/cancel`` reply::

    QUESTIONS = (
        Asking(Question.SETTINGS_BIRTHDAY, _birthday_answer),
        Asking(Question.PLAN_VISION, _answer, cancelled=views.paused),
    )

``bot.handlers.register`` hands every table to :class:`Conversation`, which owns the rest:

- **answering** (:meth:`Conversation.router`): a plain message while a question is open is its
  answer, read by ``bot.coach.answers`` first (a win with an amount closes the question and is
  logged; a bare "done" keeps it open and says how to log);
- **closing** (:meth:`Conversation.cancel_command`, :meth:`Conversation.close_on_command`):
  ``/cancel`` drops the question with its feature's reply; any other command drops it silently,
  except the questions marked ``outlives_commands`` (set-up: ``/start`` and the rest resume it).

Questions are opened by the feature (a button that asks to type) through
``context.services.questions``, or by its service inside the unit of work that asks them; the
step is stored at once, so a restart mid-conversation loses nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.coach.answers import WhileAsked, read_while_asked
from bot.coach.models import User
from bot.context import BotContext
from bot.handlers.common import send
from bot.services.questions import Asked, Question
from bot.views import help as help_views
from bot.views.i18n import Translator
from bot.views.reply import Reply

Answer = Callable[[Update, BotContext, User, Asked], Awaitable[None]]
"""Handles the typed answer to an open question (the question is passed, with its subject)."""

Fallback = Callable[[Update, BotContext, User], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Asking:
    """One row of a feature's question table.

    Attributes:
        question: The question this row answers.
        answer: Where its typed answer goes.
        cancelled: What ``/cancel`` says when it drops this question (default: "Okay, dropped").
        any_text: Any text is the answer, never read as a win or a "done" (a note to someone:
            "Well done!" is the note, not a log).
        outlives_commands: Another command does not close it (set-up questions, which
            ``/start`` and the rest resume or explain).
    """

    question: Question
    answer: Answer
    cancelled: Callable[[Translator], Reply] | None = None
    any_text: bool = False
    outlives_commands: bool = False


class Conversation:
    """Every feature's questions, routed and closed in one place."""

    def __init__(self, *tables: Iterable[Asking]) -> None:
        """Collect the features' tables.

        Raises:
            ValueError: When two rows answer the same question.
        """
        self._rows: dict[Question, Asking] = {}
        for table in tables:
            for row in table:
                if row.question in self._rows:
                    raise ValueError(f"{row.question} is answered twice")
                self._rows[row.question] = row

    @property
    def questions(self) -> frozenset[Question]:
        """The questions some feature answers."""
        return frozenset(self._rows)

    def _row(self, user: User) -> tuple[Asked, Asking] | None:
        asked = Asked.of(user)
        row = self._rows.get(asked.question) if asked is not None else None
        return None if asked is None or row is None else (asked, row)

    def router(self, fallback: Fallback, held: Fallback) -> BaseHandler[Update, BotContext, None]:
        """One handler for every non-command message in a private chat.

        Args:
            fallback: Where a message goes when no question is open (or a win closed it).
            held: Where a message meant for the log goes while a question is open.
        """

        async def route(update: Update, context: BotContext) -> None:
            user = context.user
            message = update.effective_message
            text = message.text if message is not None and message.text else ""
            open_now = self._row(user)
            free = open_now is not None and open_now[1].any_text
            reading = (
                read_while_asked(text, user.reads)
                if user.dialog and text and not free
                else WhileAsked.ANSWER
            )
            if reading is WhileAsked.WIN:
                user, _ = await context.services.questions.drop(user)
                context.user = user
                open_now = None
            elif reading is WhileAsked.LOGGING and open_now is not None:
                await held(update, context, user)
                return
            if open_now is None:
                await fallback(update, context, user)
            else:
                asked, row = open_now
                await row.answer(update, context, user, asked)

        return MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND, route)

    def cancel_command(self) -> BaseHandler[Update, BotContext, None]:
        """``/cancel``: drop the open question with its feature's reply."""

        async def cancel(update: Update, context: BotContext) -> None:
            context.user, dropped = await context.services.questions.drop(context.user)
            row = self._rows.get(dropped) if dropped is not None else None
            if dropped is None:
                reply = help_views.nothing_to_cancel(context.t)
            elif row is not None and row.cancelled is not None:
                reply = row.cancelled(context.t)
            else:
                reply = help_views.cancelled(context.t)
            # A location keyboard may still be up from a time zone question: take it away.
            await send(update, Reply(reply.text, ReplyKeyboardRemove()))

        return CommandHandler("cancel", cancel, filters=filters.ChatType.PRIVATE)

    def close_on_command(self) -> BaseHandler[Update, BotContext, None]:
        """Runs before every command except /cancel (which reports what it closed)."""

        async def close(update: Update, context: BotContext) -> None:
            user = context.user
            open_now = self._row(user)
            if user.dialog and not (open_now is not None and open_now[1].outlives_commands):
                # The command's own handler runs next with this same context: it sees no question.
                context.user, _ = await context.services.questions.drop(user)

        return MessageHandler(
            filters.ChatType.PRIVATE & filters.COMMAND & ~filters.Regex(r"^/cancel(@\w+)?\b"),
            close,
        )
