"""Is a goal specific and measurable (docs/product.md rule 2)? And a rewrite that is.

The check is explainable and table-driven: every verdict carries a short reason code the bot
turns into its own sentence, and a suggestion taken from a small table. It is a heuristic, so
the bot only *offers* a rewrite; the user always has the last word.

Specific or vague (:func:`vagueness`), checked in this order:

1. a quantity with a unit ("300 words", "one 45-minute focus block", "€3,000") is specific;
2. comparatives ("more", "better", "less") and fuzzy frequencies ("regularly", "often") are
   vague, since they say nothing about how much;
3. states and traits ("get fit", "be productive", "lose weight") are vague: they are results to
   aim at, not something to tick off;
4. a clear done test ("finish the first draft", "submit the application", "run a marathon") is
   specific;
5. a concrete frequency ("meditate every morning", "call mum twice a week") is specific: each
   day or week is plainly done or not done;
6. a sentence starting with "be"/"feel"/"become"/"stay" is a state; anything else is an
   activity with nothing to count ("learn Spanish").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.coach.goal_words import glossed
from bot.coach.lexicon import Languages, primary
from bot.coach.models import Measure
from bot.coach.quantities.reading import MeasureMatch, find_measure


class VaguenessReason(StrEnum):
    """Why a goal or action text is, or is not, specific enough."""

    EMPTY = "empty"
    COMPARATIVE = "comparative"  # "write more", "get better at", "be healthier"
    VAGUE_FREQUENCY = "vague_frequency"  # "exercise regularly", "read often"
    STATE = "state"  # "get fit", "be productive", "lose weight"
    NO_MEASURE = "no_measure"  # an activity with nothing to count: "learn Spanish"
    HAS_MEASURE = "has_measure"  # "300 words", "a 45-minute focus block"
    HAS_DONE_TEST = "has_done_test"  # "finish the first draft"
    HAS_FREQUENCY = "has_frequency"  # "meditate every morning"


SPECIFIC_REASONS = frozenset(
    {VaguenessReason.HAS_MEASURE, VaguenessReason.HAS_DONE_TEST, VaguenessReason.HAS_FREQUENCY}
)


@dataclass(frozen=True, slots=True)
class VaguenessVerdict:
    """The verdict on one text.

    Attributes:
        reason: Why the text is specific or vague.
        suggestion: For a vague text, a measurable rewrite to offer; ``None`` otherwise.
        measure: The quantity found in a specific text, if any.
    """

    reason: VaguenessReason
    suggestion: str | None = None
    measure: Measure | None = None

    @property
    def is_vague(self) -> bool:
        """True when the bot should offer a more specific version."""
        return self.reason not in SPECIFIC_REASONS


GENERIC_SUGGESTION = "one 15-minute session a day"
"""Offered when no pattern matches and the text is not a plain activity."""

ACTIVITY_MINUTES = 15
"""Minutes a day in the fallback rewrite of a plain activity ("knit" → "knit for 15 minutes...")."""

SUGGESTIONS: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:productiv\w*|procrastinat\w*|focus\w*|get (?:more )?(?:stuff|things) done)",
        "one 45-minute focus block each morning",
    ),
    (
        r"\beat\w*\b|\bdiet\w*|\bvegetables?\b|\bjunk food\b|\bsugar\b",
        "eat a portion of vegetables with lunch every day",
    ),
    (r"\bwater\b|\bhydrat\w*", "drink a glass of water with every meal"),
    (r"\bweight\b|\bslim\w*|\bthinner\b|\bbelly\b|\blose fat\b", "lose 4 kg in 12 weeks"),
    (r"\bsleep\w*|\bbed\b|\btired\b", "go to bed by 23:00 on weeknights"),
    (r"\b(?:run|running|jog\w*)\b", "run for 20 minutes 3 times a week"),
    (r"\bwalk\w*", "walk 30 minutes 5 days a week"),
    (r"\bhealth\w*", "walk 30 minutes 5 days a week"),
    (
        r"\b(?:fit|fitter|fitness|shape|exercis\w*|work ?outs?|working out|gym|strong\w*|"
        r"strength|muscles?|active)\b",
        "work out for 20 minutes 3 times a week",
    ),
    (
        r"\b(?:meditat\w*|mindful\w*|calm\w*|stress\w*|anxi\w*|relax\w*)",
        "meditate for 5 minutes a day",
    ),
    (r"\b(?:happ\w*|gratitude|grateful|positive|mood)\b", "write down 3 good things each evening"),
    (r"\bread\w*", "read 10 pages a day"),
    (r"\b(?:writ\w*|novel|book|blog\w*|stor(?:y|ies)|poe\w*)\b", "write 300 words a day"),
    (
        r"\b(?:learn\w*|speak\w*|stud\w*|practi[sc]e\w*|improve)\s+(?:my\s+)?(spanish|french|"
        r"german|italian|portuguese|japanese|chinese|mandarin|korean|arabic|russian|english|"
        r"dutch|greek|turkish|hindi|polish|swedish|ukrainian)\b",
        "practise {0} for 15 minutes a day",
    ),
    (r"\b(?:code|coding|program\w*|python|javascript|developer)\b", "code for 30 minutes a day"),
    (
        r"\b(guitar|piano|violin|drums|ukulele|cello|flute|saxophone|bass)\b",
        "practise the {0} for 15 minutes a day",
    ),
    (r"\b(?:sing\w*|music|instrument)\b", "practise music for 15 minutes a day"),
    (r"\b(?:draw\w*|paint\w*|sketch\w*|art)\b", "draw one sketch a day"),
    (
        r"\b(?:organi[sz]\w*|tid\w*|declutter\w*|clean\w*|mess\w*|chaos)",
        "tidy one spot for 10 minutes each evening",
    ),
    (
        r"\b(?:sav\w*|money|budget\w*|debt|spend\w*|financ\w*|rich|wealth\w*)",
        "put 10% of every paycheck into savings",
    ),
    (
        r"\b(?:business|clients?|customers?|sales|side hustle|startup|freelanc\w*)",
        "contact 5 potential clients a week",
    ),
    (
        r"\b(?:phone|social media|screen time|instagram|tiktok|scroll\w*|youtube)",
        "no phone for the first 30 minutes of the day",
    ),
    (r"\b(?:friends?|family|lonely|social\w*|network\w*|people)\b", "message one friend a day"),
    (
        r"\blearn\w*\s+(?:how\s+)?to\s+(\w+(?:\s+\w+){0,3})",
        "spend 15 minutes a day learning to {0}",
    ),
    (r"\blearn\w*\s+(?!to\b|how\b)(\w+(?:\s+\w+){0,3})", "spend 15 minutes a day learning {0}"),
)
"""Measurable rewrites by topic: the first pattern found in the text wins, so specific topics
come first; "{0}" is the pattern's group as the user wrote it."""

