"""Identity statements: "I am the kind of person who …" (PRODUCT.md rule 6).

Every win is a vote for the person the user wants to become. The bot suggests a statement from
the goal's words; the user accepts, rewrites or skips it.
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
_PREFIX = re.compile(r"^\s*(?:i\s+am|i'm|i’m|im)\s+", re.IGNORECASE)


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
