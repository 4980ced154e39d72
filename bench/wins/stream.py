"""The ``wins`` update stream, the two applications and their turns: SQL counts, wins, rounds."""

from __future__ import annotations

import gc
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.ext import ApplicationBuilder, ContextTypes, TypeHandler

from bench.bots import PINNED_NOW, pinned_clock
from bench.offline import (
    BOT_TOKEN,
    AnyApplication,
    OfflineBotApi,
    UpdateFactory,
    feed,
)
from bench.population import DAILY_UNIT, PopulationSpec
from bench.scenario import RunContext
from bench.timing import Stopwatch
from bench.wins.sizes import (
    DAILY_WORDS,
    DONE_BUTTON,
    KINDS,
    TYPED_WIN,
    WIN_REPLY,
    Kind,
    WinError,
    WinsSizes,
)
from bot.app import build_application
from bot.coach.models import EntryStatus
from bot.config import Settings
from bot.views import win_callbacks
from storage.base import Repository


@dataclass(frozen=True, slots=True)
class SqlCount:
    """The storage engine's counters (``repository.stats``) at one moment, or a difference."""

    statements: int
    transactions: int
    write_transactions: int

    def __sub__(self, other: SqlCount) -> SqlCount:
        return SqlCount(
            self.statements - other.statements,
            self.transactions - other.transactions,
            self.write_transactions - other.write_transactions,
        )

    def __add__(self, other: SqlCount) -> SqlCount:
        return SqlCount(
            self.statements + other.statements,
            self.transactions + other.transactions,
            self.write_transactions + other.write_transactions,
        )


def sql_count(repository: Repository | None) -> SqlCount | None:
    """The repository's ``stats`` counters, or ``None`` when it keeps none."""
    stats = getattr(repository, "stats", None)
    statements = getattr(stats, "statements", None)
    transactions = getattr(stats, "transactions", None)
    writes = getattr(stats, "write_transactions", None)
    if isinstance(statements, int) and isinstance(transactions, int) and isinstance(writes, int):
        return SqlCount(statements, transactions, writes)
    return None


# --- the update stream -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Win:
    """One user's win of today, as one update."""

    user_id: int
    first_name: str
    kind: Kind
    goal_id: int
    day: date  # the user's local today at the pinned instant


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def plan_wins(spec: PopulationSpec, goals: dict[int, int], user_ids: Sequence[int]) -> list[Win]:
    """A win for each user in turn, typed and pressed alternately."""
    wins = []
    for index, user_id in enumerate(user_ids):
        number = user_id - spec.first_user_id  # bench.population names and zones users by it
        zone = spec.zones[number % len(spec.zones)]
        wins.append(
            Win(
                user_id=user_id,
                first_name=f"User {number}",
                kind=KINDS[index % len(KINDS)],
                goal_id=goals[user_id],
                day=PINNED_NOW.astimezone(_zone(zone)).date(),
            )
        )
    return wins


def today_card(win: Win) -> tuple[str, InlineKeyboardMarkup]:
    """The message the ✅ Done button sits under: the goal's card from ``/today``.

    The text is what Telegram would hand back (no HTML tags; the handler never reads it); the
    buttons are those of ``bot.views.wins.day_buttons`` for a day not logged yet.
    """
    text = (
        f"Write a novel (1)\nToday: Write {DAILY_WORDS:g} {DAILY_UNIT}\n"
        "Hard day? The minimum counts: Write one sentence\nNot logged yet today"
    )

    def button(label: str, status: EntryStatus) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=win_callbacks.LogDay(status, win.goal_id, win.day).pack()
        )

    keyboard = InlineKeyboardMarkup(
        [
            [button(DONE_BUTTON, EntryStatus.DONE)],
            [
                button("🪶 Did the minimum", EntryStatus.MVA),
                button("😴 Rest day", EntryStatus.SKIP),
            ],
        ]
    )
    return text, keyboard


