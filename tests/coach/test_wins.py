"""Tests for reading wins from free text and matching them to goals."""

from __future__ import annotations

import pytest

from bot.coach.models import Measure
from bot.coach.quantities.conversion import add_quantity, convert, units_compatible
from bot.coach.win_matching import GoalRef, match_goals
from bot.coach.win_words import stem
from bot.coach.wins import MAX_WIN_TEXT_LENGTH, WinKind, WinProblem, WinText, read_win

DONE, MVA, SKIP, UNDO = WinKind.DONE, WinKind.MVA, WinKind.SKIP, WinKind.UNDO


def _win(text: str) -> WinText:
    win = read_win(text)
    assert isinstance(win, WinText), f"{text!r} read as {win!r}"
    return win


@pytest.mark.parametrize(
    ("text", "kind", "quantity"),
    [
        # Done words, case, punctuation and emoji tolerant.
        ("done", DONE, None),
        ("Done", DONE, None),
        ("DONE!!!", DONE, None),
        ("done.", DONE, None),
        ("did it", DONE, None),
        ("did it!", DONE, None),
        ("Did it 💪", DONE, None),
        ("I did it", DONE, None),
        ("just did it", DONE, None),
        ("finished", DONE, None),
        ("Finished!", DONE, None),
        ("completed", DONE, None),
        ("nailed it", DONE, None),
        ("yes", DONE, None),
        ("Yes!", DONE, None),
        ("yep", DONE, None),
        ("✅", DONE, None),
        ("✔️", DONE, None),
        ("✔", DONE, None),
        ("☑️", DONE, None),
        ("👍", DONE, None),
        ("👍🏽", DONE, None),
        ("Done ✅", DONE, None),
        ("done at 7", DONE, None),  # a time, not an amount
        ("day 12 done ✅", DONE, None),  # a day count, not an amount
        ("did it 3 times", DONE, None),  # "times" is not a unit
        ("done, wrote lots", DONE, None),  # a done word beats a vague amount
        # Quantities.
        ("wrote 400 words", DONE, Measure(400, "words")),
        ("Wrote 400 words!", DONE, Measure(400, "words")),
        ("ran 3km", DONE, Measure(3, "km")),
        ("ran 3 km this morning", DONE, Measure(3, "km")),
        ("ran 5k", DONE, Measure(5, "km")),
        ("20 pushups", DONE, Measure(20, "pushups")),
        ("20 push-ups ✅", DONE, Measure(20, "pushups")),
        ("read 12 pages", DONE, Measure(12, "pages")),
        ("meditated 10 min", DONE, Measure(10, "minutes")),
        ("walked for an hour", DONE, Measure(1, "hours")),
        ("this morning I ran 3 miles", DONE, Measure(3, "miles")),
        ("done: 1,200 words", DONE, Measure(1200, "words")),
        ("3 sets of 10 pushups", DONE, Measure(30, "pushups")),
        ("spent 20 minutes on spanish", DONE, Measure(20, "minutes")),
        ("skipping rope 10 min", DONE, Measure(10, "minutes")),  # a number beats a skip word
        ("wrote 400 words, more tomorrow", DONE, Measure(400, "words")),
        # A bare number is in the goal's own unit.
        ("did 20", DONE, Measure(20, "")),
        ("400", DONE, Measure(400, "")),
        # The minimum viable action.
        ("did the minimum", MVA, None),
        ("Did the MVA", MVA, None),
        ("mva", MVA, None),
        ("MVA ✅", MVA, None),
        ("just the minimum", MVA, None),
        ("did a little", MVA, None),
        ("did a bit", MVA, None),
        ("the bare minimum today", MVA, None),
        ("mva: 100 words", MVA, Measure(100, "words")),
        # Rest days.
        ("rest day", SKIP, None),
        ("Rest day 😴", SKIP, None),
        ("skip", SKIP, None),
        ("Skip (rest day)", SKIP, None),
        ("skipping today", SKIP, None),
        ("day off", SKIP, None),
        ("taking a day off", SKIP, None),
        ("rest", SKIP, None),
        ("can't today, rest day", SKIP, None),
        # Undo.
        ("undo", UNDO, None),
        ("oops undo", UNDO, None),
        ("Undo that", UNDO, None),
        ("cancel that", UNDO, None),
        ("wrong goal", UNDO, None),
        ("undo?", UNDO, None),
    ],
)
def test_read_win_accepts(text: str, kind: WinKind, quantity: Measure | None) -> None:
    win = _win(text)
    assert win.kind is kind
    assert win.quantity == quantity
    assert not win.yesterday


