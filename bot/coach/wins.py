"""Reading a win from free text (docs/product.md rule 4).

Logging a win takes one message: "done", "did it", "✅", "wrote 400 words", "ran 3km",
"20 pushups". This module turns such a message into a :class:`WinText` (what kind of log it is,
the quantity if any, the content words, and whether it is about yesterday);
:mod:`bot.coach.win_matching` matches it to the user's goals, and
:mod:`bot.coach.quantities.conversion` adds its quantity to what was already logged that day.

Decisions (all deliberate, all tested):

* **Three answers.** :func:`read_win` returns a :class:`WinText`, a :class:`WinProblem` (a win
  with a quantity that cannot be used: "-5 words", "1e9 words", "NaN pages", "wrote lots") or
  ``None`` when the message is not about a win at all ("hello", "what's up"), so the bot can
  answer it otherwise.
* **Explicit or inferred.** A done word ("done", "did it", "finished", "yes", "✅"), the MVA,
  skip and undo phrases, a quantity with a known unit, or a bare number after "did" make a win
  *explicit*. A past-tense verb on its own ("meditated", "worked out", "sketched 3 comic strips")
  is *inferred*: :func:`~bot.coach.win_matching.match_goals` then only takes a goal whose names
  share a word with the message, even when there is a single goal, so "called my mom" never
  logs a run.
* **Negations and hedges are not wins.** "not done", "didn't", "almost done", "missed it",
  "forgot to" (but not "forgot to log") never read as DONE or MVA. Future words ("will",
  "later", "tomorrow") cancel only the weak evidence ("yes", a number on its own), so "wrote
  400 words, more tomorrow" is still a win but "yes I will" is not. Questions ("done?",
  "how do I …") are not wins.
* **A number beats a skip word.** "skipping rope 10 min" is a win of 10 minutes; "skip" on its
  own is a rest day. An undo phrase beats everything: reversing a mistake must never log one.
* **A bare number** ("did 20", "400") is a quantity in the goal's own unit: its
  ``Measure.unit`` is the empty string. Numbers after "at", "by", "day" and the like ("done at
  7", "day 12 done") are not amounts.
* **Sanity limits for one day.** On top of the limits of :mod:`bot.coach.quantities`, a single
  win is at most :data:`MAX_WIN_QUANTITY` and at most 24 hours of time.
* **Yesterday.** "yesterday", "yday" and "last night" set ``yesterday``. Whether yesterday may
  still be logged (until midday today) is the service's call: it knows the clock; this does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.coach.lexicon import Languages, glossary, is_past_verb
from bot.coach.models import Measure
from bot.coach.quantities.reading import MeasureProblem, find_measure
from bot.coach.quantities.units import to_minutes, unit_info
from bot.coach.win_words import IRREGULAR, NOT_WIN_VERBS, TOKEN_RE, content_words, wordset

MAX_WIN_TEXT_LENGTH = 200
"""Longer messages are not read as wins; a win fits in a line."""

MAX_WIN_QUANTITY = 1_000_000
"""Largest quantity one day's win may carry (a million steps is already absurd)."""

MAX_WIN_MINUTES = 24 * 60
"""A day holds no more time than this."""


class WinKind(StrEnum):
    """What a win message asks the bot to log."""

    DONE = "done"
    MVA = "mva"  # the minimum viable action: a kept day all the same
    SKIP = "skip"  # a planned rest day
    UNDO = "undo"  # take back the last log


class WinProblem(StrEnum):
    """Why a win message's quantity cannot be used; each gets its own friendly answer."""

    NEGATIVE = "negative"
    ZERO = "zero"
    TOO_LARGE = "too_large"
    NOT_A_NUMBER = "not_a_number"  # "NaN pages", "inf words"
    VAGUE_AMOUNT = "vague_amount"  # "wrote lots", "did a bunch"
    TOO_LONG = "too_long"  # more than MAX_WIN_TEXT_LENGTH characters


@dataclass(frozen=True, slots=True)
class WinText:
    """A win read from a message.

    Attributes:
        kind: What to log.
        quantity: The amount done, if the message has one. A bare number ("did 20") has the
            empty string as its unit: it is in the goal's own unit.
        words: Content words for matching goal names, lowercased, irregular verbs in their base
            form ("wrote 400 words" → ``("write", "words")``).
        yesterday: The message is about yesterday ("did it yesterday").
        explicit: False when the win is only inferred from a past-tense verb ("meditated");
            :func:`~bot.coach.win_matching.match_goals` then needs a name in common with a
            goal.
    """

    kind: WinKind
    quantity: Measure | None = None
    words: tuple[str, ...] = ()
    yesterday: bool = False
    explicit: bool = True


