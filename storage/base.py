"""The Repository contract: everything the bot stores, behind one async interface.

Every implementation (SQLite, the in-memory fake, later PostgreSQL) must pass the same contract
tests in ``tests/storage``. The rules below are the contract.

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

from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.coach.cohorts import CohortPlan, DateWindow, DueBatch
from bot.coach.models import (
    CardMark,
    CoachEventKind,
    DailyEntry,
    Delivery,
    DeliveryOutcome,
    DeliveryStatus,
    Goal,
    GoalStatus,
    Milestone,
    MilestoneStep,
    NewDelivery,
    NewEntry,
    NewGoal,
    NewTargetLevel,
    OutboxHealth,
    PartnerInvite,
    PartnerSharing,
    Partnership,
    SchedulePlan,
    StoreCounts,
    StreakState,
    TargetLevel,
    User,
    UserProfile,
    UserStatus,
)


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


class Repository(Protocol):
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

    # --- users -------------------------------------------------------------------------------

    async def upsert_user(self, profile: UserProfile, now: datetime) -> tuple[User, bool]:
        """Create the user on first contact, or refresh their Telegram profile.

        Refreshes chat id, first name and language code, sets ``last_seen_at`` to ``now``, and
        turns a BLOCKED user back to ACTIVE (they wrote to us, so they unblocked the bot). Never
        touches settings (a new user's ``language`` comes from ``profile.language``, later only
        from ``save_user``), goals or the dialog state.

        Returns:
            The stored user and whether it was created by this call.
        """
        ...

    async def get_user(self, user_id: int) -> User | None:
        """Return the user, or ``None`` if they never wrote to the bot (or were deleted)."""
        ...

    async def save_user(self, user: User) -> User:
        """Store the user's settings and dialog state (every field but the scheduling ones).

        ``status``, ``next_due_at``, ``fresh_start_prompted_on``, ``created_at`` and
        ``last_seen_at`` are left as stored: they have their own methods so that a settings
        change never clobbers the scheduler's work.
        ``updated_at`` is taken from the given user.

        Returns:
            The user as now stored.

        Raises:
            NotFoundError: The user does not exist.
        """
        ...

    async def set_user_status(self, user_id: int, status: UserStatus, now: datetime) -> None:
        """Mark a user active, blocked or deleted. Unknown users are ignored."""
        ...

    async def lock_user(self, user_id: int) -> None:
        """Inside a unit of work: hold the user until it ends, so that use cases of one user
        that read, decide and write never interleave (on several instances too).

        Costs nothing where the engine already lets one writer in at a time (SQLite).
        """
        ...

    async def set_dialog(self, user_id: int, dialog: str | None, now: datetime) -> None:
        """Put the user on a question (``dialog``) or off every question (``None``).

        A targeted write: nothing else of the row changes but ``updated_at`` (= ``now``), so it
        never undoes a settings change or the scheduler's work. Unknown users are ignored.
        """
        ...

    async def touch_users(self, seen: Mapping[int, datetime]) -> None:
        """Record when users were last seen, many at once (one batch per flush).

        ``last_seen_at`` only moves forward; ``updated_at`` is left alone (being seen is not a
        change of the user). Unknown users are ignored.
        """
        ...

    async def set_next_due(self, user_id: int, next_due_at: datetime | None) -> None:
        """Set when the scheduler should next look at the user (``None``: never)."""
        ...

    async def set_fresh_start_prompted(self, user_id: int, day: date) -> None:
        """Remember the landmark the user was last prompted on. Unknown users are ignored.

        A targeted write (like ``set_next_due``): the sender records it without rewriting the
        rest of the row, so it never undoes a settings change made meanwhile.
        """
        ...

    async def due_users(self, now: datetime, limit: int) -> list[User]:
        """Active users whose ``next_due_at`` is at or before ``now``, earliest first."""
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

    async def apply_cohorts(
        self,
        batch: DueBatch,
        plans: Sequence[CohortPlan],
        window: DateWindow,
        now: datetime,
    ) -> tuple[int, int]:
        """Apply cohort plans to the users of a claimed batch, with set-based statements.

        Every user of the batch who is still due at ``batch.since``, whose settings are a
        plan's cohort and who is not personal in ``window`` (``bot.coach.cohorts.is_personal``)
        gets the plan: its deliveries enqueued under their id (a key already taken is left
        alone), its stale ones recorded as SKIPPED, and its next due time.

        Returns:
            How many users were planned, and how many deliveries were newly enqueued as pending.
        """
        ...

    async def unplanned_users(self, batch: DueBatch) -> list[User]:
        """The users of a claimed batch still due at ``batch.since``, in user id order."""
        ...

    async def delete_user(self, user_id: int) -> None:
        """Erase the user and everything they own. Unknown users are ignored.

        Their partnerships go too, on both sides (whom they supported and who supported them),
        with their invites, their partner switches, and every outbox message about them or from
        them to someone else (``Delivery.about_user_id``).
        """
        ...

    # --- goals -------------------------------------------------------------------------------

    async def create_goal(self, new: NewGoal, now: datetime) -> Goal:
        """Create a goal with the next free priority (after the user's other goals).

        Raises:
            NotFoundError: The user does not exist.
        """
        ...

    async def get_goal(self, user_id: int, goal_id: int) -> Goal | None:
        """Return the goal if it exists and belongs to ``user_id``, else ``None``."""
        ...

    async def list_goals(
        self, user_id: int, statuses: Collection[GoalStatus] | None = None
    ) -> list[Goal]:
        """The user's goals, by priority then id; only the given statuses when set."""
        ...

    async def save_goal(self, goal: Goal) -> Goal:
        """Store every level, the status and the priority of a goal.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        ...

    async def set_goal_status(
        self,
        user_id: int,
        goal_id: int,
        status: GoalStatus,
        now: datetime,
        *,
        max_active: int | None = None,
    ) -> Goal:
        """Change only a goal's status (pause, resume, archive), checking the active limit.

        The check and the change are one atomic step, so two concurrent resumes can never both
        slip under the limit. Setting the status the goal already has changes nothing (not even
        ``updated_at``); a real change sets ``updated_at`` to ``now``. Levels, priority and
        milestones are left as stored.

        Args:
            user_id: The owner.
            goal_id: The goal.
            status: The new status.
            now: When the change happens.
            max_active: When set and ``status`` is ACTIVE, refuse if the user's *other* goals
                already hold this many ACTIVE ones.

        Returns:
            The goal as now stored.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
            ActiveGoalLimitError: The goal would be one active goal too many (nothing changed).
        """
        ...

    async def reorder_goals(
        self, user_id: int, goal_ids: Sequence[int], now: datetime
    ) -> list[Goal]:
        """Rewrite the user's priorities in one atomic step.

        The listed goals come first, in the order given (priorities 1, 2, ...); the user's other
        goals follow in their previous order. Priorities come out compact: 1 to the number of
        goals. Goals whose priority changes get ``updated_at`` = ``now``; the rest are untouched.

        Returns:
            All the user's goals in their new order (as ``list_goals`` would return them).

        Raises:
            NotFoundError: An id is not one of the user's goals (nothing changed).
            ValueError: An id is listed twice (nothing changed).
        """
        ...

    async def get_goal_and_state(
        self, user_id: int, goal_id: int, *, lock: bool = False
    ) -> tuple[Goal, StreakState | None] | None:
        """The goal with its streak checkpoint (``None`` when none is kept), in one read.

        Args:
            user_id: The owner; another user's goal reads as ``None``.
            goal_id: The goal.
            lock: In a unit of work that will write the goal's log, hold the goal until it
                ends, so that concurrent wins on the same goal are counted one after the other.

        Returns:
            The goal and its checkpoint, or ``None`` if the goal is not the user's.
        """
        ...

    async def list_goals_and_states(
        self, user_id: int, statuses: Collection[GoalStatus], *, lock: bool = False
    ) -> list[tuple[Goal, StreakState | None]]:
        """The user's goals of these statuses, by priority, each with its checkpoint.

        One read for a use case that may log on any of them (a typed win). ``lock`` as in
        :meth:`get_goal_and_state`.
        """
        ...

    async def save_goal_state(
        self, user_id: int, goal_id: int, state: StreakState | None, now: datetime
    ) -> None:
        """Keep a goal's streak checkpoint (``None`` drops it). A goal not the user's is ignored.

        The checkpoint is derived from the log and is the caller's to keep right: a unit of
        work that changes a day on or before ``state.judged_through`` saves a recomputed one.
        ``save_goal``, ``set_goal_status`` and ``undo_entry`` drop the checkpoint themselves
        (they may change how past days are judged).
        """
        ...

    # --- milestones --------------------------------------------------------------------------

    async def add_milestone(
        self, user_id: int, goal_id: int, title: str, due_date: date | None, now: datetime
    ) -> Milestone:
        """Add a milestone at the end of the goal's list.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        ...

    async def list_milestones(self, user_id: int, goal_id: int) -> list[Milestone]:
        """The goal's milestones (with their steps) in position order; empty if not the user's."""
        ...

    async def get_milestone(self, user_id: int, milestone_id: int) -> Milestone | None:
        """Return the milestone with its steps if it belongs to ``user_id``, else ``None``."""
        ...

    async def set_milestone_due(
        self, user_id: int, milestone_id: int, due_date: date | None
    ) -> Milestone:
        """Move a milestone's deadline (``None``: no deadline). Title, steps and done are kept.

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        ...

    async def set_milestone_done(
        self, user_id: int, milestone_id: int, done_at: datetime | None
    ) -> Milestone:
        """Tick a milestone off (``done_at``) or reopen it (``None``).

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        ...

    async def delete_milestone(self, user_id: int, milestone_id: int) -> None:
        """Delete a milestone and its steps.

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        ...

    # --- milestone steps ---------------------------------------------------------------------
    # A step belongs to whoever owns its milestone: the same ownership rule applies.

    async def add_step(self, user_id: int, milestone_id: int, title: str) -> MilestoneStep:
        """Add an open step at the end of the milestone's steps (the next free position).

        Raises:
            NotFoundError: The milestone does not exist or belongs to another user.
        """
        ...

    async def set_step_done(
        self, user_id: int, step_id: int, done_at: datetime | None
    ) -> MilestoneStep:
        """Tick a step off (``done_at``) or reopen it (``None``).

        Raises:
            NotFoundError: The step does not exist or its milestone belongs to another user.
        """
        ...

    async def delete_step(self, user_id: int, step_id: int) -> None:
        """Delete one step; the other steps keep their positions.

        Raises:
            NotFoundError: The step does not exist or its milestone belongs to another user.
        """
        ...

    # --- the daily log -----------------------------------------------------------------------

    async def append_entry(self, new: NewEntry, now: datetime) -> DailyEntry:
        """Append an entry to the log (``recorded_at`` = ``now``).

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        ...

    async def list_entries(
        self,
        user_id: int,
        goal_id: int,
        since: date | None = None,
        until: date | None = None,
        *,
        include_undone: bool = False,
    ) -> list[DailyEntry]:
        """The goal's entries with ``since <= local_date <= until``, oldest first.

        Ordered by local date, then by the order they were appended. Undone entries are left out
        unless ``include_undone``. Empty if the goal is not the user's.
        """
        ...

    async def undo_entry(self, user_id: int, entry_id: int, now: datetime) -> DailyEntry:
        """Mark an entry undone (it stays in the log for history).

        Raises:
            NotFoundError: The entry does not exist or belongs to another user.
        """
        ...

    # --- target levels and coach events ------------------------------------------------------

    async def add_target_level(self, new: NewTargetLevel, now: datetime) -> TargetLevel:
        """Append a daily target to the goal's history (``created_at`` = ``now``).

        Levels are never changed or deleted (but with their goal): the target in force on a
        date is the latest level whose ``effective_from`` is on or before it.

        Raises:
            NotFoundError: The goal does not exist or belongs to another user.
        """
        ...

    async def list_target_levels(self, user_id: int, goal_id: int) -> list[TargetLevel]:
        """The goal's levels by ``effective_from``, then in the order added; empty if not theirs."""
        ...

    async def withdraw_target_levels(self, user_id: int, goal_id: int, after: date) -> int:
        """Delete the goal's levels that come into force after ``after``.

        A level not in force yet (next week's goal, accepted in a review) is a plan, not
        history: a change made before its date replaces it. Levels in force on or before
        ``after`` are never touched.

        Returns:
            How many levels were withdrawn (0 for another user's goal).
        """
        ...

    async def mark_event(
        self, user_id: int, goal_id: int, kind: CoachEventKind, key: str, now: datetime
    ) -> bool:
        """Record a one-off coaching moment (an offer made, a milestone celebrated).

        Returns:
            True the first time (goal, kind, key) is marked, False ever after — so the caller
            shows the offer or the celebration only once. False for a goal that is not the user's.
        """
        ...

    # --- counts (/stats) ---------------------------------------------------------------------

    async def counts(self) -> StoreCounts:
        """Users, goals and deliveries counted by status (statuses with none are left out)."""
        ...

    # --- the outbox --------------------------------------------------------------------------

    async def enqueue_delivery(self, new: NewDelivery, now: datetime) -> Delivery | None:
        """Put a message in the outbox unless one with the same (user, kind, local date) exists.

        Returns:
            The new delivery, or ``None`` when the key was already taken (nothing is sent twice).
        """
        ...

    async def apply_schedule(self, plans: Sequence[SchedulePlan], now: datetime) -> int:
        """Apply a scheduler tick's plans in one transaction.

        For each plan: enqueue its deliveries (unique per user, kind and local date, so a slot
        seen twice is written once), record its stale deliveries as SKIPPED (unless the key is
        already taken), and set the user's next due time. Unknown users are ignored.

        Returns:
            How many deliveries were newly enqueued as pending.
        """
        ...

    async def pending_deliveries(self, now: datetime, limit: int) -> list[Delivery]:
        """Pending deliveries due at or before ``now`` and not waiting for a retry, by due time."""
        ...

    async def record_delivery(
        self,
        delivery_id: int,
        status: DeliveryStatus,
        now: datetime,
        *,
        error: str | None = None,
        telegram_message_id: int | None = None,
        retry_at: datetime | None = None,
    ) -> Delivery:
        """Record an attempt's outcome: counts the attempt and stores status and reason.

        With ``status`` PENDING and ``retry_at`` set, the delivery waits until ``retry_at``.
        SENT stores ``sent_at`` = ``now`` and the Telegram message id. The attempt in flight
        (``Delivery.sending``) is over: it is cleared.

        Raises:
            NotFoundError: No such delivery.
        """
        ...

    async def get_delivery(self, delivery_id: int) -> Delivery | None:
        """Return one delivery by id."""
        ...

    async def find_delivery(self, user_id: int, kind: str, local_date: date) -> Delivery | None:
        """The delivery with this key (user, kind, local date), whatever its status, if any."""
        ...

    async def claim_deliveries(self, now: datetime, limit: int, lease: timedelta) -> list[Delivery]:
        """Claim due deliveries for one sender until ``now + lease``, earliest due first.

        Due as in :meth:`pending_deliveries`, and not claimed by another sender whose lease
        still runs. Two senders claiming at once get different deliveries (PostgreSQL skips the
        rows the other is claiming); a sender that dies lets its claims lapse at the lease's
        end, and the cards it sent are on the row (:meth:`record_progress`). Recording an
        outcome (:meth:`record_delivery`) ends the claim.
        """
        ...

    async def release_deliveries(self, delivery_ids: Sequence[int]) -> None:
        """Give claimed deliveries that were not sent back, to be claimed again at once."""
        ...

    async def record_progress(
        self, delivery_id: int, cards_sent: int, first_message_id: int | None
    ) -> None:
        """Store how many cards of a delivery went out, and the first one's message id, so that
        whoever sends it next goes on from there. Clears the attempt in flight."""
        ...

    async def record_sending(self, delivery_id: int, card: int) -> None:
        """Note that card ``card`` (0-based) of a delivery is about to be sent.

        Written (and committed) before the request leaves, so that a sender that dies before
        recording Telegram's answer leaves a trace (``Delivery.sending``): whoever claims the
        delivery next knows it may have arrived. Recording an outcome or progress clears it.
        """
        ...

    async def record_batch(
        self,
        marks: Sequence[CardMark],
        outcomes: Sequence[DeliveryOutcome],
        blocked_users: Sequence[int],
        now: datetime,
    ) -> None:
        """Record a sender's marks and outcomes of many deliveries in one transaction.

        A mark is :meth:`record_sending` and the progress before it (how many cards went, the
        first one's id) at once; an outcome is :meth:`record_delivery`; a blocked user is
        :meth:`set_user_status` to BLOCKED. Deliveries and users that no longer exist are
        ignored (their user left meanwhile).
        """
        ...

    async def outbox_health(self, now: datetime) -> OutboxHealth:
        """How far behind the outbox is at ``now``: one cheap read, also a database ping.

        Raises:
            StorageError: The database cannot be reached (any driver error may also surface).
        """
        ...

    # --- accountability partners -------------------------------------------------------------
    # A partnership has two sides, the user supported and the partner: either one may read or
    # end it, nobody else. An invite is found by its code alone: the code is the secret.

    async def create_invite(
        self, user_id: int, code: str, now: datetime, expires_at: datetime
    ) -> PartnerInvite:
        """Issue an invite code for the user, withdrawing their other open invites.

        One open invite per user, so that two friends can never both get under the partner
        limit with two links.

        Raises:
            NotFoundError: The user does not exist.
            StorageError: The code is taken (nothing changed).
        """
        ...

    async def get_invite(self, code: str) -> PartnerInvite | None:
        """The invite with this code, used, revoked and expired ones included."""
        ...

    async def open_invite(self, user_id: int, now: datetime) -> PartnerInvite | None:
        """The user's newest invite that still works at ``now`` (not used, revoked or expired)."""
        ...

    async def list_invites(self, user_id: int) -> list[PartnerInvite]:
        """Every invite the user issued, oldest first."""
        ...

    async def revoke_invites(self, user_id: int, now: datetime) -> int:
        """Withdraw the user's invites that still work (``revoked_at`` = ``now``).

        Returns:
            How many were withdrawn.
        """
        ...

    async def add_partnership(
        self, invite_id: int, partner_id: int, now: datetime
    ) -> Partnership | None:
        """Spend an invite on ``partner_id``: mark it used and make its user's partnership.

        One atomic step, so a code is accepted once however many press at once.

        Returns:
            The partnership, or ``None`` with nothing changed: the invite is used, revoked or
            expired at ``now``, is the partner's own, or the two already are partners.
        """
        ...

    async def list_partners(self, user_id: int) -> list[Partnership]:
        """The people supporting ``user_id``, in the order they joined."""
        ...

    async def list_supported(self, partner_id: int) -> list[Partnership]:
        """The people ``partner_id`` supports, in the order they joined."""
        ...

    async def get_partnership(self, partnership_id: int, person_id: int) -> Partnership | None:
        """The partnership if ``person_id`` is one of its two sides, else ``None``."""
        ...

    async def find_partnership(self, user_id: int, partner_id: int) -> Partnership | None:
        """The partnership in which ``partner_id`` supports ``user_id``, if there is one."""
        ...

    async def delete_partnership(self, partnership_id: int, person_id: int) -> bool:
        """End a partnership that ``person_id`` is a side of.

        Returns:
            False when there is no such partnership of theirs (nothing changed).
        """
        ...

    async def get_sharing(self, user_id: int) -> PartnerSharing:
        """What the user's partners may hear (the defaults until the user changes a switch)."""
        ...

    async def save_sharing(
        self, user_id: int, sharing: PartnerSharing, now: datetime
    ) -> PartnerSharing:
        """Store what the user's partners may hear.

        Raises:
            NotFoundError: The user does not exist.
        """
        ...