def build_updates(factory: UpdateFactory, wins: Sequence[Win]) -> list[Update]:
    """The ``Update`` objects of ``wins``, bound to the factory's bot."""
    updates = []
    for win in wins:
        if win.kind is Kind.TYPED:
            updates.append(factory.text(win.user_id, win.first_name, TYPED_WIN))
            continue
        text, keyboard = today_card(win)
        data = win_callbacks.LogDay(EntryStatus.DONE, win.goal_id, win.day).pack()
        if win_callbacks.parse(data) != win_callbacks.LogDay(
            EntryStatus.DONE, win.goal_id, win.day
        ):
            raise WinError(f"the Done button's data {data!r} does not parse back")
        updates.append(
            factory.press(
                win.user_id, win.first_name, data=data, message_text=text, keyboard=keyboard
            )
        )
    return updates


# --- the applications --------------------------------------------------------------------


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The baseline's only handler: reply to a message; answer a button and edit its message."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_text(WIN_REPLY)
    elif update.effective_chat is not None:
        await update.effective_chat.send_message(WIN_REPLY)


def baseline_application(api: OfflineBotApi) -> AnyApplication:
    """A bare PTB application (PTB's defaults, no rate limiter) on ``api``, replying only."""
    app: AnyApplication = (
        ApplicationBuilder().token(BOT_TOKEN).request(api).get_updates_request(api).build()
    )
    app.add_handler(TypeHandler(Update, _reply))
    return app


