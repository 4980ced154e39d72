"""/help, the Telegram command menu, and replies to anything the bot does not understand."""

from __future__ import annotations

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup

from bot.views.i18n import Translator
from bot.views.reply import Reply, clip, esc


def commands(t: Translator) -> tuple[tuple[str, str], ...]:
    """Every command with its one-line description: the command menu and /help."""
    return (
        ("today", t("Today's actions, with one-tap Done buttons")),
        ("done", t("Log a win (e.g. /done wrote 400 words)")),
        ("streak", t("Your chain as a calendar, streak and strength")),
        ("progress", t("The ladder: week, month, 12 weeks, and your pace")),
        ("plan", t("Plan a goal, from the big vision to one tiny daily action")),
        ("goals", t("Your goals, milestones and priorities")),
        ("comeback", t("Restart a lapsed habit at its tiny minimum")),
        ("week", t("Your week in review, and next week's micro-goal")),
        ("freshstart", t("Pick a fresh-start day: a Monday, a new month, your birthday")),
        ("partner", t("A friend who sees your week and cheers you on")),
        (
            "settings",
            t("Language, time zone, nudge, evening reminder, review day, birthday, holiday"),
        ),
        ("start", t("Set up: your time zone and morning nudge")),
        ("export", t("All of your data as a file")),
        ("delete", t("Erase all of your data")),
        ("cancel", t("Stop the current question")),
        ("help", t("What I can do")),
    )


def bot_commands(t: Translator) -> list[BotCommand]:
    """The command menu registered with Telegram for ``t``'s language."""
    return [BotCommand(name, description) for name, description in commands(t)]


def help_text(t: Translator) -> Reply:
    """What the bot does and its commands."""
    lines = "\n".join(f"/{name} — {esc(description)}" for name, description in commands(t))
    return Reply(
        t(
            "<b>Small Wins</b> turns a big goal into one tiny daily action, nudges you each "
            "morning and counts every win — never guilt, just momentum."
        )
        + "\n\n"
        + lines
    )


def unknown_command(t: Translator, command: str) -> Reply:
    """A command the bot does not have."""
    return Reply(
        t("I don't know {command} yet. /help shows what I can do.", command=esc(clip(command, 32)))
    )


# Said in any language the coach speaks, whatever the user's own: people mix.
GREETINGS = frozenset(
    {"hi", "hello", "hey", "hallo", "hola", "good morning", "morning", "yo"}
    | {"привет", "здравствуй", "здравствуйте", "доброе утро", "буэнос диас"}
    | {"buenos días", "buenos dias", "buenas", "olá", "ola", "oi", "bom dia", "e aí"}
)
THANKS = frozenset(
    {"thanks", "thank you", "thx", "ty", "cheers", "merci", "danke"}
    | {"спасибо", "спс", "благодарю", "gracias", "muchas gracias", "obrigado", "obrigada", "valeu"}
)
HELP_WORDS = frozenset(
    {"help", "menu", "commands", "what can you do"}
    | {"помощь", "помоги", "меню", "команды", "ayuda", "menú", "comandos", "ajuda"}
)


def small_talk(t: Translator, text: str, first_name: str, *, set_up: bool) -> Reply | None:
    """A friendly answer to a greeting, a thank-you or "help"; ``None`` for anything else."""
    if not set_up:
        return None  # before set-up, every message points to /start
    key = " ".join(text.lower().strip(" !¡.?¿👋🙏").split())
    if key in GREETINGS:
        name = first_name.strip()
        greeting = t("Hi {name}! 👋", name=esc(first_name)) if name else t("Hi! 👋")
        return Reply(
            greeting
            + " "
            + t(
                "/today shows today's action — or just tell me when it's done. "
                "/help has everything else."
            )
        )
    if key in THANKS:
        return Reply(t("Anytime! 🌱 Small wins add up."))
    if key in HELP_WORDS:
        return help_text(t)
    return None


def idle_text(t: Translator, *, set_up: bool) -> Reply:
    """A message when the bot is not waiting for an answer."""
    if not set_up:
        return Reply(t("Let's get you set up first — tap /start. It takes under a minute."))
    return Reply(
        t(
            "I'm all ears, but I'm not sure what to do with that one. "
            "Log a win with <i>done</i> or <i>wrote 400 words</i>, see /today, or /help for "
            "everything."
        )
    )


def cancelled(t: Translator) -> Reply:
    """/cancel of any other question."""
    return Reply(t("Okay, dropped that — nothing changed."))


def nothing_to_cancel(t: Translator) -> Reply:
    """/cancel when no question is open."""
    return Reply(t("Nothing to cancel — you're all good."))


def _private_only(t: Translator) -> str:
    return t("I coach one-to-one — message me in a private chat.")


def private_only(t: Translator, bot_username: str | None = None) -> Reply:
    """A command (or a word to the bot) in a group: one line, and a button to the private chat."""
    if not bot_username:
        return Reply(_private_only(t))
    button = InlineKeyboardButton(t("Open a private chat"), url=f"https://t.me/{bot_username}")
    return Reply(_private_only(t), InlineKeyboardMarkup([[button]]))


def private_only_toast(t: Translator) -> str:
    """A button pressed in a group (a callback answer: no buttons, at most 200 characters)."""
    return _private_only(t)
