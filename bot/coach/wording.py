"""Heuristics on the words of a goal: is it specific (rule 2), is the daily action small (rule 3)?

The end of the module chooses, for the messages the bot sends by itself, which variant of a line
speaks to the user today (rule 15: their own figures, no sentence twice in a week).

Both checks are explainable and table-driven: every verdict carries a short reason code the bot
turns into its own sentence, and a suggestion taken from a small table. They are heuristics, so
the bot only *offers* (a rewrite, a smaller version); the user always has the last word.

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

The two-minute rule (:func:`looks_big`) flags a daily action when any of these holds:

* it lasts more than :data:`MAX_EASY_MINUTES` (20) minutes;
* one day is more than :data:`MAX_SHARE_OF_WEEK` (a third) of the weekly micro-goal;
* the quantity is above the everyday size for its unit (:data:`EVERYDAY_MAX`, e.g. 1,000 words);
* it chains three or more steps ("A, B and C"), or two with "then" ("A then B").
  A single "and" is allowed: "put on your running shoes and step out the door" is one act.

The 20-minute line means even the accepted example "one 45-minute focus block" gets an offer to
shrink; that is the rule working as intended, and the user may keep the original.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from bot.coach.breakdown import round_nice, round_nice_down
from bot.coach.lexicon import Languages, glossary, language_order, lexicon, primary
from bot.coach.models import Measure
from bot.coach.quantities.reading import MeasureMatch, find_measure
from bot.coach.quantities.units import is_countable, normalise_unit, to_minutes
from bot.coach.quantities.writing import format_measure, replace_measure
from bot.coach.streaks import DayState

# --- Vagueness --------------------------------------------------------------------------------


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
    core = _core(_gloss(text, language))
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
    return _suggestion(_core(_gloss(text, language)), language)


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


def _gloss(text: str, language: Languages) -> str:
    """The text in the English the rules read; English text is left exactly as typed."""
    gloss = glossary("goal", language)
    return gloss.apply(" ".join(text.lower().split())) if gloss else text


def _core(text: str) -> str:
    """The text without lead-ins ("I want to ...") and trailing punctuation."""
    core = " ".join(text.split()).strip(" .!?;:,")
    core = _CONTRACTION.sub(lambda match: _EXPANDED[match.group(1).lower()], core)
    previous = None
    while previous != core:
        previous = core
        core = _LEAD_IN.sub("", core, count=1).strip()
    return core


# --- The two-minute rule ----------------------------------------------------------------------


class BigReason(StrEnum):
    """Why a daily action looks too big to be impossible to skip."""

    LONG_DURATION = "long_duration"
    LARGE_SHARE = "large_share"  # more than a third of the weekly micro-goal in one day
    LARGE_QUANTITY = "large_quantity"  # above the everyday size for the unit
    MANY_STEPS = "many_steps"


@dataclass(frozen=True, slots=True)
class BigVerdict:
    """A daily action that looks big, and smaller versions to offer.

    Attributes:
        reasons: Every reason that applied, in a fixed order (duration, share, quantity, steps).
        smaller_text: The action cut down: one step only (the one with the quantity, else the
            first), with a smaller quantity.
        smaller: The smaller quantity, if the action has one.
        starter_text: The two-minute version ("put on your running shoes and step out the door").
    """

    reasons: tuple[BigReason, ...]
    smaller_text: str
    smaller: Measure | None
    starter_text: str


MAX_EASY_MINUTES = 20
"""A daily action longer than this (in minutes) gets an offer to shrink."""

SMALLER_MAX_MINUTES = 20
"""A shrunk duration is half the original, at most this many minutes, in steps of five."""

MAX_SHARE_OF_WEEK = 1 / 3
"""A day's quantity above this share of the weekly micro-goal is big (planned pace is 1/7)."""

EVERYDAY_MAX: dict[str, float] = {
    "words": 1000,
    "pages": 20,
    "chapters": 1,
    "books": 1,
    "km": 5,
    "miles": 3,
    "m": 5000,
    "steps": 15000,
    "pushups": 50,
    "situps": 50,
    "squats": 50,
    "pullups": 20,
    "burpees": 30,
    "lunges": 50,
    "reps": 50,
}
"""Daily quantities above these are big whatever the weekly goal (units not listed: no limit)."""