def same_reply_application(api: OfflineBotApi, bot_api: OfflineBotApi) -> AnyApplication:
    """A bare PTB application on ``api`` that answers like the baseline, but with the reply Small
    Wins last sent through ``bot_api`` (its HTML text, parse mode, link preview setting and
    ↩️ Undo button), built from its parameters on every update as the bot builds its own. No
    storage, no coaching: what PTB alone costs for the bot's reply."""

    async def reply_alike(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is not None:
            await query.answer()
            sent = bot_api.last_parameters.get("editMessageText", {})
            await query.edit_message_text(**_reply_of(sent))
        elif update.effective_chat is not None:
            sent = bot_api.last_parameters.get("sendMessage", {})
            await update.effective_chat.send_message(**_reply_of(sent))

    app: AnyApplication = (
        ApplicationBuilder().token(BOT_TOKEN).request(api).get_updates_request(api).build()
    )
    app.add_handler(TypeHandler(Update, reply_alike))
    return app


def _reply_of(sent: dict[str, object]) -> dict[str, Any]:
    """The keyword arguments that send ``sent``'s reply again (the baseline's before any)."""
    markup = sent.get("reply_markup")
    preview = sent.get("link_preview_options")
    return {
        "text": sent.get("text", WIN_REPLY),
        "parse_mode": sent.get("parse_mode"),
        "reply_markup": InlineKeyboardMarkup.de_json(markup, None)
        if isinstance(markup, dict)
        else None,
        "link_preview_options": LinkPreviewOptions.de_json(preview, None)
        if isinstance(preview, dict)
        else None,
    }


def bot_application(api: OfflineBotApi, repository: Repository) -> AnyApplication:
    """Small Wins from its composition root, on ``repository`` and ``api``."""
    settings = Settings(_env_file=None, telegram_bot_token=BOT_TOKEN)
    return build_application(
        settings, repository=repository, clock=pinned_clock(), run_scheduler=False, request=api
    )


@dataclass(frozen=True)
class Round:
    """One stretch of ``per_round`` updates handled by one application."""

    durations: tuple[float, ...]
    kinds: tuple[Kind, ...]
    clock: Stopwatch
    api_calls: int
    sql: SqlCount | None
    sql_each: tuple[SqlCount, ...] | None  # per update, in order (None: no counters)

    @property
    def rate(self) -> float:
        """Updates handled per second of the round's wall time."""
        return len(self.durations) / self.clock.wall


@dataclass
class Contender:
    """An application under measurement, its stream and its rounds."""

    label: str
    days: int | None  # history of its database; None for the baselines (no storage)
    app: AnyApplication
    api: OfflineBotApi
    repository: Repository | None
    wins: list[Win]
    updates: list[Update] = field(default_factory=list)
    position: int = 0
    rounds: list[Round] = field(default_factory=list)
    same_reply: bool = False  # the bot's reply with no work behind it (not the baseline)

    async def handle(self, count: int) -> Round:
        """The next ``count`` updates of the stream, timed one by one, then checked."""
        start, self.position = self.position, self.position + count
        wins = self.wins[start : self.position]
        calls_before = self.api.total
        sql_before = sql_count(self.repository)
        readings: list[SqlCount | None] = [sql_before]
        repository = self.repository

        def read_counters() -> None:
            readings.append(sql_count(repository))

        clock = Stopwatch()
        durations = await feed(
            self.app,
            self.updates[start : self.position],
            read_counters if sql_before is not None else None,
        )
        clock.stop()
        sql_after = sql_count(self.repository)
        self._check(wins)
        sql = None if sql_before is None or sql_after is None else sql_after - sql_before
        each = None
        if sql is not None:
            counted = [reading for reading in readings if reading is not None]
            each = tuple(later - earlier for earlier, later in itertools.pairwise(counted))
        kinds = tuple(win.kind for win in wins)
        return Round(tuple(durations), kinds, clock, self.api.total - calls_before, sql, each)

    def _check(self, wins: Sequence[Win]) -> None:
        if self.api.refused:
            raise WinError(f"{self.label}: Bot API calls nobody answers: {dict(self.api.refused)}")
        for win in wins:
            shown = self.api.last_text.get(win.user_id, "(nothing)")
            if not shown.startswith(WIN_REPLY):
                raise WinError(
                    f"{self.label}: user {win.user_id} after {win.kind.value}: {shown[:200]!r}"
                )

    @property
    def durations(self) -> list[float]:
        """Every timed update's seconds, all rounds."""
        return [seconds for round_ in self.rounds for seconds in round_.durations]

    def typical(self) -> Round:
        """The round with the median rate (the upper one of an even count)."""
        return sorted(self.rounds, key=lambda round_: round_.rate)[len(self.rounds) // 2]

    @property
    def updates_timed(self) -> int:
        """Updates in all rounds."""
        return sum(len(round_.durations) for round_ in self.rounds)

    def sql_of(self, kind: Kind) -> tuple[SqlCount, int] | None:
        """SQL counts of the timed updates of one kind, and how many there were."""
        total, updates = SqlCount(0, 0, 0), 0
        for round_ in self.rounds:
            if round_.sql_each is None:
                return None
            for count, seen in zip(round_.sql_each, round_.kinds, strict=True):
                if seen is kind:
                    total, updates = total + count, updates + 1
        return (total, updates) if updates else None

    def sql_total(self) -> SqlCount | None:
        """SQL counts over all rounds, when the storage keeps them."""
        counts = [round_.sql for round_ in self.rounds]
        if not counts or any(count is None for count in counts):
            return None
        total = SqlCount(0, 0, 0)
        for count in counts:
            if count is not None:
                total = total + count
        return total


async def take_turns(contenders: list[Contender], sizes: WinsSizes, context: RunContext) -> None:
    """Warm every application up, then let them take turns, round after round."""
    for contender in contenders:
        factory = UpdateFactory(contender.app.bot, now=PINNED_NOW)
        contender.updates = build_updates(factory, contender.wins)
        if sizes.warmup:
            await contender.handle(sizes.warmup)
    # The prepared updates (thousands per application) would otherwise be rescanned by every
    # full garbage collection in the timed rounds: a cost of this harness, not of handling.
    gc.collect()
    gc.freeze()
    try:
        for number in range(sizes.rounds):
            shift = number % len(contenders)
            order = contenders[shift:] + contenders[:shift]
            context.progress(
                f"round {number + 1}/{sizes.rounds}: {sizes.per_round} updates each, "
                + ", ".join(contender.label for contender in order)
            )
            for contender in order:
                gc.collect()
                contender.rounds.append(await contender.handle(sizes.per_round))
    finally:
        gc.unfreeze()
