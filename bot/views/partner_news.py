"""What an accountability partner hears (rule 13): the weekly digest with its card, restarts and
milestones, each with the cheer buttons; what the user hears back (a friend joined, a
partnership ended, a cheer or a note arrived); and the answers to cheering.

Names and notes are the people's own words: always escaped.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.charts.week import WeekCardFigure, WeekCardWords, WeekGoalWords
from bot.coach.figures import Bar, WeekGoalFigure
from bot.coach.partners import NOTE_MAX, Reaction
from bot.coach.streaks.days import CHAIN_SYMBOLS
from bot.services.partner_deliveries import (
    CheerArrived,
    DigestGoal,
    MilestoneNews,
    PartnerJoined,
    PartnerMessage,
    PartnershipEnded,
    RestartNews,
    WeekDigest,
)
from bot.services.partner_news import ERASED, LEFT, REMOVED
from bot.services.partners import CheerProblem, CheerRefused, CheerSent, NoteAsked
from bot.views import identity as identity_views
from bot.views import partner_callbacks as cb
from bot.views.i18n import Translator
from bot.views.partner import shared_line
from bot.views.reply import Reply, clip, esc
from bot.views.streak import chart_labels

# --- the partner's news --------------------------------------------------------------------------


def news(t: Translator, message: PartnerMessage) -> Reply:
    """A partner message as the recipient reads it."""
    if isinstance(message, WeekDigest):
        return digest(t, message)
    if isinstance(message, RestartNews):
        return restart(t, message)
    if isinstance(message, MilestoneNews):
        return milestone(t, message)
    if isinstance(message, PartnerJoined):
        return joined(t, message)
    if isinstance(message, PartnershipEnded):
        return ended(t, message)
    return cheer_arrived(t, message)


def _cheer_keyboard(t: Translator, delivery_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    reaction.value, callback_data=cb.Cheer(delivery_id, reaction).pack()
                )
                for reaction in Reaction
            ],
            [
                InlineKeyboardButton(
                    t("✍️ Send a note"), callback_data=cb.AskNote(delivery_id).pack()
                )
            ],
        ]
    )


def digest(t: Translator, message: WeekDigest) -> Reply:
    """The user's week, to a partner: kept days, streak, hit rate, votes (the card's caption)."""
    name = esc(message.user_name)
    lines = [t("📅 <b>{name}'s week</b> · {span}", name=name, span=_span(t, message))]
    for goal in message.goals:
        lines.append("")
        lines.append(f"<b>{esc(_goal_label(t, goal))}</b>")
        lines.append("".join(CHAIN_SYMBOLS[state] for state in goal.days if state is not None))
        lines.append(
            t(
                "{kept} of {planned} days ({percent}) · streak {streak} · {votes}",
                kept=t.number(goal.kept),
                planned=t.number(goal.planned),
                percent=t("{value}%", value=t.number(round(goal.hit_rate * 100))),
                streak=t.number(goal.streak),
                votes=_votes(t, goal),
            )
        )
    lines.append("\n" + t("Cheer {name} on with a tap 👇", name=name))
    return Reply("\n".join(lines), _cheer_keyboard(t, message.delivery_id))


def _goal_label(t: Translator, goal: DigestGoal) -> str:
    return clip(goal.name, 60) if goal.name else t("Habit {number}", number=goal.number)


def _votes(t: Translator, goal: DigestGoal) -> str:
    if goal.identity:
        return t.plural(
            "{n} vote for “{identity}”",
            "{n} votes for “{identity}”",
            goal.votes,
            identity=esc(clip(identity_views.statement(t, goal.identity), 60)),
        )
    return t.plural(
        "{n} vote for who they're becoming", "{n} votes for who they're becoming", goal.votes
    )


def digest_card(t: Translator, message: WeekDigest) -> tuple[WeekCardFigure, WeekCardWords]:
    """The weekly card a partner sees: kept days only, no amounts, no strength."""
    figures, words = [], []
    for goal in message.goals:
        figures.append(
            WeekGoalFigure(
                days=tuple(state.value if state else "future" for state in goal.days),
                bar=Bar(goal.kept, goal.planned, None),
                strength=0.0,
                strength_before=None,
                streak=goal.streak,
            )
        )
        words.append(
            WeekGoalWords(
                name=_goal_label(t, goal),
                amount=t(
                    "{kept} of {planned} days",
                    kept=t.number(goal.kept),
                    planned=t.number(goal.planned),
                ),
                numbers=t.plural(
                    "Streak {streak} · {n} vote",
                    "Streak {streak} · {n} votes",
                    goal.votes,
                    streak=t.number(goal.streak),
                ),
                change="",
            )
        )
    title = t("{name}'s week", name=clip(message.user_name, 30))
    return (
        WeekCardFigure(message.week_start, message.today, tuple(figures)),
        WeekCardWords(title, _span(t, message), tuple(words), chart_labels(t)),
    )


def _span(t: Translator, message: WeekDigest) -> str:
    today = message.today
    return f"{t.day(message.week_start, today)} – {t.day(message.week_end, today)}"


def restart(t: Translator, message: RestartNews) -> Reply:
    """The user restarts tomorrow (or today)."""
    name = esc(message.user_name)
    tomorrow = message.tomorrow
    if message.action and message.step_days:
        values = {
            "name": name,
            "action": esc(message.action),
            "days": t.number(message.step_days),
        }
        head = (
            t(
                "🌅 <b>{name} restarts tomorrow</b>: {action} a day for {days} days, then a "
                "step up.",
                **values,
            )
            if tomorrow
            else t(
                "🌅 <b>{name} restarts today</b>: {action} a day for {days} days, then a step up.",
                **values,
            )
        )
    elif message.action:
        values = {"name": name, "action": esc(message.action)}
        head = (
            t("🌅 <b>{name} restarts tomorrow</b>: {action} a day.", **values)
            if tomorrow
            else t("🌅 <b>{name} restarts today</b>: {action} a day.", **values)
        )
    elif message.comeback:
        head = (
            t("🌅 <b>{name} restarts tomorrow</b>, starting small.", name=name)
            if tomorrow
            else t("🌅 <b>{name} restarts today</b>, starting small.", name=name)
        )
    else:
        head = (
            t("🌅 <b>{name} makes a fresh start tomorrow.</b>", name=name)
            if tomorrow
            else t("🌅 <b>{name} makes a fresh start today.</b>", name=name)
        )
    word = (
        t("A word from you tonight makes it easier to begin.")
        if tomorrow
        else t("A word from you today makes it easier to begin.")
    )
    return Reply(f"{head}\n{word}", _cheer_keyboard(t, message.delivery_id))


def milestone(t: Translator, message: MilestoneNews) -> Reply:
    """A streak of 7, 30, 66 or 100 days, or a milestone ticked off."""
    name = esc(message.user_name)
    if message.days is not None:
        text = t(
            "🎉 <b>{name} has kept it up {days} days in a row!</b>",
            name=name,
            days=t.number(message.days),
        )
    else:
        text = t("🏁 <b>{name} ticked off a milestone!</b>", name=name)
        if message.title:
            text += f"\n“{esc(clip(message.title, 80))}”"
    if message.goal_name:
        text += f"\n<i>{esc(clip(message.goal_name, 60))}</i>"
    return Reply(text, _cheer_keyboard(t, message.delivery_id))


# --- to the user ---------------------------------------------------------------------------------


def joined(t: Translator, message: PartnerJoined) -> Reply:
    """A friend accepted the user's invite."""
    return Reply(
        t(
            "🤝 <b>{name}</b> accepted your invite and is now your accountability partner. "
            "{name} gets {shared}. Change it any time in /partner.",
            name=esc(message.partner_name),
            shared=shared_line(t, message.sharing),
        )
    )


