"""Every text and button of the accountability partner (rule 13), in one place.

/partner and its switches, the friend's invite, remove and leave, the partner's news (the
weekly digest with its card, restarts, milestones) with the cheer buttons, and the cheers that
come back. Names and notes are the people's own words: always escaped.
"""

from __future__ import annotations

from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.charts.week import WeekCardFigure, WeekCardWords, WeekGoalWords
from bot.coach.dates import format_date
from bot.coach.figures import Bar, WeekGoalFigure
from bot.coach.models import PartnerSharing, Partnership, UserStatus
from bot.coach.partners import INVITE_DAYS, MAX_PARTNERS, NOTE_MAX, InviteProblem, Reaction, Switch
from bot.coach.streaks import CHAIN_SYMBOLS
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
from bot.services.partners import (
    CheerProblem,
    CheerRefused,
    CheerSent,
    InviteRefused,
    NoteAsked,
    PartnerOverview,
)
from bot.views import partner_callbacks as cb
from bot.views.reply import Reply, clip, esc

_SWITCH_LABELS = {
    Switch.WEEKLY_DIGEST: "Weekly digest",
    Switch.GOAL_NAMES: "Goal names",
    Switch.RESTARTS: "Restarts",
    Switch.MILESTONES: "Milestones",
}

# --- /partner ------------------------------------------------------------------------------------


def invite_link(bot_username: str, code: str) -> str:
    """The deep link a friend opens."""
    return f"https://t.me/{bot_username}?start={code}"


def overview(view: PartnerOverview, bot_username: str | None) -> Reply:
    """/partner: what a partner sees, the partners, the invite link and the switches."""
    sections = [
        "🤝 <b>An accountability partner</b>\n"
        "A friend who gets your week in one picture after your weekly review, a word the "
        "evening before you restart, and your milestones — never a missed day — and cheers "
        "back in one tap."
    ]
    if view.can_invite:
        if view.partners:
            names = ", ".join(_partner_name(p) for p in view.partners)
            sections.append(f"Your partners: {names}")
        else:
            sections.append("No partner yet. They don't need a plan of their own — just Telegram.")
        sections.append(_invite_section(view, bot_username))
        sections.append(f"What your partners get: {_shared(view.sharing)}.")
    else:
        sections.append("Set up first with /start — then you can invite a partner of your own.")
    if view.supported:
        names = ", ".join(f"<b>{esc(p.user_name)}</b>" for p in view.supported)
        sections.append(f"You cheer on: {names}.")
    return Reply("\n\n".join(sections), _overview_keyboard(view, bot_username))


def _partner_name(partnership: Partnership) -> str:
    name = f"<b>{esc(partnership.partner_name)}</b>"
    if partnership.partner_status is not UserStatus.ACTIVE:
        return f"{name} (I can't reach them right now)"
    return name


def _invite_section(view: PartnerOverview, bot_username: str | None) -> str:
    if view.full:
        return f"You have {MAX_PARTNERS} partners, the most there can be."
    if view.invite is None or bot_username is None:
        return "Your invite link is withdrawn: it no longer works. 🔗 New link makes another."
    until = format_date(view.invite_until or view.today, view.today)
    link = esc(invite_link(bot_username, view.invite.code))
    return f"Your invite link — it works once, until {until}:\n{link}"


def _overview_keyboard(
    view: PartnerOverview, bot_username: str | None
) -> InlineKeyboardMarkup | None:
    rows: list[list[InlineKeyboardButton]] = []
    if view.can_invite and view.invite is not None and bot_username is not None:
        link = invite_link(bot_username, view.invite.code)
        # Telegram's share page puts the link above the text: the text need not repeat it.
        text = "Will you be my accountability partner on Small Wins? One tap on the link."
        share = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(text, safe='')}"
        rows.append([InlineKeyboardButton("📤 Send the link to a friend", url=share)])
    if view.can_invite:
        switches = [
            InlineKeyboardButton(
                f"{'✅' if getattr(view.sharing, s.value) else '⬜'} {_SWITCH_LABELS[s]}",
                callback_data=cb.switch(s),
            )
            for s in Switch
        ]
        rows.extend([switches[:2], switches[2:]])
        if not view.full:
            links = [InlineKeyboardButton("🔗 New link", callback_data=cb.new_link())]
            if view.invite is not None:
                links.append(InlineKeyboardButton("🚫 Revoke the link", callback_data=cb.revoke()))
            rows.append(links)
    rows.extend(
        [
            InlineKeyboardButton(
                f"Remove {clip(p.partner_name, 24)}", callback_data=cb.remove(p.partnership_id)
            )
        ]
        for p in view.partners
    )
    rows.extend(
        [
            InlineKeyboardButton(
                f"Stop supporting {clip(p.user_name, 20)}",
                callback_data=cb.leave(p.partnership_id),
            )
        ]
        for p in view.supported
    )
    return InlineKeyboardMarkup(rows) if rows else None


