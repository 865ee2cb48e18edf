"""The history database: sessions, cramp episodes and reminders in one SQLite file."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from stretchapp.core.session import PhaseEnded, SessionEnded, SessionStarted
from stretchapp.files import atomic_write

if TYPE_CHECKING:
    from collections.abc import Callable

    from stretchapp.core.session import Event
    from stretchapp.core.timeline import Timeline

FILE_NAME = "history.sqlite3"
SCHEMA_VERSION = 2
FREQUENT_CRAMPS = 3  # more than this many cramps in FREQUENT_DAYS: a reason to see a doctor
FREQUENT_DAYS = 7
RECENT = 200  # rows of the list the history view shows first
FREQUENT_NOTICE = "Frequent cramps are a reason to see a doctor."
SESSIONS_CSV = "sessions.csv"
CRAMPS_CSV = "cramps.csv"
SESSION_COLUMNS = (
    "routine",
    "started",
    "ended",
    "completed",
    "steps_done",
    "seconds",
    "interrupted_by_cramp",
)
CRAMP_COLUMNS = ("muscle", "started", "seconds", "steps_done", "pain", "note")

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MS = dt.timedelta(milliseconds=1)

# Each entry takes the file from the version before it to its own number (index + 1).
# A shipped entry is never edited: a change is a new entry.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: sessions and cramps
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            routine TEXT NOT NULL,
            started TEXT NOT NULL,
            started_ms INTEGER NOT NULL,
            day TEXT NOT NULL,
            ended TEXT,
            completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
            steps_done INTEGER NOT NULL DEFAULT 0 CHECK (steps_done >= 0),
            seconds REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0),
            interrupted_by_cramp INTEGER NOT NULL DEFAULT 0 CHECK (interrupted_by_cramp IN (0, 1)),
            UNIQUE (routine, started_ms)
        )""",
        "CREATE INDEX sessions_started ON sessions (started_ms)",
        "CREATE INDEX sessions_day ON sessions (day)",
        """CREATE TABLE cramps (
            id INTEGER PRIMARY KEY,
            muscle TEXT NOT NULL,
            started TEXT NOT NULL,
            started_ms INTEGER NOT NULL,
            day TEXT NOT NULL,
            seconds REAL CHECK (seconds IS NULL OR seconds >= 0),
            steps_done INTEGER NOT NULL DEFAULT 0 CHECK (steps_done >= 0),
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (muscle, started_ms)
        )""",
        "CREATE INDEX cramps_started ON cramps (started_ms)",
    ),
    (  # 2: pain and the relief session of a cramp; reminders shown and acted on
        "ALTER TABLE cramps ADD COLUMN pain INTEGER CHECK (pain IS NULL OR pain BETWEEN 0 AND 10)",
        "ALTER TABLE cramps ADD COLUMN session_id INTEGER"
        " REFERENCES sessions (id) ON DELETE SET NULL",
        "CREATE INDEX cramps_session ON cramps (session_id)",
        """CREATE TABLE reminders (
            id INTEGER PRIMARY KEY,
            due TEXT NOT NULL,
            shown TEXT NOT NULL,
            shown_ms INTEGER NOT NULL,
            late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
            action TEXT CHECK (action IN ('started', 'snoozed', 'paused', 'dismissed')),
            acted TEXT,
            session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL
        )""",
        "CREATE INDEX reminders_shown ON reminders (shown_ms)",
        "CREATE INDEX reminders_session ON reminders (session_id)",
    ),
)
assert len(_MIGRATIONS) == SCHEMA_VERSION


class HistoryError(Exception):
    """The history file cannot be used; the message names the file and says why."""


