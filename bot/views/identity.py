"""Identity statements ("I am a writer") as the user reads them, in their language.

The plan stores the statement it suggested in English ("I am a writer", from
``bot/coach/identity.py``) and a typed one as "I am …" followed by the user's own words; each is
shown here in the user's language. English users read them exactly as stored.
"""

from __future__ import annotations

from bot.coach.identity import identity_words
from bot.coach.languages import ENGLISH
from bot.views.i18n import Translator

_PREFIX = "I am "


def suggested(t: Translator) -> dict[str, str]:
    """Each statement the coach suggests, in English, with its translation."""
    return {
        "I am a writer": t("I am a writer"),
        "I am a runner": t("I am a runner"),
        "I am someone who meditates": t("I am someone who meditates"),
        "I am a reader": t("I am a reader"),
        "I am a builder": t("I am a builder"),
        "I am a programmer": t("I am a programmer"),
        "I am a musician": t("I am a musician"),
        "I am an artist": t("I am an artist"),
        "I am a learner": t("I am a learner"),
        "I am someone who takes care of money": t("I am someone who takes care of money"),
        "I am someone who eats well": t("I am someone who eats well"),
        "I am someone who trains": t("I am someone who trains"),
        "I am someone who moves every day": t("I am someone who moves every day"),
        "I am someone who protects their sleep": t("I am someone who protects their sleep"),
        "I am someone who shows up every day": t("I am someone who shows up every day"),
    }


def statement(t: Translator, identity: str) -> str:
    """The statement in ``t``'s language (plain text: escape it for HTML)."""
    if t.language == ENGLISH:
        return identity
    known = suggested(t)
    if identity in known:
        return known[identity]
    if identity.startswith(_PREFIX):
        return t("I am {who}", who=_without_own_prefix(t, identity.removeprefix(_PREFIX)))
    return identity


def _without_own_prefix(t: Translator, who: str) -> str:
    """``who`` without the language's own "I am" ("Soy escritora" typed: "escritora"), so the
    statement never says it twice."""
    own = t("I am {who}", who="\0").split("\0", 1)[0].strip(" —-").casefold().split()
    words = who.split()
    if own and len(words) > len(own) and [w.casefold() for w in words[: len(own)]] == own:
        return " ".join(words[len(own) :]).lstrip("—- ")
    return who


def said_to_them(t: Translator, identity: str) -> str:
    """The statement turned to the reader ("you are a writer"), where the language allows;
    otherwise the statement itself."""
    if t.language == ENGLISH:
        return identity_words(identity)
    return statement(t, identity)