_SUGGESTIONS = tuple((re.compile(pattern, re.IGNORECASE), text) for pattern, text in SUGGESTIONS)

_CONTRACTION = re.compile(r"\bi\s*['’]\s*(d|m|ll)\b", re.IGNORECASE)
_EXPANDED = {"d": "i would", "m": "i am", "ll": "i will"}
_LEAD_IN = re.compile(
    r"^(?:i\s+(?:really\s+|just\s+)?(?:want|would\s+like|wanna|need|hope|plan|aim|intend|"
    r"am\s+going|will|should|must|have|wish)\b\s*(?:to\b\s*)?"
    r"|my\s+(?:big\s+)?goal\s+is\b\s*(?:to\b\s*)?|goal\s*:\s*|to\b\s*|try\s+to\b\s*"
    r"|start(?:ing)?\s+to\b\s*)",
    re.IGNORECASE,
)
_COMPARATIVE = re.compile(
    r"\b(?:more|better|less|fewer|healthier|fitter|happier|stronger|calmer|richer|smarter|"
    r"faster|slimmer|thinner|leaner|improve\w*|a\s+lot|a\s+bit|as\s+much\s+as)\b",
    re.IGNORECASE,
)
_VAGUE_FREQUENCY = re.compile(
    r"\b(?:regularly|often|sometimes|frequently|consistently|occasionally|when\s+i\s+can|"
    r"whenever|from\s+time\s+to\s+time|now\s+and\s+then)\b",
    re.IGNORECASE,
)
_STATE = re.compile(
    r"\b(?:productive|healthy|fit|in\s+shape|motivated|disciplined|organi[sz]ed|successful|"
    r"wealthy|rich|happy|confident|consistent|balanced|mindful|lose\s+(?:some\s+)?weight|"
    r"get\s+(?:healthy|strong|thin|slim|lean|organi[sz]ed|motivated|rich|in\s+shape))\b",
    re.IGNORECASE,
)
_STATE_START = re.compile(r"^(?:be|feel|become|stay|look)\b", re.IGNORECASE)
_DONE_TEST = re.compile(
    r"^(?:finish|complete|submit|publish|launch|ship|release|send|pass|sign\s+up|register|apply|"
    r"book|buy|sell|file|deliver|outline|draft|record|upload|post|print|set\s+up|install|"
    r"schedule|fix|repair|hire|open|cancel|enrol|enroll|quit|move|clear|order|renew|return)"
    r"\s+\S"
    r"|^(?:get|earn|obtain)\s+(?:my|a|an|the)\s+(?:\w+\s+)?(?:job|licen[cs]e|degree|"
    r"certificat\w*|promotion|visa|passport|diploma)\b"
    r"|^(?:run|finish|complete|do)\s+(?:a|an|my\s+first|the)\s+(?:half[-\s])?"
    r"(?:marathon|race|ultra|triathlon)\b"
    r"|\b(?:first|final|second)\s+draft\b|\bchapter\s+(?:\d+|one|two|three)\b",
    re.IGNORECASE,
)
_FREQUENCY = re.compile(
    r"\b(?:every|each)\s+\w+|\b(?:daily|nightly|weekly|weekdays?|weeknights?|mornings|evenings)\b"
    r"|\b(?:once|twice|\d+\s+times|(?:one|two|three|four|five|six|seven)\s+times)\s+"
    r"(?:a|per|each)\s+(?:day|week|month)\b"
    r"|\b(?:a|per)\s+(?:day|week)\b"
    r"|\bon\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends)\b",
    re.IGNORECASE,
)
_ACTIVITY_VERBS = frozenset(
    {
        "write", "read", "learn", "practise", "practice", "study", "play", "draw", "paint",
        "code", "program", "run", "walk", "jog", "swim", "cycle", "bike", "meditate", "stretch",
        "cook", "clean", "journal", "sing", "dance", "build", "train", "knit", "garden",
        "research", "review", "revise", "edit", "pray", "sew", "design", "compose", "climb",
        "lift", "row", "box", "hike", "bake", "film", "photograph", "work",
    }
)  # fmt: skip
_FILLER = re.compile(r"\b(?:more|better|a\s+lot|a\s+bit|regularly|often|at)\b", re.IGNORECASE)
_MAX_ACTIVITY_WORDS = 5