class CsvError(ValueError):
    """A CSV file to import has problems; nothing was imported."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


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

    def as_json(self) -> dict[str, Any]:
        """The session as in ``history --json``."""
        return {
            "id": self.id,
            "routine": self.routine,
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat() if self.ended else None,
            "completed": self.completed,
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


def default_path() -> Path:
    """Where the history lives: <data dir>/history.sqlite3."""
    from stretchapp import paths  # noqa: PLC0415 (only callers without a path need it)

    return paths.data_dir() / FILE_NAME


# --- pure helpers ---------------------------------------------------------------------------


def streaks(days: Iterable[dt.date], today: dt.date) -> Streaks:
    """Current and longest runs of consecutive days in ``days`` (local dates)."""
    done = set(days)
    longest = 0
    for day in done:
        if day - dt.timedelta(days=1) in done:
            continue  # not the first day of a run
        length = 1
        while day + dt.timedelta(days=length) in done:
            length += 1
        longest = max(longest, length)
    end = today if today in done else today - dt.timedelta(days=1)
    current = 0
    while end - dt.timedelta(days=current) in done:
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
        week += dt.timedelta(days=7)
    return weeks


def cramps_within(
    started: Iterable[dt.datetime], now: dt.datetime, *, days: int = FREQUENT_DAYS
) -> int:
    """How many of these cramp starts fall in the ``days`` days up to ``now``."""
    # In UTC: aware datetimes sharing one tzinfo compare by wall time, wrong across a change.
    end = now.astimezone(dt.UTC)
    since = end - dt.timedelta(days=days)
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


def _aware(when: dt.datetime, name: str) -> dt.datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with a UTC offset), got {when!r}")
    # Milliseconds are plenty for a diary, and keep the stored text short.
    return when.replace(microsecond=when.microsecond // 1000 * 1000)


def _iso(when: dt.datetime) -> str:
    return when.isoformat(timespec="milliseconds" if when.microsecond else "seconds")


def _ms(when: dt.datetime) -> int:
    return (when - _EPOCH) // _MS


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _fmt_seconds(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


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
        width = max(len(s.routine) for s in sessions)
        for s in sessions:
            if s.completed:
                state = "completed"
            elif s.ended is None:
                state = "did not end"
            else:
                state = "stopped"
            if s.interrupted_by_cramp:
                state += ", cramp"
            out.write(
                f"  {s.started:%Y-%m-%d %H:%M}  {s.routine:<{width}}"
                f"  {_fmt_seconds(s.seconds):>7}  {state}\n"
            )
    if cramps:
        out.write("\nRecent cramps\n")
        width = max(len(c.muscle) for c in cramps)
        for c in cramps:
            line = f"  {c.started:%Y-%m-%d %H:%M}  {c.muscle:<{width}}"
            line += f"  {_fmt_seconds(c.seconds) if c.seconds is not None else '-':>7}"
            if c.pain is not None:
                line += f"  pain {c.pain}"
            if c.note:
                line += f"  {json.dumps(c.note, ensure_ascii=False)}"
            out.write(line + "\n")
    return out.getvalue()


# --- the store ------------------------------------------------------------------------------


class HistoryStore:
    """The history database, opened (and created or migrated) on construction.

    Every write is its own short transaction, committed before the method returns,
    so a hard kill loses nothing a method already wrote. The file is in WAL mode with
    ``synchronous=NORMAL``: a commit costs no fsync (only the occasional checkpoint
    does), survives the program being killed, and on a power cut at worst the last
    commits are lost, never the file. Writes are cheap enough for the GUI thread
    (packaging/bench/bench_history.py measures them).
    One store belongs to the thread that opened it. ``timeout``: seconds to wait for
    another program's write to finish before a write fails with HistoryError.
    """

    def __init__(self, path: Path | str | None = None, *, timeout: float = 5.0) -> None:
        self.path = Path(path) if path is not None else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Transactions are explicit (BEGIN IMMEDIATE ... COMMIT in _write).
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=timeout)
        except (OSError, sqlite3.Error) as error:
            raise HistoryError(f"{self.path}: cannot open the history: {error}") from error
        try:
            self._setup()
        except sqlite3.Error as error:
            self._db.close()
            raise HistoryError(f"{self.path}: cannot use the history: {error}") from error
        except HistoryError:
            self._db.close()
            raise

    def _setup(self) -> None:
        db = self._db
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"{self.path}: written by a newer stretchapp (schema {version};"
                f" this one knows up to {SCHEMA_VERSION}); the file was left as it is"
            )
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        while version < SCHEMA_VERSION:
            with self._write(f"upgrade the history to schema {version + 1}") as cur:
                # Re-read inside the lock: another process may have migrated meanwhile.
                version = cur.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    break
                for statement in _MIGRATIONS[version]:
                    cur.execute(statement)
                version += 1
                cur.execute(f"PRAGMA user_version = {version:d}")

    @contextmanager
    def _write(self, doing: str = "save to the history") -> Iterator[sqlite3.Cursor]:
        cur = self._db.cursor()
        try:
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")
        except sqlite3.OperationalError as error:
            # Locked by another program for longer than the timeout, disk full, I/O error:
            # the caller shows the message; the row was not written.
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise HistoryError(f"{self.path}: could not {doing}: {error}") from error
        finally:
            cur.close()

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The file's schema version (PRAGMA user_version)."""
        version: int = self._db.execute("PRAGMA user_version").fetchone()[0]
        return version

    # --- sessions -------------------------------------------------------------------------

    def start_session(self, routine: str, started: dt.datetime) -> int:
        """Record that a session started; returns its id. A kill later still leaves this row."""
        started = _aware(started, "started")
        with self._write() as cur:
            cur.execute(
                "INSERT INTO sessions (routine, started, started_ms, day) VALUES (?, ?, ?, ?)",
                (routine, _iso(started), _ms(started), started.date().isoformat()),
            )
            return _rowid(cur)

    def update_session(self, session_id: int, *, steps_done: int, seconds: float) -> None:
        """Record progress of a running session (say at each step's end)."""
        with self._write() as cur:
            cur.execute(
                "UPDATE sessions SET steps_done = ?, seconds = ? WHERE id = ?",
                (steps_done, float(seconds), session_id),
            )
            _one_row(cur, "session", session_id)

    def end_session(
        self,
        session_id: int,
        ended: dt.datetime,
        *,
        completed: bool,
        steps_done: int,
        seconds: float,
        interrupted_by_cramp: bool = False,
    ) -> None:
        """Record how a session ended: completed (every step ran) or stopped."""
        ended = _aware(ended, "ended")
        with self._write() as cur:
            cur.execute(
                "UPDATE sessions SET ended = ?, completed = ?, steps_done = ?, seconds = ?,"
                " interrupted_by_cramp = ? WHERE id = ?",
                (
                    _iso(ended),
                    int(completed),
                    steps_done,
                    float(seconds),
                    int(interrupted_by_cramp),
                    session_id,
                ),
            )
            _one_row(cur, "session", session_id)

    def mark_interrupted(self, session_id: int) -> None:
        """Record that a cramp interrupted a session (it may still resume and end later)."""
        with self._write() as cur:
            cur.execute("UPDATE sessions SET interrupted_by_cramp = 1 WHERE id = ?", (session_id,))
            _one_row(cur, "session", session_id)

    def record_session(
        self,
        routine: str,
        started: dt.datetime,
        ended: dt.datetime | None,
        *,
        completed: bool,
        steps_done: int,
        seconds: float,
        interrupted_by_cramp: bool = False,
    ) -> int | None:
        """Record a whole session at once; None when one with this routine and start exists."""
        with self._write() as cur:
            return _insert_session(
                cur,
                _NewSession(
                    routine,
                    _aware(started, "started"),
                    None if ended is None else _aware(ended, "ended"),
                    completed,
                    steps_done,
                    float(seconds),
                    interrupted_by_cramp,
                ),
            )

    def sessions(
        self,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        routine: str | Collection[str] | None = None,
        limit: int | None = None,
        newest_first: bool = True,
    ) -> list[SessionRecord]:
        """Sessions that started in [since, until), of these routines, at most ``limit``."""
        where, args = _filters(since, until, "routine", routine)
        sql = (
            "SELECT id, routine, started, ended, completed, steps_done, seconds,"  # noqa: S608 (values are bound)
            f" interrupted_by_cramp FROM sessions{where}"
            f" ORDER BY started_ms {'DESC' if newest_first else 'ASC'}, id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [
            SessionRecord(
                id=row[0],
                routine=row[1],
                started=_parse(row[2]),
                ended=None if row[3] is None else _parse(row[3]),
                completed=bool(row[4]),
                steps_done=row[5],
                seconds=row[6],
                interrupted_by_cramp=bool(row[7]),
            )
            for row in self._db.execute(sql, args)
        ]

    # --- cramps ---------------------------------------------------------------------------

    def start_cramp(
        self, muscle: str, started: dt.datetime, *, session_id: int | None = None
    ) -> int:
        """Record that a cramp began; ``session_id``: its relief session. Returns its id."""
        started = _aware(started, "started")
        with self._write() as cur:
            cur.execute(
                "INSERT INTO cramps (muscle, started, started_ms, day, session_id)"
                " VALUES (?, ?, ?, ?, ?)",
                (muscle, _iso(started), _ms(started), started.date().isoformat(), session_id),
            )
            return _rowid(cur)

    def end_cramp(
        self,
        cramp_id: int,
        *,
        seconds: float,
        steps_done: int,
        pain: int | None = None,
        note: str = "",
    ) -> None:
        """Record how long a cramp lasted (until the user said it eased, or the relief ended)."""
        _check_pain(pain)
        with self._write() as cur:
            cur.execute(
                "UPDATE cramps SET seconds = ?, steps_done = ?, pain = ?, note = ? WHERE id = ?",
                (float(seconds), steps_done, pain, note, cramp_id),
            )
            _one_row(cur, "cramp", cramp_id)

    def annotate_cramp(self, cramp_id: int, *, pain: int | None, note: str) -> None:
        """Set a cramp's pain (0 to 10, or None) and note, say from the diary later."""
        _check_pain(pain)
        with self._write() as cur:
            cur.execute("UPDATE cramps SET pain = ?, note = ? WHERE id = ?", (pain, note, cramp_id))
            _one_row(cur, "cramp", cramp_id)

    def record_cramp(
        self,
        muscle: str,
        started: dt.datetime,
        *,
        seconds: float | None,
        steps_done: int = 0,
        pain: int | None = None,
        note: str = "",
        session_id: int | None = None,
    ) -> int | None:
        """Record a whole cramp at once; None when one with this muscle and start exists."""
        _check_pain(pain)
        with self._write() as cur:
            return _insert_cramp(
                cur,
                _NewCramp(
                    muscle,
                    _aware(started, "started"),
                    None if seconds is None else float(seconds),
                    steps_done,
                    pain,
                    note,
                    session_id,
                ),
            )

    def cramps(
        self,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        muscle: str | Collection[str] | None = None,
        limit: int | None = None,
        newest_first: bool = True,
    ) -> list[CrampRecord]:
        """Cramps that started in [since, until), in these muscles, at most ``limit``."""
        where, args = _filters(since, until, "muscle", muscle)
        sql = (
            "SELECT id, muscle, started, seconds, steps_done, pain, note, session_id"  # noqa: S608 (values are bound)
            f" FROM cramps{where} ORDER BY started_ms {'DESC' if newest_first else 'ASC'}, id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [
            CrampRecord(
                id=row[0],
                muscle=row[1],
                started=_parse(row[2]),
                seconds=row[3],
                steps_done=row[4],
                pain=row[5],
                note=row[6],
                session_id=row[7],
            )
            for row in self._db.execute(sql, args)
        ]

    # --- reminders ------------------------------------------------------------------------

    def reminder_shown(self, due: dt.datetime, shown: dt.datetime, *, late: bool = False) -> int:
        """Record that a reminder (due at ``due``) was shown; returns its id."""
        due, shown = _aware(due, "due"), _aware(shown, "shown")
        with self._write() as cur:
            cur.execute(
                "INSERT INTO reminders (due, shown, shown_ms, late) VALUES (?, ?, ?, ?)",
                (_iso(due), _iso(shown), _ms(shown), int(late)),
            )
            return _rowid(cur)

    def reminder_acted(
        self,
        reminder_id: int,
        action: ReminderAction,
        at: dt.datetime,
        *,
        session_id: int | None = None,
    ) -> None:
        """Record what the user did with a shown reminder (``session_id``: what it started)."""
        at = _aware(at, "at")
        with self._write() as cur:
            cur.execute(
                "UPDATE reminders SET action = ?, acted = ?, session_id = ? WHERE id = ?",
                (ReminderAction(action).value, _iso(at), session_id, reminder_id),
            )
            _one_row(cur, "reminder", reminder_id)

    def reminders(
        self,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: int | None = None,
    ) -> list[ReminderRecord]:
        """Reminders shown in [since, until), newest first."""
        where, args = _filters(since, until, "", None, column="shown_ms")
        sql = (
            "SELECT id, due, shown, late, action, acted, session_id FROM reminders"  # noqa: S608 (values are bound)
            f"{where} ORDER BY shown_ms DESC, id DESC"
        )
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [
            ReminderRecord(
                id=row[0],
                due=_parse(row[1]),
                shown=_parse(row[2]),
                late=bool(row[3]),
                action=None if row[4] is None else ReminderAction(row[4]),
                acted=None if row[5] is None else _parse(row[5]),
                session_id=row[6],
            )
            for row in self._db.execute(sql, args)
        ]

    # --- what the history view and `stretchapp history` show -------------------------------

    def days_done(
        self, routines: Collection[str] | None = None, *, since: dt.date | None = None
    ) -> dict[dt.date, int]:
        """Completed sessions per local day (of these routines): the heat map."""
        clauses: list[str] = ["completed = 1"]
        args: list[Any] = []
        if routines is not None:
            clauses.append(f"routine IN ({', '.join('?' * len(routines))})")
            args.extend(routines)
        if since is not None:
            clauses.append("day >= ?")
            args.append(since.isoformat())
        sql = f"SELECT day, count(*) FROM sessions WHERE {' AND '.join(clauses)} GROUP BY day"  # noqa: S608 (values are bound)
        return {dt.date.fromisoformat(day): count for day, count in self._db.execute(sql, args)}

    def streaks(self, today: dt.date, routines: Collection[str] | None = None) -> Streaks:
        """Current and longest streak of days with a completed session of these routines."""
        return streaks(self.days_done(routines), today)

    def weekly(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        routines: Collection[str] | None = None,
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
            dt.date.fromisoformat(day): (count, seconds)
            for day, count, seconds in self._db.execute(session_sql, args)
        }
        cramp_days = {
            dt.date.fromisoformat(day): count
            for day, count in self._db.execute(cramp_sql, cramp_args)
        }
        return fold_weeks(per_day, cramp_days, first=since, last=until)

    def cramp_count(self, now: dt.datetime, *, days: int = FREQUENT_DAYS) -> int:
        """How many cramps started in the ``days`` days up to ``now``."""
        now = _aware(now, "now")
        row = self._db.execute(
            "SELECT count(*) FROM cramps WHERE started_ms > ? AND started_ms <= ?",
            (_ms(now - dt.timedelta(days=days)), _ms(now)),
        ).fetchone()
        count: int = row[0]
        return count

    def frequent_cramps(
        self, now: dt.datetime, *, threshold: int = FREQUENT_CRAMPS, days: int = FREQUENT_DAYS
    ) -> bool:
        """Whether more than ``threshold`` cramps started in the ``days`` days up to ``now``."""
        return self.cramp_count(now, days=days) > threshold

    def as_json(
        self, *, since: dt.datetime | None = None, until: dt.datetime | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """``stretchapp history --json``: every session and cramp, oldest first."""
        return {
            "sessions": [
                s.as_json() for s in self.sessions(since=since, until=until, newest_first=False)
            ],
            "cramps": [
                c.as_json() for c in self.cramps(since=since, until=until, newest_first=False)
            ],
        }

    def overview(
        self,
        now: dt.datetime,
        *,
        routines: Collection[str] | None = None,
        recent: int = RECENT,
        threshold: int = FREQUENT_CRAMPS,
    ) -> Overview:
        """Everything the history view shows first, read in one go.

        ``routines`` are the daily routines whose days make the heat map and the streaks
        (None: any routine); the weeks count every session.
        """
        now = _aware(now, "now")
        today = now.date()
        days = self.days_done(routines)
        weeks = self.weekly(until=today)
        this_week = weeks[-1] if weeks else WeekCounts(week_of(today), 0, 0.0, 0)
        count = self.cramp_count(now)
        return Overview(
            today=today,
            days=days,
            streaks=streaks(days, today),
            weeks=tuple(weeks),
            this_week=this_week,
            recent_sessions=tuple(self.sessions(limit=recent)),
            recent_cramps=tuple(self.cramps(limit=recent)),
            recent_cramp_count=count,
            frequent_cramps=count > threshold,
        )

    def history_text(
        self,
        now: dt.datetime,
        *,
        routines: Collection[str] | None = None,
        limit: int = 10,
        threshold: int = FREQUENT_CRAMPS,
    ) -> str:
        """``stretchapp history``: streaks, this week, a frequent-cramps notice, recent rows.

        ``routines`` are the daily routines whose days make the streak (None: any routine).
        """
        return overview_text(
            self.overview(now, routines=routines, recent=limit, threshold=threshold)
        )

    # --- CSV ------------------------------------------------------------------------------

    def export_csv(self, directory: Path) -> tuple[Path, Path]:
        """Write sessions.csv and cramps.csv into ``directory``, each atomically."""
        directory.mkdir(parents=True, exist_ok=True)
        sessions = [
            (
                s.routine,
                _iso(s.started),
                "" if s.ended is None else _iso(s.ended),
                "true" if s.completed else "false",
                s.steps_done,
                f"{s.seconds:g}",
                "true" if s.interrupted_by_cramp else "false",
            )
            for s in self.sessions(newest_first=False)
        ]
        cramps = [
            (
                c.muscle,
                _iso(c.started),
                "" if c.seconds is None else f"{c.seconds:g}",
                c.steps_done,
                "" if c.pain is None else c.pain,
                c.note,
            )
            for c in self.cramps(newest_first=False)
        ]
        sessions_path = directory / SESSIONS_CSV
        cramps_path = directory / CRAMPS_CSV
        _write_csv(sessions_path, SESSION_COLUMNS, sessions)
        _write_csv(cramps_path, CRAMP_COLUMNS, cramps)
        return sessions_path, cramps_path

    def import_csv(self, *files: Path) -> ImportResult:
        """Import sessions.csv / cramps.csv files (or a directory holding them).

        Which kind a file is comes from its header. Rows already in the history (same
        routine and start, or same muscle and start) are skipped, so importing twice
        adds nothing. Every problem in every file is collected first; if there is any,
        a CsvError lists them all as ``file:line:column: column: message`` and nothing
        is imported.
        """
        paths: list[Path] = []
        for file in files:
            if file.is_dir():
                found = [file / n for n in (SESSIONS_CSV, CRAMPS_CSV) if (file / n).exists()]
                if not found:
                    raise CsvError([f"{file}: no {SESSIONS_CSV} or {CRAMPS_CSV} in this folder"])
                paths.extend(found)
            else:
                paths.append(file)
        problems: list[str] = []
        session_rows: list[_NewSession] = []
        cramp_rows: list[_NewCramp] = []
        for path in paths:
            _read_csv(path, problems, session_rows, cramp_rows)
        if problems:
            raise CsvError(problems)
        added = [0, 0]
        with self._write() as cur:
            for new_session in session_rows:
                added[0] += _insert_session(cur, new_session) is not None
            for new_cramp in cramp_rows:
                added[1] += _insert_cramp(cur, new_cramp) is not None
        return ImportResult(
            sessions_added=added[0],
            sessions_skipped=len(session_rows) - added[0],
            cramps_added=added[1],
            cramps_skipped=len(cramp_rows) - added[1],
        )


# --- store helpers --------------------------------------------------------------------------


class _NewSession(NamedTuple):
    routine: str
    started: dt.datetime
    ended: dt.datetime | None
    completed: bool
    steps_done: int
    seconds: float
    interrupted_by_cramp: bool


class _NewCramp(NamedTuple):
    muscle: str
    started: dt.datetime
    seconds: float | None
    steps_done: int
    pain: int | None
    note: str
    session_id: int | None


def _insert_session(cur: sqlite3.Cursor, new: _NewSession) -> int | None:
    cur.execute(
        "INSERT INTO sessions (routine, started, started_ms, day, ended, completed,"
        " steps_done, seconds, interrupted_by_cramp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (routine, started_ms) DO NOTHING",
        (
            new.routine,
            _iso(new.started),
            _ms(new.started),
            new.started.date().isoformat(),
            None if new.ended is None else _iso(new.ended),
            int(new.completed),
            new.steps_done,
            new.seconds,
            int(new.interrupted_by_cramp),
        ),
    )
    return _rowid(cur) if cur.rowcount == 1 else None


def _insert_cramp(cur: sqlite3.Cursor, new: _NewCramp) -> int | None:
    cur.execute(
        "INSERT INTO cramps (muscle, started, started_ms, day, seconds, steps_done, pain,"
        " note, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (muscle, started_ms) DO NOTHING",
        (
            new.muscle,
            _iso(new.started),
            _ms(new.started),
            new.started.date().isoformat(),
            new.seconds,
            new.steps_done,
            new.pain,
            new.note,
            new.session_id,
        ),
    )
    return _rowid(cur) if cur.rowcount == 1 else None


def _rowid(cur: sqlite3.Cursor) -> int:
    rowid = cur.lastrowid
    if rowid is None:  # pragma: no cover (an INSERT that succeeded always sets it)
        raise HistoryError("the database gave no id for a new row")
    return rowid


def _one_row(cur: sqlite3.Cursor, what: str, row_id: int) -> None:
    if cur.rowcount != 1:
        raise KeyError(f"no {what} with id {row_id} in the history")


def _check_pain(pain: int | None) -> None:
    if pain is not None and (
        isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10
    ):
        raise ValueError(f"pain must be a whole number 0 to 10, got {pain!r}")


def _filters(
    since: dt.datetime | None,
    until: dt.datetime | None,
    name: str,
    values: str | Collection[str] | None,
    *,
    column: str = "started_ms",
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if since is not None:
        clauses.append(f"{column} >= ?")
        args.append(_ms(_aware(since, "since")))
    if until is not None:
        clauses.append(f"{column} < ?")
        args.append(_ms(_aware(until, "until")))
    if values is not None:
        wanted = [values] if isinstance(values, str) else list(values)
        clauses.append(f"{name} IN ({', '.join('?' * len(wanted))})")
        args.extend(wanted)
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), args


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    import csv  # noqa: PLC0415 (export and import only)

    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    # 0o600 as exports have always been: a health diary is for its owner's eyes
    atomic_write(path, out.getvalue(), mode=0o600)


_TRUE = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False, "": False}


