"""An accountability partner, invited with a personal link (rule 13).

Ada opens /partner: two lines on what a partner sees, her link and a button to send it. Ben has
never used the bot; he opens the link, reads who invites him and what for, and accepts with one
tap — no time zone, no plan. Both hear about it. A link works once, for a week, until Ada
revokes it; a wrong, used, expired or withdrawn one, her own, or a fourth partner get a clear
answer and change nothing. The code never reaches the log.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from bot.app import build_application
from bot.config import load_settings
from bot.logging_setup import configure_logging
from fake_telegram import FakeTelegram, TrackingApplication, running
from storage.base import Repository
from tests.bot.journeys import press_data, set_up
from tests.bot.partnering import ACCEPT, DECLINE, after_press, invite_code, partner_up
from tests.bot.scheduling import Step, stored
from tests.support import FrozenClock

pytestmark = pytest.mark.scheduler_by_hand


async def test_ada_invites_ben_who_never_used_the_bot_and_he_accepts(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)

    shown = await ada.send("/partner")

    page = shown.reply
    assert page.text.startswith("🤝 An accountability partner")
    assert "never a missed day" in page.text
    assert "No partner yet" in page.text
    code = invite_code(page)
    assert "works once, until Sun 29 Nov" in page.text
    share = next(button for row in page.keyboard for button in row if button.url)
    assert share.text == "📤 Send the link to a friend"
    shared = parse_qs(urlparse(share.url or "").query)
    assert shared["url"] == [f"https://t.me/SmallWinsTestBot?start={code}"]
    assert "accountability partner" in shared["text"][0]
    assert ["✅ Weekly digest", "⬜ Goal names"] in page.buttons
    assert ["✅ Restarts", "✅ Milestones"] in page.buttons

    ben = fake.user(2002, "Ben")
    opened = await ben.send(f"/start {code}")

    assert "Ada</b> would like you as their accountability partner" in (opened.reply.html or "")
    assert "Nothing to plan or set up" in opened.text
    assert opened.reply.buttons == [[ACCEPT, DECLINE]]
    assert "time zone" not in opened.text.lower()  # a partner is not a user

    accepted = await ben.press(ACCEPT)
    told = await step.run()

    assert "You're now Ada's accountability partner" in after_press(accepted)
    assert "/start sets you up" in after_press(accepted)
    assert told.sent == 1
    assert ada.last_message.text.startswith("🤝 Ben accepted your invite")
    assert "the weekly digest, restarts and milestones (goal names hidden)" in ada.last_message.text
    partner = await stored(db, 2002)
    assert (partner.timezone, partner.nudge_time, partner.dialog) == (None, None, None)
    again = await ada.send("/partner")
    assert "Your partners: Ben" in again.text
    assert invite_code(again.reply) != code  # a new link for the next friend
    assert "You cheer on: Ada" in (await ben.send("/partner")).text


async def test_a_declined_invite_changes_nothing_and_still_works(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    code = invite_code((await ada.send("/partner")).reply)
    ben = fake.user(2002, "Ben")
    await ben.send(f"/start {code}")

    declined = await ben.press(DECLINE)
    report = await step.run()

    assert "nothing changed, and Ada isn't told" in after_press(declined)
    assert report.sent == 0
    assert await db.list_partners(1001) == []
    await ben.send(f"/start {code}")
    await ben.press(ACCEPT)
    assert [p.partner_name for p in await db.list_partners(1001)] == ["Ben"]


async def test_a_used_link_works_once(fake: FakeTelegram, step: Step, db: Repository) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    ben, cleo = fake.user(2002, "Ben"), fake.user(3003, "Cleo")
    code = await partner_up(ada, ben, step)

    reused = await cleo.send(f"/start {code}")
    ben_again = await ben.send(f"/start {code}")

    assert "used already — each one works once. Ask Ada for a new one" in reused.text
    assert reused.reply.buttons == []
    assert "You're already Ada's partner" in ben_again.text
    assert [p.partner_name for p in await db.list_partners(1001)] == ["Ben"]


async def test_an_expired_link_gets_a_clear_answer(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    code = invite_code((await ada.send("/partner")).reply)
    ben = fake.user(2002, "Ben")
    offered = await ben.send(f"/start {code}")
    clock.advance(days=7)

    opened = await ben.send(f"/start {code}")
    pressed = await ben.press(ACCEPT, message=offered.reply)

    assert "has expired — links last 7 days. Ask Ada for a new one" in opened.text
    assert "has expired" in after_press(pressed)
    assert await db.list_partners(1001) == []
    fresh = invite_code((await ada.send("/partner")).reply)
    assert fresh != code  # /partner makes a working one again


async def test_a_revoked_link_stops_working_at_once(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    shown = await ada.send("/partner")
    code = invite_code(shown.reply)
    ben = fake.user(2002, "Ben")
    offered = await ben.send(f"/start {code}")

    revoked = await ada.press("🚫 Revoke the link")
    opened = await ben.send(f"/start {code}")
    pressed = await ben.press(ACCEPT, message=offered.reply)

    page = ada.message(shown.reply.message_id)
    assert [m.message_id for m in revoked.edited] == [page.message_id]  # edited in place
    assert revoked.sent == ()
    assert "withdrawn: it no longer works" in page.text
    assert code not in page.text
    assert "Ada withdrew this invite link" in opened.text
    assert "Ada withdrew this invite link" in after_press(pressed)
    assert await db.list_partners(1001) == []
    await ada.press("🔗 New link")
    assert invite_code(ada.message(page.message_id)) != code


async def test_forged_codes_and_buttons_change_nothing(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    code = invite_code((await ada.send("/partner")).reply)
    ben = fake.user(2002, "Ben")
    forged = "p-" + ("A" if code[2] != "A" else "B") + code[3:]

    mistyped = await ben.send(f"/start {forged}")
    cut = await ben.send(f"/start {code[:-4]}")
    await ben.send("/help")
    pressed = await press_data(ben, f"pt:a:{forged}")
    switched = await press_data(ben, "pt:x:1")
    nonsense = await press_data(ben, "pt:c:notanumber:9")

    assert "This invite link doesn't work" in mistyped.text
    assert "This invite link doesn't work" in cut.text
    assert "This invite link doesn't work" in after_press(pressed)
    assert "already ended" in after_press(switched)
    assert nonsense.answer_text == (
        "That button no longer works — /partner shows where things stand."
    )
    assert await db.list_partners(1001) == []
    assert (await db.get_invite(code)) is not None


async def test_ada_cannot_partner_herself(fake: FakeTelegram, step: Step, db: Repository) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    page = (await ada.send("/partner")).reply
    code = invite_code(page)

    opened = await ada.send(f"/start {code}")
    pressed = await press_data(ada, f"pt:a:{code}", message=page)

    assert "That's your own invite link" in opened.text
    assert opened.reply.buttons == []
    assert "That's your own invite link" in after_press(pressed)
    assert await db.list_partners(1001) == []
    invite = await db.get_invite(code)
    assert invite is not None
    assert invite.used_at is None


async def test_three_partners_at_most_and_a_partner_may_support_several(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    ben, cleo, dan, eve = (
        fake.user(2002, "Ben"),
        fake.user(3003, "Cleo"),
        fake.user(4004, "Dan"),
        fake.user(5005, "Eve"),
    )
    for friend in (ben, cleo, dan):
        await partner_up(ada, friend, step)
    zoe = fake.user(6006, "Zoe")
    await set_up(zoe, zone="Lisbon")
    await partner_up(zoe, ben, step)

    full = await ada.send("/partner")

    assert "Your partners: Ben, Cleo, Dan" in full.text
    assert "3 partners, the most there can be" in full.text
    assert "?start=" not in full.text
    assert "🔗 New link" not in full.reply.button_labels
    assert "You cheer on: Ada, Zoe" in (await ben.send("/partner")).text
    assert len(await db.list_partners(1001)) == 3
    assert eve.messages == []


async def test_switches_change_in_place(fake: FakeTelegram, step: Step, db: Repository) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    shown = await ada.send("/partner")

    await ada.press("⬜ Goal names")
    await ada.press("✅ Weekly digest")

    page = ada.message(shown.reply.message_id)
    assert ["⬜ Weekly digest", "✅ Goal names"] in page.buttons
    assert "restarts and milestones (with goal names)" in page.text
    sharing = await db.get_sharing(1001)
    assert (sharing.weekly_digest, sharing.goal_names) == (False, True)
    assert invite_code(page) == invite_code(shown.reply)  # the link stays the same


async def test_someone_not_set_up_is_asked_to_set_up_before_inviting(
    fake: FakeTelegram, step: Step
) -> None:
    zed = fake.user(7007, "Zed")

    shown = await zed.send("/partner")

    assert "Set up first with /start" in shown.text
    assert "?start=" not in shown.text


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    quieted = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    output = io.StringIO()
    try:
        yield output
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, quiet_level in quieted.items():
            logging.getLogger(name).setLevel(quiet_level)


async def test_the_invite_code_never_reaches_the_log_even_at_debug(
    fake: FakeTelegram,
    clock: FrozenClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    log_output: io.StringIO,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", fake.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", fake.base_url)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = load_settings(env_file=None)
    configure_logging(settings.log_level, [fake.token])  # as bot/__main__.py does
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(log_output)

    application = build_application(settings, clock=clock, application_class=TrackingApplication)
    async with running(fake, application):
        ada = fake.user(1001, "Ada")
        await set_up(ada)
        code = invite_code((await ada.send("/partner")).reply)
        ben = fake.user(2002, "Ben")
        await ben.send(f"/start {code}")
        await ben.press(ACCEPT)
        clock.advance(seconds=timedelta(minutes=1).total_seconds())

    log = log_output.getvalue()
    assert "sendMessage" in log  # the DEBUG request log is there
    assert code not in log
    assert code[2:] not in log
    assert "[invite code]" in log


async def test_a_removed_partner_opening_the_old_link_is_not_told_he_still_is_one(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    ben = fake.user(2002, "Ben")
    code = await partner_up(ada, ben, step)
    offer = next(m for m in ben.messages if m.text.startswith("🤝 You're now"))
    await ada.send("/partner")
    await ada.press("Remove Ben")
    await ada.press("Yes, remove")

    reopened = await ben.send(f"/start {code}")
    pressed = await press_data(ben, f"pt:a:{code}", message=offer)

    for said in (reopened.text, after_press(pressed)):
        assert "You're already" not in said
        assert "used already — each one works once. Ask Ada for a new one" in said
    assert await db.list_partners(1001) == []


async def test_a_used_link_to_someone_with_three_partners_says_they_have_three(
    fake: FakeTelegram, step: Step, db: Repository
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    ben, cleo, dan = fake.user(2002, "Ben"), fake.user(3003, "Cleo"), fake.user(4004, "Dan")
    await partner_up(ada, ben, step)
    await partner_up(ada, cleo, step)
    code = invite_code((await ada.send("/partner")).reply)
    eve = fake.user(5005, "Eve")
    await eve.send(f"/start {code}")  # Eve and Dan both got the third link
    await dan.send(f"/start {code}")
    await dan.press(ACCEPT)

    late = await eve.press(ACCEPT)

    assert "Ada already has 3 partners, the most there can be" in after_press(late)
    assert "Ask Ada for a new one" not in after_press(late)
    assert len(await db.list_partners(1001)) == 3


async def test_the_page_ada_kept_open_shows_a_working_link_after_hers_was_used_or_expired(
    fake: FakeTelegram, step: Step, db: Repository, clock: FrozenClock
) -> None:
    ada = fake.user(1001, "Ada")
    await set_up(ada)
    shown = await ada.send("/partner")
    used = invite_code(shown.reply)
    await fake.user(2002, "Ben").send(f"/start {used}")
    await fake.user(2002, "Ben").press(ACCEPT)

    await ada.press("⬜ Goal names", message=shown.reply)
    after_use = ada.message(shown.reply.message_id)
    clock.advance(days=8)
    await ada.press("✅ Goal names", message=shown.reply)
    after_expiry = ada.message(shown.reply.message_id)

    for page in (after_use, after_expiry):
        assert "withdrawn" not in page.text
        assert "🚫 Revoke the link" in page.button_labels
    fresh = invite_code(after_use)
    assert fresh != used
    assert invite_code(after_expiry) not in (used, fresh)
    assert (await db.open_invite(1001, clock())) is not None