def vagueness(text: str, language: Languages = None) -> VaguenessVerdict:
    """Judge whether a goal, milestone or action is specific and measurable (rule 2).

    Args:
        text: The user's words, e.g. "be more productive" or "one 45-minute focus block",
            "quiero leer más", "писать каждый день".
        language: The user's language (see :func:`bot.coach.lexicon.language_order`): its
            words are glossed into the English the rules read, and the rewrite is in it.

    Returns:
        The verdict, with a reason code and, for vague texts, a measurable rewrite.
    """
    core = _core(glossed(text, language))
    if not core:
        return VaguenessVerdict(VaguenessReason.EMPTY)
    found = find_measure(core)
    if isinstance(found, MeasureMatch):
        return VaguenessVerdict(VaguenessReason.HAS_MEASURE, measure=found.measure)
    if _COMPARATIVE.search(core):
        return _vague(VaguenessReason.COMPARATIVE, core, language)
    if _VAGUE_FREQUENCY.search(core):
        return _vague(VaguenessReason.VAGUE_FREQUENCY, core, language)
    if _STATE.search(core):
        return _vague(VaguenessReason.STATE, core, language)
    if _DONE_TEST.search(core):
        return VaguenessVerdict(VaguenessReason.HAS_DONE_TEST)
    if _FREQUENCY.search(core):
        return VaguenessVerdict(VaguenessReason.HAS_FREQUENCY)
    if _STATE_START.search(core):
        return _vague(VaguenessReason.STATE, core, language)
    return _vague(VaguenessReason.NO_MEASURE, core, language)


def suggest_rewrite(text: str, language: Languages = None) -> str:
    """A measurable rewrite for a vague text, from :data:`SUGGESTIONS` or a generic fallback.

    A plain activity no pattern knows ("knit") becomes "knit for 15 minutes a day"; anything
    else gets :data:`GENERIC_SUGGESTION`. In another language the rewrite is that language's
    line for the same topic (:attr:`bot.coach.lexicon.Lexicon.suggestions`), and a plain
    activity gets its generic line.

    Args:
        text: The user's words.
        language: The user's language.

    Returns:
        A short rewrite that :func:`vagueness` judges specific.
    """
    return _suggestion(_core(glossed(text, language)), language)


def _suggestion(core: str, language: Languages) -> str:
    local = primary(language)
    for index, (pattern, suggestion) in enumerate(_SUGGESTIONS):
        match = pattern.search(core)
        if match is not None and local.suggestions:
            return local.suggestions[index]
        if match is not None:
            return suggestion.format(*(group.strip() for group in match.groups() if group))
    if local.generic_suggestion:
        return local.generic_suggestion
    activity = " ".join(_FILLER.sub(" ", core).split())
    words = activity.split()
    if words and words[0].lower() in _ACTIVITY_VERBS and len(words) <= _MAX_ACTIVITY_WORDS:
        return f"{activity} for {ACTIVITY_MINUTES} minutes a day"
    return GENERIC_SUGGESTION


def _vague(reason: VaguenessReason, core: str, language: Languages) -> VaguenessVerdict:
    return VaguenessVerdict(reason, suggestion=_suggestion(core, language))


def _core(text: str) -> str:
    """The text without lead-ins ("I want to ...") and trailing punctuation."""
    core = " ".join(text.split()).strip(" .!?;:,")
    core = _CONTRACTION.sub(lambda match: _EXPANDED[match.group(1).lower()], core)
    previous = None
    while previous != core:
        previous = core
        core = _LEAD_IN.sub("", core, count=1).strip()
    return core
