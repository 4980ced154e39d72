"""Ending a partnership (rule 13): remove, leave, /delete — and /export shows them.

Ada removes Ben, or Ben steps back, in one tap with a confirmation; the other side is told
kindly, once. A button naming someone else's partnership changes nothing. /delete ends every
partnership on both sides and the others hear it once; /export lists them by first name.
"""

from __future__ import annotations

import json

import pytest

from fake_telegram import FakeTelegram
from storage.base import Repository
from tests.bot.journeys import press_data
from tests.bot.partnering import after_press, invite_code, partner_up
from tests.bot.scheduling import Step, deliveries_of, enrol

pytestmark = pytest.mark.scheduler_by_hand


async def test_ada_removes_ben_after_a_confirmation_and_he_is_told_once(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben = fake.user(2002, "Ben")
    await partner_up(ada, ben, step)
    page = (await ada.send("/partner")).reply
    [partnership] = await db.list_partners(1001)
    heard = len(ben.messages)

    asked = await ada.press("Remove Ben", message=page)
    kept = await ada.press("Keep them")
    await ada.press("Remove Ben", message=page)
    removed = await ada.press("Yes, remove")
    told = await step.run()
    again = await step.run()
    replayed = await press_data(ada, f"pt:X:{partnership.partnership_id}")

    assert "Remove Ben as your partner? Ben is told kindly, once" in after_press(asked)
    assert "Your partners: Ben" in after_press(kept)  # kept: back to /partner, in place
    assert "Done — Ben is no longer your partner" in after_press(removed)
    assert (told.sent, again.sent) == (1, 0)
    assert len(ben.messages) == heard + 1
    assert ben.last_message.text == (
        "Ada has closed your partnership, so you won't get Ada's news any more. "
        "Thank you for every cheer! 💛"
    )
    assert "already ended" in after_press(replayed)
    assert await db.list_partners(1001) == []


async def test_ben_steps_back_and_ada_is_told_once(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = await enrol(fake, step.services, 1001)
    ben, cleo = fake.user(2002, "Ben"), fake.user(3003, "Cleo")
    await partner_up(ada, ben, step)
    [partnership] = await db.list_partners(1001)
    pid = partnership.partnership_id
    await cleo.send("/help")

    as_if_ada = await press_data(ben, f"pt:X:{pid}")  # Ben can leave, not "remove" himself
    by_cleo = await press_data(cleo, f"pt:L:{pid}")
    page = await ben.send("/partner")
    asked = await ben.press("Stop supporting Ada")
    left = await ben.press("Yes, step back")
    told = await step.run()
    again = await step.run()

    assert "already ended" in after_press(as_if_ada)
    assert "already ended" in after_press(by_cleo)
    assert "You cheer on: Ada." in page.text
    assert "Stop supporting Ada? Ada is told kindly, once." in after_press(asked)
    assert "Done — you no longer get Ada's news" in after_press(left)
    assert (told.sent, again.sent) == (1, 0)
    assert ada.last_message.text == (
        "Ben has stepped back as your partner — thanks to Ben for the cheers. "
        "/partner invites someone new whenever you like."
    )
    assert await db.list_partners(1001) == []


async def test_delete_ends_every_partnership_on_both_sides_and_the_others_hear_it_once(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = await enrol(fake, step.services, 1001)
    zoe = await enrol(fake, step.services, 4004, name="Zoe", zone="Europe/Lisbon")
    ben = fake.user(2002, "Ben")
    await partner_up(ada, ben, step)  # Ben supports Ada
    await partner_up(zoe, ada, step)  # Ada supports Zoe
    await ada.send("/delete")

    await ada.press("🗑 Yes, erase everything")
    told = await step.run()

    assert told.sent == 2
    assert ben.last_message.text == (
        "Ada has left Small Wins, so your partnership has ended. Thank you! 💛"
    )
    assert zoe.last_message.text == ben.last_message.text
    assert await db.list_supported(2002) == []
    assert await db.list_partners(4004) == []
    # "Ada accepted" was about her: it is erased with her; the farewell names her only.
    kinds = [row.kind.split(":")[0] for row in await deliveries_of(db, 4004)]
    assert kinds == ["partner_ended"]


async def test_a_partner_s_delete_removes_them_from_everyone_they_supported(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = await enrol(fake, step.services, 1001)
    zoe = await enrol(fake, step.services, 4004, name="Zoe", zone="Europe/Lisbon")
    ben = fake.user(2002, "Ben")
    await partner_up(ada, ben, step)
    await partner_up(zoe, ben, step)
    await ben.send("/delete")

    await ben.press("🗑 Yes, erase everything")
    await step.run()

    assert ada.last_message.text.startswith("Ben has left Small Wins")
    assert zoe.last_message.text.startswith("Ben has left Small Wins")
    assert await db.list_partners(1001) == []
    assert await db.list_partners(4004) == []
    assert await db.get_user(2002) is None


async def test_export_lists_the_partnerships_by_first_name_without_the_invite_code(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = await enrol(fake, step.services, 1001)
    zoe = await enrol(fake, step.services, 4004, name="Zoe", zone="Europe/Lisbon")
    ben = fake.user(2002, "Ben")
    used = await partner_up(ada, ben, step)
    await partner_up(zoe, ada, step)
    shown = await ada.send("/partner")
    open_code = invite_code(shown.reply)
    await ada.press("⬜ Goal names")

    await ada.send("/export")
    document = await ada.wait_for_message(lambda m: m.document is not None)

    assert document.document is not None
    raw = document.document.decode()
    data = json.loads(raw)
    partners = data["partners"]
    assert [p["name"] for p in partners["my_partners"]] == ["Ben"]
    assert [p["name"] for p in partners["i_support"]] == ["Zoe"]
    assert partners["sharing"] == {
        "weekly_digest": True,
        "goal_names": True,
        "restarts": True,
        "milestones": True,
    }
    assert [i["status"] for i in partners["invites"]] == ["accepted", "open"]
    assert used not in raw
    assert open_code not in raw
