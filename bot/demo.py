"""`make demo`: chat with the coach in this terminal — no token, no network.

A fake Telegram runs in this process and the real bot polls it, exactly as it would poll
Telegram. You type as the user; the bot's messages print below. Inline buttons are numbered:
type the number to press one. Pictures and files are saved under ``demo-output/``.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import sys
from pathlib import Path

from bot.app import build_application
from bot.config import Settings
from bot.logging_setup import configure_logging
from fake_telegram import FakeTelegram, FakeUser, MessageView, Reaction, TrackingApplication
from fake_telegram.harness import running

DEMO_DATABASE = Path("data/demo.db")
OUTPUT = Path("demo-output")
DEMO_USER_ID = 4242
SAMPLE_LOCATION = (38.72, -9.14)  # Lisbon, for /location without coordinates
INDENT = "      "

BANNER = """\
Small Wins — demo chat (a fake Telegram runs inside this program; nothing leaves the machine)
  • type as you would in Telegram; start with /start
  • buttons are numbered: type 1, 2, … to press one (type =7 to send the text "7")
  • /location [lat lon] shares a location · /quit leaves
"""


def run_demo(database: Path = DEMO_DATABASE) -> int:
    """Run the terminal demo until /quit or end of input; returns the exit code."""
    configure_logging("WARNING")
    try:
        asyncio.run(_chat(database))
    except KeyboardInterrupt:
        print()
    return 0


async def _chat(database: Path) -> None:
    async with FakeTelegram() as fake:
        settings = Settings(
            _env_file=None,
            telegram_bot_token=fake.token,
            telegram_api_base_url=fake.base_url,
            database_url=f"sqlite:///{database}",
        )
        application = build_application(settings, application_class=TrackingApplication)
        async with running(fake, application, raise_errors=False):
            user = fake.user(DEMO_USER_ID, _first_name())
            print(BANNER)
            shown_keyboard = ""
            while True:
                line = await _read_line()
                if line is None or line.strip() in ("/quit", "/exit"):
                    break
                if not line.strip():
                    continue
                reaction = await _act(user, line.strip())
                _show(reaction)
                keyboard = _keyboard_line(user)
                if keyboard and keyboard != shown_keyboard:
                    print(f"{INDENT}⌨  {keyboard}\n")
                shown_keyboard = keyboard


async def _read_line() -> str | None:
    try:
        line = await asyncio.to_thread(input, "you › ")
    except EOFError:
        return None
    if not sys.stdin.isatty():
        print(line)  # echo piped input so that a transcript reads like a chat
    return line


async def _act(user: FakeUser, line: str) -> Reaction:
    if line.startswith("/location"):
        return await user.share_location(*_coordinates(line))
    if line.isdigit():
        pressed = _button(user, int(line))
        if pressed is not None:
            message, data = pressed
            return await user.press(data, message=message)
    if line.startswith("=") and len(line) > 1:
        line = line[1:]
    return await user.send(line)


def _coordinates(line: str) -> tuple[float, float]:
    parts = line.split()[1:]
    try:
        latitude, longitude = float(parts[0]), float(parts[1])
    except (IndexError, ValueError):
        return SAMPLE_LOCATION
    return latitude, longitude


def _button(user: FakeUser, number: int) -> tuple[MessageView, str] | None:
    """The newest message with buttons and the data of its ``number``-th button."""
    for message in reversed(user.messages):
        buttons = [button for row in message.keyboard for button in row]
        if buttons:
            if 1 <= number <= len(buttons) and buttons[number - 1].callback_data:
                return message, buttons[number - 1].callback_data or ""
            return None
    return None


def _keyboard_line(user: FakeUser) -> str:
    """The reply keyboard the user sees, as one line ("" when there is none)."""
    keyboard = user.reply_keyboard
    if keyboard is None or keyboard.hidden:
        return ""
    labels = [label for row in keyboard.labels for label in row]
    return "keyboard: " + " | ".join(labels) + "  (type /location to share one)"


_printed: dict[int, tuple[str, bytes | None]] = {}


def _show(reaction: Reaction) -> None:
    for message in reaction.edited:
        # Not just its buttons removed: a new text, caption or picture.
        if _printed.get(message.message_id) != (message.text, message.photo):
            _print_message("bot (edited)", message)
    for message in reaction.sent:
        _print_message("bot", message)
    if reaction.answer is not None and reaction.answer.text:
        print(f"{INDENT}💬 {reaction.answer.text}")
    print()


def _print_message(who: str, message: MessageView) -> None:
    _printed[message.message_id] = (message.text, message.photo)
    lines = message.text.splitlines() or [""]
    print(f"{who} › {lines[0]}")
    for line in lines[1:]:
        print(f"{INDENT}{line}")
    number = 0
    for row in message.keyboard:
        cells = []
        for button in row:
            number += 1
            cells.append(f"[{number}] {button.text}" if button.callback_data else button.text)
        print(INDENT + "   ".join(cells))
    for kind, content in (("photo", message.photo), ("file", message.document)):
        if content is not None:
            name = message.document_name if kind == "file" and message.document_name else None
            path = _save(content, name or f"{kind}-{message.message_id}.png")
            print(f"{INDENT}🖼  {kind} saved to {path}")


def _save(content: bytes, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / Path(name).name
    path.write_bytes(content)
    return path.resolve()


def _first_name() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        return "Friend"
    return name.capitalize() if name and name != "root" else "Friend"


if __name__ == "__main__":
    logging.captureWarnings(True)
    sys.exit(run_demo())
