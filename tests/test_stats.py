"""The history's statistics on plain values: streaks, weeks, cramps in the last days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from stretchapp.core import stats
from stretchapp.core.stats import Streaks, WeekCounts

LONDON = ZoneInfo("Europe/London")


def d(day: int, month: int = 11) -> dt.date:
    return dt.date(2026, month, day)


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ([], d(10), Streaks(0, 0)),
        ([d(10)], d(10), Streaks(1, 1)),
        ([d(8), d(9)], d(10), Streaks(2, 2)),  # today not done yet: the streak lives on
        ([d(7), d(8)], d(10), Streaks(0, 2)),  # yesterday missed: broken
        ([d(1), d(2), d(3), d(4), d(8), d(9), d(10)], d(10), Streaks(3, 4)),
        ([d(30, 10), d(31, 10), d(1), d(2)], d(2), Streaks(4, 4)),  # across a month
        ([d(10), d(10), d(9)], d(10), Streaks(2, 2)),  # repeats count once
        ([d(11), d(12)], d(10), Streaks(0, 2)),  # days after today (a clock set back) are no run
    ],
)
def test_streaks(days: list[dt.date], today: dt.date, expected: Streaks) -> None:
    assert stats.streaks(days, today) == expected


@pytest.mark.parametrize(
    ("day", "monday"),
    [(d(2), d(2)), (d(8), d(2)), (d(9), d(9)), (dt.date(2027, 1, 1), dt.date(2026, 12, 28))],
)
def test_week_of_is_the_monday(day: dt.date, monday: dt.date) -> None:
    assert stats.week_of(day) == monday


def test_fold_weeks_fills_gaps_with_zeros() -> None:
    weeks = stats.fold_weeks(
        {d(2): (2, 600.0), d(8): (1, 60.0), d(17): (1, 120.0)},  # Mon 2nd, Sun 8th, Tue 17th
        {d(4): 1, d(5): 2},
    )
    assert weeks == [
        WeekCounts(d(2), 3, 11.0, 3),
        WeekCounts(d(9), 0, 0.0, 0),
        WeekCounts(d(16), 1, 2.0, 0),
    ]
    assert stats.fold_weeks({}, {}) == []
    assert stats.fold_weeks({}, {}, first=d(3), last=d(10)) == [
        WeekCounts(d(2), 0, 0.0, 0),
        WeekCounts(d(9), 0, 0.0, 0),
    ]


def test_fold_weeks_runs_from_first_to_last_when_given() -> None:
    weeks = stats.fold_weeks({d(10): (1, 60.0)}, {}, last=d(24))
    assert [w.week for w in weeks] == [d(9), d(16), d(23)]
    assert weeks[0] == WeekCounts(d(9), 1, 1.0, 0)


def test_this_week_is_found_or_zero() -> None:
    weeks = stats.fold_weeks({d(2): (1, 60.0), d(17): (2, 120.0)}, {d(18): 1})
    assert stats.this_week(weeks, d(19)) == WeekCounts(d(16), 2, 2.0, 1)
    assert stats.this_week(weeks, d(10)) == WeekCounts(d(9), 0, 0.0, 0)  # a gap week
    assert stats.this_week(weeks, d(25)) == WeekCounts(d(23), 0, 0.0, 0)  # past the last
    assert stats.this_week([], d(25)) == WeekCounts(d(23), 0, 0.0, 0)


def test_cramps_within_counts_the_days_up_to_now() -> None:
    now = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
    starts = [
        now - dt.timedelta(days=7),  # exactly 7 days ago: outside
        now - dt.timedelta(days=7) + dt.timedelta(seconds=1),
        now - dt.timedelta(days=1),
        now,  # now counts
        now + dt.timedelta(seconds=1),  # later than now: not yet
    ]
    assert stats.cramps_within(starts, now) == 3
    assert stats.cramps_within(starts, now, days=1) == 1  # a day ago exactly: outside too
    assert stats.cramps_within(starts, now, days=30) == 4
    assert stats.cramps_within([], now) == 0


def test_cramps_within_counts_instants_across_a_clock_change() -> None:
    # London's clocks went back at 01:00 UTC on 2026-10-25: 01:00 to 02:00 came twice.
    # 00:45 UTC was 01:45 BST: by the wall it is within 7 days of 01:30 on 11-01, but it
    # is 7 days and 45 minutes before. 01:45 UTC (01:45 GMT) is inside either way.
    now = dt.datetime(2026, 11, 1, 1, 30, tzinfo=LONDON)
    outside = dt.datetime(2026, 10, 25, 0, 45, tzinfo=dt.UTC).astimezone(LONDON)
    inside = dt.datetime(2026, 10, 25, 1, 45, tzinfo=dt.UTC).astimezone(LONDON)
    assert (outside.hour, outside.minute, inside.hour, inside.minute) == (1, 45, 1, 45)
    assert stats.cramps_within([outside, inside], now) == 1


def test_frequent_cramps_is_more_than_the_threshold() -> None:
    now = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
    three = [now - dt.timedelta(days=n) for n in (1, 2, 3)]
    assert stats.FREQUENT_CRAMPS == 3
    assert not stats.frequent_cramps(three, now)
    assert stats.frequent_cramps([*three, now], now)
    assert stats.frequent_cramps(three, now, threshold=2)
    assert not stats.frequent_cramps([*three, now], now, days=2)
