"""The history store: sessions, cramp episodes and reminders in one SQLite file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from stretchapp.core.stats import FREQUENT_CRAMPS, FREQUENT_DAYS, Streaks, WeekCounts, streaks
from stretchapp.history import csvio, report, rows, schema, tallies
from stretchapp.history.location import FILE_NAME, default_path, move_aside
from stretchapp.history.records import (
    CrampRecord,
    ImportResult,
    NewCramp,
    NewSession,
    Overview,
    ReminderAction,
    ReminderRecord,
    SessionRecord,
    aware,
    epoch_ms,
    iso,
    stored_time,
)

RECENT = 200  # rows of the list the history view shows first
# where the file lives is location.py's; importing it from here still works
__all__ = ["FILE_NAME", "RECENT", "HistoryStore", "default_path", "move_aside"]


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
        self._db = schema.connect(self.path, timeout)

    def _write(self, doing: str = "save to the history") -> AbstractContextManager[sqlite3.Cursor]:
        return schema.transaction(self._db, self.path, doing)

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    @schema.guarded
    def schema_version(self) -> int:
        """The file's schema version (PRAGMA user_version)."""
        version: int = self._db.execute("PRAGMA user_version").fetchone()[0]
        return version

    # --- sessions -------------------------------------------------------------------------

    @schema.guarded
    def start_session(self, routine: str, started: dt.datetime) -> int:
        """Record that a session started; returns its id. A kill later still leaves this row."""
        started = aware(started, "started")
        with self._write() as cur:
            cur.execute(
                "INSERT INTO sessions (routine, started, started_ms, day) VALUES (?, ?, ?, ?)",
                (routine, iso(started), epoch_ms(started), started.date().isoformat()),
            )
            return rows.rowid(cur)

    @schema.guarded
    def update_session(self, session_id: int, *, steps_done: int, seconds: float) -> None:
        """Record progress of a running session (say at each step's end)."""
        with self._write() as cur:
            cur.execute(
                "UPDATE sessions SET steps_done = ?, seconds = ? WHERE id = ?",
                (steps_done, float(seconds), session_id),
            )
            rows.one_row(cur, "session", session_id)

    @schema.guarded
    def end_session(
        self,
        session_id: int,
        ended: dt.datetime,
        *,
        completed: bool,
        steps_done: int,
        seconds: float,
        interrupted_by_cramp: bool = False,
        status: str | None = None,
        work: tuple[float, float] | None = None,
    ) -> None:
        """Record how a session ended; ``status`` (default: completed or stopped) and
        ``work``, the seconds of work done and skipped. Only "completed" counts as done."""
        ended = aware(ended, "ended")
        status = status or ("completed" if completed else "stopped")
        done, skipped = work if work is not None else (None, None)
        with self._write() as cur:
            cur.execute(
                "UPDATE sessions SET ended = ?, completed = ?, steps_done = ?, seconds = ?,"
                " interrupted_by_cramp = ?, status = ?, work_done = ?, work_skipped = ?"
                " WHERE id = ?",
                (
                    iso(ended),
                    int(completed and status == "completed"),
                    steps_done,
                    float(seconds),
                    int(interrupted_by_cramp),
                    status,
                    done,
                    skipped,
                    session_id,
                ),
            )
            rows.one_row(cur, "session", session_id)

    @schema.guarded
    def mark_interrupted(self, session_id: int) -> None:
        """Record that a cramp interrupted a session (it may still resume and end later)."""
        with self._write() as cur:
            cur.execute("UPDATE sessions SET interrupted_by_cramp = 1 WHERE id = ?", (session_id,))
            rows.one_row(cur, "session", session_id)

    @schema.guarded
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
            return rows.insert_session(
                cur,
                NewSession(
                    routine,
                    aware(started, "started"),
                    None if ended is None else aware(ended, "ended"),
                    completed,
                    steps_done,
                    float(seconds),
                    interrupted_by_cramp,
                ),
            )

    @schema.guarded
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
        where, args = rows.filters(since, until, "routine", routine)
        sql = (
            "SELECT id, routine, started, ended, completed, steps_done, seconds,"  # noqa: S608 (values are bound)
            f" interrupted_by_cramp, {rows.STATUS}, work_done, work_skipped FROM sessions{where}"
            f" ORDER BY started_ms {'DESC' if newest_first else 'ASC'}, id"
        )
        return [
            SessionRecord(
                id=row[0],
                routine=row[1],
                started=stored_time(row[2]),
                ended=None if row[3] is None else stored_time(row[3]),
                completed=bool(row[4]),
                steps_done=row[5],
                seconds=row[6],
                interrupted_by_cramp=bool(row[7]),
                status=row[8],
                work_done=row[9],
                work_skipped=row[10],
            )
            for row in rows.select(self._db, sql, args, limit)
        ]

    # --- cramps ---------------------------------------------------------------------------

    @schema.guarded
    def start_cramp(
        self, muscle: str, started: dt.datetime, *, session_id: int | None = None
    ) -> int:
        """Record that a cramp began; ``session_id``: its relief session. Returns its id."""
        started = aware(started, "started")
        with self._write() as cur:
            cur.execute(
                "INSERT INTO cramps (muscle, started, started_ms, day, session_id)"
                " VALUES (?, ?, ?, ?, ?)",
                (muscle, iso(started), epoch_ms(started), started.date().isoformat(), session_id),
            )
            return rows.rowid(cur)

    @schema.guarded
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
        rows.check_pain(pain)
        with self._write() as cur:
            cur.execute(
                "UPDATE cramps SET seconds = ?, steps_done = ?, pain = ?, note = ? WHERE id = ?",
                (float(seconds), steps_done, pain, note, cramp_id),
            )
            rows.one_row(cur, "cramp", cramp_id)

    @schema.guarded
    def annotate_cramp(self, cramp_id: int, *, pain: int | None, note: str) -> None:
        """Set a cramp's pain (0 to 10, or None) and note, say from the diary later."""
        rows.check_pain(pain)
        with self._write() as cur:
            cur.execute("UPDATE cramps SET pain = ?, note = ? WHERE id = ?", (pain, note, cramp_id))
            rows.one_row(cur, "cramp", cramp_id)

    @schema.guarded
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
        rows.check_pain(pain)
        with self._write() as cur:
            return rows.insert_cramp(
                cur,
                NewCramp(
                    muscle,
                    aware(started, "started"),
                    None if seconds is None else float(seconds),
                    steps_done,
                    pain,
                    note,
                    session_id,
                ),
            )

    @schema.guarded
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
        where, args = rows.filters(since, until, "muscle", muscle)
        sql = (
            "SELECT id, muscle, started, seconds, steps_done, pain, note, session_id"  # noqa: S608 (values are bound)
            f" FROM cramps{where} ORDER BY started_ms {'DESC' if newest_first else 'ASC'}, id"
        )
        return [
            CrampRecord(
                id=row[0],
                muscle=row[1],
                started=stored_time(row[2]),
                seconds=row[3],
                steps_done=row[4],
                pain=row[5],
                note=row[6],
                session_id=row[7],
            )
            for row in rows.select(self._db, sql, args, limit)
        ]

    # --- deleting, with undo -------------------------------------------------------------

    def delete_session(self, session_id: int) -> rows.Deleted:
        """Delete a session (its cramps and reminders stay, unlinked); KeyError when none.

        Returns the row as it was, for ``restore``."""
        with self._write("delete from the history") as cur:
            return rows.delete(cur, "sessions", session_id)

    def delete_cramp(self, cramp_id: int) -> rows.Deleted:
        """Delete a cramp; KeyError when none. Returns the row as it was, for ``restore``."""
        with self._write("delete from the history") as cur:
            return rows.delete(cur, "cramps", cramp_id)

    def restore(self, deleted: rows.Deleted) -> int | None:
        """Put a deleted session or cramp back, same id, values and links; its id (None:
        the same entry is there again). A new id only if a newer row took the old one."""
        with self._write("restore to the history") as cur:
            return rows.restore(cur, deleted)

    # --- reminders ------------------------------------------------------------------------

    @schema.guarded
    def reminder_shown(self, due: dt.datetime, shown: dt.datetime, *, late: bool = False) -> int:
        """Record that a reminder (due at ``due``) was shown; returns its id."""
        due, shown = aware(due, "due"), aware(shown, "shown")
        with self._write() as cur:
            cur.execute(
                "INSERT INTO reminders (due, shown, shown_ms, late) VALUES (?, ?, ?, ?)",
                (iso(due), iso(shown), epoch_ms(shown), int(late)),
            )
            return rows.rowid(cur)

    @schema.guarded
    def reminder_acted(
        self,
        reminder_id: int,
        action: ReminderAction,
        at: dt.datetime,
        *,
        session_id: int | None = None,
    ) -> None:
        """Record what the user did with a shown reminder (``session_id``: what it started)."""
        at = aware(at, "at")
        with self._write() as cur:
            cur.execute(
                "UPDATE reminders SET action = ?, acted = ?, session_id = ? WHERE id = ?",
                (ReminderAction(action).value, iso(at), session_id, reminder_id),
            )
            rows.one_row(cur, "reminder", reminder_id)

    @schema.guarded
    def reminders(
        self,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: int | None = None,
    ) -> list[ReminderRecord]:
        """Reminders shown in [since, until), newest first."""
        where, args = rows.filters(since, until, "", None, column="shown_ms")
        sql = (
            "SELECT id, due, shown, late, action, acted, session_id FROM reminders"  # noqa: S608 (values are bound)
            f"{where} ORDER BY shown_ms DESC, id DESC"
        )
        return [
            ReminderRecord(
                id=row[0],
                due=stored_time(row[1]),
                shown=stored_time(row[2]),
                late=bool(row[3]),
                action=None if row[4] is None else ReminderAction(row[4]),
                acted=None if row[5] is None else stored_time(row[5]),
                session_id=row[6],
            )
            for row in rows.select(self._db, sql, args, limit)
        ]

    # --- what the history view and `stretchapp history` show -------------------------------

    @schema.guarded
    def days_done(
        self, routines: Collection[str] | None = None, *, since: dt.date | None = None
    ) -> dict[dt.date, int]:
        """Completed sessions per local day (of these routines): the heat map."""
        return tallies.days_done(self._db, routines, since=since)

    @schema.guarded
    def streaks(self, today: dt.date, routines: Collection[str] | None = None) -> Streaks:
        """Current and longest streak of days with a completed session of these routines."""
        return streaks(self.days_done(routines), today)

    @schema.guarded
    def weekly(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        routines: Collection[str] | None = None,
    ) -> list[WeekCounts]:
        """Sessions, minutes and cramps per week (every session counts, stopped ones too)."""
        return tallies.weekly(self._db, since=since, until=until, routines=routines)

    @schema.guarded
    def cramp_count(self, now: dt.datetime, *, days: int = FREQUENT_DAYS) -> int:
        """How many cramps started in the ``days`` days up to ``now``."""
        return tallies.cramp_count(self._db, now, days=days)

    @schema.guarded
    def frequent_cramps(
        self, now: dt.datetime, *, threshold: int = FREQUENT_CRAMPS, days: int = FREQUENT_DAYS
    ) -> bool:
        """Whether more than ``threshold`` cramps started in the ``days`` days up to ``now``."""
        return self.cramp_count(now, days=days) > threshold

    @schema.guarded
    def as_json(
        self, *, since: dt.datetime | None = None, until: dt.datetime | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """``stretchapp history --json``: every session and cramp, oldest first."""
        return report.history_json(
            self.sessions(since=since, until=until, newest_first=False),
            self.cramps(since=since, until=until, newest_first=False),
        )

    @schema.guarded
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
        return report.overview(self, now, routines=routines, recent=recent, threshold=threshold)

    @schema.guarded
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
        return report.overview_text(
            self.overview(now, routines=routines, recent=limit, threshold=threshold)
        )

    # --- CSV ------------------------------------------------------------------------------

    @schema.guarded
    def export_csv(self, directory: Path) -> tuple[Path, Path]:
        """Write sessions.csv and cramps.csv into ``directory``, each atomically."""
        return csvio.export_csv(
            directory, self.sessions(newest_first=False), self.cramps(newest_first=False)
        )

    @schema.guarded
    def import_csv(self, *files: Path) -> ImportResult:
        """Import sessions.csv / cramps.csv files (or a directory holding them).

        Which kind a file is comes from its header. Rows already in the history (same
        routine and start, or same muscle and start) are skipped, so importing twice
        adds nothing. Every problem in every file is collected first; if there is any,
        a CsvError lists them all as ``file:line:column: column: message`` and nothing
        is imported.
        """
        return self.import_rows(*csvio.read_csv(*files))

    @schema.guarded
    def import_rows(
        self, session_rows: Sequence[NewSession], cramp_rows: Sequence[NewCramp]
    ) -> ImportResult:
        """Import rows read by csvio.read_csv (on another thread, say), in one transaction."""
        added = [0, 0]
        with self._write() as cur:
            for new_session in session_rows:
                added[0] += rows.insert_session(cur, new_session) is not None
            for new_cramp in cramp_rows:
                added[1] += rows.insert_cramp(cur, new_cramp) is not None
        return ImportResult(
            sessions_added=added[0],
            sessions_skipped=len(session_rows) - added[0],
            cramps_added=added[1],
            cramps_skipped=len(cramp_rows) - added[1],
        )