@pytest.mark.parametrize(
    ("text", "kind", "quantity"),
    [
        ("yesterday: wrote 300 words", DONE, Measure(300, "words")),
        ("did it yesterday", DONE, None),
        ("forgot to log yesterday — done", DONE, None),
        ("Yesterday ✅", DONE, None),
        ("wrote 500 words yesterday", DONE, Measure(500, "words")),
        ("ran 5 km last night", DONE, Measure(5, "km")),
        ("yesterday was a rest day", SKIP, None),
        ("did the mva yesterday", MVA, None),
    ],
)
def test_read_win_yesterday(text: str, kind: WinKind, quantity: Measure | None) -> None:
    win = _win(text)
    assert (win.kind, win.quantity, win.yesterday) == (kind, quantity, True)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("-5 words", WinProblem.NEGATIVE),
        ("wrote -5 words", WinProblem.NEGATIVE),
        ("0 words", WinProblem.ZERO),
        ("did 0 pushups", WinProblem.ZERO),
        ("1e9 words", WinProblem.TOO_LARGE),
        ("wrote 2,000,000 words", WinProblem.TOO_LARGE),
        ("meditated 30 hours", WinProblem.TOO_LARGE),
        ("1e999 words", WinProblem.TOO_LARGE),
        ("walked 10^30 km", WinProblem.TOO_LARGE),
        ("ran 10 ^ 30 km", WinProblem.TOO_LARGE),
        ("wrote 10**30 words", WinProblem.TOO_LARGE),
        ("wrote 10³⁰ words", WinProblem.TOO_LARGE),
        ("wrote 3×10^30 words", WinProblem.TOO_LARGE),
        ("wrote 9^9999 words", WinProblem.TOO_LARGE),
        ("NaN pages", WinProblem.NOT_A_NUMBER),
        ("read nan pages", WinProblem.NOT_A_NUMBER),
        ("inf words", WinProblem.NOT_A_NUMBER),
        ("∞ words", WinProblem.NOT_A_NUMBER),
        ("nan", WinProblem.NOT_A_NUMBER),
        ("wrote lots", WinProblem.VAGUE_AMOUNT),
        ("did a bunch", WinProblem.VAGUE_AMOUNT),
        ("ran loads", WinProblem.VAGUE_AMOUNT),
        ("did lots of pushups", WinProblem.VAGUE_AMOUNT),
        ("x" * (MAX_WIN_TEXT_LENGTH + 1), WinProblem.TOO_LONG),
        ("done " * 50, WinProblem.TOO_LONG),
    ],
)
def test_read_win_problems(text: str, problem: WinProblem) -> None:
    assert read_win(text) is problem


def test_read_win_length_limit_is_inclusive() -> None:
    assert isinstance(read_win("done" + " " * (MAX_WIN_TEXT_LENGTH - 4)), WinText)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "what's up",
        "What's up?",
        "thanks a lot",
        "hi there",
        "/start",
        # Not done.
        "not done",
        "not yet",
        "didn't do it",
        "didnt manage",
        "haven't done it yet",
        "almost done",
        "nearly finished",
        "missed it",
        "ran out of time",
        "forgot to do it",
        "couldn't do it today, sorry",
        "no, not done",
        # Plans and questions.
        "yes I will",
        "I'll write later",
        "will do it tonight",
        "done?",
        "is it done?",
        "did you get it",
        "how do I undo",
        "rest day tomorrow",
        "not skipping today!",
        # Numbers that are not a win.
        "I have 2 kids",
        "I only have 10 minutes today",
        "called my nan",
        "i'm so tired",
        "tired",
    ],
)
def test_read_win_not_a_win(text: str) -> None:
    win = read_win(text)
    assert win is None or (isinstance(win, WinText) and not win.explicit), win


@pytest.mark.parametrize(
    "text",
    ["hello", "what's up", "not done", "yes I will", "I have 2 kids", "tired", "done?"],
)
def test_read_win_none_exactly(text: str) -> None:
    assert read_win(text) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("wrote 400 words", ("write", "words")),
        ("ran 3km", ("run", "km")),
        ("meditated 10 min", ("meditated", "min")),
        ("done ✅", ()),
        ("forgot to log yesterday — done", ()),
        ("swam 1 km in the lake", ("swim", "km", "lake")),
        ("did my spanish lesson", ("spanish", "lesson")),
    ],
)
def test_read_win_words(text: str, words: tuple[str, ...]) -> None:
    assert _win(text).words == words


