"""The texts and buttons of /partner (rule 13): the overview and its switches, the friend's
invite, removing a partner and stepping back.

What partners hear, and the cheers that come back, are :mod:`bot.views.partner_news`'.
Names are the people's own words: always escaped.
"""

from __future__ import annotations

from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.coach.models import PartnerSharing, Partnership, UserStatus
from bot.coach.partners import INVITE_DAYS, MAX_PARTNERS, InviteProblem, Switch
from bot.services.partners import InviteRefused, PartnerOverview
from bot.views import partner_callbacks as cb
from bot.views.i18n import Translator
from bot.views.reply import Reply, clip, esc


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
        sections.append(t("What your partners get: {shared}.", shared=shared_line(t, view.sharing)))
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


def shared_line(t: Translator, sharing: PartnerSharing) -> str:
    """What the user's partners get, in a phrase: "the weekly digest and restarts (goal names
    hidden)"."""
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


def stale_button(t: Translator) -> str:
    """A partner button whose data makes no sense (a toast)."""
    return t("That button no longer works — /partner shows where things stand.")