def _shared(sharing: PartnerSharing) -> str:
    parts = [
        label
        for on, label in (
            (sharing.weekly_digest, "the weekly digest"),
            (sharing.restarts, "restarts"),
            (sharing.milestones, "milestones"),
        )
        if on
    ]
    said = _listed(parts) if parts else "nothing for now"
    names = "with goal names" if sharing.goal_names else "goal names hidden"
    return f"{said} ({names})"


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


# --- the friend's invite -------------------------------------------------------------------------


def offer(inviter_name: str, code: str) -> Reply:
    """A friend opened a working invite link: who asks, what for, accept or decline."""
    name = esc(inviter_name) or "A friend"
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("🤝 Yes, I'm in", callback_data=cb.accept(code)),
                InlineKeyboardButton("No, thanks", callback_data=cb.decline(code)),
            ]
        ]
    )
    return Reply(
        f"👋 <b>{name}</b> would like you as their accountability partner on Small Wins.\n\n"
        f"You'd get {name}'s week in one picture, a word the evening before {name} restarts, "
        "and their milestones — and you cheer back in one tap. Nothing to plan or set up on "
        f"your side.\n\nWill you cheer {name} on?",
        keyboard,
    )


def accepted(partnership: Partnership, *, new_here: bool) -> Reply:
    """The friend accepted: they are a partner now."""
    name = esc(partnership.user_name)
    text = (
        f"🤝 You're now <b>{name}</b>'s accountability partner. I'll write when there's "
        "something to cheer, with one-tap cheers under it. /partner lets you step back any time."
    )
    if new_here:
        text += "\n\nFancy small wins of your own? /start sets you up in a minute."
    return Reply(text)


def declined(inviter_name: str) -> Reply:
    """The friend declined: nothing changed."""
    name = esc(inviter_name)
    return Reply(
        f"No problem — nothing changed, and {name} isn't told. The link works until it "
        "expires, should you change your mind."
    )


def invite_refused(refused: InviteRefused) -> Reply:
    """Why an invite link cannot be used (nothing changed)."""
    name = esc(refused.inviter_name) or "your friend"
    problem = refused.problem
    if problem is InviteProblem.EXPIRED:
        text = (
            f"This invite from {name} has expired — links last {INVITE_DAYS} days. "
            f"Ask {name} for a new one: it takes one tap in /partner."
        )
    elif problem is InviteProblem.REVOKED:
        text = f"{name} withdrew this invite link, so it no longer works."
    elif problem is InviteProblem.USED:
        text = (
            f"This invite link has been used already — each one works once. "
            f"Ask {name} for a new one."
        )
    elif problem is InviteProblem.OWN:
        text = (
            "That's your own invite link 🙂 Send it to a friend: whoever opens it can become "
            "your partner."
        )
    elif problem is InviteProblem.ALREADY:
        text = f"You're already {name}'s partner — nothing to do. 🤝"
    elif problem is InviteProblem.FULL:
        text = (
            f"{name} already has {MAX_PARTNERS} partners, the most there can be, so this link "
            "can't be used now."
        )
    else:
        text = (
            "This invite link doesn't work — it may have been cut short or mistyped. "
            "Ask your friend to send it again from /partner."
        )
    return Reply(text)


# --- removing and leaving ------------------------------------------------------------------------


def confirm_remove(partnership: Partnership) -> Reply:
    """Remove a partner? One tap to confirm."""
    name = esc(partnership.partner_name)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "Yes, remove",
                    callback_data=cb.remove(partnership.partnership_id, confirmed=True),
                ),
                InlineKeyboardButton("Keep them", callback_data=cb.keep()),
            ]
        ]
    )
    return Reply(
        f"Remove <b>{name}</b> as your partner? {name} is told kindly, once, and hears "
        "nothing more about you.",
        keyboard,
    )


