"""Logging: readable lines or JSON, the bot token never written anywhere, and what people type
never written above DEBUG.

* :class:`RedactSecrets` replaces the token wherever it appears (messages, arguments,
  tracebacks).
* :class:`HideInviteCodes` replaces every partner invite code (the one secret of a deep link,
  ``bot.coach.partners``) at every level, DEBUG included.
* :class:`HideUserText` replaces the text of the update being handled in every record above
  DEBUG, tracebacks included: an exception that quotes what the person typed still logs at
  ERROR, without their words. PTB's own DEBUG lines (each update, each Bot API call's
  parameters) do carry what people type: ``LOG_LEVEL=DEBUG`` is for debugging only.
* ``LOG_FORMAT=json`` writes one JSON object per line (see :class:`JsonFormatter`), with the
  update and user ids of the update being handled, for log collectors.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from bot.coach.partners import INVITE_CODE

LogFormat = Literal["text", "json"]

HIDDEN_TEXT = "[user text]"
HIDDEN_CODE = "[invite code]"
MIN_HIDDEN_LENGTH = 3
"""Shorter texts ("ok", "7") are not hidden: they say nothing about anyone, and replacing them
everywhere would garble every line."""


@dataclass(frozen=True, slots=True)
class UpdateInHand:
    """What the log may say about the update being handled, and the text it must not.

    Attributes:
        update_id: Telegram's id of the update.
        user_id: Who sent it (``None`` for updates without a sender).
        texts: What the person typed (text, caption): hidden above DEBUG.
    """

    update_id: int | None
    user_id: int | None
    texts: tuple[str, ...]


_in_hand: contextvars.ContextVar[UpdateInHand | None] = contextvars.ContextVar(
    "update_in_hand", default=None
)


@contextlib.contextmanager
def handling(update_id: int | None, user_id: int | None, texts: Iterable[str]) -> Iterator[None]:
    """Mark the code in the block (and the tasks it starts) as handling one update."""
    kept = tuple(text for text in texts if len(text.strip()) >= MIN_HIDDEN_LENGTH)
    token = _in_hand.set(UpdateInHand(update_id, user_id, kept))
    try:
        yield
    finally:
        _in_hand.reset(token)


def update_in_hand() -> UpdateInHand | None:
    """The update being handled by the calling code, if any."""
    return _in_hand.get()


def _rewrite(record: logging.LogRecord, replace: Iterable[tuple[str, str]]) -> None:
    """Apply replacements to a record's message, traceback and stack, in place.

    Matching ignores case: error messages change it (PTB lower-cases what Telegram quotes).
    """
    patterns = [
        (re.compile(re.escape(old), re.IGNORECASE), new.replace("\\", "\\\\"))
        for old, new in replace
        if old
    ]
    if not patterns:
        return
    message = record.getMessage()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    for pattern, new in patterns:
        message = pattern.sub(new, message)
        if record.exc_text:
            record.exc_text = pattern.sub(new, record.exc_text)
        if record.stack_info:
            record.stack_info = pattern.sub(new, record.stack_info)
    record.msg, record.args = message, None


class RedactSecrets(logging.Filter):
    """Replace secrets in every log record (message, arguments and traceback text)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        """Remember the secrets to hide; empty ones are ignored."""
        super().__init__()
        self._secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        _rewrite(record, ((secret, "[redacted]") for secret in self._secrets))
        return True


class HideInviteCodes(logging.Filter):
    """Replace every invite code (in a message, its arguments, a traceback) at every level."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place when it holds a code; never drops it."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        texts = (message, record.exc_text or "", record.stack_info or "")
        if not any(INVITE_CODE.search(text) for text in texts):
            return True
        record.msg, record.args = INVITE_CODE.sub(HIDDEN_CODE, message), None
        if record.exc_text:
            record.exc_text = INVITE_CODE.sub(HIDDEN_CODE, record.exc_text)
        if record.stack_info:
            record.stack_info = INVITE_CODE.sub(HIDDEN_CODE, record.stack_info)
        return True


class HideUserText(logging.Filter):
    """Above DEBUG, replace what the person typed in the update being handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        in_hand = _in_hand.get()
        if in_hand is not None and record.levelno > logging.DEBUG:
            # Longest first: a text that contains another is hidden whole.
            texts = sorted(in_hand.texts, key=len, reverse=True)
            _rewrite(record, ((text, HIDDEN_TEXT) for text in texts))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``;
    ``update_id`` and ``user_id`` while an update is handled; ``exception`` and ``stack`` when
    there is one."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        in_hand = _in_hand.get()
        if in_hand is not None:
            entry["update_id"] = in_hand.update_id
            entry["user_id"] = in_hand.user_id
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(
    level: str, secrets: Iterable[str] = (), log_format: LogFormat = "text"
) -> None:
    """Set up the root logger once, at start-up."""
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(HideUserText())
    handler.addFilter(HideInviteCodes())
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # aiosqlite logs every statement with its parameters at DEBUG: that is what users typed.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
