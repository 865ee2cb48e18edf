"""The history's rows as values, its errors, and how its times are stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from stretchapp.core.stats import Streaks, WeekCounts

if TYPE_CHECKING:
    from stretchapp.core.loader import Problem

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MS = dt.timedelta(milliseconds=1)


class HistoryError(Exception):
    """The history file cannot be used; the message names the file and says why.

    ``damaged``: the file itself is broken (not a lock or a full disk), so moving it aside
    and starting afresh is what can help.
    """

    def __init__(self, message: str, *, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


class StoredValueError(ValueError):
    """A value read back from the history file is not what the program wrote there."""


class CsvError(ValueError):
    """A CSV file to import has problems; nothing was imported.

    ``found`` holds the problems as the loader's Problem (file, line, column, column name,
    message); ``problems`` holds them as printed, ``file:line:column: column: message``.
    """

    def __init__(self, found: Sequence[Problem]) -> None:
        self.found = tuple(found)
        self.problems = tuple(str(problem) for problem in self.found)
        super().__init__("\n".join(self.problems))


class ReminderAction(StrEnum):
    """What the user did with a reminder."""

    STARTED = "started"
    SNOOZED = "snoozed"
    PAUSED = "paused"  # paused reminders for the rest of the day
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One routine session; ``ended`` is None when it never ended (the program was killed)."""

    id: int
    routine: str
    started: dt.datetime
    ended: dt.datetime | None
    completed: bool
    steps_done: int
    seconds: float
    interrupted_by_cramp: bool
    status: str = "completed"  # completed, partial, skipped, stopped or unfinished
    work_done: float | None = None  # seconds of work done; None: not known (older rows)
    work_skipped: float | None = None  # seconds of work skipped past

    def as_json(self) -> dict[str, Any]:
        """The session as in ``history --json``."""
        return {
            "id": self.id,
            "routine": self.routine,
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat() if self.ended else None,
            "completed": self.completed,
            "status": self.status,
            "work_done": self.work_done,
            "work_skipped": self.work_skipped,
            "seconds": self.seconds,
            "steps_done": self.steps_done,
            "interrupted_by_cramp": self.interrupted_by_cramp,
        }


@dataclass(frozen=True, slots=True)
class CrampRecord:
    """One cramp episode; ``seconds`` is None while (or if) it never ended."""

    id: int
    muscle: str
    started: dt.datetime
    seconds: float | None
    steps_done: int
    pain: int | None
    note: str
    session_id: int | None

    def as_json(self) -> dict[str, Any]:
        """The cramp as in ``history --json``."""
        return {
            "id": self.id,
            "muscle": self.muscle,
            "started": self.started.isoformat(),
            "seconds": self.seconds,
            "note": self.note,
            "pain": self.pain,
            "steps_done": self.steps_done,
            "session_id": self.session_id,
        }


@dataclass(frozen=True, slots=True)
class ReminderRecord:
    """One reminder shown, and what the user did with it (None: nothing yet)."""

    id: int
    due: dt.datetime
    shown: dt.datetime
    late: bool
    action: ReminderAction | None
    acted: dt.datetime | None
    session_id: int | None


@dataclass(frozen=True, slots=True)
class ImportResult:
    """How many rows an import added, and how many were already there."""

    sessions_added: int = 0
    sessions_skipped: int = 0
    cramps_added: int = 0
    cramps_skipped: int = 0


@dataclass(frozen=True, slots=True)
class Overview:
    """What the history view shows first: heat map, streaks, weeks, recent rows, a notice."""

    today: dt.date
    days: Mapping[dt.date, int]  # completed daily-routine sessions per local day
    streaks: Streaks
    weeks: tuple[WeekCounts, ...]  # every week from the first record to this one
    this_week: WeekCounts
    recent_sessions: tuple[SessionRecord, ...]  # newest first
    recent_cramps: tuple[CrampRecord, ...]  # newest first
    recent_cramp_count: int  # in the FREQUENT_DAYS days up to now
    frequent_cramps: bool  # more than the threshold: say, once, that it is worth a doctor's visit


class NewSession(NamedTuple):
    """A whole session to insert (from a CSV file, or recorded at once)."""

    routine: str
    started: dt.datetime
    ended: dt.datetime | None
    completed: bool
    steps_done: int
    seconds: float
    interrupted_by_cramp: bool


class NewCramp(NamedTuple):
    """A whole cramp to insert (from a CSV file, or recorded at once)."""

    muscle: str
    started: dt.datetime
    seconds: float | None
    steps_done: int
    pain: int | None
    note: str
    session_id: int | None


# How times are stored: ISO 8601 text with the user's offset, beside milliseconds since
# the epoch that order and filter by the instant.


def aware(when: dt.datetime, name: str) -> dt.datetime:
    """``when`` to the millisecond; ValueError naming ``name`` when it has no UTC offset."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with a UTC offset), got {when!r}")
    # Milliseconds are plenty for a diary, and keep the stored text short.
    return when.replace(microsecond=when.microsecond // 1000 * 1000)


def iso(when: dt.datetime) -> str:
    """The stored text of a time: seconds, or milliseconds when it has any."""
    return when.isoformat(timespec="milliseconds" if when.microsecond else "seconds")


def epoch_ms(when: dt.datetime) -> int:
    """Milliseconds since the epoch: the stored key that orders and filters by the instant."""
    return (when - _EPOCH) // _MS


def parse_time(text: str) -> dt.datetime:
    """A stored (or imported) ISO 8601 time; ValueError when it is not one."""
    return dt.datetime.fromisoformat(text)


SANE_YEARS = range(1970, 3000)  # stored times outside these overflow the statistics' arithmetic


def stored_time(text: object) -> dt.datetime:
    """A time read back from the file: StoredValueError when it is not a sane one."""
    try:
        when = parse_time(text) if isinstance(text, str) else None
    except ValueError:
        when = None
    if when is None or when.utcoffset() is None or when.year not in SANE_YEARS:
        raise StoredValueError(f"a stored time is not a time: {text!r}")
    return when


def stored_day(text: object) -> dt.date:
    """A local date read back from the file: StoredValueError when it is not a sane one."""
    try:
        day = dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        day = None
    if day is None or day.year not in SANE_YEARS:
        raise StoredValueError(f"a stored day is not a date: {text!r}")
    return day
