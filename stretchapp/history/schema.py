"""The history file: opened, its tables migrated to this version, written in transactions."""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from stretchapp.history.records import HistoryError, StoredValueError

P = ParamSpec("P")
R = TypeVar("R")

SCHEMA_VERSION = 3

# Each entry takes the file from the version before it to its own number (index + 1).
# A shipped entry is never edited: a change is a new entry.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
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
    (  # 3: how a session ended, and its seconds of work done and skipped (unknown before)
        "ALTER TABLE sessions ADD COLUMN status TEXT CHECK (status IS NULL OR status IN"
        " ('completed', 'partial', 'skipped', 'stopped', 'unfinished'))",
        "ALTER TABLE sessions ADD COLUMN work_done REAL"
        " CHECK (work_done IS NULL OR work_done >= 0)",
        "ALTER TABLE sessions ADD COLUMN work_skipped REAL"
        " CHECK (work_skipped IS NULL OR work_skipped >= 0)",
        "UPDATE sessions SET status = CASE WHEN ended IS NULL THEN 'unfinished'"
        " WHEN completed = 1 THEN 'completed' ELSE 'stopped' END",
    ),
)
assert len(MIGRATIONS) == SCHEMA_VERSION


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """The history file opened: created, in WAL mode, migrated to SCHEMA_VERSION.

    HistoryError, naming the file, when it cannot be opened or used; a file from a newer
    version is refused and left as it is.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Transactions are explicit (BEGIN IMMEDIATE ... COMMIT in transaction()).
        db = sqlite3.connect(path, isolation_level=None, timeout=timeout)
    except (OSError, sqlite3.Error) as error:
        raise HistoryError(f"{path}: cannot open the history: {error}") from error
    try:
        _set_up(db, path)
    except sqlite3.Error as error:
        db.close()
        raise failure(path, error, "cannot use the history") from error
    except HistoryError:
        db.close()
        raise
    return db


@contextmanager
def transaction(
    db: sqlite3.Connection, path: Path, doing: str = "save to the history"
) -> Iterator[sqlite3.Cursor]:
    """One write transaction, committed at the end of the block and rolled back on an error.

    A file locked by another program for longer than the timeout, a full disk or an I/O
    error give HistoryError saying what could not be done (``doing``).
    """
    cur = db.cursor()
    try:
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")
    except sqlite3.IntegrityError:  # a caller's mistake (an id that is not there), not the file's
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    except sqlite3.DatabaseError as error:
        # The caller shows the message; the row was not written.
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise failure(path, error, f"could not {doing}") from error
    finally:
        cur.close()


# SQLite's primary result codes that mean the file itself is broken, not busy or full
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_SCHEMA}
_DAMAGE_WORDS = ("malformed", "no such table", "no such column", "not a database")


def _disk_full(path: Path) -> bool:
    """Whether the history's disk has no room left (a "disk I/O error" may mean that)."""
    try:
        found = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs (Windows) or no folder: cannot tell
        return False
    return found.f_bavail == 0


def failure(path: Path, error: Exception, doing: str) -> HistoryError:
    """The HistoryError for an SQLite error (or a row that is not a row) while ``doing``.

    A full disk is said as such, as SQLite says "disk I/O error" for it at times; a file
    that is damaged (broken pages, a dropped table, a value that is not what was written)
    gives an error marked ``damaged``.
    """
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    text = str(error)
    if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and _disk_full(path)):
        return HistoryError(f"{path}: {doing}: the disk is full ({text})")
    damaged = (
        code in _DAMAGED
        or isinstance(error, StoredValueError)
        or any(word in text for word in _DAMAGE_WORDS)
    )
    if damaged:
        text = f"the history file is damaged ({text})"
    return HistoryError(f"{path}: {doing}: {text}", damaged=damaged)


def guarded(method: Callable[P, R]) -> Callable[P, R]:
    """A store method whose SQLite errors and unreadable rows become HistoryError."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.IntegrityError:
            raise  # the caller's mistake, as transaction() says
        except (sqlite3.DatabaseError, StoredValueError) as error:
            path = getattr(args[0], "path", Path("history"))
            raise failure(path, error, "could not read the history") from error

    return call


def _set_up(db: sqlite3.Connection, path: Path) -> None:
    # Each migration is its own transaction: a failing one leaves the file at the version
    # before it.
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"{path}: written by a newer stretchapp (schema {version};"
            f" this one knows up to {SCHEMA_VERSION}); the file was left as it is"
        )
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    while version < SCHEMA_VERSION:
        with transaction(db, path, f"upgrade the history to schema {version + 1}") as cur:
            # Re-read inside the lock: another process may have migrated meanwhile.
            version = cur.execute("PRAGMA user_version").fetchone()[0]
            if version >= SCHEMA_VERSION:
                break
            for statement in MIGRATIONS[version]:
                cur.execute(statement)
            version += 1
            cur.execute(f"PRAGMA user_version = {version:d}")
