"""The history: sessions, cramp episodes and reminders in one SQLite file.

Where things are:

- ``records``: the rows as values (SessionRecord, CrampRecord, ...), the errors, stored times
- ``schema``: the file opened, its tables and migrations, write transactions
- ``rows``: SQL the store's methods share (natural-key inserts, filters)
- ``location``: where the file lives, and a damaged one moved aside
- ``store``: HistoryStore, what the program reads and writes through
- ``tallies``: the counting queries (days done, weeks, recent cramps) the store runs
- ``csvio``: sessions.csv and cramps.csv written out and read back in
- ``report``: the overview the history page and ``stretchapp history`` show, as text and JSON
- ``recorder``: HistoryRecorder, a running session's events written as rows
- ``writer``: HistoryWriter, the thread that writes them off the session's timing path

The statistics themselves (streaks, weeks, cramps in the last days) are pure and live in
``stretchapp.core.stats``. Callers import from here: ``from stretchapp.history import ...``.
"""

from stretchapp.core.stats import (
    FREQUENT_CRAMPS,
    FREQUENT_DAYS,
    Streaks,
    WeekCounts,
    cramps_within,
    fold_weeks,
    frequent_cramps,
    streaks,
    week_of,
)
from stretchapp.history.csvio import CRAMP_COLUMNS, CRAMPS_CSV, SESSION_COLUMNS, SESSIONS_CSV
from stretchapp.history.location import FILE_NAME, default_path, move_aside
from stretchapp.history.recorder import HistoryRecorder
from stretchapp.history.records import (
    CrampRecord,
    CsvError,
    HistoryError,
    ImportResult,
    Overview,
    ReminderAction,
    ReminderRecord,
    SessionRecord,
)
from stretchapp.history.report import FREQUENT_NOTICE, overview_text
from stretchapp.history.rows import Deleted
from stretchapp.history.schema import SCHEMA_VERSION
from stretchapp.history.store import RECENT, HistoryStore
from stretchapp.history.writer import HistoryWriter, QueuedRecorder

__all__ = [
    "CRAMPS_CSV",
    "CRAMP_COLUMNS",
    "FILE_NAME",
    "FREQUENT_CRAMPS",
    "FREQUENT_DAYS",
    "FREQUENT_NOTICE",
    "RECENT",
    "SCHEMA_VERSION",
    "SESSIONS_CSV",
    "SESSION_COLUMNS",
    "CrampRecord",
    "CsvError",
    "Deleted",
    "HistoryError",
    "HistoryRecorder",
    "HistoryStore",
    "HistoryWriter",
    "ImportResult",
    "Overview",
    "QueuedRecorder",
    "ReminderAction",
    "ReminderRecord",
    "SessionRecord",
    "Streaks",
    "WeekCounts",
    "cramps_within",
    "default_path",
    "fold_weeks",
    "frequent_cramps",
    "move_aside",
    "overview_text",
    "streaks",
    "week_of",
]
