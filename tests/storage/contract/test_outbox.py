"""The outbox: deliveries queued, claimed, sent and recorded, a schedule applied, its health."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from bot.coach.models import (
    CardMark,
    Delivery,
    DeliveryOutcome,
    DeliveryStatus,
    NewDelivery,
    OutboxHealth,
    SchedulePlan,
    UserStatus,
)
from storage.base import NotFoundError, Repository
from tests.storage.contract.support import DAY, T0, add_user, at, delivery, enqueue


async def test_enqueue_delivery_stores_everything(repo: Repository) -> None:
    await add_user(repo, 1)
    new = NewDelivery(
        user_id=1,
        kind="morning_nudge",
        local_date=DAY,
        due_at=at(10),
        expires_at=at(130),
        payload={"goal_id": 3, "text": "Write one sentence ✍️", "tags": ["a", "b"], "x": None},
    )

    stored = await repo.enqueue_delivery(new, T0)

    assert stored is not None
    assert stored == Delivery(
        delivery_id=stored.delivery_id,
        user_id=1,
        kind="morning_nudge",
        local_date=DAY,
        due_at=at(10),
        created_at=T0,
        expires_at=at(130),
        payload={"goal_id": 3, "text": "Write one sentence ✍️", "tags": ["a", "b"], "x": None},
    )
    assert await repo.get_delivery(stored.delivery_id) == stored


async def test_enqueue_delivery_is_idempotent_per_user_kind_and_date(repo: Repository) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    original = await enqueue(repo, delivery(1, payload={"v": 1}))

    duplicate = await repo.enqueue_delivery(delivery(1, due_at=at(5), payload={"v": 2}), at(1))
    other_kind = await repo.enqueue_delivery(delivery(1, kind="evening_reminder"), T0)
    other_day = await repo.enqueue_delivery(delivery(1, day=DAY + timedelta(days=1)), T0)
    other_user = await repo.enqueue_delivery(delivery(2), T0)

    assert duplicate is None
    assert await repo.get_delivery(original.delivery_id) == original  # not overwritten
    assert None not in (other_kind, other_day, other_user)
    assert len(await repo.pending_deliveries(at(60), 100)) == 4


async def test_enqueue_delivery_for_unknown_user_raises(repo: Repository) -> None:
    with pytest.raises(NotFoundError):
        await repo.enqueue_delivery(delivery(404), T0)


async def test_pending_deliveries_are_due_pending_and_ordered_by_due_time(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    late = await enqueue(repo, delivery(kind="a", due_at=at(-1)))
    early = await enqueue(repo, delivery(kind="b", due_at=at(-30)))
    tie = await enqueue(repo, delivery(kind="c", due_at=at(-30)))
    now = await enqueue(repo, delivery(kind="d", due_at=T0))
    await enqueue(repo, delivery(kind="future", due_at=at(1)))
    sent = await enqueue(repo, delivery(kind="sent", due_at=at(-60)))
    await repo.record_delivery(sent.delivery_id, DeliveryStatus.SENT, T0, telegram_message_id=1)

    assert await repo.pending_deliveries(T0, 100) == [early, tie, late, now]
    assert await repo.pending_deliveries(T0, 2) == [early, tie]
    assert await repo.pending_deliveries(T0, 0) == []


async def test_retry_at_postpones_a_pending_delivery(repo: Repository) -> None:
    await add_user(repo, 1)
    stored = await enqueue(repo, delivery(due_at=T0))

    retried = await repo.record_delivery(
        stored.delivery_id, DeliveryStatus.PENDING, at(1), error="RetryAfter 30", retry_at=at(2)
    )

    assert retried == dataclasses.replace(
        stored, attempts=1, last_error="RetryAfter 30", next_attempt_at=at(2)
    )
    assert await repo.pending_deliveries(at(1.5), 10) == []
    assert await repo.pending_deliveries(at(2), 10) == [retried]


async def test_record_delivery_sent(repo: Repository) -> None:
    await add_user(repo, 1)
    stored = await enqueue(repo, delivery())
    await repo.record_delivery(
        stored.delivery_id, DeliveryStatus.PENDING, at(1), error="timeout", retry_at=at(2)
    )

    sent = await repo.record_delivery(
        stored.delivery_id, DeliveryStatus.SENT, at(3), telegram_message_id=987654321
    )

    assert sent == dataclasses.replace(
        stored,
        status=DeliveryStatus.SENT,
        attempts=2,
        sent_at=at(3),
        telegram_message_id=987654321,
    )
    assert await repo.get_delivery(stored.delivery_id) == sent
    assert await repo.pending_deliveries(at(60), 10) == []


@pytest.mark.parametrize("status", [DeliveryStatus.FAILED, DeliveryStatus.SKIPPED])
async def test_record_delivery_failed_or_skipped_keeps_the_reason(
    repo: Repository, status: DeliveryStatus
) -> None:
    await add_user(repo, 1)
    stored = await enqueue(repo, delivery())

    # retry_at only means something for PENDING; with a final status it is ignored.
    recorded = await repo.record_delivery(
        stored.delivery_id, status, at(1), error="Forbidden: bot was blocked", retry_at=at(9)
    )

    assert recorded == dataclasses.replace(
        stored, status=status, attempts=1, last_error="Forbidden: bot was blocked"
    )
    assert await repo.get_delivery(stored.delivery_id) == recorded
    assert await repo.pending_deliveries(at(60), 10) == []


async def test_claimed_deliveries_are_leased_to_one_sender(repo: Repository) -> None:
    await add_user(repo, 1)
    late = await enqueue(repo, delivery(kind="a", due_at=at(-1)))
    early = await enqueue(repo, delivery(kind="b", due_at=at(-30)))
    await enqueue(repo, delivery(kind="future", due_at=at(1)))
    lease = timedelta(minutes=1)

    claimed = await repo.claim_deliveries(T0, 10, lease)
    while_leased = await repo.claim_deliveries(at(0.5), 10, lease)
    after_the_lease = await repo.claim_deliveries(at(1), 1, lease)

    assert [d.delivery_id for d in claimed] == [early.delivery_id, late.delivery_id]
    assert {d.claimed_until for d in claimed} == {at(1)}
    assert while_leased == []
    assert [d.delivery_id for d in after_the_lease] == [early.delivery_id]  # the lapsed claim
    assert after_the_lease[0].claimed_until == at(2)


async def test_an_outcome_or_a_release_ends_a_claim(repo: Repository) -> None:
    await add_user(repo, 1)
    first = await enqueue(repo, delivery(kind="a", due_at=at(-2)))
    second = await enqueue(repo, delivery(kind="b", due_at=at(-1)))
    await repo.claim_deliveries(T0, 10, timedelta(minutes=1))

    retried = await repo.record_delivery(
        first.delivery_id, DeliveryStatus.PENDING, T0, error="500", retry_at=T0
    )
    await repo.release_deliveries([second.delivery_id])

    assert retried.claimed_until is None
    again = await repo.claim_deliveries(T0, 10, timedelta(minutes=1))
    assert [d.delivery_id for d in again] == [first.delivery_id, second.delivery_id]
    await repo.release_deliveries([])  # nothing to give back: nothing happens


async def test_the_cards_of_a_delivery_already_sent_are_kept_on_its_row(repo: Repository) -> None:
    await add_user(repo, 1)
    stored = await enqueue(repo, delivery())

    await repo.record_progress(stored.delivery_id, 2, 4242)
    await repo.record_delivery(
        stored.delivery_id, DeliveryStatus.PENDING, T0, error="timeout", retry_at=at(1)
    )

    [again] = await repo.claim_deliveries(at(1), 10, timedelta(minutes=1))
    assert (again.cards_sent, again.first_message_id) == (2, 4242)


async def test_the_card_about_to_be_sent_is_on_the_row_until_its_outcome_is(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    crashed = await enqueue(repo, delivery(kind="crashed"))
    answered = await enqueue(repo, delivery(kind="answered"))
    progressed = await enqueue(repo, delivery(kind="progressed"))
    for stored in (crashed, answered, progressed):
        await repo.record_sending(stored.delivery_id, 1)

    await repo.record_delivery(answered.delivery_id, DeliveryStatus.UNCERTAIN, T0, error="lost")
    await repo.record_progress(progressed.delivery_id, 2, 77)

    found = {d.kind: d for d in await repo.claim_deliveries(at(1), 10, timedelta(minutes=1))}
    assert found["crashed"].sending == 1  # the sender died before recording an answer
    assert found["progressed"].sending is None
    uncertain = await repo.get_delivery(answered.delivery_id)
    assert uncertain is not None
    assert (uncertain.status, uncertain.sending) == (DeliveryStatus.UNCERTAIN, None)
    assert "answered" not in found  # never claimed again
    assert (await repo.counts()).deliveries == {"pending": 2, "uncertain": 1}


async def test_a_senders_marks_and_outcomes_of_many_deliveries_land_together(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    about_to_go = await enqueue(repo, delivery(kind="about to go"))
    second_card = await enqueue(repo, delivery(kind="second card"))
    sent = await enqueue(repo, delivery(kind="sent"))
    refused = await enqueue(repo, delivery(user_id=2, kind="refused"))
    await repo.claim_deliveries(T0, 10, timedelta(minutes=1))

    await repo.record_batch(
        [
            CardMark(about_to_go.delivery_id, 0, 0, None),
            CardMark(second_card.delivery_id, 1, 1, 4242),
            CardMark(999_999, 0, 0, None),  # gone meanwhile: ignored
        ],
        [
            DeliveryOutcome(sent.delivery_id, DeliveryStatus.SENT, None, 77),
            DeliveryOutcome(refused.delivery_id, DeliveryStatus.FAILED, "forbidden"),
        ],
        [2],
        at(1),
    )

    rows = {
        stored.kind: found
        for stored in (about_to_go, second_card, sent, refused)
        if (found := await repo.get_delivery(stored.delivery_id)) is not None
    }
    assert (rows["about to go"].sending, rows["about to go"].cards_sent) == (0, 0)
    assert (rows["second card"].sending, rows["second card"].first_message_id) == (1, 4242)
    assert (rows["sent"].status, rows["sent"].telegram_message_id) == (DeliveryStatus.SENT, 77)
    assert rows["sent"].sent_at == at(1)
    assert (rows["refused"].status, rows["refused"].last_error) == (
        DeliveryStatus.FAILED,
        "forbidden",
    )
    blocked = await repo.get_user(2)
    assert blocked is not None
    assert blocked.status is UserStatus.BLOCKED


async def test_the_cards_about_to_go_are_on_their_rows_all_or_none(repo: Repository) -> None:
    await add_user(repo, 1)
    first = await enqueue(repo, delivery(kind="first"))
    second = await enqueue(repo, delivery(kind="second"))

    await repo.record_marks(
        [CardMark(first.delivery_id, 0, 0, None), CardMark(second.delivery_id, 1, 1, 4242)]
    )
    with pytest.raises(Exception, match=r"(?i)check constraint"):  # each driver its own error
        await repo.record_marks(
            [CardMark(first.delivery_id, 1, 1, 99), CardMark(second.delivery_id, 2, -1, 4242)]
        )
    await repo.record_marks([])  # nothing about to go: nothing happens

    marked = [await repo.get_delivery(d.delivery_id) for d in (first, second)]
    assert [(d.sending, d.cards_sent, d.first_message_id) for d in marked if d] == [
        (0, 0, None),  # the failed batch left the first row as it was
        (1, 1, 4242),
    ]


async def test_outbox_health_of_an_empty_outbox(repo: Repository) -> None:
    assert await repo.outbox_health(T0) == OutboxHealth(0, None, None)


async def test_outbox_health_counts_what_should_be_sending_and_when_one_last_went(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    oldest = await enqueue(repo, delivery(kind="a", due_at=at(-20)))
    await enqueue(repo, delivery(kind="b", due_at=at(-5)))
    await enqueue(repo, delivery(kind="future", due_at=at(5)))
    waiting = await enqueue(repo, delivery(kind="waiting", due_at=at(-30)))
    await repo.record_delivery(
        waiting.delivery_id, DeliveryStatus.PENDING, at(-1), error="429", retry_at=at(3)
    )
    for kind, minutes in (("sent early", -50), ("sent late", -10)):
        sent = await enqueue(repo, delivery(kind=kind, due_at=at(-60)))
        await repo.record_delivery(sent.delivery_id, DeliveryStatus.SENT, at(minutes))
    failed = await enqueue(repo, delivery(kind="failed", due_at=at(-60)))
    await repo.record_delivery(failed.delivery_id, DeliveryStatus.FAILED, at(-2))

    # The one waiting for its retry is not behind yet; the future one is not due.
    assert await repo.outbox_health(T0) == OutboxHealth(2, oldest.due_at, at(-10))
    assert await repo.outbox_health(at(3)) == OutboxHealth(3, waiting.due_at, at(-10))


async def test_record_delivery_unknown_raises(repo: Repository) -> None:
    assert await repo.get_delivery(404) is None
    with pytest.raises(NotFoundError):
        await repo.record_delivery(404, DeliveryStatus.SENT, T0)


async def test_apply_schedule_enqueues_once_records_stale_and_moves_next_due(
    repo: Repository,
) -> None:
    await add_user(repo, 1)
    await add_user(repo, 2)
    nudge = NewDelivery(1, "morning_nudge", DAY, at(10), at(100))
    evening = NewDelivery(1, "evening_reminder", DAY, at(20), at(30))
    plans = [
        SchedulePlan(1, (nudge,), (evening,), at(500)),
        SchedulePlan(2, (NewDelivery(2, "morning_nudge", DAY, at(5)),), (), None),
        SchedulePlan(99, (NewDelivery(99, "morning_nudge", DAY, at(5)),), (), at(9)),
    ]

    assert await repo.apply_schedule(plans, at(40)) == 2
    assert await repo.apply_schedule(plans, at(41)) == 0  # a slot seen twice is written once

    pending = await repo.pending_deliveries(at(60), 10)
    assert [(d.user_id, d.kind) for d in pending] == [(2, "morning_nudge"), (1, "morning_nudge")]
    user_one, user_two = await repo.get_user(1), await repo.get_user(2)
    assert user_one is not None
    assert user_two is not None
    assert (user_one.next_due_at, user_two.next_due_at) == (at(500), None)
    assert await repo.due_users(at(1000), 10) == [user_one]
    assert await repo.enqueue_delivery(evening, at(50)) is None  # stale key is taken, as skipped