def ended(t: Translator, message: PartnershipEnded) -> Reply:
    """The other side ended the partnership (told once)."""
    name = esc(message.name) or t("Your partner")
    if message.how == REMOVED:
        return Reply(
            t(
                "{name} has closed your partnership, so you won't get {name}'s news any more. "
                "Thank you for every cheer! 💛",
                name=name,
            )
        )
    if message.how == LEFT:
        return Reply(
            t(
                "{name} has stepped back as your partner — thanks to {name} for the cheers. "
                "/partner invites someone new whenever you like.",
                name=name,
            )
        )
    if message.how == ERASED:
        return Reply(
            t("{name} has left Small Wins, so your partnership has ended. Thank you! 💛", name=name)
        )
    return Reply(t("Your partnership with {name} has ended.", name=name))


def cheer_arrived(t: Translator, message: CheerArrived) -> Reply:
    """A partner's reaction or note, with what it was for."""
    name = esc(message.partner_name)
    about = _about(t, message)
    if message.note is not None:
        return Reply(
            t(
                "💬 <b>{name}</b> on {about}: “{note}”",
                name=name,
                about=about,
                note=esc(message.note),
            )
        )
    return Reply(
        t(
            "{reaction} from <b>{name}</b> for {about}",
            reaction=esc(message.reaction or "👏"),
            name=name,
            about=about,
        )
    )


