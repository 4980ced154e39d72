"""Reading a win from free text, and finding the goal it belongs to (docs/product.md rule 4).

Logging a win takes one message: "done", "did it", "✅", "wrote 400 words", "ran 3km",
"20 pushups". This module turns such a message into a :class:`WinText` (what kind of log it is,
the quantity if any, the content words, and whether it is about yesterday), matches it to the
user's goals, and adds a quantity to what was already logged that day.

Decisions (all deliberate, all tested):

* **Three answers.** :func:`read_win` returns a :class:`WinText`, a :class:`WinProblem` (a win
  with a quantity that cannot be used: "-5 words", "1e9 words", "NaN pages", "wrote lots") or
  ``None`` when the message is not about a win at all ("hello", "what's up"), so the bot can
  answer it otherwise.
* **Explicit or inferred.** A done word ("done", "did it", "finished", "yes", "✅"), the MVA,
  skip and undo phrases, a quantity with a known unit, or a bare number after "did" make a win
  *explicit*. A past-tense verb on its own ("meditated", "worked out", "sketched 3 comic strips")
  is *inferred*: :func:`match_goals` then only takes a goal whose names share a word with the
  message, even when there is a single goal, so "called my mom" never logs a run.
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
* **Matching words.** Words are matched after a light stemming (:func:`stem`): a small table of
  irregular verbs ("ran" → "run", "wrote" → "write") and suffix stripping, applied to both the
  message and the goal's names, so "meditated" meets "meditation".
* **Unit conversion lives here** (:func:`convert`): durations, distances and masses convert;
  money and counts never do (no exchange rates, no pages-to-words). :mod:`bot.coach.comeback`
  reuses it for ramps between minutes and hours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.coach.lexicon import Languages, glossary, is_past_verb
from bot.coach.lexicon.units import STOP_WORDS
from bot.coach.models import Measure
from bot.coach.quantities.reading import MeasureProblem, find_measure
from bot.coach.quantities.units import UnitKind, normalise_unit, to_minutes, unit_info, unit_kind

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
            :func:`match_goals` then needs a name in common with a goal.
    """

    kind: WinKind
    quantity: Measure | None = None
    words: tuple[str, ...] = ()
    yesterday: bool = False
    explicit: bool = True


@dataclass(frozen=True, slots=True)
class GoalRef:
    """What :func:`match_goals` needs to know about a goal.

    Attributes:
        goal_id: The goal.
        names: Its texts: vision, outcome, daily action (and the MVA text while ramping).
        unit: The unit of the daily target in force today, if it has one.
    """

    goal_id: int
    names: tuple[str, ...]
    unit: str | None = None


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- Words --------------------------------------------------------------------------------------

