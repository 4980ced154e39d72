"""Identity statements: "I am the kind of person who …" (docs/product.md rule 6).

Every win is a vote for the person the user wants to become. The bot suggests a statement from
the goal's words; the user accepts, rewrites or skips it.

Two beats mark the way, each once per goal (the service remembers that it was said):

* **The belief is forming** (:func:`belief_forming`): between the 7th and the 14th vote. It
  waits for a win that has no streak milestone to celebrate (one celebration at a time, so a
  steady user hears it on day 8, the day after the first full week), except on the 14th vote,
  the last day it fits.
* **Who you are** (:func:`~bot.coach.comeback.identity_milestone`): the 66th vote.
"""

from __future__ import annotations

import re

MAX_IDENTITY_LENGTH = 120

# First match wins: more specific words first. Keys are word stems.
_IDENTITIES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("novel", "write", "writing", "book", "blog", "essay", "poem", "words"), "a writer"),
    (("marathon", "run", "running", "jog", "5k", "10k", "km"), "a runner"),
    (("meditat", "mindful"), "someone who meditates"),
    (("read", "pages"), "a reader"),
    (("business", "startup", "client", "customer", "sell", "sales", "revenue"), "a builder"),
    (("code", "coding", "program", "app", "software"), "a programmer"),
    (("guitar", "piano", "music", "sing", "song", "practice"), "a musician"),
    (("draw", "paint", "sketch", "art"), "an artist"),
    (
        ("spanish", "french", "german", "language", "learn", "study", "studying", "exam"),
        "a learner",
    ),
    (("save", "saving", "money", "debt", "budget", "invest"), "someone who takes care of money"),
    (("cook", "meal", "eat", "diet", "veg"), "someone who eats well"),
    (
        ("gym", "fit", "workout", "pushup", "push-up", "strength", "lift", "yoga", "weight"),
        "someone who trains",
    ),
    (("walk", "steps", "hike"), "someone who moves every day"),
    (("sleep", "bed"), "someone who protects their sleep"),
)
DEFAULT_IDENTITY = "someone who shows up every day"

BELIEF_FORMING_FROM = 7
"""The first vote on which the bot may say the belief is forming."""

BELIEF_FORMING_UNTIL = 14
"""The last vote on which it still fits; later, the moment has passed (day 66 comes next)."""
_PREFIX = re.compile(r"^\s*(?:i\s+am|i'm|i’m|im)\s+", re.IGNORECASE)


def suggested_statements() -> tuple[str, ...]:
    """Every statement :func:`suggest_identity` can make (the views translate them)."""
    return (*(f"I am {identity}" for _, identity in _IDENTITIES), f"I am {DEFAULT_IDENTITY}")


def suggest_identity(*texts: str | None) -> str:
    """A statement suggested from the goal's words, e.g. ``"I am a writer"``."""
    words = " ".join(text for text in texts if text).lower()
    tokens = re.findall(r"[\w'-]+", words)
    for stems, identity in _IDENTITIES:
        if any(token.startswith(stem) for token in tokens for stem in stems):
            return f"I am {identity}"
    return f"I am {DEFAULT_IDENTITY}"


def normalise_identity(text: str) -> str:
    """Make a typed statement read as one: "a writer" → "I am a writer"."""
    body = " ".join(text.split()).rstrip(".!")
    return f"I am {_PREFIX.sub('', body)}"


def belief_forming(votes_before: int, votes_after: int, *, celebrating: bool) -> bool:
    """Whether this win is the moment to say the belief is forming (if not said yet).

    Args:
        votes_before: The goal's identity votes before the win.
        votes_after: After it (equal for a duplicate or a rest day: no new vote).
        celebrating: The same reply celebrates a streak milestone.

    Returns:
        True for a new vote that brings the total within 7..14, unless a streak milestone has
        the stage (then the next win says it), but always on the 14th vote.

    Raises:
        ValueError: If a count is negative.
    """
    if votes_before < 0 or votes_after < 0:
        raise ValueError(f"vote counts can't be negative: {votes_before}, {votes_after}")
    if (
        votes_after <= votes_before
        or not BELIEF_FORMING_FROM <= votes_after <= BELIEF_FORMING_UNTIL
    ):
        return False
    return not celebrating or votes_after == BELIEF_FORMING_UNTIL


def identity_words(identity: str) -> str:
    """The statement as said to the user: "I am a writer" → "you are a writer".

    Statements are stored as "I am …" (:func:`normalise_identity`); anything else is returned
    as it is.
    """
    match = _PREFIX.match(identity)
    return f"you are {identity[match.end() :]}" if match else identity