# Emoji that mean "done". Variation selectors and skin tones are removed before looking.
_DONE_EMOJI = frozenset("✅✔☑✓👍💪🙌🎉")
_EMOJI_NOISE_RE = re.compile("[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff]")

_UNDO_RE = re.compile(
    r"\b(?:undo|undid|revert|cancel\s+(?:that|it|this|the\s+last(?:\s+one)?|last)"
    r"|take\s+(?:that|it)\s+back"
    r"|(?:remove|delete)\s+(?:that|it|this|the\s+last(?:\s+one)?)"
    r"|that\s+was\s+(?:a\s+)?(?:mistake|wrong)|wrong\s+(?:goal|one|button))\b"
)
_QUESTION_START_RE = re.compile(
    r"^\W*(?:what|what's|whats|why|how|when|where|who|which|can|could|would|should|is|are|"
    r"am\s+i|do|does|did\s+(?:you|i))(?![\w'])"  # "can't today" is not a question
)
# Strong done words: enough on their own, even next to "tomorrow".
_DONE_RE = re.compile(
    r"\b(?:done|did\s+(?:it|that|this|mine|them|today'?s?)|(?:i|just|sure)\s+did"
    r"|finished|finish(?:ed)?\s+it|complete|completed|nailed\s+it|got\s+it\s+done"
    r"|smashed\s+it|crushed\s+it|kept\s+it|ticked(?:\s+it)?(?:\s+off)?)\b"
)
# Weak done words: a future word next to them ("yes I will") means not yet.
_YES_RE = re.compile(r"\b(?:yes|yep|yeah|yup|yay|ya)\b")
_MVA_RE = re.compile(
    r"\b(?:mva|(?:bare\s+)?minimum(?:\s+viable)?(?:\s+(?:version|action))?|min\s+version"
    r"|(?:small|smaller|tiny|mini)\s+version"
    r"|a\s+(?:little|tiny)(?:\s+bit)?|a\s+bit)\b(?!\s+(?:more|extra|over|longer|further))"
)
_SKIP_RE = re.compile(
    r"\b(?:skip|skipping|skipped|rest\s+day|rest\s+today|resting|day\s+off|off\s+day"
    r"|break\s+day|tak(?:e|ing)\s+(?:a|the)\s+(?:day\s+off|break))\b"
)
_SKIP_ALONE = frozenset({"rest", "pass", "off", "break"})
_SKIP_NEGATED_RE = re.compile(
    r"\b(?:not|no|don't|dont|won't|wont|never|didn't|didnt)\s+(?:\w+\s+)?(?:skip|rest|tak)"
)
_NEGATION_RE = re.compile(
    r"\b(?:not|never|nothing|nope|nah|unable|cannot|fail|failed|missed|almost|nearly"
    r"|(?:did|do|does|have|has|had|could|was|were|is|are|ca|wo)n'?t|cant|wont"
    r"|ran\s+out|no\s+time"
    r"|forgot(?!\s+to\s+(?:log|track|mark|record|tell|say|report|send|tap|click|press"
    r"|update|check)))\b"
)
_FUTURE_RE = re.compile(
    r"\b(?:will|i'll|we'll|gonna|going\s+to|later|soon|tomorrow|about\s+to"
    r"|plan(?:ning)?\s+to|want\s+to|wanna|need\s+to|have\s+to|should|hope|hoping|maybe"
    r"|try(?:ing)?\s+to)\b"
)
_VAGUE_RE = re.compile(
    r"\b(?:lots|a\s+lot|loads|a\s+load|tons|a\s+ton|heaps|a\s+heap|bunch|plenty|many|much"
    r"|a\s+bunch|zillions?|gazillions?)\b"
)
_YESTERDAY_RE = re.compile(r"\b(?:yesterday|yday|last\s+night)\b")
_NOT_A_NUMBER_RE = re.compile(
    r"(?<![\w.])[-+]?(?:nan|infinity|inf|∞)(?![a-z])(?:\s+(?P<unit>[a-z]+))?"
)
_LEADING_FILLER = wordset(
    """i just finally already so also today yesterday yday this morning evening ok okay and then
    hey hi oh well ah woo this afternoon tonight last night"""
)
_STARTS_WITH_NUMBER_RE = re.compile(r"^\W*(?:(?:just|only|today|yesterday|did)\W+)*[-−+]?[€$£]?\d")
# Words before a number that make it a time, a day count or a rank rather than an amount.
_NOT_AMOUNT_BEFORE = wordset(
    """at by around about before after since until till from to on in day days week streak
    number no nr step level"""
)
_RUN_WORDS_RE = re.compile(r"\b(?:ran|raced|jogged)\b")
_BARE_UNIT = "x"  # placeholder handed to find_measure to learn a bare number's value


