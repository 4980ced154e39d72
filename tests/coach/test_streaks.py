"""Tests for streaks, the chain and the strength score."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.coach.models import DailyEntry, EntryStatus, Measure
from bot.coach.streaks.days import CHAIN_SYMBOLS, DayState, chain, day_states, state_on
from bot.coach.streaks.log import DayRecord, fold_days, fold_more, outranked, target_share
from bot.coach.streaks.summary import (
    HALF_LIFE_DAYS,
    MULTIPLIER,
    STREAK_MILESTONES,
    StreakSummary,
    milestone_crossed,
    strength_series,
    summarize,
)

START = date(2025, 3, 3)  # a Monday, so ISO weeks and patterns line up
WORDS = Measure(480, "words")
_ids = itertools.count(1)


def entry(
    day: date,
    status: EntryStatus = EntryStatus.DONE,
    quantity: float | None = None,
    target: Measure | None = None,
    *,
    undone: bool = False,
    recorded_at: datetime | None = None,
    goal_id: int = 1,
) -> DailyEntry:
    """A log entry; recorded at noon UTC of its day unless told otherwise."""
    recorded = recorded_at or datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12)
    return DailyEntry(
        entry_id=next(_ids),
        goal_id=goal_id,
        user_id=1,
        local_date=day,
        status=status,
        recorded_at=recorded,
        quantity=quantity,
        target=target,
        undone_at=recorded + timedelta(minutes=1) if undone else None,
    )


def records(pattern: str, start: date = START) -> dict[date, DayRecord]:
    """Days from ``start``, one letter each; the last letter is today.

    D done, h half done (240/480 words), M MVA, S skip, P paused, X explicit miss,
    ``.`` no entry.
    """
    letters = {
        "D": (EntryStatus.DONE, None),
        "h": (EntryStatus.DONE, 240.0),
        "M": (EntryStatus.MVA, None),
        "S": (EntryStatus.SKIP, None),
        "P": (EntryStatus.PAUSED, None),
        "X": (EntryStatus.MISSED, None),
    }
    result = {}
    for offset, letter in enumerate(pattern):
        if letter == ".":
            continue
        day = start + timedelta(days=offset)
        status, quantity = letters[letter]
        result[day] = DayRecord(day, status, quantity, WORDS)
    return result


def today_of(pattern: str, start: date = START) -> date:
    return start + timedelta(days=len(pattern) - 1)


def summary_of(pattern: str, *, skips_per_week: int = 1, start: date = START) -> StreakSummary:
    return summarize(
        records(pattern, start), start, today_of(pattern, start), skips_per_week=skips_per_week
    )


# --- Loop Habit Tracker's strength -----------------------------------------------------------


# Loop's own test expectations for 20 perfect days, oldest first; Loop checks them to within
# 1e-6 (its tolerance E), which is what "to 6 decimals" means here. Day 13 is the half-life.
LOOP_TWENTY_DAYS = (
    0.051922, 0.101149, 0.147820, 0.192067, 0.234017, 0.273788, 0.311495, 0.347244, 0.381137,
    0.413270, 0.443734, 0.472617, 0.500000, 0.525961, 0.550574, 0.573910, 0.596033, 0.617008,
    0.636894, 0.655747,
)  # fmt: skip


def test_loop_published_values() -> None:
    """Loop's own numbers: 0.051922 after one perfect day, 0.655747 after twenty."""
    assert HALF_LIFE_DAYS == 13
    assert pytest.approx(0.948078, abs=1e-6) == MULTIPLIER
    one = summarize(records("D"), START, START)
    twenty = summarize(records("D" * 20), START, today_of("D" * 20))
    assert one.strength == pytest.approx(0.051922, abs=1e-6)
    assert twenty.strength == pytest.approx(0.655747, abs=1e-6)
    series = strength_series(records("D" * 20), START, today_of("D" * 20))
    assert list(series.values()) == pytest.approx(LOOP_TWENTY_DAYS, abs=1e-6)