def confirm_leave(partnership: Partnership) -> Reply:
    """Stop supporting someone? One tap to confirm."""
    name = esc(partnership.user_name)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "Yes, step back",
                    callback_data=cb.leave(partnership.partnership_id, confirmed=True),
                ),
                InlineKeyboardButton("Keep cheering", callback_data=cb.keep()),
            ]
        ]
    )
    return Reply(f"Stop supporting <b>{name}</b>? {name} is told kindly, once.", keyboard)


def removed(partnership: Partnership) -> Reply:
    """The partner was removed."""
    return Reply(
        f"Done — <b>{esc(partnership.partner_name)}</b> is no longer your partner. "
        "/partner invites someone new whenever you like."
    )


def left(partnership: Partnership) -> Reply:
    """The partner stepped back."""
    return Reply(
        f"Done — you no longer get <b>{esc(partnership.user_name)}</b>'s news. "
        "Thank you for every cheer! 💛"
    )


def already_ended() -> Reply:
    """A remove or leave button for a partnership that is not there (any more)."""
    return Reply("That partnership has already ended — nothing to change.")


# --- the partner's news --------------------------------------------------------------------------


def news(message: PartnerMessage) -> Reply:
    """A partner message as the recipient reads it."""
    if isinstance(message, WeekDigest):
        return digest(message)
    if isinstance(message, RestartNews):
        return restart(message)
    if isinstance(message, MilestoneNews):
        return milestone(message)
    if isinstance(message, PartnerJoined):
        return joined(message)
    if isinstance(message, PartnershipEnded):
        return ended(message)
    return cheer_arrived(message)


def _cheer_keyboard(delivery_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(reaction.value, callback_data=cb.cheer(delivery_id, reaction))
                for reaction in Reaction
            ],
            [InlineKeyboardButton("✍️ Send a note", callback_data=cb.note(delivery_id))],
        ]
    )


def digest(message: WeekDigest) -> Reply:
    """The user's week, to a partner: kept days, streak, hit rate, votes (the card's caption)."""
    name = esc(message.user_name)
    lines = [f"📅 <b>{name}'s week</b> · {_span(message)}"]
    for goal in message.goals:
        lines.append("")
        lines.append(f"<b>{esc(_goal_label(goal))}</b>")
        lines.append("".join(CHAIN_SYMBOLS[state] for state in goal.days if state is not None))
        lines.append(
            f"{goal.kept} of {goal.planned} days ({round(goal.hit_rate * 100)}%) · "
            f"streak {goal.streak} · {_votes(goal)}"
        )
    lines.append(f"\nCheer {name} on with a tap 👇")
    return Reply("\n".join(lines), _cheer_keyboard(message.delivery_id))


def _goal_label(goal: DigestGoal) -> str:
    return clip(goal.name, 60) if goal.name else f"Habit {goal.number}"


def _votes(goal: DigestGoal) -> str:
    count = f"{goal.votes} vote" + ("" if goal.votes == 1 else "s")
    if goal.identity:
        return f"{count} for “{esc(clip(goal.identity, 60))}”"
    return f"{count} for who they're becoming"


def digest_card(message: WeekDigest) -> tuple[WeekCardFigure, WeekCardWords]:
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
                name=_goal_label(goal),
                amount=f"{goal.kept} of {goal.planned} days",
                numbers=f"Streak {goal.streak} · {goal.votes} votes",
                change="",
            )
        )
    return (
        WeekCardFigure(message.week_start, message.today, tuple(figures)),
        WeekCardWords(f"{clip(message.user_name, 30)}'s week", _span(message), tuple(words)),
    )


def _span(message: WeekDigest) -> str:
    today = message.today
    return f"{format_date(message.week_start, today)} – {format_date(message.week_end, today)}"


def restart(message: RestartNews) -> Reply:
    """The user restarts tomorrow (or today)."""
    name = esc(message.user_name)
    when = "tomorrow" if message.tomorrow else "today"
    if message.action:
        detail = f"{esc(message.action)} a day"
        if message.step_days:
            detail += f" for {message.step_days} days, then a step up"
        head = f"🌅 <b>{name} restarts {when}</b>: {detail}."
    elif message.comeback:
        head = f"🌅 <b>{name} restarts {when}</b>, starting small."
    else:
        head = f"🌅 <b>{name} makes a fresh start {when}.</b>"
    moment = "tonight" if message.tomorrow else "today"
    return Reply(
        f"{head}\nA word from you {moment} makes it easier to begin.",
        _cheer_keyboard(message.delivery_id),
    )