class _RowReader:
    """Reads one CSV row's cells, collecting a problem per bad cell."""

    def __init__(
        self, path: Path, line: int, header: Sequence[str], row: Mapping[str, str | None]
    ) -> None:
        self.path, self.line, self.header, self.row = path, line, header, row
        self.problems: list[str] = []

    def _bad(self, column: str, message: str) -> None:
        col = self.header.index(column) + 1 if column in self.header else 1
        self.problems.append(f"{self.path}:{self.line}:{col}: {column}: {message}")

    def text(self, column: str, *, required: bool = True) -> str:
        value = (self.row.get(column) or "").strip()
        if required and not value:
            self._bad(column, "must not be empty")
        return value

    def when(self, column: str, *, required: bool = True) -> dt.datetime | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            parsed = _parse(value)
        except ValueError:
            self._bad(column, f"must be an ISO 8601 time, got {value!r}")
            return None
        if parsed.utcoffset() is None:
            self._bad(column, f"must have a UTC offset (like +01:00), got {value!r}")
            return None
        return _aware(parsed, column)

    def flag(self, column: str) -> bool:
        value = self.text(column, required=False).lower()
        if value not in _TRUE:
            self._bad(column, f"must be true or false, got {value!r}")
            return False
        return _TRUE[value]

    def number(self, column: str, *, integer: bool = False, top: float | None = None) -> Any:
        value = self.text(column, required=False)
        if not value:
            return None
        try:
            number: float = int(value) if integer else float(value)
        except ValueError:
            number = -1.0
        if not (0 <= number < math.inf) or (top is not None and number > top):
            kind = "a whole number" if integer else "a number"
            limit = f" 0 to {top:g}" if top is not None else " >= 0"
            self._bad(column, f"must be {kind}{limit}, got {value!r}")
            return None
        return number