def test_strength_values_per_day() -> None:
    m = MULTIPLIER
    cases = {
        "X": 0.0,
        "h": 0.5 * (1 - m),  # partial: the share of that day's target
        "DX": (1 - m) * m,  # a miss decays
        "DS": 1 - m,  # skip leaves it unchanged
        "DP": 1 - m,  # so does a pause
        "D.": 1 - m,  # and a pending today
        "DD": (1 - m) * m + (1 - m),
        "MD": (1 - m) * m + (1 - m),  # MVA counts in full
    }
    for pattern, expected in cases.items():
        assert summary_of(pattern).strength == pytest.approx(expected), pattern


def test_one_miss_does_not_erase_a_month() -> None:
    month = summarize(records("D" * 30), START, today_of("D" * 30))
    lapse = summarize(records("D" * 30 + "X"), START, today_of("D" * 30 + "X"))
    assert lapse.current == 0
    assert lapse.strength > 0.7
    assert lapse.strength == pytest.approx(month.strength * MULTIPLIER)


def test_partial_is_capped_and_judged_against_that_days_target() -> None:
    day1, day2, day3 = START, START + timedelta(days=1), START + timedelta(days=2)
    days = {
        day1: DayRecord(day1, EntryStatus.DONE, 300, Measure(480, "words")),  # below: partial
        day2: DayRecord(day2, EntryStatus.DONE, 150, Measure(100, "words")),  # MVA-sized target
        day3: DayRecord(day3, EntryStatus.DONE, 960, Measure(480, "words")),  # capped at 1
    }
    states = day_states(days, START, day3)
    assert states == {day1: DayState.PARTIAL, day2: DayState.DONE, day3: DayState.DONE}
    assert target_share(days[day1]) == pytest.approx(300 / 480)
    assert target_share(days[day3]) == 1.0
    m = MULTIPLIER
    expected = ((300 / 480) * (1 - m) * m + (1 - m)) * m + (1 - m)
    assert summarize(days, START, day3).strength == pytest.approx(expected)


@pytest.mark.parametrize(
    "record",
    [
        DayRecord(START, EntryStatus.DONE, None, WORDS),
        DayRecord(START, EntryStatus.DONE, 100, None),
        DayRecord(START, EntryStatus.DONE, 100, Measure(0, "words")),
    ],
)
def test_done_without_a_usable_target_is_done(record: DayRecord) -> None:
    assert target_share(record) is None
    assert day_states({START: record}, START, START) == {START: DayState.DONE}


def test_today_counts_only_once_logged() -> None:
    pending = summary_of("DD.")
    yesterday = summary_of("DD")
    logged = summary_of("DDD")
    assert pending.strength == yesterday.strength
    assert logged.strength > pending.strength
    series = strength_series(records("DD."), START, today_of("DD."))
    assert list(series.values())[-1] == list(series.values())[-2]


# --- Streaks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "current", "best", "kept_today", "missed_in_a_row"),
    [
        ("D", 1, 1, True, 0),
        (".", 0, 0, False, 0),  # day one, not logged yet
        ("DDD.", 3, 3, False, 0),  # alive through the whole of the next day
        ("DDD..", 0, 3, False, 1),  # 0 only after a full missed day: an accident
        ("DDD...", 0, 3, False, 2),  # the second miss in a row: offer the comeback
        ("DDD..D", 1, 3, True, 2),  # counted up to yesterday, even once today is done
        ("DDD.D.", 1, 3, False, 0),
        ("DDDX", 0, 3, False, 0),  # an explicit miss today breaks it at once
        ("DDXX.", 0, 2, False, 2),  # explicit misses are misses
        ("D" * 8, 8, 8, True, 0),
        ("DD.DDDD.D", 1, 4, True, 1),  # best streak from the middle
        ("MMM", 3, 3, True, 0),  # MVA days count
        ("hhD", 3, 3, True, 0),  # partial days count
        ("DDSDD", 5, 5, True, 0),  # an allowed skip is a rest day in the streak
        ("DDPPPD", 3, 3, True, 0),  # pauses bridge without lengthening
        ("PPP", 0, 0, True, 0),  # kept, but nothing to count yet
        ("DSSD", 1, 2, True, 1),  # the second skip of an ISO week is a miss
        ("DDDDDDSS", 8, 8, True, 0),  # Sunday and Monday skips: two ISO weeks
    ],
)
def test_streaks(
    pattern: str, current: int, best: int, kept_today: bool, missed_in_a_row: int
) -> None:
    summary = summarize(records(pattern), START, today_of(pattern))
    assert summary.current == current
    assert summary.best == best
    assert summary.kept_today is kept_today
    assert summary.missed_in_a_row == missed_in_a_row
    assert summary.at_risk is (current > 0 and not kept_today)