def milestone(message: MilestoneNews) -> Reply:
    """A streak of 7, 30, 66 or 100 days, or a milestone ticked off."""
    name = esc(message.user_name)
    if message.days is not None:
        text = f"🎉 <b>{name} has kept it up {message.days} days in a row!</b>"
    else:
        text = f"🏁 <b>{name} ticked off a milestone!</b>"
        if message.title:
            text += f"\n“{esc(clip(message.title, 80))}”"
    if message.goal_name:
        text += f"\n<i>{esc(clip(message.goal_name, 60))}</i>"
    return Reply(text, _cheer_keyboard(message.delivery_id))


# --- to the user ---------------------------------------------------------------------------------


def joined(message: PartnerJoined) -> Reply:
    """A friend accepted the user's invite."""
    name = esc(message.partner_name)
    return Reply(
        f"🤝 <b>{name}</b> accepted your invite and is now your accountability partner. "
        f"{name} gets {_shared(message.sharing)}. Change it any time in /partner."
    )


def ended(message: PartnershipEnded) -> Reply:
    """The other side ended the partnership (told once)."""
    name = esc(message.name) or "Your partner"
    if message.how == REMOVED:
        return Reply(
            f"{name} has closed your partnership, so you won't get {name}'s news any more. "
            "Thank you for every cheer! 💛"
        )
    if message.how == LEFT:
        return Reply(
            f"{name} has stepped back as your partner — thanks to {name} for the cheers. "
            "/partner invites someone new whenever you like."
        )
    if message.how == ERASED:
        return Reply(f"{name} has left Small Wins, so your partnership has ended. Thank you! 💛")
    return Reply(f"Your partnership with {name} has ended.")


def cheer_arrived(message: CheerArrived) -> Reply:
    """A partner's reaction or note, with what it was for."""
    name = esc(message.partner_name)
    about = _about(message)
    if message.note is not None:
        return Reply(f"💬 <b>{name}</b> on {about}: “{esc(message.note)}”")
    return Reply(f"{esc(message.reaction or '👏')} from <b>{name}</b> for {about}")


def _about(message: CheerArrived) -> str:
    if message.about == "streak" and message.days is not None:
        return f"your {message.days}-day streak"
    if message.about == "restart":
        return "your fresh start"
    if message.about == "milestone":
        return "your milestone"
    return "your week"


# --- cheering back -------------------------------------------------------------------------------


def cheer_sent(sent: CheerSent) -> str:
    """The toast after a cheer (at most 200 characters)."""
    name = clip(sent.user_name, 30)
    what = sent.reaction.value if sent.reaction is not None else "💬"
    if sent.deferred:
        return f"{what} on its way — {name} gets it with the morning message."
    return f"{what} sent to {name}!"


def note_sent(sent: CheerSent) -> Reply:
    """The partner's note went (or waits for the user's morning)."""
    name = esc(sent.user_name)
    if sent.deferred:
        return Reply(
            f"💬 Got it — {name} gets your note with the morning message (it's night there)."
        )
    return Reply(f"💬 Sent to {name}. That'll land well.")


def note_question(asked: NoteAsked) -> Reply:
    """Ask the partner for their note."""
    name = esc(asked.user_name)
    return Reply(
        f"✍️ Write {name} one line (up to {NOTE_MAX} characters) and I'll pass it on. "
        "/cancel to skip."
    )


def cheer_refused(refused: CheerRefused) -> str:
    """Why a cheer or a note was not sent (a toast or a line, at most 200 characters)."""
    name = clip(refused.user_name, 30) or "them"
    if refused.problem is CheerProblem.ALREADY:
        return "You've answered this one that way already 🙂"
    if refused.problem is CheerProblem.ENDED:
        return f"You no longer support {name} — nothing was sent."
    if refused.problem is CheerProblem.EMPTY:
        return f"A note needs a few words — what would you like to tell {name}?"
    if refused.problem is CheerProblem.TOO_LONG:
        return (
            f"That's {refused.length} characters — a note holds {NOTE_MAX}. "
            "Could you make it a little shorter?"
        )
    return "That button no longer works."


def stale_button() -> str:
    """A partner button whose data makes no sense (a toast)."""
    return "That button no longer works — /partner shows where things stand."