def _read_csv(
    path: Path,
    problems: list[str],
    session_rows: list[_NewSession],
    cramp_rows: list[_NewCramp],
) -> None:
    try:
        # utf-8-sig: spreadsheets often save a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path}: cannot read: {error}")
        return
    import csv  # noqa: PLC0415 (export and import only)

    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or ()]
    reader.fieldnames = header
    if "routine" in header:
        kind, wanted = "sessions", ("routine", "started")
    elif "muscle" in header:
        kind, wanted = "cramps", ("muscle", "started")
    else:
        problems.append(
            f"{path}:1:1: header: must name the columns of {SESSIONS_CSV}"
            f" ({', '.join(SESSION_COLUMNS)}) or {CRAMPS_CSV} ({', '.join(CRAMP_COLUMNS)})"
        )
        return
    for column in wanted:
        if column not in header:
            problems.append(f"{path}:1:1: header: the column {column!r} is missing")
    if any(column not in header for column in wanted):
        return
    for row in reader:
        cells = _RowReader(path, reader.line_num, header, row)
        started = cells.when("started")
        if kind == "sessions":
            routine = cells.text("routine")
            ended = cells.when("ended", required=False)
            completed = cells.flag("completed")
            steps = cells.number("steps_done", integer=True)
            seconds = cells.number("seconds")
            interrupted = cells.flag("interrupted_by_cramp")
            if not cells.problems and started is not None:
                session_rows.append(
                    _NewSession(
                        routine, started, ended, completed, steps or 0, seconds or 0.0, interrupted
                    )
                )
        else:
            muscle = cells.text("muscle")
            seconds = cells.number("seconds")
            steps = cells.number("steps_done", integer=True)
            pain = cells.number("pain", integer=True, top=10)
            note = row.get("note") or ""
            if not cells.problems and started is not None:
                cramp_rows.append(_NewCramp(muscle, started, seconds, steps or 0, pain, note, None))
        problems.extend(cells.problems)


