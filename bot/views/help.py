"""/help, the Telegram command menu, and replies to anything the bot does not understand."""

from __future__ import annotations

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup

from bot.views.reply import Reply, clip, esc

COMMANDS: tuple[tuple[str, str], ...] = (
    ("today", "Today's actions, with one-tap Done buttons"),
    ("done", "Log a win (e.g. /done wrote 400 words)"),
    ("streak", "Your chain as a calendar, streak and strength"),
    ("progress", "The ladder: week, month, 12 weeks, and your pace"),
    ("plan", "Plan a goal, from the big vision to one tiny daily action"),
    ("goals", "Your goals, milestones and priorities"),
    ("comeback", "Restart a lapsed habit at its tiny minimum"),
    ("week", "Your week in review, and next week's micro-goal"),
    ("freshstart", "Pick a fresh-start day: a Monday, a new month, your birthday"),
    ("partner", "A friend who sees your week and cheers you on"),
    ("settings", "Time zone, nudge time, evening reminder, review day, birthday, holiday"),
    ("start", "Set up: your time zone and morning nudge"),
    ("export", "All of your data as a file"),
    ("delete", "Erase all of your data"),
    ("cancel", "Stop the current question"),
    ("help", "What I can do"),
)


def bot_commands() -> list[BotCommand]:
    """The command menu registered with Telegram."""
    return [BotCommand(name, description) for name, description in COMMANDS]


def help_text() -> Reply:
    """What the bot does and its commands."""
    lines = "\n".join(f"/{name} — {esc(description)}" for name, description in COMMANDS)
    return Reply(
        "<b>Small Wins</b> turns a big goal into one tiny daily action, nudges you each "
        "morning and counts every win — never guilt, just momentum.\n\n" + lines
    )


def unknown_command(command: str) -> Reply:
    """A command the bot does not have."""
    return Reply(f"I don't know {esc(clip(command, 32))} yet. /help shows what I can do.")


GREETINGS = frozenset({"hi", "hello", "hey", "hallo", "hola", "good morning", "morning", "yo"})
THANKS = frozenset({"thanks", "thank you", "thx", "ty", "cheers", "merci", "danke"})
HELP_WORDS = frozenset({"help", "menu", "commands", "what can you do"})


def small_talk(text: str, first_name: str, *, set_up: bool) -> Reply | None:
    """A friendly answer to a greeting, a thank-you or "help"; ``None`` for anything else."""
    if not set_up:
        return None  # before set-up, every message points to /start
    key = " ".join(text.lower().strip(" !.?👋🙏").split())
    if key in GREETINGS:
        name = f" {esc(first_name)}" if first_name.strip() else ""
        return Reply(
            f"Hi{name}! 👋 /today shows today's action — or just tell me when it's done. "
            "/help has everything else."
        )
    if key in THANKS:
        return Reply("Anytime! 🌱 Small wins add up.")
    if key in HELP_WORDS:
        return help_text()
    return None


def idle_text(*, set_up: bool) -> Reply:
    """A message when the bot is not waiting for an answer."""
    if not set_up:
        return Reply("Let's get you set up first — tap /start. It takes under a minute.")
    return Reply(
        "I'm all ears, but I'm not sure what to do with that one. "
        "Log a win with <i>done</i> or <i>wrote 400 words</i>, see /today, or /help for "
        "everything."
    )


def cancelled() -> Reply:
    """/cancel of any other question."""
    return Reply("Okay, dropped that — nothing changed.")


def nothing_to_cancel() -> Reply:
    """/cancel when no question is open."""
    return Reply("Nothing to cancel — you're all good.")


PRIVATE_ONLY = "I coach one-to-one — message me in a private chat."


def private_only(bot_username: str | None = None) -> Reply:
    """A command (or a word to the bot) in a group: one line, and a button to the private chat."""
    if not bot_username:
        return Reply(PRIVATE_ONLY)
    button = InlineKeyboardButton("Open a private chat", url=f"https://t.me/{bot_username}")
    return Reply(PRIVATE_ONLY, InlineKeyboardMarkup([[button]]))


def private_only_toast() -> str:
    """A button pressed in a group (a callback answer: no buttons, at most 200 characters)."""
    return PRIVATE_ONLY