def _about(t: Translator, message: CheerArrived) -> str:
    if message.about == "streak" and message.days is not None:
        return t("your {days}-day streak", days=t.number(message.days))
    if message.about == "restart":
        return t("your fresh start")
    if message.about == "milestone":
        return t("your milestone")
    return t("your week")


# --- cheering back -------------------------------------------------------------------------------


def cheer_sent(t: Translator, sent: CheerSent) -> str:
    """The toast after a cheer (at most 200 characters)."""
    name = clip(sent.user_name, 30)
    what = sent.reaction.value if sent.reaction is not None else "💬"
    if sent.deferred:
        return t(
            "{what} on its way — {name} gets it with the morning message.", what=what, name=name
        )
    return t("{what} sent to {name}!", what=what, name=name)


def note_sent(t: Translator, sent: CheerSent) -> Reply:
    """The partner's note went (or waits for the user's morning)."""
    name = esc(sent.user_name)
    if sent.deferred:
        return Reply(
            t(
                "💬 Got it — {name} gets your note with the morning message (it's night there).",
                name=name,
            )
        )
    return Reply(t("💬 Sent to {name}. That'll land well.", name=name))


def note_question(t: Translator, asked: NoteAsked) -> Reply:
    """Ask the partner for their note."""
    return Reply(
        t(
            "✍️ Write {name} one line (up to {limit} characters) and I'll pass it on. "
            "/cancel to skip.",
            name=esc(asked.user_name),
            limit=t.number(NOTE_MAX),
        )
    )


def cheer_refused(t: Translator, refused: CheerRefused) -> str:
    """Why a cheer or a note was not sent, as a toast (plain text, at most 200 characters)."""
    return _refused(t, refused, clip(refused.user_name, 30))


def note_refused(t: Translator, refused: CheerRefused) -> Reply:
    """Why the note the partner typed was not sent: a message, with the name escaped."""
    if refused.problem is CheerProblem.GONE:
        # Not a button they pressed: the message they were answering is gone (erased).
        return Reply(t("I can't pass that note on any more — nothing was sent."))
    return Reply(_refused(t, refused, esc(clip(refused.user_name, 30))))


def _refused(t: Translator, refused: CheerRefused, name: str) -> str:
    name = name or t("them")
    if refused.problem is CheerProblem.ALREADY:
        return t("You've answered this one that way already 🙂")
    if refused.problem is CheerProblem.ENDED:
        return t("You no longer support {name} — nothing was sent.", name=name)
    if refused.problem is CheerProblem.EMPTY:
        return t("A note needs a few words — what would you like to tell {name}?", name=name)
    if refused.problem is CheerProblem.TOO_LONG:
        return t(
            "That's {length} characters — a note holds {limit}. Could you make it a little "
            "shorter?",
            length=t.number(refused.length),
            limit=t.number(NOTE_MAX),
        )
    return t("That button no longer works.")