STARTERS: tuple[tuple[str, str], ...] = (
    (r"\b(push-?ups?|press-?ups?|squats?|sit-?ups?|burpees?|pull-?ups?|lunges?)\b", "do 2 {0}"),
    (r"\b(?:run|running|jog\w*)\b", "put on your running shoes and step out the door"),
    (r"\bwalk\w*", "put on your shoes and walk to the end of the street"),
    (r"\b(?:yoga|stretch\w*|mobility)\b", "roll out the mat and do one stretch"),
    (
        r"\b(?:gym|work ?out|workouts?|exercis\w*|train\w*|lift\w*)\b",
        "put on your workout clothes",
    ),
    (r"\b(?:meditat\w*|breath\w*|mindful\w*)", "sit down and take three slow breaths"),
    (r"\b(?:floss\w*)\b", "floss one tooth"),
    (r"\b(?:focus\w*|deep work|pomodoros?)\b", "set a timer and open the task for 2 minutes"),
    (r"\b(?:water|hydrat\w*)\b", "drink one glass of water"),
    (r"\b(?:journal\w*|diary)\b", "write one line in your journal"),
    (r"\bread\w*|\bbooks?\b|\bpages?\b", "read one page"),
    (r"\b(?:writ\w*|words?|novel|blog\w*|essay\w*|draft\w*)\b", "write one sentence"),
    (r"\b(?:code|coding|program\w*)\b", "open the project and write one line"),
    (
        r"\b(?:guitar|piano|violin|drums|ukulele|instrument|music|sing\w*)\b",
        "pick up the instrument and play one scale",
    ),
    (r"\b(?:draw\w*|sketch\w*|paint\w*)\b", "draw one small thing"),
    (
        r"\b(?:learn\w*|stud\w*|practi[sc]\w*|lessons?|flashcards?|spanish|french|german)\b",
        "open the book or app and do one exercise",
    ),
    (r"\b(?:clean\w*|tid\w*|declutter\w*)\b", "clear one surface"),
    (
        r"\b(?:call\w*|email\w*|clients?|customers?|outreach|pitch\w*)\b",
        "write the first line of one message",
    ),
    (r"\b(?:cook\w*|meals?)\b", "pick one recipe"),
)
"""Two-minute starters by topic; the first match wins, "{0}" is the unit as normalised."""

_STARTERS = tuple((re.compile(pattern, re.IGNORECASE), text) for pattern, text in STARTERS)

GENERIC_STARTER = "do just 2 minutes of it"

_STEP_SEPARATOR = re.compile(
    r"(?<!\d),|,(?!\d)|;|\+|&|\band\s+then\b|\bthen\b|\bafter\s+that\b|\bfollowed\s+by\b|\band\b",
    re.IGNORECASE,
)
_SEQUENCE = re.compile(r"\bthen\b|\bafter\s+that\b|\bfollowed\s+by\b", re.IGNORECASE)


def two_minute_starter(action_text: str, language: Languages = None) -> str:
    """The two-minute version of an action, from :data:`STARTERS`.

    Args:
        action_text: The daily action, e.g. "run 5 km", "correr 5 km".
        language: The user's language: the starter is its line for the same topic.

    Returns:
        A starter so small it is silly to skip, e.g. "put on your running shoes and step out
        the door"; :data:`GENERIC_STARTER` when no topic matches.
    """
    local = primary(language)
    text = _gloss(action_text, language)
    for index, (pattern, starter) in enumerate(_STARTERS):
        match = pattern.search(text)
        if match is not None and local.starters:
            return local.starters[index]
        if match is not None:
            return starter.format(*(normalise_unit(group) for group in match.groups() if group))
    return local.generic_starter or GENERIC_STARTER


def looks_big(
    action_text: str,
    daily: Measure | None = None,
    weekly: Measure | None = None,
    language: Languages = None,
) -> BigVerdict | None:
    """Check a daily action against the two-minute rule (rule 3).

    Args:
        action_text: The daily action in the user's words.
        daily: Its quantity, if known; otherwise it is looked for in the text.
        weekly: The weekly micro-goal, to compare the day's share against.
        language: The user's language: its words for "and", "then" split steps, and the
            smaller version and the starter are written in it.

    Returns:
        ``None`` when the action looks small enough, otherwise why and smaller versions.
    """
    text = " ".join(action_text.split())
    measure = daily
    if measure is None:
        found = find_measure(text)
        measure = found.measure if isinstance(found, MeasureMatch) else None

    reasons: list[BigReason] = []
    minutes = to_minutes(measure) if measure is not None else None
    if minutes is not None and minutes > MAX_EASY_MINUTES:
        reasons.append(BigReason.LONG_DURATION)
    share = _share_of_week(measure, weekly)
    if share is not None and share > MAX_SHARE_OF_WEEK:
        reasons.append(BigReason.LARGE_SHARE)
    limit = EVERYDAY_MAX.get(normalise_unit(measure.unit)) if measure is not None else None
    if measure is not None and limit is not None and measure.quantity > limit:
        reasons.append(BigReason.LARGE_QUANTITY)
    separators, sequence = _step_words(language_order(language))
    steps = _steps(text, separators)
    if len(steps) >= 3 or (len(steps) == 2 and sequence.search(text)):
        reasons.append(BigReason.MANY_STEPS)
    if not reasons:
        return None

    smaller = _smaller(measure, weekly, reasons) if measure is not None else None
    smaller_text = _main_step(steps, measure) if BigReason.MANY_STEPS in reasons else text
    if smaller is not None and measure is not None:
        smaller_text = _with_measure(smaller_text, smaller, measure, language)
    return BigVerdict(tuple(reasons), smaller_text, smaller, two_minute_starter(text, language))


