"""What the scheduled messages share: a rotating line's templates and the one picked for the
user's day, an amount against its target, a percentage."""

from __future__ import annotations

from datetime import date

from bot.coach.models import Measure
from bot.coach.wording import VARIANTS, variant
from bot.views.i18n import Translator
from bot.views.reply import esc


def rotating(*templates: str) -> tuple[str, ...]:
    """The templates of a rotating line (rule 15), in English: each is a message of the
    catalogues (`make messages` reads them here), translated where it is said, once picked:
    ``t.marked(pick(TEMPLATES, user_id, day, salt=…), name=…)``.

    Raises:
        ValueError: Fewer than :data:`~bot.coach.wording.VARIANTS` templates: a week would show
            one twice.
    """
    if len(templates) < VARIANTS:
        raise ValueError(f"a rotating line needs {VARIANTS} templates or more: {templates!r}")
    return templates


def pick(templates: tuple[str, ...], user_id: int, day: date, *, salt: int) -> str:
    """The template of ``templates`` for this user on ``day`` (rule 15: a week without a repeat)."""
    return templates[variant(user_id, day, len(templates), salt=salt)]


def done_of_target(t: Translator, done: float, target: Measure) -> str:
    """An amount against its target: "1,200/3,000 words"."""
    return f"{t.quantity(done)}/{esc(t.measure(target))}"


def percent(t: Translator, value: float) -> str:
    """A percentage, rounded to a whole number: "42%"."""
    return t("{value}%", value=t.number(round(value)))