_CLOCK_TIME_RE = re.compile(r"(?:at\s+)?\d{1,2}(?:[:.h]\d{2})\s*(?:am|pm|a\.m\.|p\.m\.)?")
"""A bare clock time ("7:30", "21:40") answers some other question; it is never an amount."""

_DATE_RE = re.compile(r"\d{1,2}/\d{1,2}|\d{1,4}([/.-])\d{1,2}\1\d{1,4}")
"""A bare date ("27/11", "2026-11-27", "27.11.2026") answers some other question too: never
the amount of its first number."""


def read_win(text: str, language: Languages = None) -> WinText | WinProblem | None:
    """Read a win from a free-text message.

    Args:
        text: What the user wrote, e.g. "done ✅", "wrote 400 words", "rest day", "undo";
            in the user's language "сделала", "написал 500 слов", "corrí 5 km", "li 20 páginas".
        language: The user's language (see :func:`bot.coach.lexicon.language_order`); its
            words are read first, English always.

    Returns:
        The win; the problem with its quantity; or ``None`` when the message is not a win
        (a greeting, a question, "not today", "didn't manage").
    """
    if len(text.strip()) > MAX_WIN_TEXT_LENGTH:
        return WinProblem.TOO_LONG
    low = _EMOJI_NOISE_RE.sub("", text).replace("’", "'").replace("‘", "'").lower()
    has_emoji = any(ch in _DONE_EMOJI for ch in low)
    plain = " ".join("".join(" " if ch in _DONE_EMOJI else ch for ch in low).split())
    plain = glossary("win", language).apply(plain)
    if not plain and not has_emoji:
        return None
    yesterday = _YESTERDAY_RE.search(plain) is not None
    words = content_words(plain)

    if any(
        (
            _QUESTION_START_RE.match(plain),
            _CLOCK_TIME_RE.fullmatch(plain),
            _DATE_RE.fullmatch(plain),
        )
    ):
        return None
    if _UNDO_RE.search(plain):
        return WinText(WinKind.UNDO, None, words, yesterday)
    if plain.rstrip(" !.").endswith("?"):
        return None

    negated = _NEGATION_RE.search(plain) is not None
    future = _FUTURE_RE.search(plain) is not None
    strong = has_emoji or _DONE_RE.search(plain) is not None
    yes = _YES_RE.search(plain) is not None
    mva = _MVA_RE.search(plain) is not None
    verb = _past_verb(plain, language)
    skip = _is_skip(plain)
    starts_with_number = _STARTS_WITH_NUMBER_RE.match(plain) is not None
    reports = strong or mva or verb is not None or starts_with_number or yes

    if _not_a_number(plain):
        return WinProblem.NOT_A_NUMBER

    # A number beats a skip word ("skipping rope 10 min"), so skip messages are read too.
    quantity = _quantity(plain) if reports or skip else None
    if isinstance(quantity, WinProblem):
        return quantity
    if quantity is not None:
        if negated or (future and not strong and verb is None):
            return None
        # An unknown noun after a number ("2 kids") is a unit only if a verb says it was done.
        known_unit = quantity.unit == "" or unit_info(quantity.unit) is not None
        explicit = strong or mva or yes or (known_unit and (starts_with_number or bool(verb)))
        kind = WinKind.MVA if mva else WinKind.DONE
        return WinText(kind, quantity, words, yesterday, explicit)

    if skip:
        return WinText(WinKind.SKIP, None, words, yesterday)
    if negated:
        return None
    if mva:
        return WinText(WinKind.MVA, None, words, yesterday)
    if strong:
        return WinText(WinKind.DONE, None, words, yesterday)
    if _VAGUE_RE.search(plain) and verb is not None:
        return WinProblem.VAGUE_AMOUNT
    if yes and not future:
        return WinText(WinKind.DONE, None, words, yesterday)
    # "got to do it later": "got" and "did" help other verbs as often as they report a deed.
    if verb is not None and not (future and verb in {"do", "get"}):
        return WinText(WinKind.DONE, None, words, yesterday, explicit=False)
    return None