# --- recording sessions as they run -------------------------------------------------------


class HistoryRecorder:
    """Records the session (and, for relief, the cramp) in the history as it goes.

    The start is written at once, so a killed run still leaves its row; a failing
    database is said once and never stops the session.
    """

    def __init__(
        self,
        store: Any,
        timeline: Timeline,
        *,
        muscle: str | None,
        notify: Callable[[str], None],
    ) -> None:
        self._store = store
        self._timeline = timeline
        self._muscle = muscle
        self._notify = notify
        self._session_id: int | None = None
        self._cramp_id: int | None = None
        self._started: dt.datetime | None = None
        self._steps: set[int] = set()
        self._failed = False

    @property
    def session_id(self) -> int | None:
        """The session's row, once started."""
        return self._session_id

    @property
    def cramp_id(self) -> int | None:
        """The cramp's row (relief sessions), once started."""
        return self._cramp_id

    def write(self, event: Event) -> None:
        """Record what the event changes."""
        if self._failed:
            return
        try:
            self._record(event)
        except (HistoryError, OSError, ValueError) as error:
            self._failed = True
            self._notify(f"this session is not saved in the history: {error}")

    def _record(self, event: Event) -> None:
        if isinstance(event, SessionStarted):
            if event.wall is not None:
                wall = event.wall
            else:
                import time  # noqa: PLC0415  (only a session started without a wall time)

                wall = time.time()
            self._started = dt.datetime.fromtimestamp(wall).astimezone()
            self._session_id = self._store.start_session(event.routine, self._started)
            if self._muscle is not None:
                self._cramp_id = self._store.start_cramp(
                    self._muscle, self._started, session_id=self._session_id
                )
        elif isinstance(event, PhaseEnded) and not event.skipped:
            phase = self._timeline.phases[event.index]
            if phase.is_work and phase.step is not None:
                self._steps.add(phase.step)
        elif isinstance(event, SessionEnded) and self._started is not None:
            ended = self._started + dt.timedelta(seconds=event.t)
            if self._session_id is not None:
                self._store.end_session(
                    self._session_id,
                    ended,
                    completed=event.completed,
                    steps_done=len(self._steps),
                    seconds=event.t,
                )
            if self._cramp_id is not None:
                self._store.end_cramp(self._cramp_id, seconds=event.t, steps_done=len(self._steps))