@pytest.mark.parametrize(
    ("text", "explicit"),
    [
        ("done", True),
        ("20 pushups", True),
        ("ran 3km", True),
        ("did 20", True),
        ("yes", True),
        ("meditated", False),
        ("worked out", False),
        ("did my pushups", False),
        ("called my mom", False),
        ("sketched 3 comic strips", False),  # an unknown noun is a unit only with a goal
    ],
)
def test_read_win_explicit(text: str, explicit: bool) -> None:
    assert _win(text).explicit is explicit


def test_read_win_unknown_unit_keeps_it() -> None:
    assert _win("sketched 3 comic strips").quantity == Measure(3, "comic strips")


# --- Stemming ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("meditated", "meditate", "meditating", "meditation", "meditates"),
        ("ran", "run", "running", "runs"),
        ("wrote", "write", "writing", "written", "writes"),
        ("walked", "walk", "walking", "walks"),
        ("swam", "swim", "swimming"),
        ("studied", "study", "studying", "studies"),
        ("page", "pages"),
        ("pushup", "pushups"),
        ("practiced", "practice", "practicing"),
        ("journaled", "journal", "journaling", "journalled"),
        ("stretched", "stretch", "stretches", "stretching"),
        ("read", "reading", "reads"),
    ],
)
def test_stem_brings_forms_together(forms: tuple[str, ...]) -> None:
    assert len({stem(form) for form in forms}) == 1, {form: stem(form) for form in forms}


@pytest.mark.parametrize(
    ("first", "second"),
    [("run", "read"), ("write", "walk"), ("need", "ne"), ("speed", "spe"), ("sing", "s")],
)
def test_stem_keeps_words_apart(first: str, second: str) -> None:
    assert stem(first) != stem(second)


# --- Matching goals ------------------------------------------------------------------------------

NOVEL = GoalRef(1, ("Publish a novel", "40,000 words in 12 weeks", "write 480 words"), "words")
RUN = GoalRef(2, ("Run a marathon", "run 10 km without stopping", "run 3 km"), "km")
CALM = GoalRef(3, ("Feel calm", "meditate 20 hours", "meditate 10 minutes"), "minutes")
PIANO = GoalRef(4, ("Play piano", "learn 3 pieces", "practice piano 20 minutes"), "minutes")
READ = GoalRef(5, ("Read more", "read 12 books", "read 20 pages"), "pages")
JOURNAL = GoalRef(6, ("Know myself", "a full notebook", "journal before bed"), None)
ALL = (NOVEL, RUN, CALM, PIANO, READ, JOURNAL)


@pytest.mark.parametrize(
    ("text", "goals", "expected"),
    [
        # A single goal: it.
        ("done", (NOVEL,), (1,)),
        ("ran 3km", (NOVEL,), (1,)),  # the unit does not fit, but there is only one goal
        ("✅", (JOURNAL,), (6,)),
        # By unit.
        ("wrote 400 words", ALL, (1,)),
        ("400 words", ALL, (1,)),
        ("ran 3km", ALL, (2,)),
        ("walked 2 miles", ALL, (2,)),  # miles convert to km
        ("read 12 pages", ALL, (5,)),
        # By unit, then by name.
        ("meditated 10 min", ALL, (3,)),
        ("practised piano for half an hour", ALL, (4,)),
        ("1 hour of piano", ALL, (4,)),
        # Both durations, no name: ask.
        ("20 minutes", ALL, (3, 4)),
        # By name, with irregular verbs and suffixes.
        ("ran this morning", ALL, (2,)),
        ("meditated", ALL, (3,)),
        ("journaling done", ALL, (6,)),
        ("wrote today", ALL, (1,)),
        ("did the mva for the novel", ALL, (1,)),
        ("read before bed", ALL, (5, 6)),  # "read" and "bed" score one each: ask
        # Ambiguous: all, in priority order.
        ("done", ALL, (1, 2, 3, 4, 5, 6)),
        ("skip", ALL, (1, 2, 3, 4, 5, 6)),
        ("did 20", ALL, (1, 2, 3, 4, 5)),  # a bare number needs a goal with a unit
        ("20 pushups", ALL, (1, 2, 3, 4, 5, 6)),  # no goal counts pushups: ask
        # Inferred wins need a word in common, even with one goal.
        ("called my mom", ALL, ()),
        ("called my mom", (RUN,), ()),
        ("meditated", (CALM,), (3,)),
        ("sketched 3 comic strips", ALL, ()),
        # No goals.
        ("done", (), ()),
    ],
)
def test_match_goals(text: str, goals: tuple[GoalRef, ...], expected: tuple[int, ...]) -> None:
    assert match_goals(_win(text), goals) == expected


