"""What the history page and `stretchapp history` show: the overview, as text, as JSON."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

from stretchapp.core.durations import format_clock
from stretchapp.core.stats import FREQUENT_CRAMPS, FREQUENT_DAYS, streaks, this_week
from stretchapp.core.wording import printable
from stretchapp.history.records import CrampRecord, Overview, SessionRecord, aware

if TYPE_CHECKING:
    from stretchapp.history.store import HistoryStore

FREQUENT_NOTICE = "Frequent cramps are a reason to see a doctor."


def overview(
    store: HistoryStore,
    now: dt.datetime,
    *,
    routines: Collection[str] | None,
    recent: int,
    threshold: int = FREQUENT_CRAMPS,
) -> Overview:
    """Everything the history view shows first, read from the store in one go."""
    now = aware(now, "now")
    today = now.date()
    days = store.days_done(routines)
    weeks = store.weekly(until=today)
    count = store.cramp_count(now)
    return Overview(
        today=today,
        days=days,
        streaks=streaks(days, today),
        weeks=tuple(weeks),
        this_week=this_week(weeks, today),
        recent_sessions=tuple(store.sessions(limit=recent)),
        recent_cramps=tuple(store.cramps(limit=recent)),
        recent_cramp_count=count,
        frequent_cramps=count > threshold,
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _length(seconds: float) -> str:
    # a length already past: to the nearest second
    return format_clock(seconds, rounding="nearest")


def overview_text(overview: Overview) -> str:
    """The overview as readable text: what ``stretchapp history`` prints."""
    sessions, cramps = overview.recent_sessions, overview.recent_cramps
    if not sessions and not cramps:
        return "No sessions or cramps recorded yet.\n"
    streak, week = overview.streaks, overview.this_week
    out = io.StringIO()
    out.write(
        f"Streak: {_plural(streak.current, 'day')} (longest {_plural(streak.longest, 'day')})\n"
    )
    out.write(
        f"This week: {_plural(week.sessions, 'session')},"
        f" {round(week.minutes)} min, {_plural(week.cramps, 'cramp')}\n"
    )
    if overview.frequent_cramps:
        out.write(
            f"{_plural(overview.recent_cramp_count, 'cramp')} in the last {FREQUENT_DAYS} days."
            f" {FREQUENT_NOTICE}\n"
        )
    if sessions:
        out.write("\nRecent sessions\n")
        width = max(len(printable(s.routine)) for s in sessions)
        for s in sessions:
            state = "did not end" if s.status == "unfinished" else s.status
            if s.status in ("partial", "skipped") and s.work_done is not None:
                planned = s.work_done + (s.work_skipped or 0.0)
                state += f" ({_length(s.work_done)} of {_length(planned)} of work done)"
            if s.interrupted_by_cramp:
                state += ", cramp"
            out.write(
                f"  {s.started:%Y-%m-%d %H:%M}  {printable(s.routine):<{width}}"
                f"  {_length(s.seconds):>7}  {state}\n"
            )
    if cramps:
        out.write("\nRecent cramps\n")
        width = max(len(printable(c.muscle)) for c in cramps)
        for c in cramps:
            line = f"  {c.started:%Y-%m-%d %H:%M}  {printable(c.muscle):<{width}}"
            line += f"  {_length(c.seconds) if c.seconds is not None else '-':>7}"
            if c.pain is not None:
                line += f"  pain {c.pain}"
            if c.note:
                line += f"  {printable(json.dumps(c.note, ensure_ascii=False))}"
            out.write(line + "\n")
    return out.getvalue()


def history_json(
    sessions: Iterable[SessionRecord], cramps: Iterable[CrampRecord]
) -> dict[str, list[dict[str, Any]]]:
    """``stretchapp history --json``: the sessions and cramps, in the order given."""
    return {"sessions": [s.as_json() for s in sessions], "cramps": [c.as_json() for c in cramps]}
