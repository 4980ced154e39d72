"""Fault injection: make chosen Bot API calls fail the way real Telegram can.

    fake.faults.inject("retry_after", method="sendMessage", retry_after=3)
    fake.faults.inject("server_error", times=2)                  # any method, twice
    fake.faults.inject("slow", method="sendMessage", delay=2.0)   # provoke TimedOut
    fake.faults.inject("drop", method="editMessageText", chat_id=42, times=None)  # forever

Kinds:

* ``retry_after`` -- 429 ``Too Many Requests: retry after N`` with ``parameters.retry_after``.
* ``server_error`` -- 500 JSON error, or ``status=502`` for nginx's HTML "Bad Gateway" page.
* ``forbidden`` -- 403 ``Forbidden: bot was blocked by the user`` (or ``description``).
* ``bad_request`` -- 400 with your ``description`` (``"Bad Request: "`` is prefixed if missing).
* ``slow`` -- answer only after ``delay`` seconds.
* ``drop`` -- close the connection without any response.

``takes_effect`` says whether the call is carried out before the fault hits.  By
default only ``slow`` takes effect (the message *is* sent, the answer is late --
exactly the case where a client's ``TimedOut`` does not mean "not sent"); the
error kinds and ``drop`` fail without doing anything.  Pass
``takes_effect=True`` to a ``drop`` to simulate "sent, but the answer got lost".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    """What goes wrong."""

    RETRY_AFTER = "retry_after"
    SERVER_ERROR = "server_error"
    FORBIDDEN = "forbidden"
    BAD_REQUEST = "bad_request"
    SLOW = "slow"
    DROP = "drop"


@dataclass
class Fault:
    """One injected fault; ``times=None`` means until cleared."""

    kind: FaultKind
    method: str | None
    chat_id: int | None
    times: int | None
    retry_after: int
    delay: float
    status: int
    description: str | None
    takes_effect: bool
    hits: int = 0
    after: int = 0  # matching calls to let through before the fault starts to fire
    passed: int = 0

    @property
    def exhausted(self) -> bool:
        """True once it has fired ``times`` times."""
        return self.times is not None and self.hits >= self.times

    def matches(self, method: str, chat_id: object) -> bool:
        """Does this fault apply to a call of ``method`` (lower-case) for ``chat_id``?"""
        if self.exhausted:
            return False
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or self.chat_id == chat_id


class Faults:
    """The injected faults of one fake server, consulted on every request."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def inject(
        self,
        kind: FaultKind | str,
        method: str | None = None,
        *,
        chat_id: int | None = None,
        times: int | None = 1,
        retry_after: int = 1,
        delay: float = 5.0,
        status: int | None = None,
        description: str | None = None,
        takes_effect: bool | None = None,
        after: int = 0,
    ) -> Fault:
        """Make the next ``times`` matching calls fail; returns the fault (see ``hits``).

        ``method`` is case-insensitive; ``chat_id`` limits the fault to calls
        for that chat; ``after`` lets that many matching calls through first.  Faults
        fire in the order they were injected.
        """
        fault_kind = FaultKind(kind)
        if status is None:
            status = {
                FaultKind.RETRY_AFTER: 429,
                FaultKind.SERVER_ERROR: 500,
                FaultKind.FORBIDDEN: 403,
                FaultKind.BAD_REQUEST: 400,
            }.get(fault_kind, 200)
        if fault_kind is FaultKind.SERVER_ERROR and status < 500:
            raise ValueError("server_error needs a 5xx status")
        fault = Fault(
            kind=fault_kind,
            method=method.lower() if method else None,
            chat_id=chat_id,
            times=times,
            retry_after=retry_after,
            delay=delay,
            status=status,
            description=description,
            takes_effect=fault_kind is FaultKind.SLOW if takes_effect is None else takes_effect,
            after=after,
        )
        self._faults.append(fault)
        return fault

    def take(self, method: str, chat_id: object) -> Fault | None:
        """The first matching fault, counting the hit (or the call let through before it)."""
        for fault in self._faults:
            if fault.matches(method, chat_id):
                if fault.passed < fault.after:
                    fault.passed += 1
                    continue
                fault.hits += 1
                return fault
        return None

    def clear(self) -> None:
        """Remove every injected fault."""
        self._faults.clear()

    @property
    def active(self) -> list[Fault]:
        """Faults that can still fire."""
        return [f for f in self._faults if not f.exhausted]
