"""A fake Telegram Bot API server and a user-side client for testing PTB bots.

The server speaks real HTTP on 127.0.0.1 (or, through ``fake_telegram.inprocess.InProcessRequest``,
answers PTB in-process with the same code) and follows the Bot API's semantics
(HTML parsing and its errors, message ids per chat, edit rules, callback query
answers, getUpdates offsets, 429/403/5xx ...).  Simulated users talk to the bot
through actions and read what they would see; every action waits until the bot
has processed the update, without sleeping::

    from telegram.ext import CommandHandler
    from fake_telegram import FakeTelegram
    from fake_telegram.harness import application_builder, running

    async def test_start() -> None:
        async with FakeTelegram() as fake:
            app = application_builder(fake).build()
            app.add_handler(CommandHandler("start", start))
            async with running(fake, app):
                ada = fake.user(1001, "Ada")
                reaction = await ada.send("/start")
                assert "Welcome" in reaction.text
                await ada.press("Pick a goal")          # inline button, by label or data
                assert ada.last_message.edited

Faults: ``fake.faults.inject("retry_after", method="sendMessage", retry_after=3)``;
blocked users: ``await ada.block_bot()``.  See ``FakeTelegram``, ``FakeUser``,
``Reaction`` and ``fake_telegram.harness``.

Where the fake differs from Telegram (on purpose or by omission):

* Mostly private chats: groups and channels (``fake.group``, ``fake.channel``) carry messages,
  button presses, edits and ``my_chat_member``, nothing more; no inline mode (a callback query
  from an inline message can be sent), payments or business.
* HTML: a stray ``&`` is rejected (``strict_html=False`` restores Telegram's
  leniency); Markdown and MarkdownV2 are refused with 400 instead of parsed.
* Entity auto-detection (URLs, mentions, hashtags, commands, e-mails) is close
  to Telegram's but simplified; TDLib's splitting of overlapping entities is not done.
* Rare error descriptions (commands, webhooks, malformed JSON) are best guesses;
  the common ones are verbatim.
* Photos: every PhotoSize shares the uploaded bytes; URLs cannot be fetched.
* Flood control only with ``flood_limit`` (sends per second, all chats together).
* Callback queries expire after ``callback_query_timeout`` seconds of loop time.
* Webhooks may be plain HTTP on loopback; deliveries are sequential.
"""

from fake_telegram.client import BotError, FakeUser
from fake_telegram.errors import ApiError
from fake_telegram.faults import Fault, FaultKind, Faults
from fake_telegram.groups import FakeChannel, FakeGroup
from fake_telegram.harness import TrackingApplication, application_builder, running
from fake_telegram.hub import RecordedError
from fake_telegram.server import DEFAULT_TOKEN, FakeTelegram
from fake_telegram.state import ApiCall, CallbackAnswer
from fake_telegram.views import Button, MessageView, Reaction, ReplyKeyboardView

__all__ = [
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "BotError",
    "Button",
    "CallbackAnswer",
    "FakeChannel",
    "FakeGroup",
    "FakeTelegram",
    "FakeUser",
    "Fault",
    "FaultKind",
    "Faults",
    "MessageView",
    "Reaction",
    "RecordedError",
    "ReplyKeyboardView",
    "TrackingApplication",
    "application_builder",
    "running",
]