@pytest.mark.parametrize(
    ("pattern", "skips_per_week", "current", "states_of_skips"),
    [
        ("DSD", 0, 1, [DayState.MISSED]),
        ("DSD", 1, 3, [DayState.SKIP]),
        ("DSSD", 1, 1, [DayState.SKIP, DayState.MISSED]),
        ("DSSD", 2, 4, [DayState.SKIP, DayState.SKIP]),
        ("SSSD", 2, 1, [DayState.SKIP, DayState.SKIP, DayState.MISSED]),
    ],
)
def test_skip_allowance(
    pattern: str, skips_per_week: int, current: int, states_of_skips: list[DayState]
) -> None:
    today = today_of(pattern)
    days = records(pattern)
    states = day_states(days, START, today, skips_per_week=skips_per_week)
    skipped = [states[day] for day, record in days.items() if record.status is EntryStatus.SKIP]
    assert skipped == states_of_skips
    assert summarize(days, START, today, skips_per_week=skips_per_week).current == current


def test_skip_allowance_follows_iso_weeks_from_a_midweek_start() -> None:
    saturday = date(2025, 3, 8)
    # Saturday and Sunday share an ISO week: the second skip is a miss.
    same_week = day_states(records("SS", saturday), saturday, saturday + timedelta(days=1))
    assert list(same_week.values()) == [DayState.SKIP, DayState.MISSED]
    # Sunday and Monday do not.
    sunday = date(2025, 3, 9)
    two_weeks = day_states(records("SS", sunday), sunday, sunday + timedelta(days=1))
    assert list(two_weeks.values()) == [DayState.SKIP, DayState.SKIP]


def test_negative_skip_allowance_is_refused() -> None:
    with pytest.raises(ValueError, match="skips_per_week"):
        summarize({}, START, START, skips_per_week=-1)


def test_counts_votes_and_last_kept() -> None:
    summary = summarize(records("DhMSPX."), START, today_of("DhMSPX."))
    assert summary.votes == 3  # done, partial, MVA
    assert summary.kept_days == 5  # and the skip and the pause
    assert summary.missed_days == 1
    assert summary.last_kept == START + timedelta(days=4)
    assert summary.kept_today is False


def test_goal_not_started_yet() -> None:
    tomorrow = START + timedelta(days=1)
    summary = summarize(records("D"), tomorrow, START)
    assert summary.current == summary.best == summary.votes == summary.missed_in_a_row == 0
    assert summary.strength == 0.0
    assert summary.last_kept is None
    assert day_states(records("D"), tomorrow, START) == {}


def test_days_before_start_do_not_count() -> None:
    earlier = START - timedelta(days=3)
    days = records("XXXDD", earlier)  # three misses before the start
    today = today_of("XXXDD", earlier)
    states = day_states(days, START, today)
    assert list(states) == [START, today]
    summary = summarize(days, START, today)
    assert (summary.current, summary.missed_days) == (2, 0)
    assert summary.strength == pytest.approx(summary_of("DD").strength)


