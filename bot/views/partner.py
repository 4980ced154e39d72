"""Every text and button of the accountability partner (rule 13), in one place.

/partner and its switches, the friend's invite, remove and leave, the partner's news (the
weekly digest with its card, restarts, milestones) with the cheer buttons, and the cheers that
come back. Names and notes are the people's own words: always escaped.
"""

from __future__ import annotations

from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.charts.week import WeekCardFigure, WeekCardWords, WeekGoalWords
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
from bot.views import identity as identity_views
from bot.views import partner_callbacks as cb
from bot.views.i18n import Translator
from bot.views.reply import Reply, clip, esc
from bot.views.streak import chart_labels


def _switch_label(t: Translator, switch: Switch) -> str:
    labels = {
        Switch.WEEKLY_DIGEST: t("Weekly digest"),
        Switch.GOAL_NAMES: t("Goal names"),
        Switch.RESTARTS: t("Restarts"),
        Switch.MILESTONES: t("Milestones"),
    }
    return labels[switch]


# --- /partner ------------------------------------------------------------------------------------


def invite_link(bot_username: str, code: str) -> str:
    """The deep link a friend opens."""
    return f"https://t.me/{bot_username}?start={code}"


def overview(t: Translator, view: PartnerOverview, bot_username: str | None) -> Reply:
    """/partner: what a partner sees, the partners, the invite link and the switches."""
    sections = [
        t("🤝 <b>An accountability partner</b>")
        + "\n"
        + t(
            "A friend who gets your week in one picture after your weekly review, a word the "
            "evening before you restart, and your milestones — never a missed day — and cheers "
            "back in one tap."
        )
    ]
    if view.can_invite:
        if view.partners:
            names = ", ".join(_partner_name(t, p) for p in view.partners)
            sections.append(t("Your partners: {names}", names=names))
        else:
            sections.append(
                t("No partner yet. They don't need a plan of their own — just Telegram.")
            )
        sections.append(_invite_section(t, view, bot_username))
        sections.append(t("What your partners get: {shared}.", shared=_shared(t, view.sharing)))
    else:
        sections.append(t("Set up first with /start — then you can invite a partner of your own."))
    if view.supported:
        names = ", ".join(f"<b>{esc(p.user_name)}</b>" for p in view.supported)
        sections.append(t("You cheer on: {names}.", names=names))
    return Reply("\n\n".join(sections), _overview_keyboard(t, view, bot_username))


def _partner_name(t: Translator, partnership: Partnership) -> str:
    name = f"<b>{esc(partnership.partner_name)}</b>"
    if partnership.partner_status is not UserStatus.ACTIVE:
        return t("{name} (I can't reach them right now)", name=name)
    return name


def _invite_section(t: Translator, view: PartnerOverview, bot_username: str | None) -> str:
    if view.full:
        return t("You have {count} partners, the most there can be.", count=t.number(MAX_PARTNERS))
    if view.invite is None or bot_username is None:
        return t("Your invite link is withdrawn: it no longer works. 🔗 New link makes another.")
    until = t.day(view.invite_until or view.today, view.today)
    link = esc(invite_link(bot_username, view.invite.code))
    return t("Your invite link — it works once, until {day}:", day=until) + f"\n{link}"


def _overview_keyboard(
    t: Translator, view: PartnerOverview, bot_username: str | None
) -> InlineKeyboardMarkup | None:
    rows: list[list[InlineKeyboardButton]] = []
    if view.can_invite and view.invite is not None and bot_username is not None:
        link = invite_link(bot_username, view.invite.code)
        # Telegram's share page puts the link above the text: the text need not repeat it.
        text = t("Will you be my accountability partner on Small Wins? One tap on the link.")
        share = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(text, safe='')}"
        rows.append([InlineKeyboardButton(t("📤 Send the link to a friend"), url=share)])
    if view.can_invite:
        switches = [
            InlineKeyboardButton(
                f"{'✅' if getattr(view.sharing, s.value) else '⬜'} {_switch_label(t, s)}",
                callback_data=cb.TurnSwitch(s).pack(),
            )
            for s in Switch
        ]
        rows.extend([switches[:2], switches[2:]])
        if not view.full:
            links = [InlineKeyboardButton(t("🔗 New link"), callback_data=cb.NewLink().pack())]
            if view.invite is not None:
                links.append(
                    InlineKeyboardButton(
                        t("🚫 Revoke the link"), callback_data=cb.RevokeLink().pack()
                    )
                )
            rows.append(links)
    rows.extend(
        [
            InlineKeyboardButton(
                t("Remove {name}", name=clip(p.partner_name, 24)),
                callback_data=cb.AskRemove(p.partnership_id).pack(),
            )
        ]
        for p in view.partners
    )
    rows.extend(
        [
            InlineKeyboardButton(
                t("Stop supporting {name}", name=clip(p.user_name, 20)),
                callback_data=cb.AskLeave(p.partnership_id).pack(),
            )
        ]
        for p in view.supported
    )
    return InlineKeyboardMarkup(rows) if rows else None


def _shared(t: Translator, sharing: PartnerSharing) -> str:
    parts = [
        label
        for on, label in (
            (sharing.weekly_digest, t("the weekly digest")),
            (sharing.restarts, t("restarts")),
            (sharing.milestones, t("milestones")),
        )
        if on
    ]
    said = _listed(t, parts) if parts else t("nothing for now")
    if sharing.goal_names:
        return t("{shared} (with goal names)", shared=said)
    return t("{shared} (goal names hidden)", shared=said)


