"""The counting queries: completed sessions per day, sessions, minutes and cramps per week,
cramps in the last days. The store runs them; `stretchapp.core.stats` folds what they count
into streaks and weeks."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection
from typing import Any

from stretchapp.core.stats import WeekCounts, fold_weeks
from stretchapp.history.records import aware, epoch_ms, stored_day


def days_done(
    db: sqlite3.Connection, routines: Collection[str] | None = None, *, since: dt.date | None
) -> dict[dt.date, int]:
    """Completed sessions per local day (of these routines, since a day)."""
    clauses: list[str] = ["completed = 1"]
    args: list[Any] = []
    if routines is not None:
        clauses.append(f"routine IN ({', '.join('?' * len(routines))})")
        args.extend(routines)
    if since is not None:
        clauses.append("day >= ?")
        args.append(since.isoformat())
    sql = f"SELECT day, count(*) FROM sessions WHERE {' AND '.join(clauses)} GROUP BY day"  # noqa: S608 (values are bound)
    return {stored_day(day): count for day, count in db.execute(sql, args)}


def weekly(
    db: sqlite3.Connection,
    *,
    since: dt.date | None,
    until: dt.date | None,
    routines: Collection[str] | None,
) -> list[WeekCounts]:
    """Sessions, minutes and cramps per week (every session counts, stopped ones too)."""
    clauses: list[str] = []
    args: list[Any] = []
    if since is not None:
        clauses.append("day >= ?")
        args.append(since.isoformat())
    if until is not None:
        clauses.append("day <= ?")
        args.append(until.isoformat())
    cramp_where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    cramp_args = list(args)
    if routines is not None:
        clauses.append(f"routine IN ({', '.join('?' * len(routines))})")
        args.extend(routines)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    session_sql = f"SELECT day, count(*), total(seconds) FROM sessions{where} GROUP BY day"  # noqa: S608 (values are bound)
    cramp_sql = f"SELECT day, count(*) FROM cramps{cramp_where} GROUP BY day"  # noqa: S608 (values are bound)
    per_day = {
        stored_day(day): (count, seconds) for day, count, seconds in db.execute(session_sql, args)
    }
    cramp_days = {stored_day(day): count for day, count in db.execute(cramp_sql, cramp_args)}
    return fold_weeks(per_day, cramp_days, first=since, last=until)


def cramp_count(db: sqlite3.Connection, now: dt.datetime, *, days: int) -> int:
    """How many cramps started in the ``days`` days up to ``now``."""
    now = aware(now, "now")
    row = db.execute(
        "SELECT count(*) FROM cramps WHERE started_ms > ? AND started_ms <= ?",
        (epoch_ms(now - dt.timedelta(days=days)), epoch_ms(now)),
    ).fetchone()
    count: int = row[0]
    return count