def test_records_after_today_are_ignored() -> None:
    days = records("DD.SSS")  # future skips planned ahead
    today = START + timedelta(days=2)
    states = day_states(days, START, today)
    assert states[today] is DayState.PENDING
    assert summarize(days, START, today).current == 2


def test_state_on_outside_the_range() -> None:
    states = day_states(records("DD"), START, START + timedelta(days=1))
    kwargs = {"start": START, "today": START + timedelta(days=1)}
    assert state_on(states, START - timedelta(days=1), **kwargs) is DayState.BEFORE_START
    assert state_on(states, START + timedelta(days=2), **kwargs) is DayState.FUTURE
    assert state_on(states, START, **kwargs) is DayState.DONE


# --- The fold --------------------------------------------------------------------------------

D, M, S, X, P = (
    EntryStatus.DONE,
    EntryStatus.MVA,
    EntryStatus.SKIP,
    EntryStatus.MISSED,
    EntryStatus.PAUSED,
)


@pytest.mark.parametrize(
    ("log", "status", "quantity"),
    [
        ([(D, 200, False), (D, 200, False)], D, 400),  # quantities add up
        ([(D, 200, False), (D, 200, True)], D, 200),  # an undone entry is as if never written
        ([(D, 200, True)], None, None),  # undoing the only entry empties the day
        ([(D, None, False), (D, None, False)], D, None),  # a plain DONE is idempotent
        ([(D, 200, False), (D, None, False)], D, 480),  # a plain Done: the day in full
        ([(D, 600, False), (D, None, False)], D, 600),  # ... never less than logged
        ([(D, None, False), (D, 200, False)], D, 680),  # an amount after Done adds to it
        ([(D, 200, False), (M, None, False)], D, 200),  # a lesser status keeps the Done
        ([(D, 200, False), (S, None, False)], D, 200),
        ([(D, 200, False), (X, None, False)], D, 200),
        ([(M, 50, False), (D, 300, False)], D, 350),  # the minimum's words count too
        ([(D, 300, False), (M, None, False), (D, 100, False)], D, 400),
        ([(D, 300, False), (M, None, True)], D, 300),  # undo the MVA: the DONE is back
        ([(S, None, False), (D, 100, False), (D, 50, False)], D, 150),
        ([(S, None, False), (M, 50, False)], M, 50),  # a better status replaces a rest day
        ([(P, None, False), (D, None, False)], D, None),
        ([(D, -50, False)], D, None),  # a bad quantity is ignored, not fatal
        ([(D, float("nan"), False), (D, 20, False)], D, 500),  # NaN: a plain Done
    ],
)
def test_fold(
    log: list[tuple[EntryStatus, float | None, bool]],
    status: EntryStatus | None,
    quantity: float | None,
) -> None:
    folded = fold_days(entry(START, s, q, WORDS, undone=u) for s, q, u in log)
    if status is None:
        assert folded == {}
        return
    assert folded == {START: DayRecord(START, status, quantity, WORDS)}


def test_fold_keeps_dates_apart_and_the_latest_target() -> None:
    day2 = START + timedelta(days=1)
    folded = fold_days(
        [
            entry(START, D, 100, Measure(480, "words")),
            entry(day2, D, 30, Measure(50, "words")),
            entry(START, D, 100, Measure(500, "words")),
        ]
    )
    assert folded[START] == DayRecord(START, D, 200, Measure(500, "words"))
    assert folded[day2] == DayRecord(day2, D, 30, Measure(50, "words"))


def test_fold_refuses_mixed_goals() -> None:
    with pytest.raises(ValueError, match="mixed"):
        fold_days([entry(START, goal_id=1), entry(START, goal_id=2)])


def test_adding_up_turns_a_partial_into_done() -> None:
    first = fold_days([entry(START, D, 200, WORDS)])
    both = fold_days([entry(START, D, 200, WORDS), entry(START, D, 300, WORDS)])
    assert day_states(first, START, START)[START] is DayState.PARTIAL
    assert day_states(both, START, START)[START] is DayState.DONE