def _listed(t: Translator, parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return t("{first} and {last}", first=", ".join(parts[:-1]), last=parts[-1])


# --- the friend's invite -------------------------------------------------------------------------


def offer(t: Translator, inviter_name: str, code: str) -> Reply:
    """A friend opened a working invite link: who asks, what for, accept or decline."""
    name = esc(inviter_name) or t("A friend")
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("🤝 Yes, I'm in"), callback_data=cb.AcceptInvite(code).pack()
                ),
                InlineKeyboardButton(t("No, thanks"), callback_data=cb.DeclineInvite(code).pack()),
            ]
        ]
    )
    return Reply(
        t(
            "👋 <b>{name}</b> would like you as their accountability partner on Small Wins.\n\n"
            "You'd get {name}'s week in one picture, a word the evening before {name} restarts, "
            "and their milestones — and you cheer back in one tap. Nothing to plan or set up on "
            "your side.\n\nWill you cheer {name} on?",
            name=name,
        ),
        keyboard,
    )


def accepted(t: Translator, partnership: Partnership, *, new_here: bool) -> Reply:
    """The friend accepted: they are a partner now."""
    text = t(
        "🤝 You're now <b>{name}</b>'s accountability partner. I'll write when there's "
        "something to cheer, with one-tap cheers under it. /partner lets you step back any time.",
        name=esc(partnership.user_name),
    )
    if new_here:
        text += "\n\n" + t("Fancy small wins of your own? /start sets you up in a minute.")
    return Reply(text)


def declined(t: Translator, inviter_name: str) -> Reply:
    """The friend declined: nothing changed."""
    return Reply(
        t(
            "No problem — nothing changed, and {name} isn't told. The link works until it "
            "expires, should you change your mind.",
            name=esc(inviter_name),
        )
    )


def invite_refused(t: Translator, refused: InviteRefused) -> Reply:
    """Why an invite link cannot be used (nothing changed)."""
    name = esc(refused.inviter_name) or t("your friend")
    problem = refused.problem
    if problem is InviteProblem.EXPIRED:
        text = t(
            "This invite from {name} has expired — links last {days} days. Ask {name} for a new "
            "one: it takes one tap in /partner.",
            name=name,
            days=t.number(INVITE_DAYS),
        )
    elif problem is InviteProblem.REVOKED:
        text = t("{name} withdrew this invite link, so it no longer works.", name=name)
    elif problem is InviteProblem.USED:
        text = t(
            "This invite link has been used already — each one works once. Ask {name} for a "
            "new one.",
            name=name,
        )
    elif problem is InviteProblem.OWN:
        text = t(
            "That's your own invite link 🙂 Send it to a friend: whoever opens it can become "
            "your partner."
        )
    elif problem is InviteProblem.ALREADY:
        text = t("You're already {name}'s partner — nothing to do. 🤝", name=name)
    elif problem is InviteProblem.FULL:
        text = t(
            "{name} already has {count} partners, the most there can be, so this link can't be "
            "used now.",
            name=name,
            count=t.number(MAX_PARTNERS),
        )
    else:
        text = t(
            "This invite link doesn't work — it may have been cut short or mistyped. "
            "Ask your friend to send it again from /partner."
        )
    return Reply(text)


# --- removing and leaving ------------------------------------------------------------------------


def confirm_remove(t: Translator, partnership: Partnership) -> Reply:
    """Remove a partner? One tap to confirm."""
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("Yes, remove"),
                    callback_data=cb.Remove(partnership.partnership_id).pack(),
                ),
                InlineKeyboardButton(t("Keep them"), callback_data=cb.KeepThem().pack()),
            ]
        ]
    )
    return Reply(
        t(
            "Remove <b>{name}</b> as your partner? {name} is told kindly, once, and hears "
            "nothing more about you.",
            name=esc(partnership.partner_name),
        ),
        keyboard,
    )


def confirm_leave(t: Translator, partnership: Partnership) -> Reply:
    """Stop supporting someone? One tap to confirm."""
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("Yes, step back"),
                    callback_data=cb.Leave(partnership.partnership_id).pack(),
                ),
                InlineKeyboardButton(t("Keep cheering"), callback_data=cb.KeepThem().pack()),
            ]
        ]
    )
    return Reply(
        t(
            "Stop supporting <b>{name}</b>? {name} is told kindly, once.",
            name=esc(partnership.user_name),
        ),
        keyboard,
    )


def removed(t: Translator, partnership: Partnership) -> Reply:
    """The partner was removed."""
    return Reply(
        t(
            "Done — <b>{name}</b> is no longer your partner. /partner invites someone new "
            "whenever you like.",
            name=esc(partnership.partner_name),
        )
    )


def left(t: Translator, partnership: Partnership) -> Reply:
    """The partner stepped back."""
    return Reply(
        t(
            "Done — you no longer get <b>{name}</b>'s news. Thank you for every cheer! 💛",
            name=esc(partnership.user_name),
        )
    )


def already_ended(t: Translator) -> Reply:
    """A remove or leave button for a partnership that is not there (any more)."""
    return Reply(t("That partnership has already ended — nothing to change."))


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
            shared=_shared(t, message.sharing),
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


def stale_button(t: Translator) -> str:
    """A partner button whose data makes no sense (a toast)."""
    return t("That button no longer works — /partner shows where things stand.")