def test_match_goals_keeps_the_given_order() -> None:
    reordered = (READ, PIANO, CALM, NOVEL)
    assert match_goals(_win("20 minutes"), reordered) == (4, 3)
    assert match_goals(_win("yes"), reordered) == (5, 4, 3, 1)


def test_match_goals_unit_of_mva_in_force() -> None:
    # The running goal is at its MVA (a 10-minute walk); a full run still finds it by name.
    ramping = GoalRef(2, ("Run a marathon", "run 3 km", "a 10-minute walk"), "minutes")
    assert match_goals(_win("ran 3km"), (NOVEL, ramping, READ)) == (2,)
    assert match_goals(_win("walked 10 minutes"), (NOVEL, ramping, CALM)) == (2,)


# --- Quantities ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "unit", "expected"),
    [
        (Measure(1, "hours"), "minutes", 60.0),
        (Measure(90, "minutes"), "hours", 1.5),
        (Measure(30, "seconds"), "min", 0.5),
        (Measure(3, "km"), "m", 3000.0),
        (Measure(1, "miles"), "km", 1.609344),
        (Measure(1, "kg"), "lb", 1 / 0.45359237),
        (Measure(400, "words"), "words", 400.0),
        (Measure(400, "words"), "wds", 400.0),
        (Measure(400, "words"), "pages", None),
        (Measure(10, "EUR"), "USD", None),
        (Measure(10, "minutes"), "km", None),
    ],
)
def test_convert(measure: Measure, unit: str, expected: float | None) -> None:
    result = convert(measure, unit)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_units_compatible() -> None:
    assert units_compatible("hours", "minutes")
    assert units_compatible("miles", "km")
    assert units_compatible("words", "words")
    assert not units_compatible("pushups", "minutes")
    assert not units_compatible("EUR", "GBP")


@pytest.mark.parametrize(
    ("existing", "new", "target", "expected"),
    [
        (None, Measure(400, "words"), Measure(480, "words"), 400.0),
        (200.0, Measure(300, "words"), Measure(480, "words"), 500.0),
        (30.0, Measure(1, "hours"), Measure(45, "minutes"), 90.0),
        (None, Measure(1, "miles"), Measure(5, "km"), 1.609344),
        (0.1, Measure(0.2, "km"), Measure(5, "km"), 0.3),
        (None, Measure(20, ""), Measure(20, "pushups"), 20.0),  # a bare number
        (5.0, Measure(20, ""), None, 25.0),
        (None, Measure(3, "pages"), None, 3.0),  # no target: kept as given
    ],
)
def test_add_quantity(
    existing: float | None, new: Measure, target: Measure | None, expected: float
) -> None:
    assert add_quantity(existing, new, target) == pytest.approx(expected)


def test_add_quantity_refuses_other_units() -> None:
    with pytest.raises(ValueError, match="cannot add"):
        add_quantity(None, Measure(20, "pushups"), Measure(10, "minutes"))


@pytest.mark.parametrize("text", ["7:30", "21:40", "at 6.45", "9:15 pm"])
def test_a_bare_clock_time_is_not_a_win(text: str) -> None:
    assert read_win(text) is None


@pytest.mark.parametrize("text", ["27/11", "2026-11-27", "27/11/2026", "27.11.2026", "1-12-2026"])
def test_a_bare_date_is_not_a_win_of_its_first_number(text: str) -> None:
    assert read_win(text) is None


@pytest.mark.parametrize(("text", "amount"), [("1.5", 1.5), ("1.5 km", 1.5), ("10-15", 10.0)])
def test_a_decimal_or_a_range_is_still_read(text: str, amount: float) -> None:
    read = read_win(text)
    assert isinstance(read, WinText)
    assert read.quantity is not None
    assert read.quantity.quantity == amount