# --- Dates, not instants ---------------------------------------------------------------------


def test_entry_for_yesterday_logged_today_counts_for_yesterday() -> None:
    """At 00:30 the user says "I did it yesterday": the service logs yesterday's date."""
    yesterday, today = START, START + timedelta(days=1)
    late = datetime(2025, 3, 4, 0, 30, tzinfo=UTC)
    folded = fold_days([entry(yesterday, D, recorded_at=late)])
    states = day_states(folded, START, today)
    assert states == {yesterday: DayState.DONE, today: DayState.PENDING}
    summary = summarize(folded, START, today)
    assert (summary.current, summary.kept_today, summary.missed_in_a_row) == (1, False, 0)


def test_time_zone_independence() -> None:
    """Only local dates matter: when (and in which zone) an entry was recorded does not."""
    days = [START + timedelta(days=i) for i in range(10) if i != 4]
    summaries = []
    for hours in (-12, 0, 5.5, 14):
        zone = timezone(timedelta(hours=hours))
        log = [entry(d, recorded_at=datetime.combine(d, datetime.min.time(), zone)) for d in days]
        summaries.append(summarize(fold_days(log), START, START + timedelta(days=9)))
    assert all(s == summaries[0] for s in summaries)
    assert summaries[0].current == 5


@pytest.mark.parametrize(
    "start",
    [
        date(2025, 3, 3),  # over US spring forward (9 March)
        date(2025, 3, 24),  # over EU spring forward (30 March)
        date(2025, 10, 20),  # over EU fall back (26 October)
        date(2024, 2, 20),  # over a leap day
        date(2024, 12, 25),  # over a new year
    ],
)
def test_dst_and_calendar_changes_are_irrelevant(start: date) -> None:
    today = start + timedelta(days=13)
    summary = summarize(records("D" * 14, start), start, today)
    assert (summary.current, summary.votes) == (14, 14)
    assert chain(day_states(records("D" * 14, start), start, today), today) == "🟩" * 14


# --- Chain and milestones --------------------------------------------------------------------


def test_chain_symbols() -> None:
    pattern = "DhMSPX."
    states = day_states(records(pattern), START, today_of(pattern))
    assert chain(states, today_of(pattern)) == "🟩🟧🟨🟦⏸️⬜▫️"
    assert set(CHAIN_SYMBOLS) == set(DayState) - {DayState.FUTURE, DayState.BEFORE_START}


@pytest.mark.parametrize(
    ("pattern", "length", "expected"),
    [
        ("D" * 20, 14, "🟩" * 14),  # the last two weeks
        ("DD.", 14, "🟩🟩▫️"),  # a new goal: only days since the start
        ("X" * 3 + "D" * 4, 5, "⬜🟩🟩🟩🟩"),
        ("DD", 1, "🟩"),
        ("DD", 0, ""),
    ],
)
def test_chain(pattern: str, length: int, expected: str) -> None:
    states = day_states(records(pattern), START, today_of(pattern))
    assert chain(states, today_of(pattern), length) == expected


def test_chain_omits_days_before_start_and_refuses_negative_length() -> None:
    states = {START - timedelta(days=1): DayState.BEFORE_START, START: DayState.DONE}
    assert chain(states, START) == "🟩"
    with pytest.raises(ValueError, match="length"):
        chain(states, START, -1)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (6, 7, 7),
        (7, 8, None),
        (65, 66, 66),
        (66, 66, None),
        (5, 15, 14),  # a forgotten day joins two runs: the largest milestone crossed
        (0, 1, None),
        (99, 100, 100),
        (364, 365, 365),
        (365, 366, None),
        (8, 0, None),  # a broken streak crosses nothing
    ],
)
def test_milestone_crossed(before: int, after: int, expected: int | None) -> None:
    assert milestone_crossed(before, after) == expected


