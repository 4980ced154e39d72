"""The planning ladder's pure rules: order, proposals, answers, dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.coach import planning as rules
from bot.coach.goal_words import Theme, is_rate, says_how_often, theme
from bot.coach.identity import normalise_identity, suggest_identity
from bot.coach.models import Goal, GoalStatus, Measure
from bot.coach.plan_ladder import LEVEL_ORDER, SKIPPED_IDENTITY, AnswerProblem, PlanLevel
from bot.coach.proposals import lower_first, propose

MOMENT = datetime(2026, 11, 22, tzinfo=UTC)
TODAY = date(2026, 11, 22)


def draft(**levels: object) -> Goal:
    goal = Goal(1, 1, GoalStatus.DRAFT, 1, MOMENT, MOMENT)
    return replace(goal, **levels)  # type: ignore[arg-type]


def novel() -> Goal:
    read = rules.with_outcome(draft(vision="write a novel"), "40,000 words of my first draft")
    assert not isinstance(read, AnswerProblem)
    return read.goal


def test_levels_are_asked_in_order_and_a_skipped_identity_counts_as_answered() -> None:
    goal = draft()
    asked = []
    answers = {
        PlanLevel.VISION: {"vision": "run"},
        PlanLevel.OUTCOME: {"outcome": "5 km"},
        PlanLevel.MONTHLY: {"monthly": "2 km"},
        PlanLevel.WEEKLY: {"weekly": "1 km"},
        PlanLevel.DAILY: {"daily": "walk"},
        PlanLevel.MVA: {"mva": "shoes on"},
        PlanLevel.IDENTITY: {"identity": SKIPPED_IDENTITY},
        PlanLevel.START: {"start_date": TODAY},
    }
    while (level := rules.next_level(goal)) is not None:
        asked.append(level)
        goal = replace(goal, **answers[level])  # type: ignore[arg-type]
    assert tuple(asked) == LEVEL_ORDER


@pytest.mark.parametrize(
    ("level", "previous"),
    [
        (PlanLevel.VISION, None),
        (PlanLevel.OUTCOME, PlanLevel.VISION),
        (PlanLevel.START, PlanLevel.IDENTITY),
        (PlanLevel.DUE, PlanLevel.START),
    ],
)
def test_back_goes_to_the_previous_level(level: PlanLevel, previous: PlanLevel | None) -> None:
    assert rules.previous_level(level) == previous


def test_the_product_example_breaks_down_by_arithmetic() -> None:
    goal = novel()
    proposals = []
    for level in (PlanLevel.MONTHLY, PlanLevel.WEEKLY, PlanLevel.DAILY):
        proposal = propose(goal, level)
        assert proposal is not None
        proposals.append(proposal.text)
        accepted = rules.with_proposal(goal, level)
        assert accepted is not None
        goal = accepted
    assert proposals == ["13,300 words", "3,300 words", "write 480 words"]


def test_a_custom_month_and_week_drive_the_levels_below() -> None:
    goal = rules.with_level(novel(), PlanLevel.MONTHLY, "12000")
    assert isinstance(goal, Goal)
    assert (goal.monthly, goal.monthly_measure) == ("12,000 words", Measure(12000, "words"))
    weekly = propose(goal, PlanLevel.WEEKLY)
    assert weekly is not None
    assert weekly.measure == Measure(3000, "words")
    goal = rules.with_level(goal, PlanLevel.WEEKLY, "2,100 words")
    assert isinstance(goal, Goal)
    daily = propose(goal, PlanLevel.DAILY)
    assert daily is not None
    assert daily.measure == Measure(300, "words")


@pytest.mark.parametrize(
    ("monthly", "reached"),
    [
        (Measure(5000, "words"), Measure(15000, "words")),
        (Measure(12000, "words"), Measure(36000, "words")),
        (Measure(13000, "words"), None),  # 39,000: close enough
        (Measure(13300, "words"), None),  # the proposal, rounded: not short
        (Measure(20000, "words"), None),
        (Measure(2, "hours"), None),  # another kind of unit: not compared
    ],
)
def test_a_month_that_cannot_reach_the_outcome_is_noticed(
    monthly: Measure, reached: Measure | None
) -> None:
    short = rules.monthly_shortfall(replace(novel(), monthly="x", monthly_measure=monthly))
    if reached is None:
        assert short is None
        return
    assert short == rules.Shortfall(
        3, monthly, reached, Measure(40000, "words"), Measure(13300, "words")
    )


def test_a_short_month_of_a_feat_or_without_numbers_is_not_judged() -> None:
    feat = rules.with_outcome(draft(vision="run"), "run 5 km without stopping")
    assert not isinstance(feat, AnswerProblem)
    goal = replace(feat.goal, monthly="1 km", monthly_measure=Measure(1, "km"))
    assert rules.monthly_shortfall(goal) is None
    assert rules.monthly_shortfall(replace(novel(), monthly="an outline")) is None


def test_changing_the_outcome_number_asks_month_and_week_again() -> None:
    goal = rules.with_proposal(
        rules.with_proposal(novel(), PlanLevel.MONTHLY) or novel(), PlanLevel.WEEKLY
    )
    assert goal is not None
    same = rules.with_outcome(goal, "40,000 words of my first draft")
    changed = rules.with_outcome(goal, "60,000 words")
    assert not isinstance(same, AnswerProblem)
    assert not isinstance(changed, AnswerProblem)
    assert same.goal.monthly == "13,300 words"
    assert (changed.goal.monthly, changed.goal.weekly) == (None, None)


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("write 300 words a day", Measure(300 * 84, "words")),
        ("run 10 km a week", Measure(120, "km")),
        ("40,000 words", Measure(40000, "words")),
    ],
)
def test_an_outcome_given_as_a_rate_is_planned_as_its_total(text: str, total: Measure) -> None:
    read = rules.with_outcome(draft(vision="x"), text)
    assert not isinstance(read, AnswerProblem)
    assert read.goal.outcome_measure == total


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("meditate for 5 minutes a day", True),
        ("meditate 10 minutes daily", True),
        ("walk 20 minutes every morning", True),
        ("read 20 pages per week", True),
        ("run 5 km 3 times a week", True),
        ("40,000 words of my first draft", False),
        ("run 1,000 km", False),
    ],
)
def test_a_pace_is_told_apart_from_a_total(text: str, rate: bool) -> None:
    assert is_rate(text) is rate


def test_a_pace_gives_the_same_pace_at_every_level() -> None:
    read = rules.with_outcome(draft(vision="meditate"), "meditate for 5 minutes a day")
    assert not isinstance(read, AnswerProblem)
    goal, proposed = read.goal, []
    for level in (PlanLevel.MONTHLY, PlanLevel.WEEKLY, PlanLevel.DAILY):
        proposal = propose(goal, level)
        assert proposal is not None
        proposed.append(proposal.measure)
        goal = rules.with_proposal(goal, level) or goal
    # A day is 5 minutes, a week 7 days of it, a (four-week) month 28.
    assert proposed == [Measure(140, "minutes"), Measure(35, "minutes"), Measure(5, "minutes")]


@pytest.mark.parametrize(
    ("text", "often"),
    [
        ("meditate 45 minutes every morning", True),
        ("walk daily", True),
        ("run 3x a week", True),
        ("stretch each evening", True),
        ("write 480 words", False),
        ("read 10 pages before bed", False),
    ],
)
def test_an_action_that_says_how_often_is_told_apart(text: str, often: bool) -> None:
    assert says_how_often(text) is often


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ({"vision": "write a novel"}, Theme.WRITING),
        ({"vision": "run a half marathon", "outcome": "run 5 km without stopping"},
         Theme.MOVING),
        ({"vision": "get fit", "outcome_measure": Measure(100, "km")}, Theme.MOVING),
        ({"vision": "read more", "outcome": "12 books"}, Theme.READING),
        ({"vision": "meditate", "outcome": "calm every single day"}, Theme.PRACTICE),
        ({"vision": "be calmer", "outcome_measure": Measure(600, "minutes")},
         Theme.PRACTICE),
        ({"vision": "save for a trip"}, Theme.MONEY),
        ({"vision": "grow my side business"}, Theme.OTHER),
    ],
)  # fmt: skip
def test_the_kind_of_goal_picks_fitting_examples(
    levels: dict[str, object], expected: Theme
) -> None:
    assert theme(draft(**levels)) is expected


def test_a_vague_outcome_is_flagged_and_its_rewrite_is_measurable() -> None:
    read = rules.with_outcome(draft(vision="write"), "get better at writing")
    assert not isinstance(read, AnswerProblem)
    assert read.verdict.is_vague
    rewritten = rules.with_suggested_outcome(read.goal)
    assert rewritten.outcome == read.verdict.suggestion
    assert rewritten.outcome_measure is not None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", AnswerProblem.EMPTY),
        ("   ", AnswerProblem.EMPTY),
        ("?!", AnswerProblem.NO_LETTERS),
        ("a" * 301, AnswerProblem.TOO_LONG),
        ("0", AnswerProblem.ZERO),
        ("-5", AnswerProblem.NEGATIVE),
        ("1e9 words", AnswerProblem.TOO_LARGE),
    ],
)
def test_bad_amounts_are_refused(text: str, problem: AnswerProblem) -> None:
    assert rules.with_level(novel(), PlanLevel.MONTHLY, text) == problem


def test_free_text_levels_keep_the_words() -> None:
    goal = rules.with_level(draft(vision="x"), PlanLevel.MONTHLY, "finish  the   outline")
    assert isinstance(goal, Goal)
    assert (goal.monthly, goal.monthly_measure) == ("finish the outline", None)


def test_the_mva_must_be_smaller_than_the_daily_action() -> None:
    goal = draft(daily="write 480 words", daily_measure=Measure(480, "words"))
    assert rules.with_level(goal, PlanLevel.MVA, "600") == AnswerProblem.MVA_NOT_SMALLER
    smaller = rules.with_level(goal, PlanLevel.MVA, "100")
    assert isinstance(smaller, Goal)
    assert smaller.mva_measure == Measure(100, "words")
    minutes = draft(daily="meditate 30 minutes", daily_measure=Measure(30, "minutes"))
    assert rules.with_level(minutes, PlanLevel.MVA, "1 hour") == AnswerProblem.MVA_NOT_SMALLER


def test_the_12_week_date_follows_the_start_unless_chosen() -> None:
    goal = rules.with_start(draft(), date(2026, 11, 23))
    assert goal.outcome_due == date(2027, 2, 15)
    moved = rules.with_start(goal, date(2026, 12, 1))
    assert moved.outcome_due == date(2027, 2, 23)  # the default moves with the start
    chosen = rules.with_due(moved, date(2027, 3, 31))
    assert isinstance(chosen, Goal)
    assert rules.with_start(chosen, date(2026, 12, 7)).outcome_due == date(2027, 3, 31)
    assert rules.with_due(chosen, date(2026, 12, 1)) == AnswerProblem.DUE_BEFORE_START


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday", date(2026, 11, 27)),
        ("in 2 weeks", date(2026, 12, 6)),
        ("2027-03-15", date(2027, 3, 15)),
        ("yesterday", AnswerProblem.DATE_PAST),
        ("someday", AnswerProblem.DATE_UNREADABLE),
        ("2020-01-01", AnswerProblem.DATE_PAST),
        ("31 February", AnswerProblem.DATE_INVALID),
    ],
)
def test_dates_are_read_in_common_forms(text: str, expected: date | AnswerProblem) -> None:
    assert rules.read_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("words", "identity"),
    [
        (("write a novel",), "I am a writer"),
        (("run a half marathon", "run 3 km"), "I am a runner"),
        (("meditate daily",), "I am someone who meditates"),
        (("", None), "I am someone who shows up every day"),
    ],
)
def test_identity_is_suggested_from_the_goal(words: tuple[str | None, ...], identity: str) -> None:
    assert suggest_identity(*words) == identity


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("a writer", "I am a writer"),
        ("I'm  a runner.", "I am a runner"),
        ("i am the kind of person who writes daily", "I am the kind of person who writes daily"),
    ],
)
def test_typed_identities_read_as_statements(typed: str, stored: str) -> None:
    assert normalise_identity(typed) == stored


def test_blank_empties_every_level_but_keeps_the_goal() -> None:
    planned = replace(
        rules.with_start(novel(), TODAY),
        goal_id=7,
        user_id=8,
        status=GoalStatus.PAUSED,
        priority=3,
        mva="open the file",
        identity="I am a writer",
    )
    goal = rules.blank(planned)
    assert rules.next_level(goal) is PlanLevel.VISION
    assert goal == replace(
        planned,
        vision="",
        outcome=None,
        outcome_measure=None,
        outcome_due=None,
        monthly=None,
        monthly_measure=None,
        weekly=None,
        weekly_measure=None,
        daily=None,
        daily_measure=None,
        mva=None,
        mva_measure=None,
        identity=None,
        start_date=None,
    )


@pytest.mark.parametrize(
    "outcome",
    [
        "run 5 km without stopping",
        "weigh 70 kg",
        "lose 6 kg",
        "get to 1000 subscribers",
    ],
)
def test_states_and_feats_get_no_arithmetic(outcome: str) -> None:
    read = rules.with_outcome(draft(vision="x"), outcome)
    assert not isinstance(read, AnswerProblem)
    for level in (PlanLevel.MONTHLY, PlanLevel.WEEKLY, PlanLevel.DAILY):
        assert propose(read.goal, level) is None


def test_proposals_keep_the_outcomes_verb() -> None:
    read = rules.with_outcome(draft(vision="x"), "write 40,000 words")
    assert not isinstance(read, AnswerProblem)
    proposal = propose(read.goal, PlanLevel.MONTHLY)
    assert proposal is not None
    assert proposal.text == "write 13,300 words"


@pytest.mark.parametrize(
    ("text", "lowered"),
    [
        ("Run 83 km", "run 83 km"),
        ("run 83 km", "run 83 km"),
        ("I am a runner", "I am a runner"),
        ("NASA training", "NASA training"),
        ("5K a week", "5K a week"),
        ("", ""),
    ],
)
def test_an_action_reads_lower_case_mid_sentence(text: str, lowered: str) -> None:
    assert lower_first(text) == lowered


def test_a_capitalised_outcome_gives_lower_case_proposals() -> None:
    read = rules.with_outcome(draft(vision="Run"), "Run 1,000 km")
    assert not isinstance(read, AnswerProblem)
    proposal = propose(read.goal, PlanLevel.MONTHLY)
    assert proposal is not None
    assert proposal.text == "run 330 km"


def test_less_than_one_item_a_week_is_asked_not_invented() -> None:
    read = rules.with_outcome(draft(vision="x"), "2 chapters")
    assert not isinstance(read, AnswerProblem)
    monthly = rules.with_proposal(read.goal, PlanLevel.MONTHLY)
    assert monthly is not None
    assert propose(monthly, PlanLevel.WEEKLY) is None


def test_days_a_week_count_in_the_total() -> None:
    read = rules.with_outcome(draft(vision="x"), "walk 30 minutes 5 days a week")
    assert not isinstance(read, AnswerProblem)
    assert read.goal.outcome_measure == Measure(30 * 5 * 12, "minutes")


def test_typed_words_are_kept_as_typed() -> None:
    goal = rules.with_level(draft(vision="x"), PlanLevel.DAILY, "one Duolingo lesson")
    assert isinstance(goal, Goal)
    assert goal.daily == "one Duolingo lesson"
