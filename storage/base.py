"""The Repository contract: everything the bot stores, behind one async interface.

Its one implementation, ``storage.sql.SqlRepository``, passes the contract tests in
``tests/storage`` on SQLite and on PostgreSQL. The rules below and the docstrings are the
contract: this module holds the units of work, and ``storage.contract`` the methods of each
group of tables (users, schedule, goals, milestones, daily log, outbox, partners), which
:class:`Repository` brings together.

Rules:
    * Every method is atomic: it either applies completely or not at all, and concurrent calls
      from different coroutines never observe or clobber each other's half-done work.
    * A use case that reads, decides and writes does it in one unit of work: ``async with
      repository.transaction() as uow:`` and every call on ``uow``. They commit together when
      the block ends, or not at all if it raises.
    * Datetimes go in and come out timezone-aware in UTC. Local dates are plain ``date`` values.
    * Anything owned by a user is read and changed only through that user's id: asking for a goal,
      milestone or entry with the wrong ``user_id`` behaves exactly as if it did not exist. This is
      what keeps one user's data invisible to another even when callback data is forged.
    * Returned objects are immutable snapshots; change them with ``dataclasses.replace`` and save.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from bot.coach.cohorts import DueBatch
from storage.contract.daily_log import LogStore
from storage.contract.goals import GoalStore
from storage.contract.milestones import MilestoneStore
from storage.contract.outbox import OutboxStore
from storage.contract.partners import PartnerStore
from storage.contract.schedule import ScheduleStore
from storage.contract.users import UserStore


class StorageError(Exception):
    """Base class of storage errors."""


class NotFoundError(StorageError):
    """The object does not exist, or does not belong to the given user."""


class ActiveGoalLimitError(StorageError):
    """Making a goal ACTIVE would give the user more active goals than the limit allows.

    Attributes:
        limit: The limit that was asked for.
    """

    def __init__(self, user_id: int, limit: int) -> None:
        """Build the error with the user and the limit in the message."""
        super().__init__(f"user {user_id} already has {limit} or more active goals")
        self.limit = limit


class Repository(
    UserStore,
    ScheduleStore,
    GoalStore,
    MilestoneStore,
    LogStore,
    OutboxStore,
    PartnerStore,
    Protocol,
):
    """Async persistence for users, goals, milestones, the daily log and the outbox."""

    async def close(self) -> None:
        """Release connections. Safe to call twice."""

    def transaction(self, *, write: bool = True) -> AbstractAsyncContextManager[Repository]:
        """One unit of work: the yielded repository runs every call in one transaction.

        Commits when the ``async with`` block ends; rolls back everything if it raises.
        Inside a unit of work, ``transaction`` joins the open one.

        Args:
            write: False when the unit of work only reads: it then takes no write lock.
        """
        ...

    @property
    def single_instance(self) -> bool:
        """True where only one process may use the database at a time (SQLite)."""
        ...

    async def claim_instance(self, name: str) -> bool:
        """Claim ``name`` for this process until the repository is closed.

        Returns:
            False when another process holds the claim. PostgreSQL: a session advisory lock on
            ``name``. SQLite: the whole database file is claimed, whatever ``name`` (it serves
            one process); an in-memory database always returns True.
        """
        ...

    def claim_due_batch(
        self, now: datetime, limit: int
    ) -> AbstractAsyncContextManager[tuple[DueBatch | None, Repository]]:
        """The next users to plan: up to ``limit`` of the earliest due, all due at one instant.

        The batch is the due users whose ``next_due_at`` is the earliest at or before ``now``,
        in user id order (so every user of a batch has the same due time, ``DueBatch.since``);
        ``None`` when nobody is due. It is claimed until the block ends: the block plans it with
        the yielded repository (``apply_cohorts``, ``unplanned_users``, ``apply_schedule``).
        Where several instances share the database (PostgreSQL) the block is one write
        transaction holding the users' rows (``FOR UPDATE SKIP LOCKED``): another instance's
        tick skips them and claims others, so no user is planned twice, and a process that dies
        releases its claim with its connection. On SQLite (one process) the block holds the
        connection, and each statement runs off the event loop's thread and commits on its
        own, so replies to chatting users are served meanwhile (those that read or write wait
        for the block to end). A batch cut short there is planned again by the next tick: its
        users are still due, and the outbox key absorbs the rows it had written (they are
        written before the users move on).
        """
        ...
