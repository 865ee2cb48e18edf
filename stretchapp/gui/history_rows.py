"""What a row of the history list says: lengths, and how a session went in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stretchapp.core.durations import format_clock

if TYPE_CHECKING:  # the history package (SQLite, CSV) loads with its first use
    from stretchapp.history import SessionRecord

# a session's status in words, in the order of the page's result filter
RESULTS = {
    "completed": "completed",
    "partial": "partial",
    "skipped": "skipped",
    "stopped": "stopped",
    "unfinished": "did not end",
}


def clock_text(seconds: float | None) -> str:
    """ "4:05", "1:02:03" or "-"."""
    if seconds is None:
        return "-"
    return format_clock(seconds, rounding="nearest")


def session_result(s: SessionRecord) -> str:
    """How it went in words ("completed", "partial, 1:25 of 3:00", "skipped", "stopped",
    "did not end"), not colour alone; and whether a cramp came in between."""
    text = RESULTS.get(s.status, s.status)
    if s.status == "partial" and s.work_done is not None:
        planned = s.work_done + (s.work_skipped or 0.0)
        text += f", {clock_text(s.work_done)} of {clock_text(planned)}"  # of the work
    return text + (", cramp" if s.interrupted_by_cramp else "")
