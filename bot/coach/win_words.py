"""The words of a win and of a goal's names, in a form that lets them meet (rule 4).

Words are matched after a light stemming (:func:`stem`): a small table of irregular verbs ("ran"
→ "run", "wrote" → "write") and suffix stripping, applied to both the message and the goal's
names, so "meditated" meets "meditation". Function words and done words carry no meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.coach.lexicon import Languages, glossary
from bot.coach.lexicon.units import STOP_WORDS


def wordset(text: str) -> frozenset[str]:
    """The words of a text written one after another, as a set."""
    return frozenset(text.split())


# Irregular forms → base form. Regular forms are handled by stem()'s suffix stripping.
IRREGULAR: dict[str, str] = {
    "ran": "run",
    "wrote": "write",
    "written": "write",
    "swam": "swim",
    "swum": "swim",
    "rode": "ride",
    "ridden": "ride",
    "went": "go",
    "gone": "go",
    "drew": "draw",
    "drawn": "draw",
    "sang": "sing",
    "sung": "sing",
    "ate": "eat",
    "eaten": "eat",
    "drank": "drink",
    "drunk": "drink",
    "slept": "sleep",
    "did": "do",
    "done": "do",
    "made": "make",
    "built": "build",
    "got": "get",
    "spent": "spend",
    "took": "take",
    "taken": "take",
    "taught": "teach",
    "learnt": "learn",
    "kept": "keep",
    "sold": "sell",
    "sat": "sit",
    "stood": "stand",
    "began": "begin",
    "begun": "begin",
    "flew": "fly",
    "thought": "think",
    "spoke": "speak",
    "bought": "buy",
    "brought": "bring",
    "caught": "catch",
    "fought": "fight",
    "met": "meet",
    "paid": "pay",
    "said": "say",
    "sent": "send",
    "told": "tell",
    "won": "win",
    "threw": "throw",
    "held": "hold",
    "heard": "hear",
    "felt": "feel",
    "found": "find",
    "grew": "grow",
    "knew": "know",
    "woke": "wake",
    "forgot": "forget",
    "read": "read",  # the past looks like the present; listed so it counts as a past verb
    "hit": "hit",
    "put": "put",
    "shot": "shoot",
    "dug": "dig",
    "spun": "spin",
    "tore": "tear",
    "wore": "wear",
}

# Past forms ending in "-ed" that report a feeling or a non-event, not a kept habit.
NOT_WIN_VERBS = wordset(
    """tired bored stressed exhausted worried excited scared annoyed confused interested pleased
    relieved frustrated overwhelmed depressed motivated unmotivated disappointed embarrassed
    ashamed distracted injured wasted wanted needed planned hoped intended decided missed failed
    skipped tried wished asked wondered changed hundred sacred naked wicked beloved used
    supposed logged"""
)

# Words that carry no goal meaning: the done words, time words, function words.
_STOP = wordset(
    """a an the i me my mine we our you your it its this that these those is am are was were be
    been being have has had do does did done doing get got go went and or but so then than too
    also again already finally just only still even really very of for to in on at by with from
    into about around before after up out off over all some more most less much many any each
    every half today yesterday yday tonight tomorrow morning evening night afternoon last week day
    days time times now ok okay yes yep yeah yup yay ya hey hi oh well oops please thanks thank
    finish finished complete completed forget log logged logging track tracked mark marked
    mva minimum viable little bit version skip skipping skipped rest resting break undo cancel
    nailed crushed smashed kept keep sure as if"""
)

TOKEN_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def stem(word: str) -> str:
    """Reduce a word to a rough stem so that forms of one word meet.

    Irregular verbs go through a small table first ("ran" → "run", "wrote" → "write"), then one
    plural and one verb or noun suffix are stripped ("-s", "-ing", "-ed", "-ion"), a doubled
    final consonant is halved ("runn" → "run"), a final "e" dropped and a final "y" made "i".
    Both sides of a comparison go through it, so the stems need not be real words:
    "meditated", "meditate", "meditating" and "meditation" all give "meditat".

    Args:
        word: One word.

    Returns:
        Its stem, lowercased.
    """
    w = word.lower().strip("'")
    w = IRREGULAR.get(w, w)
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("sses") or (len(w) > 4 and w.endswith(("ches", "shes", "xes", "zes"))):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ion", "ed"):
        # "need" and "speed" are not "ne" + "-ed"; a stem keeps at least three letters.
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("eed"):
            w = w[: -len(suffix)]
            break
    if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 2 and w.endswith("y"):
        w = w[:-1] + "i"
    return w


def content_words(text: str) -> tuple[str, ...]:
    """The words that carry meaning, in order, once each; irregular verbs in their base form."""
    words: list[str] = []
    for token in TOKEN_RE.findall(text):
        base = IRREGULAR.get(token, token)
        if len(base) < 2 or token in _STOP or base in _STOP or token in NOT_WIN_VERBS:
            continue
        if token in STOP_WORDS:  # "de", "на", "el": the other languages' function words
            continue
        if base not in words:
            words.append(base)
    return tuple(words)


def stems(texts: Sequence[str], language: Languages = None) -> frozenset[str]:
    """The stems of the content words of ``texts``, read in ``language`` as a win is."""
    # Goal names are glossed like wins, so "бегать" (a goal) and "пробежал" (a win) both run.
    gloss = glossary("win", language)
    stems: set[str] = set()
    for text in texts:
        stems.update(stem(word) for word in content_words(gloss.apply(text.lower())))
    return frozenset(stems)
