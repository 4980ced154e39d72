"""What the user side and the harness need from the fake server, named without importing it.

``FakeTelegram`` (``fake_telegram.server``) creates users, groups and channels and attaches
applications; those objects, in turn, act on the server that made them. Typed against the
server class, each side would import the other. They are typed against :class:`Hub` instead,
which ``FakeTelegram`` satisfies, so the imports go one way: ``server`` imports ``client``,
``groups`` and ``harness``, and they import only this module and the state below it.
"""

# Waiting with a `timeout` argument is this test API's contract (e.g. wait_for(pred, timeout)).
# ruff: noqa: ASYNC109

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from telegram.ext import Application, Job

from fake_telegram.state import ApiCall, TelegramState


@dataclass(frozen=True)
class RecordedError:
    """An exception PTB passed to ``process_error``."""

    update: object | None
    error: Exception
    job: Job[Any] | None = None

    @property
    def update_id(self) -> int | None:
        """The id of the update being processed, if the error came from one."""
        update_id = getattr(self.update, "update_id", None)
        return update_id if isinstance(update_id, int) else None

    def describe(self) -> str:
        """One line: where it happened and what was raised."""
        if self.job is not None:
            where = f"job {self.job.name!r}"
        elif self.update_id is not None:
            where = f"update {self.update_id}"
        else:
            where = "outside any update"
        return f"{where}: {self.error.__class__.__name__}: {self.error}"


class Hub(Protocol):
    """The running fake, as users, chats and the harness use it (``FakeTelegram`` is one)."""

    @property
    def state(self) -> TelegramState:
        """Chats, messages, files and the update queue."""
        ...

    @property
    def token(self) -> str:
        """The bot token the fake answers to."""
        ...

    @property
    def base_url(self) -> str:
        """The Bot API base URL to give PTB."""
        ...

    @property
    def base_file_url(self) -> str:
        """The file download base URL to give PTB."""
        ...

    @property
    def raise_errors(self) -> bool:
        """Whether user actions re-raise the bot's handler exceptions."""
        ...

    @property
    def require_callback_answers(self) -> bool:
        """Whether a button press the bot never answered fails the action."""
        ...

    def mark(self) -> int:
        """A position in the journal of Bot API calls, for :meth:`calls_since`."""
        ...

    def calls_since(self, mark: int) -> list[ApiCall]:
        """The Bot API calls made after ``mark``."""
        ...

    def bot_errors(self, update_id: int | None = None) -> list[RecordedError]:
        """Exceptions the attached applications reported (optionally for one update)."""
        ...

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float | None = None, what: str | None = None
    ) -> None:
        """Wait until ``predicate()`` holds, re-checking after every bot request."""
        ...

    async def wait_processed(
        self, update_id: int, timeout: float | None = None, since: int = 0
    ) -> None:
        """Wait until the bot has fully processed ``update_id``."""
        ...

    def attach(
        self, app: Application[Any, Any, Any, Any, Any, Any], *, raise_errors: bool = True
    ) -> None:
        """Let user actions wait for ``app`` to finish processing their updates."""
        ...

    def detach(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Stop listening to ``app``."""
        ...