# Irregular forms → base form. Regular forms are handled by stem()'s suffix stripping.
_IRREGULAR: dict[str, str] = {
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
_NOT_WIN_VERBS = _wordset(
    """tired bored stressed exhausted worried excited scared annoyed confused interested pleased
    relieved frustrated overwhelmed depressed motivated unmotivated disappointed embarrassed
    ashamed distracted injured wasted wanted needed planned hoped intended decided missed failed
    skipped tried wished asked wondered changed hundred sacred naked wicked beloved used
    supposed logged"""
)

# Words that carry no goal meaning: the done words, time words, function words.
_STOP = _wordset(
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

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


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
    w = _IRREGULAR.get(w, w)
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


def _content_words(text: str) -> tuple[str, ...]:
    words: list[str] = []
    for token in _TOKEN_RE.findall(text):
        base = _IRREGULAR.get(token, token)
        if len(base) < 2 or token in _STOP or base in _STOP or token in _NOT_WIN_VERBS:
            continue
        if token in STOP_WORDS:  # "de", "на", "el": the other languages' function words
            continue
        if base not in words:
            words.append(base)
    return tuple(words)


def _stems(texts: Sequence[str], language: Languages = None) -> frozenset[str]:
    # Goal names are glossed like wins, so "бегать" (a goal) and "пробежал" (a win) both run.
    gloss = glossary("win", language)
    stems: set[str] = set()
    for text in texts:
        stems.update(stem(word) for word in _content_words(gloss.apply(text.lower())))
    return frozenset(stems)


# --- Phrases ------------------------------------------------------------------------------------

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
_LEADING_FILLER = _wordset(
    """i just finally already so also today yesterday yday this morning evening ok okay and then
    hey hi oh well ah woo this afternoon tonight last night"""
)
_STARTS_WITH_NUMBER_RE = re.compile(r"^\W*(?:(?:just|only|today|yesterday|did)\W+)*[-−+]?[€$£]?\d")
# Words before a number that make it a time, a day count or a rank rather than an amount.
_NOT_AMOUNT_BEFORE = _wordset(
    """at by around about before after since until till from to on in day days week streak
    number no nr step level"""
)
_RUN_WORDS_RE = re.compile(r"\b(?:ran|raced|jogged)\b")
_BARE_UNIT = "x"  # placeholder handed to find_measure to learn a bare number's value


_CLOCK_TIME_RE = re.compile(r"(?:at\s+)?\d{1,2}(?:[:.h]\d{2})\s*(?:am|pm|a\.m\.|p\.m\.)?")
"""A bare clock time ("7:30", "21:40") answers some other question; it is never an amount."""


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
    words = _content_words(plain)

    if _QUESTION_START_RE.match(plain) or _CLOCK_TIME_RE.fullmatch(plain):
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
    return _IRREGULAR.get(token, token) if token is not None else None


def _past_token(plain: str, language: Languages) -> str | None:
    """The past-tense verb opening the message, as written ("wrote", "meditated", "medité")."""
    for token in _TOKEN_RE.findall(plain):
        if token in _LEADING_FILLER:
            continue
        if token in _IRREGULAR:
            # "done" is a done word, not a verb cue; "forgot" is handled as a negation.
            return None if token in {"done", "gone", "forgot"} else token
        regular = (
            token.endswith("ed")
            and len(token) >= 5
            and not token.endswith("eed")
            and token not in _NOT_WIN_VERBS
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
    return token is not None and (token not in _IRREGULAR or _IRREGULAR[token] != token)


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


# --- Matching goals ------------------------------------------------------------------------------


def match_goals(
    win: WinText, goals: Sequence[GoalRef], language: Languages = None
) -> tuple[int, ...]:
    """Find the goals a win may belong to, best first, keeping the given (priority) order.

    The rules, in order:

    1. No goals: none. A single goal: that goal (unless the win is only inferred from a verb
       and shares no word with it, see :attr:`WinText.explicit`).
    2. A quantity with a unit keeps the goals whose unit converts to it (same unit, or both
       durations, distances or masses). A bare number keeps the goals that have a unit.
       When no goal fits the unit, all goals stay in the running (the goal may be at its MVA,
       a 10-minute walk on the way back to 5 km).
    3. Content words narrow the rest to the goals sharing the most (stemmed) words with the
       message; unit words are left out when the unit has already been matched. Several
       left: all of them, and the bot asks with buttons.

    Args:
        win: The win read from the message.
        goals: The user's active goals in priority order.
        language: The user's language, to read the goals' names as the win was read.

    Returns:
        The candidate goal ids; more than one means "ask"; none means "not a win for any goal".
    """
    if not goals:
        return ()
    by_name = _best_by_name(win.words, goals, language)
    if not win.explicit and not by_name:
        return ()
    if len(goals) == 1:
        return (goals[0].goal_id,)
    candidates = list(goals)
    quantity = win.quantity
    if quantity is not None:
        if quantity.unit:
            fitting = [g for g in goals if g.unit and units_compatible(quantity.unit, g.unit)]
        else:
            fitting = [g for g in goals if g.unit]
        candidates = fitting or candidates
    if len(candidates) > 1:
        words = win.words
        if quantity is not None and quantity.unit:
            # The unit has had its say; "1 hour of piano" must not meet "meditate 20 hours".
            unit = quantity.unit
            words = tuple(
                word
                for word in words
                if unit_info(word) is None or not units_compatible(word, unit)
            )
        candidates = _best_by_name(words, candidates, language) or candidates
    return tuple(goal.goal_id for goal in candidates)


def _best_by_name(
    words: Sequence[str], goals: Sequence[GoalRef], language: Languages
) -> list[GoalRef]:
    wanted = {stem(word) for word in words}
    if not wanted:
        return []
    scores = [(len(wanted & _stems(goal.names, language)), goal) for goal in goals]
    best = max(score for score, _ in scores)
    return [goal for score, goal in scores if score == best] if best > 0 else []


# --- Quantities -------------------------------------------------------------------------------

_FACTORS: dict[UnitKind, dict[str, float]] = {
    UnitKind.DURATION: {"seconds": 1 / 60, "minutes": 1.0, "hours": 60.0},
    UnitKind.DISTANCE: {"m": 1.0, "km": 1000.0, "miles": 1609.344},
    UnitKind.MASS: {"kg": 1.0, "lb": 0.45359237},
}


def convert(measure: Measure, unit: str) -> float | None:
    """Express a measure in another unit.

    Args:
        measure: The measure, e.g. 1 hour.
        unit: The unit wanted, e.g. "minutes" or "mins".

    Returns:
        The quantity in ``unit`` (60.0), or ``None`` when the units do not convert: different
        kinds, money (no exchange rates) or different countable items.
    """
    source, target = normalise_unit(measure.unit), normalise_unit(unit)
    if source == target:
        return float(measure.quantity)
    factors = _FACTORS.get(unit_kind(source), {})
    if source not in factors or target not in factors:
        return None
    return measure.quantity * factors[source] / factors[target]


def units_compatible(first: str, second: str) -> bool:
    """True when quantities in the two units can be added up (see :func:`convert`).

    Args:
        first: A unit.
        second: Another unit.

    Returns:
        Whether one converts to the other.
    """
    return convert(Measure(1.0, first), second) is not None


def add_quantity(existing: float | None, new: Measure, target: Measure | None) -> float:
    """Add a win's quantity to what was already logged today, in the target's unit.

    ``DailyEntry.quantity`` is stored in the unit of the target in force that day, so a second
    win the same day adds up: 30 minutes, then "1 hour" toward a minutes target, is 90.

    Args:
        existing: The quantity already logged today, ``None`` when nothing was.
        new: The win's quantity; an empty unit means the target's unit ("did 20").
        target: The daily target in force; ``None`` for a goal without a quantity, where the
            number is kept as given.

    Returns:
        The new total.

    Raises:
        ValueError: If the units do not convert (20 pushups toward a minutes target); check
            with :func:`units_compatible` first and log the win without its number.
    """
    base = existing or 0.0
    if target is None or not new.unit:
        amount: float | None = new.quantity
    else:
        amount = convert(new, target.unit)
    if amount is None:
        raise ValueError(f"cannot add {new.unit!r} to a target in {target and target.unit!r}")
    # Rounding hides binary artefacts such as 0.1 + 0.2 km.
    return round(base + amount, 6)