def test_milestones_reached_by_logging_day_by_day() -> None:
    crossed = []
    for n in range(1, 101):
        pattern = "D" * n
        before = summarize(records(pattern), START, today_of(pattern) + timedelta(days=1))
        after = summarize(records(pattern + "D"), START, today_of(pattern + "D"))
        hit = milestone_crossed(before.current, after.current)
        if hit is not None:
            crossed.append(hit)
    assert crossed == [m for m in STREAK_MILESTONES if m <= 101]


# --- Invariants and speed --------------------------------------------------------------------


def _random_patterns(count: int) -> list[str]:
    rng = random.Random(20250303)
    return [
        "".join(rng.choice("DDDDhMSPX.") for _ in range(rng.randint(1, 60))) for _ in range(count)
    ]


def test_invariants() -> None:
    for pattern in _random_patterns(300):
        today = today_of(pattern)
        days = records(pattern)
        summary = summarize(days, START, today)
        states = day_states(days, START, today)
        assert 0.0 <= summary.strength <= 1.0, pattern
        assert 0 <= summary.current <= summary.best, pattern
        assert summary.votes <= summary.kept_days, pattern
        judged = sum(1 for state in states.values() if state is not DayState.PENDING)
        assert summary.kept_days + summary.missed_days == judged, pattern
        assert strength_series(days, START, today)[today] == summary.strength, pattern
        assert len(chain(states, today, len(pattern))) >= len(pattern), pattern


def test_adding_a_kept_day_never_lowers_the_streak() -> None:
    for pattern in _random_patterns(150):
        today = today_of(pattern)
        base = summarize(records(pattern), START, today)
        for offset, letter in enumerate(pattern):
            if letter not in ".X":
                continue
            # Not "S": an earlier skip can use up the week's allowance of a later one.
            for kept in "DhMP":
                better = pattern[:offset] + kept + pattern[offset + 1 :]
                summary = summarize(records(better), START, today)
                assert summary.current >= base.current, (pattern, better)
                assert summary.best >= base.best, (pattern, better)


def test_folding_one_more_entry_equals_folding_them_all() -> None:
    rng = random.Random(20261202)
    statuses = list(EntryStatus)
    for _ in range(200):
        entries = [
            entry(
                START + timedelta(days=rng.randrange(5)),
                rng.choice(statuses),
                rng.choice([None, 100.0, 480.0, 700.0]),
                rng.choice([None, WORDS]),
                undone=rng.random() < 0.2,
            )
            for _ in range(rng.randrange(1, 12))
        ]
        entries.sort(key=lambda e: e.local_date)  # the log's order: by date, then appended
        *earlier, newest = [e for e in entries if e.local_date <= entries[-1].local_date]
        before = fold_days(earlier)

        assert fold_more(before, newest) == fold_days([*earlier, newest])
        assert before == fold_days(earlier)  # left as it was


@pytest.mark.parametrize(
    ("standing", "logged", "changes_nothing"),
    [
        (None, EntryStatus.SKIP, False),
        (EntryStatus.DONE, EntryStatus.MVA, True),
        (EntryStatus.DONE, EntryStatus.SKIP, True),
        (EntryStatus.MVA, EntryStatus.SKIP, True),
        (EntryStatus.DONE, EntryStatus.DONE, False),  # amounts add up: decided by the fold
        (EntryStatus.MVA, EntryStatus.DONE, False),
        (EntryStatus.SKIP, EntryStatus.MVA, False),
        (EntryStatus.MISSED, EntryStatus.SKIP, False),
    ],
)
def test_a_lesser_status_on_a_better_day_changes_nothing(
    standing: EntryStatus | None, logged: EntryStatus, changes_nothing: bool
) -> None:
    day = date(2026, 11, 23)
    current = None if standing is None else DayRecord(day, standing)
    assert outranked(current, logged) is changes_nothing
    if current is not None and changes_nothing:  # and the fold agrees: the day keeps its record
        entry = DailyEntry(1, 1, 1, day, logged, datetime(2026, 11, 23, 9, tzinfo=UTC))
        assert fold_more({day: current}, entry)[day] == current
