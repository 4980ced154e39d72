"""What the scheduled messages share: a rotating line picked for the user's day, an amount
against its target, a percentage."""

from __future__ import annotations

from datetime import date

from bot.coach.models import Measure
from bot.coach.wording import variant
from bot.views.i18n import Translator
from bot.views.reply import esc


def pick(templates: tuple[str, ...], user_id: int, day: date, *, salt: int) -> str:
    """The template of ``templates`` for this user on ``day`` (rule 15: a week without a repeat)."""
    return templates[variant(user_id, day, len(templates), salt=salt)]


def done_of_target(t: Translator, done: float, target: Measure) -> str:
    """An amount against its target: "1,200/3,000 words"."""
    return f"{t.quantity(done)}/{esc(t.measure(target))}"


def percent(t: Translator, value: float) -> str:
    """A percentage, rounded to a whole number: "42%"."""
    return t("{value}%", value=t.number(round(value)))