def _past_verb(plain: str, language: Languages) -> str | None:
    """The base form of a past-tense verb opening the message (after "I", "just", "today" …)."""
    token = _past_token(plain, language)
    return IRREGULAR.get(token, token) if token is not None else None


def _past_token(plain: str, language: Languages) -> str | None:
    """The past-tense verb opening the message, as written ("wrote", "meditated", "medité")."""
    for token in TOKEN_RE.findall(plain):
        if token in _LEADING_FILLER:
            continue
        if token in IRREGULAR:
            # "done" is a done word, not a verb cue; "forgot" is handled as a negation.
            return None if token in {"done", "gone", "forgot"} else token
        regular = (
            token.endswith("ed")
            and len(token) >= 5
            and not token.endswith("eed")
            and token not in NOT_WIN_VERBS
        )
        return token if regular or is_past_verb(token, language) else None
    return None


def reports_a_deed(text: str, language: Languages = None) -> bool:
    """Whether the message says something was done, in a way no plan answer would.

    A done word ("done", "finished", "✅") or a verb in a past form that differs from its base
    ("wrote", "ran", "meditated"). "Read 20 pages" or "put 5 € aside" are left out: their
    verbs read the same in the present, and as such they are good answers to "what's your
    daily action?". ``language`` is the user's language, as for :func:`read_win`.
    """
    low = _EMOJI_NOISE_RE.sub("", text).replace("’", "'").lower()
    if any(ch in _DONE_EMOJI for ch in low):
        return True
    plain = glossary("win", language).apply(" ".join(low.split()))
    if _DONE_RE.search(plain) is not None:
        return True
    token = _past_token(plain, language)
    # Regular "-ed" forms always differ from the base; irregular ones when the table says so.
    return token is not None and (token not in IRREGULAR or IRREGULAR[token] != token)


def _is_skip(plain: str) -> bool:
    if plain.strip(" !.") in _SKIP_ALONE:
        return True
    if "tomorrow" in plain:
        return False  # "rest day tomorrow" is a plan, not today's log
    return _SKIP_RE.search(plain) is not None and _SKIP_NEGATED_RE.search(plain) is None


def _not_a_number(plain: str) -> bool:
    for match in _NOT_A_NUMBER_RE.finditer(plain):
        unit = match.group("unit")
        whole = match.group(0).strip() == plain.strip(" !.")
        if whole or (unit is not None and unit_info(unit) is not None):
            return True
    return False


_MEASURE_PROBLEMS: dict[MeasureProblem, WinProblem] = {
    MeasureProblem.NEGATIVE: WinProblem.NEGATIVE,
    MeasureProblem.ZERO: WinProblem.ZERO,
    MeasureProblem.TOO_LARGE: WinProblem.TOO_LARGE,
    MeasureProblem.NOT_FINITE: WinProblem.NOT_A_NUMBER,
    MeasureProblem.TOO_LONG: WinProblem.TOO_LONG,
}


def _quantity(plain: str) -> Measure | WinProblem | None:
    """The amount in a win message, a bare number as a unit-less measure, or its problem."""
    # Done words and dates are not units: "day 5 done" must not read as 5 "done".
    text = _DONE_RE.sub(" ", plain)
    text = _YESTERDAY_RE.sub(" ", text)
    text = _YES_RE.sub(" ", text)
    text = _RUN_WORDS_RE.sub("run", text)  # so that "ran 5k" is 5 km, as "run 5k" is
    found = find_measure(text, default_unit=_BARE_UNIT)
    if isinstance(found, MeasureProblem):
        return _MEASURE_PROBLEMS.get(found)
    measure = found.measure
    if measure.unit == _BARE_UNIT:  # "x" is a calendar word in quantities, never a real unit
        before = re.findall(r"[a-z]+", text[: found.start])
        if before and before[-1] in _NOT_AMOUNT_BEFORE:
            return None  # "done at 7", "day 12"
        measure = Measure(measure.quantity, "")
    if measure.quantity > MAX_WIN_QUANTITY:
        return WinProblem.TOO_LARGE
    minutes = to_minutes(measure)
    if minutes is not None and minutes > MAX_WIN_MINUTES:
        return WinProblem.TOO_LARGE
    return measure
