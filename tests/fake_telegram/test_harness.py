"""TrackingApplication, error recording and waiting without sleeping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from fake_telegram import BotError, FakeTelegram
from fake_telegram.harness import TrackingApplication, application_builder, running
from tests.fake_telegram.conftest import App, build_app

ADA = 1001


async def test_handler_exception_is_recorded_and_raised_from_the_action(fake: FakeTelegram) -> None:
    app = build_app(fake)
    async with running(fake, app):
        ada = fake.user(ADA)
        with pytest.raises(BotError, match="RuntimeError: boom") as caught:
            await ada.send("/boom")
        assert isinstance(caught.value.__cause__, RuntimeError)
    assert isinstance(app, TrackingApplication)
    [recorded] = app.errors
    assert isinstance(recorded.error, RuntimeError)
    assert recorded.update_id == caught.value.reaction.update_id


async def test_errors_can_be_expected(fake: FakeTelegram) -> None:
    apologies: list[str] = []

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        apologies.append(str(context.error))
        if isinstance(update, Update) and update.effective_message is not None:
            await update.effective_message.reply_text("Sorry, something went wrong.")

    app = build_app(fake)
    app.add_error_handler(on_error)
    async with running(fake, app, raise_errors=False):
        reaction = await fake.user(ADA).send("/boom")
    assert reaction.text == "Sorry, something went wrong."
    assert [e.describe().split(": ", 1)[1] for e in reaction.errors] == ["RuntimeError: boom"]
    assert apologies == ["boom"]


async def test_wait_for_a_scheduled_job(fake: FakeTelegram) -> None:
    app = build_app(fake)
    ada = fake.user(ADA, started=True)

    async def nudge(context: ContextTypes.DEFAULT_TYPE) -> None:
        await context.bot.send_message(ADA, "Time for your tiny step")

    async with running(fake, app):
        assert app.job_queue is not None
        app.job_queue.run_once(nudge, when=timedelta(milliseconds=10))
        message = await ada.next_message()
        assert message.text == "Time for your tiny step"
        await fake.wait_for(lambda: len(fake.calls_to("sendMessage", chat_id=ADA)) == 1)


async def test_failed_requests_show_up_in_the_reaction(fake: FakeTelegram) -> None:
    async def bad_html(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html("<p>paragraph</p>")

    app: App = application_builder(fake).build()
    app.add_handler(MessageHandler(filters.TEXT, bad_html))
    async with running(fake, app, raise_errors=False):
        reaction = await fake.user(ADA).send("hi")
    [failed] = reaction.failed
    assert failed.method == "sendMessage"
    assert failed.description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0'
    )
    assert "BadRequest" in str(reaction)


async def test_a_timeout_explains_what_went_wrong(fake: FakeTelegram) -> None:
    ada = fake.user(ADA)
    with pytest.raises(AssertionError) as caught:
        await ada.send("anyone?", timeout=0.05)
    message = str(caught.value)
    assert "No application is attached" in message
    assert "never fetched it" in message


async def test_attach_requires_a_tracking_application(fake: FakeTelegram) -> None:
    from telegram.ext import ApplicationBuilder

    plain = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
    with pytest.raises(TypeError, match="TrackingApplication"):
        fake.attach(plain)