def _share_of_week(measure: Measure | None, weekly: Measure | None) -> float | None:
    if measure is None or weekly is None or weekly.quantity <= 0:
        return None
    day_minutes, week_minutes = to_minutes(measure), to_minutes(weekly)
    if day_minutes is not None and week_minutes is not None:
        return day_minutes / week_minutes
    if normalise_unit(measure.unit) != normalise_unit(weekly.unit):
        return None
    return measure.quantity / weekly.quantity


def _smaller(measure: Measure, weekly: Measure | None, reasons: list[BigReason]) -> Measure | None:
    """Half the action (durations: half, at most 20 minutes), or the weekly pace if smaller."""
    minutes = to_minutes(measure)
    if minutes is not None:
        if BigReason.LONG_DURATION not in reasons and BigReason.LARGE_SHARE not in reasons:
            return None
        target = min(minutes / 2, SMALLER_MAX_MINUTES)
        week_minutes = to_minutes(weekly) if weekly is not None else None
        if week_minutes is not None:
            target = min(target, week_minutes / 7)
        return Measure(max(2.0, float(target // 5 * 5)), "minutes")
    if BigReason.LARGE_SHARE not in reasons and BigReason.LARGE_QUANTITY not in reasons:
        return None
    unit = normalise_unit(measure.unit)
    countable = is_countable(unit)
    target = measure.quantity / 2
    if weekly is not None and normalise_unit(weekly.unit) == unit:
        target = min(target, round_nice(weekly.quantity / 7, countable=countable))
    return Measure(round_nice_down(target, countable=countable), unit)


def _with_measure(text: str, smaller: Measure, measure: Measure, language: Languages) -> str:
    """Put the smaller quantity where the old one is, or after the text when it has none."""
    inside = find_measure(text)
    if isinstance(inside, MeasureMatch) and _same_amount(inside.measure, measure):
        return replace_measure(text, inside, smaller, language)
    return f"{text}: {format_measure(smaller, language=language)}"


def _same_amount(a: Measure, b: Measure) -> bool:
    a_minutes, b_minutes = to_minutes(a), to_minutes(b)
    if a_minutes is not None and b_minutes is not None:
        return a_minutes == b_minutes
    return normalise_unit(a.unit) == normalise_unit(b.unit) and a.quantity == b.quantity


def _main_step(steps: list[str], measure: Measure | None) -> str:
    """The step carrying the quantity (the heart of the action), else the first one."""
    if measure is not None:
        for step in steps:
            found = find_measure(step)
            if isinstance(found, MeasureMatch) and _same_amount(found.measure, measure):
                return step
    return steps[0]


def _steps(text: str, separators: re.Pattern[str]) -> list[str]:
    return [part.strip(" .") for part in separators.split(text) if part.strip(" .")]


@cache
def _step_words(order: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The step separators and "then" words of the languages given, English included."""
    separators = [_STEP_SEPARATOR.pattern, *(lexicon(code).step_separators for code in order)]
    sequence = [_SEQUENCE.pattern, *(lexicon(code).sequence for code in order)]
    return (
        re.compile("|".join(part for part in separators if part), re.IGNORECASE),
        re.compile("|".join(part for part in sequence if part), re.IGNORECASE),
    )


# --- Variety in the messages the bot sends by itself (rule 15) ---------------------------------
#
# A scheduled message speaks to this person (their streak, their best run, the days kept this
# week, their wins) and never repeats a sentence within a week. The variant of each line is a
# pure function of (user, date): a restart or a second delivery attempt says the same thing,
# consecutive days take consecutive templates, so with at least :data:`VARIANTS` templates per
# line no template comes back within seven days. The texts themselves live in the views.

VARIANTS = 8
"""Templates per rotating line: more than seven, so a week never shows one twice."""

_USER_SPREAD = 5
"""Shifts each user's rotation, so that two users rarely read the same line on the same day."""


def variant(user_id: int, day: date, count: int = VARIANTS, *, salt: int = 0) -> int:
    """Which of ``count`` templates a daily line uses for this user on this day.

    Args:
        user_id: The user (their rotation starts at their own place).
        day: The user's local date.
        count: How many templates the line has.
        salt: Tells one line's rotation from another's in the same message.

    Returns:
        An index in ``range(count)``; the next day gets the next index (modulo ``count``).

    Raises:
        ValueError: If ``count`` is not positive.
    """
    if count < 1:
        raise ValueError(f"count must be positive, got {count}")
    return (day.toordinal() + user_id * _USER_SPREAD + salt) % count


def weekly_variant(user_id: int, day: date, count: int = VARIANTS, *, salt: int = 0) -> int:
    """Like :func:`variant` for a weekly message: consecutive weeks take consecutive templates."""
    if count < 1:
        raise ValueError(f"count must be positive, got {count}")
    return (day.toordinal() // 7 + user_id * _USER_SPREAD + salt) % count


class MomentumKind(StrEnum):
    """Which family of momentum lines fits the user's situation this morning."""

    STREAK = "streak"  # a run of two days or more is going
    RESTART = "restart"  # wins before, but no run right now (a miss, or a fresh restart)
    FIRST = "first"  # nothing kept yet


STREAK_FROM = 2
"""A run this long gets the streak family of momentum lines."""


@dataclass(frozen=True, slots=True)
class Figures:
    """What the user actually did, for lines that speak to them.

    Attributes:
        streak: The current run of kept days.
        best: The longest run ever.
        votes: Days the action was done, in any size.
        kept_week: Days kept among the last seven before today (since the start).
        days_week: Days of the plan among those seven.
        strength: The smoothed habit strength, in percent.
        plan_week: The week of the plan, 1-based.
        weekday: The weekday (0 is Monday) kept most often in the days known; ``None`` when
            none was ever missed (no weekday stands out) or none was kept.
        weekday_kept: How many of those weekdays were kept.
        weekday_days: How many of those weekdays there were.
    """

    streak: int
    best: int
    votes: int
    kept_week: int
    days_week: int
    strength: int
    plan_week: int
    weekday: int | None = None
    weekday_kept: int = 0
    weekday_days: int = 0


_KEPT = frozenset({DayState.DONE, DayState.PARTIAL, DayState.MVA, DayState.SKIP})
_COUNTED = _KEPT | {DayState.MISSED}


def figures(
    states: Mapping[date, DayState],
    today: date,
    *,
    streak: int,
    best: int,
    votes: int,
    strength: float,
    plan_week: int,
) -> Figures:
    """The user's figures for one goal on one day, from its judged days.

    Args:
        states: The goal's judged days (today's included or not: only earlier days count).
        today: The user's local date.
        streak: The current streak.
        best: The best streak.
        votes: The identity votes (days done in any size).
        strength: The habit strength, 0..1.
        plan_week: The week of the plan, 1-based.

    Returns:
        The figures.
    """
    week = [today - timedelta(days=n) for n in range(1, 8)]
    planned = [day for day in week if states.get(day) in _COUNTED]
    kept = [day for day in planned if states.get(day) in _KEPT]
    by_weekday: dict[int, list[int]] = {}
    for day, state in states.items():
        if day < today and state in _COUNTED:
            tally = by_weekday.setdefault(day.weekday(), [0, 0])
            tally[0] += state in _KEPT
            tally[1] += 1
    weekday, weekday_kept, weekday_days = None, 0, 0
    # A strongest weekday only means something when some weekday had a miss.
    if any(kept < days for kept, days in by_weekday.values()):
        weekday = max(by_weekday, key=lambda wd: (by_weekday[wd][0], -by_weekday[wd][1], -wd))
        weekday_kept, weekday_days = by_weekday[weekday]
    return Figures(
        streak=streak,
        best=best,
        votes=votes,
        kept_week=len(kept),
        days_week=len(planned),
        strength=round(strength * 100),
        plan_week=plan_week,
        weekday=weekday if weekday_kept else None,
        weekday_kept=weekday_kept,
        weekday_days=weekday_days,
    )


@dataclass(frozen=True, slots=True)
class Momentum:
    """The morning's momentum line: which family, which template, and the figures to fill in."""

    kind: MomentumKind
    index: int
    figures: Figures


def momentum(user_id: int, today: date, found: Figures, count: int = VARIANTS) -> Momentum:
    """The momentum line that fits this user this morning (rule 11's weeks, rule 15's variety).

    The family follows the situation (a run going, a restart, nothing kept yet); within a
    family the template rotates by day, so a week never shows one twice.

    Args:
        user_id: The user.
        today: The user's local date.
        found: The user's figures (:func:`figures`).
        count: Templates per family.

    Returns:
        The choice.
    """
    if found.streak >= STREAK_FROM:
        kind = MomentumKind.STREAK
    elif found.votes > 0:
        kind = MomentumKind.RESTART
    else:
        kind = MomentumKind.FIRST
    return Momentum(kind, variant(user_id, today, count, salt=3), found)
