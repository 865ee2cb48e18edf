"""What the history says: streaks of days, weeks of activity, cramps in the last days.

Pure: every function takes the records' dates and "today" or "now" as arguments, so the
store (which reads them from SQLite) and a test (which writes them down) get one answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FREQUENT_CRAMPS = 3  # more than this many cramps in FREQUENT_DAYS: a reason to see a doctor
FREQUENT_DAYS = 7
_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Streaks:
    """Runs of consecutive days the daily routine was done."""

    current: int  # ending today, or yesterday while today is not done yet
    longest: int


@dataclass(frozen=True, slots=True)
class WeekCounts:
    """One week's activity; weeks start on Monday."""

    week: dt.date  # the Monday
    sessions: int
    minutes: float
    cramps: int


def streaks(days: Iterable[dt.date], today: dt.date) -> Streaks:
    """Current and longest runs of consecutive days in ``days`` (local dates)."""
    done = set(days)
    longest = 0
    for day in done:
        if day - _DAY in done:
            continue  # not the first day of a run
        length = 1
        while day + length * _DAY in done:
            length += 1
        longest = max(longest, length)
    end = today if today in done else today - _DAY
    current = 0
    while end - current * _DAY in done:
        current += 1
    return Streaks(current=current, longest=longest)


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week a day is in."""
    return day - dt.timedelta(days=day.weekday())


def fold_weeks(
    session_days: Mapping[dt.date, tuple[int, float]],
    cramp_days: Mapping[dt.date, int],
    *,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> list[WeekCounts]:
    """Per-day counts (sessions, seconds) and cramps folded into weeks, gaps filled with zeros.

    The weeks run from ``first``'s (else the earliest day's) to ``last``'s (else the latest's).
    """
    days = [*session_days, *cramp_days]
    if not days and (first is None or last is None):
        return []
    start = week_of(first if first is not None else min(days))
    end = week_of(last if last is not None else max(days))
    sessions: dict[dt.date, int] = {}
    seconds: dict[dt.date, float] = {}
    cramps: dict[dt.date, int] = {}
    for day, (count, secs) in session_days.items():
        week = week_of(day)
        sessions[week] = sessions.get(week, 0) + count
        seconds[week] = seconds.get(week, 0.0) + secs
    for day, count in cramp_days.items():
        week = week_of(day)
        cramps[week] = cramps.get(week, 0) + count
    weeks = []
    week = start
    while week <= end:
        weeks.append(
            WeekCounts(
                week, sessions.get(week, 0), seconds.get(week, 0.0) / 60.0, cramps.get(week, 0)
            )
        )
        week += _WEEK
    return weeks


def this_week(weeks: Iterable[WeekCounts], today: dt.date) -> WeekCounts:
    """The counts of the week ``today`` is in; zeros when the weeks do not reach it."""
    monday = week_of(today)
    return next((w for w in weeks if w.week == monday), WeekCounts(monday, 0, 0.0, 0))


def cramps_within(
    started: Iterable[dt.datetime], now: dt.datetime, *, days: int = FREQUENT_DAYS
) -> int:
    """How many of these cramp starts fall in the ``days`` days up to ``now``."""
    # In UTC: aware datetimes sharing one tzinfo compare by wall time, wrong across a change.
    end = now.astimezone(dt.UTC)
    since = end - days * _DAY
    return sum(1 for when in started if since < when.astimezone(dt.UTC) <= end)


def frequent_cramps(
    started: Iterable[dt.datetime],
    now: dt.datetime,
    *,
    threshold: int = FREQUENT_CRAMPS,
    days: int = FREQUENT_DAYS,
) -> bool:
    """Whether more than ``threshold`` cramps started in the ``days`` days up to ``now``."""
    return cramps_within(started, now, days=days) > threshold


# A session that reached its end is completed when at least this share of its planned work
# was done, partial from SKIPPED_BELOW up, and skipped below that.
COMPLETE_SHARE = 0.8
SKIPPED_BELOW = 0.2
STATUSES = ("completed", "partial", "skipped", "stopped", "unfinished")


def session_status(*, ended: bool, reached_end: bool, done: float, skipped: float) -> str:
    """How a session is recorded: completed only when its work was done, not skipped past."""
    if not ended:
        return "unfinished"
    if not reached_end:
        return "stopped"
    work = done + skipped
    if work <= 0 or done >= COMPLETE_SHARE * work:
        return "completed"
    return "partial" if done >= SKIPPED_BELOW * work else "skipped"
