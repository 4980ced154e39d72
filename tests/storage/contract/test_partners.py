"""The Repository's partner section (storage/base.py), on both engines.

Invites are single-use, expire and can be withdrawn; a partnership has two sides and nobody
else sees or ends it; erasing either side erases the partnership and the messages between them.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from bot.coach.models import DeliveryStatus, NewDelivery, PartnerSharing, UserProfile, UserStatus
from storage.base import NotFoundError, Repository, StorageError
from tests.storage.contract.support import T0

WEEK = timedelta(days=7)
ANA, BEN, CLEO = 1, 2, 3


@pytest.fixture
async def repo(repo: Repository) -> Repository:
    """The fresh repository of each engine, with Ana, Ben and Cleo in it."""
    for user_id, name in ((ANA, "Ana"), (BEN, "Ben"), (CLEO, "Cleo")):
        await repo.upsert_user(UserProfile(user_id, user_id, name), T0)
    return repo


async def test_an_invite_is_found_by_its_code_with_the_inviters_name(repo: Repository) -> None:
    issued = await repo.create_invite(ANA, "p-code-one", T0, T0 + WEEK)

    found = await repo.get_invite("p-code-one")

    assert found == issued
    assert (found.user_id, found.inviter_name, found.expires_at) == (ANA, "Ana", T0 + WEEK)
    assert (found.used_at, found.revoked_at, found.used_by) == (None, None, None)
    assert await repo.get_invite("p-never-issued") is None
    assert await repo.open_invite(ANA, T0) == issued
    assert await repo.open_invite(ANA, T0 + WEEK) is None  # expired


async def test_a_new_invite_withdraws_the_open_one(repo: Repository) -> None:
    first = await repo.create_invite(ANA, "p-first", T0, T0 + WEEK)

    second = await repo.create_invite(ANA, "p-second", T0 + timedelta(hours=1), T0 + 2 * WEEK)

    old = await repo.get_invite("p-first")
    assert old is not None
    assert old.revoked_at == T0 + timedelta(hours=1)
    assert await repo.open_invite(ANA, T0 + timedelta(hours=2)) == second
    assert await repo.add_partnership(first.invite_id, BEN, T0 + timedelta(hours=2)) is None
    assert [i.code for i in await repo.list_invites(ANA)] == ["p-first", "p-second"]


async def test_an_invite_for_nobody_or_with_a_taken_code_changes_nothing(
    repo: Repository,
) -> None:
    await repo.create_invite(ANA, "p-taken", T0, T0 + WEEK)

    with pytest.raises(NotFoundError):
        await repo.create_invite(99, "p-other", T0, T0 + WEEK)
    with pytest.raises(StorageError):
        await repo.create_invite(BEN, "p-taken", T0, T0 + WEEK)

    assert await repo.list_invites(BEN) == []
    assert await repo.open_invite(ANA, T0) is not None  # the failed insert revoked nothing


async def test_revoking_withdraws_only_open_invites(repo: Repository) -> None:
    used = await repo.create_invite(ANA, "p-used", T0, T0 + WEEK)
    assert await repo.add_partnership(used.invite_id, BEN, T0) is not None
    await repo.create_invite(ANA, "p-open", T0, T0 + WEEK)

    assert await repo.revoke_invites(ANA, T0 + timedelta(minutes=5)) == 1
    assert await repo.revoke_invites(ANA, T0 + timedelta(minutes=6)) == 0

    spent = await repo.get_invite("p-used")
    assert spent is not None
    assert spent.revoked_at is None
    assert spent.used_by == BEN
    assert await repo.open_invite(ANA, T0 + timedelta(minutes=7)) is None


async def test_accepting_spends_the_invite_once_and_makes_the_partnership(
    repo: Repository,
) -> None:
    invite = await repo.create_invite(ANA, "p-once", T0, T0 + WEEK)

    made = await repo.add_partnership(invite.invite_id, BEN, T0 + timedelta(minutes=1))
    again = await repo.add_partnership(invite.invite_id, CLEO, T0 + timedelta(minutes=2))

    assert made is not None
    assert again is None
    assert (made.user_id, made.partner_id, made.user_name, made.partner_name) == (
        ANA,
        BEN,
        "Ana",
        "Ben",
    )
    assert made.partner_status is UserStatus.ACTIVE
    spent = await repo.get_invite("p-once")
    assert spent is not None
    assert (spent.used_by, spent.used_at) == (BEN, T0 + timedelta(minutes=1))
    assert await repo.list_partners(ANA) == [made]
    assert await repo.list_supported(BEN) == [made]
    assert await repo.list_supported(CLEO) == []


async def test_two_friends_accepting_at_once_make_one_partnership(repo: Repository) -> None:
    invite = await repo.create_invite(ANA, "p-race", T0, T0 + WEEK)

    results = await asyncio.gather(
        repo.add_partnership(invite.invite_id, BEN, T0),
        repo.add_partnership(invite.invite_id, CLEO, T0),
    )

    assert sum(result is not None for result in results) == 1
    assert len(await repo.list_partners(ANA)) == 1


async def test_expired_revoked_own_and_repeated_invites_make_nothing(repo: Repository) -> None:
    expired = await repo.create_invite(ANA, "p-expired", T0, T0 + WEEK)
    assert await repo.add_partnership(expired.invite_id, BEN, T0 + WEEK) is None
    revoked = await repo.create_invite(ANA, "p-revoked", T0, T0 + WEEK)
    await repo.revoke_invites(ANA, T0)
    assert await repo.add_partnership(revoked.invite_id, BEN, T0) is None
    own = await repo.create_invite(ANA, "p-own", T0, T0 + WEEK)
    assert await repo.add_partnership(own.invite_id, ANA, T0) is None
    assert await repo.add_partnership(own.invite_id, BEN, T0) is not None
    repeat = await repo.create_invite(ANA, "p-repeat", T0, T0 + WEEK)
    assert await repo.add_partnership(repeat.invite_id, BEN, T0) is None  # already partners

    still_open = await repo.get_invite("p-repeat")
    assert still_open is not None
    assert still_open.used_at is None
    assert [p.partner_id for p in await repo.list_partners(ANA)] == [BEN]
    assert await repo.add_partnership(9999, BEN, T0) is None


async def test_only_the_two_sides_see_or_end_a_partnership(repo: Repository) -> None:
    invite = await repo.create_invite(ANA, "p-sides", T0, T0 + WEEK)
    made = await repo.add_partnership(invite.invite_id, BEN, T0)
    assert made is not None
    pid = made.partnership_id

    assert await repo.get_partnership(pid, ANA) == made
    assert await repo.get_partnership(pid, BEN) == made
    assert await repo.get_partnership(pid, CLEO) is None
    assert await repo.find_partnership(ANA, BEN) == made
    assert await repo.find_partnership(BEN, ANA) is None
    assert await repo.delete_partnership(pid, CLEO) is False
    assert await repo.find_partnership(ANA, BEN) == made

    assert await repo.delete_partnership(pid, BEN) is True
    assert await repo.delete_partnership(pid, ANA) is False
    assert await repo.list_partners(ANA) == []


async def test_a_partner_who_blocked_the_bot_reads_as_blocked(repo: Repository) -> None:
    invite = await repo.create_invite(ANA, "p-blocked", T0, T0 + WEEK)
    await repo.add_partnership(invite.invite_id, BEN, T0)

    await repo.set_user_status(BEN, UserStatus.BLOCKED, T0)

    (partner,) = await repo.list_partners(ANA)
    assert partner.partner_status is UserStatus.BLOCKED


async def test_sharing_starts_at_the_defaults_and_keeps_what_is_saved(repo: Repository) -> None:
    assert await repo.get_sharing(ANA) == PartnerSharing(
        weekly_digest=True, goal_names=False, restarts=True, milestones=True
    )
    changed = PartnerSharing(weekly_digest=False, goal_names=True, restarts=True, milestones=False)

    await repo.save_sharing(ANA, changed, T0)

    assert await repo.get_sharing(ANA) == changed
    assert await repo.get_sharing(BEN) == PartnerSharing()
    await repo.save_sharing(ANA, PartnerSharing(), T0)
    assert await repo.get_sharing(ANA) == PartnerSharing()
    with pytest.raises(NotFoundError):
        await repo.save_sharing(99, changed, T0)


async def test_erasing_either_side_erases_the_partnership_and_the_messages_between(
    repo: Repository,
) -> None:
    to_ben = await repo.create_invite(ANA, "p-ana", T0, T0 + WEEK)
    await repo.add_partnership(to_ben.invite_id, BEN, T0)
    to_ana = await repo.create_invite(CLEO, "p-cleo", T0, T0 + WEEK)
    await repo.add_partnership(to_ana.invite_id, ANA, T0)
    await repo.save_sharing(ANA, PartnerSharing(goal_names=True), T0)
    day = date(2026, 11, 22)
    news = await repo.enqueue_delivery(
        NewDelivery(BEN, "partner_digest:1", day, T0, about_user_id=ANA), T0
    )
    cheer = await repo.enqueue_delivery(
        NewDelivery(CLEO, "partner_cheer:7", day, T0, about_user_id=ANA), T0
    )
    own = await repo.enqueue_delivery(NewDelivery(BEN, "morning_nudge", day, T0), T0)
    notice = await repo.enqueue_delivery(NewDelivery(BEN, "partner_ended:1", day, T0), T0)
    assert news is not None
    assert cheer is not None
    assert own is not None
    assert notice is not None
    assert news.about_user_id == ANA
    assert own.about_user_id is None

    await repo.delete_user(ANA)

    assert await repo.list_supported(BEN) == []
    assert await repo.list_partners(CLEO) == []
    assert await repo.get_invite("p-ana") is None
    spent = await repo.get_invite("p-cleo")
    assert spent is not None
    assert spent.used_by is None
    assert spent.used_at is not None
    assert await repo.get_delivery(news.delivery_id) is None
    assert await repo.get_delivery(cheer.delivery_id) is None
    assert await repo.get_delivery(own.delivery_id) is not None
    assert await repo.get_delivery(notice.delivery_id) is not None


async def test_a_delivery_is_found_by_its_key_whatever_its_status(repo: Repository) -> None:
    day = date(2026, 11, 22)
    made = await repo.enqueue_delivery(NewDelivery(ANA, "partner_note:5", day, T0), T0)
    assert made is not None
    await repo.record_delivery(made.delivery_id, DeliveryStatus.SENT, T0)

    found = await repo.find_delivery(ANA, "partner_note:5", day)

    assert found is not None
    assert (found.delivery_id, found.status) == (made.delivery_id, DeliveryStatus.SENT)
    assert await repo.find_delivery(ANA, "partner_note:5", day + timedelta(days=1)) is None
    assert await repo.find_delivery(BEN, "partner_note:5", day) is None
    assert await repo.find_delivery(ANA, "partner_note:6", day) is None
